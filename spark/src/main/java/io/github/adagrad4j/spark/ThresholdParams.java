package io.github.adagrad4j.spark;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Params;

/**
 * {@code threshold} beside Spark's {@code thresholds}, for {@link AdaGradClassifier} and its model,
 * with {@link Thresholds} keeping the two consistent as {@code LogisticRegression} does. The
 * classes override {@code setThresholds}/{@code getThresholds} themselves (Spark's class methods
 * win over an interface's).
 *
 * <pre>{@code
 * new AdaGradClassifier().setThreshold(0.3).getThresholds();   // [0.7, 0.3]
 * }</pre>
 *
 * @param <T> the stage, returned by the setter
 */
public interface ThresholdParams<T> extends Params {
    DoubleParam threshold();

    DoubleArrayParam thresholds();

    /** Binary classification predicts 1 above it; clears {@code thresholds}, as {@code LogisticRegression.setThreshold}. */
    @SuppressWarnings("unchecked")
    default T setThreshold(double value) {
        set(threshold(), value);
        clear(thresholds());
        return (T) this;
    }

    /** The threshold in force, read from {@code thresholds} when those are set. */
    default double getThreshold() {
        return Thresholds.threshold(this, threshold(), thresholds());
    }
}
