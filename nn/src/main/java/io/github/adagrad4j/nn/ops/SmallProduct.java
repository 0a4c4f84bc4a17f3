package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.optim.Simd;

/**
 * {@code c[m, n] (+)= a[m, k] · bt[k, n]}, row-major, for products too small for a BLAS call to
 * pay: a recurrent layer's step on a few rows. Through netlib's JNI a product costs about 0.9 µs
 * however small it is (1 row x 32 x 96), and a served GRU makes 200 of them per pass. Each element
 * is one chain of fused multiply-adds in {@code k} order, on Vector API lanes
 * ({@code SimdProduct}, when {@link Simd#available()}) or in scalar code alike, so the result does
 * not depend on the JVM's vector support.
 *
 * <pre>{@code
 * float[] bt = SmallProduct.transpose(w, n, k, Workspace.scratch(k * n));   // w [n, k] -> bt [k, n]
 * SmallProduct.multiply(m, n, k, a, 0, bt, c, 0, false);                     // c = a · w^T
 * }</pre>
 */
final class SmallProduct {
    /** Multiply-adds up to which a product is worth doing here rather than in BLAS (16 rows of a 32-wide GRU). */
    static final long MAX_MACS = 1L << 16;
    private static final boolean SIMD = Simd.available();

    private SmallProduct() {
    }

    /** Whether an {@code m x n x k} product goes here. */
    static boolean small(int m, int n, int k) {
        return (long) m * n * k <= MAX_MACS;
    }

    /** {@code w [n, k]} transposed into {@code into [k, n]}. */
    static float[] transpose(float[] w, int n, int k, float[] into) {
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                into[p * n + j] = w[j * k + p];
            }
        }
        return into;
    }

    /**
     * Row {@code i} of {@code c} (from {@code offC}, stride {@code n}) becomes row {@code i} of
     * {@code a} (from {@code offA}, stride {@code k}) times {@code bt}, added to what {@code c} held
     * when {@code accumulate}.
     */
    static void multiply(int m, int n, int k, float[] a, int offA, float[] bt, float[] c, int offC,
            boolean accumulate) {
        int from = SIMD ? SimdProduct.multiply(m, n, k, a, offA, bt, c, offC, accumulate) : 0;
        for (int i = 0; i < m; i++) {
            int ai = offA + i * k;
            int ci = offC + i * n;
            for (int j = from; j < n; j++) {
                float s = accumulate ? c[ci + j] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p], bt[p * n + j], s);
                }
                c[ci + j] = s;
            }
        }
    }
}
