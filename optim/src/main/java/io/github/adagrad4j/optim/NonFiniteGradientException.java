package io.github.adagrad4j.optim;

/**
 * Thrown by a step whose gradient holds NaN or infinity under {@link NonFinitePolicy#THROW}, or (by
 * {@link Optimizer#stepCoordinates}) a finite gradient whose step would make a weight or state
 * element non-finite.
 * When it is thrown, no parameter, state slot, step count or gradient has been changed.
 *
 * <pre>{@code
 * try { opt.step(); } catch (NonFiniteGradientException e) { log.warn("{} at {}", e.parameter(), e.index()); }
 * }</pre>
 */
public final class NonFiniteGradientException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final int index;
    private final float value;

    NonFiniteGradientException(String parameter, int index, float value, long step) {
        super("gradient of parameter '" + parameter + "' is " + value + " at index " + index + "; step " + step
                + " not applied, parameters and optimizer state unchanged");
        this.parameter = parameter;
        this.index = index;
        this.value = value;
    }

    /** A finite gradient whose step would make {@code what} non-finite, refused before any write. */
    NonFiniteGradientException(String parameter, int index, float value, long step, String what) {
        super("gradient of parameter '" + parameter + "' is " + value + " at index " + index + ", where " + what
                + "; step " + step + " not applied, parameters and optimizer state unchanged");
        this.parameter = parameter;
        this.index = index;
        this.value = value;
    }

    /** Name of the first parameter with a non-finite gradient. */
    public String parameter() {
        return parameter;
    }

    /** Flat index of the first non-finite element of that gradient. */
    public int index() {
        return index;
    }

    /** The offending value: NaN or an infinity. */
    public float value() {
        return value;
    }
}
