package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import java.util.Arrays;

/**
 * Figures computed on a whole set of model outputs against targets.
 *
 * <pre>{@code
 * double acc = Metric.ACCURACY.compute(outputs, 10, targets, 1);
 * }</pre>
 *
 * Classification metrics read outputs as logits: {@code ACCURACY} takes the arg-max of several
 * outputs, or the sign of a single output; {@code LOG_LOSS} and {@code ROC_AUC} are binary (one
 * logit per example) or, for log loss, multi-class by softmax.
 */
public enum Metric {
    ACCURACY("accuracy", true),
    MSE("mse", false),
    RMSE("rmse", false),
    MAE("mae", false),
    R2("r2", true),
    LOG_LOSS("log_loss", false),
    ROC_AUC("roc_auc", true);

    private final String key;
    private final boolean higherIsBetter;

    Metric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name used in logs and history files. */
    public String key() {
        return key;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The metric by its {@link #key()}. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; known: "
                + Arrays.stream(values()).map(Metric::key).toList());
    }

    public double compute(float[] outputs, int outWidth, float[] targets, int targetWidth) {
        int n = outputs.length / outWidth;
        switch (this) {
            case ACCURACY: {
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    int predicted;
                    if (outWidth == 1) {
                        predicted = outputs[i] > 0 ? 1 : 0;
                    } else {
                        predicted = ClassLabels.argmax(outputs, i * outWidth, outWidth);
                    }
                    if (predicted == (int) targets[i * targetWidth]) {
                        correct++;
                    }
                }
                return (double) correct / n;
            }
            case MSE:
            case RMSE: {
                double s = 0;
                for (int i = 0; i < outputs.length; i++) {
                    double d = outputs[i] - targets[i];
                    s += d * d;
                }
                return this == MSE ? s / outputs.length : Math.sqrt(s / outputs.length);
            }
            case MAE: {
                double s = 0;
                for (int i = 0; i < outputs.length; i++) {
                    s += Math.abs(outputs[i] - targets[i]);
                }
                return s / outputs.length;
            }
            case R2: {
                double mean = 0;
                for (float t : targets) {
                    mean += t;
                }
                mean /= targets.length;
                double ssRes = 0;
                double ssTot = 0;
                for (int i = 0; i < outputs.length; i++) {
                    ssRes += (outputs[i] - targets[i]) * (double) (outputs[i] - targets[i]);
                    ssTot += (targets[i] - mean) * (targets[i] - mean);
                }
                return 1 - ssRes / ssTot;
            }
            case LOG_LOSS: {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    if (outWidth == 1) {
                        double p = 1 / (1 + Math.exp(-outputs[i]));
                        double y = targets[i];
                        p = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
                        s -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
                    } else {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < outWidth; j++) {
                            max = Math.max(max, outputs[i * outWidth + j]);
                        }
                        double sum = 0;
                        for (int j = 0; j < outWidth; j++) {
                            sum += Math.exp(outputs[i * outWidth + j] - max);
                        }
                        s += Math.log(sum) + max - outputs[i * outWidth + (int) targets[i * targetWidth]];
                    }
                }
                return s / n;
            }
            case ROC_AUC: {
                if (outWidth != 1) {
                    throw new IllegalArgumentException("roc_auc needs one score per example, got " + outWidth);
                }
                return rocAuc(outputs, targets);
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** Mann-Whitney U with average ranks for ties. */
    private static double rocAuc(float[] scores, float[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
