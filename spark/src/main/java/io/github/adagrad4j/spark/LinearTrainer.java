package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;

/**
 * Fits a linear model on a Spark {@code Dataset} with any adagrad4j update rule, shared by {@link
 * AdaGradClassifier} and {@link AdaGradRegressor}: the data read into blocks ({@link
 * TrainingBlocks}), optionally scaled by the features' standard deviations, then the epochs
 * ({@link EpochLoop}, with checkpoints) of one of two data-parallel modes:
 *
 * <ul>
 *   <li><b>Synchronous</b> (default, {@link SyncMode.Linear}): one step of the rule per mini-batch
 *       over all partitions, on the exact sum of their gradients.
 *   <li><b>Averaging</b> ({@link AveragingMode}): local epochs on every partition, then the weights
 *       and the optimizer state averaged.
 * </ul>
 *
 * The result depends only on the data, its partitioning and the seed: partial sums are exact, row
 * orders are seeded, and a retried or relocated task recomputes the same numbers.
 *
 * <pre>{@code
 * LinearTrainer.Fitted f = LinearTrainer.fit(dataset, config, null, EpochListener.NONE);
 * }</pre>
 */
final class LinearTrainer {
    private LinearTrainer() {
    }

    /** The fitted weights in the original feature space, {@code [dim, k]} and {@code k}, and the loss per epoch. */
    record Fitted(int numFeatures, int outputs, float[] coefficients, float[] intercept, double[] lossHistory) {
    }

    /**
     * @param initial weights to start from (in the original feature space), or null for zeros; refused
     *     unless they have this fit's features and outputs
     */
    static Fitted fit(Dataset<?> dataset, FitConfig c, LinearWeights initial, EpochListener listener) {
        UpdateRule rule = Rules.parse(c.ruleSpec());
        try (TrainingBlocks data = TrainingBlocks.read(dataset, c)) {
            int dim = data.dim();
            int k = c.outputs();
            float[] scale = c.standardization() ? data.inverseStd(c.aggregationDepth()) : null;
            // An empty array stands for no scaling: a broadcast value must not be null.
            Broadcast<float[]> scaleB = data.sc().broadcast(scale == null ? new float[0] : scale);
            try {
                Parameter weight = new Parameter("weight", new float[Math.multiplyExact(dim, k)], dim, k);
                Parameter bias = new Parameter("bias", new float[k], k);
                if (initial != null) {
                    start(initial, dim, k, c.fitIntercept(), scale, weight.data(), bias.data());
                }
                Optimizer opt = rule.on(c.fitIntercept() ? List.of(weight, bias) : List.of(weight),
                        OptimizerOptions.defaults());
                // A checkpoint of a fit from other starting weights is another fit's.
                String signature = c.signature(initial == null ? "" : "initial=" + java.util.Arrays.hashCode(
                        initial.coefficients()) + "/" + java.util.Arrays.hashCode(initial.intercept()), dim, data.rows(),
                        data.sizes().size());
                double[] history;
                try (LinearMode mode = c.averaging() ? new AveragingMode(c, rule, data, scaleB, weight, bias, opt)
                        : new SyncMode.Linear(c, data, scaleB, weight, bias, opt)) {
                    history = EpochLoop.run(c, opt, signature, listener, mode::epoch);
                }
                float[] w = weight.data().clone();
                if (scale != null) {
                    for (int f = 0; f < dim; f++) {
                        for (int j = 0; j < k; j++) {
                            w[f * k + j] *= scale[f];
                        }
                    }
                }
                return new Fitted(dim, k, w, bias.data().clone(), history);
            } finally {
                scaleB.destroy();
            }
        }
    }

    /**
     * Copies a warm start into the fit's weights: in the space the fit steps in, so divided by the
     * scaling when features are standardised (a constant feature, scale 0, starts at 0).
     */
    static void start(LinearWeights initial, int dim, int k, boolean fitIntercept, float[] scale, float[] weight,
            float[] bias) {
        if (initial.dim() != dim || initial.k() != k) {
            throw new IllegalArgumentException("initialModel has " + initial.dim() + " features and " + initial.k()
                    + " output" + (initial.k() == 1 ? "" : "s") + "; this fit has " + dim + " features and " + k
                    + " output" + (k == 1 ? "" : "s"));
        }
        for (int f = 0; f < dim; f++) {
            for (int j = 0; j < k; j++) {
                float w = initial.coefficients()[f * k + j];
                weight[f * k + j] = scale == null ? w : scale[f] == 0 ? 0 : w / scale[f];
            }
        }
        for (int j = 0; j < k; j++) {
            if (!fitIntercept && initial.intercept()[j] != 0) {
                throw new IllegalArgumentException("initialModel has intercepts but this fit has fitIntercept=false");
            }
            bias[j] = initial.intercept()[j];
        }
    }

    /** The scaling a task reads from its broadcast: null for none. */
    static float[] scaling(Broadcast<float[]> b) {
        return b.value().length == 0 ? null : b.value();
    }
}
