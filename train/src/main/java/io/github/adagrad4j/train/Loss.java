package io.github.adagrad4j.train;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.ops.Ops;

/**
 * The training objective, mapping a batch's outputs and targets to a scalar tensor.
 *
 * <pre>{@code
 * Trainer t = new Trainer(model, Loss.CROSS_ENTROPY, optimizer);
 * }</pre>
 */
public enum Loss {
    /** Softmax cross-entropy over class logits; targets are class indices (width 1). */
    CROSS_ENTROPY,
    /** Mean squared error; targets as wide as the outputs. */
    MSE,
    /** Mean absolute error. */
    MAE,
    /** Huber loss with delta 1 (PyTorch's default). */
    HUBER,
    /** Binary cross-entropy on logits; targets in [0, 1]. */
    BCE_WITH_LOGITS;

    /** The loss of {@code outputs} against {@code targets}. */
    public Tensor of(Tensor outputs, float[] targets, int targetWidth) {
        int n = outputs.dim(0);
        if (this == CROSS_ENTROPY) {
            if (targetWidth != 1) {
                throw new IllegalArgumentException("cross-entropy needs one class index per example, got target width "
                        + targetWidth);
            }
            int[] labels = Workspace.ints(n);
            for (int i = 0; i < n; i++) {
                labels[i] = (int) targets[i];
                if (labels[i] != targets[i]) {
                    throw new IllegalArgumentException("cross-entropy target " + targets[i] + " of example " + i
                            + " is not a class index");
                }
            }
            return Ops.crossEntropy(outputs, labels);
        }
        Tensor t = Tensor.of(targets, outputs.shape());
        return switch (this) {
            case MSE -> Ops.mse(outputs, t);
            case MAE -> Ops.mae(outputs, t);
            case HUBER -> Ops.huber(outputs, t, 1.0);
            case BCE_WITH_LOGITS -> Ops.bceWithLogits(outputs, t);
            default -> throw new AssertionError(this);
        };
    }
}
