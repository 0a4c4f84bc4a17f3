package io.github.adagrad4j.spark;

import java.io.Serializable;

/**
 * Everything a Spark fit needs besides the data, read from an estimator's params ({@link
 * TrainingParamSet#config}); the part shipped to executors is small. Shared by the linear
 * estimators and {@link MlpClassifier}.
 *
 * <pre>{@code
 * FitConfig c = params.config(estimator, LinearLoss.SOFTMAX, k, k, 0, "label", "features", null);
 * }</pre>
 */
record FitConfig(String ruleSpec, LinearLoss loss, int outputs, int numClasses, double huberDelta, int maxIter,
        int batchSize, double miniBatchFraction, double tol, long seed, boolean fitIntercept,
        boolean standardization, int aggregationDepth, int checkpointInterval, String checkpointDir,
        boolean averaging, String labelCol, String featuresCol, String weightCol, StepHook hook)
        implements Serializable {

    /** Called by every step's task before it computes, with its attempt; tests inject failures with it. */
    interface StepHook extends Serializable {
        void beforeStep(int epoch, int step, int partition);
    }

    /** Runs the hook, if any, before a task's step. */
    void beforeStep(int epoch, int step, int partition) {
        if (hook != null) {
            hook.beforeStep(epoch, step, partition);
        }
    }

    /**
     * What a checkpoint must agree with to be resumed (not maxIter: a fit may be extended);
     * {@code model} names the model beyond the loss (an MLP's layers), or is empty.
     */
    String signature(String model, int dim, long rows, int partitions) {
        return String.join("|", ruleSpec, loss.name(), Integer.toString(outputs), Double.toString(huberDelta),
                Integer.toString(batchSize), Double.toString(miniBatchFraction), Long.toString(seed),
                Boolean.toString(fitIntercept), Boolean.toString(standardization), Boolean.toString(averaging),
                Integer.toString(dim), Long.toString(rows), Integer.toString(partitions))
                + (model.isEmpty() ? "" : "|" + model);
    }

    /** Steps per epoch: enough for the largest partition to visit all its rows. */
    int stepsPerEpoch(java.util.List<Integer> partitionSizes) {
        int maxRows = partitionSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        return miniBatchFraction > 0 ? (int) Math.ceil(1 / miniBatchFraction)
                : Math.max(1, (maxRows + batchSize - 1) / batchSize);
    }

    /** The rows of {@code b} in step {@code step} of an epoch: positions {@code [from, to)} in the epoch's order. */
    int[] batchRange(Block b, int step) {
        int n = b.rows();
        int size = miniBatchFraction > 0 ? (int) Math.ceil(miniBatchFraction * n) : batchSize;
        long from = (long) step * size;
        long to = Math.min(n, from + size);
        return from >= n ? new int[] {0, 0} : new int[] {(int) from, (int) to};
    }
}
