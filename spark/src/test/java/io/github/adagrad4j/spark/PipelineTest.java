package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path dir;

    /** Short "messages" whose words give the class away, with string labels. */
    private static Dataset<Row> texts(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] spam = {"win", "cash", "prize", "free", "offer", "click"};
        String[] ham = {"meeting", "lunch", "report", "family", "project", "notes"};
        String[] common = {"the", "a", "today", "please", "now", "you"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean isSpam = r.nextBoolean();
            StringBuilder t = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                String[] pool = r.nextDouble() < 0.4 ? (isSpam ? spam : ham) : common;
                t.append(pool[r.nextInt(pool.length)]).append(' ');
            }
            rows.add(RowFactory.create(t.toString(), isSpam ? "spam" : "ham"));
        }
        StructType schema = new StructType().add("text", DataTypes.StringType).add("kind", DataTypes.StringType);
        return TestSpark.local().createDataFrame(rows, schema).repartition(2);
    }

    private static Pipeline textPipeline(AdaGradClassifier clf) {
        return new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("kind").setOutputCol("label"),
            new Tokenizer().setInputCol("text").setOutputCol("words"),
            new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(1 << 18),
            clf});
    }

    @Test
    void trainsInsideAPipelineAndRoundTripsThroughSaveAndLoad() throws Exception {
        Dataset<Row> train = texts(800, 1);
        Dataset<Row> test = texts(200, 2);
        PipelineModel model = textPipeline(new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5)
                .setL1(1e-4).setBatchSize(64).setMaxIter(3)).fit(train);
        double auc = new BinaryClassificationEvaluator().evaluate(model.transform(test));
        assertThat(auc).isGreaterThan(0.95);

        String path = dir.resolve("pipeline").toString();
        model.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> a = model.transform(test).select("probability", "prediction").collectAsList();
        List<Row> b = loaded.transform(test).select("probability", "prediction").collectAsList();
        assertThat(b).isEqualTo(a);
        AdaGradClassificationModel m = (AdaGradClassificationModel) loaded.stages()[3];
        assertThat(m.numClasses()).isEqualTo(2);
        assertThat(m.numFeatures()).isEqualTo(1 << 18);

        // The estimator itself persists too (a Pipeline's stages must).
        AdaGradClassifier est = new AdaGradClassifier().setOptimizer("adam").setLearningRate(0.01).setMaxIter(7);
        est.write().overwrite().save(dir.resolve("est").toString());
        AdaGradClassifier back = AdaGradClassifier.load(dir.resolve("est").toString());
        assertThat(back.getOptimizer()).isEqualTo("adam");
        assertThat(back.getLearningRate()).isEqualTo(0.01);
        assertThat(back.getMaxIter()).isEqualTo(7);
        assertThat(back.uid()).isEqualTo(est.uid());
    }

    @Test
    void crossValidatorPicksALearningRateOverTheGrid() {
        Dataset<Row> data = texts(600, 3);
        AdaGradClassifier clf = new AdaGradClassifier().setBatchSize(64).setMaxIter(2);
        ParamMap[] grid = new ParamGridBuilder().addGrid(clf.learningRate(), new double[] {1e-4, 0.5}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(textPipeline(clf)).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(7).fit(data);
        double[] metrics = cv.avgMetrics();
        assertThat(metrics).hasSize(2);
        assertThat(metrics[1]).isGreaterThan(metrics[0]);
        AdaGradClassificationModel best = (AdaGradClassificationModel) ((PipelineModel) cv.bestModel()).stages()[3];
        assertThat(best.parent().extractParamMap().get(clf.learningRate()).get()).isEqualTo(0.5);
    }

    @Test
    void regressorFitsSquaredAndHuberLossOnAssembledColumnsAndRoundTrips() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            double y = 3 * a - 2 * b + 0.5 + r.nextGaussian() * 0.01 + (i % 50 == 0 ? 40 : 0);
            rows.add(RowFactory.create(a, b, y));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        Dataset<Row> data = TestSpark.local().createDataFrame(rows, schema).repartition(2);
        VectorAssembler va = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features");
        Dataset<Row> x = va.transform(data);
        AdaGradRegressor huber = new AdaGradRegressor().setLoss("huber").setEpsilon(1.0).setLearningRate(0.5)
                .setBatchSize(32).setMaxIter(40);
        AdaGradRegressionModel h = huber.fit(x);
        // 2% outliers of +40: Huber stays near the true line; squared loss is pulled up by ~0.8.
        assertThat(h.coefficients().toArray()[0]).isCloseTo(3, within(0.05));
        assertThat(h.coefficients().toArray()[1]).isCloseTo(-2, within(0.05));
        assertThat(h.intercept()).isCloseTo(0.5, within(0.1));
        AdaGradRegressionModel sq = new AdaGradRegressor().setLearningRate(0.5).setBatchSize(32).setMaxIter(40).fit(x);
        assertThat(sq.intercept()).isCloseTo(1.3, within(0.15));
        String path = dir.resolve("reg").toString();
        h.write().overwrite().save(path);
        AdaGradRegressionModel back = AdaGradRegressionModel.load(path);
        assertThat(back.predict(Vectors.dense(0.2, -0.4))).isEqualTo(h.predict(Vectors.dense(0.2, -0.4)));
        assertThat(back.lossHistory()).hasSize(h.lossHistory().length);
    }
}
