package io.github.adagrad4j.spark;

/** The logistic and softmax functions, computed without overflow, shared by training and prediction. */
final class Probabilities {
    private Probabilities() {
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Replaces the margins {@code v} by their softmax; returns log(sum(exp(v))) of the original values. */
    static double softmaxInPlace(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.exp(v[j] - max);
            sum += v[j];
        }
        for (int j = 0; j < v.length; j++) {
            v[j] /= sum;
        }
        return Math.log(sum) + max;
    }
}
