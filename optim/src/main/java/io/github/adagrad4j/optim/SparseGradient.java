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
        // Row in the high half, position in the low half: a primitive sort that is also stable, so
        // duplicates are summed in the order they were given, the same on every run.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) rows[i] << 32 | i;
        }
        Arrays.sort(keys);
        int unique = 1;
        for (int i = 1; i < n; i++) {
            if ((keys[i] >>> 32) != (keys[i - 1] >>> 32)) {
                unique++;
            }
        }
        int[] r = new int[unique];
        float[] v = new float[unique * width];
        int k = -1;
        for (int i = 0; i < n; i++) {
            int row = (int) (keys[i] >>> 32);
            int src = (int) keys[i] * width;
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
        return new SparseGradient(r, v, width);
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
