package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012), following
 * {@code torch.optim.Adadelta}:
 * <pre>
 *   g     = (maximize ? -grad : grad) + weightDecay * w
 *   s     = rho * s + (1 - rho) * g * g
 *   delta = sqrt(u + eps) / sqrt(s + eps) * g
 *   u     = rho * u + (1 - rho) * delta * delta
 *   w     = w - lr * delta
 * </pre>
 * Defaults are PyTorch's: {@code lr 1.0, rho 0.9, eps 1e-6}. State slots: {@code square_avg},
 * {@code acc_delta}.
 *
 * <pre>{@code
 * Optimizer opt = Adadelta.builder().rho(0.95).build().on(params);
 * }</pre>
 */
public final class Adadelta extends UpdateRule {
    private final double rho;
    private final double eps;
    private final double weightDecay;
    private final boolean maximize;

    private Adadelta(Builder b) {
        super("adadelta", b.lr, SLOTS);
        this.rho = b.rho;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.maximize = b.maximize;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("square_avg", "acc_delta");


    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("rho", rho);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, -c.lr());
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] sq = slots[0];
        float[] acc = slots[1];
        float negLr = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        float r = (float) rho;
        float oneMinusR = (float) (1 - rho);
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float wi = w[i];
            float gi = sign * g[i] + wd * wi;
            float s = sq[i] * r + oneMinusR * gi * gi;
            sq[i] = s;
            float delta = (float) Math.sqrt(acc[i] + e) / (float) Math.sqrt(s + e) * gi;
            acc[i] = acc[i] * r + oneMinusR * delta * delta;
            w[i] = wi + negLr * delta;
        }
    }

    /** Builder for {@link Adadelta}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, Adadelta> {
        private double rho = 0.9;
        private double eps = 1e-6;

        private Builder() {
            super(1.0, 0);
        }

        public Builder rho(double rho) {
            this.rho = Checks.closedUnitInterval("rho", rho);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        @Override
        public Adadelta build() {
            return new Adadelta(this);
        }
    }
}
