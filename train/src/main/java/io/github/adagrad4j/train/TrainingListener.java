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

    /** This listener, then {@code next}, at every report. */
    default TrainingListener andThen(TrainingListener next) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onEpochBegin(int epoch, int epochs, int batches) {
                first.onEpochBegin(epoch, epochs, batches);
                next.onEpochBegin(epoch, epochs, batches);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                first.onBatchEnd(epoch, batch, batches, loss);
                next.onBatchEnd(epoch, batch, batches, loss);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                first.onEpochEnd(epoch, logs);
                next.onEpochEnd(epoch, logs);
            }
        };
    }
}
