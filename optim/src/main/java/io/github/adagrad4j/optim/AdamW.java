package io.github.adagrad4j.optim;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), following
 * {@code torch.optim.AdamW}: Adam without the L2 term in the gradient, and instead
 * {@code w = w * (1 - lr * weightDecay)} before each update. Default {@code weightDecay} is
 * PyTorch's 0.01; other defaults and state slots as {@link Adam}.
 *
 * <pre>{@code
 * Optimizer opt = AdamW.builder().lr(1e-3).weightDecay(0.05).build().on(params);
 * }</pre>
 */
public final class AdamW extends Adam {

    /** AdamW with learning rate {@code lr} and PyTorch's defaults (weight decay 0.01). */
    public AdamW(double lr) {
        super(builder().lr(lr), true);
    }

    private AdamW(Adam.Builder b) {
        super(b, true);
    }

    /** A builder starting from PyTorch's AdamW defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link AdamW}: the options of {@link Adam.Builder}, weight decay defaulting to 0.01. */
    public static final class Builder extends Adam.Builder {
        private Builder() {
            super(0.01);
        }

        @Override
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
