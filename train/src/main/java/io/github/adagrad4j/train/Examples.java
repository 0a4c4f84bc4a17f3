package io.github.adagrad4j.train;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.layers.SparseLinear;
import java.util.Arrays;

/**
 * What {@link Trainer} draws batches from: examples and their targets, and how a batch of them
 * goes through the model. Dense rows ({@link #of(Dataset)}) feed any network; CSR rows
 * ({@link #sparse}) a {@link SparseLinear} model, each step costing the batch's features; token
 * sequences ({@link #tokens}) a {@link SequenceClassifier}; a text's windows
 * ({@link CharLanguageModel#text}) a character language model. One loop (epochs, shuffling, metrics,
 * validation, callbacks, checkpoints and resume) serves them all.
 *
 * <pre>{@code
 * Trainer t = new Trainer(layer, Loss.BCE_WITH_LOGITS, new AdaGrad(0.5).on(layer.parameters()));
 * t.fit(Examples.sparse(x, y), FitOptions.builder().epochs(5).metrics(Metric.ACCURACY).build());
 * }</pre>
 */
public interface Examples {
    /** The number of examples. */
    int count();

    /** Floats per example's target (1 for class indices). */
    int targetWidth();

    /** {@code count() * targetWidth()} targets, example after example. */
    float[] targets();

    /** The examples at the given positions, in that order. */
    Examples select(int[] rows);

    /**
     * The batch size evaluation reads these examples in: {@code preferred}, unless the examples
     * must be read in batches of their own (a text's windows, whose state carries over).
     */
    default int evaluationBatch(int preferred) {
        return preferred;
    }

    /**
     * The model's outputs for the examples {@code order[from .. from + size)}, in that order; called
     * inside the trainer's workspace scope, so its arrays may come from {@link Workspace}.
     */
    Tensor forward(Module model, int[] order, int from, int size);

    /** Dense rows of a data set, for any network. */
    static Examples of(Dataset d) {
        return new Dense(d);
    }

    /** CSR rows and their targets (class indices or values, one per row), for a {@link SparseLinear} model. */
    static Examples sparse(CsrMatrix x, float[] y) {
        if (x.rows() != y.length) {
            throw new IllegalArgumentException(x.rows() + " rows but " + y.length + " targets");
        }
        return new Sparse(x, y);
    }

    /** Token sequences and their targets, for a {@link SequenceClassifier}. */
    static Examples tokens(int[][] sequences, float[] y) {
        if (sequences.length != y.length) {
            throw new IllegalArgumentException(sequences.length + " sequences but " + y.length + " targets");
        }
        return new Tokens(sequences, y);
    }

    /** Examples with one target each, held in an array ({@code y}). */
    interface OneTarget extends Examples {
        float[] y();

        @Override
        default int count() {
            return y().length;
        }

        @Override
        default int targetWidth() {
            return 1;
        }

        @Override
        default float[] targets() {
            return y();
        }
    }

    /** Dense rows: gathered into one batch array per step. */
    record Dense(Dataset data) implements Examples {
        @Override
        public int count() {
            return data.count();
        }

        @Override
        public int targetWidth() {
            return data.targetWidth();
        }

        @Override
        public float[] targets() {
            return data.targets();
        }

        @Override
        public Examples select(int[] rows) {
            return new Dense(data.select(rows));
        }

        @Override
        public Tensor forward(Module model, int[] order, int from, int size) {
            int per = data.exampleSize();
            float[] x = Workspace.floats(size * per);
            for (int i = 0; i < size; i++) {
                System.arraycopy(data.features(), order[from + i] * per, x, i * per, per);
            }
            int[] shape = new int[data.exampleShape().length + 1];
            shape[0] = size;
            System.arraycopy(data.exampleShape(), 0, shape, 1, data.exampleShape().length);
            return model.forward(Tensor.of(x, shape));
        }
    }

    /** CSR rows: the batch's rows selected, then the sparse model's forward. */
    record Sparse(CsrMatrix x, float[] y) implements OneTarget {
        @Override
        public Examples select(int[] rows) {
            float[] t = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                t[i] = y[rows[i]];
            }
            return new Sparse(x.selectRows(rows), t);
        }

        @Override
        public Tensor forward(Module model, int[] order, int from, int size) {
            if (!(model instanceof SparseLinear s)) {
                throw new IllegalArgumentException("sparse rows feed a SparseLinear model, not a "
                        + model.getClass().getSimpleName());
            }
            return s.forward(x.selectRows(Arrays.copyOfRange(order, from, from + size)));
        }
    }

    /** Token sequences: the batch's sequences through the recurrent classifier. */
    record Tokens(int[][] sequences, float[] y) implements OneTarget {
        @Override
        public Examples select(int[] rows) {
            int[][] s = new int[rows.length][];
            float[] t = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                s[i] = sequences[rows[i]];
                t[i] = y[rows[i]];
            }
            return new Tokens(s, t);
        }

        @Override
        public Tensor forward(Module model, int[] order, int from, int size) {
            if (!(model instanceof SequenceClassifier c)) {
                throw new IllegalArgumentException("token sequences feed a SequenceClassifier, not a "
                        + model.getClass().getSimpleName());
            }
            return c.logits(sequences, Arrays.copyOfRange(order, from, from + size));
        }
    }
}
