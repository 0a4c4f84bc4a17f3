package io.github.adagrad4j.train;

/**
 * Rows given to a {@link TrainedModel} in memory that it cannot take, naming where: the row (its
 * index in the list given, or -1 for the request as a whole) and, for a table, the column. A
 * server answers it as a 400 with these fields.
 *
 * <pre>{@code
 * try { model.outputs(model.rows(rows)); }
 * catch (InputException e) { System.err.println("row " + e.row() + ", column " + e.column() + ": " + e.getMessage()); }
 * }</pre>
 */
public final class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int row;
    private final String column;

    /**
     * @param row the row's index in what was given, or -1
     * @param column the column, or null
     */
    public InputException(int row, String column, String problem) {
        super(problem);
        this.row = row;
        this.column = column;
    }

    /** The row's index in the list given, or -1 when the problem is not one row's. */
    public int row() {
        return row;
    }

    /** The table column the problem is in, or null. */
    public String column() {
        return column;
    }
}
