package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013,
 * Algorithm 1), per coordinate, with TensorFlow's {@code learning_rate_power} generalisation:
 * <pre>
 *   sigma = (n_new^(-p) - n^(-p)) / alpha          n_new = n + g*g,  p = lrPower (-0.5: square roots)
 *   z     = z + g - sigma * w;   n = n_new
 *   w     = |z| &lt;= l1 ? 0 : -(z - sign(z) * l1) / ((beta + n^(-p)) / alpha + l2)
 * </pre>
 * {@code alpha} is the (scheduled) learning rate. Weights whose accumulated evidence {@code |z|}
 * stays below {@code l1} are exactly zero: the model is sparse. The weight is a function of the
 * state, so a parameter should start at zero. Note that TensorFlow's {@code Ftrl} has no
 * {@code beta} and puts {@code 2 * l2} in the denominator: pass twice TensorFlow's
 * {@code l2_regularization_strength} to match it. State slots: {@code z}, {@code n}.
 *
 * <p>Sparse gradients are exact on touched rows, and untouched rows are exactly what the dense
 * rule would leave (g = 0 changes neither z nor n).
 *
 * <pre>{@code
 * Optimizer opt = Ftrl.builder().alpha(0.1).beta(1).l1(1.0).l2(0.1).build().on(List.of(weights));
 * }</pre>
 */
public final class Ftrl extends UpdateRule {
    private final double beta;
    private final double l1;
    private final double l2;
    private final double lrPower;
    private final double initialAccumulator;

    private Ftrl(Builder b) {
        super("ftrl", b.alpha, SLOTS);
        this.beta = b.beta;
        this.l1 = b.l1;
        this.l2 = b.l2;
        this.lrPower = b.lrPower;
        this.initialAccumulator = b.initialAccumulator;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static final List<String> SLOTS = slots("z", "n");

    @Override
    public float initialValue(int slot) {
        return slot == 1 ? (float) initialAccumulator : 0f;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", lr());
        m.put("beta", beta);
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("lrPower", lrPower);
        m.put("initialAccumulator", initialAccumulator);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, 1 / c.lr());
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        double invAlpha = c.get(0);
        int i = from;
        if (lrPower == -0.5 && Simd.AVAILABLE && to - from >= SimdKernels.doubleLanes()) {
            // Three square roots and a division per element in double precision: four or eight lanes at a time.
            i = SimdKernels.ftrl(w, g, slots[0], slots[1], from, to, invAlpha, beta, l1, l2);
        }
        scalar(w, g, slots, i, to, invAlpha);
    }

    /** {@link #apply} element by element; what the vector kernel does lane by lane. */
    void scalar(float[] w, float[] g, float[][] slots, int from, int to, double invAlpha) {
        float[] z = slots[0];
        float[] n = slots[1];
        boolean sqrt = lrPower == -0.5;
        for (int i = from; i < to; i++) {
            // Double precision: z accumulates many small terms and the threshold |z| <= l1 decides exact zeros.
            double gi = g[i];
            double ni = n[i];
            double nNew = ni + gi * gi;
            double rootNew = sqrt ? Math.sqrt(nNew) : Math.pow(nNew, -lrPower);
            double rootOld = sqrt ? Math.sqrt(ni) : Math.pow(ni, -lrPower);
            float zi = (float) (z[i] + gi - (rootNew - rootOld) * invAlpha * w[i]);
            float nf = (float) nNew;
            z[i] = zi;
            n[i] = nf;
            // The weight is computed from the stored state, so recomputing it (a zero gradient) changes nothing.
            double root = sqrt ? Math.sqrt(nf) : Math.pow(nf, -lrPower);
            w[i] = Math.abs(zi) <= l1 ? 0f
                    : (float) (-(zi - Math.signum(zi) * l1) / ((beta + root) * invAlpha + l2));
        }
    }

    /** Builder for {@link Ftrl}; defaults alpha 0.1, beta 1, l1 = l2 = 0, lrPower -0.5, initial accumulator 0. */
    public static final class Builder {
        private double alpha = 0.1;
        private double beta = 1.0;
        private double l1;
        private double l2;
        private double lrPower = -0.5;
        private double initialAccumulator;

        private Builder() {
        }

        /** The learning rate alpha. */
        public Builder alpha(double alpha) {
            this.alpha = Checks.positive("alpha", alpha);
            return this;
        }

        public Builder beta(double beta) {
            this.beta = Checks.nonNegative("beta", beta);
            return this;
        }

        public Builder l1(double l1) {
            this.l1 = Checks.nonNegative("l1", l1);
            return this;
        }

        public Builder l2(double l2) {
            this.l2 = Checks.nonNegative("l2", l2);
            return this;
        }

        /** TensorFlow's learning_rate_power, in [-1, 0]; -0.5 is the paper's square root. */
        public Builder lrPower(double lrPower) {
            if (!(lrPower >= -1 && lrPower <= 0)) {
                throw new IllegalArgumentException("lrPower must be in [-1, 0], got " + lrPower);
            }
            this.lrPower = lrPower;
            return this;
        }

        /** Starting value of n (TensorFlow's initial_accumulator_value, 0.1 there). */
        public Builder initialAccumulator(double initialAccumulator) {
            this.initialAccumulator = Checks.nonNegative("initialAccumulator", initialAccumulator);
            return this;
        }

        public Ftrl build() {
            return new Ftrl(this);
        }
    }
}
