package io.github.adagrad4j.data.libsvm;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.Inputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads LIBSVM / SVMlight files ({@code label index:value ...}, 1-based increasing indices,
 * {@code #} comments) as CSR rows ({@link #readCsr}) or a dense {@link Dataset} ({@link #read}).
 * The feature count is given or taken from the largest index seen.
 *
 * <pre>{@code
 * Dataset d = LibSvmReader.read(Path.of("a9a.txt"), 123);
 * }</pre>
 */
public final class LibSvmReader {
    private LibSvmReader() {
    }

    /** Sparse rows and labels: what a LIBSVM file holds, without densifying it. */
    public record Sparse(CsrMatrix features, float[] labels) {
    }

    /** Reads with a fixed feature count; an index beyond it is an error. {@code features <= 0}: infer. */
    public static Dataset read(Path path, int features) throws IOException {
        try (InputStream in = Inputs.open(path)) {
            return read(in, path.toString(), features);
        }
    }

    /** Reads as CSR (1-based file indices become 0-based columns): for hashed or very wide data. */
    public static Sparse readCsr(Path path, int features) throws IOException {
        try (InputStream in = Inputs.open(path)) {
            return readCsr(in, path.toString(), features);
        }
    }

    public static Dataset read(InputStream raw, String source, int features) throws IOException {
        Sparse s = readCsr(raw, source, features);
        CsrMatrix m = s.features();
        int rows = m.rows();
        int width = m.numCols();
        if ((long) rows * width > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(source, rows + " rows of " + width + " features are too many to hold densely "
                    + "(the largest index decides the width; use a sparse model)");
        }
        float[] x = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int k = m.rowPtr()[r]; k < m.rowPtr()[r + 1]; k++) {
                x[r * width + m.cols()[k]] = m.values()[k];
            }
        }
        return new Dataset(x, new int[] {width}, s.labels(), 1);
    }

    public static Sparse readCsr(InputStream raw, String source, int features) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        int cap = 256;
        float[] labels = new float[cap];
        int[][] idx = new int[cap][];
        float[][] val = new float[cap][];
        int rows = 0;
        int maxIndex = 0;
        long lineNo = 0;
        String line;
        Row row = new Row();
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (!parse(line, lineNo, source, features, row)) {
                continue;
            }
            if (rows == cap) {
                cap *= 2;
                labels = Arrays.copyOf(labels, cap);
                idx = Arrays.copyOf(idx, cap);
                val = Arrays.copyOf(val, cap);
            }
            labels[rows] = row.label;
            idx[rows] = row.indices;
            val[rows] = row.values;
            if (row.indices.length > 0) {
                maxIndex = Math.max(maxIndex, row.indices[row.indices.length - 1]);
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(source, "has no examples");
        }
        int width = features > 0 ? features : maxIndex;
        if (width == 0) {
            throw new DataFormatException(source, "has no features on any line");
        }
        return new Sparse(csr(idx, val, rows, width), Arrays.copyOf(labels, rows));
    }

    private static CsrMatrix csr(int[][] idx, float[][] val, int rows, int width) {
        int[] rowPtr = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            rowPtr[i + 1] = rowPtr[i] + idx[i].length;
        }
        int[] cols = new int[rowPtr[rows]];
        float[] vals = new float[rowPtr[rows]];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < idx[i].length; k++) {
                cols[rowPtr[i] + k] = idx[i][k] - 1;
                vals[rowPtr[i] + k] = val[i][k];
            }
        }
        return new CsrMatrix(rowPtr, cols, vals, width);
    }

    /** One parsed line: the label, 1-based indices and values. */
    private static final class Row {
        float label;
        int[] indices;
        float[] values;
    }

    /** Parses one line into {@code row}; false for a blank or comment-only line. */
    private static boolean parse(String line, long lineNo, String source, int features, Row row)
            throws DataFormatException {
        int hash = line.indexOf('#');
        String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (body.isEmpty()) {
            return false;
        }
        String[] tokens = body.split("\\s+");
        try {
            row.label = Float.parseFloat(tokens[0]);
        } catch (NumberFormatException e) {
            row.label = Float.NaN;
        }
        if (!Float.isFinite(row.label)) {
            throw new DataFormatException(source, lineNo, "expected a finite numeric label, found '" + tokens[0] + "'");
        }
        int[] is = new int[tokens.length - 1];
        float[] vs = new float[tokens.length - 1];
        int prev = 0;
        for (int t = 1; t < tokens.length; t++) {
            String tok = tokens[t];
            int colon = tok.indexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                is[t - 1] = Integer.parseInt(tok.substring(0, colon));
                vs[t - 1] = Float.parseFloat(tok.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, lineNo, "token " + t + ": expected index:value, found '" + tok
                        + "'");
            }
            if (is[t - 1] <= prev) {
                throw new DataFormatException(source, lineNo, "token " + t + ": index " + is[t - 1]
                        + " must be >= 1 and greater than the previous index " + prev);
            }
            if (!Float.isFinite(vs[t - 1])) {
                throw new DataFormatException(source, lineNo, "token " + t + ": value is not finite: '" + tok + "'");
            }
            if (features > 0 && is[t - 1] > features) {
                throw new DataFormatException(source, lineNo, "token " + t + ": index " + is[t - 1]
                        + " exceeds the feature count " + features);
            }
            prev = is[t - 1];
        }
        row.indices = is;
        row.values = vs;
        return true;
    }

    /**
     * Opens a file to read in batches of CSR rows of a known width, streaming: memory is bounded
     * by the batch, not the file.
     *
     * <pre>{@code
     * try (LibSvmReader.Batches b = LibSvmReader.open(Path.of("big.svm"), 1 << 20)) {
     *     for (LibSvmReader.Batch batch = b.next(4096); batch != null; batch = b.next(4096)) { ... }
     * }
     * }</pre>
     */
    public static Batches open(Path path, int features) throws IOException {
        if (features < 1) {
            throw new IllegalArgumentException("streaming needs the feature count, got " + features);
        }
        return new Batches(new BufferedReader(new InputStreamReader(Inputs.open(path), StandardCharsets.UTF_8),
                1 << 16), path.toString(), features);
    }

    /** A batch of rows: CSR features, labels, and the line each row is on. */
    public record Batch(CsrMatrix features, float[] labels, long[] lines) {
    }

    /** An open LIBSVM file read in batches; see {@link #open}. */
    public static final class Batches implements java.io.Closeable {
        private final BufferedReader reader;
        private final String source;
        private final int features;
        private long lineNo;
        private boolean any;

        private Batches(BufferedReader reader, String source, int features) {
            this.reader = reader;
            this.source = source;
            this.features = features;
        }

        /** Up to {@code max} rows, or null at the end of the file. */
        public Batch next(int max) throws IOException {
            float[] labels = new float[max];
            int[][] idx = new int[max][];
            float[][] val = new float[max][];
            long[] lines = new long[max];
            int n = 0;
            Row row = new Row();
            String line;
            while (n < max && (line = reader.readLine()) != null) {
                lineNo++;
                if (parse(line, lineNo, source, features, row)) {
                    labels[n] = row.label;
                    idx[n] = row.indices;
                    val[n] = row.values;
                    lines[n] = lineNo;
                    n++;
                }
            }
            if (n == 0) {
                if (!any) {
                    throw new DataFormatException(source, "has no examples");
                }
                return null;
            }
            any = true;
            return new Batch(csr(idx, val, n, features), Arrays.copyOf(labels, n), Arrays.copyOf(lines, n));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
