package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Params as a Spark user expects them from MLlib: defaults everywhere, and models that remember how they were trained. */
class ParamsTest {
    @TempDir
    Path dir;

    /** Our params of a stage, by name. */
    private static List<String> ours(org.apache.spark.ml.param.Params p) {
        return java.util.Arrays.stream(p.params()).map(Param::name)
                .filter(n -> !List.of("thresholds", "weightCol", "predictionCol", "rawPredictionCol", "probabilityCol",
                        "featuresCol", "labelCol").contains(n)).toList();
    }

    @Test
    void everyParamHasADefaultAndTheRuleSpecificOnesFollowTheOptimizer() {
        AdaGradClassifier c = new AdaGradClassifier();
        for (String name : ours(c)) {
            assertThat(c.hasDefault(c.getParam(name))).as(name).isTrue();
        }
        assertThat(c.explainParams()).doesNotContain("learningRate: learning rate (ftrl: alpha); default: the "
                + "optimizer's own (undefined)");
        // PyTorch's defaults, as the rules have them.
        assertThat(c.getLearningRate()).isEqualTo(0.01);
        assertThat(c.getEps()).isEqualTo(1e-10);
        assertThat(c.getInitialAccumulator()).isEqualTo(0.0);
        c.setOptimizer("adam");
        assertThat(c.getLearningRate()).isEqualTo(0.001);
        assertThat(c.getEps()).isEqualTo(1e-8);
        assertThat(c.explainParams()).contains("learningRate: learning rate (ftrl: alpha); default: the optimizer's "
                + "own (default: 0.001)");
        // A rule chosen through a ParamMap (a CrossValidator's grid) still gives its own default to the getter.
        AdaGradClassifier viaMap = c.copy(new ParamMap().put(c.optimizer(), "sgd"));
        assertThat(viaMap.getLearningRate()).isEqualTo(0.001);
        assertThat(new AdaGradClassifier().setLearningRate(0.3).setOptimizer("adam").getLearningRate()).isEqualTo(0.3);
        assertThat(new AdaGradRegressor().getEps()).isEqualTo(1e-10);
        assertThat(new MlpClassifier().setOptimizer("rmsprop").getLearningRate()).isEqualTo(0.01);
    }

    @Test
    void aWrongOptimizerNameListsTheRules() {
        assertThatThrownBy(() -> new AdaGradClassifier().setOptimizer("adagard"))
                .hasMessageContaining("optimizer 'adagard' is not an update rule; expected one of adagrad, "
                        + "adagrad-keras, sgd");
    }

    @Test
    void aFittedModelAnswersHowItWasTrainedBeforeAndAfterLoadAsLogisticRegressionModelDoes() throws Exception {
        Dataset<Row> train = TestSpark.frame(TestSpark.denseBinary(400, 3, 11), 2);
        AdaGradClassificationModel m = new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5).setL1(1e-3)
                .setMaxIter(3).setBatchSize(50).fit(train);
        LogisticRegressionModel mllib = new LogisticRegression().setRegParam(0.01).setMaxIter(7).fit(train);
        for (boolean loaded : new boolean[] {false, true}) {
            AdaGradClassificationModel x = m;
            LogisticRegressionModel y = mllib;
            if (loaded) {
                m.write().overwrite().save(dir.resolve("ours").toString());
                mllib.write().overwrite().save(dir.resolve("mllib").toString());
                x = AdaGradClassificationModel.load(dir.resolve("ours").toString());
                y = LogisticRegressionModel.load(dir.resolve("mllib").toString());
            }
            assertThat(y.getRegParam()).isEqualTo(0.01);
            assertThat(y.getMaxIter()).isEqualTo(7);
            assertThat(x.getOptimizer()).as("loaded %s", loaded).isEqualTo("ftrl");
            assertThat(x.getLearningRate()).isEqualTo(0.5);
            assertThat(x.getL1()).isEqualTo(1e-3);
            assertThat(x.getMaxIter()).isEqualTo(3);
            assertThat(x.getBatchSize()).isEqualTo(50);
            assertThat(x.getFamily()).isEqualTo("auto");
            assertThat(x.explainParams()).contains("maxIter: epochs").contains("current: 3)")
                    .contains("optimizer: update rule").contains("current: ftrl)");
        }
        String metadata = Files.readString(Files.list(dir.resolve("ours").resolve("metadata"))
                .filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow());
        assertThat(metadata).contains("\"learningRate\":0.5").contains("\"maxIter\":3");

        AdaGradRegressionModel r = new AdaGradRegressor().setLoss("huber").setEpsilon(2.0).setMaxIter(2).fit(train);
        r.write().overwrite().save(dir.resolve("reg").toString());
        AdaGradRegressionModel rl = AdaGradRegressionModel.load(dir.resolve("reg").toString());
        assertThat(rl.getLoss()).isEqualTo("huber");
        assertThat(rl.getEpsilon()).isEqualTo(2.0);
        assertThat(rl.getMaxIter()).isEqualTo(2);

        MlpClassificationModel mlp = new MlpClassifier().setHiddenLayers(new int[] {5}).setOptimizer("adam")
                .setMaxIter(2).fit(train);
        mlp.write().overwrite().save(dir.resolve("mlp").toString());
        MlpClassificationModel ml = MlpClassificationModel.load(dir.resolve("mlp").toString());
        assertThat(ml.getHiddenLayers()).containsExactly(5);
        assertThat(ml.getOptimizer()).isEqualTo("adam");
        assertThat(ml.getLearningRate()).isEqualTo(0.001);
    }

    @Test
    void thresholdAndThresholdsStayConsistentAsInLogisticRegression() {
        AdaGradClassifier ours = new AdaGradClassifier();
        LogisticRegression mllib = new LogisticRegression();
        assertThat(ours.getThreshold()).isEqualTo(mllib.getThreshold()).isEqualTo(0.5);
        ours.setThresholds(new double[] {0.6, 0.4});
        mllib.setThresholds(new double[] {0.6, 0.4});
        assertThat(ours.getThreshold()).isEqualTo(mllib.getThreshold());
        ours.setThreshold(0.3);
        mllib.setThreshold(0.3);
        assertThat(ours.getThresholds()).containsExactly(mllib.getThresholds());
        assertThat(ours.isSet(ours.thresholds())).isFalse();

        Dataset<Row> data = TestSpark.frame(TestSpark.denseBinary(300, 3, 5), 2);
        AdaGradClassificationModel m = ours.setMaxIter(3).fit(data);
        assertThat(m.getThreshold()).isEqualTo(0.3);
        for (double t : new double[] {0.3, 0.5, 0.8}) {
            m.setThreshold(t);
            for (Row r : m.transform(data).select("probability", "prediction").collectAsList()) {
                double p1 = ((org.apache.spark.ml.linalg.Vector) r.get(0)).apply(1);
                assertThat(r.getDouble(1)).as("p1 %s, threshold %s", p1, t).isEqualTo(p1 > t ? 1.0 : 0.0);
            }
            // Predicting from the raw margin alone (no probability column) draws the same line.
            m.setThreshold(t).setProbabilityCol("");
            assertThat(m.transform(data).select("prediction").collectAsList())
                    .isEqualTo(m.setProbabilityCol("probability").transform(data).select("prediction").collectAsList());
        }
    }
}
