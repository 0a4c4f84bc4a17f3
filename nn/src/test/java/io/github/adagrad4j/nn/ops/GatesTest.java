package io.github.adagrad4j.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API gate kernels against the scalar loops they stand in for (which run on a JVM
 * without the Vector API module): the same float operations in the same order, so the same bits.
 * Hidden size 37: whole vectors plus a scalar tail on 8- and 16-lane machines. And the float exp,
 * sigmoid and tanh both use, against double-precision {@code Math}.
 */
class GatesTest {
    private static final int H = 37;
    private final SplittableRandom rng = new SplittableRandom(5);

    private float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextGaussian() * scale);
        }
        return a;
    }

    private static void close(String what, float[] vector, float[] scalar) {
        assertThat(vector).as(what).containsExactly(scalar);
    }

    @Test
    void floatExpSigmoidAndTanhAreWithinAFewUlpOfDoublePrecision() {
        double worstExp = 0;
        double worstSigmoid = 0;
        double worstTanh = 0;
        for (int k = -400_000; k <= 400_000; k++) {
            float a = k * 1e-4f * (k % 7 == 0 ? 20 : 1);   // [-40, 40] coarse, [-40, 40] / 20 fine
            double e = Math.exp(a);
            if (a > -80 && a < 80) {
                worstExp = Math.max(worstExp, Math.abs(Gates.exp(a) - e) / e);
            }
            double sg = 1 / (1 + Math.exp(-(double) a));
            if (a > -80) {   // below, the true value is under float's normal range
                worstSigmoid = Math.max(worstSigmoid, Math.abs(Gates.sigmoid(a) - sg) / sg);
            }
            double th = Math.tanh(a);
            if (a != 0) {
                worstTanh = Math.max(worstTanh, Math.abs(Gates.tanh(a) - th) / Math.abs(th));
            }
        }
        // A float's ulp is 6e-8 to 1.2e-7 of its value.
        assertThat(worstExp).as("exp").isLessThan(3e-7);
        assertThat(worstSigmoid).as("sigmoid").isLessThan(3e-7);
        assertThat(worstTanh).as("tanh").isLessThan(3e-7);
        assertThat(Gates.exp(-200f)).isGreaterThanOrEqualTo(0f);
        assertThat(Gates.exp(100f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Gates.sigmoid(-200f)).isZero();
        assertThat(Gates.sigmoid(200f)).isEqualTo(1f);
        assertThat(Gates.tanh(50f)).isEqualTo(1f);
        assertThat(Gates.tanh(-50f)).isEqualTo(-1f);
        assertThat(Float.isNaN(Gates.tanh(Float.NaN))).isTrue();
    }

    @Test
    void vectorKernelsRunHere() {
        assertThat(Gates.SIMD).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
    }

    @Test
    void lstmForwardAgreesWithTheScalarLoop() {
        float[] xp = random(4 * H, 3);
        float[] hh = random(4 * H, 3);
        float[] cells = new float[2 * H];
        System.arraycopy(random(H, 1), 0, cells, 0, H);
        float[][] v = {new float[4 * H], cells.clone(), new float[H], new float[2 * H]};
        float[][] s = {new float[4 * H], cells.clone(), new float[H], new float[2 * H]};
        int done = SimdGates.lstm(xp, 0, hh, 0, v[0], 0, v[1], 0, H, v[2], 0, v[3], H, H);
        assertThat(done).isBetween(H - 16, H);
        Gates.lstm(done, xp, 0, hh, 0, v[0], 0, v[1], 0, H, v[2], 0, v[3], H, H);
        Gates.lstm(0, xp, 0, hh, 0, s[0], 0, s[1], 0, H, s[2], 0, s[3], H, H);
        close("gates", v[0], s[0]);
        close("cell", v[1], s[1]);
        close("tanh(cell)", v[2], s[2]);
        close("state", v[3], s[3]);
    }

    @Test
    void gruAndTanhRnnForwardAgreeWithTheScalarLoops() {
        float[] xp = random(3 * H, 3);
        float[] hh = random(3 * H, 3);
        float[] states = new float[2 * H];
        System.arraycopy(random(H, 1), 0, states, 0, H);
        float[][] v = {new float[3 * H], new float[H], states.clone()};
        float[][] s = {new float[3 * H], new float[H], states.clone()};
        int done = SimdGates.gru(xp, 0, hh, 0, v[0], 0, v[1], 0, v[2], 0, H, H);
        Gates.gru(done, xp, 0, hh, 0, v[0], 0, v[1], 0, v[2], 0, H, H);
        Gates.gru(0, xp, 0, hh, 0, s[0], 0, s[1], 0, s[2], 0, H, H);
        close("gru gates", v[0], s[0]);
        close("gru state", v[2], s[2]);
        float[] va = new float[H];
        float[] vs = new float[H];
        float[] sa = new float[H];
        float[] ss = new float[H];
        done = SimdGates.rnnTanh(xp, 0, hh, 0, va, 0, vs, 0, H);
        Gates.rnn(done, false, xp, 0, hh, 0, va, 0, vs, 0, H);
        Gates.rnn(0, false, xp, 0, hh, 0, sa, 0, ss, 0, H);
        close("tanh rnn", vs, ss);
    }

    @Test
    void backwardKernelsEqualTheScalarLoopsExactly() {
        float[] acts = random(4 * H, 0.5);
        float[] tanhC = random(H, 0.5);
        float[] cells = random(H, 1);
        float[] dout = random(H, 1);
        float[] dh0 = random(H, 1);
        float[] dc0 = random(H, 1);
        float[][] v = {dh0.clone(), dc0.clone(), new float[4 * H]};
        float[][] s = {dh0.clone(), dc0.clone(), new float[4 * H]};
        int done = SimdGates.lstmBackward(acts, 0, tanhC, 0, cells, 0, v[0], 0, dout, 0, v[1], v[2], 0, H);
        Gates.lstmBackward(done, acts, 0, tanhC, 0, cells, 0, v[0], 0, dout, 0, v[1], v[2], 0, H);
        Gates.lstmBackward(0, acts, 0, tanhC, 0, cells, 0, s[0], 0, dout, 0, s[1], s[2], 0, H);
        for (int k = 0; k < v.length; k++) {
            assertThat(v[k]).as("lstm backward array " + k).containsExactly(s[k]);
        }
        float[] hn = random(H, 1);
        float[][] gv = {dh0.clone(), new float[3 * H], new float[3 * H]};
        float[][] gs = {dh0.clone(), new float[3 * H], new float[3 * H]};
        done = SimdGates.gruBackward(acts, 0, hn, 0, cells, 0, gv[0], 0, dout, 0, gv[1], 0, gv[2], 0, H);
        Gates.gruBackward(done, acts, 0, hn, 0, cells, 0, gv[0], 0, dout, 0, gv[1], 0, gv[2], 0, H);
        Gates.gruBackward(0, acts, 0, hn, 0, cells, 0, gs[0], 0, dout, 0, gs[1], 0, gs[2], 0, H);
        for (int k = 0; k < gv.length; k++) {
            assertThat(gv[k]).as("gru backward array " + k).containsExactly(gs[k]);
        }
    }
}
