package io.github.adagrad4j.data.csv;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.Inputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a numeric CSV file (optionally gzipped) into a {@link Dataset}: one column is the target,
 * chosen by header name or index, the others are features. Parsing is {@link CsvRows}' (RFC 4180,
 * delimiter sniffed unless given). Every row must have the header's number of columns and numeric
 * values; the first that does not is reported with file, line and column. Files with text labels,
 * categories or missing cells go through {@link io.github.adagrad4j.data.table.TableEncoder}.
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
    private final Character delimiter;
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
        try (CsvRows r = CsvRows.open(raw, source, delimiter)) {
            for (int i = 0; i < skipLines; i++) {
                if (r.next() == null) {
                    throw new DataFormatException(source, "ends within the " + skipLines + " lines to skip");
                }
            }
            List<String> names = null;
            int columns = -1;
            if (header) {
                String[] h = r.next();
                if (h == null) {
                    throw new DataFormatException(source, r.line() + 1, "expected a header line, found end of file");
                }
                names = List.of(h);
                columns = h.length;
            }
            int label = resolveLabel(names, source);
            float[] x = new float[1024];
            float[] y = new float[64];
            int rows = 0;
            int xn = 0;
            for (String[] fields = r.next(); fields != null; fields = r.next()) {
                long lineNo = r.line();
                if (columns < 0) {
                    columns = fields.length;
                }
                r.requireWidth(fields, columns);
                int lab = label < 0 ? columns + label : label;
                if (lab < 0 || lab >= columns || columns < 2) {
                    throw new DataFormatException(source, lineNo, "label column " + label + " does not exist among "
                            + columns + " columns (and at least one feature column is needed)");
                }
                if (x.length < (long) xn + columns) {
                    x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * x.length, xn + columns)));
                }
                if (y.length <= rows) {
                    y = Arrays.copyOf(y, y.length * 2);
                }
                for (int c = 0; c < columns; c++) {
                    float v = parse(fields[c], source, lineNo, c, names);
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
            return new Dataset(Arrays.copyOf(x, xn), new int[] {columns - 1}, Arrays.copyOf(y, rows), 1);
        }
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

    /** Builder for {@link CsvReader}. */
    public static final class Builder {
        private boolean header = true;
        private String labelName;
        private int labelIndex = -1;
        private Character delimiter;
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

        /** The field delimiter; by default it is sniffed from the first line (see {@link CsvRows}). */
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
