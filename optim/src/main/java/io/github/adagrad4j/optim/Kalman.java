package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diagonal extended Kalman filter over the weights of a linear model, the Bayesian online
 * learner of click-through prediction (as AdPredictor, Graepel et al. 2010, with the loss's own
 * curvature in place of the probit's moments): each weight is a Gaussian with mean {@code w} and
 * variance {@code s}, and one example, with score {@code m = sum_k w_k x_k}, loss derivative
 * {@code r} and second derivative {@code h} in {@code m}, updates the coordinates it touches as
 * <pre>
 *   v   = sum_k s_k x_k^2                       (the score's variance)
 *   w_k = w_k - lr * s_k x_k r / (1 + h v)
 *   s_k = s_k (1 + h (v - s_k x_k^2)) / (1 + h v)
 * </pre>
 * A weight learns at the rate of its own uncertainty: fast while few examples have touched it
 * (about {@code 1/n} after {@code n} of them, where AdaGrad's rate falls as {@code 1/sqrt(n)}), and
 * the {@code 1 + h v} shares one example's step among its features, so that many new features in
 * one example do not all take a full step. {@code lr} scales the step of the means (1: the filter).
 * State slot: {@code variance}, every element starting at {@code priorVariance}.
 *
 * <p>It suits what the filter assumes: many sparse features (hashed ids, one-hot values) whose
 * weights are nearly independent. Dense numeric features present in every example are correlated,
 * and the diagonal filter, which treats them as independent, grows too certain of them and learns
 * them more slowly than AdaGrad does.
 *
 * <p>The update needs the example as a whole (its features' values and the loss's curvature), not
 * only a gradient: it steps through {@link Optimizer#observe}, as the stream learner calls it, and
 * {@link Optimizer#step}, {@link Optimizer#stepCoordinates} and {@link #update} refuse it.
 *
 * <pre>{@code
 * Optimizer opt = Kalman.builder().priorVariance(0.25).build().on(List.of(table));
 * opt.observe(0, new int[] {3, 17}, new float[] {1f, 0.5f}, 2, p - y, p * (1 - p));   // logistic
 * }</pre>
 */
public final class Kalman extends UpdateRule {
    private final double priorVariance;

    private Kalman(Builder b) {
        super("kalman", b.lr, SLOTS, false);
        this.priorVariance = b.priorVariance;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static final List<String> SLOTS = slots("variance");

    @Override
    public float initialValue(int slot) {
        return (float) priorVariance;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("prior_variance", priorVariance);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, c.lr());
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext ctx) {
        // Unreachable: the Optimizer refuses a gradient step of a rule that does not learn from gradients.
        throw new UnsupportedOperationException("kalman has no gradient step");
    }

    @Override
    void observe(float[] w, float[][] slots, float[] x, int count, double residual, double curvature, StepContext c) {
        float[] s = slots[0];
        double v = 0;
        for (int k = 0; k < count; k++) {
            double xk = x[k];
            v += s[k] * xk * xk;
        }
        double den = 1 + curvature * v;
        double step = c.get(0) * residual / den;
        for (int k = 0; k < count; k++) {
            double sk = s[k];
            double xk = x[k];
            double sx2 = sk * xk * xk;
            w[k] = (float) (w[k] - step * sk * xk);
            // s (1 + h (v - s x^2)) / (1 + h v) rather than s - h s^2 x^2 / (1 + h v): the same number, never below 0.
            s[k] = (float) (sk * (1 + curvature * (v - sx2)) / den);
        }
    }

    /** Builder for {@link Kalman}; defaults lr 1 (the filter), prior variance 0.25. */
    public static final class Builder {
        private double lr = 1;
        private double priorVariance = 0.25;

        private Builder() {
        }

        /** Scales the step of the means; 1 is the filter's own step. */
        public Builder lr(double lr) {
            this.lr = Checks.positive("lr", lr);
            return this;
        }

        /**
         * Every weight's variance before any example: how far a feature's weight may plausibly be
         * from 0 (0.25: a standard deviation of 0.5 on the score, a factor of 1.65 on the odds).
         */
        public Builder priorVariance(double priorVariance) {
            this.priorVariance = Checks.positive("priorVariance", priorVariance);
            return this;
        }

        public Kalman build() {
            return new Kalman(this);
        }
    }
}
