package io.github.adagrad4j.data;

import java.io.IOException;

/**
 * A data file whose content is not what its reader expects. The message names the file, the
 * line (and column where there is one), what was expected and what was found:
 * {@code train.csv line 812: expected 14 columns, found 13}.
 *
 * <pre>{@code
 * try { CsvReader.builder().labelColumn("MEDV").build().read(path); }
 * catch (DataFormatException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String source, long line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    }

    public DataFormatException(String source, String problem) {
        this(source, 0, problem);
    }
}
