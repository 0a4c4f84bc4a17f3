package io.github.adagrad4j.nn.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gates} on the Vector API: exp, sigmoid and tanh as {@link Gates} writes them (Cephes'
 * expf and tanhf, about 1 ulp of float), lane by lane with the same operations in the same order,
 * so that both paths agree bit for bit. (The Vector API's own {@code EXP} and {@code TANH} compile
 * to SVML but run a Java fallback with other last bits until then.) Each method handles the
 * whole-vector part of a row and returns where the scalar tail starts. Loaded only when
 * {@link io.github.adagrad4j.optim.Simd#available()}.
 */
final class SimdGates {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(F, 2f);
    private static final FloatVector ZERO = FloatVector.zero(F);
    private static final FloatVector EXP_MIN = FloatVector.broadcast(F, Gates.EXP_MIN);
    private static final FloatVector EXP_MAX = FloatVector.broadcast(F, Gates.EXP_MAX);
    private static final FloatVector TANH_SMALL = FloatVector.broadcast(F, Gates.TANH_SMALL);
    // t + ROUND holds the integer n = round(t) in its low mantissa bits: its bit pattern is
    // 0x4B400000 + n, from which n + 127 (the biased exponent of 2^n) is one subtraction away.
    private static final int ROUND_BITS = Float.floatToRawIntBits(Gates.ROUND) - 127;

    private SimdGates() {
    }

    // Every method here takes and returns arrays, never vectors, and each activation is a few
    // passes over a row segment (L1-resident) rather than one loop calling vector helpers. C2
    // stops inlining once a method passes its node budget (NodeCountInliningCutoff), and a copy of
    // exp costs about a thousand nodes: an LSTM step with a helper per gate left the last ones as
    // real calls that box their vectors, and its gates ran three to four times slower. A call that
    // passes arrays costs nothing much if it is not inlined.

    /** {@code out[oo + j] = exp(in[io + j])} for {@code j < end}; {@code out} may be {@code in}. */
    private static void expInto(float[] in, int io, float[] out, int oo, int end) {
        for (int j = 0; j < end; j += F.length()) {
            FloatVector v = FloatVector.fromArray(F, in, io + j).max(EXP_MIN).min(EXP_MAX);
            FloatVector shifted = v.mul(Gates.LOG2E).add(Gates.ROUND);
            FloatVector n = shifted.sub(Gates.ROUND);
            FloatVector r = v.sub(n.mul(Gates.LN2_HI)).sub(n.mul(Gates.LN2_LO));
            FloatVector p = r.mul(Gates.P0).add(Gates.P1).mul(r).add(Gates.P2).mul(r).add(Gates.P3).mul(r)
                    .add(Gates.P4).mul(r).add(Gates.P5);
            p = p.mul(r.mul(r)).add(r).add(ONE);
            IntVector e = ((IntVector) shifted.reinterpretAsInts()).sub(ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
            p.mul(e.reinterpretAsFloats()).intoArray(out, oo + j);
        }
    }

    /** {@code out[oo + j] = x[xo + j] + y[yo + j]} for {@code j < end}. */
    private static void sum(float[] x, int xo, float[] y, int yo, float[] out, int oo, int end) {
        for (int j = 0; j < end; j += F.length()) {
            FloatVector.fromArray(F, x, xo + j).add(FloatVector.fromArray(F, y, yo + j)).intoArray(out, oo + j);
        }
    }

    /** {@code out[oo + j] = sigmoid(x[xo + j] + y[yo + j])} for {@code j < end}. */
    private static void sigmoidInto(float[] x, int xo, float[] y, int yo, float[] out, int oo, int end) {
        for (int j = 0; j < end; j += F.length()) {
            FloatVector.fromArray(F, x, xo + j).add(FloatVector.fromArray(F, y, yo + j)).neg().intoArray(out, oo + j);
        }
        expInto(out, oo, out, oo, end);
        for (int j = 0; j < end; j += F.length()) {
            ONE.div(ONE.add(FloatVector.fromArray(F, out, oo + j))).intoArray(out, oo + j);
        }
    }

    /**
     * {@code out[oo + j] = tanh(a[ao + j])} for {@code j < end}, through {@code scratch} (which may
     * be {@code out}, not {@code a}).
     */
    private static void tanhInto(float[] a, int ao, float[] scratch, int so, float[] out, int oo, int end) {
        for (int j = 0; j < end; j += F.length()) {
            FloatVector m = FloatVector.fromArray(F, a, ao + j).abs();
            m.add(m).intoArray(scratch, so + j);
        }
        expInto(scratch, so, scratch, so, end);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector x = FloatVector.fromArray(F, a, ao + j);
            FloatVector z = x.mul(x);
            FloatVector small = z.mul(Gates.T0).add(Gates.T1).mul(z).add(Gates.T2).mul(z).add(Gates.T3).mul(z)
                    .add(Gates.T4).mul(z).mul(x).add(x);
            FloatVector t = ONE.sub(TWO.div(FloatVector.fromArray(F, scratch, so + j).add(ONE)));
            FloatVector large = t.blend(t.neg(), x.lt(ZERO));
            large.blend(small, x.abs().lt(TANH_SMALL)).intoArray(out, oo + j);
        }
    }

    static int lstm(float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] cells, int cPrev, int cNext,
            float[] tanhC, int to, float[] states, int hNext, int h) {
        int end = F.loopBound(h);
        sigmoidInto(xp, xo, hh, ho, acts, ao, end);
        sigmoidInto(xp, xo + h, hh, ho + h, acts, ao + h, end);
        sum(xp, xo + 2 * h, hh, ho + 2 * h, acts, ao + 2 * h, end);
        tanhInto(acts, ao + 2 * h, tanhC, to, acts, ao + 2 * h, end);
        sigmoidInto(xp, xo + 3 * h, hh, ho + 3 * h, acts, ao + 3 * h, end);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector i = FloatVector.fromArray(F, acts, ao + j);
            FloatVector f = FloatVector.fromArray(F, acts, ao + h + j);
            FloatVector g = FloatVector.fromArray(F, acts, ao + 2 * h + j);
            f.mul(FloatVector.fromArray(F, cells, cPrev + j)).add(i.mul(g)).intoArray(cells, cNext + j);
        }
        tanhInto(cells, cNext, tanhC, to, tanhC, to, end);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector.fromArray(F, acts, ao + 3 * h + j).mul(FloatVector.fromArray(F, tanhC, to + j))
                    .intoArray(states, hNext + j);
        }
        return end;
    }

    static int gru(float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] hn, int no, float[] states,
            int hPrev, int hNext, int h) {
        int end = F.loopBound(h);
        sigmoidInto(xp, xo, hh, ho, acts, ao, end);
        sigmoidInto(xp, xo + h, hh, ho + h, acts, ao + h, end);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector r = FloatVector.fromArray(F, acts, ao + j);
            FloatVector hnl = FloatVector.fromArray(F, hh, ho + 2 * h + j);
            hnl.intoArray(hn, no + j);
            FloatVector.fromArray(F, xp, xo + 2 * h + j).add(r.mul(hnl)).intoArray(acts, ao + 2 * h + j);
        }
        // The new state's row is free until the last loop: scratch for tanh.
        tanhInto(acts, ao + 2 * h, states, hNext, acts, ao + 2 * h, end);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector z = FloatVector.fromArray(F, acts, ao + h + j);
            FloatVector n = FloatVector.fromArray(F, acts, ao + 2 * h + j);
            ONE.sub(z).mul(n).add(z.mul(FloatVector.fromArray(F, states, hPrev + j))).intoArray(states, hNext + j);
        }
        return end;
    }

    static int rnnTanh(float[] xp, int xo, float[] hh, int ho, float[] acts, int ao, float[] states, int hNext, int h) {
        int end = F.loopBound(h);
        sum(xp, xo, hh, ho, acts, ao, end);
        tanhInto(acts, ao, states, hNext, acts, ao, end);
        System.arraycopy(acts, ao, states, hNext, end);
        return end;
    }

    static int lstmBackward(float[] acts, int ao, float[] tanhC, int to, float[] cells, int cPrev, float[] dh, int hr,
            float[] dout, int dOut, float[] dc, float[] dhh, int ho, int h) {
        int end = F.loopBound(h);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector i = FloatVector.fromArray(F, acts, ao + j);
            FloatVector f = FloatVector.fromArray(F, acts, ao + h + j);
            FloatVector g = FloatVector.fromArray(F, acts, ao + 2 * h + j);
            FloatVector o = FloatVector.fromArray(F, acts, ao + 3 * h + j);
            FloatVector tc = FloatVector.fromArray(F, tanhC, to + j);
            FloatVector dhj = FloatVector.fromArray(F, dh, hr + j).add(FloatVector.fromArray(F, dout, dOut + j));
            FloatVector dct = FloatVector.fromArray(F, dc, hr + j).add(dhj.mul(o).mul(ONE.sub(tc.mul(tc))));
            FloatVector dai = dct.mul(g).mul(i).mul(ONE.sub(i));
            FloatVector daf = dct.mul(FloatVector.fromArray(F, cells, cPrev + j)).mul(f).mul(ONE.sub(f));
            FloatVector dag = dct.mul(i).mul(ONE.sub(g.mul(g)));
            FloatVector dao = dhj.mul(tc).mul(o).mul(ONE.sub(o));
            dai.intoArray(dhh, ho + j);
            daf.intoArray(dhh, ho + h + j);
            dag.intoArray(dhh, ho + 2 * h + j);
            dao.intoArray(dhh, ho + 3 * h + j);
            dct.mul(f).intoArray(dc, hr + j);
        }
        return end;
    }

    static int gruBackward(float[] acts, int ao, float[] hn, int no, float[] states, int hPrev, float[] dh, int hr,
            float[] dout, int dOut, float[] dhh, int ho, float[] dxp, int xo, int h) {
        int end = F.loopBound(h);
        for (int j = 0; j < end; j += F.length()) {
            FloatVector r = FloatVector.fromArray(F, acts, ao + j);
            FloatVector z = FloatVector.fromArray(F, acts, ao + h + j);
            FloatVector n = FloatVector.fromArray(F, acts, ao + 2 * h + j);
            FloatVector dhj = FloatVector.fromArray(F, dh, hr + j).add(FloatVector.fromArray(F, dout, dOut + j));
            dhj.intoArray(dh, hr + j);
            FloatVector dan = dhj.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
            FloatVector daz = dhj.mul(FloatVector.fromArray(F, states, hPrev + j).sub(n)).mul(z).mul(ONE.sub(z));
            FloatVector dar = dan.mul(FloatVector.fromArray(F, hn, no + j)).mul(r).mul(ONE.sub(r));
            dar.intoArray(dhh, ho + j);
            daz.intoArray(dhh, ho + h + j);
            dan.mul(r).intoArray(dhh, ho + 2 * h + j);
            dar.intoArray(dxp, xo + j);
            daz.intoArray(dxp, xo + h + j);
            dan.intoArray(dxp, xo + 2 * h + j);
        }
        return end;
    }
}
