package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ParameterException;
import java.util.Locale;

/**
 * The losses of the stream learner on a linear score {@code p}: each gives the loss of one
 * example and its derivative in {@code p}, which the learner multiplies by every feature's value
 * (and the importance weight) to get the gradient.
 *
 * <ul>
 *   <li>{@code logistic}: labels {0, 1} or {-1, 1}; {@code log(1 + exp(-y p))} with {@code y = ±1},
 *       the log-loss of the probability {@code sigmoid(p)};
 *   <li>{@code squared}: any number; {@code (p - y)^2}, derivative {@code 2 (p - y)}, as PyTorch's
 *       {@code MSELoss};
 *   <li>{@code hinge}: labels as logistic; {@code max(0, 1 - y p)}.
 * </ul>
 *
 * <pre>{@code
 * OnlineLoss l = OnlineLoss.of("logistic");
 * double loss = l.loss(0.3, 1), slope = l.derivative(0.3, 1);
 * }</pre>
 */
public enum OnlineLoss {
    LOGISTIC, SQUARED, HINGE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnlineLoss of(String id) {
        for (OnlineLoss l : values()) {
            if (l.id().equalsIgnoreCase(id)) {
                return l;
            }
        }
        throw new ParameterException("loss", id, "expected logistic, squared or hinge");
    }

    /** Whether the model is a two-class classifier (logistic, hinge) rather than a regression. */
    public boolean classifies() {
        return this != SQUARED;
    }

    /** The loss of score {@code p} for label {@code y} (for classifiers, {@code y} is -1 or 1). */
    public double loss(double p, double y) {
        return switch (this) {
            case LOGISTIC -> {
                double m = -y * p;
                yield m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
            }
            case SQUARED -> (p - y) * (p - y);
            case HINGE -> Math.max(0, 1 - y * p);
        };
    }

    /** The derivative of {@link #loss} in {@code p}. */
    public double derivative(double p, double y) {
        return switch (this) {
            case LOGISTIC -> -y / (1 + Math.exp(y * p));
            case SQUARED -> 2 * (p - y);
            case HINGE -> y * p < 1 ? -y : 0;
        };
    }

    /**
     * The second derivative of {@link #loss} in {@code p}, the curvature a filtering rule
     * ({@code kalman}) weighs an example by: {@code sigmoid(p) (1 - sigmoid(p))} for logistic, 2 for
     * squared, 0 for hinge (flat or linear on either side of its kink).
     */
    public double curvature(double p) {
        return switch (this) {
            case LOGISTIC -> {
                double e = Math.exp(-Math.abs(p));
                yield e / ((1 + e) * (1 + e));
            }
            case SQUARED -> 2;
            case HINGE -> 0;
        };
    }

    /** What the model answers for score {@code p}: the probability of the positive class, or the value. */
    public double prediction(double p) {
        return this == SQUARED ? p : 1 / (1 + Math.exp(-p));
    }
}
