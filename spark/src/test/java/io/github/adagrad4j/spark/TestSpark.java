package io.github.adagrad4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One embedded Spark session for the module's tests, and seeded data sets. */
final class TestSpark {
    private static SparkSession session;
    private static java.util.Map<String, String> sessionConf = java.util.Map.of();

    private TestSpark() {
    }

    /** {@code local[2,4]}: two task threads, and up to 4 attempts per task (local mode's default is 1). */
    static synchronized SparkSession local() {
        return session("local[2,4]");
    }

    /**
     * The session on {@code master}; one SparkContext per JVM, so a session on another master is
     * stopped first. {@code local-cluster} masters get this module's classes on the executors.
     */
    static synchronized SparkSession session(String master) {
        return session(master, java.util.Map.of());
    }

    /** The session on {@code master} with these settings (a serializer, say), made anew if another is running. */
    static synchronized SparkSession session(String master, java.util.Map<String, String> conf) {
        if (session != null && session.sparkContext().master().equals(master) && conf.equals(sessionConf)
                && !session.sparkContext().isStopped()) {
            return session;
        }
        if (session != null) {
            session.stop();
        }
        sessionConf = conf;
        SparkSession.Builder b = SparkSession.builder().master(master).appName("adagrad4j-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4");
        conf.forEach(b::config);
        if (master.startsWith("local-cluster")) {
            b.config("spark.executor.extraClassPath", ourClasses());
        }
        session = b.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** Our modules' class folders and jars on this JVM's class path: what executors need besides SPARK_HOME/jars. */
    private static String ourClasses() {
        List<String> ours = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.contains("adagrad4j") || e.endsWith("target/classes") || e.endsWith("target/test-classes")) {
                ours.add(e);
            }
        }
        return String.join(java.io.File.pathSeparator, ours);
    }

    static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType)
            .add("features", new VectorUDT()).add("weight", DataTypes.DoubleType);

    /** Dense rows: {@code y = 1[x . w + 0.3 > 0]} with noise flips, features of different scales. */
    static List<Row> denseBinary(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextDouble(-2, 2);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            double m = 0.3;
            for (int j = 0; j < d; j++) {
                x[j] = r.nextDouble(-1, 1) * (1 + j);
                m += w[j] * x[j] / (1 + j);
            }
            double y = (m > 0) ^ (r.nextDouble() < 0.05) ? 1 : 0;
            rows.add(RowFactory.create(y, Vectors.dense(x), 1.0));
        }
        return rows;
    }

    /**
     * Sparse rows over {@code dim} hashed features, {@code nnz} per row, labels from a sparse
     * true model on the first {@code informative} features (the rest are noise): a click-log shape.
     */
    static List<Row> sparseBinary(int n, int dim, int nnz, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int informative = 1000;
        double[] w = new double[informative];
        for (int j = 0; j < informative; j++) {
            w[j] = r.nextDouble(-1.5, 1.5);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            java.util.TreeMap<Integer, Double> f = new java.util.TreeMap<>();
            double m = 0;
            while (f.size() < nnz) {
                int j = f.size() < nnz / 2 ? r.nextInt(informative) : r.nextInt(dim);
                if (f.putIfAbsent(j, 1.0) == null && j < informative) {
                    m += w[j];
                }
            }
            double y = r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
            int[] idx = f.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] val = f.values().stream().mapToDouble(Double::doubleValue).toArray();
            rows.add(RowFactory.create(y, Vectors.sparse(dim, idx, val), 1.0));
        }
        return rows;
    }

    static Dataset<Row> frame(List<Row> rows, int partitions) {
        return local().createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    /** Keeps the given row order in partitions: contiguous slices, as a file would be split. */
    static Dataset<Row> frameInOrder(SparkSession s, List<Row> rows, int partitions) {
        return s.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(s.sparkContext())
                .parallelize(rows, partitions), SCHEMA);
    }

    static double[] values(Vector v) {
        return v.toArray();
    }
}
