package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.Parameter;
import org.apache.spark.broadcast.Broadcast;

/**
 * A data-parallel mode of a linear fit ({@link SyncMode.Linear}, {@link AveragingMode}): what both
 * work on (the data, its scaling, the weights {@code [dim, k]} and bias, their optimizer on the
 * driver), and the epoch each runs.
 *
 * <pre>{@code
 * try (LinearMode mode = new SyncMode.Linear(c, data, scale, weight, bias, opt)) {
 *     double loss = mode.epoch(0);
 * }
 * }</pre>
 */
abstract class LinearMode implements AutoCloseable {
    final FitConfig c;
    final TrainingBlocks data;
    final Broadcast<float[]> scale;
    final Parameter weight;
    final Parameter bias;
    final Optimizer opt;
    final int k;
    final int steps;

    LinearMode(FitConfig c, TrainingBlocks data, Broadcast<float[]> scale, Parameter weight, Parameter bias,
            Optimizer opt) {
        this.c = c;
        this.data = data;
        this.scale = scale;
        this.weight = weight;
        this.bias = bias;
        this.opt = opt;
        this.k = c.outputs();
        this.steps = c.stepsPerEpoch(data.sizes());
    }

    /** One epoch; returns its weighted mean training loss (NaN if no row was weighted). */
    abstract double epoch(int epoch, EpochLoop.Progress progress);

    /** Releases what the mode holds on the executors (nothing, unless a mode says otherwise). */
    @Override
    public void close() {
    }
}
