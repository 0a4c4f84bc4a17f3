package io.github.adagrad4j.serve;

/**
 * A request the server answers with a client error ({@code 400}, {@code 404}, {@code 405},
 * {@code 413}, {@code 415}), and what it says: the problem and, where it is one row's, the row and
 * the column. Its message goes to the client; it never carries a stack trace there.
 */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final int row;
    final String column;

    BadRequest(int status, String message) {
        this(status, message, -1, null);
    }

    BadRequest(int status, String message, int row, String column) {
        super(message, null, false, false);
        this.status = status;
        this.row = row;
        this.column = column;
    }
}
