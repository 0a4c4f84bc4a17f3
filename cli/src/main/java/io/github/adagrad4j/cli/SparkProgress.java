package io.github.adagrad4j.cli;

import io.github.adagrad4j.spark.EpochListener;
import me.tongfei.progressbar.ProgressBar;

/**
 * spark-train's bar within each epoch, as train draws one: steps done out of steps in the
 * synchronous mode, partitions out of partitions in the averaging mode. The job prints the epoch
 * line itself when the epoch ends.
 */
final class SparkProgress implements EpochListener {
    private final int epochs;
    private final String unit;
    private ProgressBar bar;
    private int barEpoch;

    SparkProgress(int epochs, String unit) {
        this.epochs = epochs;
        this.unit = unit;
    }

    @Override
    public void progress(int epoch, int done, int total) {
        if (bar == null || barEpoch != epoch) {
            close();
            barEpoch = epoch;
            bar = Progress.bar(String.format("epoch %d/%d", epoch, epochs), total, " " + unit);
        }
        bar.stepTo(done);
    }

    @Override
    public void epochEnd(int epoch, double loss, double seconds) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
