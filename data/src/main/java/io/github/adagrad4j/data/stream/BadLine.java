package io.github.adagrad4j.data.stream;

/**
 * A line a parser cannot read: where in the line (1-based byte column, 0: the whole line) and
 * what is wrong. Thrown without a stack trace, since {@code --skip-bad-lines} may count millions;
 * {@link ExampleStream} words it as a {@link io.github.adagrad4j.data.DataFormatException}
 * naming the file and line.
 */
final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;
    final int column;

    BadLine(int column, String problem) {
        super(problem, null, false, false);
        this.column = column;
    }
}
