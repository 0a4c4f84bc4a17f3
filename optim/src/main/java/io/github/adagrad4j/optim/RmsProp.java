package io.github.adagrad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton, Coursera lecture 6e; centered form from Graves 2013), following
 * {@code torch.optim.RMSprop}:
 * <pre>
 *   g   = (maximize ? -grad : grad) + weightDecay * w
 *   s   = alpha * s + (1 - alpha) * g * g
 *   avg = centered ? sqrt(s - ga * ga) + eps  (ga = alpha * ga + (1 - alpha) * g)  : sqrt(s) + eps
 *   momentum > 0:  b = momentum * b + g / avg;  w = w - lr * b
 *   otherwise:     w = w - lr * g / avg
 * </pre>
 * Note that eps sits outside the square root (PyTorch), where Keras puts it inside. Defaults are
 * PyTorch's: {@code lr 0.01, alpha 0.99, eps 1e-8}. State slots: {@code square_avg}, then
 * {@code momentum_buffer} (momentum > 0) and {@code grad_avg} (centered).
 *
 * <pre>{@code
 * Optimizer opt = RmsProp.builder().lr(1e-3).centered(true).momentum(0.9).build().on(params);
 * }</pre>
 */
public final class RmsProp extends UpdateRule {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;
    private final boolean maximize;

    /** RMSprop with learning rate {@code lr} and PyTorch's defaults for everything else. */
    public RmsProp(double lr) {
        this(builder().lr(lr));
    }

    private RmsProp(Builder b) {
        super("rmsprop", b.lr, slotsFor(b.momentum, b.centered));
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.momentum = b.momentum;
        this.centered = b.centered;
        this.maximize = b.maximize;
    }

    /** square_avg, then momentum_buffer (momentum > 0) and grad_avg (centered), as PyTorch names them. */
    private static List<String> slotsFor(double momentum, boolean centered) {
        List<String> names = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) {
            names.add("momentum_buffer");
        }
        if (centered) {
            names.add("grad_avg");
        }
        return Collections.unmodifiableList(names);
    }

    public static Builder builder() {
        return new Builder();
    }




    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("alpha", alpha);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("momentum", momentum);
        m.put("centered", centered);
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
        float negLr = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float e = (float) eps;
        if (momentum == 0 && !centered) {
            for (int i = from; i < to; i++) {
                float wi = w[i];
                float gi = sign * g[i] + wd * wi;
                float s = sq[i] * a + oneMinusA * gi * gi;
                sq[i] = s;
                w[i] = wi + negLr * gi / ((float) Math.sqrt(s) + e);
            }
            return;
        }
        float[] buf = momentum > 0 ? slots[1] : null;
        float[] ga = centered ? slots[slots.length - 1] : null;
        float mu = (float) momentum;
        for (int i = from; i < to; i++) {
            float wi = w[i];
            float gi = sign * g[i] + wd * wi;
            float s = sq[i] * a + oneMinusA * gi * gi;
            sq[i] = s;
            float avg;
            if (centered) {
                float gai = ga[i] * a + oneMinusA * gi;
                ga[i] = gai;
                avg = (float) Math.sqrt(s - gai * gai) + e;
            } else {
                avg = (float) Math.sqrt(s) + e;
            }
            if (buf != null) {
                float b = buf[i] * mu + gi / avg;
                buf[i] = b;
                w[i] = wi + negLr * b;
            } else {
                w[i] = wi + negLr * gi / avg;
            }
        }
    }

    /** Builder for {@link RmsProp}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, RmsProp> {
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;

        private Builder() {
            super(0.01, 0);
        }

        /** Decay of the squared-gradient average (Keras calls it {@code rho}). */
        public Builder alpha(double alpha) {
            this.alpha = Checks.unitInterval("alpha", alpha);
            return this;
        }

        public Builder eps(double eps) {
            this.eps = Checks.nonNegative("eps", eps);
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = Checks.unitInterval("momentum", momentum);
            return this;
        }

        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        @Override
        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
