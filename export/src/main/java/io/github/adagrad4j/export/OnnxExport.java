package io.github.adagrad4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Conv2d;
import io.github.adagrad4j.nn.layers.Dense;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.layers.Sequential;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model folder as an ONNX model that takes exactly what {@code adagrad4j predict} takes and gives
 * what it gives, for ONNX Runtime or any other runtime:
 * <ul>
 * <li>a model trained on a CSV table: one input per used column, named as the column, {@code [N, 1]};
 *     {@code float} for a numeric column (NaN for a missing cell), {@code string} for a categorical
 *     one. Imputation ({@code ai.onnx.ml.Imputer}), scaling ({@code Scaler}) and the one-hot slots
 *     with "other", hashed tail and "missing" ({@code LabelEncoder},
 *     ONNX Runtime's {@code com.microsoft.MurmurHash3}, {@code OneHot}) are in the graph;
 * <li>a network on dense features (images, numeric data): {@code features} {@code [N, F]} as
 *     predict reads them, the saved standardisation in the graph;
 * <li>a sparse-linear model on LIBSVM rows: {@code features} {@code [N, D]}, dense;
 * <li>a recurrent text classifier: {@code tokens} {@code [N, T]} (int64 ids as
 *     {@link io.github.adagrad4j.data.text.TokenHashing} gives them) and {@code lengths} {@code [N]}
 *     (int32), run by ONNX's LSTM, GRU or RNN operators.
 * </ul>
 * Outputs, named as skl2onnx names them: {@code label} ({@code [N]}, the class name as a string, or
 * the value for regression) and, for classifiers, {@code probabilities} ({@code [N, classes]}).
 * A sparse-linear model of hashed words and n-grams (tokenised and hashed by this library: no ONNX
 * operator does that) is refused with a message saying so.
 *
 * <pre>{@code
 * OnnxExport.write(Path.of("runs/churn"), Path.of("churn.onnx"));
 * }</pre>
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /**
     * Exports the model folder {@code dir} to {@code file}, which appears only once complete (a
     * failure leaves no file, or the previous one).
     *
     * @throws IOException the folder does not load, or the file cannot be written
     * @throws IllegalArgumentException the model cannot be exported, saying what is missing
     */
    public static void write(Path dir, Path file) throws IOException {
        byte[] bytes = toOnnx(TrainedModel.load(dir));
        AtomicFile.write(file, tmp -> Files.write(tmp, bytes));
    }

    /** The model as ONNX bytes (a serialised {@code ModelProto}). */
    public static byte[] toOnnx(TrainedModel m) {
        ModelDescription d = m.description();
        Graph g = new Graph("adagrad4j " + d.kind().id());
        boolean tokens = d.kind() == ModelDescription.Kind.SEQUENCE_CLASSIFIER && m.table() == null;
        String logits = tokens ? recurrent(g, (SequenceClassifier) m.network(), d.model())
                : switch (d.kind()) {
                    case NETWORK -> network(g, m.network(), features(g, m));
                    case SPARSE_LINEAR -> sparseLinear(g, (SparseLinear) m.network(), features(g, m));
                    default -> throw new IllegalArgumentException("a " + d.kind().id() + " model cannot be exported "
                            + "yet; exported models are networks (mlp, cnn, linear), sparse-linear models and "
                            + "recurrent text classifiers");
                };
        outputs(g, m, logits);
        return g.model(TrainedModel.LIBRARY_VERSION, "Exported by adagrad4j from " + m.folder() + ". Inputs: "
                + (tokens ? "tokens [N, T] (int64 token ids as adagrad4j's TokenHashing gives them, padded) and "
                        + "lengths [N] (int32)" : "what adagrad4j predict takes") + "; outputs: label"
                + (m.classification() ? " and probabilities" : " (the value)")).toByteArray();
    }

    /** The graph's inputs, and what predict does to them: the network's input {@code [N, features]}. */
    private static String features(Graph g, TrainedModel m) {
        Map<String, Object> input = m.description().input();
        String kind = JsonFields.string(input, "kind");
        return switch (kind) {
            case "table" -> table(g, m.table(), input);
            case "dense" -> dense(g, input);
            // A model learn wrote takes the hashed buckets: no ONNX operator parses and hashes a VW line.
            case "libsvm", "hashed-features" -> g.input("features", DataType.FLOAT, -1, JsonFields.integer(input,
                    "features", 1, Integer.MAX_VALUE));
            case "hashed-text", "hashed-token-sequence" -> throw new IllegalArgumentException("this model takes "
                    + "text, which adagrad4j tokenises and hashes into features (MurmurHash3 of words and n-grams); "
                    + "ONNX has no operator that does that, so the model cannot be exported. Exported models are "
                    + "networks (mlp, cnn, linear) on CSV tables and dense features, sparse-linear on LIBSVM rows, "
                    + "and recurrent text classifiers (on token ids)");
            default -> throw new IllegalArgumentException("input kind '" + kind + "' cannot be exported");
        };
    }

    /** {@code x W + b}: the weight is {@code [features, outputs]}. */
    private static String sparseLinear(Graph g, SparseLinear s, String x) {
        int[] shape = s.weight().shape();
        return g.op("Gemm", x, g.floats("weight", s.weight().data(), shape[0], shape[1]),
                g.floats("bias", s.parameters().get(1).data(), shape[1]));
    }

    // ---- inputs ---------------------------------------------------------------------------------

    /** One input per used column, encoded as {@link TableEncoder} does, concatenated: {@code [N, features]}. */
    private static String table(Graph g, TableEncoder encoder, Map<String, Object> input) {
        if (!encoder.textColumns().isEmpty()) {
            throw new IllegalArgumentException("this model reads the text columns " + encoder.textColumns() + ", which "
                    + "adagrad4j tokenises and hashes; ONNX has no operator that does that, so the model cannot be "
                    + "exported");
        }
        List<String> parts = new ArrayList<>();
        for (Object o : JsonFields.list(input, "columns")) {
            Map<?, ?> c = (Map<?, ?>) o;
            String name = JsonFields.string(c, "name");
            switch (JsonFields.string(c, "type")) {
                case "numeric" -> parts.add(numeric(g, name, c));
                case "categorical" -> parts.add(categorical(g, name, c));
                default -> {
                    // ignored: not an input, as predict does not read it
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : g.op("Concat", Map.of("axis", 1L), parts.toArray(new String[0]));
    }

    /** {@code (x - center) / scale} after NaN becomes the fill (unless the column refuses missing cells: NaN stays). */
    private static String numeric(Graph g, String name, Map<?, ?> c) {
        String x = g.input(name, DataType.FLOAT, -1, 1);
        if (!JsonFields.string(c, "missing").equals("error")) {
            x = g.op(Graph.ML, "Imputer", Map.of("imputed_value_floats", new float[] {(float) JsonFields.finite(c,
                    "fill")}, "replaced_value_float", Float.NaN), x);
        }
        return g.op(Graph.ML, "Scaler", Map.of("offset", new float[] {(float) JsonFields.finite(c, "center")}, "scale",
                new float[] {(float) (1 / JsonFields.finite(c, "scale"))}), x);
    }

    /**
     * The one-hot slots of a categorical column: its categories, then the hashed tail (or one
     * "other" slot) for values training never saw, then "missing" for the missing-value words
     * (matched case-insensitively, as {@link TableEncoder#MISSING} are).
     */
    private static String categorical(Graph g, String name, Map<?, ?> c) {
        List<String> categories = new ArrayList<>();
        for (Object v : JsonFields.list(c, "categories")) {
            categories.add(String.valueOf(v));
        }
        int tail = (int) JsonFields.integer(c, "hashed_slots", 0, 1 << 16);
        int k = categories.size();
        String x = g.input(name, DataType.STRING, -1, 1);
        // One lookup: each category to its slot, each spelling of a missing-value word to the missing slot,
        // anything else to -1. Every upper/lower-case spelling is listed, as the encoder compares the words
        // case-insensitively (StringNormalizer would need a locale the runtime may not have).
        long missingSlot = k + Math.max(tail, 1);
        long width = missingSlot + 1;
        List<String> keys = new ArrayList<>(categories);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            values.add((long) i);
        }
        for (String w : TableEncoder.MISSING) {
            for (String spelling : spellings(w.toLowerCase(Locale.ROOT))) {
                if (!keys.contains(spelling)) {
                    keys.add(spelling);
                    values.add(missingSlot);
                }
            }
        }
        long[] slots = values.stream().mapToLong(Long::longValue).toArray();
        String known = g.op(Graph.ML, "LabelEncoder", Map.of("keys_strings", keys, "values_int64s", slots,
                "default_int64", -1L), x);
        String other;
        if (tail > 0) {
            // The value's MurmurHash3 (seed 0, signed), floor-modulo the tail: as TableEncoder hashes it.
            String hash = g.op(Graph.MICROSOFT, "MurmurHash3", Map.of("seed", 0L, "positive", 0L), x);
            other = g.op("Add", g.scalar("k", k), g.op("Mod", g.op("Cast", Map.of("to", (long) DataType.INT64
                    .getNumber()), hash), g.scalar("tail", tail)));
        } else {
            other = g.scalar("other", k);
        }
        String slot = g.op("Where", g.op("GreaterOrEqual", known, g.scalar("zero", 0)), known, other);
        String hot = g.op("OneHot", Map.of("axis", -1L), slot, g.scalar("depth", width), g.floats("off_on",
                new float[] {0, 1}, 2));
        return g.op("Reshape", hot, g.longs("rows", new long[] {-1, width}, 2));
    }

    /** Every upper/lower-case spelling of a word: {@code na, nA, Na, NA}. */
    private static List<String> spellings(String word) {
        List<String> out = new ArrayList<>(List.of(""));
        for (char ch : word.toCharArray()) {
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                next.add(prefix + ch);
                char up = Character.toUpperCase(ch);
                if (up != ch) {
                    next.add(prefix + up);
                }
            }
            out = next;
        }
        return out;
    }

    /** {@code features} {@code [N, F]} as predict reads them, standardised as in training. */
    private static String dense(Graph g, Map<String, Object> input) {
        int f = (int) JsonFields.integer(input, "features", 1, Integer.MAX_VALUE);
        String x = g.input("features", DataType.FLOAT, -1, f);
        if (input.get("standardize") instanceof Map<?, ?> s) {
            double[] mean = JsonFields.numbers(s, "mean", f);
            double[] scale = JsonFields.numbers(s, "scale", f);
            float[] m = new float[f];
            float[] sd = new float[f];
            for (int j = 0; j < f; j++) {
                m[j] = (float) mean[j];
                sd[j] = (float) scale[j];
            }
            x = g.op("Div", g.op("Sub", x, g.floats("mean", m, 1, f)), g.floats("scale", sd, 1, f));
        }
        return x;
    }

    // ---- networks -------------------------------------------------------------------------------

    /** The layers of an mlp, cnn or linear network as ONNX nodes, weights as initializers. */
    private static String network(Graph g, Module network, String x) {
        if (!(network instanceof Sequential seq)) {
            throw new IllegalArgumentException("a " + network.getClass().getSimpleName() + " network cannot be exported");
        }
        int[] shape = seq.inputShape();
        if (shape != null && shape.length > 1) {
            long[] full = new long[shape.length + 1];
            full[0] = -1;
            for (int i = 0; i < shape.length; i++) {
                full[i + 1] = shape[i];
            }
            x = g.op("Reshape", x, g.longs("shape", full, full.length));
        }
        for (Module layer : seq.layers()) {
            String name = layer.toString();
            if (layer instanceof Dense dense) {
                x = g.op("Gemm", Map.of("transB", 1L), x, weights(g, dense.weight()), weights(g, dense.bias()));
            } else if (layer instanceof Conv2d conv) {
                int[] w = conv.weight().shape();
                long p = conv.padding();
                x = g.op("Conv", Map.of("kernel_shape", new long[] {w[2], w[3]}, "strides", new long[] {conv.stride(),
                        conv.stride()}, "pads", new long[] {p, p, p, p}), x, weights(g, conv.weight()), weights(g,
                        conv.bias()));
            } else if (name.equals("relu")) {
                x = g.op("Relu", x);
            } else if (name.equals("sigmoid")) {
                x = g.op("Sigmoid", x);
            } else if (name.equals("tanh")) {
                x = g.op("Tanh", x);
            } else if (name.equals("flatten")) {
                x = g.op("Flatten", Map.of("axis", 1L), x);
            } else if (name.startsWith("maxPool2d(")) {
                String[] a = name.substring(10, name.length() - 1).split(", stride ");
                long k = Long.parseLong(a[0]);
                long s = a.length > 1 ? Long.parseLong(a[1]) : k;
                x = g.op("MaxPool", Map.of("kernel_shape", new long[] {k, k}, "strides", new long[] {s, s}), x);
            } else if (layer.getClass().getSimpleName().equals("Dropout")) {
                continue;   // the identity at inference
            } else {
                throw new IllegalArgumentException("layer '" + name + "' cannot be exported");
            }
        }
        return x;
    }

    /**
     * A recurrent text classifier on token ids: {@code tokens} {@code [N, T]} (int64, padded with
     * any id past a sequence's end) and {@code lengths} {@code [N]} (int32); the embedding, ONNX's
     * LSTM/GRU/RNN operators layer by layer (PyTorch's gate blocks reordered to ONNX's: LSTM ifgo to
     * iofc, GRU rzn to zrh with {@code linear_before_reset}), the pooling (the mean over each
     * sequence's own steps, or the final states) and the head. Returns the logits.
     */
    private static String recurrent(Graph g, SequenceClassifier net, Map<String, Object> model) {
        Map<String, Parameter> p = new java.util.HashMap<>();
        for (Parameter q : net.parameters()) {
            p.put(q.name(), q);
        }
        String cell = JsonFields.string(model, "cell");
        int hidden = (int) JsonFields.integer(model, "hidden", 1, 1 << 16);
        int layers = (int) JsonFields.integer(model, "layers", 1, 1 << 10);
        boolean bi = JsonFields.bool(model, "bidirectional");
        int dirs = bi ? 2 : 1;
        String prefix = cell.startsWith("rnn") ? "rnn" : cell;
        String tokens = g.input("tokens", DataType.INT64, -1, -1);
        String lengths = g.input("lengths", DataType.INT32, -1);
        String x = g.op("Transpose", Map.of("perm", new long[] {1, 0, 2}), g.op("Gather", weights(g,
                p.get("embed.weight")), tokens));   // [T, N, E]
        int[] order = switch (cell) {
            case "lstm" -> new int[] {0, 3, 1, 2};
            case "gru" -> new int[] {1, 0, 2};
            default -> new int[] {0};
        };
        String op = switch (cell) {
            case "lstm" -> "LSTM";
            case "gru" -> "GRU";
            default -> "RNN";
        };
        String finalStates = null;
        for (int l = 0; l < layers; l++) {
            List<float[]> w = new ArrayList<>();
            List<float[]> r = new ArrayList<>();
            List<float[]> b = new ArrayList<>();
            int in = 0;
            for (int dir = 0; dir < dirs; dir++) {
                String suffix = "_l" + l + (dir == 1 ? "_reverse" : "");
                Parameter wih = p.get(prefix + ".weight_ih" + suffix);
                in = wih.shape()[1];
                w.add(blocks(wih.data(), order));
                r.add(blocks(p.get(prefix + ".weight_hh" + suffix).data(), order));
                float[] bih = blocks(p.get(prefix + ".bias_ih" + suffix).data(), order);
                float[] bhh = blocks(p.get(prefix + ".bias_hh" + suffix).data(), order);
                float[] both = java.util.Arrays.copyOf(bih, bih.length + bhh.length);
                System.arraycopy(bhh, 0, both, bih.length, bhh.length);
                b.add(both);
            }
            int gates = order.length * hidden;
            Map<String, Object> attrs = new java.util.HashMap<>(Map.of("hidden_size", (long) hidden, "direction",
                    bi ? "bidirectional" : "forward"));
            if (cell.equals("gru")) {
                attrs.put("linear_before_reset", 1L);
            } else if (cell.startsWith("rnn")) {
                String act = cell.equals("rnn_relu") ? "Relu" : "Tanh";
                attrs.put("activations", bi ? List.of(act, act) : List.of(act));
            }
            String y = g.name("y");
            finalStates = g.name("y_h");
            g.node("", op, attrs, new String[] {x, g.floats("w", concat(w), dirs, gates, in), g.floats("r", concat(r),
                    dirs, gates, hidden), g.floats("b", concat(b), dirs, 2L * gates), lengths}, y, finalStates);
            // Y [T, dirs, N, H] -> [T, N, dirs * H], the next layer's input
            x = g.op("Reshape", g.op("Transpose", Map.of("perm", new long[] {0, 2, 1, 3}), y), g.longs("tn",
                    new long[] {0, 0, -1}, 3));
        }
        String pooled;
        if (JsonFields.string(model, "pooling").equals("mean")) {
            // Steps past a sequence's end come out as zeros: the sum over time is the sum over its own steps.
            String sum = g.op("ReduceSum", Map.of("keepdims", 0L), x, g.longs("time", new long[] {0}, 1));
            String n = g.op("Unsqueeze", g.op("Cast", Map.of("to", (long) DataType.FLOAT.getNumber()), lengths),
                    g.longs("axis1", new long[] {1}, 1));
            pooled = g.op("Div", sum, n);
        } else {
            // The last layer's final states [dirs, N, H] -> [N, dirs * H]: forward after the end, backward after the start.
            pooled = g.op("Reshape", g.op("Transpose", Map.of("perm", new long[] {1, 0, 2}), finalStates),
                    g.longs("n_flat", new long[] {0, -1}, 2));
        }
        return g.op("Gemm", Map.of("transB", 1L), pooled, weights(g, p.get("head.weight")), weights(g,
                p.get("head.bias")));
    }

    /** A gate-stacked weight matrix or bias (row-major) with its equal row blocks in {@code order}. */
    private static float[] blocks(float[] a, int[] order) {
        int block = a.length / order.length;
        float[] out = new float[a.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(a, order[k] * block, out, k * block, block);
        }
        return out;
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] a : parts) {
            n += a.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private static String weights(Graph g, Parameter p) {
        int[] s = p.shape();
        long[] dims = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = s[i];
        }
        return g.floats(p.name(), p.data(), dims);
    }

    // ---- outputs --------------------------------------------------------------------------------

    /** {@code label} and {@code probabilities} from a classifier's logits; {@code label} as the value for regression. */
    private static void outputs(Graph g, TrainedModel m, String logits) {
        if (!m.classification()) {
            TargetScaler t = m.description().targetScaling();
            String v = logits;
            if (t != null) {
                v = g.op("Add", g.op("Mul", v, g.floats("target_scale", new float[] {(float) t.scale()[0]}, 1)),
                        g.floats("target_mean", new float[] {(float) t.mean()[0]}, 1));
            }
            g.node("", "Reshape", Map.of(), new String[] {v, g.longs("n", new long[] {-1}, 1)}, "label");
            g.output("label", DataType.FLOAT, -1);
            return;
        }
        int classes = m.classes().size();
        if (m.logistic()) {
            String p = g.op("Sigmoid", logits);
            g.node("", "Concat", Map.of("axis", 1L), new String[] {g.op("Sub", g.floats("one", new float[] {1}, 1), p),
                    p}, "probabilities");
        } else {
            g.node("", "Softmax", Map.of("axis", 1L), new String[] {logits}, "probabilities");
        }
        String best = g.op("ArgMax", Map.of("axis", 1L, "keepdims", 0L), "probabilities");
        g.node("", "Gather", Map.of(), new String[] {g.strings("classes", m.classes()), best}, "label");
        g.output("label", DataType.STRING, -1);
        g.output("probabilities", DataType.FLOAT, -1, classes);
    }

}
