package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code torch.optim.SparseAdam}: Adam for sparse gradients, lazily, on touched rows
 * only (moments of untouched rows neither decay nor move their weights):
 * <pre>
 *   m += (1 - beta1) * (g - m);   v += (1 - beta2) * (g * g - v)
 *   w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
 * </pre>
 * {@code t} counts the parameter's steps, not the row's. It differs from {@link Adam} (whose sparse
 * path is the same lazy update) only in where eps sits: here it is added to {@code sqrt(v)} before
 * the bias correction, in Adam after. No weight decay, as in PyTorch. State slots:
 * {@code exp_avg}, {@code exp_avg_sq}.
 *
 * <pre>{@code
 * Optimizer opt = SparseAdam.builder().lr(1e-3).build().on(List.of(embeddingTable));
 * }</pre>
 */
public final class SparseAdam extends UpdateRule {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean maximize;

    private SparseAdam(Builder b) {
        super("sparseadam", b.lr, SLOTS);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.maximize = b.maximize;
    }

    public static Builder builder() {
        return new Builder();
    }



    private static final List<String> SLOTS = slots("exp_avg", "exp_avg_sq");


    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        double t = c.step();
        c.set(0, -(c.lr() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t))));
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] m = slots[0];
        float[] v = slots[1];
        float negStep = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float e = (float) eps;
        for (int i = from; i < to; i++) {
            float gi = sign * g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusB1;
            float vi = v[i] + (gi * gi - v[i]) * oneMinusB2;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] + negStep * (mi / ((float) Math.sqrt(vi) + e));
        }
    }

    @Override
    boolean hasRowKernel(int width) {
        return Simd.AVAILABLE && SimdKernels.suits(width);
    }

    @Override
    void applyRows(float[] w, float[][] slots, SparseGradient rows, int from, int to, StepContext c) {
        SimdKernels.sparseAdam(w, slots[0], slots[1], rows, from, to, (float) c.get(0), maximize ? -1f : 1f,
                (float) (1 - beta1), (float) (1 - beta2), (float) eps);
    }

    /** Builder for {@link SparseAdam}: PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8). */
    public static final class Builder {
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private boolean maximize;

        private Builder() {
        }

        public Builder lr(double lr) {
            this.lr = Checks.positive("lr", lr);
            return this;
        }

        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitInterval("beta1", beta1);
            this.beta2 = Checks.unitInterval("beta2", beta2);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.positive("eps", eps);
            return this;
        }

        public Builder maximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        public SparseAdam build() {
            return new SparseAdam(this);
        }
    }
}
