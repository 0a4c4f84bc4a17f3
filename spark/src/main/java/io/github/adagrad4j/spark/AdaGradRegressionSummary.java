package io.github.adagrad4j.spark;

import java.io.Serializable;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A regression model's figures on a data set, named as MLlib's {@code LinearRegressionSummary}
 * names them ({@code rootMeanSquaredError}, {@code meanAbsoluteError}, {@code r2}...), each computed
 * by Spark when asked; the training summary adds the mean training loss per epoch
 * ({@code objectiveHistory}).
 *
 * <pre>{@code
 * AdaGradRegressionModel m = new AdaGradRegressor().fit(train);
 * double r2 = m.summary().r2();
 * double testRmse = m.evaluate(test).rootMeanSquaredError();
 * }</pre>
 */
public final class AdaGradRegressionSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Dataset<Row> predictions;
    private final String predictionCol;
    private final String labelCol;
    private final double[] objectiveHistory;

    AdaGradRegressionSummary(Dataset<Row> predictions, String predictionCol, String labelCol,
            double[] objectiveHistory) {
        this.predictions = predictions;
        this.predictionCol = predictionCol;
        this.labelCol = labelCol;
        this.objectiveHistory = objectiveHistory;
    }

    /** The data set with the model's predictions. */
    public Dataset<Row> predictions() {
        return predictions;
    }

    public String predictionCol() {
        return predictionCol;
    }

    public String labelCol() {
        return labelCol;
    }

    private double metric(String name) {
        return new RegressionEvaluator().setPredictionCol(predictionCol).setLabelCol(labelCol).setMetricName(name)
                .evaluate(predictions);
    }

    public double rootMeanSquaredError() {
        return metric("rmse");
    }

    public double meanSquaredError() {
        return metric("mse");
    }

    public double meanAbsoluteError() {
        return metric("mae");
    }

    public double r2() {
        return metric("r2");
    }

    public double explainedVariance() {
        return metric("var");
    }

    public long numInstances() {
        return predictions.count();
    }

    /** The mean training loss of each epoch (empty for a summary of {@code evaluate}). */
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /** {@code objectiveHistory().length - 1}, as MLlib's summaries count iterations. */
    public int totalIterations() {
        return Math.max(0, objectiveHistory.length - 1);
    }
}
