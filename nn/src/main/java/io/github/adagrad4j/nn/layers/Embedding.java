package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;
import java.util.SplittableRandom;

/**
 * A lookup table {@code [num, dim]} (PyTorch's {@code nn.Embedding(sparse=True)}): the output for
 * indices {@code [n]} is {@code [n, dim]}, and the table's gradient is a {@link SparseGradient}
 * over the looked-up rows, so an optimizer step costs the batch, not the table.
 *
 * <pre>{@code
 * Embedding users = new Embedding(1_000_000, 32, new SplittableRandom(1));
 * Tensor u = users.lookup(new int[] {17, 4, 17});     // [3, 32]
 * }</pre>
 */
public final class Embedding extends Module {
    private final Parameter weight;

    /** Rows drawn from N(0, 1), PyTorch's default. */
    public Embedding(int num, int dim, SplittableRandom rng) {
        this(num, dim, 1.0, rng);
    }

    /** Rows drawn from N(0, std^2). */
    public Embedding(int num, int dim, double std, SplittableRandom rng) {
        Checks.atLeastOne("num embeddings", num);
        Checks.atLeastOne("embedding dim", dim);
        Checks.nonNegative("embedding init std", std);
        weight = register("weight", Parameter.zeros("weight", num, dim));
        float[] w = weight.data();
        for (int i = 0; i < w.length; i++) {
            double u = 1 - rng.nextDouble();
            w[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble()));
        }
    }

    public Parameter weight() {
        return weight;
    }

    /** Rows {@code indices} of the table, {@code [indices.length, dim]}. */
    public Tensor lookup(int[] indices) {
        return bag(indices, null, false);
    }

    /**
     * PyTorch's {@code nn.EmbeddingBag}: bag {@code b} reduces the rows
     * {@code indices[offsets[b] .. offsets[b+1])} (the last bag runs to the end) by sum, or by mean
     * when {@code mean}; an empty bag gives zeros. Output {@code [offsets.length, dim]}.
     */
    public Tensor bag(int[] indices, int[] offsets, boolean mean) {
        int num = weight.rows();
        int dim = weight.rowWidth();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= num) {
                throw new IllegalArgumentException("embedding: index " + indices[i] + " at position " + i
                        + " is outside [0, " + num + ")");
            }
        }
        int bags = offsets == null ? indices.length : offsets.length;
        int[] start = Workspace.ints(bags + 1);
        for (int b = 0; b < bags; b++) {
            start[b] = offsets == null ? b : offsets[b];
            if (start[b] < 0 || start[b] > indices.length || (b > 0 && start[b] < start[b - 1])) {
                throw new IllegalArgumentException("embedding bag: offsets must be non-decreasing within [0, "
                        + indices.length + "], offset " + b + " is " + start[b]);
            }
        }
        start[bags] = indices.length;
        float[] w = weight.data();
        float[] y = Workspace.floats(bags * dim);
        float[] scale = Workspace.floats(bags);
        for (int b = 0; b < bags; b++) {
            int count = start[b + 1] - start[b];
            scale[b] = mean && count > 0 ? 1f / count : 1f;
            for (int k = start[b]; k < start[b + 1]; k++) {
                int src = indices[k] * dim;
                if (k == start[b]) {
                    // The first row is a copy (a plain lookup has only that one): one intrinsic copy, not a
                    // scalar loop that C2 cannot vectorise across two offsets.
                    System.arraycopy(w, src, y, b * dim, dim);
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    y[b * dim + j] += w[src + j];
                }
            }
            if (scale[b] != 1f) {
                for (int j = 0; j < dim; j++) {
                    y[b * dim + j] *= scale[b];
                }
            }
        }
        Tensor anchor = Tensor.of(weight);
        return Tensor.result(y, new int[] {bags, dim}, o -> {
            float[] dy = o.grad();
            float[] values = Workspace.floats(indices.length * dim);
            for (int b = 0; b < bags; b++) {
                for (int k = start[b]; k < start[b + 1]; k++) {
                    if (scale[b] == 1f) {
                        System.arraycopy(dy, b * dim, values, k * dim, dim);
                        continue;
                    }
                    for (int j = 0; j < dim; j++) {
                        values[k * dim + j] = dy[b * dim + j] * scale[b];
                    }
                }
            }
            if (indices.length > 0) {
                int[] rows = Workspace.ints(indices.length);
                System.arraycopy(indices, 0, rows, 0, indices.length);
                weight.addSparseGrad(new SparseGradient(rows, values, dim));
            }
        }, anchor);
    }

    /** Input: a tensor of row indices (as floats). */
    @Override
    public Tensor forward(Tensor indices) {
        float[] f = indices.data();
        int[] idx = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            idx[i] = (int) f[i];
            if (idx[i] != f[i]) {
                throw new IllegalArgumentException("embedding: input " + f[i] + " at position " + i + " is not a row index");
            }
        }
        return lookup(idx);
    }
}
