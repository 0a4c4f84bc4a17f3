package io.github.adagrad4j.optim;

/**
 * What a step does when a gradient holds NaN or infinity.
 *
 * <pre>{@code
 * OptimizerOptions opts = OptimizerOptions.builder().nonFinite(NonFinitePolicy.SKIP_STEP).build();
 * }</pre>
 */
public enum NonFinitePolicy {
    /** Throw {@link NonFiniteGradientException} naming the parameter and first bad index; nothing changes. */
    THROW,
    /** Skip the whole step (parameters, state, step counts, gradients untouched) and count it. */
    SKIP_STEP,
    /** Apply the step anyway, as PyTorch does; parameters may become NaN. Saves one read of the gradients. */
    IGNORE
}
