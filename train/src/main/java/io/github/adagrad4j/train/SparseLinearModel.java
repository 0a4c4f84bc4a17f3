package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Logistic (two classes) or softmax regression on sparse CSR rows, trained by any rule with
 * sparse weight gradients: the model of hashed text and wide LIBSVM data. Labels are class indices
 * {@code 0..classes-1}.
 *
 * <pre>{@code
 * SparseLinearModel m = new SparseLinearModel(x.numCols(), 2, new AdaGrad(0.5), 1);
 * m.fit(x, y, 5, 32, 42, TrainingListener.NONE);
 * double acc = m.accuracy(testX, testY);
 * }</pre>
 */
public final class SparseLinearModel {
    private final int classes;
    private final SparseLinear layer;
    private final Optimizer optimizer;

    public SparseLinearModel(int features, int classes, UpdateRule rule, int threads) {
        this(features, classes, rule, OptimizerOptions.builder().threads(threads).build());
    }

    /** With every executor option (clipping, schedule, threads, non-finite policy) given. */
    public SparseLinearModel(int features, int classes, UpdateRule rule, OptimizerOptions options) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.layer = new SparseLinear(features, classes == 2 ? 1 : classes);
        this.optimizer = rule.on(layer.parameters(), options);
    }

    public SparseLinear layer() {
        return layer;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Trains {@code epochs} passes in seeded random order; the listener sees batches and per-epoch loss. */
    public void fit(CsrMatrix x, float[] y, int epochs, int batchSize, long seed, TrainingListener listener) {
        if (x.rows() != y.length) {
            throw new IllegalArgumentException(x.rows() + " rows but " + y.length + " labels");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int n = x.rows();
        int batches = (n + batchSize - 1) / batchSize;
        Workspace space = new Workspace();   // each step reuses the previous step's arrays
        for (int e = 1; e <= epochs; e++) {
            listener.onEpochBegin(e, epochs, batches);
            int[] perm = Trainer.permutation(n, rng);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int[] rows = Arrays.copyOfRange(perm, b * batchSize, Math.min(n, (b + 1) * batchSize));
                float[] by = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    by[i] = y[rows[i]];
                }
                float batchLoss;
                try (Workspace.Scope scope = space.enter()) {
                    optimizer.zeroGrad();
                    Tensor loss = loss(layer.forward(x.selectRows(rows)), by);
                    loss.backward();
                    optimizer.step();
                    batchLoss = loss.item();
                }
                lossSum += batchLoss * rows.length;
                listener.onBatchEnd(e, b + 1, batches, batchLoss);
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / n);
            logs.put("nonzero_weights", (double) layer.nonZeroWeights());
            listener.onEpochEnd(e, logs);
        }
    }

    private Tensor loss(Tensor logits, float[] y) {
        if (classes == 2) {
            return Ops.bceWithLogits(logits, Tensor.of(y, y.length, 1));
        }
        int[] labels = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = (int) y[i];
        }
        return Ops.crossEntropy(logits, labels);
    }

    /** Fraction of rows whose predicted class is the label. */
    public double accuracy(CsrMatrix x, float[] y) {
        float[] out = layer.forward(x).data();
        int correct = 0;
        for (int r = 0; r < y.length; r++) {
            int predicted;
            if (classes == 2) {
                predicted = out[r] > 0 ? 1 : 0;
            } else {
                predicted = ClassLabels.argmax(out, r * classes, classes);
            }
            if (predicted == (int) y[r]) {
                correct++;
            }
        }
        return (double) correct / y.length;
    }
}
