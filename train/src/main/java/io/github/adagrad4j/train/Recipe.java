package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.StandardScaler;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.train.Callback;
import io.github.adagrad4j.train.Callbacks;
import io.github.adagrad4j.train.FitOptions;
import io.github.adagrad4j.train.History;
import io.github.adagrad4j.train.Loss;
import io.github.adagrad4j.train.Metric;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One run of a dense network (mlp, cnn, linear) as a {@link TrainingConfig} describes it: the
 * configuration owns every setting, the recipe adds only the hooks of the run (a listener, more
 * callbacks, the command line to record). Writes the checkpoint ({@code checkpoint.safetensors},
 * after every epoch), {@code history.csv} and the model folder to the configuration's output.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().data("fashion-mnist").model("mlp:256,128")
 *         .optimizer("adagrad").optimizerOption("lr", "0.05").epochs(10).batchSize(100)
 *         .output(Path.of("runs/fm")).build();
 * Recipe.Result result = new Recipe(c).run(new PrintWriter(System.out, true));
 * }</pre>
 */
public final class Recipe {
    /** Whether targets are classes or values. */
    public enum Task { CLASSIFICATION, REGRESSION, LM }

    private final TrainingConfig config;
    private final Task task;
    private final UpdateRule rule;
    private final OptimizerOptions optimizerOptions;
    private final String data;
    private final String model;
    private final Path output;

    /** The command line that started the run, recorded in model.json (null: none). */
    public String commandLine;
    public TrainingListener listener = TrainingListener.NONE;
    /** More callbacks, run after the checkpoint and history ones. */
    public List<Callback> callbacks = new ArrayList<>();
    /** Whether to draw {@code chart.png} (a search's trials, deleted once scored, do not). */
    public boolean chart = true;

    /** A run of {@code config}, which must name an output folder. */
    public Recipe(TrainingConfig config) {
        this.output = config.requireOutput();
        this.config = config;
        this.task = Task.valueOf(config.taskOrDefault().toUpperCase(java.util.Locale.ROOT));
        this.rule = config.rule();
        this.optimizerOptions = config.executorOptions(0, null);
        this.data = config.data();
        this.model = config.model();
    }

    /** The same as {@code new Recipe(config)}. */
    public static Recipe of(TrainingConfig config) {
        return new Recipe(config);
    }

    /** The settings of this run, as its model folder records them. */
    public TrainingConfig config() {
        return config;
    }

    /** The update rule the configuration names. */
    public UpdateRule rule() {
        return rule;
    }

    /**
     * The history, the figures on the test part, the trained model, and a CRC32 of the initial
     * weights (runs with the same data, model and seed start from the same weights: compare shows it).
     */
    public record Result(History history, Map<String, Double> test, Module model, Path output, String initialWeights) {
    }

