package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.text.TokenHashing;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A model folder, loaded: the network with its trained weights and everything that turns raw input
 * into the network's input (a CSV table's column types, categories, imputation and scaling; a
 * dense data set's standardisation; a sparse model's dimension or hashing), plus the class names.
 * Every way of training writes the folder ({@link ModelFolder}): {@code model.json} (a
 * {@link ModelDescription}: all of the above, the task, the settings it was trained with, the test
 * figures) and {@code model.safetensors} (the weights under PyTorch's {@code state_dict} names and
 * layouts). Nothing else is needed to predict: not the training data, not the command line. This
 * class predicts; {@link ModelFolder} reads the folder and {@link ModelInput} encodes the input.
 *
 * <pre>{@code
 * TrainedModel m = TrainedModel.load(Path.of("runs/churn"));
 * TrainedModel.Prediction p = m.predict(Map.of("age", "42", "monthly_charges", "70.5", "tenure_months", "3",
 *         "plan", "basic", "city", "Austin, TX", "referrer", "partner-1", "support_calls", "4"));
 * System.out.println(p.label() + " " + Arrays.toString(p.probabilities()));   // no [0.43, 0.57]
 * }</pre>
 */
public final class TrainedModel {
    /** This library's version, as model folders record it. */
    public static final String LIBRARY_VERSION = libraryVersion();
    private static final int BATCH = 1024;

    private final Path dir;
    private final ModelDescription description;
    private final boolean classification;
    private final List<String> classes;
    private final Module network;
    private final ModelInput input;
    private final int outputs;
    private final TargetScaler targets;
    private final Workspace space = new Workspace();

    private TrainedModel(Path dir, ModelDescription description, Module network, ModelInput input, int outputs) {
        this.dir = dir;
        this.description = description;
        this.classification = description.classification();
        this.classes = description.classes();
        this.network = network;
        this.input = input;
        this.outputs = outputs;
        this.targets = description.targetScaling();
        if (targets != null && targets.width() != outputs) {
            throw new IllegalArgumentException("'target_scaling' has " + targets.width() + " columns but the model has "
                    + outputs + " outputs");
        }
        network.train(false);
    }

    /** One row's answer: the class (index and name) with every class's probability, or a value. */
    public record Prediction(int classIndex, String label, float[] probabilities, double value) {
    }

    /**
     * Loads a model folder for prediction.
     *
     * @throws IOException naming the file and the problem: a missing or corrupted file, a folder
     *     written by an incompatible version, weights that do not fit the described network
     */
    public static TrainedModel load(Path dir) throws IOException {
        ModelDescription d = ModelFolder.read(dir);
        Path json = dir.resolve(ModelFolder.DESCRIPTION_FILE);
        TrainedModel m;
        try {
            m = switch (d.kind()) {
                case CHAR_LM -> throw new IllegalArgumentException("this is a language model, which samples text "
                        + "rather than predicting rows: CharLanguageModel.load reads it");
                case SEQUENCE_CLASSIFIER -> sequenceClassifier(dir, d);
                case NETWORK, SPARSE_LINEAR -> network(dir, d);
            };
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(json.toString(), e.getMessage());
        }
        return m;
    }

