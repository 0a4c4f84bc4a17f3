package io.github.adagrad4j.train;

import java.io.IOException;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: called at the start and after every epoch with that epoch's
 * figures ({@code loss}, metrics, {@code val_*}). A callback may stop training, change the
 * optimizer's learning-rate factor, or write files.
 *
 * <pre>{@code
 * FitOptions.builder().callbacks(Callbacks.earlyStopping("val_loss", 3, 0, true),
 *         Callbacks.csvLogger(Path.of("out/history.csv"))).build();
 * }</pre>
 */
public interface Callback {
    default void onTrainBegin(Trainer.Run run) throws IOException {
    }

    /**
     * After each batch's step, while the gradients the step used are still in the parameters
     * (until the next batch zeroes them). {@code epoch} and {@code batch} are 1-based, of {@code
     * batches} in the epoch. Keep it
     * cheap: it runs on the training thread between steps.
     */
    default void onBatchEnd(int epoch, int batch, int batches, float loss, Trainer.Run run) {
    }

    /** {@code epoch} is 1-based. */
    default void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) throws IOException {
    }

    default void onTrainEnd(Trainer.Run run) throws IOException {
    }
}
