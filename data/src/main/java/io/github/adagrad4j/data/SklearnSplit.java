package io.github.adagrad4j.data;

/**
 * The exact split of scikit-learn's {@code train_test_split(..., test_size=f, random_state=seed)}
 * (no stratification), so that results can be compared with Python on the very same rows.
 * scikit-learn draws one permutation with NumPy's legacy {@code RandomState(seed)} (MT19937,
 * bounded integers by masked rejection), puts its first {@code ceil(f * n)} entries in the test
 * part and the rest in the training part, both in permutation order.
 *
 * <pre>{@code
 * Dataset.Split s = SklearnSplit.split(Builtin.boston(), 0.2, 42);   // X_train, X_test as in sklearn
 * }</pre>
 */
public final class SklearnSplit {
    private SklearnSplit() {
    }

    /**
     * The rows of each part, both in the permutation's order: the one split rule of the library.
     * Every path (tables, LIBSVM, texts, token sequences, Spark) holds out the rows it gives.
     */
    public record Indices(int[] train, int[] test) {
    }

    /** {@code train_test_split} of {@code n} rows: the first {@code ceil(testSize * n)} of the permutation are the test part. */
    public static Indices indices(int n, double testSize, long randomState) {
        return indices(n, testSize, randomState, 0);
    }

    /**
     * As {@link #indices(int, double, long)}, on the first {@code limit} rows of the permutation only
     * (0: all rows), for quick runs on a part of a corpus: {@code train_test_split} of those rows in
     * that order. The same {@code limit} selects the same rows, so a model trained on them can be
     * evaluated on its own held-out part.
     */
    public static Indices indices(int n, double testSize, long randomState, int limit) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testSize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("row limit must be >= 0, got " + limit);
        }
        int used = limit > 0 ? Math.min(limit, n) : n;
        int nTest = (int) Math.ceil(testSize * used);
        int[] perm = permutation(n, randomState);
        return new Indices(java.util.Arrays.copyOfRange(perm, nTest, used), java.util.Arrays.copyOfRange(perm, 0, nTest));
    }

    public static Dataset.Split split(Dataset d, double testSize, long randomState) {
        Indices i = indices(d.count(), testSize, randomState);
        return new Dataset.Split(d.select(i.train()), d.select(i.test()));
    }

    /** {@code numpy.random.RandomState(seed).permutation(n)}. */
    public static int[] permutation(int n, long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("a NumPy seed must be in [0, 2^32), got " + seed);
        }
        Mt19937 mt = new Mt19937((int) seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = mt.interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Matsumoto and Nishimura's MT19937 with {@code init_genrand}, as NumPy seeds it from an integer. */
    static final class Mt19937 {
        private final int[] mt = new int[624];
        private int index = 624;

        Mt19937(int seed) {
            mt[0] = seed;
            for (int i = 1; i < 624; i++) {
                mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
            }
        }

        int nextInt() {
            if (index >= 624) {
                for (int k = 0; k < 624; k++) {
                    int y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
                    mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
                }
                index = 0;
            }
            int y = mt[index++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >>> 18;
            return y;
        }

        /** A uniform integer in [0, max] by masked rejection, NumPy's legacy {@code random_interval}. */
        int interval(int max) {
            if (max == 0) {
                return 0;
            }
            long mask = max;
            mask |= mask >>> 1;
            mask |= mask >>> 2;
            mask |= mask >>> 4;
            mask |= mask >>> 8;
            mask |= mask >>> 16;
            long v;
            do {
                v = (nextInt() & 0xffffffffL) & mask;
            } while (v > max);
            return (int) v;
        }
    }
}
