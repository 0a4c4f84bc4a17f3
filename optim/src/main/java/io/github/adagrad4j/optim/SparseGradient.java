package io.github.adagrad4j.optim;

import java.util.Arrays;

/**
 * A gradient that touches only some rows of a 2-D (or higher) parameter: row indices and a
 * {@code rows.length x width} block of values, {@code width} being the size of one row. An
 * embedding table or a hashed linear model produces one per batch; applying it costs what it
 * touches, never the size of the table.
 *
 * <pre>{@code
 * // rows 3 and 17 of a [50000, 64] table
 * table.addSparseGrad(new SparseGradient(new int[] {3, 17}, values, 64));
 * opt.step();
 * }</pre>
 *
 * Rows may repeat and come in any order; the optimizer sums duplicates first
 * ({@link #coalesce()}, as PyTorch does), since the updates are not linear in the gradient.
 */
public final class SparseGradient {
    private final int[] rows;
    private final float[] values;
    private final int width;
    /** Rows in use: {@code rows.length}, except for the engine's views onto reused buffers. */
    private final int count;

    /**
     * @throws IllegalArgumentException if {@code width < 1}, a row is negative, or
     *     {@code values.length != rows.length * width}
     */
    public SparseGradient(int[] rows, float[] values, int width) {
        Checks.notNull("rows", rows);
        Checks.notNull("values", values);
        Checks.atLeastOne("sparse gradient width", width);
        if ((long) rows.length * width != values.length) {
            throw new IllegalArgumentException("sparse gradient: " + rows.length + " rows of width " + width + " need "
                    + (long) rows.length * width + " values, got " + values.length);
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0) {
                throw new IllegalArgumentException("sparse gradient: row index " + rows[i] + " at position " + i
                        + " is negative");
            }
        }
        this.rows = rows;
        this.values = values;
        this.width = width;
        this.count = rows.length;
    }

    /** A view of the first {@code count} rows of reused buffers; the engine's coalesced gradients. */
    private SparseGradient(int[] rows, float[] values, int width, int count) {
        this.rows = rows;
        this.values = values;
        this.width = width;
        this.count = count;
    }

    /** Number of rows (for the engine's buffer views, fewer than {@code rows().length}). */
    int count() {
        return count;
    }

    /**
     * Coalesces into buffers kept in {@code state} (grown as needed, reused across steps) and
     * returns a view of them: a training loop then allocates nothing per step for this, where a
     * fresh megabyte-sized values block per step would be a humongous object for G1.
     */
    SparseGradient coalesceInto(ParamState state) {
        int n = rows.length;
        int[] order = stableOrderByRow(rows);
        if (state.coalescedRows.length < n) {
            state.coalescedRows = new int[n];
            state.coalescedValues = new float[n * width];
        }
        int[] r = state.coalescedRows;
        float[] v = state.coalescedValues;
        int count = sumInOrder(order, r, v);
        return new SparseGradient(r, v, width, count);
    }

    public int[] rows() {
        return rows;
    }

    public float[] values() {
        return values;
    }

    public int width() {
        return width;
    }

    /** The same gradient with rows sorted and duplicates summed (sums in order of appearance). */
    public SparseGradient coalesce() {
        int n = rows.length;
        boolean sortedUnique = true;
        for (int i = 1; i < n && sortedUnique; i++) {
            sortedUnique = rows[i] > rows[i - 1];
        }
        if (sortedUnique) {
            return this;
        }
        int[] order = stableOrderByRow(rows);
        int unique = 1;
        for (int i = 1; i < n; i++) {
            if (rows[order[i]] != rows[order[i - 1]]) {
                unique++;
            }
        }
        int[] r = new int[unique];
        float[] v = new float[unique * width];
        sumInOrder(order, r, v);
        return new SparseGradient(r, v, width);
    }

    /**
     * Writes the distinct rows, in {@code order}, to {@code r} and their summed values to {@code v}
     * (the first occurrence copied, later ones added in order); returns how many rows it wrote.
     */
    private int sumInOrder(int[] order, int[] r, float[] v) {
        int k = -1;
        for (int i = 0; i < order.length; i++) {
            int row = rows[order[i]];
            int src = order[i] * width;
            if (k < 0 || r[k] != row) {
                r[++k] = row;
                System.arraycopy(values, src, v, k * width, width);
            } else {
                int dst = k * width;
                for (int j = 0; j < width; j++) {
                    v[dst + j] += values[src + j];
                }
            }
        }
        return k + 1;
    }

    /**
     * Positions of {@code rows} sorted by row, ties in order of appearance (so duplicates are summed
     * in the order given, the same on every run): an LSD radix sort on 11-bit digits, two passes for
     * tables up to 4 million rows, linear in the batch.
     */
    private static int[] stableOrderByRow(int[] rows) {
        int n = rows.length;
        int max = 0;
        for (int r : rows) {
            max = Math.max(max, r);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] next = new int[n];
        int[] count = new int[1 << 11];
        for (int shift = 0; shift < 32 && (shift == 0 || (max >>> shift) != 0); shift += 11) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(rows[order[i]] >>> shift) & 2047]++;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                next[count[(rows[order[i]] >>> shift) & 2047]++] = order[i];
            }
            int[] t = order;
            order = next;
            next = t;
        }
        return order;
    }

    /** This gradient followed by {@code other}'s rows (no summing). */
    SparseGradient concat(SparseGradient other) {
        if (other.width != width) {
            throw new IllegalArgumentException("cannot add a sparse gradient of width " + other.width + " to one of width "
                    + width);
        }
        int[] r = Arrays.copyOf(rows, rows.length + other.rows.length);
        System.arraycopy(other.rows, 0, r, rows.length, other.rows.length);
        float[] v = Arrays.copyOf(values, values.length + other.values.length);
        System.arraycopy(other.values, 0, v, values.length, other.values.length);
        return new SparseGradient(r, v, width);
    }
}
