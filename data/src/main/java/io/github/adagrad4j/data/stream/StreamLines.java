package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.CsrMatrix;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lines of a stream format given one by one (a server's request) rather than as a file: parsed and
 * hashed exactly as {@link ExampleStream} and {@link FeatureExpander} do for {@code learn} and
 * {@code predict}, into CSR rows. Vowpal Wabbit and LIBSVM lines only: a CSV/TSV line means
 * nothing without its header.
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
