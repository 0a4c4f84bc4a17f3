package io.github.adagrad4j.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A sum over partitions of sparse rows (and a few dense values) that comes out bit-identical
 * whatever order Spark combines the parts in: each value is held as a 128-bit fixed-point number
 * (63 integer bits, 64 fraction bits), whose addition is exact, so associative and commutative.
 * Spark's {@code treeAggregate} merges partial results in the order tasks finish and through a
 * shuffle; with doubles, three or more partitions would then give run-to-run different gradients,
 * and a retried task a different model.
 *
 * <p>Only the touched rows travel: {@code rows} holds the distinct row indices, sorted, each with
 * {@code width} values. A part is converted from doubles once, inside its partition (a
 * deterministic rounding toward zero at 2^-64, far below float32's resolution).
 */
final class ExactSparseSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double TWO_64 = 0x1p64;

    final int width;
    int[] rows;
    /** High and low words of the fixed-point values, {@code rows.length * width} of each. */
    long[] hi;
    long[] lo;
    /** Values that every part has (bias gradient, loss, weight ...). */
    long[] denseHi;
    long[] denseLo;
    /** Parts summed: partitions that contributed. */
    long parts;

    private ExactSparseSum(int width, int[] rows, long[] hi, long[] lo, long[] denseHi, long[] denseLo, long parts) {
        this.width = width;
        this.rows = rows;
        this.hi = hi;
        this.lo = lo;
        this.denseHi = denseHi;
        this.denseLo = denseLo;
        this.parts = parts;
    }

    /** The zero: no rows, {@code dense} zeros. */
    static ExactSparseSum zero(int width, int dense) {
        return new ExactSparseSum(width, new int[0], new long[0], new long[0], new long[dense], new long[dense], 0);
    }

    /**
     * One part: the first {@code n} of {@code sortedRows} (distinct, ascending), row {@code r}'s
     * values at {@code values[r * width ...]} (a table indexed by row) and the dense values.
     *
     * @throws ArithmeticException if a value is not finite or its magnitude reaches 2^63
     */
    static ExactSparseSum of(int width, int[] sortedRows, int n, double[] values, double[] dense) {
        long[] hi = new long[n * width];
        long[] lo = new long[n * width];
        for (int i = 0; i < n; i++) {
            int from = sortedRows[i] * width;
            for (int j = 0; j < width; j++) {
                set(values[from + j], hi, lo, i * width + j);
            }
        }
        long[] dHi = new long[dense.length];
        long[] dLo = new long[dense.length];
        for (int j = 0; j < dense.length; j++) {
            set(dense[j], dHi, dLo, j);
        }
        return new ExactSparseSum(width, Arrays.copyOf(sortedRows, n), hi, lo, dHi, dLo, 1);
    }

    /** {@code this + other}, exactly; may reuse either operand's arrays, so use only the result afterwards. */
    ExactSparseSum plus(ExactSparseSum other) {
        if (other.width != width || other.denseHi.length != denseHi.length) {
            throw new IllegalStateException("cannot add sums of different layouts");
        }
        for (int j = 0; j < denseHi.length; j++) {
            add(denseHi, denseLo, j, other.denseHi[j], other.denseLo[j]);
        }
        parts += other.parts;
        if (other.rows.length == 0) {
            return this;
        }
        if (rows.length == 0) {
            rows = other.rows;
            hi = other.hi;
            lo = other.lo;
            return this;
        }
        int[] r = new int[rows.length + other.rows.length];
        long[] h = new long[r.length * width];
        long[] l = new long[r.length * width];
        int a = 0;
        int b = 0;
        int k = 0;
        while (a < rows.length || b < other.rows.length) {
            int ra = a < rows.length ? rows[a] : Integer.MAX_VALUE;
            int rb = b < other.rows.length ? other.rows[b] : Integer.MAX_VALUE;
            if (ra <= rb) {
                System.arraycopy(hi, a * width, h, k * width, width);
                System.arraycopy(lo, a * width, l, k * width, width);
                if (ra == rb) {
                    for (int j = 0; j < width; j++) {
                        add(h, l, k * width + j, other.hi[b * width + j], other.lo[b * width + j]);
                    }
                    b++;
                }
                r[k++] = ra;
                a++;
            } else {
                System.arraycopy(other.hi, b * width, h, k * width, width);
                System.arraycopy(other.lo, b * width, l, k * width, width);
                r[k++] = rb;
                b++;
            }
        }
        rows = Arrays.copyOf(r, k);
        hi = k == r.length ? h : Arrays.copyOf(h, k * width);
        lo = k == r.length ? l : Arrays.copyOf(l, k * width);
        return this;
    }

    /** Value {@code j} of row position {@code i} (not row index), as the nearest double. */
    double value(int i, int j) {
        return toDouble(hi[i * width + j], lo[i * width + j]);
    }

    double dense(int j) {
        return toDouble(denseHi[j], denseLo[j]);
    }

    static void set(double d, long[] hi, long[] lo, int i) {
        if (!Double.isFinite(d)) {
            throw new ArithmeticException("cannot sum a non-finite value: " + d);
        }
        if (d == 0) {
            hi[i] = 0;
            lo[i] = 0;
            return;
        }
        long bits = Double.doubleToRawLongBits(d);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long mant = bits & ((1L << 52) - 1);
        int e;
        if (exp == 0) {
            e = -1074;
        } else {
            mant |= 1L << 52;
            e = exp - 1075;
        }
        // |d| * 2^64 = mant * 2^shift, truncated toward zero
        int shift = e + 64;
        long h;
        long l;
        if (shift >= 0) {
            if (shift > 74) {
                throw new ArithmeticException("value " + d + " is too large to sum exactly (|v| must be < 2^63)");
            }
            if (shift == 0) {
                h = 0;
                l = mant;
            } else if (shift < 64) {
                l = mant << shift;
                h = mant >>> (64 - shift);
            } else {
                l = 0;
                h = mant << (shift - 64);
            }
        } else {
            h = 0;
            l = -shift >= 64 ? 0 : mant >>> -shift;
        }
        if (d < 0) {
            l = ~l + 1;
            h = ~h + (l == 0 ? 1 : 0);
        }
        hi[i] = h;
        lo[i] = l;
    }

    private static void add(long[] hi, long[] lo, int i, long h, long l) {
        long sum = lo[i] + l;
        long carry = Long.compareUnsigned(sum, lo[i]) < 0 ? 1 : 0;
        lo[i] = sum;
        hi[i] = hi[i] + h + carry;
    }

    static double toDouble(long h, long l) {
        double low = (double) (l >>> 1) * 2.0 + (l & 1);
        return h + low / TWO_64;
    }
}
