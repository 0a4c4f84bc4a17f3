package io.github.adagrad4j.train;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Sequential;
import io.github.adagrad4j.optim.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What is inside a model folder, as Keras' {@code model.summary()} shows a model: the layers with
 * their output shapes and parameter counts, the inputs with their types, categories and scaling,
 * the classes, the metrics, the training configuration, the library that wrote it and the files'
 * SHA-256 checksums. The folder is loaded as {@code predict} loads it, so a summary that prints is
 * a folder that serves.
 *
 * <pre>{@code
 * ModelSummary s = ModelSummary.of(Path.of("runs/digits-adagrad"));
 * System.out.print(s.text());
 * Map<String, Object> json = s.toJson();
 * }</pre>
 *
 * @param layers the network's layers in order (for networks other than a plain stack of layers:
 *     its parameter groups, without output shapes)
 * @param inputs one line of facts per input column or input kind
 */
public record ModelSummary(Path folder, ModelDescription description, List<Layer> layers, long parameters,
        List<Input> inputs, Map<String, String> sha256) {

    /**
     * A layer: its name, type, output shape (with {@code -1} for the batch; null where unknown) and
     * parameter count.
     */
    public record Layer(String name, String type, int[] outputShape, long parameters) {
    }

    /** An input: a column (or the whole input of a non-table model) and what the model does with it. */
    public record Input(String name, String type, String details) {
    }

    /** Reads and loads the folder. */
    public static ModelSummary of(Path dir) throws IOException {
        ModelDescription d = ModelFolder.read(dir);
        Module network = d.kind() == ModelDescription.Kind.CHAR_LM ? CharLanguageModel.load(dir).network()
                : TrainedModel.load(dir).network();
        return new ModelSummary(dir, d, layers(network, d), network.parameterCount(), inputs(d), checksums(dir));
    }

    public ModelSummary {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        sha256 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    // ---- layers --------------------------------------------------------------------------------

    private static List<Layer> layers(Module network, ModelDescription d) {
        if (network instanceof Sequential seq && d.model().get("input_shape") instanceof List<?> shape) {
            return stack(seq, shape);
        }
        // Any other network: its parameters grouped by the module that owns them (the name before the last dot).
        Map<String, Long> groups = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            int dot = p.name().lastIndexOf('.');
            groups.merge(dot < 0 ? p.name() : p.name().substring(0, dot), (long) p.size(), Long::sum);
        }
        List<Layer> out = new ArrayList<>();
        groups.forEach((name, count) -> out.add(new Layer(name, "parameters", null, count)));
        return out;
    }

    /** A plain stack: one example of zeros through each layer in turn, its shape recorded after each. */
    private static List<Layer> stack(Sequential seq, List<?> inputShape) {
        int[] shape = new int[inputShape.size() + 1];
        shape[0] = 1;
        int size = 1;
        for (int i = 0; i < inputShape.size(); i++) {
            shape[i + 1] = ((Number) inputShape.get(i)).intValue();
            size *= shape[i + 1];
        }
        int[] reshaped = seq.inputShape();
        if (reshaped != null) {
            shape = new int[reshaped.length + 1];
            shape[0] = 1;
            System.arraycopy(reshaped, 0, shape, 1, reshaped.length);
        }
        Tensor x = Tensor.of(new float[size], shape);
        List<Layer> out = new ArrayList<>();
        List<Module> layers = seq.layers();
        seq.train(false);
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            x = m.forward(x);
            int[] s = x.shape().clone();
            s[0] = -1;
            out.add(new Layer(i + "", layerType(m), s, m.parameterCount()));
        }
        return out;
    }

    private static String layerType(Module m) {
        return m.getClass().getSimpleName();
    }

    // ---- inputs --------------------------------------------------------------------------------

    private static List<Input> inputs(ModelDescription d) {
        Map<String, Object> in = d.input();
        List<Input> out = new ArrayList<>();
        String kind = String.valueOf(in.get("kind"));
        if (d.kind() == ModelDescription.Kind.CHAR_LM) {
            Object vocab = d.model().get("vocabulary");
            out.add(new Input("text", "characters", (vocab instanceof String v ? v.length() : 0)
                    + " characters in the vocabulary, the others read as one unknown character"));
            return out;
        }
        switch (kind) {
            case "table" -> {
                for (Object o : (List<?>) in.get("columns")) {
                    Map<?, ?> c = (Map<?, ?>) o;
                    String type = String.valueOf(c.get("type"));
                    String details = switch (type) {
                        case "numeric" -> String.format(Locale.ROOT, "scaled (x - %s) / %s; missing: %s %s",
                                num(c.get("center")), num(c.get("scale")), c.get("missing"), num(c.get("fill")));
                        case "categorical" -> categories((List<?>) c.get("categories"), c.get("hashed_slots"));
                        default -> String.valueOf(c.get("reason"));
                    };
                    out.add(new Input(String.valueOf(c.get("name")), type, details));
                }
                Map<?, ?> label = (Map<?, ?>) in.get("label");
                out.add(new Input(String.valueOf(label.get("name")), "label", "column " + label.get("index")));
            }
            case "dense" -> out.add(new Input("features", "dense", in.get("features") + " numbers"
                    + (in.get("standardize") != null ? ", standardised with the training rows' mean and scale" : "")
                    + (in.get("source") != null ? "; as " + in.get("source") + " has them" : "")));
            case "libsvm" -> out.add(new Input("features", "sparse", "LIBSVM rows, indices up to " + in.get("features")));
            case "hashed-text" -> out.add(new Input("text", "hashed text", String.format(Locale.ROOT,
                    "%s-grams %s to %s hashed into 2^%s buckets, %s weighting%s", "word", in.get("ngram_min"),
                    in.get("ngram_max"), in.get("bits"), in.get("weighting"),
                    Boolean.TRUE.equals(in.get("normalize")) ? ", L2-normalised" : "")));
            case "hashed-token-sequence" -> out.add(new Input("text", "token sequence", "tokens hashed into 2^"
                    + in.get("bits") + " embedding rows, at most " + in.get("max_len") + " tokens"));
            default -> out.add(new Input("input", kind, in.toString()));
        }
        return out;
    }

    private static String categories(List<?> cats, Object hashed) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(5, cats.size()); i++) {
            String c = String.valueOf(cats.get(i));
            shown.add(c.contains(",") || c.isBlank() ? "'" + c + "'" : c);
        }
        return cats.size() + " categories (" + String.join(", ", shown) + (cats.size() > 5 ? ", ..." : "") + ")"
                + (hashed instanceof Number h && h.intValue() > 0 ? " + " + h + " hashed slots for the rest" : "");
    }

    private static String num(Object o) {
        return o instanceof Number n ? io.github.adagrad4j.train.report.Plots.number(n.doubleValue()) : String.valueOf(o);
    }

    // ---- files ---------------------------------------------------------------------------------

    private static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            out.put(f.getFileName().toString(), sha256(f));
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // ---- output --------------------------------------------------------------------------------

    /** The summary as JSON-ready maps and lists. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", folder.toString());
        m.put("format", description.version() == 1 ? ModelDescription.FORMAT_1 : ModelDescription.FORMAT);
        m.put("written_by", description.library());
        m.put("read_by", "adagrad4j " + TrainedModel.LIBRARY_VERSION);
        m.put("task", description.task().id());
        m.put("kind", description.kind().id());
        m.put("spec", description.model().get("spec"));
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", l.name());
            x.put("type", l.type());
            if (l.outputShape() != null) {
                List<Integer> shape = new ArrayList<>();
                for (int v : l.outputShape()) {
                    shape.add(v);
                }
                x.put("output_shape", shape);
            }
            x.put("parameters", l.parameters());
            ls.add(x);
        }
        m.put("layers", ls);
        m.put("parameters", parameters);
        List<Object> ins = new ArrayList<>();
        for (Input i : inputs) {
            ins.add(Map.of("name", i.name(), "type", i.type(), "details", i.details()));
        }
        m.put("inputs", ins);
        if (!description.classes().isEmpty()) {
            m.put("classes", description.classes());
        }
        if (description.targetScaling() != null) {
            m.put("target_scaling", description.toJson().get("target_scaling"));
        }
        m.put("metrics", description.metrics());
        m.put("training", description.training());
        m.putAll(description.provenance());
        m.put("sha256", sha256);
        return m;
    }

    /** The summary as a person reads it: a layer table, the inputs, then the facts one per line. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Model ").append(folder).append(": ").append(description.task().id()).append(", ")
                .append(description.kind().id());
        if (description.model().get("spec") != null) {
            b.append(" ").append(description.model().get("spec"));
        }
        b.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Layer", "Type", "Output shape", "Params"});
        for (Layer l : layers) {
            rows.add(new String[] {l.name(), l.type(), shape(l.outputShape()), String.format(Locale.ROOT, "%,d",
                    l.parameters())});
        }
        table(b, rows);
        b.append(String.format(Locale.ROOT, "Total parameters: %,d%n%n", parameters));
        rows = new ArrayList<>();
        rows.add(new String[] {"Input", "Type", "Details"});
        for (Input i : inputs) {
            rows.add(new String[] {i.name(), i.type(), i.details()});
        }
        table(b, rows);
        b.append('\n');
        if (!description.classes().isEmpty()) {
            line(b, "classes", String.join(", ", description.classes()));
        }
        if (description.targetScaling() != null) {
            line(b, "target scaling", String.valueOf(description.toJson().get("target_scaling")));
        }
        StringBuilder metrics = new StringBuilder();
        description.metrics().forEach((k, v) -> metrics.append(metrics.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(v instanceof Number n ? io.github.adagrad4j.train.report.Plots.number(n.doubleValue()) : v));
        line(b, "metrics", metrics.toString());
        Object config = description.training().get("config");
        if (config instanceof Map<?, ?> c) {
            StringBuilder t = new StringBuilder();
            c.forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            line(b, "training", t.toString());
        }
        if (description.training().get("optimizer") != null) {
            line(b, "optimizer", String.valueOf(description.training().get("optimizer")));
        }
        for (String k : List.of("data", "command", "created")) {
            Object v = description.provenance().get(k);
            if (v instanceof Map<?, ?> m) {
                StringBuilder t = new StringBuilder();
                m.forEach((x, y) -> t.append(t.length() == 0 ? "" : ", ").append(x).append('=').append(y));
                line(b, k, t.toString());
            } else if (v != null) {
                line(b, k, String.valueOf(v));
            }
        }
        line(b, "format", (description.version() == 1 ? ModelDescription.FORMAT_1 : ModelDescription.FORMAT)
                + ", written by " + description.library() + ", read by adagrad4j " + TrainedModel.LIBRARY_VERSION);
        b.append("sha256:\n");
        sha256.forEach((f, h) -> b.append("  ").append(h).append("  ").append(f).append('\n'));
        return b.toString();
    }

    private static String shape(int[] s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : ", ").append(s[i] < 0 ? "batch" : Integer.toString(s[i]));
        }
        return b.append(')').toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-15s %s%n", key + ":", value));
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < w.length; i++) {
                String cell = rows.get(k)[i];
                l.append(i == w.length - 1 ? cell : String.format("%-" + (w[i] + 2) + "s", cell));
            }
            b.append(l.toString().stripTrailing()).append('\n');
            if (k == 0) {
                b.append("-".repeat(Math.min(100, l.length()))).append('\n');
            }
        }
    }
}
