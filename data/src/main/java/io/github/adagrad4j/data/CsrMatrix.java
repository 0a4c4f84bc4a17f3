package io.github.adagrad4j.data;

import java.util.Arrays;

/**
 * A sparse matrix in compressed sparse row form: row {@code r} holds the columns
 * {@code cols[rowPtr[r] .. rowPtr[r+1])} with the matching {@code values}. Hashed text features
 * and LIBSVM files come as CSR; a sparse linear model reads it in O(non-zeros).
 *
 * <pre>{@code
 * CsrMatrix x = vectorizer.transform(documents);
 * for (int k = x.rowPtr()[r]; k < x.rowPtr()[r + 1]; k++) score += w[x.cols()[k]] * x.values()[k];
 * }</pre>
 */
public record CsrMatrix(int[] rowPtr, int[] cols, float[] values, int numCols) {

    public CsrMatrix {
        if (rowPtr.length < 1 || rowPtr[0] != 0 || rowPtr[rowPtr.length - 1] != cols.length
                || cols.length != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays: rowPtr " + rowPtr.length + " entries ending at "
                    + (rowPtr.length == 0 ? "-" : rowPtr[rowPtr.length - 1]) + ", " + cols.length + " columns, "
                    + values.length + " values");
        }
        for (int c : cols) {
            if (c < 0 || c >= numCols) {
                throw new IllegalArgumentException("CSR column " + c + " is outside [0, " + numCols + ")");
            }
        }
    }

    public int rows() {
        return rowPtr.length - 1;
    }

    public int nonZeros() {
        return cols.length;
    }

    /** The rows of {@code parts} one after another; every part must have the same column count. */
    public static CsrMatrix stack(java.util.List<CsrMatrix> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int rows = 0;
        int nnz = 0;
        int numCols = parts.get(0).numCols;
        for (CsrMatrix m : parts) {
            if (m.numCols != numCols) {
                throw new IllegalArgumentException("cannot stack CSR matrices of " + numCols + " and " + m.numCols
                        + " columns");
            }
            rows += m.rows();
            nnz += m.nonZeros();
        }
        int[] rowPtr = new int[rows + 1];
        int[] cols = new int[nnz];
        float[] values = new float[nnz];
        int r = 0;
        int at = 0;
        for (CsrMatrix m : parts) {
            for (int i = 0; i < m.rows(); i++) {
                rowPtr[++r] = at + m.rowPtr[i + 1];
            }
            System.arraycopy(m.cols, 0, cols, at, m.nonZeros());
            System.arraycopy(m.values, 0, values, at, m.nonZeros());
            at += m.nonZeros();
        }
        return new CsrMatrix(rowPtr, cols, values, numCols);
    }

    /** The given rows, in that order. */
    public CsrMatrix selectRows(int[] rows) {
        int nnz = 0;
        for (int r : rows) {
            nnz += rowPtr[r + 1] - rowPtr[r];
        }
        int[] ptr = new int[rows.length + 1];
        int[] c = new int[nnz];
        float[] v = new float[nnz];
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            int from = rowPtr[rows[i]];
            int len = rowPtr[rows[i] + 1] - from;
            System.arraycopy(cols, from, c, k, len);
            System.arraycopy(values, from, v, k, len);
            k += len;
            ptr[i + 1] = k;
        }
        return new CsrMatrix(ptr, c, v, numCols);
    }

    /**
     * These rows with {@code width} dense columns in front ({@code dense} holds {@code rows() * width}
     * values; its zeros are left out): a table's encoded columns beside a text's hashed words.
     */
    public CsrMatrix withDenseColumns(float[] dense, int width) {
        int n = rows();
        if (dense.length != (long) n * width) {
            throw new IllegalArgumentException(n + " rows of " + width + " dense columns need " + (long) n * width
                    + " values, got " + dense.length);
        }
        int nnz = cols.length;
        for (float v : dense) {
            if (v != 0) {
                nnz++;
            }
        }
        int[] ptr = new int[n + 1];
        int[] c = new int[nnz];
        float[] v = new float[nnz];
        int k = 0;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < width; j++) {
                float x = dense[r * width + j];
                if (x != 0) {
                    c[k] = j;
                    v[k++] = x;
                }
            }
            for (int i = rowPtr[r]; i < rowPtr[r + 1]; i++) {
                c[k] = cols[i] + width;
                v[k++] = values[i];
            }
            ptr[r + 1] = k;
        }
        return new CsrMatrix(ptr, c, v, Math.addExact(numCols, width));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsrMatrix m && m.numCols == numCols && Arrays.equals(m.rowPtr, rowPtr)
                && Arrays.equals(m.cols, cols) && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowPtr) * 31 + Arrays.hashCode(cols);
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows() + " x " + numCols + ", " + nonZeros() + " non-zeros]";
    }
}
