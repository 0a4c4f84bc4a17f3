package io.github.adagrad4j.optim;

/**
 * How a rule applies a {@link SparseGradient}.
 *
 * <pre>{@code
 * OptimizerOptions.builder().sparseMode(SparseMode.DENSE_EQUIVALENT).build();
 * }</pre>
 *
 * For AdaGrad without weight decay, SGD without momentum, FTRL and the proximal/RDA AdaGrads the
 * two agree exactly on touched rows (an untouched row would not move anyway). Rules with decaying
 * moments differ: under {@link #LAZY} an untouched row's moments neither decay nor move its
 * weights (PyTorch's {@code SparseAdam}); under {@link #DENSE_EQUIVALENT} every row steps as the
 * dense rule would with a zero gradient there.
 */
public enum SparseMode {
    /** Update touched rows only: cost proportional to the rows in the gradient. The default. */
    LAZY,
    /** Scatter into a dense gradient and take the dense step: exact dense semantics, O(table) cost. */
    DENSE_EQUIVALENT
}
