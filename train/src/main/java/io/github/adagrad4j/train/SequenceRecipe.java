package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.table.TableEncoder;
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
 * double acc = SequenceRecipe.run(SequenceRecipe.full().output(Path.of("runs/spam-sequence")).build(), out);
 * }</pre>
 */
public final class SequenceRecipe {
    private SequenceRecipe() {
    }

    /**
     * The README's run: SpamAssassin, embedding 32, bidirectional GRU 64 on the first 600 tokens,
     * mean pooling, 2^18 embedding rows, 3 epochs of batch 32, AdaGrad(0.1), clipping at global norm
     * 5 (backpropagation through hundreds of steps can explode, and AdaGrad's first steps are as
     * large as its learning rate); ready for an output folder.
     */
    public static TrainingConfig.Builder full() {
        return TrainingConfig.builder().data("spam").model("bigru:64,embed=32,max-len=600,pool=mean").hashBits(18)
                .batchSize(32).epochs(3).optimizer("adagrad").optimizerOption("lr", "0.1").clipNorm(5.0);
    }

    /** The suite's run: the first 300 e-mails, a GRU of 8 on 40 tokens, 2^14 rows, one epoch of batch 16. */
    public static TrainingConfig.Builder small() {
        return full().model("bigru:8,embed=8,max-len=40,pool=mean").hashBits(14).batchSize(16).epochs(1)
                .trainLimit(300);
    }

    /** The recurrent spec of a run. */
    private static RecurrentSpec spec(TrainingConfig c) {
        return RecurrentSpec.parse(c.model());
    }

    /** Embedding rows: 2^hashBits, 2^18 unless set. */
    private static int bits(TrainingConfig c) {
        return c.hashBits() != null ? c.hashBits() : 18;
    }

    /**
     * Token sequences (hashed, truncated) and labels in split order: the first {@code testCount}
     * are the test part; the class names, and the table encoder of a CSV source (else null).
     */
    public record Sequences(int[][] tokens, float[] labels, int testCount, List<String> classes, TableEncoder table,
            Examples validation) {
    }

    private static SequenceClassifier network(TrainingConfig c, int outputs, SplittableRandom rng) {
        RecurrentSpec s = spec(c);
        return new SequenceClassifier(1 << bits(c), s.embedOr(32), s.cell(), s.hidden(), s.layers(), s.bidirectional(),
                s.meanPooling(), outputs, rng);
    }

    private static TokenHashing tokens(TrainingConfig c) {
        return new TokenHashing(bits(c), spec(c).maxLenOr(600));
    }

    /**
     * A run's texts as token sequences in split order, the test part first, as {@link #run} trains
     * on them (also for PyTorch's peer). {@code trainLimit} N caps the texts at the first N of the
     * split's order, of which the test fraction is held out.
     */
    public static Sequences sequences(TrainingConfig c) throws IOException {
        TextData all = TextData.load(c.data(), c.tableOptions(true), c.testData() == null
                ? new TextData.Split(c.testSplit(), c.splitSeedOrSeed()) : null);
        TextData test;
        TextData train;
        if (c.testData() != null) {
            test = TextData.loadLike(c.testData(), all);
            train = c.trainLimit() > 0 ? all.select(firstRows(Math.min(c.trainLimit(), all.count()))) : all;
        } else {
            SklearnSplit.Indices split = SklearnSplit.indices(all.count(), c.testSplit(), c.splitSeedOrSeed(),
                    c.trainLimit());
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
        if (c.validationData() != null) {
            TextData v = TextData.loadLike(c.validationData(), all, "validationData");
            validation = Examples.tokens(tokens.encodeAll(v.texts()), v.labels());
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
     * A recurrent classifier as {@code config} describes it ({@code model} a recurrent spec; 2^18
     * hash buckets unless it sets the bits; clipping at global norm 5 unless it sets clipping):
     * trains, prints a line per epoch and returns the test accuracy; with an output folder, writes
     * the model folder, its checkpoint and {@code history.csv} there.
     */
    public static double run(TrainingConfig config, PrintWriter out) throws IOException {
        config.refuseFolds("a recurrent sequence classifier");
        TrainingConfig c = config;
        UpdateRule rule = config.rule();
        OptimizerOptions options = config.executorOptions(5.0, null);
        Path output = config.output();
        if (!TextData.isText(c.data())) {
            throw new ParameterException("data", c.data(), "a recurrent classifier trains on texts: the spam "
                    + "corpus, a folder of class folders of .txt files, or a CSV with text columns (a character "
                    + "language model trains on a plain text file)");
        }
        Sequences data = sequences(c);
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
        RecurrentSpec s = spec(c);
        boolean spam = c.data().equals("spam");
        out.printf("%s: %d train, %d test " + (spam ? "e-mails" : "texts") + ", %.0f tokens each on average (first %d), "
                + "embedding 2^%d x %d, %s%s %d%s, %s pooling, %s, %s%n", spam ? "spam-sequence" : c.data(), trainCount,
                testCount, (double) total / used, s.maxLenOr(600), bits(c), s.embedOr(32), s.bidirectional() ? "bidirectional " : "", s.cell(), s.hidden(),
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
        double validationSplit = c.validationSplit();
        FitOptions.Builder fit = FitOptions.builder().epochs(c.epochs()).batchSize(c.batchSize()).seed(c.seed())
                .metrics(Metric.ACCURACY).listener(printing(out, c.epochs(), validationSplit > 0 || data.validation() != null));
        if (data.validation() != null && validationSplit > 0) {
            throw new ParameterException("validationData", c.validationData(), "give validation data or a "
                    + "validation split, not both");
        }
        if (validationSplit > 0) {
            fit.validationSplit(validationSplit);
        } else {
            fit.validation(data.validation() != null ? data.validation() : test);
        }
        List<Callback> callbacks = Callbacks.forRun(trainer, c, output,
                c.data() + " / " + c.model() + " / " + rule.name(), true, validationSplit > 0 || data.validation() != null,
                List.of(), out);
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
            Map<String, Object> training = ModelDescription.training(c, rule, history.epochs().size());
            training.put("clipping", clipping(options));
            training.put("train_loss", loss);
            ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                    ModelDescription.Kind.SEQUENCE_CLASSIFIER, data.classes(), m,
                    TrainedModel.tokenSequenceInput(tokens(c), c.testSplit(), c.splitSeedOrSeed(), c.trainLimit(),
                            data.table()))
                    .withTraining(training).withMetrics(Map.of("accuracy", accuracy))
                    .withProvenance("data", Map.of("train", c.data(), "train_rows", trainCount, "test",
                            c.testData() != null ? c.testData() : "split of " + c.data(), "test_rows", testCount))
                    .withProvenance("created", java.time.Instant.now().toString());
            ModelFolder.write(output, net, d);
            out.println("wrote " + output + ": " + ModelFolder.runFiles(c));
        }
        return accuracy;
    }

}
