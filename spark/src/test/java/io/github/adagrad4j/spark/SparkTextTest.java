package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.train.Evaluation;
import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Texts on Spark hashed as train hashes them, so that a Spark text model is an ordinary model folder. */
class SparkTextTest {
    @TempDir
    Path dir;

    private static final String[][] WORDS = {
        {"goal", "match", "striker", "league", "referee", "penalty"},
        {"budget", "shares", "market", "profit", "inflation", "bank"},
        {"planet", "orbit", "telescope", "galaxy", "comet", "rocket"}};

    /** A folder of three class folders of short texts, each mostly its class's words. */
    private Path folder() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        String[] names = {"sport", "money", "space"};
        for (int c = 0; c < 3; c++) {
            Path d = Files.createDirectories(dir.resolve("texts").resolve(names[c]));
            for (int i = 0; i < 60; i++) {
                StringBuilder t = new StringBuilder();
                for (int w = 0; w < 12; w++) {
                    String[] from = WORDS[r.nextInt(10) < 7 ? c : r.nextInt(3)];
                    t.append(from[r.nextInt(from.length)]).append(' ');
                }
                Files.writeString(d.resolve(i + ".txt"), t);
            }
        }
        return dir.resolve("texts");
    }

    @Test
    void aTextHashesToTheVectorTrainsSparseLinearModelsRead() {
        String text = "Free money!! Click here, free money now";
        Dataset<Row> df = TestSpark.local().createDataFrame(List.of(RowFactory.create(text)),
                new StructType().add("text", DataTypes.StringType));
        SparseVector v = (SparseVector) new HashedTextFeatures().setNumBits(12).transform(df).first().getAs("features");
        CsrMatrix local = HashingVectorizer.builder().bits(12).ngrams(1, 2).allowEmpty(true).build()
                .transform(List.of(text));
        assertThat(v.size()).isEqualTo(1 << 12);
        assertThat(v.indices()).isEqualTo(java.util.Arrays.copyOf(local.cols(), local.rowPtr()[1]));
        for (int i = 0; i < v.values().length; i++) {
            assertThat((float) v.values()[i]).isEqualTo(local.values()[i]);
        }
    }

    @Test
    void aFolderOfTextsTrainsOnSparkAndItsFolderScoresTheHeldOutTextsAlike() throws Exception {
        Path texts = folder();
        SparkTrainJob job = new SparkTrainJob(TrainingConfig.builder().data(texts.toString()).model("linear")
                .optimizer("adagrad").optimizerOption("lr", "0.5").epochs(5).batchSize(16).hashBits(14)
                .output(dir.resolve("model")).build());
        job.master = "local[2]";
        TextData t = TextData.load(texts.toString(), null, null);
        SparkTrainJob.Result r = job.runTexts(t.texts(), t.labels(), t.classes(), new PrintWriter(new StringWriter()));
        assertThat(r.test().get("accuracy")).isGreaterThan(0.9);

        TrainedModel m = TrainedModel.load(dir.resolve("model"));
        assertThat(m.classes()).containsExactly("money", "space", "sport");
        // The texts spark-train held out: train's split of the same folder, text for text.
        Path heldOut = dir.resolve("held-out");
        for (int i : SklearnSplit.indices(t.count(), 0.2, 42).test()) {
            Path d = Files.createDirectories(heldOut.resolve(t.classes().get((int) t.labels()[i])));
            Files.writeString(d.resolve(i + ".txt"), t.texts().get(i));
        }
        Evaluation e = new Evaluation(m.classes());
        m.score(heldOut.toString(), true, null, e::add);
        assertThat(e.rows()).isEqualTo(36);
        assertThat((Double) e.results().get("accuracy")).isEqualTo(r.test().get("accuracy"));

        // The Spark pipeline under spark/ reloads with its hashing stage and predicts the same classes.
        PipelineModel spark = PipelineModel.load(dir.resolve("model").resolve("spark").toString());
        assertThat(spark.stages()[0]).isInstanceOf(HashedTextFeatures.class);
        Dataset<Row> df = TestSpark.local().createDataFrame(List.of(RowFactory.create("galaxy comet orbit rocket")),
                new StructType().add("text", DataTypes.StringType));
        assertThat(spark.transform(df).first().<Double>getAs("prediction")).isEqualTo(1.0);
    }
}
