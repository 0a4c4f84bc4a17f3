package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.spark.AdaGradClassificationModel;
import io.github.adagrad4j.spark.AdaGradClassifier;
import io.github.adagrad4j.spark.SparkTrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Our Spark estimator (synchronous and averaging modes) against MLlib's {@code LogisticRegression}
 * (L-BFGS) in one Spark session: test accuracy, log-loss and fit wall time on the SpamAssassin
 * texts and on a synthetic sparse logistic task (10^6 rows, 2^20 hashed features, 50 non-zeros
 * per row), and our synchronous step's time as the dimension grows. Run by bench/compare_spark.sh.
 *
 * <pre>
 * java -cp bench.jar:spark-home/jars/* io.github.adagrad4j.bench.SparkVsMllib local[2] [rows]
 * </pre>
 */
public final class SparkVsMllib {
    private static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType)
            .add("features", new VectorUDT());

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        String what = args.length > 2 ? args[2] : "all";
        SparkSession spark = SparkSession.builder().master(master).appName("adagrad4j vs MLlib")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        int parts = Math.max(2, spark.sparkContext().defaultParallelism());
        System.out.printf("master %s, %d default partitions, JDK %s%n", master, parts, System.getProperty("java.version"));
        if (what.equals("all") || what.equals("spam")) {
            spam(spark, parts);
        }
        if (what.equals("all") || what.equals("synthetic") || what.equals("sync")) {
            synthetic(spark, rows, parts, what.equals("sync"));
        }
        if (what.equals("modes")) {
            modes(spark, rows, parts, false);
        }
        if (what.equals("mllib-l2")) {
            modes(spark, rows, parts, true);
        }
        if (what.equals("standardization")) {
            standardization(spark, parts);
        }
        if (what.equals("tune")) {
            tune(spark, rows, parts);
        }
        if (what.equals("all") || what.equals("dims")) {
            dims(spark, parts);
        }
        spark.stop();
    }

    private static void spam(SparkSession spark, int parts) throws Exception {
        Dataset<Row>[] split = spamTerms(spark, parts).randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
        System.out.printf("%nspam: %d train, %d test rows, 2^20 hashed features%n", train.count(), test.count());
        header();
        run("adagrad4j sync ftrl", new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5).setL1(1e-4)
                .setBatchSize(256).setMaxIter(5).setTol(0), train, test);
        run("adagrad4j average ftrl", new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5).setL1(1e-4)
                .setTrainingMode("average").setBatchSize(64).setMaxIter(5).setTol(0), train, test);
        run("adagrad4j sync adagrad", new AdaGradClassifier().setLearningRate(0.1).setBatchSize(256).setMaxIter(5)
                .setTol(0), train, test);
        run("MLlib LR L-BFGS", new LogisticRegression().setMaxIter(100), train, test);
    }

    /**
     * standardization off and on, on dense data of uneven scales (scikit-learn's digits: pixel counts
     * 0..16, some columns constant; Boston: 13 columns from 0..1 to 0..700) and on raw hashed term
     * counts (spam through Tokenizer and HashingTF, as an MLlib pipeline makes them): the test figures
     * of AdaGrad at three learning rates each, beside MLlib's LogisticRegression (standardization on).
     */
    private static void standardization(SparkSession spark, int parts) throws Exception {
        io.github.adagrad4j.data.Dataset.Split digits = io.github.adagrad4j.data.Builtin.digits().split(0.2, 42);
        Dataset<Row> train = frame(spark, digits.train(), parts);
        Dataset<Row> test = frame(spark, digits.test(), parts);
        System.out.printf("%ndigits: %d train, %d test rows, 64 dense features, 10 classes; batch 32/partition, 20 "
                + "epochs, sync adagrad%n", train.count(), test.count());
        System.out.printf("%-10s %14s %14s%n", "lr", "accuracy off", "accuracy on");
        for (double lr : new double[] {0.01, 0.1, 0.5}) {
            double[] acc = new double[2];
            for (int s = 0; s < 2; s++) {
                AdaGradClassificationModel m = new AdaGradClassifier().setLearningRate(lr).setBatchSize(32)
                        .setMaxIter(20).setTol(0).setStandardization(s == 1).fit(train);
                acc[s] = m.evaluate(test).accuracy();
            }
            System.out.printf("%-10s %14.4f %14.4f%n", lr, acc[0], acc[1]);
        }
        System.out.printf("MLlib LogisticRegression (standardization on): %.4f%n",
                new LogisticRegression().fit(train).evaluate(test).accuracy());

        io.github.adagrad4j.data.Dataset.Split boston = io.github.adagrad4j.data.Builtin.boston().split(0.2, 42);
        train = frame(spark, boston.train(), parts);
        test = frame(spark, boston.test(), parts);
        System.out.printf("%nboston: %d train, %d test rows, 13 dense features; batch 16/partition, 100 epochs, sync "
                + "adagrad, test RMSE (target sd about 9)%n", train.count(), test.count());
        System.out.printf("%-10s %14s %14s%n", "lr", "rmse off", "rmse on");
        for (double lr : new double[] {0.01, 0.1, 0.5}) {
            double[] rmse = new double[2];
            for (int s = 0; s < 2; s++) {
                io.github.adagrad4j.spark.AdaGradRegressionModel m = new io.github.adagrad4j.spark.AdaGradRegressor()
                        .setLearningRate(lr).setBatchSize(16).setMaxIter(100).setTol(0).setStandardization(s == 1)
                        .fit(train);
                rmse[s] = m.evaluate(test).rootMeanSquaredError();
            }
            System.out.printf("%-10s %14.3f %14.3f%n", lr, rmse[0], rmse[1]);
        }
        System.out.printf("MLlib LinearRegression (standardization on): %.3f%n",
                new org.apache.spark.ml.regression.LinearRegression().fit(train).evaluate(test).rootMeanSquaredError());

        Dataset<Row>[] split = spamTerms(spark, parts).randomSplit(new double[] {0.8, 0.2}, 42);
        train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
        System.out.printf("%nspam: %d train, %d test rows, 2^20 raw hashed term counts; batch 256/partition, 5 epochs, "
                + "sync adagrad%n", train.count(), test.count());
        System.out.printf("%-10s %14s %14s%n", "lr", "accuracy off", "accuracy on");
        for (double lr : new double[] {0.01, 0.1, 0.5}) {
            double[] acc = new double[2];
            for (int s = 0; s < 2; s++) {
                AdaGradClassificationModel m = new AdaGradClassifier().setLearningRate(lr).setBatchSize(256)
                        .setMaxIter(5).setTol(0).setStandardization(s == 1).fit(train);
                acc[s] = m.evaluate(test).accuracy();
            }
            System.out.printf("%-10s %14.4f %14.4f%n", lr, acc[0], acc[1]);
        }
    }

    /** The spam corpus as (label, features): Tokenizer and HashingTF's 2^20 raw term counts, through Parquet. */
    private static Dataset<Row> spamTerms(SparkSession spark, int parts) throws Exception {
        SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < c.documents().size(); i++) {
            rows.add(RowFactory.create(c.documents().get(i), (double) c.labels()[i]));
        }
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        Path tmp = Files.createTempDirectory("spam");
        spark.createDataFrame(rows, schema).repartition(parts).write().parquet(tmp.resolve("t").toString());
        Dataset<Row> words = new Tokenizer().setInputCol("text").setOutputCol("words")
                .transform(spark.read().parquet(tmp.resolve("t").toString()));
        return new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(1 << 20)
                .transform(words).select("label", "features");
    }

    /** A data set's rows as (label, dense features). */
    private static Dataset<Row> frame(SparkSession spark, io.github.adagrad4j.data.Dataset d, int parts) {
        List<Row> rows = new ArrayList<>();
        int w = d.exampleSize();
        for (int i = 0; i < d.count(); i++) {
            double[] f = new double[w];
            for (int j = 0; j < w; j++) {
                f[j] = d.features()[i * w + j];
            }
            rows.add(RowFactory.create((double) d.targets()[i], Vectors.dense(f)));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** With {@code syncOnly}, just our synchronous fit (for profiling it). */
    private static void synthetic(SparkSession spark, long n, int parts, boolean syncOnly) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "adagrad4j", "bench",
                "sparse-" + n + "x2^20x50.parquet");
        if (!Files.exists(cache)) {
            long t0 = System.nanoTime();
            spark.range(0, n, 1, 8).mapPartitions((MapPartitionsFunction<Long, Row>) SparkVsMllib::generate,
                    ExpressionEncoder.apply(SCHEMA)).write().parquet(cache.toString());
            System.out.printf("generated %s in %.0f s%n", cache, (System.nanoTime() - t0) / 1e9);
        }
        Dataset<Row> all = spark.read().parquet(cache.toString()).repartition(parts);
        Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
        System.out.printf("%nsynthetic sparse logistic: %d train, %d test rows, 2^20 features, 50 non-zeros per row%n",
                train.count(), test.count());
        header();
        run("adagrad4j sync adagrad", new AdaGradClassifier().setLearningRate(0.5).setBatchSize(4096).setMaxIter(3)
                .setTol(0), train, test);
        if (syncOnly) {
            return;
        }
        run("adagrad4j average adagrad", new AdaGradClassifier().setLearningRate(0.5).setTrainingMode("average")
                .setBatchSize(256).setMaxIter(3).setTol(0), train, test);
        run("adagrad4j sync ftrl", new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5).setL1(1e-5)
                .setBatchSize(4096).setMaxIter(3).setTol(0), train, test);
        run("MLlib LR L-BFGS", new LogisticRegression().setMaxIter(30), train, test);
        // Unregularized L-BFGS overfits the rare noise features; L2 is MLlib's answer to that.
        run("MLlib LR L-BFGS L2 1e-5", new LogisticRegression().setMaxIter(30).setRegParam(1e-5), train, test);
        run("MLlib LR L-BFGS L2 1e-4", new LogisticRegression().setMaxIter(30).setRegParam(1e-4), train, test);
        train.unpersist();
        test.unpersist();
    }

    /** Synchronous against averaging mode, epoch by epoch: training loss, and test metrics after each epoch count. */
    private static void modes(SparkSession spark, long n, int parts, boolean mllibL2) {
        Dataset<Row> all = spark.read().parquet(Path.of(System.getProperty("user.home"), ".cache", "adagrad4j", "bench",
                "sparse-" + n + "x2^20x50.parquet").toString()).repartition(parts);
        Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
        System.out.printf("%nmodes on the synthetic task: %d train rows; test metrics after 1..5 epochs%n", train.count());
        header();
        test.count();
        if (mllibL2) {
            // Stronger L2 than the main table's: where MLlib's accuracy on this task peaks.
            for (double reg : new double[] {1e-3, 1e-2, 1e-1}) {
                run("MLlib LR L-BFGS L2 " + reg, new LogisticRegression().setMaxIter(30).setRegParam(reg), train, test);
            }
            return;
        }
        for (int epochs = 1; epochs <= 5; epochs++) {
            run("sync adagrad, " + epochs + " epochs", new AdaGradClassifier().setLearningRate(0.5).setBatchSize(4096)
                    .setMaxIter(epochs).setTol(0), train, test);
            run("average adagrad, " + epochs + " epochs", new AdaGradClassifier().setLearningRate(0.5)
                    .setTrainingMode("average").setBatchSize(256).setMaxIter(epochs).setTol(0), train, test);
        }
    }

    /** A few learning rates and regularizations of ours, averaging mode, 3 epochs: where our accuracy and log-loss peak. */
    private static void tune(SparkSession spark, long n, int parts) {
        Dataset<Row> all = spark.read().parquet(Path.of(System.getProperty("user.home"), ".cache", "adagrad4j", "bench",
                "sparse-" + n + "x2^20x50.parquet").toString()).repartition(parts);
        Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = split[1].persist(StorageLevel.MEMORY_AND_DISK());
        System.out.printf("%ntuning ours on the synthetic task (%d train rows), averaging mode, 3 epochs%n", train.count());
        header();
        test.count();
        for (String spec : new String[] {"adagrad:lr=0.1", "adagrad:lr=0.05", "adagrad:lr=0.1,weight-decay=0.001",
                "ftrl:lr=0.1,l2=1", "ftrl:lr=0.05", "adagrad:lr=0.02"}) {
            String[] nameOpts = spec.split(":", 2);
            run("average " + spec, new AdaGradClassifier().setOptimizer(nameOpts[0]).setOptimizerOptions(nameOpts[1])
                    .setTrainingMode("average").setBatchSize(256).setMaxIter(3).setTol(0), train, test);
        }
    }

    /** Our synchronous step's time as the dimension grows, rows and non-zeros fixed. */
    private static void dims(SparkSession spark, int parts) {
        System.out.printf("%nsynchronous step time vs dimension (20000 rows, 50 non-zeros, batch 256 per partition)%n");
        System.out.printf("%-10s %8s %12s%n", "dim", "steps", "ms/step");
        for (int bits : new int[] {16, 20, 24}) {
            int dim = 1 << bits;
            List<Row> rows = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(bits);
            for (int i = 0; i < 20000; i++) {
                rows.add(row(r, dim));
            }
            Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(parts).persist();
            df.count();
            AdaGradClassifier est = new AdaGradClassifier().setBatchSize(256).setMaxIter(1).setTol(0);
            est.fit(df); // warm-up: JIT and the first snapshot
            long t0 = System.nanoTime();
            est.setMaxIter(3).fit(df);
            double s = (System.nanoTime() - t0) / 1e9;
            long steps = 3L * (20000 / parts + 255) / 256;
            System.out.printf("2^%-8d %8d %12.1f%n", bits, steps, 1000 * s / steps);
            df.unpersist();
        }
    }

    private static Iterator<Row> generate(Iterator<Long> ids) {
        List<Row> out = new ArrayList<>();
        while (ids.hasNext()) {
            long id = ids.next();
            out.add(row(new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1), 1 << 20));
        }
        return out.iterator();
    }

    /** 25 of 50 features from 10^4 informative ones (fixed weights), 25 uniform noise features; Bernoulli label. */
    private static Row row(SplittableRandom r, int dim) {
        TreeMap<Integer, Double> f = new TreeMap<>();
        double m = 0;
        while (f.size() < 50) {
            boolean informative = f.size() < 25;
            int j = informative ? r.nextInt(10_000) : r.nextInt(dim);
            if (f.putIfAbsent(j, 1.0) == null && j < 10_000) {
                m += new SplittableRandom(j).nextDouble(-1, 1);
            }
        }
        double y = r.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        return RowFactory.create(y, Vectors.sparse(dim, f.keySet().stream().mapToInt(Integer::intValue).toArray(),
                f.values().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static void header() {
        System.out.printf("%-28s %9s %9s %9s %10s%n", "estimator", "accuracy", "log_loss", "fit_s", "epochs/its");
    }

    private static <M extends Model<M>> void run(String name, Estimator<M> est, Dataset<Row> train, Dataset<Row> test) {
        long t0 = System.nanoTime();
        M model = est.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> metrics = SparkTrainJob.evaluate(model.transform(test), 2);
        String its = model instanceof LogisticRegressionModel lr ? Integer.toString(lr.summary().totalIterations())
                : Integer.toString(((AdaGradClassificationModel) model).lossHistory().length);
        System.out.printf("%-28s %9.4f %9.4f %9.1f %10s%n", name, metrics.get("accuracy"), metrics.get("log_loss"),
                seconds, its);
    }
}
