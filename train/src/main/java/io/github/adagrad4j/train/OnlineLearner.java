package io.github.adagrad4j.train;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.stream.ExampleBlock;
import io.github.adagrad4j.data.stream.ExampleCache;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.Checkpoint;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One-pass (or few-pass) learning of a linear model on a stream of hashed examples, as Vowpal
 * Wabbit does it, with any sparse-capable rule of {@code optim}: each example is scored, its loss
 * counted (progressive validation), then learned from by one {@link Optimizer#stepCoordinates}
 * on the coordinates it touches, or for {@code kalman} one {@link Optimizer#observe}, a filter's
 * step that weighs the example by the loss's curvature. Parsing, hashing and expanding the interactions run on threads
 * of their own ({@link ExampleStream}); this thread learns, and parses too only while it would
 * otherwise wait. What it computes does not depend on timing. The result is a model
 * folder like {@code train}'s (kind {@code sparse-linear}, input {@code hashed-features}) with a
 * checkpoint of the optimizer's state beside it, so learning can continue from it bit for bit.
 *
 * <pre>{@code
 * OnlineLearner.Result r = OnlineLearner.builder().data("clicks.vw").options(ExampleStream.Options.of(StreamFormat.VW))
 *         .hashing(FeatureHashing.builder().bits(22).build()).loss(OnlineLoss.LOGISTIC)
 *         .rule(Ftrl.builder().alpha(0.05).l1(1).build(), Map.of("lr", "0.05", "l1", "1")).output(Path.of("runs/ctr")).build()
 *         .run(new PrintWriter(System.out, true));
 * }</pre>
 */
public final class OnlineLearner {
    /** The input kind this learner's folders record. */
    public static final String INPUT_KIND = "hashed-features";
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    private final Builder c;
    private FeatureHashing hashing;
    private OnlineLoss loss;
    private SparseLinear layer;
    private Optimizer optimizer;
    private float[] w;
    /** An example's feature values (for a filter) or gradient (for the other rules), from index 0 like its coordinates. */
    private float[] x = new float[256];
    /** Whether the rule weighs an example by the loss's curvature ({@code kalman}). */
    private boolean filters;
    /** What {@link #touch} read, summed: never used, only kept. */
    private float touched;
    /** A classifier's labels, {0, 1} or {-1, 1}. */
    private TwoClassLabels labels;

    // Progressive validation, over the first pass's learned examples (continued from an initial model).
    private long examples;
    private double weightedSum;
    private double lossSum;
    private long featureSum;
    private double sinceLoss;
    private double sinceWeight;
    private long nextReport = 1;
    private double holdoutLoss;
    private double holdoutWeight;

    private OnlineLearner(Builder b) {
        this.c = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a run did.
     *
     * @param examples examples learned in the first pass (held-out ones not counted), counted on from an initial model's
     * @param averageLoss their progressive loss
     * @param features the features they had, the constant and interactions included
     * @param holdoutLoss the last pass's held-out loss, NaN with one pass
     * @param seconds the run's time, parsing included
     * @param bytesParsed the first pass's uncompressed bytes
     */
    public record Result(long examples, double weightedSum, double averageLoss, long features, double holdoutLoss,
            int passes, double seconds, long bytesParsed, long badLines) {
    }

    /** Learns the stream (and the passes after it) and writes the model folder. */
    public Result run(PrintWriter out) throws IOException {
        setUp(out);
        long started = System.nanoTime();
        int passesDone = 0;
        long bytes = 0;
        long bad = 0;
        double bestHoldout = Double.POSITIVE_INFINITY;
        int worse = 0;
        Path cache = c.passes > 1 ? (c.cache != null ? c.cache : Files.createTempFile("adagrad4j-", ".cache")) : null;
        long processed = 0;
        double pass1Seconds = 0;
        try (BufferedWriter predictions = c.predictions == null ? null
                : Files.newBufferedWriter(c.predictions, StandardCharsets.UTF_8)) {
            for (int pass = 1; pass <= c.passes; pass++) {
                holdoutLoss = 0;
                holdoutWeight = 0;
                long passStart = System.nanoTime();
                // The parsing threads expand the examples too: work taken off the one thread that learns.
                ExampleStream stream = pass == 1 ? ExampleStream.open(c.data, c.options.withExpansion(true), hashing)
                        : ExampleStream.cache(cache, hashing, c.options.blockSize(), c.options.ring());
                try (stream; ExampleCache.Writer writer = pass == 1 && cache != null ? ExampleCache.writer(cache, hashing)
                        : null) {
                    processed += pass(stream, pass, writer, predictions, out);
                    if (pass == 1) {
                        bytes = stream.bytesParsed();
                        bad = stream.badLines();
                        for (String m : stream.badLineMessages()) {
                            out.println("skipped: " + m);
                        }
                        pass1Seconds = (System.nanoTime() - passStart) / 1e9;
                    }
                } catch (IOException | RuntimeException e) {
                    if (c.saveOnError && c.output != null) {
                        save("stopped by an error after " + examples + " examples: " + e.getMessage());
                        out.println("saved the model learned from the " + examples + " examples before the error to "
                                + c.output);
                    }
                    throw e;
                }
                passesDone = pass;
                if (c.passes > 1) {
                    double h = holdoutWeight > 0 ? holdoutLoss / holdoutWeight : Double.NaN;
                    boolean better = h < bestHoldout;
                    out.printf(Locale.ROOT, "pass %d: holdout loss %.6f%s%n", pass, h, better ? "" : " (no better)");
                    if (better) {
                        bestHoldout = h;
                        worse = 0;
                    } else if (++worse >= c.earlyTerminate) {
                        out.printf(Locale.ROOT, "stopping: %d pass%s without a better holdout loss%n", worse,
                                worse == 1 ? "" : "es");
                        break;
                    }
                }
            }
        } finally {
            if (cache != null && c.cache == null) {
                Files.deleteIfExists(cache);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double avg = weightedSum > 0 ? lossSum / weightedSum : Double.NaN;
        double h = holdoutWeight > 0 ? holdoutLoss / holdoutWeight : Double.NaN;
        if (c.output != null) {
            save(null);
        }
        out.println();
        out.println("finished run");
        out.println("number of examples = " + examples);
        out.printf(Locale.ROOT, "weighted example sum = %s%n", number(weightedSum));
        out.printf(Locale.ROOT, "average loss = %.6f%s%n", c.passes > 1 ? h : avg, c.passes > 1 ? " h" : "");
        out.println("total feature number = " + featureSum);
        out.printf(Locale.ROOT, "throughput = %.0f examples/s (%.1f MB/s parsed)%n", processed / seconds,
                pass1Seconds > 0 ? bytes / 1e6 / pass1Seconds : 0);
        if (bad > 0) {
            out.println("bad lines skipped = " + bad);
        }
        return new Result(examples, weightedSum, avg, featureSum, h, passesDone, seconds, bytes, bad);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    private void setUp(PrintWriter out) throws IOException {
        hashing = c.hashing;
        loss = c.loss;
        Map<String, String> restored = Map.of();
        ModelDescription saved = null;
        if (c.initialModel != null) {
            saved = ModelFolder.read(c.initialModel);
            Map<String, Object> input = saved.input();
            if (saved.kind() != ModelDescription.Kind.SPARSE_LINEAR || !INPUT_KIND.equals(input.get("kind"))) {
                throw new ParameterException("initialModel", c.initialModel.toString(), "is a " + saved.kind().id()
                        + " model of " + input.get("kind") + " input; learning continues from a model learn wrote");
            }
            FeatureHashing h = FeatureHashing.fromDescription(JsonFields.map(input, "hashing"));
            if (hashing != null && !hashing.equals(h)) {
                throw new ParameterException("initialModel", c.initialModel.toString(), "was learned with "
                        + h.describe() + ", not " + hashing.describe() + "; leave the hashing options out to take the "
                        + "model's");
            }
            hashing = h;
            OnlineLoss l = OnlineLoss.of(JsonFields.string(saved.training(), "loss"));
            if (loss != null && loss != l) {
                throw new ParameterException("loss", loss.id(), "the initial model was learned with the " + l.id()
                        + " loss");
            }
            loss = l;
        }
        if (hashing == null) {
            hashing = FeatureHashing.builder().build();
        }
        if (loss == null) {
            loss = OnlineLoss.LOGISTIC;
        }
        filters = !c.rule.learnsFromGradients();
        if (filters && loss.curvature(0) == 0) {
            throw new ParameterException("loss", loss.id(), c.rule.name() + " weighs each example by the loss's "
                    + "curvature, and the " + loss.id() + " loss has none (it is linear on either side of its kink): use "
                    + "logistic or squared");
        }
        labels = new TwoClassLabels("a " + loss.id() + " stream");
        layer = new SparseLinear(hashing.buckets(), 1);
        w = layer.weight().data();
        OptimizerOptions options = OptimizerOptions.builder().threads(1).schedule(c.schedule).nonFinite(c.nonFinite)
                .build();
        optimizer = c.rule.on(List.of(layer.weight()), options);
        if (saved != null) {
            Path ckpt = c.initialModel.resolve(CHECKPOINT_FILE);
            if (!Files.exists(ckpt)) {
                throw new DataFormatException(ckpt.toString(), "is missing: the initial model has no optimizer state to "
                        + "continue from");
            }
            Map<String, String> meta = Checkpoint.metadata(ckpt);
            String savedHyper = meta.get("hyperparameters");
            String hyper = Json.write(c.rule.hyperparameters());
            if (c.rule.name().equals(meta.get("optimizer")) && !hyper.equals(savedHyper)) {
                throw new ParameterException("initialModel", c.initialModel.toString(), "was learned by " + meta.get(
                        "optimizer") + " with " + savedHyper + ", this run gives " + hyper + "; give the same options "
                        + "(or none) to continue");
            }
            Checkpoint.load(ckpt, optimizer);
            restored = meta;
            examples = Long.parseLong(meta.getOrDefault("examples", "0"));
            weightedSum = Double.parseDouble(meta.getOrDefault("weighted_sum", "0"));
            lossSum = Double.parseDouble(meta.getOrDefault("loss_sum", "0"));
            featureSum = Long.parseLong(meta.getOrDefault("features", "0"));
            labels.restore(Integer.parseInt(meta.getOrDefault("negative_label", "1")));
            nextReport = 1;
            while (nextReport <= examples) {
                nextReport *= 2;
            }
            out.printf(Locale.ROOT, "continuing %s after %d examples%n", c.initialModel, examples);
        }
        out.printf(Locale.ROOT, "learning %s (%s): %d-bit table, %s loss, %s%s%s%n", c.data, c.options.format().id(),
                hashing.bits(), loss.id(), c.rule, hashing.interactions().isEmpty() ? ""
                        : ", interactions " + String.join(",", hashing.interactions()),
                c.passes > 1 ? ", " + c.passes + " passes, every " + c.holdoutPeriod + "th example held out" : "");
        if (c.progress) {
            out.printf("%-10s %-10s %12s %14s %8s %8s %8s%n", "average", "since", "example", "example", "current",
                    "current", "current");
            out.printf("%-10s %-10s %12s %14s %8s %8s %8s%n", "loss", "last", "counter", "weight", "label", "predict",
                    "features");
        }
        if (restored.isEmpty() && c.output != null) {
            ModelFolder.claim(c.output, "learn", ModelFolder.DESCRIPTION_FILE);
        }
    }

    /** One pass over a stream; returns the examples it read. */
    private long pass(ExampleStream stream, int pass, ExampleCache.Writer cache, BufferedWriter predictions,
            PrintWriter out) throws IOException {
        float[][] tables = tables();
        long position = 0;
        boolean holdout = c.passes > 1;
        int[] idx = new int[64];
        for (ExampleBlock b; (b = stream.next()) != null; ) {
            if (cache != null) {
                cache.write(b);
            }
            int[] indices = b.expandedIndex();
            float[] values = b.expandedValue();
            for (int e = 0; e < b.size(); e++) {
                int from = b.expandedFrom(e);
                int n = b.expandedFrom(e + 1) - from;
                // The table lines the next example touches are read before this one is learned from, so that
                // their cache misses overlap this one's arithmetic.
                if (e + 1 < b.size()) {
                    touch(tables, indices, b.expandedFrom(e + 1), b.expandedFrom(e + 2));
                }
                position++;
                float label = b.label(e);
                if (Float.isNaN(label)) {
                    throw new DataFormatException(stream.source(), b.line(e), "has no label; learn needs a label on "
                            + "every line");
                }
                double y = target(label, stream.source(), b.line(e));
                if (idx.length < n) {
                    idx = new int[Math.max(n, 2 * idx.length)];
                }
                // The step takes the indices from 0: a copy of a few dozen ints.
                System.arraycopy(indices, from, idx, 0, n);
                double p = 0;
                for (int k = 0; k < n; k++) {
                    p += w[idx[k]] * values[from + k];
                }
                float importance = b.weight(e);
                double l = loss.loss(p, y) * importance;
                boolean heldOut = holdout && position % c.holdoutPeriod == 0;
                if (heldOut) {
                    holdoutLoss += l;
                    holdoutWeight += importance;
                    continue;
                }
                if (pass == 1) {
                    examples++;
                    weightedSum += importance;
                    lossSum += l;
                    featureSum += b.rawCount(e);
                    sinceLoss += l;
                    sinceWeight += importance;
                    if (predictions != null) {
                        predictions.write(String.format(Locale.ROOT, "%.6f", loss.prediction(p)));
                        String tag = b.tag(e);
                        if (!tag.isEmpty()) {
                            predictions.write(' ');
                            predictions.write(tag);
                        }
                        predictions.write('\n');
                    }
                    if (c.progress && examples == nextReport) {
                        out.printf(Locale.ROOT, "%-10.6f %-10.6f %12d %14s %8.4f %8.4f %8d%n", lossSum / weightedSum,
                                sinceWeight > 0 ? sinceLoss / sinceWeight : 0.0, examples, number(weightedSum), label,
                                loss.prediction(p), b.rawCount(e));
                        out.flush();
                        sinceLoss = 0;
                        sinceWeight = 0;
                        nextReport *= 2;
                    }
                }
                double slope = loss.derivative(p, y) * importance;
                if (x.length < n) {
                    x = new float[Math.max(n, x.length * 2)];
                }
                try {
                    if (filters) {
                        System.arraycopy(values, from, x, 0, n);
                        optimizer.observe(0, idx, x, n, slope, loss.curvature(p) * importance);
                    } else {
                        // The gradient straight from the block: what observe would make of it, a copy fewer (3%).
                        for (int k = 0; k < n; k++) {
                            x[k] = (float) (slope * values[from + k]);
                        }
                        optimizer.stepCoordinates(0, idx, x, n);
                    }
                } catch (io.github.adagrad4j.optim.NonFiniteGradientException ex) {
                    throw new DataFormatException(stream.source(), b.line(e), "cannot be learned from: " + ex.getMessage()
                            + " (a feature value too large for float arithmetic? score " + p + ")");
                }
                if (c.saveEvery > 0 && pass == 1 && examples % c.saveEvery == 0 && c.output != null) {
                    save(null);
                }
            }
        }
        return position;
    }

    /** The weights and every state slot of the optimizer: the tables a step reads and writes. */
    private float[][] tables() {
        ParamState st = optimizer.state(layer.weight().name());
        float[][] t = new float[1 + st.slotNames().size()][];
        t[0] = w;
        for (int j = 0; j < st.slotNames().size(); j++) {
            t[j + 1] = st.slot(st.slotNames().get(j));
        }
        return t;
    }

    /**
     * Reads the tables at {@code index[from, to)}, so that the next example finds those lines in cache;
     * the sum is kept so that the reads are not optimised away.
     */
    private void touch(float[][] tables, int[] index, int from, int to) {
        float sum = 0;
        for (float[] t : tables) {
            for (int k = from; k < to; k++) {
                sum += t[index[k]];
            }
        }
        touched += sum;
    }

    /** The label as the loss takes it: -1/1 for classifiers (from {-1, 1} or {0, 1}, never both), the value otherwise. */
    private double target(float label, String source, long line) throws DataFormatException {
        if (!loss.classifies()) {
            return label;
        }
        return labels.positive(label, source, line) ? 1 : -1;
    }

    /** Writes the checkpoint (weights, state and progress, in one atomic file), then the weights and description. */
    private void save(String note) throws IOException {
        Files.createDirectories(c.output);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("examples", Long.toString(examples));
        meta.put("weighted_sum", Double.toString(weightedSum));
        meta.put("loss_sum", Double.toString(lossSum));
        meta.put("features", Long.toString(featureSum));
        meta.put("negative_label", Integer.toString(labels.negative()));
        Checkpoint.save(c.output.resolve(CHECKPOINT_FILE), optimizer, meta);
        ModelFolder.write(c.output, layer, description(note));
    }

    private ModelDescription description(String note) {
        List<String> classes = List.of();
        ModelDescription.Task task = ModelDescription.Task.REGRESSION;
        if (loss.classifies()) {
            task = ModelDescription.Task.CLASSIFICATION;
            classes = labels.classes(c.options.format() == io.github.adagrad4j.data.stream.StreamFormat.VW);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("spec", "sparse-linear");
        model.put("input_shape", new int[] {hashing.buckets()});
        model.put("outputs", 1);
        Map<String, Object> input = input(c.options, hashing);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", c.rule.toString());
        training.put("rule", c.rule.name());
        training.put("rule_options", c.ruleOptions);
        training.put("schedule", c.scheduleSpec);
        training.put("loss", loss.id());
        training.put("passes", c.passes);
        training.put("holdout_period", c.holdoutPeriod);
        training.put("examples", examples);
        if (note != null) {
            training.put("note", note);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (weightedSum > 0) {
            metrics.put("progressive_" + (loss == OnlineLoss.LOGISTIC ? "log_loss" : loss.id() + "_loss"),
                    lossSum / weightedSum);
        }
        if (holdoutWeight > 0) {
            metrics.put("holdout_loss", holdoutLoss / holdoutWeight);
        }
        ModelDescription d = ModelDescription.of(task, ModelDescription.Kind.SPARSE_LINEAR, classes, model, input)
                .withTraining(training).withMetrics(metrics)
                .withProvenance("data", Map.of("train", c.data, "examples", examples))
                .withProvenance("command", c.commandLine)
                .withProvenance("created", java.time.Instant.now().toString());
        return d;
    }

    /** The {@code input} description of examples read as {@code options} says and hashed by {@code hashing}. */
    static Map<String, Object> input(ExampleStream.Options options, FeatureHashing hashing) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("kind", INPUT_KIND);
        input.put("features", hashing.buckets());
        input.put("format", options.format().id());
        if (options.label() != null) {
            input.put("label", options.label());
        }
        input.put("categorical", options.categorical());
        input.put("hashing", hashing.describe());
        return input;
    }

    /** Settings of a run; {@link #build()} checks them together. */
    public static final class Builder {
        private String data;
        private ExampleStream.Options options;
        private FeatureHashing hashing;
        private OnlineLoss loss;
        private UpdateRule rule;
        private Map<String, String> ruleOptions = Map.of();
        private LrSchedule schedule = LrSchedule.constant();
        private String scheduleSpec = "constant";
        private NonFinitePolicy nonFinite = NonFinitePolicy.THROW;
        private int passes = 1;
        private int holdoutPeriod = 10;
        private int earlyTerminate = 3;
        private Path cache;
        private Path output;
        private Path predictions;
        private Path initialModel;
        private long saveEvery;
        private boolean saveOnError;
        private boolean progress = true;
        private String commandLine;

        private Builder() {
        }

        /** A file, or {@code -} for stdin. */
        public Builder data(String data) {
            this.data = data;
            return this;
        }

        public Builder options(ExampleStream.Options options) {
            this.options = options;
            return this;
        }

        /** The hashing; null takes the initial model's, or the default 20 bits. */
        public Builder hashing(FeatureHashing hashing) {
            this.hashing = hashing;
            return this;
        }

        /** The loss; null takes the initial model's, or logistic. */
        public Builder loss(OnlineLoss loss) {
            this.loss = loss;
            return this;
        }

        /** The rule, with its name and options as {@code Rules.create} took them (recorded in model.json). */
        public Builder rule(UpdateRule rule, Map<String, String> options) {
            this.rule = rule;
            this.ruleOptions = Map.copyOf(options);
            return this;
        }

        public Builder schedule(LrSchedule schedule, String spec) {
            this.schedule = schedule;
            this.scheduleSpec = spec;
            return this;
        }

        public Builder nonFinite(NonFinitePolicy nonFinite) {
            this.nonFinite = nonFinite;
            return this;
        }

        public Builder passes(int passes) {
            if (passes < 1) {
                throw new ParameterException("passes", Integer.toString(passes), "at least 1");
            }
            this.passes = passes;
            return this;
        }

        public Builder holdoutPeriod(int period) {
            if (period < 2) {
                throw new ParameterException("holdoutPeriod", Integer.toString(period), "at least 2 (every 2nd example "
                        + "or rarer is held out)");
            }
            this.holdoutPeriod = period;
            return this;
        }

        public Builder earlyTerminate(int passes) {
            if (passes < 1) {
                throw new ParameterException("earlyTerminate", Integer.toString(passes), "at least 1");
            }
            this.earlyTerminate = passes;
            return this;
        }

        /** Where the first pass writes the hashed examples for the next passes (default: a temporary file). */
        public Builder cache(Path cache) {
            this.cache = cache;
            return this;
        }

        public Builder output(Path output) {
            this.output = output;
            return this;
        }

        public Builder predictions(Path predictions) {
            this.predictions = predictions;
            return this;
        }

        public Builder initialModel(Path dir) {
            this.initialModel = dir;
            return this;
        }

        /** Writes the folder every {@code n} examples (0: at the end only). */
        public Builder saveEvery(long n) {
            if (n < 0) {
                throw new ParameterException("saveEvery", Long.toString(n), "0 (never) or more examples");
            }
            this.saveEvery = n;
            return this;
        }

        public Builder saveOnError(boolean save) {
            this.saveOnError = save;
            return this;
        }

        /** Prints the progressive-validation lines (default true). */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        public Builder commandLine(String commandLine) {
            this.commandLine = commandLine;
            return this;
        }

        public OnlineLearner build() {
            if (data == null || options == null || rule == null) {
                throw new IllegalArgumentException("a stream learner needs data, stream options and a rule");
            }
            return new OnlineLearner(this);
        }
    }
}
