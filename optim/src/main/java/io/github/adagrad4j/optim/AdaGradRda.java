package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaGrad with L1/L2 regularisation in its regularised-dual-averaging form (Duchi, Hazan and
 * Singer 2011, section 3, after Xiao 2010; TensorFlow's {@code AdagradDA}): with {@code u} the sum
 * of gradients, {@code G} the sum of their squares and {@code t} the step count,
 * <pre>
 *   w = |u| / t &lt;= l1 ? 0 : -sign(u) * (|u| / t - l1) / (l2 + (delta + sqrt(G)) / (lr * t))
 * </pre>
 * the minimiser of {@code <u/t, w> + l1 |w| + l2/2 w^2 + (delta + sqrt(G)) w^2 / (2 lr t)}.
 * Coordinates whose average gradient stays within {@code l1} are exactly zero. State slots:
 * {@code grad_sum}, {@code sum}.
 *
 * <p>Sparse gradients are exact on touched rows. An untouched row keeps its weight until it is
 * next touched, where the dense rule would shrink it as {@code t} grows (its {@code u} and
 * {@code G} are unchanged, so its next update is exact again).
 *
 * <pre>{@code
 * Optimizer opt = AdaGradRda.builder().lr(0.1).l1(0.01).build().on(List.of(weights));
 * }</pre>
 */
public final class AdaGradRda extends UpdateRule {
    private final double l1;
    private final double l2;
    private final double delta;

    private AdaGradRda(Builder b) {
        super("adagrad-rda", b.lr, SLOTS);
        this.l1 = b.l1;
        this.l2 = b.l2;
        this.delta = b.delta;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("grad_sum", "sum");


    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("delta", delta);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, c.step());
        c.set(1, 1 / (c.lr() * c.step()));
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] u = slots[0];
        float[] sum = slots[1];
        double t = c.get(0);
        double invLrT = c.get(1);
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float ui = u[i] + gi;
            float si = sum[i] + gi * gi;
            u[i] = ui;
            sum[i] = si;
            double avg = Math.abs(ui) / t;
            w[i] = avg <= l1 ? 0f : (float) (-Math.signum(ui) * (avg - l1) / (l2 + (delta + Math.sqrt(si)) * invLrT));
        }
    }

    /** Builder for {@link AdaGradRda}; defaults lr 0.1, l1 = l2 = 0, delta 0. */
    public static final class Builder {
        private double lr = 0.1;
        private double l1;
        private double l2;
        private double delta;

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

        /** Added to sqrt(G) in the denominator (the paper's delta). */
        public Builder delta(double delta) {
            this.delta = Checks.nonNegative("delta", delta);
            return this;
        }

        public AdaGradRda build() {
            return new AdaGradRda(this);
        }
    }
}
