package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.data.text.SpamAssassin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model folders of format {@code adagrad4j-model/1}, one of each kind, written by the version
 * before format 2 ({@code tools/data/make_format1_folders.sh}, commit 32c86b1), load and answer
 * exactly what that version answered; rewritten as format 2 they answer the same again.
 */
class Format1CompatibilityTest {
    static final Path DIR = Path.of("src/test/resources/format1");

    @TempDir
    Path tmp;

    /** Scores a file (or built-in name) as {@code predict} does: rows of class probabilities (or values). */
    private static List<float[]> scores(TrainedModel m, String data) throws IOException {
        List<float[]> rows = new ArrayList<>();
        m.score(data, false, null, s -> {
            for (int i = 0; i < s.count(); i++) {
                rows.add(java.util.Arrays.copyOfRange(s.outputs(), i * s.width(), (i + 1) * s.width()));
            }
        });
        return rows;
    }

    /** The probability columns of an expected.csv that predict wrote. */
    private static List<float[]> expected(String file) throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve(file));
        int skip = lines.get(0).startsWith("predicted") ? 1 : 2;
        List<float[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            float[] p = new float[cells.length - skip];
            for (int k = 0; k < p.length; k++) {
                p[k] = Float.parseFloat(cells[k + skip]);
            }
            rows.add(p);
        }
        return rows;
    }

    private static void assertSame(List<float[]> got, List<float[]> want) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            for (int k = 0; k < want.get(i).length; k++) {
                assertThat(got.get(i)[k]).as("row %d column %d", i, k).isCloseTo(want.get(i)[k], Offset.offset(1e-6f));
            }
        }
    }

    /** The folder copied with its model.json rewritten in format 2. */
    private Path asFormat2(String name) throws IOException {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(DIR.resolve(name))) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        ModelDescription d = ModelFolder.read(copy);
        Files.writeString(copy.resolve(ModelFolder.DESCRIPTION_FILE), io.github.adagrad4j.optim.io.Json.writePretty(
                d.toJson()));
        ModelDescription again = ModelFolder.read(copy);
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.toJson()).isEqualTo(d.toJson());
        return copy;
    }

    @Test
    void aTableModelPredictsAsBefore() throws IOException {
        ModelDescription d = ModelFolder.read(DIR.resolve("table-mlp"));
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.kind()).isEqualTo(ModelDescription.Kind.NETWORK);
        assertThat(d.classes()).containsExactly("no", "yes");
        List<float[]> want = expected("table-mlp.expected.csv");
        String data = "../examples/data/churn-new.csv";
        assertSame(scores(TrainedModel.load(DIR.resolve("table-mlp")), data), want);
        assertSame(scores(TrainedModel.load(asFormat2("table-mlp")), data), want);
    }

    @Test
    void denseModelsOnBuiltInsEvaluateAsBefore() throws IOException {
        for (String name : List.of("dense-mlp", "dense-regression")) {
            Map<String, String> want = new java.util.HashMap<>();
            for (String line : Files.readAllLines(DIR.resolve(name + ".expected.txt"))) {
                String[] kv = line.trim().split("\\s+");
                want.put(kv[0], kv[1]);
            }
            for (Path folder : List.of(DIR.resolve(name), asFormat2(name))) {
                TrainedModel m = TrainedModel.load(folder);
                Evaluation e = new Evaluation(m.classes());
                m.score(name.equals("dense-mlp") ? "digits" : "boston", true, null, e::add);
                assertThat(e.rows()).isEqualTo(Long.parseLong(want.get("rows")));
                String key = name.equals("dense-mlp") ? "accuracy" : "rmse";
                assertThat(String.format(java.util.Locale.ROOT, "%.4f", ((Number) e.results().get(key)).doubleValue()))
                        .as(name).isEqualTo(want.get(key));
            }
        }
    }

    @Test
    void sparseModelsPredictAsBefore() throws IOException {
        assertThat(ModelFolder.read(DIR.resolve("libsvm")).kind()).isEqualTo(ModelDescription.Kind.SPARSE_LINEAR);
        String svm = DIR.resolve("libsvm.svm").toString();
        assertSame(scores(TrainedModel.load(DIR.resolve("libsvm")), svm), expected("libsvm.expected.csv"));
        assertSame(scores(TrainedModel.load(asFormat2("libsvm")), svm), expected("libsvm.expected.csv"));
        String mails = DIR.resolve("mails").toString();
        assertSame(scores(TrainedModel.load(DIR.resolve("hashed-text")), mails), expected("hashed-text.expected.csv"));
        assertSame(scores(TrainedModel.load(asFormat2("hashed-text")), mails), expected("hashed-text.expected.csv"));
    }

    @Test
    void aSequenceClassifierOfTheFlatShapePredictsAsBefore() throws IOException {
        ModelDescription d = ModelFolder.read(DIR.resolve("sequence"));
        assertThat(d.task()).isEqualTo(ModelDescription.Task.CLASSIFICATION);
        assertThat(d.kind()).isEqualTo(ModelDescription.Kind.SEQUENCE_CLASSIFIER);
        assertThat(d.training()).containsKeys("optimizer", "clip_norm", "epochs");
        assertThat(d.metrics()).containsKey("accuracy");
        String mails = DIR.resolve("mails").toString();
        assertSame(scores(TrainedModel.load(DIR.resolve("sequence")), mails), expected("sequence.expected.csv"));
        assertSame(scores(TrainedModel.load(asFormat2("sequence")), mails), expected("sequence.expected.csv"));
    }

    @Test
    void aSequenceClassifiersHeldOutEmailsAreTheOnesItWasTestedOn() throws IOException {
        assumeTrue(Files.isDirectory(SpamAssassin.DEFAULT_DIR), "SpamAssassin corpus not installed "
                + "(tools/data/install_spam_assassin.sh)");
        TrainedModel m = TrainedModel.load(DIR.resolve("sequence"));
        Evaluation e = new Evaluation(m.classes());
        m.score("spam", true, null, e::add);
        // Trained on the first 100 e-mails of the split's order: 20 of them were held out.
        assertThat(e.rows()).isEqualTo(20);
        assertThat((Double) e.results().get("accuracy")).isEqualTo(
                ((Number) m.description().metrics().get("accuracy")).doubleValue());
    }

    @Test
    void aCharacterLanguageModelSamplesAsBefore() throws IOException {
        ModelDescription d = ModelFolder.read(DIR.resolve("char-lm"));
        assertThat(d.task()).isEqualTo(ModelDescription.Task.LANGUAGE_MODEL);
        String want = Files.readString(DIR.resolve("char-lm.expected.txt")).replaceAll("\\n$", "");  // println added the newline
        assertThat(CharLanguageModel.load(DIR.resolve("char-lm")).sample("the c", 40, 0.5, 7)).isEqualTo(want);
        assertThat(CharLanguageModel.load(asFormat2("char-lm")).sample("the c", 40, 0.5, 7)).isEqualTo(want);
    }
}
