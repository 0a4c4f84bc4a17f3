package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sparse-input training run, as {@code adagrad4j train --model sparse-linear} describes it: the
 * SpamAssassin texts hashed into {@code 2^hashBits} buckets (unigrams and bigrams), or a LIBSVM file
 * read as CSR; a scikit-learn-identical split; logistic or softmax regression on the sparse rows.
 *
 * <pre>{@code
 * SparseRecipe r = new SparseRecipe();
 * r.data = "spam"; r.rule = Ftrl.builder().alpha(100).l1(0.003).build(); r.output = Path.of("runs/spam");
 * r.run(out);
 * }</pre>
 */
public final class SparseRecipe {
    public String data;
    /** A separate test source (a folder of class folders, or a CSV like {@link #data}) instead of a split. */
    public String testData;
    /** How a CSV source is read: its label column, its text columns... (null: inferred). */
    public TableOptions table;
    public UpdateRule rule;
    public int hashBits = 20;
    public int epochs = 5;
    public int batchSize = 32;
    public long seed = 42;
    public double testSplit = 0.2;
    /** Clipping, schedule, threads and non-finite policy of the optimizer. */
    public OptimizerOptions optimizerOptions = OptimizerOptions.builder().threads(1).build();
    public Path output;
    /** The command line that started the run, recorded in model.json (null: none). */
    public String commandLine;
    public TrainingListener listener = TrainingListener.NONE;

    /** Test accuracy, the weights left non-zero, and the per-epoch figures. */
    public record Result(double accuracy, long nonZeroWeights, long weights, History history) {
    }

    /** A separate validation source of the same kind as a text {@link #data}, for the per-epoch val_ figures. */
    public String validationData;
    /** Hold out this fraction of the training rows for the per-epoch val_ figures (0: the test rows are). */
    public double validationSplit;
    /** Stop when val_loss has not improved for this many epochs (needs a validation split); null: never. */
    public Integer earlyStopping;
    /** Train on the first this many training rows only (0: all). */
    public int trainLimit;
    /** Continue from the output folder's checkpoint. */
    public boolean resume;
    /** More callbacks, run after the checkpoint and history ones (a live report, say). */
    public List<Callback> callbacks = new ArrayList<>();

    /** The settings this run was made from, recorded in model.json ({@code training.config}); null: none. */
    public TrainingConfig config;

    /**
     * A sparse-linear run as {@code config} describes it: one optimizer thread unless it sets
     * threads, and 2^20 hash buckets unless it sets the bits.
     */
    public static SparseRecipe of(TrainingConfig c) {
        SparseRecipe r = new SparseRecipe();
        r.config = c;
        r.data = c.data();
        r.rule = c.rule();
        r.optimizerOptions = c.executorOptions(0, 1);
        r.hashBits = c.hashBits() != null ? c.hashBits() : 20;
        r.epochs = c.epochs();
        r.batchSize = c.batchSize();
        r.seed = c.seed();
        r.testSplit = c.testSplit();
        r.testData = c.testData();
        r.table = c.tableOptions(true);
        r.output = c.output();
        r.validationSplit = c.validationSplit();
        r.validationData = c.validationData();
        r.earlyStopping = c.earlyStopping();
        r.trainLimit = c.trainLimit();
        r.resume = c.resume();
        return r;
    }

