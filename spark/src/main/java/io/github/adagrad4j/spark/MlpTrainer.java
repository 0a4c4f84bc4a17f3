package io.github.adagrad4j.spark;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.Rules;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;

/**
 * Trains an adagrad4j MLP ({@code nn}'s {@code mlp:H1,H2...}) on Spark in the synchronous mode
 * ({@link SyncMode#epoch}): each step the driver broadcasts the (dense, small) weights, every
 * partition back-propagates its mini-batch, the gradients are summed exactly and the driver
 * applies the rule.
 *
 * <pre>{@code
 * MlpTrainer.Fitted f = MlpTrainer.fit(dataset, config, "mlp:64,32", 3, EpochListener.NONE);
 * }</pre>
 */
final class MlpTrainer {
    private MlpTrainer() {
    }

    /** The trained weights, parameter after parameter in {@code module.parameters()} order, and the loss per epoch. */
    record Fitted(int dim, float[] weights, double[] lossHistory) {
    }

    static Module build(String spec, int dim, int classes, long seed) {
        return Models.parse(spec, new int[] {dim}, classes, seed);
    }

    static int size(Module m) {
        return (int) m.parameterCount();
    }

    static float[] flatten(Module m) {
        float[] w = new float[size(m)];
        int at = 0;
        for (Parameter p : m.parameters()) {
            System.arraycopy(p.data(), 0, w, at, p.size());
            at += p.size();
        }
        return w;
    }

    static void load(Module m, float[] w) {
        int at = 0;
        for (Parameter p : m.parameters()) {
            System.arraycopy(w, at, p.data(), 0, p.size());
            at += p.size();
        }
    }

    /**
     * Fits the network {@code spec} on {@code classes} classes in the synchronous mode ({@link
     * SyncMode#epoch}), through the epochs of {@link EpochLoop}: checkpoints to the config's
     * {@code checkpointDir} every {@code checkpointInterval} epochs, and resumes from one of the same fit.
     */
    static Fitted fit(Dataset<?> dataset, FitConfig c, String spec, int classes, EpochListener listener) {
        try (TrainingBlocks data = TrainingBlocks.read(dataset, c)) {
            int dim = data.dim();
            Module model = build(spec, dim, classes, c.seed());
            List<Parameter> params = model.parameters();
            Optimizer opt = Rules.parse(c.ruleSpec()).on(params, OptimizerOptions.defaults());
            int steps = c.stepsPerEpoch(data.sizes());
            String signature = c.signature(spec, dim, data.rows(), data.sizes().size());
            double[] history = EpochLoop.run(c, opt, signature, listener, (epoch, progress) -> SyncMode.epoch(steps, 0, step -> {
                Broadcast<float[]> w = data.sc().broadcast(flatten(model));
                try {
                    return data.blocks().treeAggregate(ExactSparseSum.zero(1, 2),
                            (acc, b) -> acc.plus(gradient(b, c, spec, dim, classes, w.value(), epoch, step)),
                            ExactSparseSum::plus, c.aggregationDepth());
                } finally {
                    w.destroy();
                }
            }, (g, rows) -> {
                int at = 0;
                for (Parameter q : params) {
                    float[] grad = q.grad();
                    for (int i = 0; i < q.size(); i++) {
                        // rows are the flat indices 0..n-1, every one present
                        grad[i] = (float) (g.value(at + i, 0) / rows);
                    }
                    at += q.size();
                }
                opt.step();
                opt.zeroGrad();
            }, progress));
            return new Fitted(dim, flatten(model), history);
        }
    }

    /** One partition's summed gradient (mean times rows) over its mini-batch, every parameter as a row of width 1. */
    static ExactSparseSum gradient(Block b, FitConfig c, String spec, int dim, int classes, float[] w,
                                   int epoch, int step) {
        c.beforeStep(epoch, step, b.partition);
        int[] range = c.batchRange(b, step);
        int m = range[1] - range[0];
        if (m == 0) {
            return ExactSparseSum.zero(1, 2);
        }
        Module model = build(spec, dim, classes, 0);
        load(model, w);
        float[] x = new float[Math.multiplyExact(m, dim)];
        int[] labels = new int[m];
        Block.Order order = b.order(c.seed(), epoch);
        for (int i = 0; i < m; i++) {
            int r = order.row(range[0] + i);
            for (int q = b.rowStart[r]; q < b.rowStart[r + 1]; q++) {
                x[i * dim + b.index[q]] = b.value[q];
            }
            labels[i] = (int) b.label[r];
        }
        Tensor loss = Ops.crossEntropy(model.forward(Tensor.of(x, m, dim)), labels);
        loss.backward();
        int n = size(model);
        double[] g = new double[n];
        int[] rows = new int[n];
        int at = 0;
        for (Parameter p : model.parameters()) {
            float[] grad = p.grad();
            for (int i = 0; i < p.size(); i++) {
                g[at + i] = (double) grad[i] * m;
            }
            at += p.size();
        }
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return ExactSparseSum.of(1, rows, n, g, new double[] {(double) loss.item() * m, m});
    }
}
