package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.classification.BinaryLogisticRegressionTrainingSummary;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.LogisticRegressionSummary;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training summaries and evaluate(), named and shaped as LogisticRegressionModel's, LinearRegressionModel's. */
class SummaryTest {
    @TempDir
    Path dir;

    @Test
    void aBinaryModelSummarisesItsTrainingAsLogisticRegressionDoes() throws Exception {
        // One labelling for both parts: denseBinary draws its true weights from the seed.
        List<Row> rows = TestSpark.denseBinary(600, 3, 21);
        Dataset<Row> train = TestSpark.frame(rows.subList(0, 400), 2);
        Dataset<Row> test = TestSpark.frame(rows.subList(400, 600), 2);
        AdaGradClassificationModel m = new AdaGradClassifier().setLearningRate(0.5).setMaxIter(4).setBatchSize(20)
                .setTol(0).fit(train);
        LogisticRegressionModel mllib = new LogisticRegression().fit(train);
        assertThat(m.hasSummary()).isTrue();
        BinaryLogisticRegressionTrainingSummary s = m.binarySummary();
        BinaryLogisticRegressionTrainingSummary t = mllib.binarySummary();
        assertThat(s.objectiveHistory()).containsExactly(m.lossHistory());
        // MLlib counts objectiveHistory.length - 1 iterations (its history starts with the initial objective).
        assertThat(s.objectiveHistory()).hasSize(4);
        assertThat(s.totalIterations()).isEqualTo(3);
        // The same shapes as MLlib's.
        assertThat(s.roc().columns()).containsExactly(t.roc().columns());
        assertThat(s.pr().columns()).containsExactly(t.pr().columns());
        assertThat(s.fMeasureByThreshold().columns()).containsExactly(t.fMeasureByThreshold().columns());
        assertThat(s.labels()).containsExactly(t.labels());
        assertThat(s.precisionByLabel()).hasSameSizeAs(t.precisionByLabel());
        // The values of the math that is the same: AUC and accuracy of the prediction columns.
        assertThat(s.areaUnderROC()).isCloseTo(new BinaryClassificationEvaluator().setRawPredictionCol("probability")
                .evaluate(m.transform(train)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.accuracy()).isEqualTo(new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(m.transform(train)));
        LogisticRegressionSummary e = m.evaluate(test);
        assertThat(e.accuracy()).isEqualTo(new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(m.transform(test)));
        assertThat(e.accuracy()).isGreaterThan(0.8);
        // The log-loss MLlib's summaries lack, as SparkTrainJob measures it.
        assertThat(((BinarySummaries.Evaluation) e).logLoss()).isCloseTo(SparkTrainJob.evaluate(m.transform(test), 2)
                .get("log_loss"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(((BinarySummaries.Training) s).logLoss()).isPositive();

        m.write().overwrite().save(dir.resolve("m").toString());
        AdaGradClassificationModel loaded = AdaGradClassificationModel.load(dir.resolve("m").toString());
        assertThat(loaded.hasSummary()).isFalse();
        assertThatThrownBy(loaded::summary).hasMessageContaining("No training summary available");
        assertThat(loaded.evaluate(test).accuracy()).isEqualTo(e.accuracy());
    }

    @Test
    void multinomialRegressionAndMlpModelsSummariseToo() {
        SplittableRandom r = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            int y = i % 3;
            rows.add(RowFactory.create((double) y, Vectors.dense(y + r.nextGaussian() * 0.3, r.nextGaussian()), 1.0));
        }
        Dataset<Row> three = TestSpark.frame(rows, 2);
        AdaGradClassificationModel m = new AdaGradClassifier().setLearningRate(0.5).setMaxIter(5).setBatchSize(30)
                .fit(three);
        assertThat(m.summary()).isNotInstanceOf(BinaryLogisticRegressionTrainingSummary.class);
        assertThat(m.summary().labels()).containsExactly(0.0, 1.0, 2.0);
        assertThat(m.summary().accuracy()).isGreaterThan(0.8);
        assertThat(m.summary().weightedFMeasure()).isGreaterThan(0.8);
        assertThatThrownBy(m::binarySummary).hasMessageContaining("two-class models");

        AdaGradRegressionModel reg = new AdaGradRegressor().setLearningRate(0.5).setMaxIter(5).setBatchSize(30)
                .fit(three);
        assertThat(reg.summary().objectiveHistory()).hasSize(5);
        assertThat(reg.summary().r2()).isGreaterThan(0.7);
        assertThat(reg.summary().rootMeanSquaredError()).isCloseTo(Math.sqrt(reg.summary().meanSquaredError()),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(reg.evaluate(three).numInstances()).isEqualTo(450);

        MlpClassificationModel mlp = new MlpClassifier().setHiddenLayers(new int[] {6}).setOptimizer("adam")
                .setLearningRate(0.05).setMaxIter(5).setBatchSize(30).fit(three);
        assertThat(mlp.summary().objectiveHistory()).containsExactly(mlp.lossHistory());
        assertThat(mlp.summary().accuracy()).isEqualTo(mlp.evaluate(three).accuracy()).isGreaterThan(0.8);
    }
}
