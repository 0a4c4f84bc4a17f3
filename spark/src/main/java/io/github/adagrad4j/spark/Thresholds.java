package io.github.adagrad4j.spark;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * A binary classifier's {@code threshold} beside Spark's {@code thresholds}, kept consistent as
 * MLlib's {@code LogisticRegression} keeps them: setting one clears the other, {@code threshold t}
 * reads as {@code thresholds [1 - t, t]}, and {@code thresholds [t0, t1]} as {@code threshold
 * 1 / (1 + t0 / t1)}. Shared by {@link AdaGradClassifier} and its model.
 *
 * <pre>{@code
 * DoubleParam threshold = Thresholds.param(this);
 * double t = Thresholds.threshold(this, threshold, thresholds());
 * }</pre>
 */
final class Thresholds {
    private Thresholds() {
    }

    /** The threshold param of {@code owner}, default 0.5. */
    static DoubleParam param(Params owner) {
        DoubleParam p = new DoubleParam(owner.uid(), "threshold", "binary classification: predict 1 when the "
                + "probability of class 1 is above it; consistent with thresholds (thresholds [1 - t, t])",
                ParamValidators.inRange(0, 1));
        owner.setDefault(p, 0.5);
        return p;
    }

    /** The threshold in force: from {@code thresholds} when those are set, else {@code threshold}. */
    static double threshold(Params owner, DoubleParam threshold, DoubleArrayParam thresholds) {
        if (owner.isSet(thresholds)) {
            double[] ts = owner.getOrDefault(thresholds);
            if (ts.length != 2) {
                throw new IllegalArgumentException("thresholds of length " + ts.length + " set: threshold applies to "
                        + "binary classification, with 2 thresholds");
            }
            return 1.0 / (1.0 + ts[0] / ts[1]);
        }
        return (Double) owner.getOrDefault(threshold);
    }

    /** The thresholds in force: {@code [1 - t, t]} when only {@code threshold} is set, else {@code thresholds}. */
    static double[] thresholds(Params owner, DoubleParam threshold, DoubleArrayParam thresholds) {
        if (!owner.isSet(thresholds) && owner.isSet(threshold)) {
            double t = (Double) owner.getOrDefault(threshold);
            return new double[] {1 - t, t};
        }
        return owner.getOrDefault(thresholds);
    }

    /** Binary prediction from class 1's probability. */
    static double predict(double p1, double threshold) {
        return p1 > threshold ? 1 : 0;
    }

    /** Binary prediction from class 1's raw margin: above {@code log(t / (1 - t))}. */
    static double predictRaw(double margin, double threshold) {
        double raw = threshold == 0 ? Double.NEGATIVE_INFINITY : threshold == 1 ? Double.POSITIVE_INFINITY
                : Math.log(threshold / (1 - threshold));
        return margin > raw ? 1 : 0;
    }
}
