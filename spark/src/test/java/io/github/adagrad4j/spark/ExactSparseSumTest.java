package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExactSparseSumTest {
    private static ExactSparseSum part(Random r, int dim, int width) {
        TreeSet<Integer> rows = new TreeSet<>();
        int n = 1 + r.nextInt(20);
        while (rows.size() < n) {
            rows.add(r.nextInt(dim));
        }
        double[] table = new double[dim * width];
        int[] sorted = rows.stream().mapToInt(Integer::intValue).toArray();
        for (int f : sorted) {
            for (int j = 0; j < width; j++) {
                // magnitudes from 1e-12 to 1e6, both signs: where double sums depend on their order
                table[f * width + j] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextInt(19) - 12) * r.nextDouble();
            }
        }
        return ExactSparseSum.of(width, sorted, sorted.length, table, new double[] {r.nextGaussian() * 1e8, 1e-9});
    }

    private static ExactSparseSum copy(ExactSparseSum s) {
        return ExactSparseSum.zero(s.width, s.denseHi.length).plus(s);
    }

    @Test
    void anyOrderAndGroupingOfPartsGivesTheSameBits() {
        Random r = new Random(5);
        List<ExactSparseSum> parts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            parts.add(part(r, 200, 2));
        }
        ExactSparseSum first = null;
        for (int trial = 0; trial < 20; trial++) {
            List<ExactSparseSum> order = new ArrayList<>();
            for (ExactSparseSum p : parts) {
                order.add(copy(p));
            }
            Collections.shuffle(order, new Random(trial));
            // pairwise tree of random shape
            while (order.size() > 1) {
                int i = r.nextInt(order.size() - 1);
                ExactSparseSum merged = order.get(i).plus(order.remove(i + 1));
                order.set(i, merged);
            }
            ExactSparseSum sum = order.get(0);
            if (first == null) {
                first = sum;
            } else {
                assertThat(sum.rows).isEqualTo(first.rows);
                assertThat(sum.hi).isEqualTo(first.hi);
                assertThat(sum.lo).isEqualTo(first.lo);
                assertThat(sum.denseHi).isEqualTo(first.denseHi);
                assertThat(sum.denseLo).isEqualTo(first.denseLo);
            }
        }
        assertThat(first.parts).isEqualTo(12);
    }

    @Test
    void valuesAreTheExactSumTruncatedAt2ToTheMinus64() {
        double[] xs = {1e-12, -3.5, 123456.789, -1e-20, 0.1, 7e15};
        BigDecimal exact = BigDecimal.ZERO;
        ExactSparseSum s = ExactSparseSum.zero(1, 1);
        for (double x : xs) {
            exact = exact.add(new BigDecimal(x));
            s = s.plus(ExactSparseSum.of(1, new int[0], 0, new double[0], new double[] {x}));
        }
        assertThat(s.dense(0)).isCloseTo(exact.doubleValue(), within(Math.ulp(exact.doubleValue()) * 2));
        assertThat(ExactSparseSum.toDouble(0, 1L << 63)).isEqualTo(0.5);
        assertThat(ExactSparseSum.of(1, new int[0], 0, new double[0], new double[] {-0.25}).dense(0)).isEqualTo(-0.25);
        assertThatThrownBy(() -> ExactSparseSum.of(1, new int[0], 0, new double[0], new double[] {Double.NaN}))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> ExactSparseSum.of(1, new int[0], 0, new double[0], new double[] {1e19}))
                .hasMessageContaining("too large");
    }
}
