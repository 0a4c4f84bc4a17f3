package io.github.adagrad4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, following
 * {@code torch.optim.SGD}:
 * <pre>
 *   d = (maximize ? -grad : grad) + weightDecay * w
 *   b = (t == 1) ? d : momentum * b + (1 - dampening) * d       (only when momentum != 0)
 *   d = nesterov ? d + momentum * b : b
 *   w = w - lr * d
 * </pre>
 * State slot (only with momentum): {@code momentum_buffer}.
 *
 * <p>The exponential-moving-average momentum of many textbooks, {@code v = beta v + (1 - beta) g},
 * is {@code momentum(beta).dampening(beta)} (apart from the first step, where PyTorch starts the
 * buffer at the gradient itself rather than at {@code (1 - beta) g}).
 *
 * <pre>{@code
 * Optimizer opt = Sgd.builder().lr(0.1).momentum(0.9).nesterov(true).build().on(params);
 * new Sgd(0.01).update(params, grads);   // plain SGD on named arrays
 * }</pre>
 */
public final class Sgd extends UpdateRule {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final boolean maximize;

    /** Plain SGD with learning rate {@code lr}. */
    public Sgd(double lr) {
        this(builder().lr(lr));
    }

    private Sgd(Builder b) {
        super("sgd", b.lr, b.momentum == 0 ? List.of() : SLOTS);
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.weightDecay = b.weightDecay;
        this.nesterov = b.nesterov;
        this.maximize = b.maximize;
    }

    public static Builder builder() {
        return new Builder();
    }




    private static final List<String> SLOTS = slots("momentum_buffer");

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("weightDecay", weightDecay);
        m.put("nesterov", nesterov);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    protected void prepare(StepContext c) {
        c.set(0, -c.lr());
    }

    @Override
    protected void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext c) {
        float negLr = (float) c.get(0);
        float sign = maximize ? -1f : 1f;
        float wd = (float) weightDecay;
        if (momentum == 0) {
            for (int i = from; i < to; i++) {
                float wi = w[i];
                w[i] = wi + negLr * (sign * g[i] + wd * wi);
            }
            return;
        }
        float[] buf = slots[0];
        float mu = (float) momentum;
        float keep = (float) (1 - dampening);
        boolean first = c.step() == 1;
        for (int i = from; i < to; i++) {
            float wi = w[i];
            float d = sign * g[i] + wd * wi;
            float b = first ? d : buf[i] * mu + keep * d;
            buf[i] = b;
            w[i] = wi + negLr * (nesterov ? d + mu * b : b);
        }
    }

    /** Builder for {@link Sgd}; each setter validates at once and names the bad value. */
    public static final class Builder extends RuleBuilder<Builder, Sgd> {
        private double momentum;
        private double dampening;
        private boolean nesterov;

        private Builder() {
            super(0.001, 0);
        }

        public Builder momentum(double momentum) {
            this.momentum = Checks.unitInterval("momentum", momentum);
            return this;
        }

        public Builder dampening(double dampening) {
            this.dampening = Checks.closedUnitInterval("dampening", dampening);
            return this;
        }

        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        @Override
        public Sgd build() {
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov requires momentum > 0 and dampening = 0, got momentum="
                        + momentum + ", dampening=" + dampening);
            }
            return new Sgd(this);
        }
    }
}
