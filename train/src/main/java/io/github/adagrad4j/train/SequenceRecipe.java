package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.data.text.TokenHashing;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sequence classification of the SpamAssassin e-mails (the {@code spam-sequence} example and
 * {@code train --data spam --model bigru:64}): each e-mail's tokens hashed into {@code 2^bits}
 * embedding rows, its first {@code max-len} tokens, a recurrent layer over each variable-length
 * sequence, mean pooling over its steps (or the final states: {@code pool=last}), one logistic
 * unit. Trained with any rule; AdaGrad's sparse embedding updates cost the tokens of the batch.
 * Same split as the hashed linear model of the {@code spam} example (scikit-learn's, seed 42, 20%
 * test).
 *
 * <pre>{@code
 * double acc = SequenceRecipe.run(SequenceRecipe.Config.full(), new AdaGrad(0.1), out, null);
 * }</pre>
 */
public final class SequenceRecipe {
    private SequenceRecipe() {
    }

    /**
     * The model, hashing, batch, budget, seed, a cap on e-mails ({@code limit}, 0: all), the
     * global gradient norm clipping ({@code clipNorm}, 0: none: backpropagation through hundreds of
     * steps can explode, and AdaGrad's early steps are as large as its learning rate) and the split
     * ({@code testSplit} of the e-mails held out, drawn with {@code splitSeed} by
     * {@link SklearnSplit#indices(int, double, long, int)});
     * {@link #full()} for the README, {@link #small()} for the suite.
     */
    public record Config(RecurrentSpec model, int bits, int batch, int epochs, int limit, long seed, double clipNorm,
            double testSplit, long splitSeed) {
        /** Embedding 32, bidirectional GRU 64, first 600 tokens, mean pooling; 2^18 rows; 3 epochs of batch 32; clipping at 5. */
        public static Config full() {
            return new Config(RecurrentSpec.parse("bigru:64,embed=32,max-len=600,pool=mean"), 18, 32, 3, 0, 42, 5.0, 0.2,
                    42);
        }

        public static Config small() {
            return new Config(RecurrentSpec.parse("bigru:8,embed=8,max-len=40,pool=mean"), 14, 16, 1, 300, 42, 5.0, 0.2,
                    42);
        }

        public Config withEpochs(int e) {
            return new Config(model, bits, batch, e, limit, seed, clipNorm, testSplit, splitSeed);
        }
    }

    /**
     * Token sequences (hashed, truncated) and labels in split order: the first {@code testCount}
     * are the test part; the class names, and the table encoder of a CSV source (else null).
     */
    public record Sequences(int[][] tokens, float[] labels, int testCount, List<String> classes, TableEncoder table,
            Examples validation) {
    }

    /**
     * Where the texts come from: {@code data} is {@code spam}, a folder of class folders or a CSV
     * with text columns ({@link TextData}); {@code testData} a held-out source of the same kind
     * instead of a split (or null); {@code table} how a CSV is read (or null: inferred).
     */
    public record Source(String data, String testData, TableOptions table, String validationData) {
        /** The SpamAssassin corpus, split. */
        public static final Source SPAM = new Source("spam", null, null, null);

        public Source(String data, String testData, TableOptions table) {
            this(data, testData, table, null);
        }
    }

    private static SequenceClassifier network(Config c, int outputs, SplittableRandom rng) {
        RecurrentSpec s = c.model();
        return new SequenceClassifier(1 << c.bits(), s.embedOr(32), s.cell(), s.hidden(), s.layers(), s.bidirectional(),
                s.meanPooling(), outputs, rng);
    }

    private static TokenHashing tokens(Config c) {
        return new TokenHashing(c.bits(), c.model().maxLenOr(600));
    }

    /** The corpus as token sequences in split order, as {@link #run} trains on them (also for PyTorch's peer). */
    public static Sequences sequences(Config c) throws IOException {
        return sequences(c, Source.SPAM);
    }

