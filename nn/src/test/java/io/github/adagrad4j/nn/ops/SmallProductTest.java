package io.github.adagrad4j.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The small product against its definition: every element one chain of fused multiply-adds in k
 * order, bit for bit, whatever the vector width (shapes around 1, 2 and 4 vectors of columns and
 * their tails), with and without accumulation; and within rounding of BLAS.
 */
class SmallProductTest {
    @Test
    void everyElementIsAFusedChainInKOrder() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + rng.nextInt(9);
            int n = 1 + rng.nextInt(140);
            int k = 1 + rng.nextInt(40);
            boolean accumulate = rng.nextBoolean();
            int offA = rng.nextInt(5);
            int offC = rng.nextInt(5);
            float[] a = random(rng, offA + m * k);
            float[] w = random(rng, n * k);
            float[] c = random(rng, offC + m * n);
            float[] expected = c.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = accumulate ? expected[offC + i * n + j] : 0f;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[offA + i * k + p], w[j * k + p], s);
                    }
                    expected[offC + i * n + j] = s;
                }
            }
            float[] blas = c.clone();
            Blas.gemm(false, true, m, n, k, a, offA, w, 0, blas, offC, accumulate ? 1f : 0f);
            SmallProduct.multiply(m, n, k, a, offA, SmallProduct.transpose(w, n, k, new float[k * n]), c, offC,
                    accumulate);
            assertThat(c).as("m %d n %d k %d accumulate %s", m, n, k, accumulate).isEqualTo(expected);
            for (int i = 0; i < c.length; i++) {
                assertThat((double) c[i]).isCloseTo(blas[i], org.assertj.core.data.Offset.offset(1e-4 * (1 + k)));
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}
