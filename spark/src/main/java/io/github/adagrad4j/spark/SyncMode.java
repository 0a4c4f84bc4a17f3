package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.broadcast.Broadcast;

/**
 * The synchronous data-parallel mode: each step, every partition sums the gradient of its next
 * mini-batch at the current weights, {@code treeAggregate} adds the sums exactly ({@link
 * ExactSparseSum}), and the driver divides by the batch weight and applies one step of the rule,
 * whose state lives on the driver. {@link #epoch} is that loop for any model ({@link MlpTrainer}
 * uses it as it is); {@link Linear} is the linear models' mode, whose executors keep a replica of
 * the weights updated by per-step deltas ({@link Replicas}) rather than receiving them whole.
 *
 * <pre>{@code
 * double loss = SyncMode.epoch(steps, 0, step -> sumOfGradients(step), (g, weight) -> applyMean(g, weight),
 *         EpochLoop.Progress.NONE);
 * }</pre>
 */
final class SyncMode {
    private SyncMode() {
    }

    /** The exact sum of the partitions' gradients of step {@code step}, with the loss and weight sums. */
    @FunctionalInterface
    interface Step {
        ExactSparseSum gradient(int step);
    }

    /** Applies a step's summed gradient {@code g}, whose rows weigh {@code weight} in all. */
    @FunctionalInterface
    interface Apply {
        void apply(ExactSparseSum g, double weight);
    }

    /**
     * One epoch of {@code steps} steps; a step whose rows weigh nothing (every partition past its
     * rows) is skipped. The loss and weight sums are the dense entries {@code statsAt +
     * LinearObjective.LOSS} and {@code statsAt + LinearObjective.WEIGHT}.
     *
     * @return the epoch's weighted mean loss, NaN if no row was weighted
     */
    static double epoch(int steps, int statsAt, Step step, Apply apply, EpochLoop.Progress progress) {
        double loss = 0;
        double weightSum = 0;
        for (int s = 0; s < steps; s++) {
            ExactSparseSum g = step.gradient(s);
            double w = g.dense(statsAt + LinearObjective.WEIGHT);
            if (w > 0) {
                loss += g.dense(statsAt + LinearObjective.LOSS);
                weightSum += w;
                apply.apply(g, w);
            }
            progress.done(s + 1, steps);
        }
        return weightSum > 0 ? loss / weightSum : Double.NaN;
    }

    /** A linear model's synchronous mode, its weights replicated on executors as a snapshot and a chain of deltas. */
    static final class Linear extends LinearMode {
        private final String fitId = UUID.randomUUID().toString();
        private Broadcast<Replicas.Weights> snapshot;
        private final List<Broadcast<Replicas.Delta>> deltas = new ArrayList<>();
        private long version;
        private long chainRows;

        /** The mode of a fit of {@code weight} {@code [dim, k]} and {@code bias}, trained by {@code opt}. */
        Linear(FitConfig c, TrainingBlocks data, Broadcast<float[]> scale, Parameter weight, Parameter bias,
                Optimizer opt) {
            super(c, data, scale, weight, bias, opt);
        }

        @Override
        double epoch(int epoch, EpochLoop.Progress progress) {
            return SyncMode.epoch(steps, k, step -> {
                if (snapshot == null) {
                    publishSnapshot();
                }
                Replicas.Chain chain = new Replicas.Chain(fitId, version, snapshot, List.copyOf(deltas));
                FitConfig cfg = c;
                Broadcast<float[]> sb = scale;
                int d = data.dim();
                return data.blocks().treeAggregate(ExactSparseSum.zero(k, k + 2),
                        (acc, b) -> acc.plus(batchGradient(b, cfg, d, LinearTrainer.scaling(sb), chain, epoch, step)),
                        ExactSparseSum::plus, c.aggregationDepth());
            }, this::applyStep, progress);
        }

        private void applyStep(ExactSparseSum g, double w) {
            int n = g.rows.length;
            int dim = data.dim();
            boolean dense = n == dim;
            if (dense) {
                float[] grad = weight.grad();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) {
                        grad[g.rows[i] * k + j] = (float) (g.value(i, j) / w);
                    }
                }
            } else if (n > 0) {
                float[] v = new float[n * k];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) {
                        v[i * k + j] = (float) (g.value(i, j) / w);
                    }
                }
                weight.addSparseGrad(new SparseGradient(g.rows.clone(), v, k));
            }
            if (c.fitIntercept()) {
                float[] gb = bias.grad();
                for (int j = 0; j < k; j++) {
                    gb[j] = (float) (g.dense(j) / w);
                }
            }
            if (n == 0 && !c.fitIntercept()) {
                return;
            }
            opt.step();
            opt.zeroGrad();
            version++;
            chainRows += n;
            if (dense || chainRows > dim / 2 || deltas.size() >= 256) {
                publishSnapshot();
            } else {
                float[] values = new float[n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(weight.data(), g.rows[i] * k, values, i * k, k);
                }
                deltas.add(data.sc().broadcast(new Replicas.Delta(version, g.rows.clone(), values, bias.data().clone())));
            }
        }

        /** Replaces the chain by a full copy of the weights; the replaced broadcasts are destroyed. */
        private void publishSnapshot() {
            dropChain();
            snapshot = data.sc().broadcast(new Replicas.Weights(version, weight.data().clone(), bias.data().clone()));
            chainRows = 0;
        }

        private void dropChain() {
            if (snapshot != null) {
                snapshot.destroy();
                snapshot = null;
            }
            deltas.forEach(Broadcast::destroy);
            deltas.clear();
        }

        /** Destroys the replicas' broadcasts and forgets the executors' copies. */
        @Override
        public void close() {
            dropChain();
            Replicas.forget(fitId);
        }

        /** Executor side of a step: the summed gradient of this partition's mini-batch. */
        static ExactSparseSum batchGradient(Block b, FitConfig c, int dim, float[] scale, Replicas.Chain chain,
                int epoch, int step) {
            c.beforeStep(epoch, step, b.partition);
            int[] range = c.batchRange(b, step);
            if (range[0] == range[1]) {
                return ExactSparseSum.zero(c.outputs(), c.outputs() + 2);
            }
            Replicas.View view = Replicas.acquire(chain);
            LinearObjective obj = new LinearObjective(c.loss(), dim, c.outputs(), c.huberDelta(), scale);
            try {
                Block.Order order = b.order(c.seed(), epoch);
                for (int i = range[0]; i < range[1]; i++) {
                    obj.add(b, order.row(i), view.w(), c.fitIntercept() ? view.bias() : null);
                }
                return obj.toExactSum();
            } finally {
                obj.clear();
                view.release().run();
            }
        }
    }
}
