package io.github.adagrad4j.data.csv;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.Inputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a numeric CSV file (optionally gzipped) into a {@link Dataset}: one column is the target,
 * chosen by header name or index, the others are features. Fields may be quoted (RFC 4180,
 * {@code ""} for a quote inside). Every row must have the header's number of columns and numeric
 * values; the first that does not is reported with file, line and column.
 *
 * <pre>{@code
 * Dataset boston = CsvReader.builder().skipLines(1).header(true).labelColumn("MEDV").build()
 *         .read(Path.of("boston_house_prices.csv"));
 * }</pre>
 */
public final class CsvReader {
    private final boolean header;
    private final String labelName;
    private final int labelIndex;
    private final char delimiter;
    private final int skipLines;

    private CsvReader(Builder b) {
        this.header = b.header;
        this.labelName = b.labelName;
        this.labelIndex = b.labelIndex;
        this.delimiter = b.delimiter;
        this.skipLines = b.skipLines;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a file. */
    public Dataset read(Path path) throws IOException {
        try (InputStream in = Inputs.open(path)) {
            return read(in, path.toString());
        }
    }

    /** Reads a stream; {@code source} names it in error messages. */
    public Dataset read(InputStream raw, String source) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(Inputs.decompressIfGzip(raw), StandardCharsets.UTF_8));
        long lineNo = 0;
        for (int i = 0; i < skipLines; i++) {
            if (r.readLine() == null) {
                throw new DataFormatException(source, "ends within the " + skipLines + " lines to skip");
            }
            lineNo++;
        }
        List<String> names = null;
        int columns = -1;
        if (header) {
            String line = r.readLine();
            lineNo++;
            if (line == null) {
                throw new DataFormatException(source, lineNo, "expected a header line, found end of file");
            }
            names = split(line, source, lineNo);
            columns = names.size();
        }
        int label = resolveLabel(names, source);
        float[] x = new float[1024];
        float[] y = new float[64];
        int rows = 0;
        int xn = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line, source, lineNo);
            if (columns < 0) {
                columns = fields.size();
            }
            if (fields.size() != columns) {
                throw new DataFormatException(source, lineNo, "expected " + columns + " columns, found " + fields.size());
            }
            int lab = label < 0 ? columns + label : label;
            if (lab < 0 || lab >= columns || columns < 2) {
                throw new DataFormatException(source, lineNo, "label column " + label + " does not exist among "
                        + columns + " columns (and at least one feature column is needed)");
            }
            if (x.length < xn + columns) {
                x = java.util.Arrays.copyOf(x, Math.max(x.length * 2, xn + columns));
            }
            if (y.length <= rows) {
                y = java.util.Arrays.copyOf(y, y.length * 2);
            }
            for (int c = 0; c < columns; c++) {
                float v = parse(fields.get(c), source, lineNo, c, names);
                if (c == lab) {
                    y[rows] = v;
                } else {
                    x[xn++] = v;
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(source, "has no data rows");
        }
        return new Dataset(java.util.Arrays.copyOf(x, xn), new int[] {columns - 1}, java.util.Arrays.copyOf(y, rows), 1);
    }

    private int resolveLabel(List<String> names, String source) throws DataFormatException {
        if (labelName == null) {
            if (names != null && labelIndex >= names.size()) {
                throw new DataFormatException(source, "label column " + labelIndex + " does not exist: the header has "
                        + names.size() + " columns");
            }
            return labelIndex;
        }
        if (names == null) {
            throw new DataFormatException(source, "a label column by name ('" + labelName + "') needs a header line");
        }
        int i = names.indexOf(labelName);
        if (i < 0) {
            throw new DataFormatException(source, "label column '" + labelName + "' not found; the header has " + names);
        }
        return i;
    }

    private static float parse(String field, String source, long line, int column, List<String> names)
            throws DataFormatException {
        String t = field.trim();
        try {
            float v = Float.parseFloat(t);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String col = names == null ? "column " + (column + 1) : "column " + (column + 1) + " ('" + names.get(column) + "')";
        throw new DataFormatException(source, line, col + ": expected a finite number, found '" + field + "'");
    }

    /** Splits one line into fields, honouring double quotes. */
    private List<String> split(String line, String source, long lineNo) throws DataFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new DataFormatException(source, lineNo, "unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }

    /** Builder for {@link CsvReader}. */
    public static final class Builder {
        private boolean header = true;
        private String labelName;
        private int labelIndex = -1;
        private char delimiter = ',';
        private int skipLines;

        private Builder() {
        }

        /** Whether the first (non-skipped) line names the columns; default true. */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The target column by header name. */
        public Builder labelColumn(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("label column name must be non-blank");
            }
            this.labelName = name;
            return this;
        }

        /** The target column by 0-based index; negative counts from the end (default -1, the last column). */
        public Builder labelColumn(int index) {
            this.labelName = null;
            this.labelIndex = index;
            return this;
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** Lines to skip before the header (scikit-learn's CSVs start with a line of counts). */
        public Builder skipLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("skipLines must be >= 0, got " + lines);
            }
            this.skipLines = lines;
            return this;
        }

        public CsvReader build() {
            return new CsvReader(this);
        }
    }
}
