package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.StandardScaler;
import io.github.adagrad4j.data.csv.CsvReader;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.train.Callback;
import io.github.adagrad4j.nn.train.Callbacks;
import io.github.adagrad4j.nn.train.FitOptions;
import io.github.adagrad4j.nn.train.History;
import io.github.adagrad4j.nn.train.Loss;
import io.github.adagrad4j.nn.train.Metric;
import io.github.adagrad4j.nn.train.Trainer;
import io.github.adagrad4j.nn.train.TrainingListener;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One training run as the CLI and the examples describe it: a data set (built-in name or file),
 * a model spec, an update rule and the loop settings. Writes the checkpoint ({@code
 * checkpoint.safetensors}, after every epoch) and {@code history.csv} to the output folder.
 *
 * <pre>{@code
 * Recipe r = new Recipe();
 * r.data = "fashion-mnist"; r.model = "mlp:256,128"; r.rule = new AdaGrad(0.05);
 * r.epochs = 10; r.batchSize = 100; r.output = Path.of("runs/fm");
 * Recipe.Result result = r.run(new PrintWriter(System.out, true));
 * }</pre>
 */
public final class Recipe {
    /** Whether targets are classes or values. */
    public enum Task { CLASSIFICATION, REGRESSION }

    public String data;
    public String labelColumn;
    public boolean header = true;
    public Task task;
    public String model = "mlp:128";
    public UpdateRule rule;
    public OptimizerOptions optimizerOptions = OptimizerOptions.defaults();
    public int epochs = 10;
    public int batchSize = 32;
    public long seed = 42;
    /** Seeds the train/test split; the split stays fixed while {@link #seed} varies the initialisation. */
    public long splitSeed = 42;
    public double testSplit = 0.2;
    public double validationSplit;
    public Boolean standardize;
    public Integer earlyStopping;
    /** Use only this many training examples (0: all), for quick runs and tests. */
    public int trainLimit;
    public Path output;
    public boolean resume;
    public TrainingListener listener = TrainingListener.NONE;

    /** The history, the figures on the test part, and the trained model. */
    public record Result(History history, Map<String, Double> test, Module model, Path output) {
    }

    /** Trains and evaluates; {@code out} receives a one-line description of the run. */
    public Result run(PrintWriter out) throws IOException {
        Dataset.Split split = load();
        Task t = task != null ? task : defaultTask();
        boolean scale = standardize != null ? standardize : data.equals("boston") || data.equals("digits");
        Dataset train = split.train();
        Dataset test = split.test();
        if (trainLimit > 0 && trainLimit < train.count()) {
            int[] rows = new int[trainLimit];
            for (int i = 0; i < trainLimit; i++) {
                rows[i] = i;
            }
            train = train.select(rows);
        }
        if (scale) {
            StandardScaler s = StandardScaler.fit(train);
            train = s.transform(train);
            test = s.transform(test);
        }
        int outputs = 1;
        Loss loss = Loss.MSE;
        List<Metric> metrics = List.of(Metric.RMSE, Metric.MAE, Metric.R2);
        if (t == Task.CLASSIFICATION) {
            float[] classes = classes(train, test);
            train = relabel(train, classes);
            test = relabel(test, classes);
            outputs = classes.length;
            loss = Loss.CROSS_ENTROPY;
            metrics = List.of(Metric.ACCURACY);
        }
        Module net = Models.parse(model, train.exampleShape(), outputs, seed);
        Optimizer optimizer = rule.on(net.parameters(), optimizerOptions);
        Trainer trainer = new Trainer(net, loss, optimizer);
        Files.createDirectories(output);
        Path checkpoint = output.resolve("checkpoint.safetensors");
        if (resume) {
            trainer.resume(checkpoint);
            out.printf("resumed from %s after epoch %d%n", checkpoint, trainer.completedEpochs());
        }
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(Callbacks.modelCheckpoint(checkpoint, "loss", false));
        callbacks.add(Callbacks.csvLogger(output.resolve("history.csv")));
        FitOptions.Builder fit = FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed)
                .metrics(metrics.toArray(new Metric[0])).listener(listener);
        if (validationSplit > 0) {
            fit.validationSplit(validationSplit);
        } else {
            fit.validation(test);
        }
        if (earlyStopping != null) {
            if (validationSplit <= 0) {
                throw new IllegalArgumentException("--early-stopping needs --validation-split: stopping on the test set"
                        + " would leak it into training");
            }
            callbacks.add(Callbacks.earlyStopping("val_loss", earlyStopping, 0, true));
        }
        fit.callbacks(callbacks.toArray(new Callback[0]));
        out.printf("data %s: %d train, %d test examples of shape %s; model %s (%d parameters); %s%n", data,
                train.count(), test.count(), Arrays.toString(train.exampleShape()), model, net.parameterCount(), rule);
        History history = trainer.fit(train, fit.build());
        return new Result(history, testFigures(trainer, history, test, metrics), net, output);
    }

    /**
     * The final model's figures on the test part. Without a validation split the test part was
     * each epoch's validation set, so the last epoch already measured the final model on it
     * (nothing changes the weights after that without a split): its val_ figures are reused
     * rather than computed by a second pass over the test set.
     */
    private Map<String, Double> testFigures(Trainer trainer, History history, Dataset test, List<Metric> metrics) {
        List<Map<String, Double>> epochs = history.epochs();
        if (validationSplit > 0 || epochs.isEmpty()) {
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

    private Task defaultTask() {
        return data.equals("boston") ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    private Dataset.Split load() throws IOException {
        if (data.equals("fashion-mnist")) {
            return Builtin.fashionMnist();
        }
        Dataset all;
        if (Builtin.names().contains(data)) {
            all = Builtin.load(data);
        } else {
            Path file = Path.of(data);
            String name = file.getFileName().toString().toLowerCase();
            if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
                CsvReader.Builder b = CsvReader.builder().header(header);
                if (labelColumn != null) {
                    if (labelColumn.matches("-?\\d+")) {
                        b.labelColumn(Integer.parseInt(labelColumn));
                    } else {
                        b.labelColumn(labelColumn);
                    }
                }
                all = b.build().read(file);
            } else if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt")) {
                all = LibSvmReader.read(file, 0);
            } else {
                throw new IllegalArgumentException("--data '" + data + "' is neither a built-in data set " + Builtin.names()
                        + " nor a .csv, .csv.gz, .svm, .libsvm or .txt file");
            }
        }
        return all.split(testSplit, splitSeed);
    }

    /** Distinct class values of both parts, sorted: labels are mapped to their positions. */
    private static float[] classes(Dataset train, Dataset test) {
        TreeSet<Float> set = new TreeSet<>();
        for (float v : train.targets()) {
            set.add(v);
        }
        for (float v : test.targets()) {
            set.add(v);
        }
        if (set.size() > 1000) {
            throw new IllegalArgumentException("classification with " + set.size() + " distinct labels; use --task "
                    + "regression for a continuous target");
        }
        float[] c = new float[set.size()];
        int i = 0;
        for (float v : set) {
            c[i++] = v;
        }
        return c;
    }

    private static Dataset relabel(Dataset d, float[] classes) {
        float[] y = new float[d.targets().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Arrays.binarySearch(classes, d.targets()[i]);
        }
        return new Dataset(d.features(), d.exampleShape(), y, 1);
    }
}
