package io.github.adagrad4j.optim;

/**
 * Argument checks shared by every builder and reader, so that each bad value is reported the same
 * way: which value, the range expected, and what was found.
 *
 * <pre>{@code
 * this.lr = Checks.positive("lr", lr);          // "lr must be > 0, got -0.01"
 * this.beta1 = Checks.unitInterval("beta1", b); // "beta1 must be in [0, 1), got 1.0"
 * }</pre>
 *
 * NaN fails every check, since no comparison with NaN holds.
 */
public final class Checks {
    private Checks() {
    }

    /** Requires {@code value > 0} and finite. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, got " + value);
        }
        return value;
    }

    /** Requires {@code value >= 0} and finite. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
        }
        return value;
    }

    /** Requires {@code 0 <= value < 1}, the range of a decay rate such as Adam's betas. */
    public static double unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** Requires {@code 0 <= value <= 1}. */
    public static double closedUnitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** Requires {@code value >= 1}. */
    public static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }

    /** Requires a non-null value. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
