package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.SparseGradient;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.Checkpoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a linear model on a Spark {@code Dataset} with any adagrad4j update rule, in one of two
 * data-parallel modes, shared by {@link AdaGradClassifier} and {@link AdaGradRegressor}.
 *
 * <ul>
 *   <li><b>Synchronous</b> (default): each step, every partition sums the gradient of its next
 *       mini-batch at the current weights; {@code treeAggregate} adds the sums exactly
 *       ({@link ExactSparseSum}, touched features only); the driver divides by the batch weight
 *       and applies one step of the rule, whose state lives on the driver. Executors keep a
 *       replica of the weights updated by per-step deltas ({@link Replicas}).
 *   <li><b>Averaging</b> (parameter mixing): each partition runs the rule over its rows for an
 *       epoch from the current weights and optimizer state; the driver averages the weights and
 *       the state (AdaGrad's accumulators) over partitions.
 * </ul>
 *
 * The result depends only on the data, its partitioning and the seed: partial sums are exact, row
 * orders are seeded, and a retried or relocated task recomputes the same numbers.
 */
final class LinearTrainer {
    private static final System.Logger LOG = System.getLogger(LinearTrainer.class.getName());
    static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    /** Called by every step's task before it computes, with its attempt; tests inject failures with it. */
    interface StepHook extends Serializable {
        void beforeStep(int epoch, int step, int partition);
    }

    /** Everything a fit needs besides the data; the part shipped to executors is small. */
    record Config(String ruleSpec, LinearLoss loss, int outputs, int numClasses, double huberDelta, int maxIter,
                  int batchSize, double miniBatchFraction, double tol, long seed, boolean fitIntercept,
                  boolean standardization, int aggregationDepth, int checkpointInterval, String checkpointDir,
                  boolean averaging, String labelCol, String featuresCol, String weightCol, StepHook hook)
            implements Serializable {
        /** What a checkpoint must agree with to be resumed (not maxIter: a fit may be extended). */
        String signature(int dim, long rows, int partitions) {
            return String.join("|", ruleSpec, loss.name(), Integer.toString(outputs), Double.toString(huberDelta),
                    Integer.toString(batchSize), Double.toString(miniBatchFraction), Long.toString(seed),
                    Boolean.toString(fitIntercept), Boolean.toString(standardization), Boolean.toString(averaging),
                    Integer.toString(dim), Long.toString(rows), Integer.toString(partitions));
        }
    }

    /** The fitted weights in the original feature space, {@code [dim, k]} and {@code k}, and the loss per epoch. */
    record Fitted(int numFeatures, int outputs, float[] coefficients, float[] intercept, double[] lossHistory) {
    }

    private LinearTrainer() {
    }

    /** The data read into cached, checked blocks: what every training mode starts from. */
    record Prepared(int dim, JavaRDD<Block> blocks, List<Integer> sizes, long rows, JavaSparkContext sc) {
    }

    /**
     * Reads the label, weight and features columns into one {@link Block} per partition (cached,
     * so each step reads memory, and recomputed from the source if an executor is lost), checking
     * every row: the errors come before any training. The caller unpersists the blocks.
     */
    static Prepared prepare(Dataset<?> dataset, Config c) {
        List<String> columns = Arrays.asList(dataset.columns());
        if (!c.weightCol().isEmpty() && !columns.contains(c.weightCol())) {
            throw new IllegalArgumentException("weightCol '" + c.weightCol() + "' is not a column; the columns are "
                    + columns);
        }
        Dataset<Row> df = dataset.select(functions.col(c.labelCol()).cast("double"),
                c.weightCol().isEmpty() ? functions.lit(1.0) : functions.col(c.weightCol()).cast("double"),
                functions.col(c.featuresCol()));
        List<Row> first = df.limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("the dataset is empty: nothing to train on");
        }
        int dim = ((Vector) first.get(0).get(2)).size();
        if (dim < 1) {
            throw new IllegalArgumentException("column '" + c.featuresCol() + "': vectors of size 0, nothing to learn from");
        }
        JavaRDD<Block> blocks = df.javaRDD().mapPartitionsWithIndex((p, it) -> List.of(block(p, it, dim, c)).iterator(),
                true).persist(StorageLevel.MEMORY_AND_DISK());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        try {
            List<Integer> sizes = blocks.map(Block::rows).collect();
            long rows = sizes.stream().mapToLong(Integer::longValue).sum();
            if (rows == 0) {
                throw new IllegalArgumentException("the dataset is empty: nothing to train on");
            }
            return new Prepared(dim, blocks, sizes, rows, sc);
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
    }

    /** Whether the last epoch's loss moved by at most {@code tol} relative to the one before. */
    static boolean converged(List<Double> history, double tol) {
        int h = history.size();
        return h >= 2 && Math.abs(history.get(h - 1) - history.get(h - 2))
                <= tol * Math.max(1e-12, Math.abs(history.get(h - 2)));
    }

    /** Steps per epoch: enough for the largest partition to visit all its rows. */
    static int stepsPerEpoch(Config c, List<Integer> sizes) {
        int maxRows = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        return c.miniBatchFraction() > 0 ? (int) Math.ceil(1 / c.miniBatchFraction())
                : Math.max(1, (maxRows + c.batchSize() - 1) / c.batchSize());
    }

    static Fitted fit(Dataset<?> dataset, Config c, EpochListener listener) {
        UpdateRule rule = Rules.parse(c.ruleSpec());
        Prepared p = prepare(dataset, c);
        try {
            float[] scale = c.standardization() ? inverseStd(p.blocks(), p.dim(), c.aggregationDepth()) : null;
            // An empty array stands for no scaling: a broadcast value must not be null.
            Broadcast<float[]> scaleB = p.sc().broadcast(scale == null ? new float[0] : scale);
            try {
                return new Run(c, rule, p.dim(), p.sizes(), p.rows(), p.blocks(), p.sc(), scaleB, listener).train();
            } finally {
                scaleB.destroy();
            }
        } finally {
            p.blocks().unpersist(false);
        }
    }

    /** Reads and checks one partition's rows into a block, in a seeded order. */
    private static Block block(int partition, Iterator<Row> it, int dim, Config c) {
        List<Row> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        int n = rows.size();
        // Rows arrive in an order a shuffle read may vary (blocks fetched as they come): sort them by
        // content first, so the seeded order, and the model, depend on which rows a partition has only.
        long[] keyed = new long[n];
        Integer[] byContent = new Integer[n];
        for (int i = 0; i < n; i++) {
            keyed[i] = contentHash(rows.get(i));
            byContent[i] = i;
        }
        Arrays.sort(byContent, (a, b) -> Long.compare(keyed[a], keyed[b]));
        SplittableRandom rnd = new SplittableRandom(c.seed() ^ (0x5DEECE66DL * (partition + 1)));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(i + 1);
            order[i] = order[j];
            order[j] = byContent[i];
        }
        long nnz = 0;
        for (Row r : rows) {
            Vector v = (Vector) r.get(2);
            nnz += v instanceof SparseVector s ? s.indices().length : v.size();
        }
        if (nnz > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("partition " + partition + " holds " + nnz + " feature values; "
                    + "repartition the data into more partitions");
        }
        int[] start = new int[n + 1];
        int[] index = new int[(int) nnz];
        float[] value = new float[(int) nnz];
        double[] label = new double[n];
        double[] weight = new double[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int src = order[i];
            Row r = rows.get(src);
            String where = "partition " + partition + ", row " + src;
            if (r.isNullAt(0)) {
                throw new IllegalArgumentException("column '" + c.labelCol() + "': null label at " + where);
            }
            double y = r.getDouble(0);
            checkLabel(c, y, where);
            double w = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("column '" + c.weightCol() + "': weight " + w + " at " + where
                        + "; expected a finite value >= 0");
            }
            if (r.isNullAt(2)) {
                throw new IllegalArgumentException("column '" + c.featuresCol() + "': null vector at " + where);
            }
            Vector v = (Vector) r.get(2);
            if (v.size() != dim) {
                throw new IllegalArgumentException("column '" + c.featuresCol() + "': vector of size " + v.size()
                        + " at " + where + ", but the first row's has size " + dim);
            }
            start[i] = at;
            if (v instanceof SparseVector s) {
                int[] idx = s.indices();
                double[] val = s.values();
                for (int q = 0; q < idx.length; q++) {
                    index[at] = idx[q];
                    value[at++] = finite(val[q], idx[q], c, where);
                }
            } else {
                double[] val = ((DenseVector) v).values();
                for (int q = 0; q < val.length; q++) {
                    index[at] = q;
                    value[at++] = finite(val[q], q, c, where);
                }
            }
            label[i] = y;
            weight[i] = w;
        }
        start[n] = at;
        return new Block(partition, start, index, value, label, weight);
    }

    private static long contentHash(Row r) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 2; i++) {
            h = mix(h, r.isNullAt(i) ? 0 : Double.doubleToLongBits(r.getDouble(i)));
        }
        Object v = r.get(2);
        if (v instanceof SparseVector s) {
            for (int q = 0; q < s.indices().length; q++) {
                h = mix(mix(h, s.indices()[q]), Double.doubleToLongBits(s.values()[q]));
            }
        } else if (v instanceof DenseVector d) {
            for (double x : d.values()) {
                h = mix(h, Double.doubleToLongBits(x));
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        h ^= v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        return h * 0xBF58476D1CE4E5B9L;
    }

    private static void checkLabel(Config c, double y, String where) {
        if (c.numClasses() > 0) {
            if (!(y >= 0 && y < c.numClasses() && y == Math.rint(y))) {
                throw new IllegalArgumentException("column '" + c.labelCol() + "': label " + y + " at " + where
                        + "; expected a class index 0.." + (c.numClasses() - 1));
            }
        } else if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("column '" + c.labelCol() + "': label " + y + " at " + where
                    + "; expected a finite number");
        }
    }

    private static float finite(double v, int index, Config c, String where) {
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("column '" + c.featuresCol() + "': value " + v + " at index " + index
                    + " of " + where + (Double.isFinite(v) ? " overflows float32" : "; features must be finite"));
        }
        return f;
    }

    /** 1 / (population standard deviation) of each feature, 0 for a constant one (its weight stays 0). */
    private static float[] inverseStd(JavaRDD<Block> blocks, int dim, int depth) {
        ExactSparseSum s = blocks.treeAggregate(ExactSparseSum.zero(2, 1), (acc, b) -> {
            double[] t = new double[Math.multiplyExact(dim, 2)];
            boolean[] seen = new boolean[dim];
            double w = 0;
            for (int r = 0; r < b.rows(); r++) {
                double wt = b.weight[r];
                w += wt;
                for (int p = b.rowStart[r]; p < b.rowStart[r + 1]; p++) {
                    int f = b.index[p];
                    seen[f] = true;
                    t[2 * f] += wt * b.value[p];
                    t[2 * f + 1] += wt * b.value[p] * b.value[p];
                }
            }
            int[] rows = new int[dim];
            int n = 0;
            for (int f = 0; f < dim; f++) {
                if (seen[f]) {
                    rows[n++] = f;
                }
            }
            return acc.plus(ExactSparseSum.of(2, rows, n, t, new double[] {w}));
        }, ExactSparseSum::plus, depth);
        double total = s.dense(0);
        float[] inv = new float[dim];
        for (int i = 0; i < s.rows.length; i++) {
            double mean = s.value(i, 0) / total;
            double var = Math.max(0, s.value(i, 1) / total - mean * mean);
            inv[s.rows[i]] = var > 0 ? (float) (1 / Math.sqrt(var)) : 0f;
        }
        return inv;
    }

    /** One fit's driver-side state. */
    private static final class Run {
        final Config c;
        final UpdateRule rule;
        final int dim;
        final int k;
        final List<Integer> sizes;
        final long rows;
        final JavaRDD<Block> blocks;
        final JavaSparkContext sc;
        final Broadcast<float[]> scale;
        final Parameter weight;
        final Parameter bias;
        final Optimizer opt;
        final String fitId = UUID.randomUUID().toString();
        final int stepsPerEpoch;
        final List<Double> history = new ArrayList<>();

        final EpochListener listener;

        Run(Config c, UpdateRule rule, int dim, List<Integer> sizes, long rows, JavaRDD<Block> blocks,
            JavaSparkContext sc, Broadcast<float[]> scale, EpochListener listener) {
            this.c = c;
            this.listener = listener;
            this.rule = rule;
            this.dim = dim;
            this.k = c.outputs();
            this.sizes = sizes;
            this.rows = rows;
            this.blocks = blocks;
            this.sc = sc;
            this.scale = scale;
            this.weight = new Parameter("weight", new float[Math.multiplyExact(dim, k)], dim, k);
            this.bias = new Parameter("bias", new float[k], k);
            this.opt = rule.on(c.fitIntercept() ? List.of(weight, bias) : List.of(weight),
                    OptimizerOptions.defaults());
            this.stepsPerEpoch = LinearTrainer.stepsPerEpoch(c, sizes);
        }

        Fitted train() {
            try {
                epochs();
            } finally {
                dropChain();
                Replicas.forget(fitId);
            }
            float[] w = weight.data().clone();
            float[] s = scale.value();
            if (s.length > 0) {
                for (int f = 0; f < dim; f++) {
                    for (int j = 0; j < k; j++) {
                        w[f * k + j] *= s[f];
                    }
                }
            }
            return new Fitted(dim, k, w, bias.data().clone(), history.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private void epochs() {
            for (int epoch = resume(); epoch < c.maxIter(); epoch++) {
                long t0 = System.nanoTime();
                double loss = c.averaging() ? averagingEpoch(epoch) : synchronousEpoch(epoch);
                history.add(loss);
                listener.epochEnd(epoch + 1, loss, (System.nanoTime() - t0) / 1e9);
                LOG.log(System.Logger.Level.DEBUG, () -> "epoch " + history.size() + ": loss " + loss);
                if (c.checkpointInterval() > 0 && (epoch + 1) % c.checkpointInterval() == 0) {
                    checkpoint(epoch + 1);
                }
                if (converged(history, c.tol())) {
                    return;
                }
            }
        }

        // ---- synchronous mode

        private Broadcast<Replicas.Weights> snapshot;
        private final List<Broadcast<Replicas.Delta>> deltas = new ArrayList<>();
        private long version;
        private long chainRows;

        double synchronousEpoch(int epoch) {
            double loss = 0;
            double weightSum = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                if (snapshot == null) {
                    publishSnapshot();
                }
                Replicas.Chain chain = new Replicas.Chain(fitId, version, snapshot, List.copyOf(deltas));
                Config cfg = c;
                Broadcast<float[]> sb = scale;
                int s = step;
                int d = dim;
                ExactSparseSum g = blocks.treeAggregate(ExactSparseSum.zero(k, k + 2),
                        (acc, b) -> acc.plus(batchGradient(b, cfg, d, scaling(sb), chain, epoch, s)),
                        ExactSparseSum::plus, c.aggregationDepth());
                double w = g.dense(k + LinearObjective.WEIGHT);
                if (w <= 0) {
                    continue;
                }
                loss += g.dense(k + LinearObjective.LOSS);
                weightSum += w;
                applyStep(g, w);
            }
            return weightSum > 0 ? loss / weightSum : Double.NaN;
        }

        private void applyStep(ExactSparseSum g, double w) {
            int n = g.rows.length;
            boolean dense = n == dim;
            if (dense) {
                float[] grad = weight.grad();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) {
                        grad[g.rows[i] * k + j] = (float) (g.value(i, j) / w);
                    }
                }
            } else if (n > 0) {
                float[] v = new float[n * k];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < k; j++) {
                        v[i * k + j] = (float) (g.value(i, j) / w);
                    }
                }
                weight.addSparseGrad(new SparseGradient(g.rows.clone(), v, k));
            }
            if (c.fitIntercept()) {
                float[] gb = bias.grad();
                for (int j = 0; j < k; j++) {
                    gb[j] = (float) (g.dense(j) / w);
                }
            }
            if (n == 0 && !c.fitIntercept()) {
                return;
            }
            opt.step();
            opt.zeroGrad();
            version++;
            chainRows += n;
            if (dense || chainRows > dim / 2 || deltas.size() >= 256) {
                publishSnapshot();
            } else {
                float[] values = new float[n * k];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(weight.data(), g.rows[i] * k, values, i * k, k);
                }
                deltas.add(sc.broadcast(new Replicas.Delta(version, g.rows.clone(), values, bias.data().clone())));
            }
        }

        /** Replaces the chain by a full copy of the weights; the replaced broadcasts are destroyed. */
        private void publishSnapshot() {
            dropChain();
            snapshot = sc.broadcast(new Replicas.Weights(version, weight.data().clone(), bias.data().clone()));
            chainRows = 0;
        }

        private void dropChain() {
            if (snapshot != null) {
                snapshot.destroy();
                snapshot = null;
            }
            deltas.forEach(Broadcast::destroy);
            deltas.clear();
        }

        // ---- averaging mode

        double averagingEpoch(int epoch) {
            List<String> slots = rule.slotNames();
            int m = 1 + slots.size();
            Replicas.Weights w0 = new Replicas.Weights(version, weight.data().clone(), bias.data().clone());
            float[][] ws = new float[slots.size()][];
            float[][] bs = new float[slots.size()][];
            for (int s = 0; s < slots.size(); s++) {
                ws[s] = opt.state("weight").slot(slots.get(s)).clone();
                bs[s] = c.fitIntercept() ? opt.state("bias").slot(slots.get(s)).clone() : new float[k];
            }
            long stepBefore = opt.stepCount();
            Broadcast<LocalStart> start = sc.broadcast(new LocalStart(w0, ws, bs, stepBefore));
            try {
                Config cfg = c;
                Broadcast<float[]> sb = scale;
                int d = dim;
                int steps = stepsPerEpoch;
                ExactSparseSum sum = blocks.treeAggregate(ExactSparseSum.zero(k * m, k * m + 3),
                        (acc, b) -> acc.plus(localEpoch(b, cfg, d, scaling(sb), start.value(), epoch, steps)),
                        ExactSparseSum::plus, c.aggregationDepth());
                if (sum.parts == 0) {
                    return Double.NaN;
                }
                double parts = sum.parts;
                float[][] wSlots = slotArrays(opt, "weight", slots);
                float[] w = weight.data();
                for (int i = 0; i < sum.rows.length; i++) {
                    int f = sum.rows[i];
                    for (int j = 0; j < k; j++) {
                        w[f * k + j] = (float) (w[f * k + j] + sum.value(i, j) / parts);
                        for (int s = 0; s < wSlots.length; s++) {
                            wSlots[s][f * k + j] = (float) (wSlots[s][f * k + j] + sum.value(i, (s + 1) * k + j) / parts);
                        }
                    }
                }
                if (c.fitIntercept()) {
                    float[][] bSlots = slotArrays(opt, "bias", slots);
                    for (int j = 0; j < k; j++) {
                        bias.data()[j] = (float) (bias.data()[j] + sum.dense(j) / parts);
                        for (int s = 0; s < bSlots.length; s++) {
                            bSlots[s][j] = (float) (bSlots[s][j] + sum.dense((s + 1) * k + j) / parts);
                        }
                    }
                }
                int base = k * m;
                long meanSteps = Math.round(sum.dense(base + 2) / parts);
                opt.setStepCount(stepBefore + meanSteps);
                for (Parameter p : opt.parameters()) {
                    ParamState st = opt.state(p.name());
                    st.setStep(st.step() + meanSteps);
                }
                version++;
                double weightSum = sum.dense(base + LinearObjective.WEIGHT);
                return weightSum > 0 ? sum.dense(base + LinearObjective.LOSS) / weightSum : Double.NaN;
            } finally {
                start.destroy();
            }
        }

        // ---- checkpoints

        private Path checkpointPath() {
            return Path.of(c.checkpointDir()).resolve(CHECKPOINT_FILE);
        }

        private String signature() {
            return c.signature(dim, rows, sizes.size());
        }

        private void checkpoint(int epochsDone) {
            if (c.checkpointDir().isEmpty()) {
                return;
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("epoch", Integer.toString(epochsDone));
            meta.put("fit", signature());
            meta.put("loss_history", history.stream().map(Double::toHexString).collect(Collectors.joining(",")));
            try {
                Files.createDirectories(Path.of(c.checkpointDir()));
                Checkpoint.save(checkpointPath(), opt, meta);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + checkpointPath() + ": " + e.getMessage(), e);
            }
        }

        /** Continues from the checkpoint directory's checkpoint when it is this fit's; returns the epochs done. */
        private int resume() {
            if (c.checkpointDir().isEmpty() || !Files.exists(checkpointPath())) {
                return 0;
            }
            try {
                Map<String, String> meta = Checkpoint.metadata(checkpointPath());
                if (!signature().equals(meta.get("fit"))) {
                    throw new IllegalArgumentException("checkpointDir " + c.checkpointDir() + " holds a checkpoint of "
                            + "another fit (" + meta.get("fit") + "; this one is " + signature() + "); give an empty "
                            + "or new directory");
                }
                Checkpoint.load(checkpointPath(), opt);
                String h = meta.getOrDefault("loss_history", "");
                for (String v : h.isEmpty() ? new String[0] : h.split(",")) {
                    history.add(Double.parseDouble(v));
                }
                int epoch = Integer.parseInt(meta.get("epoch"));
                LOG.log(System.Logger.Level.INFO, "resuming from " + checkpointPath() + " after epoch " + epoch);
                return epoch;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + checkpointPath() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The live state arrays of one parameter, slot by slot in the rule's order. */
    private static float[][] slotArrays(Optimizer opt, String parameter, List<String> slots) {
        float[][] a = new float[slots.size()][];
        for (int s = 0; s < a.length; s++) {
            a[s] = opt.state(parameter).slot(slots.get(s));
        }
        return a;
    }

    /** Weights and optimizer state every partition starts an averaging epoch from. */
    record LocalStart(Replicas.Weights weights, float[][] weightSlots, float[][] biasSlots, long stepCount)
            implements Serializable {
    }

    private static float[] scaling(Broadcast<float[]> b) {
        return b.value().length == 0 ? null : b.value();
    }

    /** The rows of {@code b} in step {@code step} of {@code epoch}: positions in the epoch's order. */
    static int[] batchRange(Block b, Config c, int step) {
        int n = b.rows();
        int size = c.miniBatchFraction() > 0 ? (int) Math.ceil(c.miniBatchFraction() * n) : c.batchSize();
        long from = (long) step * size;
        long to = Math.min(n, from + size);
        return from >= n ? new int[] {0, 0} : new int[] {(int) from, (int) to};
    }

    /** Executor side of a synchronous step: the summed gradient of this partition's mini-batch. */
    static ExactSparseSum batchGradient(Block b, Config c, int dim, float[] scale, Replicas.Chain chain, int epoch,
                                        int step) {
        if (c.hook() != null) {
            c.hook().beforeStep(epoch, step, b.partition);
        }
        int[] range = batchRange(b, c, step);
        if (range[0] == range[1]) {
            return ExactSparseSum.zero(c.outputs(), c.outputs() + 2);
        }
        Replicas.View view = Replicas.acquire(chain);
        LinearObjective obj = new LinearObjective(c.loss(), dim, c.outputs(), c.huberDelta(), scale);
        try {
            Block.Order order = b.order(c.seed(), epoch);
            for (int i = range[0]; i < range[1]; i++) {
                obj.add(b, order.row(i), view.w(), c.fitIntercept() ? view.bias() : null);
            }
            return obj.toExactSum();
        } finally {
            obj.clear();
            view.release().run();
        }
    }

    /**
     * Executor side of an averaging epoch: the rule run over this partition's rows from the
     * broadcast start; returns, for each touched feature, the change of its weights and of each
     * state slot, then the same for the bias, the loss, weight and step count.
     */
    static ExactSparseSum localEpoch(Block b, Config c, int dim, float[] scale, LocalStart start, int epoch,
                                     int steps) {
        int k = c.outputs();
        UpdateRule rule = Rules.parse(c.ruleSpec());
        List<String> slots = rule.slotNames();
        int m = 1 + slots.size();
        if (b.rows() == 0) {
            return ExactSparseSum.zero(k * m, k * m + 3);
        }
        Parameter w = new Parameter("weight", start.weights().w().clone(), dim, k);
        Parameter bias = new Parameter("bias", start.weights().bias().clone(), k);
        Optimizer opt = rule.on(c.fitIntercept() ? List.of(w, bias) : List.of(w),
                OptimizerOptions.builder().threads(1).build());
        float[][] wSlots = slotArrays(opt, "weight", slots);
        float[][] bSlots = c.fitIntercept() ? slotArrays(opt, "bias", slots) : null;
        for (int s = 0; s < slots.size(); s++) {
            System.arraycopy(start.weightSlots()[s], 0, wSlots[s], 0, dim * k);
            if (bSlots != null) {
                System.arraycopy(start.biasSlots()[s], 0, bSlots[s], 0, k);
            }
        }
        opt.setStepCount(start.stepCount());
        for (Parameter p : opt.parameters()) {
            opt.state(p.name()).setStep(start.stepCount());
        }
        LinearObjective obj = new LinearObjective(c.loss(), dim, k, c.huberDelta(), scale);
        boolean[] touched = new boolean[dim];
        double loss = 0;
        double weightSum = 0;
        long applied = 0;
        Block.Order order = b.order(c.seed(), epoch);
        try {
            for (int step = 0; step < steps; step++) {
                if (c.hook() != null) {
                    c.hook().beforeStep(epoch, step, b.partition);
                }
                int[] range = batchRange(b, c, step);
                for (int i = range[0]; i < range[1]; i++) {
                    obj.add(b, order.row(i), w.data(), c.fitIntercept() ? bias.data() : null);
                }
                double bw = obj.dense[k + LinearObjective.WEIGHT];
                if (bw > 0) {
                    loss += obj.dense[k + LinearObjective.LOSS];
                    weightSum += bw;
                    int n = obj.touchedCount();
                    int[] rows = Arrays.copyOf(obj.sortedRows(), n);
                    float[] v = new float[n * k];
                    for (int i = 0; i < n; i++) {
                        touched[rows[i]] = true;
                        for (int j = 0; j < k; j++) {
                            v[i * k + j] = (float) (obj.grad(rows[i], j) / bw);
                        }
                    }
                    if (n > 0) {
                        w.addSparseGrad(new SparseGradient(rows, v, k));
                    }
                    if (c.fitIntercept()) {
                        for (int j = 0; j < k; j++) {
                            bias.grad()[j] = (float) (obj.dense[j] / bw);
                        }
                    }
                    if (n > 0 || c.fitIntercept()) {
                        opt.step();
                        opt.zeroGrad();
                        applied++;
                    }
                }
                obj.clear();
            }
        } finally {
            obj.clear();
        }
        int[] rows = new int[dim];
        int n = 0;
        for (int f = 0; f < dim; f++) {
            if (touched[f]) {
                rows[n++] = f;
            }
        }
        double[] table = new double[Math.multiplyExact(dim, k * m)];
        for (int i = 0; i < n; i++) {
            int f = rows[i];
            for (int j = 0; j < k; j++) {
                table[f * k * m + j] = (double) w.data()[f * k + j] - start.weights().w()[f * k + j];
                for (int s = 0; s < wSlots.length; s++) {
                    table[f * k * m + (s + 1) * k + j] = (double) wSlots[s][f * k + j] - start.weightSlots()[s][f * k + j];
                }
            }
        }
        double[] dense = new double[k * m + 3];
        if (bSlots != null) {
            for (int j = 0; j < k; j++) {
                dense[j] = (double) bias.data()[j] - start.weights().bias()[j];
                for (int s = 0; s < bSlots.length; s++) {
                    dense[(s + 1) * k + j] = (double) bSlots[s][j] - start.biasSlots()[s][j];
                }
            }
        }
        dense[k * m + LinearObjective.LOSS] = loss;
        dense[k * m + LinearObjective.WEIGHT] = weightSum;
        dense[k * m + 2] = applied;
        return ExactSparseSum.of(k * m, rows, n, table, dense);
    }
}
