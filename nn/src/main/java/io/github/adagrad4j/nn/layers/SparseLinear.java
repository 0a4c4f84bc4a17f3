package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;

/**
 * A linear layer over sparse input (hashed text, one-hot categorical features): weight
 * {@code [features, outputs]} (one row per input feature, like an embedding table) and bias
 * {@code [outputs]}. On a CSR batch, forward and backward cost O(non-zeros x outputs), and the
 * weight's gradient is a {@link SparseGradient} over the features present in the batch: no dense
 * gradient of the table is ever materialised.
 *
 * <pre>{@code
 * SparseLinear lr = new SparseLinear(1 << 20, 1);        // logistic regression on 2^20 hashed buckets
 * Tensor logits = lr.forward(batchCsr);                  // [batch, 1]
 * Ops.bceWithLogits(logits, labels).backward();          // weight gets a sparse gradient
 * }</pre>
 */
public final class SparseLinear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    /** Zero-initialised, as linear models on sparse features usually are (and FTRL requires). */
    public SparseLinear(int features, int outputs) {
        Checks.atLeastOne("features", features);
        Checks.atLeastOne("outputs", outputs);
        weight = register("weight", Parameter.zeros("weight", features, outputs));
        bias = register("bias", Parameter.zeros("bias", outputs));
    }

    public Parameter weight() {
        return weight;
    }

    /** Logits {@code x W + b} of a CSR batch. */
    public Tensor forward(CsrMatrix x) {
        int features = weight.shape()[0];
        if (x.numCols() != features) {
            throw new IllegalArgumentException("sparse linear: input has " + x.numCols() + " columns but the layer has "
                    + features + " features");
        }
        int out = bias.size();
        int n = x.rows();
        float[] w = weight.data();
        float[] y = Workspace.floats(n * out);
        for (int r = 0; r < n; r++) {
            System.arraycopy(bias.data(), 0, y, r * out, out);
            for (int k = x.rowPtr()[r]; k < x.rowPtr()[r + 1]; k++) {
                float v = x.values()[k];
                int base = x.cols()[k] * out;
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += v * w[base + j];
                }
            }
        }
        Tensor b = Tensor.of(bias);
        // The weight enters the graph through the backward closure only: its gradient is sparse.
        return Tensor.result(y, new int[] {n, out}, o -> {
            float[] dy = o.grad();
            float[] values = Workspace.floats(x.nonZeros() * out);
            int[] rows = Workspace.ints(x.nonZeros());
            System.arraycopy(x.cols(), 0, rows, 0, rows.length);
            for (int r = 0; r < n; r++) {
                for (int k = x.rowPtr()[r]; k < x.rowPtr()[r + 1]; k++) {
                    float v = x.values()[k];
                    for (int j = 0; j < out; j++) {
                        values[k * out + j] = v * dy[r * out + j];
                    }
                }
            }
            if (rows.length > 0) {
                weight.addSparseGrad(new SparseGradient(rows, values, out));
            }
            float[] db = b.grad();
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < out; j++) {
                    db[j] += dy[r * out + j];
                }
            }
        }, b);
    }

    /** Dense tensors are not this layer's input: use {@link #forward(CsrMatrix)}, or {@link Dense} for dense data. */
    @Override
    public Tensor forward(Tensor x) {
        throw new IllegalArgumentException("SparseLinear takes CSR input (forward(CsrMatrix)); for dense input "
                + java.util.Arrays.toString(x.shape()) + " use Dense");
    }

    /** Non-zero weights, the measure of an L1-regularised model's sparsity. */
    public long nonZeroWeights() {
        long nz = 0;
        for (float v : weight.data()) {
            if (v != 0f) {
                nz++;
            }
        }
        return nz;
    }
}
