package io.github.adagrad4j.spark;

import java.util.Arrays;

/**
 * Sums a linear model's loss gradient over some rows of a {@link Block}, touching only the
 * features those rows have: a table of {@code dim x k} doubles reused across batches (per thread),
 * the touched rows remembered so that reading and clearing cost what was touched.
 *
 * <p>The weights are a {@code [dim, k]} table (feature {@code f}'s {@code k} outputs at
 * {@code f * k}), so a sparse gradient's rows are feature indices, as our optimizers expect.
 * Sums run in double, in the rows' visiting order: deterministic within a partition.
 */
final class LinearObjective {
    /** Index of the summed loss and the summed example weight after the {@code k} bias values. */
    static final int LOSS = 0;
    static final int WEIGHT = 1;

    final LinearLoss loss;
    final int dim;
    final int k;
    final double huberDelta;
    /** Multiplies feature f (standardization), or null. */
    final float[] scale;

    private final double[] table;
    /** Touched features: a bit each (a 2^20 model's 128 KB stay in L2), cleared through {@link #touched}. */
    private final long[] seen;
    private int[] touched = new int[256];
    private int count;
    /** Bias gradient (k), then loss and weight. */
    final double[] dense;
    private final double[] m;
    private final double[] dm;

    /**
     * Table-sized scratch kept per thread: a task per step must not allocate {@code dim * k}
     * doubles. Table and bits are all zeros between uses: every user calls {@link #clear} in a
     * {@code finally}, so a task failing midway leaves them clean too. One objective per thread at a time.
     */
    private static final class Scratch {
        double[] table = new double[0];
        long[] seen = new long[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    LinearObjective(LinearLoss loss, int dim, int k, double huberDelta, float[] scale) {
        this.loss = loss;
        this.dim = dim;
        this.k = k;
        this.huberDelta = huberDelta;
        this.scale = scale;
        Scratch sc = SCRATCH.get();
        if (sc.table.length < (long) dim * k) {
            sc.table = new double[Math.multiplyExact(dim, k)];
        }
        if (sc.seen.length < (dim + 63) / 64) {
            sc.seen = new long[(dim + 63) / 64];
        }
        this.table = sc.table;
        this.seen = sc.seen;
        this.dense = new double[k + 2];
        this.m = new double[k];
        this.dm = new double[k];
    }

    /** Adds row {@code r} of {@code b} at the weights {@code w} ({@code [dim, k]}) and {@code bias} (k, or null). */
    void add(Block b, int r, float[] w, float[] bias) {
        double wt = b.weight[r];
        if (wt == 0) {
            return;
        }
        int from = b.rowStart[r];
        int to = b.rowStart[r + 1];
        for (int j = 0; j < k; j++) {
            m[j] = bias == null ? 0 : bias[j];
        }
        for (int p = from; p < to; p++) {
            int f = b.index[p];
            double x = scale == null ? b.value[p] : (double) b.value[p] * scale[f];
            int at = f * k;
            for (int j = 0; j < k; j++) {
                m[j] += x * w[at + j];
            }
        }
        dense[k + LOSS] += wt * loss.lossAndGrad(m, b.label[r], huberDelta, dm);
        dense[k + WEIGHT] += wt;
        for (int j = 0; j < k; j++) {
            dm[j] *= wt;
            dense[j] += dm[j];
        }
        for (int p = from; p < to; p++) {
            int f = b.index[p];
            double x = scale == null ? b.value[p] : (double) b.value[p] * scale[f];
            long bit = 1L << f;
            if ((seen[f >>> 6] & bit) == 0) {
                seen[f >>> 6] |= bit;
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                }
                touched[count++] = f;
            }
            int at = f * k;
            for (int j = 0; j < k; j++) {
                table[at + j] += x * dm[j];
            }
        }
    }

    /** The touched feature rows, sorted; valid until {@link #clear}. */
    int[] sortedRows() {
        if (count > dim / 64) {
            // Many rows: one pass over the bits beats sorting them (2^14 words for 2^20 features; sorting 10^5 rows takes ~8 ms).
            int n = 0;
            for (int w = 0; w < seen.length; w++) {
                for (long bits = seen[w]; bits != 0; bits &= bits - 1) {
                    touched[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                }
            }
            return touched;
        }
        Arrays.sort(touched, 0, count);
        return touched;
    }

    int touchedCount() {
        return count;
    }

    /** The summed gradient of feature {@code f}, output {@code j}. */
    double grad(int f, int j) {
        return table[f * k + j];
    }

    /** The sum so far as an exact part: touched rows, then bias gradient, loss and weight. Clears. */
    ExactSparseSum toExactSum() {
        ExactSparseSum s = ExactSparseSum.of(k, sortedRows(), count, table, dense);
        clear();
        return s;
    }

    /** Zeros the touched rows and the dense values, ready for the next batch. */
    void clear() {
        for (int i = 0; i < count; i++) {
            int f = touched[i];
            Arrays.fill(table, f * k, f * k + k, 0.0);
            seen[f >>> 6] = 0;
        }
        count = 0;
        Arrays.fill(dense, 0);
    }
}
