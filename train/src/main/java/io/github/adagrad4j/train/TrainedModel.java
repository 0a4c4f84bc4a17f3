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
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.data.stream.StreamLines;
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
 * float[] many = m.outputs(m.rows(rows));            // [rows, classes] in one forward pass
 * }</pre>
 *
 * <p>Thread-safe: it can be shared by the threads of a server. Forward passes run one at a time on
 * the model's scratch memory, so throughput comes from joining rows into one call (a batch, or
 * {@link #concat} of concurrent requests), not from calling from more threads.
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

    /**
     * Whether this two-class classifier has one logistic output (its probability of the second class
     * is the sigmoid of the network's one logit) rather than one output per class (a softmax).
     */
    public boolean logistic() {
        return classification && outputs == 1;
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

    /** The request shape a model takes in memory: what {@link #rows}, {@link #texts} or {@link #instances} accept. */
    public enum InputShape {
        /** Table rows, column name to cell text ({@link #rows}): models trained on CSV tables. */
        ROWS,
        /** Texts ({@link #texts}): models trained on texts, hashed as in training. */
        TEXTS,
        /** Feature vectors, dense or sparse ({@link #instances}, {@link #sparseInstances}): images, numeric data, LIBSVM. */
        INSTANCES
    }

    /** Which of the in-memory inputs this model takes. */
    public InputShape inputShape() {
        if (table() != null || input instanceof ModelInput.Hashed h && h.format().hasHeader()) {
            return InputShape.ROWS;
        }
        if (input instanceof ModelInput.Tokens || input instanceof ModelInput.Sparse s && s.hashing() != null
                || input instanceof ModelInput.Hashed h && !h.format().hasHeader()) {
            return InputShape.TEXTS;
        }
        return InputShape.INSTANCES;
    }

    /** Values per feature vector {@link #instances} takes (the input's width before standardisation). */
    public int featureCount() {
        return input.featureCount();
    }

    /**
     * Rows encoded for this model, ready for {@link #outputs(Input)}: made from table rows, texts or
     * feature vectors, and joined with {@link #concat} (a server joins concurrent requests into one
     * forward pass). Inputs made by one model are for that model only.
     */
    public static final class Input {
        private final ModelInput.Encoded encoded;

        private Input(ModelInput.Encoded encoded) {
            this.encoded = encoded;
        }

        /** Rows held. */
        public int count() {
            return encoded.count();
        }
    }

    /**
     * Encodes table rows, each column name to cell text as a CSV cell would have it. A column a
     * row leaves out is a missing cell ({@link TableEncoder#encode(Map)}); for a model {@code learn}
     * wrote from a CSV/TSV stream, an absent feature, every column its namespace.
     *
     * @throws InputException naming the row and the column: an unknown column, a bad cell
     */
    public Input rows(List<Map<String, String>> rows) {
        TableEncoder t = table();
        if (input instanceof ModelInput.Hashed h && h.format().hasHeader()) {
            return new Input(ModelInput.Encoded.sparse(StreamLines.rows(rows, h.label(), h.categorical(), h.hashing()),
                    null, null, null));
        }
        if (t == null) {
            throw new InputException(-1, null, "this model takes " + describeShape() + ", not table rows");
        }
        float[] dense = new float[rows.size() * t.featureCount()];
        String[] texts = input instanceof ModelInput.Table ? null : new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            try {
                t.encode(rows.get(i), dense, i * t.featureCount());
                if (texts != null) {
                    texts[i] = t.text(rows.get(i));
                }
            } catch (io.github.adagrad4j.data.table.CellException e) {
                throw new InputException(i, e.column(), e.getMessage());
            }
        }
        if (input instanceof ModelInput.Sparse s) {
            return new Input(ModelInput.Encoded.sparse(s.hashing().transform(List.of(texts))
                    .withDenseColumns(dense, t.featureCount()), null, null, null));
        }
        if (input instanceof ModelInput.Tokens k) {
            return new Input(ModelInput.Encoded.tokens(k.hashing().encodeAll(Arrays.asList(texts)), null, null, null));
        }
        return new Input(ModelInput.Encoded.dense(rows.size(), dense, null, null, null));
    }

    /**
     * Encodes texts for a model trained on texts: hashed (and tokenised) as in training; for a model
     * {@code learn} wrote from Vowpal Wabbit or LIBSVM lines, each text is such a line.
     */
    public Input texts(List<String> texts) {
        if (input instanceof ModelInput.Tokens t && t.table() == null) {
            return new Input(ModelInput.Encoded.tokens(t.hashing().encodeAll(texts), null, null, null));
        }
        if (input instanceof ModelInput.Sparse s && s.hashing() != null && s.table() == null) {
            return new Input(ModelInput.Encoded.sparse(s.hashing().transform(texts), null, null, null));
        }
        if (input instanceof ModelInput.Hashed h && !h.format().hasHeader()) {
            try {
                return new Input(ModelInput.Encoded.sparse(StreamLines.rows(texts, h.format(), h.hashing()), null, null,
                        null));
            } catch (StreamLines.BadLineException e) {
                throw new InputException(e.index(), e.column() > 0 ? "column " + e.column() : null, e.getMessage());
            }
        }
        throw new InputException(-1, null, "this model takes " + describeShape() + ", not texts");
    }

    /**
     * Encodes dense feature vectors of {@link #featureCount()} raw values each (the saved
     * standardisation is applied here, as in training).
     *
     * @throws InputException naming a row of the wrong length or with a value that is not finite
     */
    public Input instances(float[][] rows) {
        requireInstances();
        int f = input.featureCount();
        float[] x = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != f) {
                throw new InputException(i, null, "instance " + i + " has " + rows[i].length + " values; the model "
                        + "takes " + f + " features");
            }
            for (int j = 0; j < f; j++) {
                if (!Float.isFinite(rows[i][j])) {
                    throw new InputException(i, null, "instance " + i + " has " + rows[i][j] + " at index " + j);
                }
            }
            System.arraycopy(rows[i], 0, x, i * f, f);
        }
        return dense(x, rows.length);
    }

    /**
     * Encodes sparse feature vectors: row {@code i} holds {@code values[i][k]} at 0-based feature
     * {@code indices[i][k]} (LIBSVM's 1-based index minus one); features not listed are 0.
     *
     * @throws InputException naming a row whose index is out of range or repeated, or whose arrays differ in length
     */
    public Input sparseInstances(int[][] indices, float[][] values) {
        requireInstances();
        int f = input.featureCount();
        int nnz = 0;
        for (int i = 0; i < indices.length; i++) {
            if (indices[i].length != values[i].length) {
                throw new InputException(i, null, "instance " + i + " has " + indices[i].length + " indices but "
                        + values[i].length + " values");
            }
            nnz += indices[i].length;
        }
        int[] rowPtr = new int[indices.length + 1];
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        java.util.BitSet seen = new java.util.BitSet();
        int at = 0;
        for (int i = 0; i < indices.length; i++) {
            for (int k = 0; k < indices[i].length; k++) {
                int c = indices[i][k];
                if (c < 0 || c >= f) {
                    throw new InputException(i, null, "instance " + i + " has index " + c + "; the model takes "
                            + "indices 0 to " + (f - 1));
                }
                if (seen.get(c)) {
                    throw new InputException(i, null, "instance " + i + " lists index " + c + " twice");
                }
                if (!Float.isFinite(values[i][k])) {
                    throw new InputException(i, null, "instance " + i + " has " + values[i][k] + " at index " + c);
                }
                seen.set(c);
                cols[at] = c;
                vals[at++] = values[i][k];
            }
            for (int k = rowPtr[i]; k < at; k++) {
                seen.clear(cols[k]);
            }
            rowPtr[i + 1] = at;
        }
        CsrMatrix x = new CsrMatrix(rowPtr, cols, vals, f);
        if (input instanceof ModelInput.Dense) {
            return dense(ModelInput.Dense.densify(x), indices.length);
        }
        return new Input(ModelInput.Encoded.sparse(x, null, null, null));
    }

    /** Dense raw rows for a dense model (standardised), or as CSR rows for a LIBSVM model. */
    private Input dense(float[] x, int n) {
        if (input instanceof ModelInput.Dense dn) {
            return new Input(ModelInput.Encoded.dense(n, dn.prepare(x, n), null, null, null));
        }
        int f = input.featureCount();
        int[] rowPtr = new int[n + 1];
        int nnz = 0;
        for (float v : x) {
            nnz += v != 0 ? 1 : 0;
        }
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                if (x[i * f + j] != 0) {
                    cols[at] = j;
                    vals[at++] = x[i * f + j];
                }
            }
            rowPtr[i + 1] = at;
        }
        return new Input(ModelInput.Encoded.sparse(new CsrMatrix(rowPtr, cols, vals, f), null, null, null));
    }

    private void requireInstances() {
        if (inputShape() != InputShape.INSTANCES) {
            throw new InputException(-1, null, "this model takes " + describeShape() + ", not feature vectors");
        }
    }

    /** What this model takes, in words for an error message. */
    private String describeShape() {
        return switch (inputShape()) {
            case ROWS -> table() != null ? "table rows with the columns " + table().columnNames()
                    : "table rows, each column a namespace";
            case TEXTS -> input instanceof ModelInput.Hashed h ? "texts, each a " + (h.format() == StreamFormat.VW
                    ? "Vowpal Wabbit" : "LIBSVM") + " line" : "texts";
            case INSTANCES -> "feature vectors of " + input.featureCount() + " values";
        };
    }

    /** One input of all the rows of {@code parts}, in order; the parts must come from this model. */
    public static Input concat(List<Input> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ModelInput.Encoded first = parts.get(0).encoded;
        int n = 0;
        for (Input p : parts) {
            n += p.count();
        }
        if (first.dense() != null) {
            int width = first.dense().length / Math.max(first.count(), 1);
            float[] x = new float[n * width];
            int at = 0;
            for (Input p : parts) {
                System.arraycopy(p.encoded.dense(), 0, x, at, p.count() * width);
                at += p.count() * width;
            }
            return new Input(ModelInput.Encoded.dense(n, x, null, null, null));
        }
        if (first.sparse() != null) {
            List<CsrMatrix> m = new java.util.ArrayList<>(parts.size());
            for (Input p : parts) {
                m.add(p.encoded.sparse());
            }
            return new Input(ModelInput.Encoded.sparse(CsrMatrix.stack(m), null, null, null));
        }
        int[][] t = new int[n][];
        int at = 0;
        for (Input p : parts) {
            System.arraycopy(p.encoded.tokens(), 0, t, at, p.count());
            at += p.count();
        }
        return new Input(ModelInput.Encoded.tokens(t, null, null, null));
    }

    /**
     * The model's answers for every row of {@code in}: {@code [count, outputWidth()]} class
     * probabilities (softmax, or the sigmoid of a one-output binary model), or regression values
     * in the target's units. Safe to call from several threads: calls run one at a time on the
     * model's scratch memory, so callers that want throughput join rows into one call
     * ({@link #concat}) rather than calling from many threads.
     */
    public float[] outputs(Input in) {
        return outputs(in.encoded);
    }

    /** Predicts one row of a CSV-table model, given as column name to cell text. */
    public Prediction predict(Map<String, String> row) {
        return toPrediction(outputs(rows(List.of(row))), 0);
    }

    /** Predicts one example of a dense model from its raw features (before the saved standardisation). */
    public Prediction predict(float[] features) {
        return toPrediction(outputs(instances(new float[][] {features})), 0);
    }

    /** Predicts one sparse row (0-based feature indices) of a sparse-linear model. */
    public Prediction predict(int[] indices, float[] values) {
        return toPrediction(outputs(sparseInstances(new int[][] {indices}, new float[][] {values})), 0);
    }

    /**
     * Predicts one text of a model trained on texts: a sequence classifier (its tokens hashed as in
     * training) or a sparse-linear model on hashed text.
     */
    public Prediction predictText(String text) {
        return toPrediction(outputs(texts(List.of(text))), 0);
    }

    /** The prediction of row {@code row} of {@link #outputs}: the most probable class, or the value. */
    public Prediction toPrediction(float[] out, int row) {
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

    /**
     * Scores a CSV that is not a file (a request's body), as {@link #score(String, boolean, String,
     * ScoredHandler)} scores a file: for models trained on CSV tables ({@link InputShape#ROWS}).
     * {@code source} names it in error messages; {@code csv} is closed.
     */
    public void score(InputStream csv, String source, String idColumn, ScoredHandler handler) throws IOException {
        TableEncoder t = table();
        if (input instanceof ModelInput.Hashed h && h.format().hasHeader()) {
            // A CSV body for a model learn wrote from CSV/TSV: its rows hashed as the file's were.
            if (idColumn != null) {
                csv.close();
                throw new InputException(-1, idColumn, "an id column applies to models trained on CSV tables");
            }
            try (ModelInput.Reader r = h.reader(io.github.adagrad4j.data.stream.ExampleStream.open(source, csv,
                    h.options(StreamFormat.CSV, BATCH), h.hashing()), false, classes)) {
                for (ModelInput.Encoded e = r.next(); e != null; e = r.next()) {
                    handler.accept(new Scored(e.count(), outputWidth(), outputs(e), e.labels(), e.ids(), e.lines()));
                }
            }
            return;
        }
        if (t == null) {
            csv.close();
            throw new InputException(-1, null, "this model takes " + describeShape() + ", not CSV rows");
        }
        // A recurrent model's activations grow with batch times sequence length (see ModelInput.Tokens).
        int batch = input instanceof ModelInput.Tokens ? 256 : BATCH;
        try (ModelInput.Reader r = input.table(t.open(csv, source, batch, false, idColumn))) {
            for (ModelInput.Encoded e = r.next(); e != null; e = r.next()) {
                handler.accept(new Scored(e.count(), outputWidth(), outputs(e), e.labels(), e.ids(), e.lines()));
            }
        }
    }

    /** Probabilities (softmax, or the sigmoid of a binary sparse model) or values, {@code [count, width]}. */
    private synchronized float[] outputs(ModelInput.Encoded e) {
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
            if (logistic()) {
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
