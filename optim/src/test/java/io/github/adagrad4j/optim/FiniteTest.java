package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The finite check on every shape of slice: it reads a scalar head up to the first aligned
 * element, four vector streams and a scalar tail, and a bad value in any of those parts, at any
 * slice start, must be found, while values outside the slice must not be looked at.
 */
class FiniteTest {
    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    /** The check this JVM runs, the portable loop, and the Vector API kernel when the JVM has it. */
    private static List<Check> checks() {
        List<Check> c = new java.util.ArrayList<>(List.of(Finite::all, Finite::sumTimesZero));
        if (Simd.AVAILABLE) {
            c.add(SimdKernels::allFinite);
        }
        return c;
    }

    private interface Check {
        boolean all(float[] a, int from, int to);
    }

    @Test
    void findsABadValueAtEveryPositionOfEverySlice() {
        for (Check check : checks()) {
            findsEveryBadValue(check);
        }
    }

    private static void findsEveryBadValue(Check check) {
        int lanes = Simd.AVAILABLE ? SimdKernels.lanes() : 8;
        float[] a = new float[12 * lanes + 7];
        java.util.Arrays.fill(a, 3.0e38f); // large but finite: x * 0 is 0, x * x would overflow
        for (int from = 0; from <= 2 * lanes + 1; from++) {
            for (int to = from; to <= a.length; to += to < from + 5 * lanes ? 1 : lanes + 3) {
                assertThat(check.all(a, from, to)).as("all finite in [%d, %d)", from, to).isTrue();
                for (int at = Math.max(0, from - 1); at <= Math.min(a.length - 1, to); at++) {
                    float bad = BAD[at % BAD.length];
                    a[at] = bad;
                    boolean inside = at >= from && at < to;
                    assertThat(check.all(a, from, to)).as("%s at %d in [%d, %d)", bad, at, from, to)
                            .isEqualTo(!inside);
                    a[at] = 3.0e38f;
                }
            }
        }
    }

    @Test
    void theAlignedIndexIsWhereAVectorStartsInAnArrayThatDoes() {
        if (!Simd.AVAILABLE) {
            return;
        }
        int lanes = SimdKernels.lanes();
        assertThat(SimdKernels.ALIGNED_AT).isBetween(0, lanes - 1);
        // With the usual 16-byte header: element 12 of a 16-lane (AVX-512), 4 of an 8-lane (AVX2) vector.
        assertThat((16 + Float.BYTES * (long) SimdKernels.ALIGNED_AT) % (Float.BYTES * lanes) == 0
                || (12 + Float.BYTES * (long) SimdKernels.ALIGNED_AT) % (Float.BYTES * lanes) == 0).isTrue();
    }
}
