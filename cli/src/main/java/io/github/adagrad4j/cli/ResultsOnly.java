package io.github.adagrad4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * A command's output under {@code --quiet}: whole lines pass or are dropped, and what is dropped is
 * the running commentary the engine prints between results: notes, the data and model summary,
 * epoch, step and trial lines, resume messages. Results (test figures, the files written,
 * evaluations, predictions, verdicts) pass unchanged.
 */
final class ResultsOnly extends Writer {
    /** Commentary lines, as the recipes, the Spark job, compare and search print them. */
    private static final Pattern COMMENTARY = Pattern.compile("(note: |data |spark |resumed from |resuming: |"
            + "(\\S+\\s+)?epoch \\d+(/\\d+)?[: ]|\\S+\\s+step\\s+\\d+/\\d+ |trial\\s+\\d+ |\\S+: \\d+ train, \\d+ test"
            + "|fortunes: ).*");
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    ResultsOnly(Writer out) {
        this.out = out;
    }

    static boolean commentary(String line) {
        return COMMENTARY.matcher(line).matches();
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.append(buf[i]);
            if (buf[i] == '\n') {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        if (!commentary(line.toString().stripTrailing())) {
            out.write(line.toString());
        }
        line.setLength(0);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (line.length() > 0) {
            emit();
        }
        out.flush();
    }
}
