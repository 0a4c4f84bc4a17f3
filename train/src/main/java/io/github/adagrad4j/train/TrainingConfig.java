package io.github.adagrad4j.train;

import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.optim.GradientClipping;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run, every setting typed and checked: the data and how it is read, the model, the
 * update rule and the executor's options, the loop, the split, the output. Every path (dense
 * networks, sparse-linear, recurrent classifiers, language models) is built from it, and every
 * model folder records it ({@code training.config} in model.json) as the flat JSON object
 * {@link #toJson()} writes and {@link #fromJson} reads, its keys the {@code train} command's
 * options: a folder's run can be run again from it.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().data("digits").model("mlp:128").optimizer("adagrad")
 *         .optimizerOption("lr", "0.05").epochs(20).output(Path.of("runs/digits")).build();
 * Recipe.of(c).run(out);
 * }</pre>
 *
 * @param optimizerOptions the rule's own options as {@link Rules#create} takes them ({@code lr}, {@code momentum}...)
 * @param schedule a learning-rate schedule spec ({@code constant}, {@code cosine:5000}...), as {@link #schedule()} parses it
 * @param task classification, regression or lm; null: by data set (boston: regression; else classification)
 */
public record TrainingConfig(String data, String labelColumn, boolean header, String task, String model,
        Integer hashBits, int seqLen, String optimizer, Map<String, String> optimizerOptions, String schedule,
        Double clipNorm, Double clipValue, Integer threads, NonFinitePolicy nonFinite, int epochs, int batchSize,
        long seed, Long splitSeed, double testSplit, double validationSplit, int folds, int fold, String testData, String validationData, int trainLimit,
        Boolean standardize, boolean targetScaling, Integer earlyStopping, List<String> categorical,
        List<String> ignoreColumns, List<String> textColumns, int maxCategories, TableOptions.MissingPolicy missing,
        Character delimiter, Path output, boolean resume, boolean report, Path tensorboard) {

    public TrainingConfig {
        if (data == null || data.isBlank()) {
            throw new ParameterException("data", String.valueOf(data), "a data set or file is required");
        }
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("seqLen", seqLen);
        positive("maxCategories", maxCategories);
        if (trainLimit < 0) {
            throw new ParameterException("trainLimit", String.valueOf(trainLimit), "must be >= 0 (0: every row)");
        }
        if (!(testSplit > 0 && testSplit < 1)) {
            throw new ParameterException("testSplit", String.valueOf(testSplit), "must be in (0, 1)");
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new ParameterException("validationSplit", String.valueOf(validationSplit), "must be in [0, 1)");
        }
        seedRange("seed", seed);
        if (splitSeed != null) {
            seedRange("splitSeed", splitSeed);
        }
        if (folds == 1 || folds < 0) {
            throw new ParameterException("folds", String.valueOf(folds), "must be 0 (no cross-validation) or >= 2");
        }
        if (folds > 0 && (fold < 0 || fold >= folds)) {
            throw new ParameterException("fold", String.valueOf(fold), "must be in [0, " + folds + ")");
        }
        if (folds == 0 && fold != 0) {
            throw new ParameterException("fold", String.valueOf(fold), "applies only with folds >= 2");
        }
        if (folds > 0 && (validationSplit > 0 || validationData != null)) {
            throw new ParameterException("folds", String.valueOf(folds), "the validation fold is the validation set: "
                    + "leave out validationSplit and validationData");
        }
        if (task != null && !List.of("classification", "regression", "lm").contains(task)) {
            throw new ParameterException("task", task, "expected classification, regression or lm");
        }
        if (hashBits != null && (hashBits < 1 || hashBits > 30)) {
            throw new ParameterException("hashBits", String.valueOf(hashBits), "must be in [1, 30]");
        }
        if (threads != null) {
            positive("threads", threads);
        }
        if (earlyStopping != null) {
            positive("earlyStopping", earlyStopping);
        }
        if (clipNorm != null && clipValue != null) {
            throw new ParameterException("clipValue", String.valueOf(clipValue), "give a clipping norm or a clipping "
                    + "value, not both");
        }
        optimizerOptions = Map.copyOf(new LinkedHashMap<>(optimizerOptions));
        categorical = List.copyOf(categorical);
        ignoreColumns = List.copyOf(ignoreColumns);
        textColumns = List.copyOf(textColumns);
        // The rule and the schedule are checked now, so a bad one is named before any data is read.
        try {
            Rules.create(optimizer, optimizerOptions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException("optimizer", optimizer, e.getMessage());
        }
        if (Rules.FILTERS.contains(optimizer)) {
            throw new ParameterException("optimizer", optimizer, "learns from one example of a linear model at a time, "
                    + "with its loss's curvature, not from gradients: the stream learner (learn) takes it; training "
                    + "takes " + String.join(", ", Rules.NAMES));
        }
        Schedules.parse(schedule);
    }

    private static void seedRange(String field, long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new ParameterException(field, String.valueOf(v), "must be in [0, 2^32), as NumPy's seeds are");
        }
    }

    private static void positive(String field, long v) {
        if (v < 1) {
            throw new ParameterException(field, String.valueOf(v), "must be >= 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.data = data;
        b.labelColumn = labelColumn;
        b.header = header;
        b.task = task;
        b.model = model;
        b.hashBits = hashBits;
        b.seqLen = seqLen;
        b.optimizer = optimizer;
        b.optimizerOptions.putAll(optimizerOptions);
        b.schedule = schedule;
        b.clipNorm = clipNorm;
        b.clipValue = clipValue;
        b.threads = threads;
        b.nonFinite = nonFinite;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.seed = seed;
        b.splitSeed = splitSeed;
        b.testSplit = testSplit;
        b.validationSplit = validationSplit;
        b.folds = folds;
        b.fold = fold;
        b.testData = testData;
        b.validationData = validationData;
        b.trainLimit = trainLimit;
        b.standardize = standardize;
        b.targetScaling = targetScaling;
        b.earlyStopping = earlyStopping;
        b.categorical = categorical;
        b.ignoreColumns = ignoreColumns;
        b.textColumns = textColumns;
        b.maxCategories = maxCategories;
        b.missing = missing;
        b.delimiter = delimiter;
        b.output = output;
        b.resume = resume;
        b.report = report;
        b.tensorboard = tensorboard;
        return b;
    }

    // ---- what the paths use --------------------------------------------------------------------

    /** The seed of the test split (and the folds): {@code splitSeed} if set, else {@code seed}. */
    public long splitSeedOrSeed() {
        return splitSeed != null ? splitSeed : seed;
    }

    /** The output folder, which a run needs. */
    public Path requireOutput() {
        if (output == null) {
            throw new ParameterException("output", "null", "a run needs an output folder");
        }
        return output;
    }

    /** Refuses cross-validation folds on {@code path}, which trains one model on one split. */
    public void refuseFolds(String path) {
        if (folds > 0) {
            throw new ParameterException("folds", String.valueOf(folds), "cross-validation folds apply to dense "
                    + "networks; " + path + " takes a validation split");
        }
    }

    /** The task, or the data set's own when none is set (boston: regression; else classification). */
    public String taskOrDefault() {
        return task != null ? task : data.equals("boston") ? "regression" : "classification";
    }

    /** The update rule. */
    public UpdateRule rule() {
        return Rules.create(optimizer, optimizerOptions);
    }

    /** The executor's options: schedule, clipping (or {@code defaultClipNorm} when none is set, if > 0), threads, policy. */
    public OptimizerOptions executorOptions(double defaultClipNorm, Integer defaultThreads) {
        OptimizerOptions.Builder b = OptimizerOptions.builder().schedule(Schedules.parse(schedule)).nonFinite(nonFinite);
        Integer t = threads != null ? threads : defaultThreads;
        if (t != null) {
            b.threads(t);
        }
        if (clipNorm != null) {
            b.clipping(GradientClipping.globalNorm(clipNorm));
        } else if (clipValue != null) {
            b.clipping(GradientClipping.value(clipValue));
        } else if (defaultClipNorm > 0) {
            b.clipping(GradientClipping.globalNorm(defaultClipNorm));
        }
        return b.build();
    }

    /** How a CSV is read. */
    public TableOptions tableOptions(boolean classification) {
        TableOptions.Builder o = TableOptions.builder().header(header).delimiter(delimiter)
                .classification(classification).categorical(categorical).ignore(ignoreColumns).text(textColumns)
                .maxCategories(maxCategories).missing(missing).standardize(standardize == null || standardize);
        if (labelColumn != null) {
            o.labelColumn(labelColumn);
        }
        return o.build();
    }

    // ---- JSON ------------------------------------------------------------------------------------

    /**
     * The settings as a flat JSON object whose keys are the {@code train} command's options (the
     * rule's own options among them). The data, model, rule, loop and split are always written;
     * other settings only where they differ from their defaults, so that the object holds only
     * what applies to its model's path (a dense network's object has no {@code seq-len}).
     */
    public Map<String, Object> toJson() {
        Builder d = new Builder();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        put(m, "label-column", labelColumn);
        if (!header) {
            m.put("no-header", true);
        }
        put(m, "task", task);
        m.put("model", model);
        put(m, "hash-bits", hashBits);
        if (seqLen != d.seqLen) {
            m.put("seq-len", seqLen);
        }
        m.put("optimizer", optimizer);
        optimizerOptions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.put(e.getKey(),
                e.getValue()));
        m.put("schedule", schedule);
        put(m, "clip-norm", clipNorm);
        put(m, "clip-value", clipValue);
        put(m, "threads", threads);
        m.put("non-finite", nonFinite.name());
        m.put("epochs", epochs);
        m.put("batch-size", batchSize);
        m.put("seed", seed);
        put(m, "split-seed", splitSeed);
        m.put("test-split", testSplit);
        if (folds != d.folds) {
            m.put("folds", folds);
            m.put("fold", fold);
        }
        if (validationSplit != d.validationSplit) {
            m.put("validation-split", validationSplit);
        }
        put(m, "test-data", testData);
        put(m, "validation-data", validationData);
        if (trainLimit != d.trainLimit) {
            m.put("train-limit", trainLimit);
        }
        put(m, "standardize", standardize);
        if (!targetScaling) {
            m.put("target-scaling", "none");
        }
        put(m, "early-stopping", earlyStopping);
        putList(m, "categorical", categorical);
        putList(m, "ignore-columns", ignoreColumns);
        putList(m, "text-columns", textColumns);
        if (maxCategories != d.maxCategories) {
            m.put("max-categories", maxCategories);
        }
        if (missing != d.missing) {
            m.put("missing", missing.name().toLowerCase(Locale.ROOT));
        }
        put(m, "delimiter", delimiter == null ? null : delimiter == '\t' ? "tab" : delimiter.toString());
        put(m, "output", output == null ? null : output.toString());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<String> v) {
        if (!v.isEmpty()) {
            m.put(key, String.join(",", v));
        }
    }

    /**
     * Reads {@link #toJson()}'s object (a config file, or a model folder's {@code training.config}).
     *
     * @throws ParameterException naming the key that is unknown or of the wrong kind
     */
    public static TrainingConfig fromJson(Map<?, ?> m) {
        Builder b = builder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            String s = v instanceof String str ? str : String.valueOf(v);
            try {
                switch (key) {
                    case "data" -> b.data(s);
                    case "label-column" -> b.labelColumn(s);
                    case "no-header" -> b.header(!Boolean.parseBoolean(s));
                    case "task" -> b.task(s);
                    case "model" -> b.model(s);
                    case "hash-bits" -> b.hashBits(Integer.parseInt(s));
                    case "seq-len" -> b.seqLen(Integer.parseInt(s));
                    case "optimizer" -> b.optimizer(s);
                    case "schedule" -> b.schedule(s);
                    case "clip-norm" -> b.clipNorm(Double.parseDouble(s));
                    case "clip-value" -> b.clipValue(Double.parseDouble(s));
                    case "threads" -> b.threads(Integer.parseInt(s));
                    case "non-finite" -> b.nonFinite(NonFinitePolicy.valueOf(s.toUpperCase(Locale.ROOT)));
                    case "epochs" -> b.epochs(Integer.parseInt(s));
                    case "batch-size" -> b.batchSize(Integer.parseInt(s));
                    case "seed" -> b.seed(Long.parseLong(s));
                    case "split-seed" -> b.splitSeed(Long.parseLong(s));
                    case "folds" -> b.folds(Integer.parseInt(s));
                    case "fold" -> b.fold(Integer.parseInt(s));
                    case "test-split" -> b.testSplit(Double.parseDouble(s));
                    case "validation-split" -> b.validationSplit(Double.parseDouble(s));
                    case "test-data" -> b.testData(s);
                    case "validation-data" -> b.validationData(s);
                    case "train-limit" -> b.trainLimit(Integer.parseInt(s));
                    case "standardize" -> b.standardize(Boolean.parseBoolean(s));
                    case "target-scaling" -> b.targetScaling(targetScaling(s));
                    case "early-stopping" -> b.earlyStopping(Integer.parseInt(s));
                    case "categorical" -> b.categorical(columns(s));
                    case "ignore-columns" -> b.ignoreColumns(columns(s));
                    case "text-columns" -> b.textColumns(columns(s));
                    case "max-categories" -> b.maxCategories(Integer.parseInt(s));
                    case "missing" -> b.missing(missing(s));
                    case "delimiter" -> b.delimiter(delimiter(s));
                    case "output" -> b.output(Path.of(s));
                    default -> {
                        if (!allRuleOptions().contains(key)) {
                            throw new ParameterException(camel(key), s, "is not a training setting");
                        }
                        b.optimizerOption(key, s);
                    }
                }
            } catch (NumberFormatException ex) {
                throw new ParameterException(camel(key), s, "expected a number");
            }
        }
        return b.build();
    }

    /** Every option any rule takes. */
    private static List<String> allRuleOptions() {
        List<String> all = new ArrayList<>();
        for (String r : Rules.NAMES) {
            all.addAll(Rules.options(r));
        }
        return all;
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : kebab.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private static List<String> columns(String s) {
        List<String> out = new ArrayList<>();
        for (String c : s.split(",")) {
            if (!c.isBlank()) {
                out.add(c.trim());
            }
        }
        return out;
    }

    /** {@code standard} or {@code none}. */
    public static boolean targetScaling(String s) {
        return switch (s) {
            case "standard" -> true;
            case "none" -> false;
            default -> throw new ParameterException("targetScaling", s, "expected standard or none");
        };
    }

    /** {@code error}, {@code mean}, {@code median} or {@code zero}. */
    public static TableOptions.MissingPolicy missing(String s) {
        try {
            return TableOptions.MissingPolicy.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException("missing", s, "expected error, mean, median or zero");
        }
    }

    /** One character, or {@code tab}; null stays null (sniffed). */
    public static Character delimiter(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "tab", "\\t", "\t" -> '\t';
            default -> {
                if (s.length() != 1) {
                    throw new ParameterException("delimiter", s, "expected one character or 'tab'");
                }
                yield s.charAt(0);
            }
        };
    }

    /** Builds a {@link TrainingConfig}; defaults are the {@code train} command's. */
    public static final class Builder {
        private String data;
        private String labelColumn;
        private boolean header = true;
        private String task;
        private String model = "mlp:128";
        private Integer hashBits;
        private int seqLen = 100;
        private String optimizer = "adagrad";
        private final Map<String, String> optimizerOptions = new LinkedHashMap<>();
        private String schedule = "constant";
        private Double clipNorm;
        private Double clipValue;
        private Integer threads;
        private NonFinitePolicy nonFinite = NonFinitePolicy.THROW;
        private int epochs = 10;
        private int batchSize = 32;
        private long seed = 42;
        private Long splitSeed;
        private double testSplit = 0.2;
        private double validationSplit;
        private int folds;
        private int fold;
        private String testData;
        private String validationData;
        private int trainLimit;
        private Boolean standardize;
        private boolean targetScaling = true;
        private Integer earlyStopping;
        private List<String> categorical = List.of();
        private List<String> ignoreColumns = List.of();
        private List<String> textColumns = List.of();
        private int maxCategories = TableOptions.DEFAULT_MAX_CATEGORIES;
        private TableOptions.MissingPolicy missing = TableOptions.MissingPolicy.MEAN;
        private Character delimiter;
        private Path output;
        private boolean resume;
        private boolean report;
        private Path tensorboard;

        public Builder data(String v) { data = v; return this; }
        public Builder labelColumn(String v) { labelColumn = v; return this; }
        public Builder header(boolean v) { header = v; return this; }
        public Builder task(String v) { task = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder hashBits(Integer v) { hashBits = v; return this; }
        public Builder seqLen(int v) { seqLen = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        /** One of the rule's own options ({@code lr}, {@code momentum}...), as {@link Rules#create} takes it. */
        public Builder optimizerOption(String k, String v) { optimizerOptions.put(k, v); return this; }
        public Builder optimizerOptions(Map<String, String> v) { optimizerOptions.clear(); optimizerOptions.putAll(v); return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder clipNorm(Double v) { clipNorm = v; return this; }
        public Builder clipValue(Double v) { clipValue = v; return this; }
        public Builder threads(Integer v) { threads = v; return this; }
        public Builder nonFinite(NonFinitePolicy v) { nonFinite = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** Seeds the test split and the folds only, so that {@code seed} varies the initialisation alone; null: seed. */
        public Builder splitSeed(Long v) { splitSeed = v; return this; }
        /**
         * Cross-validation: with {@code folds} K >= 2 the training part is cut into K folds (a seeded
         * shuffle, then contiguous blocks, as scikit-learn's {@code KFold(shuffle=True)}); fold
         * {@code fold} is the validation set and the others are trained on.
         */
        public Builder folds(int k, int fold) { folds = k; this.fold = fold; return this; }
        private Builder folds(int k) { folds = k; return this; }
        private Builder fold(int i) { fold = i; return this; }
        public Builder testSplit(double v) { testSplit = v; return this; }
        public Builder validationSplit(double v) { validationSplit = v; return this; }
        public Builder testData(String v) { testData = v; return this; }
        public Builder validationData(String v) { validationData = v; return this; }
        public Builder trainLimit(int v) { trainLimit = v; return this; }
        public Builder standardize(Boolean v) { standardize = v; return this; }
        public Builder targetScaling(boolean v) { targetScaling = v; return this; }
        public Builder earlyStopping(Integer v) { earlyStopping = v; return this; }
        public Builder categorical(List<String> v) { categorical = v; return this; }
        public Builder ignoreColumns(List<String> v) { ignoreColumns = v; return this; }
        public Builder textColumns(List<String> v) { textColumns = v; return this; }
        public Builder maxCategories(int v) { maxCategories = v; return this; }
        public Builder missing(TableOptions.MissingPolicy v) { missing = v; return this; }
        public Builder delimiter(Character v) { delimiter = v; return this; }
        public Builder output(Path v) { output = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder report(boolean v) { report = v; return this; }
        /** A folder for TensorBoard event files, or null for none. */
        public Builder tensorboard(Path v) { tensorboard = v; return this; }

        /**
         * The configuration, checked.
         *
         * @throws ParameterException naming the first setting that is out of range or unknown
         */
        public TrainingConfig build() {
            return new TrainingConfig(data, labelColumn, header, task, model, hashBits, seqLen, optimizer,
                    optimizerOptions, schedule, clipNorm, clipValue, threads, nonFinite, epochs, batchSize, seed,
                    splitSeed, testSplit, validationSplit, folds, fold, testData, validationData, trainLimit, standardize, targetScaling,
                    earlyStopping, categorical, ignoreColumns, textColumns, maxCategories, missing, delimiter, output,
                    resume, report, tensorboard);
        }
    }
}
