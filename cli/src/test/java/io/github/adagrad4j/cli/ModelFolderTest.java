package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a real CSV to answers: train, then predict and evaluate from the model folder alone. */
class ModelFolderTest {
    static final Path CHURN = Path.of("../examples/data/churn.csv");
    static final Path CHURN_TEST = Path.of("../examples/data/churn-test.csv");
    static final Path CHURN_NEW = Path.of("../examples/data/churn-new.csv");

    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    /** Trains once into a folder, then moves the folder: nothing may point back at the training run. */
    @BeforeAll
    static void train() throws IOException {
        Path trained = shared.resolve("trained");
        CliRun r = CliRun.of("train", "--data", CHURN.toString(), "--label-column", "churned", "--model", "mlp:16",
                "--optimizer", "adagrad", "--lr", "0.05", "--epochs", "8", "--output", trained.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: column 'customer_id' ignored: every value differs")
                .contains("note: label 'churned': classes [no, yes]").doesNotContain("INFO");
        model = shared.resolve("moved");
        Files.move(trained, model);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void predictWritesOneRowPerInputWithIdsNamesAndProbabilities() throws IOException {
        Path out = dir.resolve("preds.csv");
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--data", CHURN_NEW.toString(), "--id-column",
                "customer_id", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote 50 predictions");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0)).isEqualTo("customer_id,predicted,p_no,p_yes");
        assertThat(lines.get(1)).startsWith("C0000000,");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            assertThat(f[1]).isIn("no", "yes");
            double pNo = Double.parseDouble(f[2]);
            double pYes = Double.parseDouble(f[3]);
            assertThat(pNo + pYes).isCloseTo(1, within(1e-5));
            assertThat(f[1]).isEqualTo(pYes > pNo ? "yes" : "no");
        }
        // The Java API gives the very same answer for the first row.
        TrainedModel m = TrainedModel.load(model);
        Map<String, String> row = firstRow(CHURN_NEW);
        TrainedModel.Prediction p = m.predict(row);
        assertThat(p.label()).isEqualTo(lines.get(1).split(",")[1]);
        assertThat((double) p.probabilities()[1]).isCloseTo(Double.parseDouble(lines.get(1).split(",")[3]), within(1e-6));
        // Standard output when no --output is given.
        CliRun stdout = CliRun.of("predict", "--model", model.toString(), "--data", CHURN_NEW.toString());
        assertThat(stdout.out().lines().count()).isEqualTo(51);
    }

    private static Map<String, String> firstRow(Path csv) throws IOException {
        try (io.github.adagrad4j.data.csv.CsvRows rows = io.github.adagrad4j.data.csv.CsvRows.open(csv, null)) {
            String[] h = rows.next();
            String[] f = rows.next();
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < h.length; c++) {
                m.put(h[c], f[c]);
            }
            return m;
        }
    }

