package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/** A fitted linear model's weights: {@code [dim, k]} coefficients and {@code k} intercepts, and its margins. */
record LinearWeights(int dim, int k, float[] coefficients, float[] intercept, double[] lossHistory)
        implements Serializable {

    static LinearWeights of(LinearTrainer.Fitted f) {
        return new LinearWeights(f.numFeatures(), f.outputs(), f.coefficients(), f.intercept(), f.lossHistory());
    }

    /** {@code intercept + x . W} for each output. */
    double[] margins(Vector x) {
        if (x.size() != dim) {
            throw new IllegalArgumentException("features vector of size " + x.size() + "; the model was trained on "
                    + dim + " features");
        }
        double[] m = new double[k];
        for (int j = 0; j < k; j++) {
            m[j] = intercept[j];
        }
        if (x instanceof SparseVector s) {
            int[] idx = s.indices();
            double[] val = s.values();
            for (int q = 0; q < idx.length; q++) {
                for (int j = 0; j < k; j++) {
                    m[j] += val[q] * coefficients[idx[q] * k + j];
                }
            }
        } else {
            double[] val = ((DenseVector) x).values();
            for (int f = 0; f < val.length; f++) {
                for (int j = 0; j < k; j++) {
                    m[j] += val[f] * coefficients[f * k + j];
                }
            }
        }
        return m;
    }

    /** Output {@code j}'s coefficient of every feature. */
    double[] column(int j) {
        double[] c = new double[dim];
        for (int f = 0; f < dim; f++) {
            c[f] = coefficients[f * k + j];
        }
        return c;
    }

    Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("coefficients", new SafeTensors.Tensor(new int[] {dim, k}, coefficients));
        t.put("intercept", new SafeTensors.Tensor(new int[] {k}, intercept));
        float[] h = new float[Math.max(1, lossHistory.length)];
        for (int i = 0; i < lossHistory.length; i++) {
            h[i] = (float) lossHistory[i];
        }
        t.put("loss_history", new SafeTensors.Tensor(new int[] {h.length}, h));
        return t;
    }

    static LinearWeights from(SafeTensors.Contents c, String where) {
        SafeTensors.Tensor w = c.tensors().get("coefficients");
        SafeTensors.Tensor b = c.tensors().get("intercept");
        SafeTensors.Tensor h = c.tensors().get("loss_history");
        if (w == null || b == null || w.shape().length != 2 || b.shape().length != 1 || b.shape()[0] != w.shape()[1]) {
            throw new IllegalArgumentException(where + ": expected tensors coefficients [dim, k] and intercept [k]");
        }
        int epochs = Integer.parseInt(c.metadata().getOrDefault("epochs", "0"));
        double[] hist = new double[epochs];
        for (int i = 0; i < epochs && h != null && i < h.data().length; i++) {
            hist[i] = h.data()[i];
        }
        return new LinearWeights(w.shape()[0], w.shape()[1], w.data(), b.data(), hist);
    }
}
