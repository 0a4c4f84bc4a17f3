package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.TargetScaler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model folder's {@code model.json} says, typed: the one description every way of training
 * writes and every way of using a model reads ({@link ModelFolder} does both). Format
 * {@code adagrad4j-model/2}; folders of format {@code /1} are read and converted.
 *
 * <ul>
 *   <li>{@code task}: what the outputs mean ({@link Task});
 *   <li>{@code kind}: which network the weights belong to ({@link Kind}), with its fields in
 *       {@code model} (a network spec and input shape, a sparse dimension, a recurrent cell...);
 *   <li>{@code input}: how raw data becomes the network's input (a table encoder, standardised
 *       dense features, LIBSVM rows, hashed text or token sequences), read by {@link ModelInput};
 *   <li>{@code classes}, {@code target_scaling}: how outputs become answers;
 *   <li>{@code training}, {@code metrics}, {@code data}, {@code command}, {@code created}: how the
 *       model came about, for people and for re-running it.
 * </ul>
 *
 * <pre>{@code
 * ModelDescription d = ModelFolder.read(Path.of("runs/churn"));
 * System.out.println(d.task() + " " + d.kind() + " " + d.classes() + " " + d.metrics());
 * }</pre>
 *
 * @param version the folder's format version (1 or 2; this library writes 2)
 * @param library the library and version that wrote it
 * @param model the network's fields, by kind
 * @param input the input description, or an empty map for a language model
 * @param targetScaling a regression model's target standardisation, or null
 * @param training the resolved training configuration (optimizer, epochs, batch size, seed...)
 * @param metrics figures on the held-out data
 * @param provenance the data sources and row counts ({@code data}), the {@code command} line, when it was {@code created}
 */
