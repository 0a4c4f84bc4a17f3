package io.github.adagrad4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The training data of a Spark fit, read into one cached, checked {@link Block} per partition:
 * every fit ({@link LinearTrainer}, {@link MlpTrainer}) and mode starts from it. Each partition's
 * rows are put in a seeded order that depends only on which rows it holds, and the feature
 * scaling of {@code standardization} is computed from them exactly.
 *
 * <pre>{@code
 * TrainingBlocks data = TrainingBlocks.read(dataset, config);
 * try { ... data.blocks().treeAggregate(...) ... } finally { data.close(); }
 * }</pre>
 *
 * @param dim the features per row
 * @param sizes the rows of each partition
 */
record TrainingBlocks(int dim, JavaRDD<Block> blocks, List<Integer> sizes, long rows, JavaSparkContext sc)
        implements AutoCloseable {

    /** Drops the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /**
     * Reads the label, weight and features columns into one {@link Block} per partition (cached,
     * so each step reads memory, and recomputed from the source if an executor is lost), checking
     * every row: the errors come before any training. The caller closes the result.
     */
    static TrainingBlocks read(Dataset<?> dataset, FitConfig c) {
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
            return new TrainingBlocks(dim, blocks, sizes, rows, sc);
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
    }

    /** Reads and checks one partition's rows into a block, in a seeded order. */
    private static Block block(int partition, Iterator<Row> it, int dim, FitConfig c) {
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

    private static void checkLabel(FitConfig c, double y, String where) {
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

    private static float finite(double v, int index, FitConfig c, String where) {
        float f = (float) v;
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("column '" + c.featuresCol() + "': value " + v + " at index " + index
                    + " of " + where + (Double.isFinite(v) ? " overflows float32" : "; features must be finite"));
        }
        return f;
    }

    /** 1 / (population standard deviation) of each feature, 0 for a constant one (its weight stays 0). */
    float[] inverseStd(int depth) {
        int dim = this.dim;   // a local, so that the closure does not capture this (the RDD, the context)
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
}
