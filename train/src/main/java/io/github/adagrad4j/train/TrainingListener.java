package io.github.adagrad4j.train;

import java.util.Map;

/**
 * Progress reports from {@link Trainer#fit}, for a user interface to render; the library itself
 * never prints.
 *
 * <pre>{@code
 * TrainingListener l = new TrainingListener() {
 *     public void onBatchEnd(int epoch, int batch, int batches, double loss) { bar.stepTo(batch); }
 * };
 * }</pre>
 */
public interface TrainingListener {
    default void onEpochBegin(int epoch, int epochs, int batches) {
    }

    default void onBatchEnd(int epoch, int batch, int batches, double loss) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
