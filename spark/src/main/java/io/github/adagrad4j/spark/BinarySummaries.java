package io.github.adagrad4j.spark;

import org.apache.spark.ml.classification.BinaryLogisticRegressionSummaryImpl;
import org.apache.spark.ml.classification.BinaryLogisticRegressionTrainingSummaryImpl;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLlib's binary summaries with the log-loss MLlib's lack ({@code logLoss()}, the mean of {@code
 * -log p(label)} as {@code MulticlassClassificationEvaluator}'s {@code logLoss} computes it, weighted
 * by the weight column if there is one): what {@link AdaGradClassificationModel#binarySummary()} and
 * {@link AdaGradClassificationModel#evaluate} give for two classes.
 *
 * <pre>{@code
 * double logLoss = ((BinarySummaries.Training) model.binarySummary()).logLoss();
 * }</pre>
 */
public final class BinarySummaries {
    private BinarySummaries() {
    }

    static double logLoss(Dataset<Row> predictions, String probabilityCol, String labelCol, String weightCol) {
        MulticlassClassificationEvaluator e = new MulticlassClassificationEvaluator().setMetricName("logLoss")
                .setProbabilityCol(probabilityCol).setLabelCol(labelCol);
        if (weightCol != null && !weightCol.isEmpty()) {
            e.setWeightCol(weightCol);
        }
        return e.evaluate(predictions);
    }

    /** The training summary of a two-class model. */
    public static final class Training extends BinaryLogisticRegressionTrainingSummaryImpl {
        private static final long serialVersionUID = 1L;

        Training(Dataset<Row> predictions, String probabilityCol, String predictionCol, String labelCol,
                String featuresCol, String weightCol, double[] objectiveHistory) {
            super(predictions, probabilityCol, predictionCol, labelCol, featuresCol, weightCol, objectiveHistory);
        }

        /** The mean log-loss on the training data. */
        public double logLoss() {
            return BinarySummaries.logLoss(predictions(), probabilityCol(), labelCol(), weightCol());
        }
    }

    /** A two-class model's figures on a data set ({@link AdaGradClassificationModel#evaluate}). */
    public static final class Evaluation extends BinaryLogisticRegressionSummaryImpl {
        private static final long serialVersionUID = 1L;

        Evaluation(Dataset<Row> predictions, String probabilityCol, String predictionCol, String labelCol,
                String featuresCol, String weightCol) {
            super(predictions, probabilityCol, predictionCol, labelCol, featuresCol, weightCol);
        }

        /** The mean log-loss on the data set. */
        public double logLoss() {
            return BinarySummaries.logLoss(predictions(), probabilityCol(), labelCol(), weightCol());
        }
    }
}
