package io.github.adagrad4j.data.table;

/**
 * A table row given as column name to cell text that cannot be encoded, naming the column: an
 * unknown column, a cell that is not a number, a missing cell the model refuses. Thrown by
 * {@link TableEncoder#encode(java.util.Map)}; a server turns it into a 400 answer naming the column.
 *
 * <pre>{@code
 * try { encoder.encode(Map.of("age", "forty")); }
 * catch (CellException e) { System.err.println(e.column() + ": " + e.getMessage()); }
 * }</pre>
 */
public final class CellException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String column;

    public CellException(String column, String problem) {
        super(problem);
        this.column = column;
    }

    /** The column the problem is in. */
    public String column() {
        return column;
    }
}