    /** A source's texts as token sequences in split order (the test part first). */
    public static Sequences sequences(Config c, Source src) throws IOException {
        TableOptions options = src.table() != null ? src.table() : TableOptions.builder().classification(true).build();
        TextData all = TextData.load(src.data(), options, src.testData() == null
                ? new TextData.Split(c.testSplit(), c.splitSeed()) : null);
        TextData test;
        TextData train;
        if (src.testData() != null) {
            test = TextData.loadLike(src.testData(), all);
            train = c.limit() > 0 ? all.select(firstRows(Math.min(c.limit(), all.count()))) : all;
        } else {
            SklearnSplit.Indices split = SklearnSplit.indices(all.count(), c.testSplit(), c.splitSeed(), c.limit());
            test = all.select(split.test());
            train = all.select(split.train());
        }
        TokenHashing tokens = tokens(c);
        int used = test.count() + train.count();
        int[][] seqs = new int[used][];
        float[] y = new float[used];
        for (int i = 0; i < used; i++) {
            TextData part = i < test.count() ? test : train;
            int row = i < test.count() ? i : i - test.count();
            seqs[i] = tokens.encode(part.texts().get(row));
            y[i] = part.labels()[row];
        }
        Examples validation = null;
        if (src.validationData() != null) {
            TextData v = TextData.loadLike(src.validationData(), all, "validationData");
            int[][] vs = new int[v.count()][];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = tokens.encode(v.texts().get(i));
            }
            validation = Examples.tokens(vs, v.labels());
        }
        return new Sequences(seqs, y, test.count(), all.classes(), all.table(), validation);
    }

    private static int[] firstRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The epoch lines this recipe has always printed: the training loss and the held-out accuracy. */
    private static TrainingListener printing(PrintWriter out, int epochs, boolean validationSplit) {
        return new TrainingListener() {
            private long t0;

            @Override
            public void onEpochBegin(int epoch, int total, int batches) {
                t0 = System.nanoTime();
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                out.printf("epoch %d/%d  loss %.4f  %s accuracy %.4f  (%.1f s)%n", epoch, epochs, logs.get("loss"),
                        validationSplit ? "validation" : "test", logs.get("val_accuracy"), (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
        };
    }

    /** How the options clip, in words. */
    static String clipping(OptimizerOptions o) {
        if (o.clipping() instanceof io.github.adagrad4j.optim.GradientClipping.ByNorm n) {
            return "clipping at " + (n.global() ? "global" : "per-parameter") + " norm " + n.maxNorm();
        }
        if (o.clipping() instanceof io.github.adagrad4j.optim.GradientClipping.ByValue v) {
            return "clipping values at " + v.clip();
        }
        return "no clipping";
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Trains, prints a line per epoch and returns the test accuracy; with an {@code output}
     * folder, writes {@code model.json} (task {@code sequence-classification}) and
     * {@code model.safetensors} there.
     */
    public static double run(Config c, UpdateRule rule, PrintWriter out, Path output) throws IOException {
        OptimizerOptions.Builder options = OptimizerOptions.builder();
        if (c.clipNorm() > 0) {
            options.clipping(io.github.adagrad4j.optim.GradientClipping.globalNorm(c.clipNorm()));
        }
        return run(c, rule, options.build(), out, output);
    }

    /**
     * As {@link #run(Config, UpdateRule, PrintWriter, Path)}, with every executor option given:
     * {@code options}' clipping, schedule, threads and non-finite policy (its clipping replaces
     * {@code c.clipNorm()}).
     */
    public static double run(Config c, UpdateRule rule, OptimizerOptions options, PrintWriter out, Path output)
            throws IOException {
        return run(c, Source.SPAM, rule, options, out, output);
    }

    /**
     * A recurrent classifier as {@code config} describes it ({@code model} a recurrent spec; 2^18
     * hash buckets unless it sets the bits; clipping at global norm 5 unless it sets clipping).
     */
    public static double run(TrainingConfig config, PrintWriter out) throws IOException {
        return run(config, out, l -> l, List.of());
    }

    /**
     * As {@link #run(TrainingConfig, PrintWriter)}, with the epoch-line listener wrapped by
     * {@code listener} (a live report, say) and more callbacks run after the checkpoint and history ones.
     */
    public static double run(TrainingConfig config, PrintWriter out,
            java.util.function.UnaryOperator<TrainingListener> listener, List<Callback> more) throws IOException {
        config.refuseFolds("a recurrent sequence classifier");
        Config c = new Config(RecurrentSpec.parse(config.model()), config.hashBits() != null ? config.hashBits() : 18,
                config.batchSize(), config.epochs(), config.trainLimit(), config.seed(), 0, config.testSplit(),
                config.splitSeedOrSeed());
        return run(c, new Source(config.data(), config.testData(), config.tableOptions(true), config.validationData()),
                config.rule(),
                config.executorOptions(5.0, null), out, config.output(), config, listener, more);
    }

    /** Trains on a source's texts: the spam corpus, a folder of class folders or a CSV with text columns. */
    public static double run(Config c, Source src, UpdateRule rule, OptimizerOptions options, PrintWriter out,
            Path output) throws IOException {
        return run(c, src, rule, options, out, output, null, l -> l, List.of());
    }

    private static double run(Config c, Source src, UpdateRule rule, OptimizerOptions options, PrintWriter out,
            Path output, TrainingConfig config, java.util.function.UnaryOperator<TrainingListener> listener,
            List<Callback> more) throws IOException {
        if (!TextData.isText(src.data())) {
            throw new ParameterException("data", src.data(), "a recurrent classifier trains on texts: the spam "
                    + "corpus, a folder of class folders of .txt files, or a CSV with text columns (a character "
                    + "language model trains on a plain text file)");
        }
        Sequences data = sequences(c, src);
        for (String note : data.table() == null ? List.<String>of() : data.table().notes()) {
            out.println("note: " + note);
        }
        int classes = data.classes().size();
        int outputs = classes == 2 ? 1 : classes;
        int[][] seqs = data.tokens();
        float[] y = data.labels();
        int testCount = data.testCount();
        int used = seqs.length;
        long total = 0;
        for (int[] s : seqs) {
            total += s.length;
        }
        SplittableRandom rng = new SplittableRandom(c.seed());
        SequenceClassifier net = network(c, outputs, rng);
        Trainer trainer = new Trainer(net, outputs == 1 ? Loss.BCE_WITH_LOGITS : Loss.CROSS_ENTROPY,
                rule.on(net.parameters(), options));
        int trainCount = used - testCount;
        RecurrentSpec s = c.model();
        out.printf("%s: %d train, %d test " + (src.data().equals("spam") ? "e-mails" : "texts") + ", %.0f tokens each on average (first %d), embedding 2^%d x %d, "
                + "%s%s %d%s, %s pooling, %s, %s%n", src.data().equals("spam") ? "spam-sequence" : src.data(), trainCount, testCount, (double) total / used, s.maxLenOr(600),
                c.bits(), s.embedOr(32), s.bidirectional() ? "bidirectional " : "", s.cell(), s.hidden(),
                s.layers() > 1 ? " x " + s.layers() + " layers" : "", s.meanPooling() ? "mean" : "last", rule,
                clipping(options));
        // The one training loop; the test rows come first in split order, the training rows after them.
        int[] testRows = new int[testCount];
        int[] trainRows = new int[trainCount];
        for (int i = 0; i < testCount; i++) {
            testRows[i] = i;
        }
        for (int i = 0; i < trainCount; i++) {
            trainRows[i] = testCount + i;
        }
        Examples all = Examples.tokens(seqs, y);
        Examples test = all.select(testRows);
        double validationSplit = config != null ? config.validationSplit() : 0;
        FitOptions.Builder fit = FitOptions.builder().epochs(c.epochs()).batchSize(c.batch()).seed(c.seed())
                .metrics(Metric.ACCURACY).listener(listener.apply(printing(out, c.epochs(), validationSplit > 0 || data.validation() != null)));
        if (data.validation() != null && validationSplit > 0) {
            throw new ParameterException("validationData", src.validationData(), "give validation data or a "
                    + "validation split, not both");
        }
        if (validationSplit > 0) {
            fit.validationSplit(validationSplit);
        } else {
            fit.validation(data.validation() != null ? data.validation() : test);
        }
        List<Callback> callbacks = Callbacks.forRun(trainer, output, config != null && config.resume(),
                config != null ? config.earlyStopping() : null, validationSplit > 0 || data.validation() != null, more,
                out);
        fit.callbacks(callbacks.toArray(new Callback[0]));
        History history = trainer.fit(all.select(trainRows), fit.build());
        double accuracy = trainer.evaluate(test, List.of(Metric.ACCURACY)).get("accuracy");
        double loss = history.epochs().isEmpty() ? Double.NaN : history.last("loss");
        if (output != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", (s.bidirectional() ? "bi" : "") + s.cellName() + ":" + s.hidden() + "x" + s.layers());
            m.put("cell", s.cell().id());
            m.put("hidden", s.hidden());
            m.put("layers", s.layers());
            m.put("bidirectional", s.bidirectional());
            m.put("embed", s.embedOr(32));
            m.put("pooling", s.meanPooling() ? "mean" : "last");
            m.put("outputs", outputs);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("optimizer", rule.toString());
            training.put("clipping", clipping(options));
            training.put("epochs", c.epochs());
            training.put("batch_size", c.batch());
            training.put("seed", c.seed());
            training.put("train_loss", loss);
            if (config != null) {
                training.put("config", config.toJson());
            }
            ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                    ModelDescription.Kind.SEQUENCE_CLASSIFIER, data.classes(), m,
                    TrainedModel.tokenSequenceInput(tokens(c), c.testSplit(), c.splitSeed(), c.limit(), data.table()))
                    .withTraining(training).withMetrics(Map.of("accuracy", accuracy))
                    .withProvenance("data", Map.of("train", src.data(), "train_rows", trainCount, "test", src.testData() != null
                            ? src.testData() : "split of " + src.data(), "test_rows", testCount))
                    .withProvenance("created", java.time.Instant.now().toString());
            ModelFolder.write(output, net, d);
            out.println("wrote " + output + ": model.json, model.safetensors, checkpoint.safetensors, history.csv");
        }
        return accuracy;
    }

}
