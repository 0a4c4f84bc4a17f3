package io.github.adagrad4j.nn.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallProduct} on the Vector API: each row's columns in blocks of four vectors held in
 * registers across the whole {@code k} loop (one broadcast, four loads and four fused
 * multiply-adds per step of {@code k}). Loaded only when {@link io.github.adagrad4j.optim.Simd#available()}.
 */
final class SimdProduct {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdProduct() {
    }

    /** The whole-vector columns of every row; returns where the scalar tail starts. */
    static int multiply(int m, int n, int k, float[] a, int offA, float[] bt, float[] c, int offC, boolean accumulate) {
        int lanes = F.length();
        int end = F.loopBound(n);
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < m; i++) {
            int ai = offA + i * k;
            int ci = offC + i * n;
            int j = 0;
            for (; j + 4 * lanes <= end; j += 4 * lanes) {
                FloatVector c0 = accumulate ? FloatVector.fromArray(F, c, ci + j) : zero;
                FloatVector c1 = accumulate ? FloatVector.fromArray(F, c, ci + j + lanes) : zero;
                FloatVector c2 = accumulate ? FloatVector.fromArray(F, c, ci + j + 2 * lanes) : zero;
                FloatVector c3 = accumulate ? FloatVector.fromArray(F, c, ci + j + 3 * lanes) : zero;
                for (int p = 0; p < k; p++) {
                    FloatVector av = FloatVector.broadcast(F, a[ai + p]);
                    int b = p * n + j;
                    c0 = av.fma(FloatVector.fromArray(F, bt, b), c0);
                    c1 = av.fma(FloatVector.fromArray(F, bt, b + lanes), c1);
                    c2 = av.fma(FloatVector.fromArray(F, bt, b + 2 * lanes), c2);
                    c3 = av.fma(FloatVector.fromArray(F, bt, b + 3 * lanes), c3);
                }
                c0.intoArray(c, ci + j);
                c1.intoArray(c, ci + j + lanes);
                c2.intoArray(c, ci + j + 2 * lanes);
                c3.intoArray(c, ci + j + 3 * lanes);
            }
            for (; j < end; j += lanes) {
                FloatVector c0 = accumulate ? FloatVector.fromArray(F, c, ci + j) : zero;
                for (int p = 0; p < k; p++) {
                    c0 = FloatVector.broadcast(F, a[ai + p]).fma(FloatVector.fromArray(F, bt, p * n + j), c0);
                }
                c0.intoArray(c, ci + j);
            }
        }
        return end;
    }
}
