package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.stream.ExampleBlock;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureExpander;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
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
 * A sparse-input training run, as {@code adagrad4j train --model sparse-linear} describes it: texts
 * (the SpamAssassin corpus, a folder of class folders, a CSV's text columns) hashed into {@code
 * 2^hashBits} buckets (unigrams and bigrams), or a LIBSVM file read as CSR; a scikit-learn-identical
 * split; logistic or softmax regression on the sparse rows. The {@link TrainingConfig} owns every
 * setting; the recipe adds only the hooks of the run.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().data("spam").model("sparse-linear").optimizer("ftrl")
 *         .optimizerOption("alpha", "100").optimizerOption("l1", "0.003").output(Path.of("runs/spam")).build();
 * SparseRecipe.Result r = new SparseRecipe(c).run(out);
 * }</pre>
 */
public final class SparseRecipe {
    private final TrainingConfig config;
    private final UpdateRule rule;
    private final OptimizerOptions optimizerOptions;
    private final String data;
    private final Path output;
    private final int hashBits;

    /** The command line that started the run, recorded in model.json (null: none). */
    public String commandLine;
    public TrainingListener listener = TrainingListener.NONE;
    /** More callbacks, run after the checkpoint and history ones. */
    public List<Callback> callbacks = new ArrayList<>();

    /** Test accuracy, the weights left non-zero, and the per-epoch figures. */
    public record Result(double accuracy, long nonZeroWeights, long weights, History history) {
    }

    /**
     * A sparse-linear run of {@code config}: one optimizer thread unless it sets threads, and 2^20
     * hash buckets unless it sets the bits.
     */
    public SparseRecipe(TrainingConfig config) {
        this.output = config.requireOutput();
        config.refuseFolds("a sparse-linear model");
        this.config = config;
        this.rule = config.rule();
        this.optimizerOptions = config.executorOptions(0, 1);
        this.data = config.data();
        this.hashBits = config.hashBits() != null ? config.hashBits() : 20;
    }

    /** The same as {@code new SparseRecipe(config)}. */
    public static SparseRecipe of(TrainingConfig config) {
        return new SparseRecipe(config);
    }

    /** The settings of this run, as its model folder records them. */
    public TrainingConfig config() {
        return config;
    }

    /** The update rule the configuration names. */
    public UpdateRule rule() {
        return rule;
    }

    public Result run(PrintWriter out) throws IOException {
        String testData = config.testData();
        String validationData = config.validationData();
        double testSplit = config.testSplit();
        long splitSeed = config.splitSeedOrSeed();
        double validationSplit = config.validationSplit();
        int trainLimit = config.trainLimit();
        CsrMatrix trainX;
        float[] trainY;
        CsrMatrix testX;
        float[] testY;
        List<String> names;
        Map<String, Object> input;
        int width;
        Examples validation = null;
        if (TextData.isText(data)) {
            TextData all = TextData.load(data, config.tableOptions(true), testData == null ? new TextData.Split(testSplit, splitSeed)
                    : null);
            TextData train = all;
            TextData test;
            if (testData != null) {
                test = TextData.loadLike(testData, all);
            } else {
                SklearnSplit.Indices split = SklearnSplit.indices(all.count(), testSplit, splitSeed);
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
            input = TrainedModel.hashedTextInput(hashBits, 1, 2, testSplit, splitSeed, all.table());
            width = trainX.numCols();
        } else if (StreamFormat.guess(data) == StreamFormat.VW) {
            if (testData != null || validationData != null) {
                throw new ParameterException(testData != null ? "testData" : "validationData", testData != null ? testData
                        : validationData, "a Vowpal Wabbit file is split; a separate file is read for text sources");
            }
            // The examples as learn hashes them (no interactions), all in memory: the offline counterpart of learn.
            FeatureHashing hashing = FeatureHashing.builder().bits(hashBits).build();
            ExampleStream.Options options = ExampleStream.Options.of(StreamFormat.VW);
            List<CsrMatrix> blocks = new ArrayList<>();
            float[] labels = new float[1 << 16];
            int count = 0;
            TwoClassLabels twoClasses = new TwoClassLabels("a two-class file");
            FeatureExpander expander = new FeatureExpander(hashing);
            try (ExampleStream stream = ExampleStream.open(data, options, hashing)) {
                for (ExampleBlock b; (b = stream.next()) != null; ) {
                    blocks.add(expander.rows(b));
                    for (int e = 0; e < b.size(); e++) {
                        if (count == labels.length) {
                            labels = Arrays.copyOf(labels, count * 2);
                        }
                        labels[count++] = twoClasses.positive(b.label(e), data, b.line(e)) ? 1 : 0;
                    }
                }
            }
            CsrMatrix all = CsrMatrix.stack(blocks);
            labels = Arrays.copyOf(labels, count);
            SklearnSplit.Indices split = SklearnSplit.indices(count, testSplit, splitSeed);
            trainX = all.selectRows(split.train());
            testX = all.selectRows(split.test());
            trainY = pick(labels, split.train());
            testY = pick(labels, split.test());
            names = twoClasses.classes(true);
            width = hashing.buckets();
            input = OnlineLearner.input(options, hashing);
        } else {
            String name = Path.of(data).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!(name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt"))) {
                throw new IllegalArgumentException("a sparse-linear model trains on texts (the spam corpus, a folder of "
                        + "class folders, a CSV with text columns), a LIBSVM file (.svm, .libsvm, .txt) or a Vowpal Wabbit "
                        + "file (.vw, hashed as learn hashes it); got '" + data
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
            SklearnSplit.Indices split = SklearnSplit.indices(labels.length, testSplit, splitSeed);
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
        FitOptions.Builder fit = FitOptions.builder().epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
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
        List<Callback> all = Callbacks.forRun(trainer, config, output,
                config.data() + " / sparse-linear / " + rule.name(), true, validationSplit > 0 || validation != null,
                callbacks, out);
        fit.callbacks(all.toArray(new Callback[0]));
        History history = trainer.fit(Examples.sparse(trainX, trainY), fit.build());
        if (config.resume()) {
            history = History.readCsv(output.resolve("history.csv"));
        }
        double accuracy = validationSplit > 0 || validation != null || history.epochs().isEmpty()
                ? trainer.evaluate(test, List.of(Metric.ACCURACY)).get("accuracy") : history.last("val_accuracy");
        int trainRows = trainY.length;
        int testRows = testY.length;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", "sparse-linear");
        m.put("input_shape", new int[] {width});
        m.put("outputs", names.size() == 2 ? 1 : names.size());
        Map<String, Object> training = ModelDescription.training(config, rule, history.epochs().size());
        ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SPARSE_LINEAR, names, m, input)
                .withTraining(training).withMetrics(Map.of("accuracy", accuracy))
                .withProvenance("data", Map.of("train", data, "train_rows", trainRows, "test", testData != null
                        ? testData : "split of " + data, "test_rows", testRows))
                .withProvenance("command", commandLine)
                .withProvenance("created", java.time.Instant.now().toString());
        ModelFolder.write(output, layer, d);
        return new Result(accuracy, layer.nonZeroWeights(), layer.weight().size(), history);
    }

    private static float[] pick(float[] v, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
