package io.github.adagrad4j.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.data.stream.StreamLines;
import io.github.adagrad4j.train.OnlineLearner;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exportable kind run by ONNX Runtime for Java gives what {@link TrainedModel} (and so
 * {@code predict}) gives: the same labels, probabilities within 1e-5.
 */
class OnnxExportTest {
    static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    @TempDir
    Path dir;

    static Path train(Path out, String data, String label, String model, int epochs) throws Exception {
        return train(out, data, label, model, epochs, "classification");
    }

    static Path train(Path out, String data, String label, String model, int epochs, String task) throws Exception {
        TrainingConfig c = TrainingConfig.builder().data(data).labelColumn(label).model(model).optimizer("adagrad")
                .optimizerOption("lr", "0.05").epochs(epochs).seed(3).task(task).output(out).build();
        Recipe r = new Recipe(c);
        r.chart = false;
        r.run(new PrintWriter(Writer.nullWriter()));
        return out;
    }

    /** Runs the exported model on table rows: one [N, 1] input per used column, as the graph declares them. */
    static Map<String, Object> runTable(TrainedModel m, List<Map<String, String>> rows) throws Exception {
        byte[] onnx = OnnxExport.toOnnx(m);
        try (OrtSession s = ORT.createSession(onnx, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (var e : s.getInputInfo().entrySet()) {
                    String col = e.getKey();
                    boolean numeric = e.getValue().getInfo().toString().contains("FLOAT");
                    long[] shape = {rows.size(), 1};
                    if (numeric) {
                        float[] v = new float[rows.size()];
                        for (int i = 0; i < v.length; i++) {
                            String cell = rows.get(i).getOrDefault(col, "").trim();
                            v[i] = isMissing(cell) ? Float.NaN : Float.parseFloat(cell);
                        }
                        feed.put(col, OnnxTensor.createTensor(ORT, java.nio.FloatBuffer.wrap(v), shape));
                    } else {
                        String[] v = new String[rows.size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = rows.get(i).getOrDefault(col, "").trim();
                        }
                        feed.put(col, OnnxTensor.createTensor(ORT, v, shape));
                    }
                }
                return outputs(s.run(feed));
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }

    static boolean isMissing(String cell) {
        for (String w : TableEncoder.MISSING) {
            if (w.equalsIgnoreCase(cell)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> runFeatures(TrainedModel m, float[][] x) throws Exception {
        try (OrtSession s = ORT.createSession(OnnxExport.toOnnx(m), new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(ORT, x)) {
            assertThat(s.getInputNames()).containsExactly("features");
            return outputs(s.run(Map.of("features", t)));
        }
    }

    private static Map<String, Object> outputs(OrtSession.Result r) throws Exception {
        try (r) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                out.put(e.getKey(), e.getValue().getValue());
            }
            return out;
        }
    }

    /** Labels equal, probabilities within 1e-5 of the model's own. */
    static void assertSameAsModel(Map<String, Object> onnx, List<TrainedModel.Prediction> expected) {
        String[] labels = (String[]) onnx.get("label");
        float[][] p = (float[][]) onnx.get("probabilities");
        assertThat(labels).hasSize(expected.size());
        for (int i = 0; i < labels.length; i++) {
            TrainedModel.Prediction e = expected.get(i);
            for (int k = 0; k < e.probabilities().length; k++) {
                assertThat(p[i][k]).as("row %d class %d", i, k).isCloseTo(e.probabilities()[k],
                        org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(labels[i]).as("row %d", i).isEqualTo(e.label());
        }
    }

    static List<Map<String, String>> csvRows(Path file) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvRows r = CsvRows.open(file, null)) {
            String[] header = r.next();
            for (String[] f = r.next(); f != null; f = r.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], f[c]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void aTableClassifierTakesOneInputPerColumnWithItsPreprocessingInside() throws Exception {
        TrainedModel m = TrainedModel.load(train(dir.resolve("churn"), "../examples/data/churn.csv", "churned", "mlp:16",
                2));
        List<Map<String, String>> rows = csvRows(Path.of("../examples/data/churn-test.csv"));
        rows.forEach(r -> r.remove("churned"));
        // Missing cells in every spelling, a category training never saw, a left-out column.
        rows.get(0).put("age", "NA");
        rows.get(1).put("plan", "platinum");
        rows.get(2).put("city", "");
        rows.get(3).put("plan", "null");
        rows.get(4).put("referrer", "N/A");
        rows.get(5).remove("monthly_charges");
        List<TrainedModel.Prediction> expected = new ArrayList<>();
        for (Map<String, String> r : rows) {
            expected.add(m.predict(r));
        }
        assertSameAsModel(runTable(m, rows), expected);
        try (OrtSession s = ORT.createSession(OnnxExport.toOnnx(m), new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactlyInAnyOrder("age", "monthly_charges", "tenure_months", "plan",
                    "city", "referrer", "support_calls");
            assertThat(s.getOutputNames()).containsExactly("label", "probabilities");
        }
    }

    @Test
    void valuesTrainingNeverSawAreHashedIntoTheTailAsTheEncoderHashesThem() throws Exception {
        Path csv = dir.resolve("codes.csv");
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder b = new StringBuilder("code,amount,label\n");
        for (int i = 0; i < 600; i++) {
            int code = (int) (r.nextDouble() * r.nextDouble() * 400);
            b.append("c").append(code).append(',').append(Math.round(r.nextDouble() * 1000) / 10.0).append(',')
                    .append(code % 3 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(csv, b);
        TrainedModel m = TrainedModel.load(train(dir.resolve("codes"), csv.toString(), "label", "mlp:8", 1));
        assertThat(m.description().input().toString()).contains("hashed_slots=16");
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(Map.of("code", i % 7 == 0 ? "never-seen-" + i : "c" + (i * 3), "amount", Integer.toString(i)));
        }
        List<TrainedModel.Prediction> expected = new ArrayList<>();
        for (Map<String, String> row : rows) {
            expected.add(m.predict(row));
        }
        assertSameAsModel(runTable(m, rows), expected);
    }

    @Test
    void aTableRegressionGivesTheValueInTheTargetsUnits() throws Exception {
        TrainedModel m = TrainedModel.load(train(dir.resolve("houses"), "../examples/data/houses.csv", "price",
                "mlp:16", 2, "regression"));
        assertThat(m.classification()).isFalse();
        List<Map<String, String>> rows = csvRows(Path.of("../examples/data/houses.csv")).subList(0, 50);
        rows.forEach(row -> row.remove("price"));
        float[] got = (float[]) runTable(m, rows).get("label");
        for (int i = 0; i < rows.size(); i++) {
            double want = m.predict(rows.get(i)).value();
            assertThat((double) got[i]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1,
                    Math.abs(want))));
        }
    }

    @Test
    void denseNetworksTakeTheFeaturesPredictReadsStandardisationInside() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        double[] mean = new double[64];
        double[] scale = new double[64];
        for (int j = 0; j < 64; j++) {
            mean[j] = r.nextDouble(0, 8);
            scale[j] = r.nextDouble(0.5, 4);
        }
        for (String spec : new String[] {"mlp:32,16", "linear", "cnn", "mlp:8,dropout=0.5"}) {
            Module net = Models.parse(spec, new int[] {8, 8}, 10, 4);
            Path folder = dir.resolve(spec.replace(':', '_').replace(',', '_').replace('=', '_'));
            List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            ModelFolder.write(folder, net, ModelDescription.network(spec, net, new int[] {8, 8}, classes,
                    TrainedModel.denseInput(64, mean, scale, "digits", 0.2, 42)));
            TrainedModel m = TrainedModel.load(folder);
            float[][] x = new float[20][64];
            List<TrainedModel.Prediction> expected = new ArrayList<>();
            for (float[] row : x) {
                for (int j = 0; j < 64; j++) {
                    row[j] = (float) r.nextDouble(0, 16);
                }
                expected.add(m.predict(row));
            }
            assertSameAsModel(runFeatures(m, x), expected);
        }
    }

    @Test
    void aSparseLinearModelTakesLibSvmRowsAsDenseFeatures() throws Exception {
        for (int outputs : new int[] {1, 3}) {
            SparseLinear net = new SparseLinear(30, outputs);
            SplittableRandom r = new SplittableRandom(outputs);
            for (var p : net.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    p.data()[i] = (float) r.nextDouble(-1, 1);
                }
            }
            List<String> classes = outputs == 1 ? List.of("-1", "1") : List.of("a", "b", "c");
            Path folder = dir.resolve("sparse" + outputs);
            ModelFolder.write(folder, net, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                    ModelDescription.Kind.SPARSE_LINEAR, classes, Map.of("spec", "sparse-linear", "input_shape",
                    new int[] {30}, "outputs", outputs), TrainedModel.libSvmInput(30)));
            TrainedModel m = TrainedModel.load(folder);
            float[][] x = new float[10][30];
            List<TrainedModel.Prediction> expected = new ArrayList<>();
            for (float[] row : x) {
                int[] idx = {r.nextInt(10), 10 + r.nextInt(10), 20 + r.nextInt(10)};
                float[] val = {(float) r.nextDouble(), (float) r.nextDouble(), 1};
                for (int k = 0; k < 3; k++) {
                    row[idx[k]] = val[k];
                }
                expected.add(m.predict(idx, val));
            }
            assertSameAsModel(runFeatures(m, x), expected);
        }
    }

    @Test
    void aModelLearnWroteTakesItsHashedBuckets() throws Exception {
        StringBuilder b = new StringBuilder();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            int u = r.nextInt(20);
            b.append(u % 3 == 0 ? "1" : "0").append(" |u id").append(u).append(" |a x:").append(r.nextInt(4)).append('\n');
        }
        Path data = dir.resolve("online.vw");
        java.nio.file.Files.writeString(data, b.toString());
        Path folder = dir.resolve("online");
        FeatureHashing hashing = FeatureHashing.builder().bits(8).interactions(List.of("ua")).build();
        OnlineLearner.builder().data(data.toString()).options(ExampleStream.Options.of(StreamFormat.VW)).hashing(hashing)
                .rule(new io.github.adagrad4j.optim.AdaGrad(0.2), Map.of()).output(folder).progress(false).build()
                .run(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        TrainedModel m = TrainedModel.load(folder);
        List<String> lines = List.of("|u id3 |a x:2", "|u id9 |a x:0", "|u id18");
        io.github.adagrad4j.data.CsrMatrix rows = StreamLines.rows(lines, StreamFormat.VW, hashing);
        float[][] x = new float[lines.size()][256];
        List<TrainedModel.Prediction> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (int k = rows.rowPtr()[i]; k < rows.rowPtr()[i + 1]; k++) {
                x[i][rows.cols()[k]] = rows.values()[k];
            }
            expected.add(m.predictText(lines.get(i)));
        }
        assertSameAsModel(runFeatures(m, x), expected);
    }

    /**
     * Python's side: {@code onnx.checker.check_model} (full check) accepts the file and Python's
     * onnxruntime gives the Java model's answers, for a table model, a cnn, a sparse-linear model and
     * a bidirectional GRU (where python3 has onnx and onnxruntime; skipped otherwise).
     */
    @Test
    void pythonsCheckerAndOnnxRuntimeAgree() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(pythonHasOnnx(), "python3 with onnx and onnxruntime "
                + "(python3 -m pip install onnx onnxruntime)");
        // A table model, with a missing cell and a category training never saw.
        TrainedModel churn = TrainedModel.load(train(dir.resolve("churn"), "../examples/data/churn.csv", "churned",
                "mlp:16", 2));
        List<Map<String, String>> rows = csvRows(Path.of("../examples/data/churn-test.csv")).subList(0, 40);
        rows.forEach(r -> r.remove("churned"));
        rows.get(0).put("age", "?");
        rows.get(1).put("plan", "gold");
        Map<String, Object> inputs = new LinkedHashMap<>();
        try (OrtSession s = ORT.createSession(OnnxExport.toOnnx(churn), new OrtSession.SessionOptions())) {
            for (var e : s.getInputInfo().entrySet()) {
                boolean numeric = e.getValue().getInfo().toString().contains("FLOAT");
                List<Object> data = new ArrayList<>();
                for (Map<String, String> r : rows) {
                    String cell = r.getOrDefault(e.getKey(), "").trim();
                    data.add(!numeric ? cell : isMissing(cell) ? null : Double.parseDouble(cell));
                }
                inputs.put(e.getKey(), input(numeric ? "float" : "string", data, rows.size(), 1));
            }
        }
        List<TrainedModel.Prediction> expected = new ArrayList<>();
        for (Map<String, String> r : rows) {
            expected.add(churn.predict(r));
        }
        pythonAgrees("churn", churn, inputs, expected);

        // A column whose rare values are hashed into the tail: ONNX Runtime's com.microsoft.MurmurHash3.
        Path csv = dir.resolve("codes.csv");
        StringBuilder b = new StringBuilder("code,label\n");
        for (int i = 0; i < 400; i++) {
            b.append('c').append(i % 150).append(',').append(i % 3 == 0 ? "a" : "b").append('\n');
        }
        Files.writeString(csv, b);
        TrainedModel codes = TrainedModel.load(train(dir.resolve("codes"), csv.toString(), "label", "mlp:4", 1));
        List<Object> cells = new ArrayList<>();
        expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String cell = i % 2 == 0 ? "c" + i : "unseen-" + i;
            cells.add(cell);
            expected.add(codes.predict(Map.of("code", cell)));
        }
        pythonAgrees("codes", codes, Map.of("code", input("string", cells, 30, 1)), expected);

        // A cnn on 8x8 images and a sparse-linear model on LIBSVM rows: features [N, F].
        SplittableRandom rng = new SplittableRandom(2);
        Module cnn = Models.parse("cnn", new int[] {8, 8}, 3, 4);
        ModelFolder.write(dir.resolve("cnn"), cnn, ModelDescription.network("cnn", cnn, new int[] {8, 8},
                List.of("a", "b", "c"), TrainedModel.denseInput(64, null, null, "digits", 0.2, 42)));
        SparseLinear lin = new SparseLinear(64, 1);
        for (var p : lin.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = (float) rng.nextDouble(-1, 1);
            }
        }
        ModelFolder.write(dir.resolve("lin"), lin, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SPARSE_LINEAR, List.of("-1", "1"), Map.of("spec", "sparse-linear", "input_shape",
                new int[] {64}, "outputs", 1), TrainedModel.libSvmInput(64)));
        for (String name : List.of("cnn", "lin")) {
            TrainedModel m = TrainedModel.load(dir.resolve(name));
            List<Object> data = new ArrayList<>();
            expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                float[] x = new float[64];
                for (int j = 0; j < 64; j++) {
                    x[j] = rng.nextDouble() < 0.5 ? 0 : (float) rng.nextDouble(0, 16);
                    data.add((double) x[j]);
                }
                int[] idx = java.util.stream.IntStream.range(0, 64).filter(j -> x[j] != 0).toArray();
                float[] val = new float[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    val[k] = x[idx[k]];
                }
                expected.add(name.equals("cnn") ? m.predict(x) : m.predict(idx, val));
            }
            pythonAgrees(name, m, Map.of("features", input("float", data, 10, 64)), expected);
        }

        // A bidirectional two-layer GRU on token ids.
        io.github.adagrad4j.data.text.TokenHashing tokens = new io.github.adagrad4j.data.text.TokenHashing(8, 12);
        var gru = new io.github.adagrad4j.nn.layers.SequenceClassifier(tokens.buckets(), 6,
                io.github.adagrad4j.nn.ops.Recurrent.Kind.GRU, 5, 2, true, true, 1, new SplittableRandom(7));
        ModelFolder.write(dir.resolve("gru"), gru, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SEQUENCE_CLASSIFIER, List.of("ham", "spam"), Map.of("cell", "gru", "hidden", 5,
                "layers", 2, "bidirectional", true, "embed", 6, "pooling", "mean", "outputs", 1),
                TrainedModel.tokenSequenceInput(tokens, 0.2, 42, 0)));
        TrainedModel m = TrainedModel.load(dir.resolve("gru"));
        List<String> texts = List.of("cheap meds order now", "", "meeting at noon on friday, see you there");
        List<Object> ids = new ArrayList<>();
        List<Object> lengths = new ArrayList<>();
        expected = new ArrayList<>();
        int width = texts.stream().mapToInt(t -> tokens.encode(t).length).max().orElseThrow();
        for (String t : texts) {
            int[] e = tokens.encode(t);
            for (int k = 0; k < width; k++) {
                ids.add(k < e.length ? e[k] : 0);
            }
            lengths.add(e.length);
            expected.add(m.predictText(t));
        }
        pythonAgrees("gru", m, Map.of("tokens", input("int64", ids, 3, width), "lengths", input("int32", lengths, 3)),
                expected);
    }

    private static Map<String, Object> input(String type, List<Object> data, int... shape) {
        List<Object> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d);
        }
        return Map.of("type", type, "shape", dims, "data", data);
    }

    /** Writes the model and its cases, runs src/test/python/check_onnx.py on them. */
    private void pythonAgrees(String name, TrainedModel m, Map<String, Object> inputs,
            List<TrainedModel.Prediction> expected) throws Exception {
        Path onnx = dir.resolve(name + ".onnx");
        Files.write(onnx, OnnxExport.toOnnx(m));
        List<Object> labels = new ArrayList<>();
        List<Object> probabilities = new ArrayList<>();
        for (TrainedModel.Prediction p : expected) {
            labels.add(p.label());
            List<Object> ps = new ArrayList<>();
            for (float v : p.probabilities()) {
                ps.add((double) v);
            }
            probabilities.add(ps);
        }
        Path cases = dir.resolve(name + "-cases.json");
        Files.writeString(cases, io.github.adagrad4j.optim.io.Json.writePretty(Map.of("inputs", inputs, "label", labels,
                "probabilities", probabilities)));
        Process p = new ProcessBuilder("python3", "src/test/python/check_onnx.py", onnx.toString(), cases.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(name + ": " + out).isZero();
        assertThat(out).contains("ok " + expected.size() + " rows");
    }

    static boolean pythonHasOnnx() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import onnx, onnxruntime").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void recurrentTextClassifiersTakeTokenIdsWithTheirGatesInOnnxsOrder() throws Exception {
        io.github.adagrad4j.data.text.TokenHashing tokens = new io.github.adagrad4j.data.text.TokenHashing(8, 12);
        List<String> texts = List.of("cheap meds order now", "the meeting moved to noon on friday, see you there",
                "", "win", "re: re: your account statement for november is ready to view online now");
        int t = 0;
        for (String text : texts) {
            t = Math.max(t, tokens.encode(text).length);
        }
        long[][] ids = new long[texts.size()][t];
        int[] lengths = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            int[] e = tokens.encode(texts.get(i));
            lengths[i] = e.length;
            for (int k = 0; k < e.length; k++) {
                ids[i][k] = e[k];
            }
        }
        int n = 0;
        for (var cell : io.github.adagrad4j.nn.ops.Recurrent.Kind.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (boolean mean : new boolean[] {false, true}) {
                    int outputs = n % 2 == 0 ? 1 : 3;
                    List<String> classes = outputs == 1 ? List.of("ham", "spam") : List.of("a", "b", "c");
                    int layers = 1 + n % 2;
                    var net = new io.github.adagrad4j.nn.layers.SequenceClassifier(tokens.buckets(), 6, cell, 5, layers,
                            bi, mean, outputs, new SplittableRandom(n));
                    Path folder = dir.resolve("rnn" + n++);
                    ModelFolder.write(folder, net, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                            ModelDescription.Kind.SEQUENCE_CLASSIFIER, classes, Map.of("cell", cell.id(), "hidden", 5,
                            "layers", layers, "bidirectional", bi, "embed", 6, "pooling", mean ? "mean" : "last",
                            "outputs", outputs), TrainedModel.tokenSequenceInput(tokens, 0.2, 42, 0)));
                    TrainedModel m = TrainedModel.load(folder);
                    List<TrainedModel.Prediction> expected = new ArrayList<>();
                    for (String text : texts) {
                        expected.add(m.predictText(text));
                    }
                    try (OrtSession s = ORT.createSession(OnnxExport.toOnnx(m), new OrtSession.SessionOptions());
                            OnnxTensor x = OnnxTensor.createTensor(ORT, ids);
                            OnnxTensor len = OnnxTensor.createTensor(ORT, lengths)) {
                        assertSameAsModel(outputs(s.run(Map.of("tokens", x, "lengths", len))), expected);
                    } catch (AssertionError e) {
                        throw new AssertionError(cell + (bi ? " bidirectional" : "") + (mean ? " mean" : " last") + " x"
                                + layers + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    @Test
    void modelsOfHashedTextAreRefusedSayingWhatIsMissing() throws Exception {
        SparseLinear net = new SparseLinear(1 << 8, 1);
        Path folder = dir.resolve("hashed");
        ModelFolder.write(folder, net, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SPARSE_LINEAR, List.of("ham", "spam"), Map.of("spec", "sparse-linear",
                "input_shape", new int[] {1 << 8}, "outputs", 1), TrainedModel.hashedTextInput(8, 1, 2, 0.2, 42)));
        assertThatThrownBy(() -> OnnxExport.write(folder, dir.resolve("hashed.onnx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenises and hashes");
        assertThat(dir.resolve("hashed.onnx")).doesNotExist();
    }

    @Test
    void theFileAppearsWholeOrNotAtAll() throws Exception {
        Path folder = dir.resolve("lin");
        Module net = Models.parse("linear", new int[] {4}, 2, 1);
        ModelFolder.write(folder, net, ModelDescription.network("linear", net, new int[] {4}, List.of("x", "y"),
                TrainedModel.denseInput(4, null, null, "csv", 0.2, 42)));
        Path out = dir.resolve("out/lin.onnx");
        Files.createDirectories(out.getParent());
        OnnxExport.write(folder, out);
        assertThat(Files.size(out)).isGreaterThan(50);
        Files.writeString(folder.resolve("model.safetensors"), "garbage");
        assertThatThrownBy(() -> OnnxExport.write(folder, dir.resolve("out/broken.onnx")))
                .hasMessageContaining("model.safetensors");
        assertThat(dir.resolve("out/broken.onnx")).doesNotExist();
        assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()).toList())
                .containsExactly("lin.onnx");
    }
}