public record ModelDescription(int version, String library, Task task, Kind kind, List<String> classes,
        Map<String, Object> model, Map<String, Object> input, TargetScaler targetScaling, Map<String, Object> training,
        Map<String, Object> metrics, Map<String, Object> provenance) {

    /** The format this library writes. */
    public static final String FORMAT = "adagrad4j-model/2";
    /** The format it still reads. */
    public static final String FORMAT_1 = "adagrad4j-model/1";

    /** What a model's outputs mean. */
    public enum Task {
        CLASSIFICATION, REGRESSION, LANGUAGE_MODEL;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Task fromId(String id) {
            for (Task t : values()) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("'task' should be classification, regression or language-model, found '"
                    + id + "'");
        }
    }

    /** Which network the weights are for. */
    public enum Kind {
        /** A {@code Models.parse} spec: {@code linear}, {@code mlp:...}, {@code cnn}. */
        NETWORK,
        /** Logistic or softmax regression on sparse rows. */
        SPARSE_LINEAR,
        /** Embedding, recurrent layers, pooling, a dense head: {@code nn.layers.SequenceClassifier}. */
        SEQUENCE_CLASSIFIER,
        /** A character-level recurrent language model ({@link CharLanguageModel}). */
        CHAR_LM;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'kind' should be network, sparse-linear, sequence-classifier or char-lm, "
                    + "found '" + id + "'");
        }
    }

    public ModelDescription {
        if (task == null || kind == null || model == null) {
            throw new IllegalArgumentException("a model description needs a task, a kind and a model");
        }
        classes = List.copyOf(classes == null ? List.of() : classes);
        if (task == Task.CLASSIFICATION && (classes.size() < 2 || classes.size() > ClassLabels.MAX_CLASSES)) {
            throw new IllegalArgumentException("'classes' should list 2 to " + ClassLabels.MAX_CLASSES + " classes, found "
                    + classes.size());
        }
        if (task != Task.CLASSIFICATION && !classes.isEmpty()) {
            throw new IllegalArgumentException("a " + task.id() + " model has no 'classes'");
        }
        if ((task == Task.LANGUAGE_MODEL) != (kind == Kind.CHAR_LM)) {
            throw new IllegalArgumentException("a " + kind.id() + " model cannot have task " + task.id());
        }
        if (targetScaling != null && task != Task.REGRESSION) {
            throw new IllegalArgumentException("'target_scaling' is for regression models, this is " + task.id());
        }
        model = copy(model);
        input = copy(input);
        training = copy(training);
        metrics = copy(metrics);
        provenance = copy(provenance);
        library = library == null ? "adagrad4j " + TrainedModel.LIBRARY_VERSION : library;
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /**
     * The {@code training} part of a run of {@code config}: the rule as it ran, the epochs it ran
     * (fewer than asked after early stopping), the batch size, the seed and the configuration
     * itself ({@code config}, which {@code train --config} runs again). Paths add their own keys.
     */
    public static Map<String, Object> training(TrainingConfig config, io.github.adagrad4j.optim.UpdateRule rule,
            int epochs) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimizer", rule.toString());
        t.put("epochs", epochs);
        t.put("batch_size", config.batchSize());
        t.put("seed", config.seed());
        t.put("config", config.toJson());
        return t;
    }

    /**
     * A description of a model being written now (format 2, this library).
     *
     * @param classes class names in output order (classification), else empty
     */
    public static ModelDescription of(Task task, Kind kind, List<String> classes, Map<String, Object> model,
            Map<String, Object> input) {
        return new ModelDescription(2, null, task, kind, classes, model, input, null, Map.of(), Map.of(), Map.of());
    }

    /**
     * A network of {@code Models.parse(spec, inputShape, outputs, seed)} being written now: a
     * classifier when {@code classes} names its outputs, a regression otherwise. This is how a
     * network trained in Java becomes a folder that {@code predict}, {@code evaluate} and
     * {@code info} read.
     *
     * <pre>{@code
     * ModelFolder.write(dir, net, ModelDescription.network("mlp:64", net, new int[] {64}, classes,
     *         TrainedModel.denseInput(64, null, null, "digits", 0.2, 42)));
     * }</pre>
     *
     * @param input how raw rows become the network's input (see {@link TrainedModel#denseInput})
     */
    public static ModelDescription network(String spec, io.github.adagrad4j.nn.Module network, int[] inputShape,
            List<String> classes, Map<String, Object> input) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        m.put("input_shape", inputShape.clone());
        m.put("outputs", classes.isEmpty() ? 1 : classes.size());
        m.put("parameters", network.parameterCount());
        return of(classes.isEmpty() ? Task.REGRESSION : Task.CLASSIFICATION, Kind.NETWORK, classes, m, input);
    }

    public ModelDescription withTargetScaling(TargetScaler t) {
        return new ModelDescription(version, library, task, kind, classes, model, input, t, training, metrics, provenance);
    }

    public ModelDescription withTraining(Map<String, Object> t) {
        return new ModelDescription(version, library, task, kind, classes, model, input, targetScaling, t, metrics,
                provenance);
    }

    /** Figures on held-out data; non-finite ones are left out (JSON has no NaN). */
    public ModelDescription withMetrics(Map<String, ?> m) {
        Map<String, Object> finite = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!(v instanceof Number n) || Double.isFinite(n.doubleValue())) {
                finite.put(k, v);
            }
        });
        return new ModelDescription(version, library, task, kind, classes, model, input, targetScaling, training, finite,
                provenance);
    }

    /** Adds {@code data}, {@code command} or {@code created}-style facts. */
    public ModelDescription withProvenance(String key, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        if (value != null) {
            p.put(key, value);
        }
        return new ModelDescription(version, library, task, kind, classes, model, input, targetScaling, training, metrics,
                p);
    }

    /** Whether the outputs are classes. */
    public boolean classification() {
        return task == Task.CLASSIFICATION;
    }

    // ---- JSON ------------------------------------------------------------------------------------

    /** The JSON object written to model.json (format 2, whatever version was read). */
    public Map<String, Object> toJson() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", FORMAT);
        d.put("library", "adagrad4j " + TrainedModel.LIBRARY_VERSION);
        d.put("task", task.id());
        d.put("kind", kind.id());
        if (task == Task.CLASSIFICATION) {
            d.put("classes", classes);
        }
        d.put("model", model);
        if (!input.isEmpty()) {
            d.put("input", input);
        }
        if (targetScaling != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("kind", "standard");
            t.put("mean", targetScaling.mean());
            t.put("scale", targetScaling.scale());
            d.put("target_scaling", t);
        }
        d.put("training", training);
        d.put("metrics", metrics);
        d.putAll(provenance);
        return d;
    }

    private static final List<String> PROVENANCE = List.of("data", "command", "created");

    /**
     * Reads a parsed model.json of format 1 or 2.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong, or the format
     */
    public static ModelDescription fromJson(Map<?, ?> d) {
        Object format = d.get("format");
        if (FORMAT.equals(format)) {
            return fromJson2(d);
        }
        if (FORMAT_1.equals(format)) {
            return fromJson1(d);
        }
        String by = d.get("library") instanceof String s ? " written by " + s : "";
        throw new IllegalArgumentException("model format " + (format == null ? "(none: 'format' is missing)" : format)
                + by + " cannot be read by adagrad4j " + TrainedModel.LIBRARY_VERSION + ", which reads " + FORMAT
                + " and " + FORMAT_1 + " (retrain, or use the version that wrote it)");
    }

    private static ModelDescription fromJson2(Map<?, ?> d) {
        Task task = Task.fromId(JsonFields.string(d, "task"));
        Kind kind = Kind.fromId(JsonFields.string(d, "kind"));
        List<String> classes = task == Task.CLASSIFICATION ? JsonFields.strings(d, "classes") : List.of();
        Map<String, Object> input = kind == Kind.CHAR_LM ? Map.of() : object(JsonFields.map(d, "input"));
        TargetScaler scaling = null;
        if (d.get("target_scaling") instanceof Map<?, ?> t) {
            scaling = targetScaler(t);
        } else if (d.containsKey("target_scaling")) {
            throw new IllegalArgumentException("'target_scaling' should be an object");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        for (String k : PROVENANCE) {
            if (d.containsKey(k)) {
                provenance.put(k, d.get(k));
            }
        }
        return new ModelDescription(2, JsonFields.string(d, "library"), task, kind, classes,
                object(JsonFields.map(d, "model")), input, scaling, object(JsonFields.map(d, "training")),
                object(JsonFields.map(d, "metrics")), provenance);
    }

    /**
     * Format 1: tasks classification, regression, sequence-classification (with its training facts
     * flat at the top) and language-model; the kind followed from the task and {@code model.spec}.
     */
    private static ModelDescription fromJson1(Map<?, ?> d) {
        String t = JsonFields.string(d, "task");
        Map<String, Object> model = object(JsonFields.map(d, "model"));
        Map<String, Object> training = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> provenance = new LinkedHashMap<>();
        Task task;
        Kind kind;
        switch (t) {
            case "classification", "regression" -> {
                task = Task.fromId(t);
                kind = "sparse-linear".equals(JsonFields.string(model, "spec")) ? Kind.SPARSE_LINEAR : Kind.NETWORK;
                if (d.get("training") instanceof Map<?, ?> m) {
                    training.putAll(object(m));
                }
                if (d.get("test_metrics") instanceof Map<?, ?> m) {
                    metrics.putAll(object(m));
                }
            }
            case "sequence-classification" -> {
                task = Task.CLASSIFICATION;
                kind = Kind.SEQUENCE_CLASSIFIER;
                for (String k : List.of("optimizer", "clip_norm", "epochs", "train_loss")) {
                    if (d.containsKey(k)) {
                        training.put(k, d.get(k));
                    }
                }
                if (d.containsKey("test_accuracy")) {
                    metrics.put("accuracy", d.get("test_accuracy"));
                }
            }
            case "language-model" -> {
                task = Task.LANGUAGE_MODEL;
                kind = Kind.CHAR_LM;
                // Folders written before GRU language models existed have no "cell": they are LSTMs.
                model.putIfAbsent("cell", "lstm");
                for (String k : List.of("optimizer", "steps")) {
                    if (d.containsKey(k)) {
                        training.put(k, d.get(k));
                    }
                }
                if (d.containsKey("validation_bits_per_char")) {
                    metrics.put("validation_bits_per_char", d.get("validation_bits_per_char"));
                }
            }
            default -> throw new IllegalArgumentException("'task' should be classification, regression, "
                    + "sequence-classification or language-model, found '" + t + "'");
        }
        for (String k : PROVENANCE) {
            if (d.containsKey(k)) {
                provenance.put(k, d.get(k));
            }
        }
        List<String> classes = task == Task.CLASSIFICATION ? JsonFields.strings(d, "classes") : List.of();
        Map<String, Object> input = kind == Kind.CHAR_LM ? Map.of() : object(JsonFields.map(d, "input"));
        String library = d.get("library") instanceof String s ? s : "adagrad4j (format 1)";
        return new ModelDescription(1, library, task, kind, classes, model, input, null, training, metrics, provenance);
    }

    private static TargetScaler targetScaler(Map<?, ?> t) {
        String kind = JsonFields.string(t, "kind");
        if (!kind.equals("standard")) {
            throw new IllegalArgumentException("'target_scaling.kind' should be standard, found '" + kind + "'");
        }
        int width = JsonFields.list(t, "mean").size();
        return new TargetScaler(JsonFields.numbers(t, "mean", width), JsonFields.numbers(t, "scale", width));
    }

    /** A JSON object with string keys, as written. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner) {
                v = object(inner);
            } else if (v instanceof List<?> l) {
                List<Object> copy = new ArrayList<>();
                for (Object o : l) {
                    copy.add(o instanceof Map<?, ?> im ? object(im) : o);
                }
                v = copy;
            }
            out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }
}
