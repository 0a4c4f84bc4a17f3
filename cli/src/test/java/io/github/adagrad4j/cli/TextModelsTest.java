package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text classification on a user's own files: a folder of class folders and a CSV with a text
 * column, written here from three topics' vocabularies; trained as hashed sparse-linear and
 * recurrent models, evaluated and predicted on; bad input named in one line, nothing written.
 */
class TextModelsTest {
    @TempDir
    static Path dir;
    static Path folder;
    static Path csv;

    private static final String[][] TOPICS = {
        {"sport", "match goal team player coach score league season win referee stadium fans"},
        {"food", "recipe cook bake flavor kitchen dinner spice sauce oven bread taste meal"},
        {"tech", "software code computer server network data chip app cloud bug release laptop"}};
    private static final String[] COMMON = "the a of and to in is it that for on with as was this at by".split(" ");

    @BeforeAll
    static void corpus() throws IOException {
        Random r = new Random(5);
        folder = dir.resolve("topics");
        List<String> rows = new ArrayList<>();
        for (String[] t : TOPICS) {
            Path classDir = Files.createDirectories(folder.resolve(t[0]));
            String[] words = t[1].split(" ");
            for (int i = 0; i < 60; i++) {
                StringBuilder b = new StringBuilder();
                for (int k = 0, n = 8 + r.nextInt(20); k < n; k++) {
                    b.append(k > 0 ? " " : "").append(r.nextDouble() < 0.4 ? words[r.nextInt(words.length)]
                            : COMMON[r.nextInt(COMMON.length)]);
                }
                Files.writeString(classDir.resolve(String.format("%03d.txt", i)), b);
                rows.add((1 + r.nextInt(5)) + ",\"" + b + "\"," + t[0]);
            }
        }
        java.util.Collections.shuffle(rows, r);
        csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "stars,review,topic\n" + String.join("\n", rows) + "\n");
    }

    /** The last epoch's line without its time: what a run of the same settings must repeat. */
    private static String lastEpoch(String out) {
        return out.lines().filter(l -> l.startsWith("epoch 3/3")).findFirst().orElseThrow()
                .replaceAll("\\s*\\([0-9.]+ s\\)$", "");
    }

    private static double figure(String out, String name) {
        return Double.parseDouble(out.replaceAll("(?s).*\\b" + name + "\\s+([0-9.]+).*", "$1"));
    }

    @Test
    void aFolderOfClassFoldersTrainsSparseLinearAndRecurrentModels() throws IOException {
        Path linear = dir.resolve("linear");
        CliRun r = CliRun.of("train", "--data", folder.toString(), "--model", "sparse-linear", "--epochs", "5",
                "--hash-bits", "14", "--output", linear.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("144 train, 36 test rows").contains("3 classes");
        assertThat(Files.readString(linear.resolve("model.json"))).contains("\"classes\": [\"food\", \"sport\", \"tech\"]");
        CliRun e = CliRun.of("evaluate", "--model", linear.toString(), "--data", folder.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(figure(e.out(), "rows")).isEqualTo(180);
        assertThat(figure(e.out(), "accuracy")).isGreaterThan(0.9);

        Path gru = dir.resolve("gru");
        CliRun g = CliRun.of("train", "--data", folder.toString(), "--model", "gru:16", "--epochs", "3", "--hash-bits",
                "12", "--output", gru.toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).contains("144 train, 36 test texts");
        assertThat(Files.readAllLines(gru.resolve("history.csv"))).hasSize(4)
                .startsWith("epoch,loss,accuracy,val_loss,val_accuracy,lr");
        assertThat(gru.resolve("chart.png")).isNotEmptyFile();
        CliRun ge = CliRun.of("evaluate", "--model", gru.toString(), "--data", folder.toString());
        assertThat(figure(ge.out(), "accuracy")).isGreaterThan(0.6);   // 3 classes: chance is 0.33

        // The folder records its settings: train --config runs the same text model again.
        CliRun again = CliRun.of("train", "--config", gru.resolve("model.json").toString(), "--output",
                dir.resolve("gru-again").toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(lastEpoch(again.out())).isEqualTo(lastEpoch(g.out()));

        // A validation folder of the same layout gives the per-epoch val_ figures (here the training folder itself).
        CliRun v = CliRun.of("train", "--data", folder.toString(), "--model", "sparse-linear", "--epochs", "2",
                "--hash-bits", "12", "--validation-data", folder.toString(), "--output", dir.resolve("val").toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("val").resolve("history.csv")).get(0)).contains("val_accuracy");
        assertThat(CliRun.of("train", "--data", folder.toString(), "--model", "gru:4", "--validation-data",
                csv.toString(), "--output", dir.resolve("val2").toString()).err())
                .contains("--validation-data '" + csv + "': held-out texts come as a folder of class folders");

        // predict on a folder of class folders names each text by class/file.
        CliRun p = CliRun.of("predict", "--model", linear.toString(), "--data", folder.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).startsWith("file,predicted,p_food,p_sport,p_tech\n").contains("\nsport/000.txt,");
    }

    @Test
    void aCsvTextColumnIsInferredAndReadAsWords() throws IOException {
        Path model = dir.resolve("csv-linear");
        CliRun r = CliRun.of("train", "--data", csv.toString(), "--label-column", "topic", "--model", "sparse-linear",
                "--epochs", "5", "--hash-bits", "14", "--output", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: column 'review' text: most values are long, distinct and hold spaces");
        assertThat(r.out()).containsPattern("test:  accuracy (0\\.9|1\\.0)");
        CliRun p = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out().lines().count()).isEqualTo(181);
        // Forced by name, a CSV trains a recurrent classifier on its text column.
        CliRun g = CliRun.of("train", "--data", csv.toString(), "--label-column", "topic", "--text-columns", "review",
                "--model", "lstm:8", "--epochs", "1", "--hash-bits", "10", "--output", dir.resolve("csv-lstm").toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).contains("note: column 'review' text, as asked");
        // A dense network says what it leaves out, instead of one-hot encoding the text.
        CliRun d = CliRun.of("train", "--data", csv.toString(), "--label-column", "topic", "--model", "mlp:4", "--epochs",
                "1", "--output", dir.resolve("csv-mlp").toString());
        assertThat(d.out()).contains("note: review holds text, which a dense network does not read");
    }

    @Test
    void badTextInputIsNamedInOneLineAndNothingIsWritten() throws IOException {
        Path empty = dir.resolve("bad-empty");
        Files.createDirectories(empty.resolve("a"));
        Files.createDirectories(empty.resolve("b"));
        Files.writeString(empty.resolve("a").resolve("x.txt"), "some words here");
        assertError(CliRun.of("train", "--data", empty.toString(), "--model", "sparse-linear", "--output",
                dir.resolve("o1").toString()), dir.resolve("o1"), "bad-empty/b: has no .txt files");

        Path latin = dir.resolve("bad-latin");
        Files.createDirectories(latin.resolve("a"));
        Files.createDirectories(latin.resolve("b"));
        Files.writeString(latin.resolve("a").resolve("x.txt"), "fine");
        Files.write(latin.resolve("b").resolve("y.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertError(CliRun.of("train", "--data", latin.toString(), "--model", "sparse-linear", "--output",
                dir.resolve("o2").toString()), dir.resolve("o2"), "y.txt: is not UTF-8 text");

        assertError(CliRun.of("train", "--data", csv.toString(), "--label-column", "topic", "--text-columns", "body",
                "--model", "sparse-linear", "--output", dir.resolve("o3").toString()), dir.resolve("o3"),
                "--text-columns 'body': " + csv + " has no such column");

        Path svm = dir.resolve("x.svm");
        Files.writeString(svm, "1 1:0.5\n0 2:0.5\n");
        assertError(CliRun.of("train", "--data", svm.toString(), "--text-columns", "review", "--model", "sparse-linear",
                "--output", dir.resolve("o4").toString()), dir.resolve("o4"), "--text-columns describes a CSV table");
    }

    private static void assertError(CliRun r, Path output, String part) {
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(part).doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(output).doesNotExist();
    }
}
