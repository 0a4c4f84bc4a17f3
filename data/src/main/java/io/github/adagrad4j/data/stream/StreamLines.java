package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.CsrMatrix;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Lines of a stream format given one by one (a server's request) rather than as a file: parsed and
 * hashed exactly as {@link ExampleStream} and {@link FeatureExpander} do for {@code learn} and
 * {@code predict}, into CSR rows: Vowpal Wabbit and LIBSVM lines, and CSV/TSV rows as column name
 * to cell (a CSV line means nothing without its header).
 *
 * <pre>{@code
 * CsrMatrix x = StreamLines.rows(List.of("|user id3 |ad ad7 depth:1.5"), StreamFormat.VW, hashing);
 * }</pre>
 */
public final class StreamLines {
    private StreamLines() {
    }

    /** A line that cannot be read: which one (0-based), where in it (1-based byte column, 0: the line) and why. */
    public static final class BadLineException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final int column;

        BadLineException(int index, int column, String problem) {
            super(problem);
            this.index = index;
            this.column = column;
        }

        public int index() {
            return index;
        }

        public int column() {
            return column;
        }
    }

    /**
     * Rows of a CSV/TSV model given as column name to cell text, hashed as the file's rows are:
     * each column its namespace, numbers valued, other cells named, empty or null cells absent; the
     * label column, when named, is skipped.
     *
     * @param label the model's label column, or null
     * @param categorical the model's categorical columns (names or globs)
     */
    public static CsrMatrix rows(List<Map<String, String>> rows, String label, List<String> categorical,
            FeatureHashing hashing) {
        List<java.util.regex.Pattern> globs = DelimitedParser.globs(categorical);
        ExampleBlock block = new ExampleBlock(Math.max(1, rows.size()));
        for (Map<String, String> row : rows) {
            block.begin(Float.NaN, 1f, block.size() + 1);
            for (Map.Entry<String, String> e : row.entrySet()) {
                String column = e.getKey();
                String cell = e.getValue();
                if (cell == null || cell.isEmpty() || column.equals(label)) {
                    continue;
                }
                byte[] name = column.getBytes(StandardCharsets.UTF_8);
                int key = name.length == 0 ? ' ' : name[0] & 0xff;
                int nameHash = FeatureHashing.namespaceHash(column);
                if (!hashing.reads(key, nameHash)) {
                    continue;
                }
                byte[] b = cell.getBytes(StandardCharsets.UTF_8);
                DelimitedParser.cell(key, nameHash, FeatureHashing.featureHash(column, nameHash),
                        DelimitedParser.matches(globs, column), b, 0, b.length, block);
            }
            block.end();
        }
        return new FeatureExpander(hashing).rows(block);
    }

    /**
     * The lines as CSR rows over {@code hashing}'s buckets (labels, weights and tags are read and
     * ignored; a line without features is a row of the constant alone).
     *
     * @throws BadLineException for a line the parser refuses, or one holding no example (blank)
     * @throws IllegalArgumentException for a CSV or TSV format
     */
    public static CsrMatrix rows(List<String> lines, StreamFormat format, FeatureHashing hashing) {
        ExampleParser parser = switch (format) {
            case VW -> new VwParser(hashing);
            case LIBSVM -> new LibSvmParser(hashing);
            default -> throw new IllegalArgumentException("a " + format.id() + " line needs its header; send rows of "
                    + "columns instead");
        };
        ExampleBlock block = new ExampleBlock(Math.max(1, lines.size()));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            int to = b.length;
            while (to > 0 && (b[to - 1] == '\n' || b[to - 1] == '\r')) {
                to--;
            }
            try {
                if (!parser.parse(b, 0, to, i + 1, block)) {
                    throw new BadLineException(i, 0, "holds no example");
                }
            } catch (BadLine e) {
                throw new BadLineException(i, e.column, e.getMessage());
            }
        }
        return new FeatureExpander(hashing).rows(block);
    }
}
