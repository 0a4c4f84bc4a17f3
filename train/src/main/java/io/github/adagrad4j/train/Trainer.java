package io.github.adagrad4j.train;

import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.io.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link Module} with an {@link Optimizer} on a {@link Loss}: mini-batches in a seeded
 * order, per-epoch metrics on training data (from the batches' outputs during the epoch, as Keras
 * reports them) and on validation data, callbacks, and a listener for progress. Shuffling and dropout draw from seeds derived from (seed, epoch, batch) alone, so a run
 * resumed from a checkpoint at an epoch boundary repeats the uninterrupted run exactly.
 *
 * <pre>{@code
 * Trainer t = new Trainer(model, Loss.CROSS_ENTROPY, new AdaGrad(0.05).on(model.parameters()));
 * History h = t.fit(train, FitOptions.builder().epochs(10).batchSize(100).metrics(Metric.ACCURACY).build());
 * Map<String, Double> test = t.evaluate(testSet, List.of(Metric.ACCURACY));
 * }</pre>
 */
public final class Trainer {
    /** Metadata key of the number of completed epochs in checkpoints written by training. */
    public static final String EPOCH_KEY = "epoch";
    private static final int EVAL_BATCH = 1024;

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    /** The arrays of a training step and of an evaluation batch, each reused by the next. */
    private final Workspace trainSpace = new Workspace();
    private final Workspace evalSpace = new Workspace();
    private int completedEpochs;
    private TargetScaler targets;

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        this.model = Checks.notNull("model", model);
        this.loss = Checks.notNull("loss", loss);
        this.optimizer = Checks.notNull("optimizer", optimizer);
    }

    /**
     * Trains on standardised targets (regression): the data sets given to {@link #fit} and
     * {@link #evaluate} keep their targets in their own units, the loss is computed on the
     * standardised ones, and metrics and {@link #predict} are in the targets' units again.
     *
     * @param scaler fitted on the training rows ({@link TargetScaler#fit}), or null for none
     * @return this trainer
     */
    public Trainer scaleTargets(TargetScaler scaler) {
        this.targets = scaler;
        return this;
    }

    /** The target scaling in force, or null. */
    public TargetScaler targetScaler() {
        return targets;
    }

    /** What callbacks see of a running fit. */
    public final class Run {
        private boolean stopRequested;
        /** The gradient norm of the batch {@link #batchesDone} counts, once a callback asked for it. */
        private long normOfBatch = -1;
        private double norm;
        private long batchesDone;

        public Module model() {
            return model;
        }

        public Optimizer optimizer() {
            return optimizer;
        }

        /** Epochs completed so far, including those before a resume. */
        public int completedEpochs() {
            return completedEpochs;
        }

        /**
         * The global L2 norm of the gradients the last step used, as {@code clip_grad_norm_}
         * measures it (they stay in the parameters until the next batch zeroes them).
         */
        public double gradientNorm() {
            if (normOfBatch != batchesDone) {
                // Computed once per batch, however many callbacks ask (the live report and TensorBoard both do).
                double sq = 0;
                for (io.github.adagrad4j.optim.Parameter p : optimizer.parameters()) {
                    for (float g : p.grad()) {
                        sq += (double) g * g;
                    }
                }
                norm = Math.sqrt(sq);
                normOfBatch = batchesDone;
            }
            return norm;
        }

        /** Ends training after the current epoch. */
        public void stop() {
            stopRequested = true;
        }

        /** Saves model, optimizer state and the epoch count, atomically. */
        public void saveCheckpoint(Path path) throws IOException {
            Checkpoint.save(path, optimizer, Map.of(EPOCH_KEY, Integer.toString(completedEpochs)));
        }
    }

    /**
     * Restores model, optimizer state and epoch count from a checkpoint written during training;
     * the next {@link #fit} continues with the following epoch.
     */
    public void resume(Path checkpoint) throws IOException {
        Checkpoint.load(checkpoint, optimizer);
        String epoch = Checkpoint.metadata(checkpoint).get(EPOCH_KEY);
        completedEpochs = epoch == null ? 0 : Integer.parseInt(epoch);
    }

    public int completedEpochs() {
        return completedEpochs;
    }

    /**
     * Trains up to {@code options.epochs()} epochs in total (counting epochs before a resume).
     *
     * @throws IllegalArgumentException if the examples do not fit the model (message names the layer)
     */
    public History fit(Dataset train, FitOptions options) {
        return fit(Examples.of(train), options);
    }

    /**
     * Trains on examples of any kind (dense rows, sparse rows, token sequences), as
     * {@link #fit(Dataset, FitOptions)} does on a data set.
     */
    public History fit(Examples train, FitOptions options) {
        Examples trainSet = train;
        Examples validation = options.validation();
        if (options.validationSplit() > 0) {
            int[] perm = permutation(train.count(), new SplittableRandom(options.seed() ^ 0x5DEECE66DL));
            int held = (int) Math.round(train.count() * options.validationSplit());
            int[] valRows = java.util.Arrays.copyOfRange(perm, 0, held);
            int[] trainRows = java.util.Arrays.copyOfRange(perm, held, perm.length);
            java.util.Arrays.sort(valRows);
            java.util.Arrays.sort(trainRows);
            validation = train.select(valRows);
            trainSet = train.select(trainRows);
        }
        Run run = new Run();
        History history = new History();
        int n = trainSet.count();
        int batch = options.batchSize();
        int batches = (n + batch - 1) / batch;
        try {
            for (Callback c : options.callbacks()) {
                c.onTrainBegin(run);
            }
            while (completedEpochs < options.epochs() && !run.stopRequested) {
                int epoch = completedEpochs + 1;
                options.listener().onEpochBegin(epoch, options.epochs(), batches);
                model.train(true);
                int[] order = options.shuffle()
                        ? permutation(n, new SplittableRandom(options.seed() * 1_000_003L + epoch)) : identity(n);
                double lossSum = 0;
                // Training metrics come from the outputs the batches produced anyway (as Keras reports
                // them), not from a second pass over the training set.
                float[] seenOutputs = null;
                float[] seenTargets = options.metrics().isEmpty() ? null : new float[n * trainSet.targetWidth()];
                int outWidth = 0;
                int tw = trainSet.targetWidth();
                for (int b = 0; b < batches; b++) {
                    int from = b * batch;
                    int size = Math.min(batch, n - from);
                    float batchLoss;
                    // Every array of the step comes back next step: the step allocates nothing.
                    try (Workspace.Scope scope = trainSpace.enter()) {
                        float[] y = Workspace.floats(size * tw);
                        for (int i = 0; i < size; i++) {
                            System.arraycopy(trainSet.targets(), order[from + i] * tw, y, i * tw, tw);
                        }
                        if (targets != null) {
                            for (int i = 0; i < size * tw; i++) {
                                y[i] = targets.scale(y[i], i % tw);
                            }
                        }
                        model.reseed(options.seed() * 31 + (long) epoch * 1_000_003L + b);
                        Tensor out = trainSet.forward(model, order, from, size);
                        Tensor l = loss.of(out, y, tw);
                        optimizer.zeroGrad();
                        l.backward();
                        optimizer.step();
                        batchLoss = l.item();
                        if (!options.metrics().isEmpty()) {
                            if (seenOutputs == null) {
                                outWidth = out.size() / size;
                                seenOutputs = new float[n * outWidth];
                            }
                            System.arraycopy(out.data(), 0, seenOutputs, from * outWidth, size * outWidth);
                            for (int i = 0; i < size; i++) {
                                System.arraycopy(trainSet.targets(), order[from + i] * tw, seenTargets, (from + i) * tw,
                                        tw);
                            }
                        }
                    }
                    lossSum += batchLoss * size;
                    run.batchesDone++;
                    for (Callback c : options.callbacks()) {
                        c.onBatchEnd(epoch, b + 1, batches, batchLoss, run);
                    }
                    options.listener().onBatchEnd(epoch, b + 1, batches, batchLoss);
                }
                completedEpochs = epoch;
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", lossSum / n);
                if (targets != null && seenOutputs != null) {
                    targets.unscaleInPlace(seenOutputs);
                }
                for (Metric m : options.metrics()) {
                    logs.put(m.key(), m.compute(seenOutputs, outWidth, seenTargets, trainSet.targetWidth()));
                }
                if (validation != null) {
                    for (Map.Entry<String, Double> e : evaluate(validation, options.metrics()).entrySet()) {
                        logs.put("val_" + e.getKey(), e.getValue());
                    }
                }
                logs.put("lr", optimizer.currentLr());
                history.add(logs);
                for (Callback c : options.callbacks()) {
                    c.onEpochEnd(epoch, logs, run);
                }
                options.listener().onEpochEnd(epoch, logs);
            }
            for (Callback c : options.callbacks()) {
                c.onTrainEnd(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            model.train(false);
        }
        return history;
    }

    /** The loss and the metrics on a set, in evaluation mode (no dropout), in batches. */
    public Map<String, Double> evaluate(Dataset data, List<Metric> metrics) {
        return evaluate(Examples.of(data), metrics);
    }

    /**
     * The loss and the metrics on examples of any kind, in evaluation mode, in batches. Without
     * metrics, the loss is summed batch by batch, so that no more than a batch of outputs is held
     * (a language model's outputs are a vocabulary's logits per character).
     */
    public Map<String, Double> evaluate(Examples data, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return Map.of("loss", streamedLoss(data));
        }
        float[] outputs = outputs(data);
        int outWidth = outputs.length / data.count();
        Map<String, Double> out = new LinkedHashMap<>();
        float[] lossTargets = data.targets();
        if (targets != null) {
            lossTargets = new float[lossTargets.length];
            for (int i = 0; i < lossTargets.length; i++) {
                lossTargets[i] = targets.scale(data.targets()[i], i % data.targetWidth());
            }
        }
        out.put("loss", (double) loss.of(Tensor.of(outputs, data.count(), outWidth), lossTargets, data.targetWidth())
                .item());
        if (targets != null) {
            targets.unscaleInPlace(outputs);
        }
        for (Metric m : metrics) {
            out.put(m.key(), m.compute(outputs, outWidth, data.targets(), data.targetWidth()));
        }
        return out;
    }

    /**
     * The model's outputs (logits for classifiers; values in the targets' units for regression, with
     * {@link #scaleTargets}), {@code [count, outWidth]} row-major.
     */
    public float[] predict(Dataset data) {
        return predict(Examples.of(data));
    }

    /** As {@link #predict(Dataset)}, for examples of any kind. */
    public float[] predict(Examples data) {
        float[] out = outputs(data);
        return targets != null ? targets.unscaleInPlace(out) : out;
    }

    /** The mean loss over {@code data}, batch by batch: each batch's mean weighted by its size. */
    private double streamedLoss(Examples data) {
        return meanLoss(model, loss, data, targets, evalSpace);
    }

    /**
     * {@code model}'s mean {@code loss} over {@code data} in evaluation mode, batch by batch (no
     * more than a batch of outputs held), targets scaled by {@code targets} if not null.
     */
    static double meanLoss(Module model, Loss loss, Examples data, TargetScaler targets, Workspace evalSpace) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            int n = data.count();
            int[] order = identity(n);
            int tw = data.targetWidth();
            int step = data.evaluationBatch(EVAL_BATCH);
            double sum = 0;
            for (int from = 0; from < n; from += step) {
                int size = Math.min(step, n - from);
                try (Workspace.Scope scope = evalSpace.enter()) {
                    float[] y = Workspace.floats(size * tw);
                    for (int i = 0; i < size * tw; i++) {
                        float t = data.targets()[from * tw + i];
                        y[i] = targets != null ? targets.scale(t, i % tw) : t;
                    }
                    sum += (double) loss.of(data.forward(model, order, from, size), y, tw).item() * size;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        } finally {
            model.train(wasTraining);
        }
    }

    /** The network's own outputs. */
    private float[] outputs(Examples data) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            int n = data.count();
            int[] order = identity(n);
            float[] all = null;
            int outWidth = 0;
            int step = data.evaluationBatch(EVAL_BATCH);
            for (int from = 0; from < n; from += step) {
                int size = Math.min(step, n - from);
                try (Workspace.Scope scope = evalSpace.enter()) {
                    float[] y = data.forward(model, order, from, size).data();
                    if (all == null) {
                        outWidth = y.length / size;
                        all = new float[n * outWidth];
                    }
                    System.arraycopy(y, 0, all, from * outWidth, size * outWidth);
                }
            }
            return all == null ? new float[0] : all;
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * {@code 0..n-1} shuffled by Fisher-Yates from the back, as every training loop here orders its
     * examples: {@code int[] order = Trainer.permutation(n, new SplittableRandom(seed));}
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
