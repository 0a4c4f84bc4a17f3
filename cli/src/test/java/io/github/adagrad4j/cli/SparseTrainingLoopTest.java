package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sparse-linear path on the one training loop: history, chart, validation split, early stopping, exact resume. */
class SparseTrainingLoopTest {
    @TempDir
    Path dir;

    private Path svm() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double a = r.nextDouble(-1, 1);
            lines.add((a > 0 ? 1 : 0) + " 1:" + a + " " + (2 + r.nextInt(30)) + ":1");
        }
        Path f = dir.resolve("rows.svm");
        Files.write(f, lines);
        return f;
    }

    private static CliRun train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", "sparse-linear",
                "--optimizer", "adagrad", "--lr", "0.5", "--output", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfTheUninterruptedOne() throws Exception {
        Path data = svm();
        CliRun whole = train(data, dir.resolve("whole"), "--epochs", "5");
        assertThat(whole.code()).as(whole.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("whole").resolve("history.csv"))).hasSize(6)
                .startsWith("epoch,loss,accuracy,val_loss,val_accuracy,lr");
        assertThat(dir.resolve("whole").resolve("chart.png")).isNotEmptyFile();
        assertThat(train(data, dir.resolve("split"), "--epochs", "3").code()).isZero();
        CliRun resumed = train(data, dir.resolve("split"), "--epochs", "5", "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed from").contains("after epoch 3");
        assertThat(Files.readAllBytes(dir.resolve("split").resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("whole").resolve("model.safetensors")));
        assertThat(Files.readAllLines(dir.resolve("split").resolve("history.csv"))).hasSize(6);
    }

    @Test
    void earlyStoppingNeedsAndUsesAValidationSplit() throws Exception {
        Path data = svm();
        CliRun refused = train(data, dir.resolve("x"), "--early-stopping", "1");
        assertThat(refused.err()).contains("--early-stopping '1': early stopping needs a validation split");
        // Random labels and a feature of its own per row: the model memorises, validation loss stops improving.
        SplittableRandom r = new SplittableRandom(5);
        List<String> noise = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            noise.add(r.nextInt(2) + " 1:0.5 " + (i + 2) + ":1");
        }
        Path random = dir.resolve("noise.svm");
        Files.write(random, noise);
        CliRun stopped = train(random, dir.resolve("es"), "--epochs", "30", "--validation-split", "0.2",
                "--early-stopping", "2");
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("es").resolve("history.csv")).size() - 1).isBetween(2, 20);
    }
}
