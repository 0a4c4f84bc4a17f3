package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.optim.Simd;

/**
 * One row of one time step of a recurrent cell: the gate nonlinearities and the state update,
 * from the two pre-activation products ({@code xp}: input projection with {@code b_ih};
 * {@code hh}: recurrent product with {@code b_hh}) to the activations kept for backward and the
 * new state. The Vector API version ({@code SimdGates}) runs when {@link Simd#available()}, the
 * scalar one here otherwise; both compute exp, sigmoid and tanh with the same float operations in
 * the same order, so they agree bit for bit ({@code GatesTest}).
 *
 * <pre>{@code
 * Gates.lstm(xp, xo, hh, ho, acts, ao, cells, hp, hq, tanhC, to, states, hq, hidden);
 * }</pre>
 */
final class Gates {
    static final boolean SIMD = Simd.available();

    private Gates() {
    }

    /** Gates {@code (i, f, g, o)} into {@code acts}, the new cell, its tanh and the new state. */
    static void lstm(float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] cells, int cPrev, int cNext,
            float[] tanhC, int to, float[] states, int hNext, int h) {
        lstm(SIMD ? SimdGates.lstm(xp, xo, hh, ho, acts, ao, cells, cPrev, cNext, tanhC, to, states, hNext, h) : 0,
                xp, xo, hh, ho, acts, ao, cells, cPrev, cNext, tanhC, to, states, hNext, h);
    }

    /** The scalar loop from element {@code from} on: the tail after the vectors, or all of it. */
    static void lstm(int from, float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] cells, int cPrev,
            int cNext, float[] tanhC, int to, float[] states, int hNext, int h) {
        for (int j = from; j < h; j++) {
            float i = sigmoid(xp[xo + j] + hh[ho + j]);
            float f = sigmoid(xp[xo + h + j] + hh[ho + h + j]);
            float gg = tanh(xp[xo + 2 * h + j] + hh[ho + 2 * h + j]);
            float o = sigmoid(xp[xo + 3 * h + j] + hh[ho + 3 * h + j]);
            float c = f * cells[cPrev + j] + i * gg;
            float tc = tanh(c);
            acts[ao + j] = i;
            acts[ao + h + j] = f;
            acts[ao + 2 * h + j] = gg;
            acts[ao + 3 * h + j] = o;
            cells[cNext + j] = c;
            tanhC[to + j] = tc;
            states[hNext + j] = o * tc;
        }
    }

    /**
     * Gates {@code (r, z, n)} into {@code acts}, the recurrent part of n ({@code W_hn h + b_hn})
     * into {@code hn} for backward, and the new state {@code (1 - z) n + z h}.
     */
    static void gru(float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] hn, int no, float[] states,
            int hPrev, int hNext, int h) {
        gru(SIMD ? SimdGates.gru(xp, xo, hh, ho, acts, ao, hn, no, states, hPrev, hNext, h) : 0, xp, xo, hh, ho,
                acts, ao, hn, no, states, hPrev, hNext, h);
    }

    /** The scalar loop from element {@code from} on: the tail after the vectors, or all of it. */
    static void gru(int from, float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] hn, int no,
            float[] states, int hPrev, int hNext, int h) {
        for (int j = from; j < h; j++) {
            float r = sigmoid(xp[xo + j] + hh[ho + j]);
            float z = sigmoid(xp[xo + h + j] + hh[ho + h + j]);
            float hnl = hh[ho + 2 * h + j];
            float n = tanh(xp[xo + 2 * h + j] + r * hnl);
            acts[ao + j] = r;
            acts[ao + h + j] = z;
            acts[ao + 2 * h + j] = n;
            hn[no + j] = hnl;
            states[hNext + j] = (1 - z) * n + z * states[hPrev + j];
        }
    }

    /** The Elman cell: tanh or ReLU of the sum, into {@code acts} and the new state. */
    static void rnn(boolean relu, float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] states,
            int hNext, int h) {
        rnn(SIMD && !relu ? SimdGates.rnnTanh(xp, xo, hh, ho, acts, ao, states, hNext, h) : 0, relu, xp, xo, hh, ho,
                acts, ao, states, hNext, h);
    }

    /** The scalar loop from element {@code from} on: the tail after the vectors, or all of it. */
    static void rnn(int from, boolean relu, float[] xp, int xo, float[] hh, int ho, float[] acts, int ao,
            float[] states, int hNext, int h) {
        for (int j = from; j < h; j++) {
            float a = xp[xo + j] + hh[ho + j];
            float v = relu ? Math.max(a, 0f) : tanh(a);
            acts[ao + j] = v;
            states[hNext + j] = v;
        }
    }

    /**
     * Backward of {@link #lstm} for one row: the state's gradient {@code dh} (from the next step)
     * plus this step's output gradient, and the cell's {@code dc}, to the four pre-activation
     * gradients in {@code dhh} (those of {@code W_hh x} and {@code W_ih x} alike); {@code dc}
     * becomes the previous cell's gradient.
     */
    static void lstmBackward(float[] acts, int ao, float[] tanhC, int to, float[] cells, int cPrev, float[] dh, int hr,
            float[] dout, int dOut, float[] dc, float[] dhh, int ho, int h) {
        lstmBackward(SIMD ? SimdGates.lstmBackward(acts, ao, tanhC, to, cells, cPrev, dh, hr, dout, dOut, dc, dhh,
                ho, h) : 0, acts, ao, tanhC, to, cells, cPrev, dh, hr, dout, dOut, dc, dhh, ho, h);
    }

    /** The scalar loop from element {@code from} on: the tail after the vectors, or all of it. */
    static void lstmBackward(int from, float[] acts, int ao, float[] tanhC, int to, float[] cells, int cPrev,
            float[] dh, int hr, float[] dout, int dOut, float[] dc, float[] dhh, int ho, int h) {
        for (int j = from; j < h; j++) {
            float i = acts[ao + j];
            float f = acts[ao + h + j];
            float gg = acts[ao + 2 * h + j];
            float o = acts[ao + 3 * h + j];
            float tc = tanhC[to + j];
            float dhj = dh[hr + j] + dout[dOut + j];
            float dct = dc[hr + j] + dhj * o * (1 - tc * tc);
            float dai = dct * gg * i * (1 - i);
            float daf = dct * cells[cPrev + j] * f * (1 - f);
            float dag = dct * i * (1 - gg * gg);
            float dao = dhj * tc * o * (1 - o);
            dhh[ho + j] = dai;
            dhh[ho + h + j] = daf;
            dhh[ho + 2 * h + j] = dag;
            dhh[ho + 3 * h + j] = dao;
            dc[hr + j] = dct * f;
        }
    }

    /**
     * Backward of {@link #gru} for one row, as {@link #lstmBackward}, but the input projections'
     * gradients go to {@code dxp} (their n part is not scaled by r); {@code dh} keeps the summed
     * state gradient, which the caller then carries through {@code z} to the previous state.
     */
    static void gruBackward(float[] acts, int ao, float[] hn, int no, float[] states, int hPrev, float[] dh, int hr,
            float[] dout, int dOut, float[] dhh, int ho, float[] dxp, int xo, int h) {
        gruBackward(SIMD ? SimdGates.gruBackward(acts, ao, hn, no, states, hPrev, dh, hr, dout, dOut, dhh, ho, dxp,
                xo, h) : 0, acts, ao, hn, no, states, hPrev, dh, hr, dout, dOut, dhh, ho, dxp, xo, h);
    }

    /** The scalar loop from element {@code from} on: the tail after the vectors, or all of it. */
    static void gruBackward(int from, float[] acts, int ao, float[] hn, int no, float[] states, int hPrev, float[] dh,
            int hr, float[] dout, int dOut, float[] dhh, int ho, float[] dxp, int xo, int h) {
        for (int j = from; j < h; j++) {
            float rr = acts[ao + j];
            float z = acts[ao + h + j];
            float n = acts[ao + 2 * h + j];
            float dhj = dh[hr + j] + dout[dOut + j];
            dh[hr + j] = dhj;
            float dan = dhj * (1 - z) * (1 - n * n);
            float daz = dhj * (states[hPrev + j] - n) * z * (1 - z);
            float dar = dan * hn[no + j] * rr * (1 - rr);
            dhh[ho + j] = dar;
            dhh[ho + h + j] = daz;
            dhh[ho + 2 * h + j] = dan * rr;
            dxp[xo + j] = dar;
            dxp[xo + h + j] = daz;
            dxp[xo + 2 * h + j] = dan;
        }
    }

    /** Backward of {@link #rnn} for one row. */
    static void rnnBackward(boolean relu, float[] acts, int ao, float[] dh, int hr, float[] dout, int dOut, float[] dhh,
            int ho, int h) {
        for (int j = 0; j < h; j++) {
            float v = acts[ao + j];
            float g = dh[hr + j] + dout[dOut + j];
            float da = relu ? (v > 0 ? g : 0f) : g * (1 - v * v);
            dhh[ho + j] = da;
        }
    }

    // exp on float arithmetic alone (Cephes' expf: x = n ln2 + r, |r| <= ln2/2, a degree-5
    // polynomial, about 1 ulp), written out identically here and in SimdGates: the two paths give
    // bit-identical results, and so do the interpreter and every compiler tier. The Vector API's
    // own EXP/TANH do not: before C2 compiles them they run a per-lane Java fallback whose last bit
    // differs from the SVML code after, which made training runs differ from one run to the next.
    static final float LOG2E = 1.44269504088896341f;
    static final float ROUND = 12582912f;   // 1.5 * 2^23: (t + ROUND) - ROUND rounds t to an integer
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    static final float EXP_MIN = -87.3f;
    static final float EXP_MAX = 88.7f;   // e^x overflows to infinity from about 88.38 on, as in float
    // tanh near 0 (|a| < 0.625), where 1 - 2 / (e^2a + 1) cancels: Cephes' tanhf polynomial.
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;

    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float n = (v * LOG2E + ROUND) - ROUND;
        float r = (v - n * LN2_HI) - n * LN2_LO;
        float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        p = (p * (r * r) + r) + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    static float sigmoid(float a) {
        return 1f / (1f + exp(-a));
    }

    static float tanh(float a) {
        float m = Math.abs(a);
        if (m < TANH_SMALL) {
            float z = a * a;
            return ((((T0 * z + T1) * z + T2) * z + T3) * z + T4) * z * a + a;
        }
        float t = 1f - 2f / (exp(m + m) + 1f);
        return a < 0 ? -t : t;
    }
}
