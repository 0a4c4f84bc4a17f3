package io.github.adagrad4j.optim;

/**
 * How gradients are clipped before the update, with PyTorch's semantics
 * ({@code torch.nn.utils.clip_grad_value_} and {@code clip_grad_norm_}).
 *
 * <pre>{@code
 * GradientClipping.globalNorm(1.0, 2)     // clip_grad_norm_(params, 1.0) over all parameters together
 * GradientClipping.perParameterNorm(5.0, Double.POSITIVE_INFINITY)
 * GradientClipping.value(0.5)             // clamp every element to [-0.5, 0.5]
 * }</pre>
 *
 * Norm clipping scales a gradient by {@code maxNorm / (norm + 1e-6)} when that is below 1.
 * Supported norm types are 1, 2 and infinity.
 */
public sealed interface GradientClipping {

    /** No clipping. */
    static GradientClipping none() {
        return None.INSTANCE;
    }

    /** Clamps every gradient element to {@code [-clip, clip]}. */
    static GradientClipping value(double clip) {
        return new ByValue(clip);
    }

    /** Scales each parameter's gradient on its own so that its norm is at most {@code maxNorm}. */
    static GradientClipping perParameterNorm(double maxNorm, double normType) {
        return new ByNorm(maxNorm, normType, false);
    }

    /** Scales all gradients by one factor so that their joint norm is at most {@code maxNorm}. */
    static GradientClipping globalNorm(double maxNorm, double normType) {
        return new ByNorm(maxNorm, normType, true);
    }

    /** {@link #globalNorm(double, double)} with the 2-norm, PyTorch's default. */
    static GradientClipping globalNorm(double maxNorm) {
        return globalNorm(maxNorm, 2);
    }

    /** No clipping. */
    enum None implements GradientClipping {
        INSTANCE
    }

    /** Element-wise clamp to {@code [-clip, clip]}. */
    record ByValue(double clip) implements GradientClipping {
        public ByValue {
            Checks.positive("clip value", clip);
        }
    }

    /** Norm clipping, per parameter or over all parameters ({@code global}). */
    record ByNorm(double maxNorm, double normType, boolean global) implements GradientClipping {
        public ByNorm {
            Checks.positive("maxNorm", maxNorm);
            if (normType != 1 && normType != 2 && normType != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("normType must be 1, 2 or infinity, got " + normType);
            }
        }
    }
}