    public Result run(PrintWriter out) throws IOException {
        CsrMatrix trainX;
        float[] trainY;
        CsrMatrix testX;
        float[] testY;
        List<String> names;
        Map<String, Object> input;
        int width;
        Examples validation = null;
        if (TextData.isText(data)) {
            TextData all = TextData.load(data, tableOptions(), testData == null ? new TextData.Split(testSplit, seed)
                    : null);
            TextData train = all;
            TextData test;
            if (testData != null) {
                test = TextData.loadLike(testData, all);
            } else {
                SklearnSplit.Indices split = SklearnSplit.indices(all.count(), testSplit, seed);
                train = all.select(split.train());
                test = all.select(split.test());
            }
            for (String note : all.table() == null ? List.<String>of() : all.table().notes()) {
                out.println("note: " + note);
            }
            HashingVectorizer hashing = HashingVectorizer.builder().bits(hashBits).ngrams(1, 2).allowEmpty(true).build();
            trainX = hashing.transform(train.texts()).withDenseColumns(train.dense(), train.denseWidth());
            testX = hashing.transform(test.texts()).withDenseColumns(test.dense(), test.denseWidth());
            if (validationData != null) {
                TextData v = TextData.loadLike(validationData, all, "validationData");
                validation = Examples.sparse(hashing.transform(v.texts()).withDenseColumns(v.dense(), v.denseWidth()),
                        v.labels());
            }
            trainY = train.labels();
            testY = test.labels();
            names = all.classes();
            input = TrainedModel.hashedTextInput(hashBits, 1, 2, testSplit, seed, all.table());
            width = trainX.numCols();
        } else {
            String name = Path.of(data).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!(name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt"))) {
                throw new IllegalArgumentException("a sparse-linear model trains on texts (the spam corpus, a folder of "
                        + "class folders, a CSV with text columns) or a LIBSVM file (.svm, .libsvm, .txt); got '" + data
                        + "'");
            }
            if (testData != null) {
                throw new IllegalArgumentException("a separate test file is read for text sources; a LIBSVM file is "
                        + "split");
            }
            if (validationData != null) {
                throw new ParameterException("validationData", validationData, "a separate validation source is read "
                        + "for text sources; a LIBSVM run takes a validation split");
            }
            LibSvmReader.Sparse s = LibSvmReader.readCsr(Path.of(data), 0);
            float[] classes = ClassLabels.distinct(s.labels());
            float[] labels = new float[s.labels().length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Arrays.binarySearch(classes, s.labels()[i]);
            }
            SklearnSplit.Indices split = SklearnSplit.indices(labels.length, testSplit, seed);
            trainX = s.features().selectRows(split.train());
            testX = s.features().selectRows(split.test());
            trainY = pick(labels, split.train());
            testY = pick(labels, split.test());
            names = new ArrayList<>();
            for (float c : classes) {
                names.add(ClassLabels.name(c));
            }
            width = s.features().numCols();
            input = TrainedModel.libSvmInput(width);
        }
        if (trainLimit > 0 && trainLimit < trainY.length) {
            int[] first = new int[trainLimit];
            for (int i = 0; i < trainLimit; i++) {
                first[i] = i;
            }
            trainX = trainX.selectRows(first);
            trainY = pick(trainY, first);
        }
        // The one training loop: shuffling, metrics, validation, callbacks, checkpoints and resume.
        SparseLinear layer = new SparseLinear(width, names.size() == 2 ? 1 : names.size());
        Trainer trainer = new Trainer(layer, names.size() == 2 ? Loss.BCE_WITH_LOGITS : Loss.CROSS_ENTROPY,
                rule.on(layer.parameters(), optimizerOptions));
        out.printf("data %s: %d train, %d test rows, %d features, %d classes; sparse-linear; %s%n", data,
                trainY.length, testY.length, width, names.size(), rule);
        Examples test = Examples.sparse(testX, testY);
        FitOptions.Builder fit = FitOptions.builder().epochs(epochs).batchSize(batchSize).seed(seed)
                .metrics(Metric.ACCURACY).listener(listener);
        if (validation != null && validationSplit > 0) {
            throw new ParameterException("validationData", validationData, "give validation data or a validation "
                    + "split, not both");
        }
        if (validationSplit > 0) {
            fit.validationSplit(validationSplit);
        } else {
            fit.validation(validation != null ? validation : test);
        }
        List<Callback> all = Callbacks.forRun(trainer, output, resume, earlyStopping,
                validationSplit > 0 || validation != null, callbacks, out);
        fit.callbacks(all.toArray(new Callback[0]));
        History history = trainer.fit(Examples.sparse(trainX, trainY), fit.build());
        if (resume && output != null) {
            history = History.readCsv(output.resolve("history.csv"));
        }
        double accuracy = validationSplit > 0 || validation != null || history.epochs().isEmpty()
                ? trainer.evaluate(test, List.of(Metric.ACCURACY)).get("accuracy") : history.last("val_accuracy");
        int trainRows = trainY.length;
        int testRows = testY.length;
        if (output != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", "sparse-linear");
            m.put("input_shape", new int[] {width});
            m.put("outputs", names.size() == 2 ? 1 : names.size());
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("optimizer", rule.toString());
            training.put("epochs", epochs);
            training.put("batch_size", batchSize);
            training.put("seed", seed);
            if (config != null) {
                training.put("config", config.toJson());
            }
            ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                    ModelDescription.Kind.SPARSE_LINEAR, names, m, input)
                    .withTraining(training).withMetrics(Map.of("accuracy", accuracy))
                    .withProvenance("data", Map.of("train", data, "train_rows", trainRows, "test", testData != null
                            ? testData : "split of " + data, "test_rows", testRows))
                    .withProvenance("command", commandLine)
                    .withProvenance("created", java.time.Instant.now().toString());
            ModelFolder.write(output, layer, d);
        }
        return new Result(accuracy, layer.nonZeroWeights(), layer.weight().size(), history);
    }

    private TableOptions tableOptions() {
        return table != null ? table : TableOptions.builder().classification(true).build();
    }

    private static float[] pick(float[] v, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
