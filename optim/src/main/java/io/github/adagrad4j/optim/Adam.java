package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with AMSGrad
 * (Reddi et al., ICLR 2018), following {@code torch.optim.Adam}:
 * <pre>
 *   g  = (maximize ? -grad : grad) + weightDecay * w        (L2; see {@link AdamW} for decoupled decay)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g * g
 *   vh = amsgrad ? (vmax = max(vmax, v)) : v
 *   w  = w - lr / (1 - beta1^t) * m / (sqrt(vh) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Defaults are PyTorch's: {@code lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0}.
 * State slots: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 *
 * <pre>{@code
 * Optimizer opt = Adam.builder().lr(3e-4).betas(0.9, 0.98).amsgrad(true).build().on(params);
 * }</pre>
 */
public class Adam extends UpdateRule {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean maximize;
    private final boolean decoupled;

    /** Adam with learning rate {@code lr} and PyTorch's defaults for everything else. */
    public Adam(double lr) {
        this(builder().lr(lr), false);
    }

    Adam(Builder b, boolean decoupled) {
        super(decoupled ? "adamw" : "adam", b.lr, b.amsgrad ? AMS_SLOTS : SLOTS);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.amsgrad = b.amsgrad;
        this.maximize = b.maximize;
        this.decoupled = decoupled;
    }

    public static Builder builder() {
        return new Builder(0.0);
    }



    private static final List<String> SLOTS = slots("exp_avg", "exp_avg_sq");
    private static final List<String> AMS_SLOTS = slots("exp_avg", "exp_avg_sq", "max_exp_avg_sq");


    @Override
    public final Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("amsgrad", amsgrad);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected final void prepare(StepContext c) {
        double t = c.step();
        c.set(0, -(c.lr() / (1 - Math.pow(beta1, t))));
        c.set(1, Math.sqrt(1 - Math.pow(beta2, t)));
        // AdamW shrinks the weight before the moment update: w *= 1 - lr * weightDecay.
        c.set(2, decoupled ? 1 - c.lr() * weightDecay : 1);
    }

    @Override
    protected final void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] m = slots[0];
        float[] v = slots[1];
        float negStep = (float) c.get(0);
        float bc2Sqrt = (float) c.get(1);
        float shrink = (float) c.get(2);
        float sign = maximize ? -1f : 1f;
        float wd = decoupled ? 0f : (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float e = (float) eps;
        if (amsgrad) {
            float[] vmax = slots[2];
            for (int i = from; i < to; i++) {
                float wi = w[i] * shrink;
                float gi = sign * g[i] + wd * wi;
                float mi = m[i] * b1 + oneMinusB1 * gi;
                float vi = v[i] * b2 + oneMinusB2 * gi * gi;
                float vh = Math.max(vmax[i], vi);
                m[i] = mi;
                v[i] = vi;
                vmax[i] = vh;
                w[i] = wi + negStep * mi / ((float) Math.sqrt(vh) / bc2Sqrt + e);
            }
        } else {
            for (int i = from; i < to; i++) {
                float wi = w[i] * shrink;
                float gi = sign * g[i] + wd * wi;
                float mi = m[i] * b1 + oneMinusB1 * gi;
                float vi = v[i] * b2 + oneMinusB2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] = wi + negStep * mi / ((float) Math.sqrt(vi) / bc2Sqrt + e);
            }
        }
    }

    /** Builder for {@link Adam} and {@link AdamW}; each setter validates at once and names the bad value. */
    public static class Builder extends RuleBuilder<Builder, Adam> {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        boolean amsgrad;

        Builder(double weightDecay) {
            super(1e-3, weightDecay);
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

        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        @Override
        public Adam build() {
            return new Adam(this, false);
        }
    }
}
