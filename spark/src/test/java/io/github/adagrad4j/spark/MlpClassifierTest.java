package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpClassifierTest {
    @TempDir
    Path dir;

    /** Two interleaved rings: no linear model separates them, one hidden layer does. */
    private static List<Row> rings(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = i % 2;
            double radius = (y == 0 ? 1 : 2) + r.nextGaussian() * 0.1;
            double a = r.nextDouble(0, 2 * Math.PI);
            rows.add(RowFactory.create((double) y, Vectors.dense(radius * Math.cos(a), radius * Math.sin(a)), 1.0));
        }
        return rows;
    }

    private static double accuracy(org.apache.spark.ml.Transformer m, Dataset<Row> data) {
        List<Row> out = m.transform(data).select("label", "prediction").collectAsList();
        return out.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count() / (double) out.size();
    }

    @Test
    void learnsWhatALinearModelCannotAndRoundTrips() throws Exception {
        Dataset<Row> train = TestSpark.frame(rings(1200, 1), 2);
        Dataset<Row> test = TestSpark.frame(rings(400, 2), 2);
        MlpClassificationModel mlp = new MlpClassifier().setHiddenLayers(new int[] {16}).setOptimizer("adam")
                .setLearningRate(0.05).setBatchSize(100).setMaxIter(8).setTol(0).fit(train);
        AdaGradClassificationModel linear = new AdaGradClassifier().setBatchSize(100).setMaxIter(8).fit(train);
        assertThat(accuracy(mlp, test)).isGreaterThan(0.95);
        assertThat(accuracy(linear, test)).isLessThan(0.75);
        assertThat(mlp.lossHistory()).hasSize(8);

        MlpClassificationModel again = new MlpClassifier().setHiddenLayers(new int[] {16}).setOptimizer("adam")
                .setLearningRate(0.05).setBatchSize(100).setMaxIter(8).setTol(0).fit(train);
        assertThat(again.transform(test).select("probability").collectAsList())
                .isEqualTo(mlp.transform(test).select("probability").collectAsList());

        String path = dir.resolve("mlp").toString();
        mlp.write().overwrite().save(path);
        MlpClassificationModel back = MlpClassificationModel.load(path);
        assertThat(back.spec()).isEqualTo("mlp:16");
        assertThat(back.transform(test).select("probability").collectAsList())
                .isEqualTo(mlp.transform(test).select("probability").collectAsList());
    }

    @Test
    void optionsItCannotHonourAreErrors() {
        Dataset<Row> train = TestSpark.frame(rings(20, 1), 1);
        assertThatThrownBy(() -> new MlpClassifier().setTrainingMode("average").fit(train))
                .hasMessageContaining("trainingMode 'sync'");
        assertThatThrownBy(() -> new MlpClassifier().setHiddenLayers(new int[] {0}).fit(train))
                .hasMessageContaining("hiddenLayers must be one or more positive sizes, got [0]");
    }

    @Test
    void aFitContinuedFromItsCheckpointEndsWhereAnUninterruptedOneDoes() {
        Dataset<Row> train = TestSpark.frame(rings(600, 3), 2);
        MlpClassifier est = new MlpClassifier().setHiddenLayers(new int[] {8}).setOptimizer("adagrad")
                .setLearningRate(0.1).setBatchSize(50).setTol(0);
        MlpClassificationModel straight = est.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(4).fit(train);

        String ckpt = dir.resolve("ckpt").toString();
        List<Integer> epochs = new ArrayList<>();
        MlpClassifier withCkpt = est.copy(new org.apache.spark.ml.param.ParamMap()).setCheckpointDir(ckpt)
                .setCheckpointInterval(1).setEpochListener((epoch, loss, seconds) -> epochs.add(epoch));
        withCkpt.setMaxIter(2).fit(train);
        assertThat(dir.resolve("ckpt").resolve(FitCheckpoint.FILE)).exists();
        MlpClassificationModel resumed = withCkpt.setMaxIter(4).fit(train);
        // The second fit ran epochs 3 and 4 only, from the weights and AdaGrad state of epoch 2.
        assertThat(epochs).containsExactly(1, 2, 3, 4);
        assertThat(resumed.lossHistory()).isEqualTo(straight.lossHistory());
        assertThat(resumed.transform(train).select("probability").collectAsList())
                .isEqualTo(straight.transform(train).select("probability").collectAsList());
        assertThatThrownBy(() -> withCkpt.copy(new org.apache.spark.ml.param.ParamMap())
                .setHiddenLayers(new int[] {4}).fit(train)).hasMessageContaining("holds a checkpoint of another fit");
    }
}
