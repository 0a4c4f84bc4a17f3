package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaGrad with L1/L2 regularisation in its proximal (composite mirror descent) form (Duchi, Hazan
 * and Singer 2011, section 4; TensorFlow's {@code ProximalAdagrad}): a plain AdaGrad step, then
 * the closed-form proximal step of the regulariser with each coordinate's own rate:
 * <pre>
 *   G = G + g * g;   a = lr / (sqrt(G) + eps)
 *   v = w - a * g
 *   w = sign(v) * max(|v| - a * l1, 0) / (1 + a * l2)
 * </pre>
 * Coordinates pushed within {@code a * l1} of zero become exactly zero. State slot: {@code sum}
 * (starts at {@code initialAccumulator}, TensorFlow's 0.1 by default).
 *
 * <p>Sparse gradients are exact on touched rows; untouched rows are not shrunk until next
 * touched (the dense rule shrinks every coordinate each step when l1 or l2 is set).
 *
 * <pre>{@code
 * Optimizer opt = ProximalAdaGrad.builder().lr(0.1).l1(1e-3).build().on(List.of(weights));
 * }</pre>
 */
public final class ProximalAdaGrad extends UpdateRule {
    private final double l1;
    private final double l2;
    private final double initialAccumulator;
    private final double eps;

    private ProximalAdaGrad(Builder b) {
        super("proximal-adagrad", b.lr, SLOTS);
        this.l1 = b.l1;
        this.l2 = b.l2;
        this.initialAccumulator = b.initialAccumulator;
        this.eps = b.eps;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("sum");


    @Override
    public float initialValue(int slot) {
        return (float) initialAccumulator;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("initialAccumulator", initialAccumulator);
        m.put("eps", eps);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, c.lr());
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] sum = slots[0];
        float rate = (float) c.get(0);
        float e = (float) eps;
        float l1f = (float) l1;
        float l2f = (float) l2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float h = sum[i] + gi * gi;
            sum[i] = h;
            float a = rate / ((float) Math.sqrt(h) + e);
            float v = w[i] - a * gi;
            float shrunk = Math.max(Math.abs(v) - a * l1f, 0f);
            w[i] = Math.copySign(shrunk, v) / (1 + a * l2f);
        }
    }

    /** Builder for {@link ProximalAdaGrad}; defaults lr 0.01, l1 = l2 = 0, initial accumulator 0.1, eps 1e-10. */
    public static final class Builder {
        private double lr = 0.01;
        private double l1;
        private double l2;
        private double initialAccumulator = 0.1;
        private double eps = 1e-10;

        private Builder() {
        }

        public Builder lr(double lr) {
            this.lr = Checks.positive("lr", lr);
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

        public Builder initialAccumulator(double initialAccumulator) {
            this.initialAccumulator = Checks.nonNegative("initialAccumulator", initialAccumulator);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        public ProximalAdaGrad build() {
            if (initialAccumulator == 0 && eps == 0) {
                throw new IllegalArgumentException("initialAccumulator or eps must be > 0: a coordinate whose first "
                        + "gradient is 0 would get rate lr / 0");
            }
            return new ProximalAdaGrad(this);
        }
    }
}
