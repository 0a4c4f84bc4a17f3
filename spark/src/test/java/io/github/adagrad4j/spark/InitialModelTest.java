package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.train.SparseRecipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code initialModel}, the warm start of the linear estimators: a fit starts from the given
 * weights (a fitted model's or a folder's, through standardisation too), continues to learn from
 * them, and refuses weights of another shape.
 */
class InitialModelTest {
    @TempDir
    Path dir;

    private static double[] coefficients(AdaGradClassificationModel m) {
        return m.coefficients().toArray();
    }

    @Test
    void aFitStartsFromTheGivenModelsWeightsAndGoesOnLearningFromThem() {
        List<Row> rows = TestSpark.sparseBinary(2000, 1 << 12, 10, 21);
        Dataset<Row> data = TestSpark.frame(rows, 2);
        AdaGradClassificationModel day1 = new AdaGradClassifier().setLearningRate(0.3).setMaxIter(3).fit(data);
        for (boolean standardize : new boolean[] {false, true}) {
            // A step too small to move anything: the fit ends where it started.
            AdaGradClassificationModel still = new AdaGradClassifier().setOptimizer("sgd").setLearningRate(1e-30)
                    .setStandardization(standardize).setMaxIter(1).setInitialModel(day1).fit(data);
            double[] a = coefficients(day1);
            double[] b = coefficients(still);
            for (int f = 0; f < a.length; f++) {
                assertThat(b[f]).as("feature %d, standardize %s", f, standardize)
                        .isCloseTo(a[f], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(a[f]))));
            }
            assertThat(still.intercept()).isCloseTo(day1.intercept(), org.assertj.core.data.Offset.offset(1e-6));
        }
        // Continuing: its first epoch starts where day 1 ended, far below a cold start's first epoch.
        AdaGradClassificationModel cold = new AdaGradClassifier().setLearningRate(0.3).setMaxIter(1).fit(data);
        AdaGradClassificationModel warm = new AdaGradClassifier().setLearningRate(0.05).setMaxIter(1)
                .setInitialModel(day1).fit(data);
        double coldLoss = cold.summary().objectiveHistory()[0];
        double warmLoss = warm.summary().objectiveHistory()[0];
        assertThat(warmLoss).isLessThan(coldLoss);
        // The param survives a copy, as CrossValidator copies estimators; the fitted model's weights too.
        AdaGradClassifier est = new AdaGradClassifier().setInitialModel(day1);
        AdaGradClassifier copy = est.copy(new org.apache.spark.ml.param.ParamMap());
        AdaGradClassificationModel fromCopy = copy.setOptimizer("sgd").setLearningRate(1e-30).setMaxIter(1).fit(data);
        assertThat(coefficients(fromCopy)[0]).isCloseTo(coefficients(day1)[0], org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aModelFolderStartsTheFitAndWeightsOfAnotherShapeAreRefused() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double a = r.nextDouble(-1, 1);
            lines.add((a > 0 ? 1 : 0) + " 1:" + a + " 3:" + r.nextDouble() + " 6:1");
        }
        Path svm = dir.resolve("day1.svm");
        Files.write(svm, lines);
        Path folder = dir.resolve("day1");
        new SparseRecipe(TrainingConfig.builder().data(svm.toString()).model("sparse-linear").optimizer("adagrad")
                .optimizerOption("lr", "0.5").epochs(5).output(folder).build()).run(new PrintWriter(Writer.nullWriter()));
        AdaGradClassificationModel local = AdaGradClassificationModel.fromModelFolder(folder);
        Dataset<Row> data = TestSpark.local().read().format("libsvm").load(svm.toString());
        AdaGradClassificationModel still = new AdaGradClassifier().setOptimizer("sgd").setLearningRate(1e-30)
                .setMaxIter(1).setInitialModel(folder.toString()).fit(data);
        double[] a = coefficients(local);
        double[] b = coefficients(still);
        assertThat(b).hasSize(a.length);
        for (int f = 0; f < a.length; f++) {
            assertThat(b[f]).isCloseTo(a[f], org.assertj.core.data.Offset.offset(1e-6));
        }
        Vector first = still.transform(data).select("probability").first().getAs(0);
        assertThat(first.size()).isEqualTo(2);

        Dataset<Row> wider = TestSpark.frame(TestSpark.sparseBinary(100, 2000, 5, 1), 1);
        assertThatThrownBy(() -> new AdaGradClassifier().setInitialModel(folder.toString()).fit(wider))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialModel has 6 features and 1 output; this fit has 2000 features and 1 output");
        assertThatThrownBy(() -> new AdaGradClassifier().setInitialModel(dir.resolve("nothing").toString()).fit(wider))
                .hasMessageContaining("initialModel " + dir.resolve("nothing"));
        // A regressor warm-starts the same way.
        AdaGradRegressionModel reg = new AdaGradRegressor().setMaxIter(2).fit(data);
        AdaGradRegressionModel regStill = new AdaGradRegressor().setOptimizer("sgd").setLearningRate(1e-30)
                .setMaxIter(1).setInitialModel(reg).fit(data);
        assertThat(regStill.coefficients().toArray()[0]).isCloseTo(reg.coefficients().toArray()[0],
                org.assertj.core.data.Offset.offset(1e-6));
    }
}
