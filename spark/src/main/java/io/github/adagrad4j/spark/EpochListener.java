package io.github.adagrad4j.spark;

/**
 * Told on the driver after each epoch of a fit: a progress line, a chart, an early look at the
 * loss. Not a Spark ML param (it is not saved with the estimator).
 *
 * <pre>{@code
 * new AdaGradClassifier().setEpochListener((epoch, loss, seconds) ->
 *         System.out.printf("epoch %d  loss %.4f  (%.1f s)%n", epoch, loss, seconds));
 * }</pre>
 */
@FunctionalInterface
public interface EpochListener {
    EpochListener NONE = (epoch, loss, seconds) -> { };

    /** Epoch {@code epoch} (from 1) ended with this mean training loss, after {@code seconds}. */
    void epochEnd(int epoch, double loss, double seconds);

    /**
     * Within epoch {@code epoch} (from 1): {@code done} of {@code total} units finished, steps in
     * the synchronous mode, partitions in the averaging mode. On the driver, between steps: keep it cheap.
     */
    default void progress(int epoch, int done, int total) {
    }
}
