package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaGrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 2011): each coordinate gets its own rate
 * {@code lr / (sqrt(G) + eps)}, {@code G} the running sum of squared gradients.
 *
 * <p>Per step {@code t} (1-based), following {@code torch.optim.Adagrad} option by option:
 * <pre>
 *   g   = maximize ? -grad : grad
 *   g   = g + weightDecay * w                    (L2 added to the gradient)
 *   clr = lr / (1 + (t - 1) * lrDecay)
 *   G   = G + g * g                               (G starts at initialAccumulator)
 *   w   = w - clr * g / (sqrt(G) + eps)           (epsInsideSqrt: w - clr * g / sqrt(G + eps))
 * </pre>
 * Defaults are PyTorch's: {@code lr 0.01, lrDecay 0, weightDecay 0, initialAccumulator 0,
 * eps 1e-10}, eps outside the square root. State slot: {@code sum}.
 *
 * <pre>{@code
 * AdaGrad ada = new AdaGrad(0.01);                       // numpy-class style
 * ada.update(Map.of("w", w), Map.of("w", dw));
 * Optimizer opt = AdaGrad.builder().lr(0.05).initialAccumulator(0.1).build().on(params);
 * Optimizer keras = AdaGrad.keras().on(params);          // Keras 3 conventions
 * }</pre>
 */
public final class AdaGrad extends UpdateRule {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulator;
    private final double eps;
    private final boolean epsInsideSqrt;
    private final boolean maximize;

    /** AdaGrad with learning rate {@code lr} and PyTorch's defaults for everything else. */
    public AdaGrad(double lr) {
        this(builder().lr(lr));
    }

    private AdaGrad(Builder b) {
        super("adagrad", b.lr, SLOTS);
        this.lrDecay = b.lrDecay;
        this.weightDecay = b.weightDecay;
        this.initialAccumulator = b.initialAccumulator;
        this.eps = b.eps;
        this.epsInsideSqrt = b.epsInsideSqrt;
        this.maximize = b.maximize;
    }

    /** A builder starting from PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code torch.optim.Adagrad} defaults: lr 0.01, initial accumulator 0, eps 1e-10 outside the square root. */
    public static AdaGrad pytorch() {
        return builder().build();
    }

    /**
     * {@code keras.optimizers.Adagrad} (Keras 3) defaults: lr 0.001, initial accumulator 0.1,
     * eps 1e-7 <em>inside</em> the square root ({@code w -= lr * g / sqrt(G + eps)}). Keras'
     * {@code weight_decay} is decoupled (AdamW-style) and not part of this preset; this class's
     * {@code weightDecay} is PyTorch's L2 term.
     */
    public static AdaGrad keras() {
        return kerasBuilder().build();
    }

    /** A builder starting from the {@link #keras()} preset. */
    public static Builder kerasBuilder() {
        return builder().lr(0.001).initialAccumulator(0.1).eps(1e-7).epsInsideSqrt(true);
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
        m.put("lrDecay", lrDecay);
        m.put("weightDecay", weightDecay);
        m.put("initialAccumulator", initialAccumulator);
        m.put("eps", eps);
        m.put("epsInsideSqrt", epsInsideSqrt);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, -(c.lr() / (1 + (c.step() - 1) * lrDecay)));
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float[] sum = slots[0];
        float negClr = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        float e = (float) eps;
        if (epsInsideSqrt) {
            for (int i = from; i < to; i++) {
                float wi = w[i];
                float gi = sign * g[i] + wd * wi;
                float h = sum[i] + gi * gi;
                sum[i] = h;
                w[i] = wi + negClr * gi / (float) Math.sqrt(h + e);
            }
        } else {
            for (int i = from; i < to; i++) {
                float wi = w[i];
                float gi = sign * g[i] + wd * wi;
                float h = sum[i] + gi * gi;
                sum[i] = h;
                w[i] = wi + negClr * gi / ((float) Math.sqrt(h) + e);
            }
        }
    }

    @Override
    boolean hasRowKernel(int width) {
        return Simd.AVAILABLE && SimdKernels.suits(width);
    }

    @Override
    void applyRows(float[] w, float[][] slots, SparseGradient rows, int from, int to, StepContext c) {
        SimdKernels.adagrad(w, slots[0], rows, from, to, (float) c.get(0), maximize ? -1f : 1f, (float) weightDecay,
                (float) eps, epsInsideSqrt);
    }

    /** Builder for {@link AdaGrad}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, AdaGrad> {
        private double lrDecay;
        private double initialAccumulator;
        private double eps = 1e-10;
        private boolean epsInsideSqrt;

        private Builder() {
            super(0.01, 0);
        }

        /** PyTorch {@code lr_decay}: the step's rate is {@code lr / (1 + (t - 1) * lrDecay)}. */
        public Builder lrDecay(double lrDecay) {
            this.lrDecay = Checks.nonNegative("lrDecay", lrDecay);
            return this;
        }

        /** Starting value of the accumulator {@code G} (PyTorch {@code initial_accumulator_value}). */
        public Builder initialAccumulator(double initialAccumulator) {
            this.initialAccumulator = Checks.nonNegative("initialAccumulator", initialAccumulator);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        /** true: {@code g / sqrt(G + eps)} (Keras 3); false: {@code g / (sqrt(G) + eps)} (PyTorch, default). */
        public Builder epsInsideSqrt(boolean epsInsideSqrt) {
            this.epsInsideSqrt = epsInsideSqrt;
            return this;
        }

        @Override
        public AdaGrad build() {
            return new AdaGrad(this);
        }
    }
}
