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
     * For an engine's indexed view (else null): where row {@code k}'s values start, in
     * {@code values} when {@code at[k] >= 0} (a row given once, read where the caller put it), or
     * at {@code ~at[k]} in {@link #sums} (a repeated row, summed there).
     */
    private final int[] at;
    private final float[] sums;

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
        this.at = null;
        this.sums = null;
    }

    /** A view of the first {@code count} rows of reused buffers; the engine's coalesced gradients. */
    private SparseGradient(int[] rows, float[] values, int width, int count, int[] at, float[] sums) {
        this.rows = rows;
        this.values = values;
        this.width = width;
        this.count = count;
        this.at = at;
        this.sums = sums;
    }

    /** Number of rows (for the engine's buffer views, fewer than {@code rows().length}). */
    int count() {
        return count;
    }

    /** True for a view made by {@link #indexInto}: values are read through {@link #rowArray}/{@link #rowStart}. */
    boolean indexed() {
        return at != null;
    }

    /** The array holding row {@code k}'s values (of a coalesced gradient or an indexed view). */
    float[] rowArray(int k) {
        return at == null || at[k] >= 0 ? values : sums;
    }

    /** Where row {@code k}'s values start in {@link #rowArray}. */
    int rowStart(int k) {
        return at == null ? k * width : at[k] >= 0 ? at[k] : ~at[k];
    }

    /**
     * Coalesces into buffers kept in {@code state} (grown as needed, reused across steps) and
     * returns a view of them: a training loop then allocates nothing per step for this, where a
     * fresh megabyte-sized values block per step would be a humongous object for G1.
     */
    SparseGradient coalesceInto(ParamState state) {
        SparseGradient ix = indexInto(state);
        if (state.coalescedValues.length < ix.count * width) {
            state.coalescedValues = new float[rows.length * width];
        }
        return ix.materialize(state.coalescedValues);
    }

    /**
     * The coalesced gradient without copying it: sorted distinct rows, each pointing at its values
     * in this gradient's block (rows given once) or at their sum (repeated rows, summed in order
     * of appearance into a buffer of {@code state}). A sparse step that updates rows in place
     * reads them from there, which spares it a pass over the whole block.
     */
    SparseGradient indexInto(ParamState state) {
        int n = rows.length;
        if (state.coalescedRows.length < n) {
            state.coalescedRows = new int[n];
            state.coalescedAt = new int[n];
            state.coalescedSums = new float[(n / 2) * width];
        }
        if (state.sortKeys.length < n) {
            state.sortKeys = new long[n];
            state.sortSpare = new long[n];
        }
        long[] keys = sortByRow(rows, state.sortKeys, state.sortSpare, state.radixCounts);
        int count = group(keys, n, state.coalescedRows, state.coalescedAt, state.coalescedSums);
        return new SparseGradient(state.coalescedRows, values, width, count, state.coalescedAt, state.coalescedSums);
    }

    /** This indexed view's values copied row by row into {@code v}: the coalesced gradient. */
    private SparseGradient materialize(float[] v) {
        for (int k = 0; k < count; k++) {
            System.arraycopy(rowArray(k), rowStart(k), v, k * width, width);
        }
        return new SparseGradient(rows, v, width, count, null, null);
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
        int[] r = new int[n];
        int[] where = new int[n];
        float[] sums = new float[(n / 2) * width];
        int unique = group(sortByRow(rows, new long[n], new long[n], new int[RADIX]), n, r, where, sums);
        SparseGradient view = new SparseGradient(r, values, width, unique, where, sums);
        float[] v = new float[unique * width];
        view.materialize(v);
        return new SparseGradient(Arrays.copyOf(r, unique), v, width);
    }

    /**
     * Groups the first {@code n} {@code keys} (row in the high half, position in the low half,
     * sorted) by row: writes the distinct rows to {@code r} and, for each, to {@code at} the start
     * of its values in {@link #values} when the row occurs once, or {@code ~start} of its sum in
     * {@code sums} (the first occurrence copied, later ones added in order of appearance) when it
     * repeats. Returns the number of rows.
     */
    private int group(long[] keys, int n, int[] r, int[] at, float[] sums) {
        int k = 0;
        int used = 0;
        for (int i = 0; i < n; ) {
            int row = (int) (keys[i] >>> 32);
            int end = i + 1;
            while (end < n && (int) (keys[end] >>> 32) == row) {
                end++;
            }
            r[k] = row;
            int first = (int) keys[i] * width;
            if (end - i == 1) {
                at[k] = first;
            } else {
                int dst = used;
                used += width;
                System.arraycopy(values, first, sums, dst, width);
                for (int q = i + 1; q < end; q++) {
                    addRow(sums, dst, values, (int) keys[q] * width, width);
                }
                at[k] = ~dst;
            }
            k++;
            i = end;
        }
        return k;
    }

    /** {@code dst[dAt + j] += src[sAt + j]}: the same sums with or without the Vector API. */
    private static void addRow(float[] dst, int dAt, float[] src, int sAt, int n) {
        if (Simd.AVAILABLE) {
            SimdKernels.add(dst, dAt, src, sAt, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            dst[dAt + j] += src[sAt + j];
        }
    }

    static final int RADIX = 1 << 11;

    /**
     * Sorts the batch by row, ties in order of appearance (so duplicates are summed in the order
     * given, the same on every run): keys {@code row << 32 | position}, an LSD radix sort on
     * 11-bit digits of the row (two passes for tables up to 4 million rows), linear in the batch
     * and reading no array but the keys. Returns whichever of {@code a} and {@code b} holds the
     * result; {@code counts} has {@link #RADIX} entries.
     */
    private static long[] sortByRow(int[] rows, long[] a, long[] b, int[] counts) {
        int n = rows.length;
        int max = 0;
        for (int i = 0; i < n; i++) {
            a[i] = ((long) rows[i] << 32) | i;
            max = Math.max(max, rows[i]);
        }
        // Rows are below 2^31: at most three digits (shifts 32, 43, 54).
        for (int shift = 32; shift < 64 && (shift == 32 || (max >>> (shift - 32)) != 0); shift += 11) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (a[i] >>> shift) & (RADIX - 1)]++;
            }
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                b[counts[(int) (a[i] >>> shift) & (RADIX - 1)]++] = a[i];
            }
            long[] t = a;
            a = b;
            b = t;
        }
        return a;
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
