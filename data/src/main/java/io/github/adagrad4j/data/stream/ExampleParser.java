package io.github.adagrad4j.data.stream;

/**
 * Reads one line of a stream format into an {@link ExampleBlock}: hashed features in namespace
 * segments, label, importance weight and tag. Parsers keep no state between lines (a CSV
 * parser keeps its header), so a line means the same to {@code learn}, {@code predict} and
 * {@code serve}.
 */
interface ExampleParser {
    /**
     * Adds the example on {@code b[from, to)} (no line terminator) to {@code out}, or throws
     * leaving {@code out} as it was. Returns false for a line that holds no example (blank). A
     * label is read as the number it is (NaN: none); whether it suits the loss is the learner's to
     * judge.
     */
    boolean parse(byte[] b, int from, int to, long line, ExampleBlock out) throws BadLine;

    /** Whether {@code c} separates tokens: a space or a tab. */
    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }
}