    @Test
    void evaluatePrintsTheFiguresAndWritesJsonAndAChart() throws IOException {
        Path json = dir.resolve("eval.json");
        CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", CHURN_TEST.toString(), "--output",
                json.toString(), "--chart");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rows        200").contains("accuracy").contains("roc_auc").contains("precision")
                .contains("confusion (rows: true, columns: predicted)");
        String text = Files.readString(json);
        assertThat(text).contains("\"accuracy\"").contains("\"log_loss\"").contains("\"confusion_matrix\"")
                .contains("\"per_class\"");
        Map<?, ?> results = (Map<?, ?>) io.github.adagrad4j.optim.io.Json.parse(text);
        assertThat(((Number) results.get("accuracy")).doubleValue()).isGreaterThan(0.7);
        assertThat(Files.size(dir.resolve("eval-confusion.png"))).isGreaterThan(1000);
    }

    @Test
    void trainWithSeparateTestAndValidationFiles() throws IOException {
        Path out = dir.resolve("m");
        CliRun r = CliRun.of("train", "--data", CHURN.toString(), "--test-data", CHURN_TEST.toString(),
                "--validation-data", CHURN_TEST.toString(), "--model", "linear", "--epochs", "2", "--missing", "median",
                "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1000 train, 200 test examples");
        Map<?, ?> d = (Map<?, ?>) io.github.adagrad4j.optim.io.Json.parse(Files.readString(out.resolve("model.json")));
        assertThat(((Map<?, ?>) d.get("data")).get("test")).isEqualTo(CHURN_TEST.toString());
        assertThat(d.get("command").toString()).startsWith("adagrad4j train --data ../examples/data/churn.csv");
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"missing\": \"median\"");
    }

    @Test
    void badInputIsOneErrorLineAndNothingWritten() throws IOException {
        Path out = dir.resolve("never.csv");
        // A renamed column.
        Path renamed = dir.resolve("renamed.csv");
        Files.writeString(renamed, Files.readString(CHURN_NEW).replaceFirst("plan", "tier"));
        assertOneLineError(CliRun.of("predict", "--model", model.toString(), "--data", renamed.toString(), "--output",
                out.toString()), "renamed.csv", "column 'plan', which the model uses, is missing");
        // A bad cell halfway: the error names the line, and the output file never appears.
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(CHURN_NEW));
        lines.set(30, lines.get(30).replaceFirst("^(C\\d+),\\d+,", "$1,forty,"));
        Files.write(bad, lines);
        assertOneLineError(CliRun.of("predict", "--model", model.toString(), "--data", bad.toString(), "--output",
                out.toString()), "bad.csv line 31", "column 'age': expected a number, found 'forty'");
        assertThat(out).doesNotExist();
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith(".never")).count()).isZero();
        // A label training never saw.
        Path unseen = dir.resolve("unseen.csv");
        Files.writeString(unseen, Files.readString(CHURN_TEST).replaceFirst(",no\r\n", ",maybe\r\n"));
        assertOneLineError(CliRun.of("evaluate", "--model", model.toString(), "--data", unseen.toString()),
                "unseen.csv line", "label 'maybe' in column 'churned' was never seen in training");
        // An unknown id column.
        assertOneLineError(CliRun.of("predict", "--model", model.toString(), "--data", CHURN_NEW.toString(),
                "--id-column", "nope"), "id column 'nope' is missing");
        // Folders with a missing, a corrupted or a foreign file.
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        copyTree(model, broken);
        Files.delete(broken.resolve("model.safetensors"));
        assertOneLineError(CliRun.of("predict", "--model", broken.toString(), "--data", CHURN_NEW.toString()),
                "model.safetensors", "no weights file");
        copyTree(model, broken);
        byte[] w = Files.readAllBytes(broken.resolve("model.safetensors"));
        w[w.length - 3] ^= 0x40;
        Files.write(broken.resolve("model.safetensors"), w);
        assertOneLineError(CliRun.of("predict", "--model", broken.toString(), "--data", CHURN_NEW.toString()),
                "model.safetensors", "checksum mismatch");
        copyTree(model, broken);
        Path json = broken.resolve("model.json");
        String good = Files.readString(json);
        Files.writeString(json, good.replace("adagrad4j-model/2", "adagrad4j-model/3"));
        assertOneLineError(CliRun.of("predict", "--model", broken.toString(), "--data", CHURN_NEW.toString()),
                "model.json", "model format adagrad4j-model/3 written by adagrad4j",
                "reads adagrad4j-model/2 and adagrad4j-model/1");
        Files.writeString(json, good.replaceFirst("\"kind\": \"network\",", ""));
        assertOneLineError(CliRun.of("predict", "--model", broken.toString(), "--data", CHURN_NEW.toString()),
                "model.json", "'kind' is missing");
        Files.writeString(json, "{\"format\": \"adagrad4j-model/2\", \"task\": ");
        assertOneLineError(CliRun.of("predict", "--model", broken.toString(), "--data", CHURN_NEW.toString()),
                "model.json", "is not valid JSON");
        assertOneLineError(CliRun.of("predict", "--model", dir.resolve("nowhere").toString(), "--data",
                CHURN_NEW.toString()), "nowhere", "no such model folder");
    }

    private static void assertOneLineError(CliRun r, String... parts) {
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }

    @Test
    void predictRunsAModelTrainedInPyTorch() throws IOException {
        // A table of 8 numeric columns and 3 classes, unscaled: the encoder passes the numbers through.
        SafeTensors.Contents io = SafeTensors.read(Path.of("../nn/src/test/resources/torch/torch_mlp_io.safetensors"));
        float[] x = io.tensors().get("inputs").data();
        float[] logits = io.tensors().get("logits").data();
        StringBuilder csv = new StringBuilder("a,b,c,d,e,f,g,h,y\n");
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 8; j++) {
                csv.append(x[i * 8 + j]).append(',');
            }
            csv.append(i % 3).append('\n');
        }
        Path data = dir.resolve("probe.csv");
        Files.writeString(data, csv);
        Path folder = dir.resolve("torch-model");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--test-data", data.toString(), "--no-standardize",
                "--model", "mlp:16", "--epochs", "1", "--output", folder.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // The weights PyTorch wrote replace ours: same names, same layouts.
        Files.copy(Path.of("../nn/src/test/resources/torch/torch_mlp.safetensors"), folder.resolve("model.safetensors"),
                StandardCopyOption.REPLACE_EXISTING);
        Path out = dir.resolve("torch-preds.csv");
        CliRun p = CliRun.of("predict", "--model", folder.toString(), "--data", data.toString(), "--output", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < 6; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                max = Math.max(max, logits[i * 3 + k]);
            }
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(logits[i * 3 + k] - max);
            }
            String[] f = lines.get(i + 1).split(",");
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(f[1 + k])).isCloseTo(Math.exp(logits[i * 3 + k] - max) / sum, within(1e-5));
            }
        }
    }

    @Test
    void builtInDataSetsEvaluateOnTheirHeldOutPart() throws IOException {
        Path digits = dir.resolve("digits");
        assertThat(CliRun.of("train", "--data", "digits", "--model", "mlp:16", "--epochs", "2", "--output",
                digits.toString()).code()).isZero();
        CliRun ev = CliRun.of("evaluate", "--model", digits.toString(), "--data", "digits");
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("rows        360").contains("macro_f1");
        assertThat(ev.out()).doesNotContain("roc_auc");
        Path boston = dir.resolve("boston");
        assertThat(CliRun.of("train", "--data", "boston", "--model", "mlp:16", "--epochs", "3", "--output",
                boston.toString()).code()).isZero();
        CliRun reg = CliRun.of("evaluate", "--model", boston.toString(), "--data", "boston", "--chart");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out()).contains("rows        102").contains("rmse").contains("r2");
        assertThat(Files.size(boston.resolve("evaluation-residuals.png"))).isGreaterThan(1000);
        // A numeric CSV of the 13 features predicts with the saved standardisation.
        Path rows = dir.resolve("houses.csv");
        Files.writeString(rows, "0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98\n"
                + "0.02731,0,7.07,0,0.469,6.421,78.9,4.9671,2,242,17.8,396.9,9.14\n");
        CliRun p = CliRun.of("predict", "--model", boston.toString(), "--data", rows.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out().lines().toList()).hasSize(3).first().isEqualTo("predicted");
        assertThat(CliRun.of("evaluate", "--model", boston.toString(), "--data", "digits").err())
                .contains("the model was trained on boston, not on 'digits'");
    }

    @Test
    void sparseLinearModelsOnLibsvmFilesCheckTheDimension() throws IOException {
        StringBuilder svm = new StringBuilder();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            int a = 1 + rng.nextInt(50);
            int label = a <= 25 ? 1 : 0;
            svm.append(label).append(' ').append(a).append(":1 ").append(60 + rng.nextInt(40)).append(":0.5\n");
        }
        Path data = dir.resolve("train.svm");
        Files.writeString(data, svm);
        Path folder = dir.resolve("sparse");
        CliRun t = CliRun.of("train", "--data", data.toString(), "--model", "sparse-linear", "--optimizer", "adagrad",
                "--lr", "0.5", "--epochs", "5", "--output", folder.toString());
        assertThat(t.code()).as(t.err()).isZero();
        CliRun ev = CliRun.of("evaluate", "--model", folder.toString(), "--data", data.toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("rows        300").contains("roc_auc");
        Path wide = dir.resolve("wide.svm");
        Files.writeString(wide, "1 3:1 500:1\n");
        CliRun p = CliRun.of("predict", "--model", folder.toString(), "--data", wide.toString());
        assertOneLineError(p, "wide.svm line 1", "index 500 exceeds the feature count");
        TrainedModel m = TrainedModel.load(folder);
        assertThat(m.predict(new int[] {2}, new float[] {1}).label()).isEqualTo("1");
    }

    @Test
    void textModelsPredictAFolderOfDocumentsByFileName() throws IOException {
        // A hashed-text logistic model whose only weight says "free" means spam.
        io.github.adagrad4j.nn.layers.SparseLinear layer = new io.github.adagrad4j.nn.layers.SparseLinear(1 << 10, 1);
        io.github.adagrad4j.data.text.HashingVectorizer h = io.github.adagrad4j.data.text.HashingVectorizer.builder()
                .bits(10).ngrams(1, 2).build();
        io.github.adagrad4j.data.CsrMatrix free = h.transform(List.of("free"));
        layer.weight().data()[free.cols()[0]] = 20 * Math.signum(free.values()[0]);
        io.github.adagrad4j.train.ModelDescription d = io.github.adagrad4j.train.ModelDescription.of(
                io.github.adagrad4j.train.ModelDescription.Task.CLASSIFICATION,
                io.github.adagrad4j.train.ModelDescription.Kind.SPARSE_LINEAR, List.of("0", "1"),
                Map.of("spec", "sparse-linear", "input_shape", new int[] {1 << 10}, "outputs", 1),
                TrainedModel.hashedTextInput(10, 1, 2, 0.2, 42));
        Path folder = dir.resolve("text-model");
        io.github.adagrad4j.train.ModelFolder.write(folder, layer, d);
        Path mails = Files.createDirectories(dir.resolve("mails"));
        Files.writeString(mails.resolve("a.txt"), "free");
        Files.writeString(mails.resolve("b.txt"), "see you at the meeting");
        CliRun r = CliRun.of("predict", "--model", folder.toString(), "--data", mails.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("file,predicted,p_0,p_1");
        assertThat(lines.get(1)).startsWith("a.txt,1,");
        assertThat(lines.get(2)).startsWith("b.txt,0,");
        TrainedModel m = TrainedModel.load(folder);
        assertThat(m.predictText("free").label()).isEqualTo("1");
        assertThat(m.predictText("see you at the meeting").label()).isEqualTo("0");
        assertOneLineError(CliRun.of("predict", "--model", folder.toString(), "--data", dir.resolve("none").toString()),
                "none", "no such file or folder of texts");
    }
}