    private static TrainedModel network(Path dir, ModelDescription d) throws IOException {
        Map<String, Object> model = d.model();
        String spec = JsonFields.string(model, "spec");
        int[] shape = JsonFields.shape(model, "input_shape");
        int outputs = (int) JsonFields.integer(model, "outputs", 1, 1 << 20);
        boolean sparse = d.kind() == ModelDescription.Kind.SPARSE_LINEAR;
        // A sparse two-class model has one logistic output (or, trained multinomially, two).
        if (d.classification() && outputs != d.classes().size() && !(sparse && d.classes().size() == 2 && outputs == 1)) {
            throw new IllegalArgumentException("'classes' lists " + d.classes().size() + " classes but the model has "
                    + outputs + " outputs");
        }
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'model.input_shape' " + Arrays.toString(shape) + " is too large");
        }
        ModelInput input = ModelInput.fromDescription(d.input(), d.classification(), (int) size);
        Module network = sparse ? new SparseLinear((int) size, outputs) : Models.parse(spec, shape, outputs, 0);
        ModelFolder.loadWeights(dir.resolve(ModelFolder.WEIGHTS_FILE), network);
        return new TrainedModel(dir, d, network, input, outputs);
    }

    /**
     * A recurrent classifier of token sequences: {@code model} holds {@code cell} (lstm, gru,
     * rnn_tanh or rnn_relu), {@code hidden}, {@code layers}, {@code bidirectional}, {@code embed},
     * {@code pooling} (mean or last) and {@code outputs} (1: one logistic unit for two classes).
     */
    private static TrainedModel sequenceClassifier(Path dir, ModelDescription d) throws IOException {
        Map<String, Object> model = d.model();
        Recurrent.Kind cell;
        try {
            cell = Recurrent.Kind.fromId(JsonFields.string(model, "cell"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'model.cell' " + e.getMessage());
        }
        String pooling = JsonFields.string(model, "pooling");
        if (!pooling.equals("mean") && !pooling.equals("last")) {
            throw new IllegalArgumentException("'model.pooling' should be mean or last, found '" + pooling + "'");
        }
        int outputs = (int) JsonFields.integer(model, "outputs", 1, 1 << 20);
        if (outputs != (d.classes().size() == 2 ? 1 : d.classes().size())) {
            throw new IllegalArgumentException("'classes' lists " + d.classes().size() + " classes but the model has "
                    + outputs + " outputs");
        }
        ModelInput input = ModelInput.fromDescription(d.input(), true, -1);
        Module network = new SequenceClassifier(input.featureCount(), (int) JsonFields.integer(model, "embed", 1, 1 << 16),
                cell, (int) JsonFields.integer(model, "hidden", 1, 1 << 16), (int) JsonFields.integer(model, "layers", 1,
                1 << 10), JsonFields.bool(model, "bidirectional"), pooling.equals("mean"), outputs,
                new java.util.SplittableRandom(0));
        ModelFolder.loadWeights(dir.resolve(ModelFolder.WEIGHTS_FILE), network);
        return new TrainedModel(dir, d, network, input, outputs);
    }

    // ---- describing inputs, for writers ---------------------------------------------------------

    /**
     * The {@code input} description of dense features: {@code source} is a built-in data set's name
     * (then {@code testFraction} and {@code seed} record its split, so its held-out part can be
     * evaluated by name) or a file kind; {@code mean}/{@code scale} the standardisation, or null.
     */
    public static Map<String, Object> denseInput(int features, double[] mean, double[] scale, String source,
            double testFraction, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "dense");
        m.put("features", features);
        m.put("source", source);
        if (mean != null) {
            m.put("standardize", Map.of("mean", mean, "scale", scale));
        }
        m.put("split", splitOf(testFraction, seed));
        return m;
    }

    /** The {@code input} description of LIBSVM rows of {@code features} dimensions. */
    public static Map<String, Object> libSvmInput(int features) {
        return new LinkedHashMap<>(Map.of("kind", "libsvm", "features", features));
    }

    /** The {@code input} description of texts hashed into {@code 2^bits} buckets (TF, signed, normalised). */
    public static Map<String, Object> hashedTextInput(int bits, int ngramMin, int ngramMax, double testFraction,
            long seed) {
        return hashedTextInput(bits, ngramMin, ngramMax, testFraction, seed, null);
    }

    /**
     * As {@link #hashedTextInput(int, int, int, double, long)}, for texts read from a CSV's text
     * columns by {@code table}, whose other columns come first as dense features (null: plain texts).
     */
    public static Map<String, Object> hashedTextInput(int bits, int ngramMin, int ngramMax, double testFraction,
            long seed, TableEncoder table) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "hashed-text");
        m.put("features", (1 << bits) + (table == null ? 0 : table.featureCount()));
        if (table != null) {
            m.put("table", table.describe());
        }
        m.put("bits", bits);
        m.put("ngram_min", ngramMin);
        m.put("ngram_max", ngramMax);
        m.put("weighting", "TF");
        m.put("signed", true);
        m.put("normalize", true);
        m.put("split", splitOf(testFraction, seed));
        return m;
    }

    /**
     * The {@code input} description of texts as token sequences: the hashing, and the split of the
     * spam corpus the model was trained on (its first {@code documents} e-mails in the split's order,
     * 0 for all, the first {@code testFraction} of those held out: {@link
     * io.github.adagrad4j.data.SklearnSplit#indices(int, double, long, int)}), so that {@code evaluate}
     * on the corpus reads exactly the held-out e-mails.
     */
    public static Map<String, Object> tokenSequenceInput(TokenHashing tokens, double testFraction, long seed,
            int documents) {
        return tokenSequenceInput(tokens, testFraction, seed, documents, null);
    }

    /** As {@link #tokenSequenceInput(TokenHashing, double, long, int)}, for texts read by {@code table} (or null). */
    public static Map<String, Object> tokenSequenceInput(TokenHashing tokens, double testFraction, long seed,
            int documents, TableEncoder table) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "hashed-token-sequence");
        m.put("bits", tokens.bits());
        m.put("max_len", tokens.maxLen());
        Map<String, Object> split = splitOf(testFraction, seed);
        if (documents > 0) {
            split.put("documents", documents);
        }
        m.put("split", split);
        if (table != null) {
            m.put("table", table.describe());
        }
        return m;
    }

    static Map<String, Object> splitOf(double testFraction, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_fraction", testFraction);
        m.put("seed", seed);
        return m;
    }

    // ---- what the model is ---------------------------------------------------------------------

    public boolean classification() {
        return classification;
    }

    /** Class names in output order (empty for regression). */
    public List<String> classes() {
        return classes;
    }

    /** The model folder. */
    public Path folder() {
        return dir;
    }

    /** model.json as read. */
    public ModelDescription description() {
        return description;
    }

    /** The network, with its trained weights. */
    public Module network() {
        return network;
    }

    /** Floats per output row: class count for classifiers, 1 for regression. */
    public int outputWidth() {
        return classification ? classes.size() : 1;
    }

    /** The table encoder of a model trained on a CSV table, or null. */
    public TableEncoder table() {
        if (input instanceof ModelInput.Sparse s) {
            return s.table();
        }
        if (input instanceof ModelInput.Tokens t) {
            return t.table();
        }
        return input instanceof ModelInput.Table t ? t.encoder() : null;
    }

    // ---- predicting ----------------------------------------------------------------------------

    /** Predicts one row of a CSV-table model, given as column name to cell text. */
    public Prediction predict(Map<String, String> row) {
        if (input instanceof ModelInput.Sparse s && s.table() != null) {
            CsrMatrix x = s.hashing().transform(List.of(s.table().text(row)))
                    .withDenseColumns(s.table().encode(row), s.table().featureCount());
            return toPrediction(outputs(ModelInput.Encoded.sparse(x, null, null, null)), 0);
        }
        if (input instanceof ModelInput.Tokens t && t.table() != null) {
            return toPrediction(outputs(ModelInput.Encoded.tokens(new int[][] {t.hashing().encode(t.table().text(row))},
                    null, null, null)), 0);
        }
        if (!(input instanceof ModelInput.Table t)) {
            throw new IllegalArgumentException("this model was not trained on a CSV table; predict(float[]) takes its "
                    + "input");
        }
        return single(t.encoder().encode(row));
    }

    /** Predicts one example of a dense model from its raw features (before the saved standardisation). */
    public Prediction predict(float[] features) {
        if (!(input instanceof ModelInput.Dense dn)) {
            throw new IllegalArgumentException("this model takes " + input.kind() + " input, not a float[]");
        }
        return single(dn.prepare(features.clone(), 1));
    }

    /** Predicts one sparse row (0-based feature indices) of a sparse-linear model. */
    public Prediction predict(int[] indices, float[] values) {
        CsrMatrix row = new CsrMatrix(new int[] {0, indices.length}, indices.clone(), values.clone(),
                input.featureCount());
        return toPrediction(outputs(ModelInput.Encoded.sparse(row, null, null, null)), 0);
    }

    /**
     * Predicts one text of a model trained on texts: a sequence classifier (its tokens hashed as in
     * training) or a sparse-linear model on hashed text.
     */
    public Prediction predictText(String text) {
        if (input instanceof ModelInput.Tokens t) {
            return toPrediction(outputs(ModelInput.Encoded.tokens(new int[][] {t.hashing().encode(text)}, null, null,
                    null)), 0);
        }
        if (input instanceof ModelInput.Sparse s && s.hashing() != null) {
            return toPrediction(outputs(ModelInput.Encoded.sparse(s.hashing().transform(List.of(text)), null, null,
                    null)), 0);
        }
        throw new IllegalArgumentException("this model takes " + input.kind() + " input, not texts");
    }

    private Prediction single(float[] x) {
        return toPrediction(outputs(ModelInput.Encoded.dense(1, x, null, null, null)), 0);
    }

    private Prediction toPrediction(float[] out, int row) {
        if (!classification) {
            return new Prediction(-1, null, null, out[row]);
        }
        int w = classes.size();
        float[] p = Arrays.copyOfRange(out, row * w, row * w + w);
        int best = ClassLabels.argmax(p, 0, w);
        return new Prediction(best, classes.get(best), p, Double.NaN);
    }

    /**
     * A batch of scored rows: {@code count * width} outputs (class probabilities, or values),
     * the labels read from the file (class indices or values; null unless asked for), the id
     * column's cells (or null) and the line (or row number) of each row in the input.
     */
    public record Scored(int count, int width, float[] outputs, float[] labels, String[] ids, long[] lines) {
    }

    /** Receives scored batches in input order. */
    @FunctionalInterface
    public interface ScoredHandler {
        void accept(Scored batch) throws IOException;
    }

    /**
     * Scores a data file (or a built-in data set's held-out part, by name) in batches, streaming:
     * memory is bounded by the batch, not the file.
     *
     * @param labels whether each row's label is read (evaluation); an unknown class is an error
     * @param idColumn a CSV column echoed with each row, or null
     */
    public void score(String data, boolean labels, String idColumn, ScoredHandler handler) throws IOException {
        ModelInput.Reader source = input.open(data, labels, idColumn, BATCH, classes);
        // With a second core, the next batches are parsed and encoded while this one is scored and handled.
        try (ModelInput.Reader r = Runtime.getRuntime().availableProcessors() > 1 ? new ReadAhead(source, 4) : source) {
            for (ModelInput.Encoded e = r.next(); e != null; e = r.next()) {
                handler.accept(new Scored(e.count(), outputWidth(), outputs(e), e.labels(), e.ids(), e.lines()));
            }
        }
    }

    /** Probabilities (softmax, or the sigmoid of a binary sparse model) or values, {@code [count, width]}. */
    private float[] outputs(ModelInput.Encoded e) {
        try (Tensor.NoGrad off = Tensor.noGrad(); Workspace.Scope scope = space.enter()) {
            float[] logits;
            if (e.tokens() != null) {
                logits = ((SequenceClassifier) network).logits(java.util.Arrays.asList(e.tokens())).data();
            } else if (e.sparse() != null) {
                logits = ((SparseLinear) network).forward(e.sparse()).data();
            } else {
                int[] shape = new int[] {e.count(), input.featureCount()};
                logits = network.forward(Tensor.of(e.dense(), shape)).data();
            }
            int n = e.count();
            if (!classification) {
                float[] values = Arrays.copyOf(logits, n);
                return targets != null ? targets.unscaleInPlace(values) : values;
            }
            int w = classes.size();
            if (outputs == 1) {
                float[] p = new float[n * 2];
                for (int i = 0; i < n; i++) {
                    float s = (float) (1 / (1 + Math.exp(-logits[i])));
                    p[2 * i] = 1 - s;
                    p[2 * i + 1] = s;
                }
                return p;
            }
            return Ops.softmaxRows(logits, n, w).clone();
        }
    }

    private static String libraryVersion() {
        try (InputStream in = TrainedModel.class.getResourceAsStream("/io/github/adagrad4j/train/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            return v == null || v.startsWith("$") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
