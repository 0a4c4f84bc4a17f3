package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adamax, the infinity-norm variant of Adam (Kingma and Ba 2015, section 7.1), following
 * {@code torch.optim.Adamax}:
 * <pre>
 *   g = (maximize ? -grad : grad) + weightDecay * w
 *   m = beta1 * m + (1 - beta1) * g
 *   u = max(beta2 * u, |g| + eps)
 *   w = w - lr / (1 - beta1^t) * m / u
 * </pre>
 * Defaults are PyTorch's: {@code lr 2e-3, betas (0.9, 0.999), eps 1e-8}. State slots:
 * {@code exp_avg}, {@code exp_inf}.
 *
 * <pre>{@code
 * Optimizer opt = Adamax.builder().lr(1e-3).build().on(params);
 * }</pre>
 */
public final class Adamax extends UpdateRule {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean maximize;

    private Adamax(Builder b) {
        super("adamax", b.lr, SLOTS);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.maximize = b.maximize;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("exp_avg", "exp_inf");


    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, -(c.lr() / (1 - Math.pow(beta1, c.step()))));
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] m = slots[0];
        float[] u = slots[1];
        float negClr = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float wi = w[i];
            float gi = sign * g[i] + wd * wi;
            float mi = m[i] * b1 + oneMinusB1 * gi;
            float ui = Math.max(u[i] * b2, Math.abs(gi) + e);
            m[i] = mi;
            u[i] = ui;
            w[i] = wi + negClr * mi / ui;
        }
    }

    /** Builder for {@link Adamax}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, Adamax> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;

        private Builder() {
            super(2e-3, 0);
        }

        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitInterval("beta1", beta1);
            this.beta2 = Checks.unitInterval("beta2", beta2);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        @Override
        public Adamax build() {
            return new Adamax(this);
        }
    }
}
