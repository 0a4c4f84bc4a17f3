package io.github.adagrad4j.optim;

/**
 * The options every rule's builder shares (learning rate, L2 weight decay, maximize), validated
 * once here; each rule's {@code Builder} adds its own.
 *
 * <pre>{@code
 * Adam adam = Adam.builder().lr(3e-4).weightDecay(1e-4).maximize(false).betas(0.9, 0.98).build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 * @param <R> the rule it builds
 */
public abstract class RuleBuilder<B extends RuleBuilder<B, R>, R extends UpdateRule> {
    double lr;
    double weightDecay;
    boolean maximize;

    RuleBuilder(double lr, double weightDecay) {
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** The base learning rate, before any schedule. */
    public B lr(double lr) {
        this.lr = Checks.positive("lr", lr);
        return self();
    }

    /** The weight-decay coefficient: an L2 term {@code g + weightDecay * w}, except where the rule says otherwise (AdamW). */
    public B weightDecay(double weightDecay) {
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
        return self();
    }

    /** Ascend the objective instead of descending it. */
    public B maximize(boolean maximize) {
        this.maximize = maximize;
        return self();
    }

    /** The rule, immutable. */
    public abstract R build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
