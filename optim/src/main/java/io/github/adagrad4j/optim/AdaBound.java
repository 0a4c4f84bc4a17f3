package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaBound and AMSBound (Luo, Xiong, Liu and Sun, "Adaptive Gradient Methods with Dynamic Bound
 * of Learning Rate", ICLR 2019): Adam whose per-coordinate step is clipped to bounds that both
 * converge to {@code finalLr}, so training moves from Adam-like to SGD-like. Follows the authors'
 * reference implementation:
 * <pre>
 *   g     = (maximize ? -grad : grad) + weightDecay * w
 *   m     = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g * g
 *   vh    = amsbound ? (vmax = max(vmax, v)) : v
 *   fl    = finalLr * lr_t / lr                          (follows the schedule)
 *   lower = fl * (1 - 1 / (gamma * t + 1));  upper = fl * (1 + 1 / (gamma * t))
 *   step  = clamp(lr_t * sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(vh) + eps), lower, upper)
 *   w     = w - step * m
 * </pre>
 * Defaults are the paper's: {@code lr 1e-3, betas (0.9, 0.999), finalLr 0.1, gamma 1e-3,
 * eps 1e-8}. State slots: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with
 * amsbound. PyTorch has no AdaBound; the tests check it against the formula above.
 *
 * <pre>{@code
 * Optimizer opt = AdaBound.builder().lr(1e-3).finalLr(0.1).amsbound(true).build().on(params);
 * }</pre>
 */
public final class AdaBound extends UpdateRule {
    private final double beta1;
    private final double beta2;
    private final double finalLr;
    private final double gamma;
    private final double eps;
    private final double weightDecay;
    private final boolean amsbound;
    private final boolean maximize;

    private AdaBound(Builder b) {
        super(b.amsbound ? "amsbound" : "adabound", b.lr, b.amsbound ? AMS_SLOTS : SLOTS);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.finalLr = b.finalLr;
        this.gamma = b.gamma;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.amsbound = b.amsbound;
        this.maximize = b.maximize;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("exp_avg", "exp_avg_sq");
    private static final List<String> AMS_SLOTS = slots("exp_avg", "exp_avg_sq", "max_exp_avg_sq");


    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("finalLr", finalLr);
        m.put("gamma", gamma);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("amsbound", amsbound);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        double t = c.step();
        double lrT = c.lr();
        double fl = finalLr * lrT / lr();
        c.set(0, lrT * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        c.set(1, fl * (1 - 1 / (gamma * t + 1)));
        c.set(2, fl * (1 + 1 / (gamma * t)));
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] m = slots[0];
        float[] v = slots[1];
        float[] vmax = amsbound ? slots[2] : null;
        float stepSize = (float) c.get(0);
        float lower = (float) c.get(1);
        float upper = (float) c.get(2);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float wi = w[i];
            float gi = sign * g[i] + wd * wi;
            float mi = m[i] * b1 + oneMinusB1 * gi;
            float vi = v[i] * b2 + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float vh = vi;
            if (vmax != null) {
                vh = Math.max(vmax[i], vi);
                vmax[i] = vh;
            }
            float step = Math.min(Math.max(stepSize / ((float) Math.sqrt(vh) + e), lower), upper);
            w[i] = wi - step * mi;
        }
    }

    /** Builder for {@link AdaBound}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, AdaBound> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double finalLr = 0.1;
        private double gamma = 1e-3;
        private double eps = 1e-8;
        private boolean amsbound;

        private Builder() {
            super(1e-3, 0);
        }

        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitInterval("beta1", beta1);
            this.beta2 = Checks.unitInterval("beta2", beta2);
            return this;
        }

        /** The SGD rate both bounds converge to. */
        public Builder finalLr(double finalLr) {
            this.finalLr = Checks.positive("finalLr", finalLr);
            return this;
        }

        /** Convergence speed of the bounds. */
        public Builder gamma(double gamma) {
            this.gamma = Checks.positive("gamma", gamma);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        /** The AMSBound variant: bound the step with the running maximum of {@code v}. */
        public Builder amsbound(boolean amsbound) {
            this.amsbound = amsbound;
            return this;
        }

        @Override
        public AdaBound build() {
            return new AdaBound(this);
        }
    }
}
