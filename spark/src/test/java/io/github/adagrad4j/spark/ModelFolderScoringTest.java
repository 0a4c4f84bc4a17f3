package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.SparseRecipe;
import io.github.adagrad4j.train.TrainedModel;
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

/** A model trained locally, as a model folder, scores a data frame on Spark as it scores the rows itself. */
class ModelFolderScoringTest {
    @TempDir
    Path dir;

    @Test
    void aLocallyTrainedSparseLinearFolderScoresADataFrameAsTrainedModelDoes() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            // Three classes, as a LIBSVM file numbers them; feature 9 is present so both readers see 9 features.
            lines.add((a > 0.3 ? 3 : a < -0.3 ? 1 : 2) + " 1:" + a + " 4:" + b + " 9:1");
        }
        Path svm = dir.resolve("three.svm");
        Files.write(svm, lines);
        SparseRecipe recipe = new SparseRecipe(TrainingConfig.builder().data(svm.toString()).model("sparse-linear")
                .optimizer("adagrad").optimizerOption("lr", "0.5").epochs(5).output(dir.resolve("local")).build());
        recipe.run(new PrintWriter(Writer.nullWriter()));

        AdaGradClassificationModel m = AdaGradClassificationModel.fromModelFolder(dir.resolve("local"));
        assertThat(m.numClasses()).isEqualTo(3);
        assertThat(m.numFeatures()).isEqualTo(9);
        Dataset<Row> scored = m.transform(TestSpark.local().read().format("libsvm").load(svm.toString()));
        List<Row> rows = scored.select("probability").collectAsList();
        TrainedModel local = TrainedModel.load(dir.resolve("local"));
        List<float[]> expected = new ArrayList<>();
        local.score(svm.toString(), false, null, s -> {
            for (int i = 0; i < s.count(); i++) {
                expected.add(java.util.Arrays.copyOfRange(s.outputs(), i * 3, i * 3 + 3));
            }
        });
        assertThat(rows).hasSize(300);
        for (int i = 0; i < rows.size(); i++) {
            Vector p = rows.get(i).getAs(0);
            for (int k = 0; k < 3; k++) {
                assertThat(p.apply(k)).as("row %d class %d", i, k).isCloseTo(expected.get(i)[k],
                        org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void aFolderWhoseInputAFeaturesVectorDoesNotCarryIsRefusedByName() throws Exception {
        Path csv = dir.resolve("t.csv");
        StringBuilder b = new StringBuilder("x,color,y\n");
        for (int i = 0; i < 40; i++) {
            b.append(i).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(i % 2 == 0 ? "yes" : "no")
                    .append('\n');
        }
        Files.writeString(csv, b);
        io.github.adagrad4j.train.Recipe r = new io.github.adagrad4j.train.Recipe(TrainingConfig.builder()
                .data(csv.toString()).model("linear").optimizer("adagrad").optimizerOption("lr", "0.1").epochs(1)
                .output(dir.resolve("table")).build());
        r.run(new PrintWriter(Writer.nullWriter()));
        assertThatThrownBy(() -> AdaGradClassificationModel.fromModelFolder(dir.resolve("table")))
                .hasMessageContaining("model.json").hasMessageContaining("network model of table input");
    }
}