    private static String checksum(Module net) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
        for (io.github.adagrad4j.optim.Parameter p : net.parameters()) {
            for (float v : p.data()) {
                b.clear();
                crc.update(b.putFloat(v).array());
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /** The data after preprocessing, and how to describe that preprocessing in model.json. */
    private record Prepared(Dataset train, Dataset validation, Dataset test, List<String> classes,
            Map<String, Object> input, List<String> notes) {
    }

    /** Trains and evaluates; {@code out} receives a one-line description of the run. */
    public Result run(PrintWriter out) throws IOException {
        Task t = task;
        if (t == Task.LM) {
            throw new IllegalArgumentException("a language model (task lm) trains on text with an lstm:HIDDENxLAYERS "
                    + "model: see CharLanguageModel");
        }
        Prepared p = isCsv(data) ? prepareTable(t) : prepareDense(t);
        Dataset train = p.train();
        Dataset test = p.test();
        Dataset validation = p.validation();
        if (config.folds() > 0) {
            Dataset[] parts = fold(train);
            train = parts[0];
            validation = parts[1];
        }
        for (String note : p.notes()) {
            out.println(note);
        }
        int outputs = 1;
        Loss loss = Loss.MSE;
        List<Metric> metrics = List.of(Metric.RMSE, Metric.MAE, Metric.R2);
        if (t == Task.CLASSIFICATION) {
            outputs = p.classes().size();
            loss = Loss.CROSS_ENTROPY;
            metrics = List.of(Metric.ACCURACY);
        }
        Module net = Models.parse(model, train.exampleShape(), outputs, config.seed());
        String initialWeights = checksum(net);
        Optimizer optimizer = rule.on(net.parameters(), optimizerOptions);
        Trainer trainer = new Trainer(net, loss, optimizer);
        TargetScaler targetScaler = t == Task.REGRESSION && config.targetScaling() ? TargetScaler.fit(train) : null;
        trainer.scaleTargets(targetScaler);
        List<Callback> callbacks = Callbacks.forRun(trainer, config, output,
                config.data() + " / " + model + " / " + rule.name(), chart,
                config.validationSplit() > 0 || validation != null, this.callbacks, out);
        FitOptions.Builder fit = FitOptions.builder().epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
                .metrics(metrics.toArray(new Metric[0])).listener(listener);
        if (validation != null) {
            fit.validation(validation);
        } else if (config.validationSplit() > 0) {
            fit.validationSplit(config.validationSplit());
        } else {
            fit.validation(test);
        }
        fit.callbacks(callbacks.toArray(new Callback[0]));
        out.printf("data %s: %d train, %d test examples of shape %s; model %s (%d parameters); %s; BLAS %s%n", data,
                train.count(), test.count(), Arrays.toString(train.exampleShape()), model, net.parameterCount(), rule,
                io.github.adagrad4j.nn.ops.Blas.description());
        History history = trainer.fit(train, fit.build());
        if (config.resume()) {
            history = History.readCsv(output.resolve("history.csv"));
        }
        Map<String, Double> figures = testFigures(trainer, history, test, metrics, validation != null);
        ModelFolder.write(output, net, describe(t, p, net, train, test, figures, history)
                .withTargetScaling(targetScaler));
        return new Result(history, figures, net, output, initialWeights);
    }

    /** model.json: everything needed to use the model, and how it came about. */
    private ModelDescription describe(Task t, Prepared p, Module net, Dataset train, Dataset test,
            Map<String, Double> figures, History history) {
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("train", data);
        src.put("train_rows", train.count());
        src.put("test", config.testData() != null ? config.testData() : "split of " + data);
        src.put("test_rows", test.count());
        if (config.validationData() != null) {
            src.put("validation", config.validationData());
        }
        Map<String, Object> training = ModelDescription.training(config, rule, history.epochs().size());
        return ModelDescription.network(model, net, train.exampleShape(),
                        t == Task.CLASSIFICATION ? p.classes() : List.of(), p.input())
                .withTraining(training).withMetrics(figures).withProvenance("data", src)
                .withProvenance("command", commandLine).withProvenance("created", java.time.Instant.now().toString());
    }

    private static boolean isCsv(String data) {
        String n = data.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    /** A CSV table: preprocessing fitted on the training file (or its training split) by {@link TableEncoder}. */
    private Prepared prepareTable(Task t) throws IOException {
        TableOptions o = config.tableOptions(t == Task.CLASSIFICATION);
        String testData = config.testData();
        double testSplit = config.testSplit();
        long splitSeed = config.splitSeedOrSeed();
        TableEncoder.Fitted fitted = testData != null ? TableEncoder.fit(Path.of(data), o)
                : TableEncoder.fit(Path.of(data), o, rows -> {
                    // The rows the split below holds out: their values shape no statistic or vocabulary.
                    boolean[] held = new boolean[rows];
                    for (int r : SklearnSplit.indices(rows, testSplit, splitSeed).test()) {
                        held[r] = true;
                    }
                    return row -> !held[row];
                });
        TableEncoder enc = fitted.encoder();
        Dataset all = fitted.data();
        Dataset train;
        Dataset test;
        if (testData != null) {
            train = all;
            test = enc.read(Path.of(testData));
        } else {
            Dataset.Split split = all.split(testSplit, splitSeed);
            train = split.train();
            test = split.test();
        }
        train = limit(train);
        Dataset validation = config.validationData() == null ? null : enc.read(Path.of(config.validationData()));
        List<String> notes = new ArrayList<>();
        for (String n : enc.notes()) {
            notes.add("note: " + n);
        }
        if (!enc.textColumns().isEmpty()) {
            notes.add("note: " + String.join(", ", enc.textColumns()) + " hold" + (enc.textColumns().size() == 1 ? "s" : "")
                    + " text, which a dense network does not read: left out (a sparse-linear or recurrent model reads "
                    + "text)");
        }
        return new Prepared(train, validation, test, enc.classes(), enc.describe(), notes);
    }

    /** Built-in data sets, LIBSVM files: dense features, optionally standardised. */
    private Prepared prepareDense(Task t) throws IOException {
        Dataset.Split split = load();
        Dataset train = limit(split.train());
        Dataset test = split.test();
        String testData = config.testData();
        String validationData = config.validationData();
        Dataset validation = validationData == null ? null : loadFile(validationData, train.exampleSize());
        boolean scale = config.standardize() != null ? config.standardize() : data.equals("boston") || data.equals("digits");
        double[] mean = null;
        double[] sd = null;
        if (scale) {
            StandardScaler s = StandardScaler.fit(train);
            train = s.transform(train);
            test = s.transform(test);
            validation = validation == null ? null : s.transform(validation);
            mean = s.mean();
            sd = s.scale();
        }
        List<String> names = List.of();
        if (t == Task.CLASSIFICATION) {
            // A separate test file's labels must be known from training; a split's are (sklearn's LabelEncoder on all y).
            float[] classes = ClassLabels.distinct(train.targets(), testData == null ? test.targets() : null);
            train = relabel(train, classes, data);
            test = relabel(test, classes, testData != null ? testData : data);
            validation = validation == null ? null : relabel(validation, classes, validationData);
            names = new ArrayList<>();
            for (float c : classes) {
                names.add(ClassLabels.name(c));
            }
        }
        String source = Builtin.names().contains(data) ? data : "libsvm file";
        return new Prepared(train, validation, test, names, TrainedModel.denseInput(train.exampleSize(), mean, sd,
                source, config.testSplit(), config.splitSeedOrSeed()), List.of());
    }

    /** {training folds, validation fold} of the training part. */
    private Dataset[] fold(Dataset train) {
        int folds = config.folds();
        int fold = config.fold();
        int n = train.count();
        if (n < folds) {
            throw new IllegalArgumentException(folds + " folds need at least " + folds + " training examples, got " + n);
        }
        int[] perm = SklearnSplit.permutation(n, config.splitSeedOrSeed());
        int from = (int) ((long) n * fold / folds);
        int to = (int) ((long) n * (fold + 1) / folds);
        int[] val = Arrays.copyOfRange(perm, from, to);
        int[] rest = new int[n - val.length];
        System.arraycopy(perm, 0, rest, 0, from);
        System.arraycopy(perm, to, rest, from, n - to);
        Arrays.sort(val);
        Arrays.sort(rest);
        return new Dataset[] {train.select(rest), train.select(val)};
    }

    private Dataset limit(Dataset train) {
        int trainLimit = config.trainLimit();
        if (trainLimit > 0 && trainLimit < train.count()) {
            int[] rows = new int[trainLimit];
            for (int i = 0; i < trainLimit; i++) {
                rows[i] = i;
            }
            return train.select(rows);
        }
        return train;
    }

    /**
     * The final model's figures on the test part. Without a validation split the test part was
     * each epoch's validation set, so the last epoch already measured the final model on it
     * (nothing changes the weights after that without a split): its val_ figures are reused
     * rather than computed by a second pass over the test set.
     */
    private Map<String, Double> testFigures(Trainer trainer, History history, Dataset test, List<Metric> metrics,
            boolean separateValidation) {
        List<Map<String, Double>> epochs = history.epochs();
        if (config.validationSplit() > 0 || separateValidation || epochs.isEmpty()) {
            return trainer.evaluate(test, metrics);
        }
        Map<String, Double> last = epochs.get(epochs.size() - 1);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("loss", last.get("val_loss"));
        for (Metric m : metrics) {
            figures.put(m.key(), last.get("val_" + m.key()));
        }
        return figures;
    }

    private Dataset.Split load() throws IOException {
        String testData = config.testData();
        if (data.equals("fashion-mnist")) {
            if (testData != null) {
                throw new ParameterException("testData", testData, "fashion-mnist has its own test set");
            }
            return Builtin.fashionMnist();
        }
        if (data.equals("spam") || io.github.adagrad4j.data.text.TextFolder.isClassFolders(Path.of(data))) {
            throw new ParameterException("model", config.model(), data + " holds texts, which a dense network does not "
                    + "take: texts train a sparse-linear model (sparse-linear) or a recurrent classifier (gru:64, lstm:128)");
        }
        Dataset all;
        if (Builtin.names().contains(data)) {
            all = Builtin.load(data);
        } else {
            all = loadFile(data, 0);
        }
        if (testData != null) {
            return new Dataset.Split(all, loadFile(testData, all.exampleSize()));
        }
        return all.split(config.testSplit(), config.splitSeedOrSeed());
    }

    /** A LIBSVM file as dense rows ({@code features} 0: as many as its largest index). */
    private static Dataset loadFile(String file, int features) throws IOException {
        String name = Path.of(file).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt")) {
            return LibSvmReader.read(Path.of(file), features);
        }
        throw new ParameterException("data", file, "neither a built-in data set " + Builtin.names()
                + " nor a .csv, .csv.gz, .svm, .libsvm or .txt file");
    }

    private static Dataset relabel(Dataset d, float[] classes, String source) throws DataFormatException {
        float[] y = new float[d.targets().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Arrays.binarySearch(classes, d.targets()[i]);
            if (y[i] < 0) {
                throw new DataFormatException(source, "example " + (i + 1) + ": label "
                        + ClassLabels.name(d.targets()[i]) + " was never seen in training");
            }
        }
        return new Dataset(d.features(), d.exampleShape(), y, 1);
    }
}
