package io.github.adagrad4j.spark;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code adagrad4j spark-train}: a linear model or an MLP on Spark from a LIBSVM, CSV or Parquet
 * file, or from texts ({@link HashedTextFeatures}, {@link AdaGradClassifier} in a Pipeline). The run is a
 * {@link TrainingConfig}, as {@code train}'s is, so the same data, split, model, optimizer and epoch
 * settings mean the same on both; the fields here are Spark's own (the master, the training mode,
 * the partitions). Its API holds no Spark types, so the command line can call it with Spark only on
 * the run-time class path.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().data("clicks.svm").model("linear").optimizer("ftrl")
 *         .optimizerOption("lr", "0.5").optimizerOption("l1", "1e-4").batchSize(1024).output(Path.of("runs/clicks")).build();
 * SparkTrainJob job = new SparkTrainJob(c);
 * job.master = "local[*]";
 * SparkTrainJob.Result r = job.run(new PrintWriter(System.out, true));
 * }</pre>
 */
public final class SparkTrainJob {
    /** The master URL; null: spark-submit's ({@code spark.master}) if it set one, else {@code local[*]}. */
    public String master;
    /** {@code sync} (one step per mini-batch over all partitions) or {@code average} (parameter mixing). */
    public String trainingMode = "sync";
    /** Repartition the training data into this many partitions (0: keep the source's). */
    public int partitions;
    /** Told of each epoch's progress and end, before the job prints the epoch's line (a progress bar, say). */
    public EpochListener listener = EpochListener.NONE;

    private final TrainingConfig config;
    private final String data;
    private final String labelColumn;
    private final boolean regression;
    /** The hidden layers of an {@code mlp:} model, or null for a linear one. */
    private final int[] hidden;
    private final String optimizer;
    private final String optimizerOptions;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final long splitSeed;
    private final double testSplit;
    private final boolean standardization;
    private final int hashBits;
    private final Path output;

    /**
     * A run of {@code config}: its model {@code linear} (or {@code sparse-linear}: the same linear
     * model) or {@code mlp:H1[,H2...]} (classification); its batch size counts rows per partition.
     *
     * @throws ParameterException naming a setting a Spark run cannot honour
     */
    public SparkTrainJob(TrainingConfig config) {
        this.config = config;
        config.refuseFolds("spark-train");
        refuse("testData", config.testData(), "spark-train holds out a split of its data");
        refuse("validationData", config.validationData(), "spark-train measures on its held-out split");
        refuse("earlyStopping", config.earlyStopping(), "spark-train stops at maxIter (or on tol)");
        refuse("validationSplit", config.validationSplit() > 0 ? config.validationSplit() : null,
                "spark-train measures on its held-out split");
        refuse("trainLimit", config.trainLimit() > 0 ? config.trainLimit() : null, "spark-train reads every row");
        if (config.task() != null && config.task().equals("lm")) {
            throw new ParameterException("task", "lm", "spark-train trains classifiers and regressors");
        }
        this.data = config.data();
        this.labelColumn = config.labelColumn();
        this.regression = "regression".equals(config.task());
        String model = config.model();
        if (model.equals("linear") || model.equals("sparse-linear")) {
            hidden = null;
        } else if (model.matches("mlp:\\d+(,\\d+)*")) {
            hidden = java.util.Arrays.stream(model.substring(4).split(",")).mapToInt(Integer::parseInt).toArray();
            if (regression) {
                throw new ParameterException("model", model, "an MLP on Spark classifies; regression is linear");
            }
        } else {
            throw new ParameterException("model", model, "spark-train trains linear or mlp:H1[,H2...] (ReLU layers)");
        }
        this.optimizer = config.optimizer();
        this.optimizerOptions = estimatorOptions(config.optimizerOptions());
        this.epochs = config.epochs();
        this.batchSize = config.batchSize();
        this.seed = config.seed();
        this.splitSeed = config.splitSeedOrSeed();
        this.testSplit = config.testSplit();
        String name = data.toLowerCase(java.util.Locale.ROOT);
        this.standardization = config.standardize() != null ? config.standardize()
                : name.endsWith(".csv") || name.endsWith(".csv.gz");
        if (hidden != null && config.standardize() != null && config.standardize() && !name.endsWith(".csv")
                && !name.endsWith(".csv.gz")) {
            throw new ParameterException("standardize", "true", "an MLP on Spark reads its features as they are "
                    + "(a CSV table is standardised by its encoder)");
        }
        this.hashBits = config.hashBits() != null ? config.hashBits() : 20;
        this.output = config.output();
    }

    private static void refuse(String field, Object value, String why) {
        if (value != null) {
            throw new ParameterException(field, String.valueOf(value), "does not apply: " + why);
        }
    }

    /** The rule's options as the estimators' optimizerOptions take them ({@code KEY=VALUE,...}; betas as B1/B2). */
    private static String estimatorOptions(Map<String, String> given) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(given).entrySet()) {
            s.append(s.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().replace(',', '/'));
        }
        return s.toString();
    }

    /** The settings of this run, as its model folder records them. */
    public TrainingConfig config() {
        return config;
    }

    /** The output folder. */
    public Path output() {
        return output;
    }

    /** Held-out metrics (accuracy, log_loss, auc for two classes; rmse, mae, r2 for regression) and the run's time. */
    public record Result(Map<String, Double> test, double[] lossHistory, double trainSeconds) {
    }

    /** Trains on the {@link #data} file. */
    public Result run(PrintWriter out) throws IOException {
        SparkSession spark = session();
        String kind = sourceKind();
        if (kind.equals("csv") && !data.contains("://")) {
            return fit(spark, table(spark, out), List.of(), out, "table");
        }
        Dataset<Row> df = read(spark);
        return fit(spark, kind.equals("parquet") ? df : numbered(spark, df), List.of(), out, kind);
    }

    /** A local CSV's table encoder (the same as {@code train}'s), fitted on the training rows; set by {@link #run}. */
    private TableEncoder table;
    /** The class names of texts, set by {@link #runTexts}. */
    private List<String> textClasses;

    /**
     * A local CSV read as {@code train} reads it: the table encoder fitted on the training rows
     * (types, text and categorical columns, missing cells, standardisation), then the file
     * streamed through it in batches into Parquet, so that the driver's memory holds a batch, not
     * the file. Rows keep their position ({@code row_id}) for the split.
     */
    private Dataset<Row> table(SparkSession spark, PrintWriter out) throws IOException {
        Path file = Path.of(data);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(data + ": file not found");
        }
        table = TableEncoder.fitEncoder(file, config.tableOptions(!regression), rows -> {
            java.util.BitSet held = new java.util.BitSet(rows);
            for (int r : SklearnSplit.indices(rows, testSplit, splitSeed).test()) {
                held.set(r);
            }
            return row -> !held.get(row);
        });
        for (String note : table.notes()) {
            out.println("note: " + note);
        }
        if (!table.textColumns().isEmpty()) {
            out.println("note: " + String.join(", ", table.textColumns()) + " hold text, which a linear model on "
                    + "Spark does not read here: left out");
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", new org.apache.spark.ml.linalg.VectorUDT()).add(ROW_ID, DataTypes.LongType, false);
        Path tmp = Files.createTempDirectory("adagrad4j-table");
        String parquet = tmp.resolve("table.parquet").toString();
        long row = 0;
        int width = table.featureCount();
        try (TableEncoder.Batches b = table.open(file, 65_536, true, null)) {
            for (TableEncoder.Batch batch = b.next(); batch != null; batch = b.next()) {
                List<Row> rows = new ArrayList<>(batch.count());
                for (int i = 0; i < batch.count(); i++) {
                    double[] x = new double[width];
                    for (int j = 0; j < width; j++) {
                        x[j] = batch.features()[i * width + j];
                    }
                    rows.add(RowFactory.create((double) batch.labels()[i],
                            org.apache.spark.ml.linalg.Vectors.dense(x).compressed(), row++));
                }
                spark.createDataFrame(rows, schema).write().mode("append").parquet(parquet);
            }
        }
        Dataset<Row> df = spark.read().parquet(parquet);
        return partitions > 0 ? df.repartition(partitions) : df;
    }

    /** Whether a CSV's label is its last column (or no label column was named), as a dense model folder reads it. */
    private boolean labelLast() {
        return labelColumn == null || labelColumnIsLast;
    }

    private boolean labelColumnIsLast;

    /** {@code libsvm}, {@code csv} or {@code parquet}, by the data's name. */
    private String sourceKind() {
        String name = Path.of(data).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt")) {
            return "libsvm";
        }
        return name.endsWith(".csv") || name.endsWith(".csv.gz") ? "csv" : "parquet";
    }

    /** The rows with their position in the file ({@code row_id}), which a single file's partitions keep in order. */
    private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> df) {
        StructType schema = df.schema().add(ROW_ID, DataTypes.LongType, false);
        org.apache.spark.api.java.JavaRDD<Row> rows = df.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().length() + 1];
            for (int i = 0; i < t._1().length(); i++) {
                v[i] = t._1().get(i);
            }
            v[v.length - 1] = t._2();
            return RowFactory.create(v);
        });
        return spark.createDataFrame(rows, schema);
    }

    private static final String ROW_ID = "row_id";

    /**
     * {train, test}: the rows {@link SklearnSplit#indices} holds out, as {@code train} holds them out
     * of the same file with the same seed and fraction; a Parquet folder has no row order, so it is
     * split by Spark's {@code randomSplit} (other rows than {@code train} would hold out).
     */
    private Dataset<Row>[] split(SparkSession spark, Dataset<Row> df, PrintWriter out) {
        if (!Arrays.asList(df.columns()).contains(ROW_ID)) {
            out.println("note: a Parquet source has no row order: split by Spark's randomSplit (seed " + splitSeed + ")");
            return df.randomSplit(new double[] {1 - testSplit, testSplit}, splitSeed);
        }
        long n = df.count();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(data + ": " + n + " rows; the row-for-row split handles up to "
                    + (Integer.MAX_VALUE - 8));
        }
        java.util.BitSet held = new java.util.BitSet((int) n);
        for (int r : SklearnSplit.indices((int) n, testSplit, splitSeed).test()) {
            held.set(r);
        }
        org.apache.spark.broadcast.Broadcast<java.util.BitSet> b = org.apache.spark.api.java.JavaSparkContext
                .fromSparkContext(spark.sparkContext()).broadcast(held);
        Column isTest = functions.udf((UDF1<Long, Boolean>) r -> b.value().get((int) (long) r), DataTypes.BooleanType)
                .apply(functions.col(ROW_ID));
        @SuppressWarnings("unchecked")
        Dataset<Row>[] parts = new Dataset[] {df.filter(functions.not(isTest)).drop(ROW_ID),
            df.filter(isTest).drop(ROW_ID)};
        return parts;
    }

    /**
     * Trains on texts and their labels (class positions in {@code classes}) through {@link
     * HashedTextFeatures}, hashed as {@code train} hashes texts, and the linear classifier: the model
     * folder is a sparse-linear model of hashed texts, as {@code train --model sparse-linear} writes.
     */
    public Result runTexts(List<String> texts, float[] labels, List<String> classes, PrintWriter out)
            throws IOException {
        if (regression) {
            throw new IllegalArgumentException("texts are classified; regression needs a LIBSVM, CSV or Parquet file");
        }
        if (hidden != null) {
            throw new ParameterException("model", config.model(), "texts train a linear model on Spark (an MLP reads "
                    + "dense vectors, not 2^" + hashBits + " hashed buckets)");
        }
        textClasses = classes;
        SparkSession spark = session();
        List<Row> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(texts.get(i), (double) labels[i], (long) i));
        }
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType)
                .add(ROW_ID, DataTypes.LongType, false);
        int parts = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        // Through a Parquet file, as data on a cluster would be: a data frame made from a driver-side
        // list carries the list in its lineage, and so in every task of every training step.
        Path tmp = Files.createTempDirectory("adagrad4j-texts");
        String parquet = tmp.resolve("texts.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(parts).write().parquet(parquet);
        Dataset<Row> df = spark.read().parquet(parquet);
        List<PipelineStage> features = List.of(new HashedTextFeatures().setInputCol("text").setOutputCol("features")
                .setNumBits(hashBits));
        return fit(spark, df, features, out, "texts");
    }

    /** The session this job started, if it started one (not one it found running). */
    private SparkSession started;

    /**
     * Stops the Spark session this job started (a session it found running is left alone): a
     * program that ends with a cluster's executors still attached has them relaunched during its
     * shutdown.
     */
    public void stopSession() {
        if (started != null) {
            started.stop();
            started = null;
        }
    }

    private SparkSession session() {
        boolean running = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession s = builder().getOrCreate();
        if (!running) {
            started = s;
        }
        return s;
    }

    private SparkSession.Builder builder() {
        SparkSession.Builder b = SparkSession.builder().appName("adagrad4j spark-train");
        if (master != null) {
            b.master(master);
            if (!master.startsWith("local[") && !master.equals("local")) {
                shipOurClasses(b);
            }
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]").config("spark.ui.enabled", "false");
        }
        return b;
    }

    /**
     * Executors in other JVMs need our classes, as {@code spark-submit} gives them its jar: the jar
     * (or jars) these classes were loaded from go to {@code spark.jars}; class folders (a build
     * tree, tests) to {@code spark.executor.extraClassPath}, which a {@code local-cluster} on this
     * machine reads. spark-submit's own settings are left as they are.
     */
    private static void shipOurClasses(SparkSession.Builder b) {
        java.util.Set<String> jars = new java.util.LinkedHashSet<>();
        java.util.Set<String> folders = new java.util.LinkedHashSet<>();
        for (Class<?> c : List.of(SparkTrainJob.class, TrainingConfig.class, io.github.adagrad4j.nn.Module.class,
                TableEncoder.class, io.github.adagrad4j.optim.Optimizer.class)) {
            java.security.CodeSource src = c.getProtectionDomain().getCodeSource();
            if (src == null) {
                continue;
            }
            try {
                Path p = Path.of(src.getLocation().toURI());
                (Files.isDirectory(p) ? folders : jars).add(p.toString());
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                // A location that is not a file: nothing to ship.
            }
        }
        if (!jars.isEmpty() && System.getProperty("spark.jars") == null) {
            b.config("spark.jars", String.join(",", jars));
        }
        if (!folders.isEmpty() && System.getProperty("spark.executor.extraClassPath") == null) {
            b.config("spark.executor.extraClassPath", String.join(java.io.File.pathSeparator, folders));
        }
    }

    private Dataset<Row> read(SparkSession spark) {
        if (data == null) {
            throw new IllegalArgumentException("a data source is required");
        }
        Path p = Path.of(data);
        String name = p.getFileName().toString().toLowerCase();
        if (!data.contains("://") && !Files.exists(p)) {
            throw new IllegalArgumentException(data + ": file not found");
        }
        if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt")) {
            return spark.read().format("libsvm").load(data);
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            Dataset<Row> csv = spark.read().option("header", "true").option("inferSchema", "true").csv(data);
            String[] cols = csv.columns();
            String label = labelColumn != null ? labelColumn : cols[cols.length - 1];
            labelColumnIsLast = label.equals(cols[cols.length - 1]);
            if (!Arrays.asList(cols).contains(label)) {
                throw new IllegalArgumentException(data + ": label column '" + label + "' not found; columns are "
                        + Arrays.toString(cols));
            }
            String[] inputs = Arrays.stream(cols).filter(c -> !c.equals(label)).toArray(String[]::new);
            for (org.apache.spark.sql.types.StructField f : csv.schema().fields()) {
                if (!f.name().equals(label) && !(f.dataType() instanceof org.apache.spark.sql.types.NumericType)) {
                    throw new IllegalArgumentException(data + ": column '" + f.name() + "' holds " + f.dataType()
                            .simpleString() + " values; spark-train reads numeric feature columns (train encodes text "
                            + "and categorical columns)");
                }
            }
            Dataset<Row> assembled = new VectorAssembler().setInputCols(inputs).setOutputCol("features")
                    .setHandleInvalid("error").transform(csv);
            return assembled.select(functions.col(label).cast("double").as("label"), functions.col("features"));
        }
        Dataset<Row> parquet = spark.read().parquet(data);
        if (!Arrays.asList(parquet.columns()).containsAll(List.of("label", "features"))) {
            throw new IllegalArgumentException(data + ": a Parquet input needs columns 'label' and 'features' "
                    + "(a Vector); it has " + Arrays.toString(parquet.columns()));
        }
        return parquet;
    }

    private Result fit(SparkSession spark, Dataset<Row> df, List<PipelineStage> featureStages, PrintWriter out,
            String kind) throws IOException {
        // A table's standardisation is the encoder's, as train's.
        boolean standardize = standardization && !kind.equals("table");
        double[] classes = regression ? new double[0] : classValues(df);
        if (!regression) {
            // Labels as class indices 0..k-1 in sorted order (LIBSVM files use -1/+1, 1..k, ...).
            double[] sorted = classes;
            df = df.withColumn("label", functions.udf((UDF1<Double, Double>) v -> (double) Arrays.binarySearch(sorted, v),
                    DataTypes.DoubleType).apply(functions.col("label")));
        }
        Dataset<Row>[] split = split(spark, df, out);
        Dataset<Row> train = partitions > 0 ? split[0].repartition(partitions) : split[0];
        Dataset<Row> test = split[1];
        // A table's regression target is standardised with the training rows' statistics, as train does it.
        TargetScaler target = null;
        if (regression && kind.equals("table") && config.targetScaling()) {
            Row stats = train.agg(functions.avg("label"), functions.stddev_pop("label"), functions.count("label"))
                    .first();
            double sd = stats.isNullAt(1) || !(stats.getDouble(1) > 0) ? 1 : stats.getDouble(1);
            target = new TargetScaler(new double[] {stats.getDouble(0)}, new double[] {sd});
            train = train.withColumn("label", functions.col("label").minus(stats.getDouble(0)).divide(sd));
        }
        EpochListener shown = listener;
        EpochListener progress = new EpochListener() {
            @Override
            public void epochEnd(int epoch, double loss, double seconds) {
                shown.epochEnd(epoch, loss, seconds);
                out.printf("epoch %d/%d  loss %.4f  (%.1f s)%n", epoch, epochs, loss, seconds);
            }

            @Override
            public void progress(int epoch, int done, int total) {
                shown.progress(epoch, done, total);
            }
        };
        PipelineStage model;
        if (hidden != null) {
            model = new MlpClassifier().setHiddenLayers(hidden).setOptimizer(optimizer)
                    .setOptimizerOptions(optimizerOptions).setMaxIter(epochs).setBatchSize(batchSize).setSeed(seed)
                    .setTol(0).setStandardization(false).setEpochListener(progress);
        } else if (regression) {
            model = new AdaGradRegressor().setOptimizer(optimizer).setOptimizerOptions(optimizerOptions)
                    .setTrainingMode(trainingMode).setMaxIter(epochs).setBatchSize(batchSize).setSeed(seed).setTol(0)
                    .setStandardization(standardize).setEpochListener(progress);
        } else {
            model = new AdaGradClassifier().setOptimizer(optimizer).setOptimizerOptions(optimizerOptions)
                    .setTrainingMode(trainingMode).setMaxIter(epochs).setBatchSize(batchSize).setSeed(seed).setTol(0)
                    .setStandardization(standardize).setEpochListener(progress);
        }
        List<PipelineStage> stages = new ArrayList<>(featureStages);
        stages.add(model);
        out.printf("spark %s (%d cores): %s; %s; %s, %d epochs, batch %d per partition, %s mode%s%n",
                spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), data == null ? "texts" : data,
                hidden != null ? config.model() : "linear",
                optimizer + (optimizerOptions.isEmpty() ? "" : ":" + optimizerOptions), epochs, batchSize,
                hidden != null ? "sync" : trainingMode,
                standardize ? ", standardized" : kind.equals("table") ? ", the table encoder's standardisation" : "");
        long t0 = System.nanoTime();
        PipelineModel fitted = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Object last = fitted.stages()[fitted.stages().length - 1];
        double[] history = last instanceof AdaGradClassificationModel c ? c.lossHistory()
                : last instanceof MlpClassificationModel mlp ? mlp.lossHistory()
                : ((AdaGradRegressionModel) last).lossHistory();
        Dataset<Row> predictions = fitted.transform(test);
        if (target != null) {
            predictions = predictions.withColumn("prediction", functions.col("prediction").multiply(target.scale()[0])
                    .plus(target.mean()[0]));
        }
        Map<String, Double> metrics = evaluate(predictions, classes.length);
        if (output != null) {
            Files.createDirectories(output);
            fitted.write().overwrite().save(output.resolve("spark").toString());
            if (kind.equals("libsvm") || kind.equals("table") || kind.equals("texts") || kind.equals("csv") && labelLast()) {
                Map<String, Object> training = new LinkedHashMap<>();
                training.put("optimizer", optimizer + (optimizerOptions.isEmpty() ? "" : ":" + optimizerOptions));
                training.put("training_mode", hidden != null ? "sync" : trainingMode);
                training.put("epochs", history.length);
                training.put("batch_size", batchSize);
                training.put("seed", seed);
                training.put("standardization", standardize);
                training.put("config", config.toJson());
                SparkModelFolder.Source source = new SparkModelFolder.Source(kind, table, textClasses, hashBits,
                        testSplit, splitSeed);
                Map<String, Object> provenance = Map.of("train", data, "test", "split of " + data, "test_fraction",
                        testSplit);
                if (last instanceof MlpClassificationModel mlp) {
                    SparkModelFolder.write(output, mlp, classes, source, metrics, training, provenance);
                } else {
                    LinearWeights w = last instanceof AdaGradClassificationModel c ? c.weights()
                            : ((AdaGradRegressionModel) last).weights();
                    SparkModelFolder.write(output, w, classes, source, target, metrics, training, provenance);
                }
            } else {
                out.println("note: the model folder's model.json is written for LIBSVM files, texts, CSV tables read "
                        + "locally and numeric CSVs whose label is the last column; this model is the Spark pipeline in "
                        + output.resolve("spark"));
            }
            List<String> lines = new ArrayList<>();
            lines.add("epoch,loss");
            for (int e = 0; e < history.length; e++) {
                lines.add((e + 1) + "," + history[e]);
            }
            Files.write(output.resolve("history.csv"), lines);
        }
        return new Result(metrics, history, seconds);
    }

    private static double[] classValues(Dataset<Row> df) {
        List<Row> distinct = df.select("label").distinct().limit(ClassLabels.MAX_CLASSES + 1).collectAsList();
        if (distinct.size() > ClassLabels.MAX_CLASSES) {
            throw ClassLabels.tooMany();
        }
        double[] v = distinct.stream().mapToDouble(r -> r.getDouble(0)).sorted().toArray();
        if (v.length < 2) {
            throw new IllegalArgumentException("the labels hold " + v.length + " class; a classifier needs at least 2");
        }
        return v;
    }

    /**
     * Held-out metrics of a model's {@code transform} output: accuracy, log-loss (and ROC-AUC for two
     * classes) when {@code classes > 0}, else RMSE, MAE and R². Computed by Spark aggregations, so a
     * test set of any size stays on the executors.
     */
    public static Map<String, Double> evaluate(Dataset<Row> predictions, int classes) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (classes == 0) {
            RegressionEvaluator e = new RegressionEvaluator();
            m.put("rmse", e.setMetricName("rmse").evaluate(predictions));
            m.put("mae", e.setMetricName("mae").evaluate(predictions));
            m.put("r2", e.setMetricName("r2").evaluate(predictions));
            return m;
        }
        Column label = functions.col("label");
        Column pOfLabel = functions.udf((UDF2<Vector, Double, Double>) (p, y) -> p.apply((int) (double) y),
                DataTypes.DoubleType).apply(functions.col("probability"), label);
        Row r = predictions.agg(
                functions.avg(functions.when(functions.col("prediction").equalTo(label), 1.0).otherwise(0.0)),
                functions.avg(functions.negate(functions.log(functions.greatest(pOfLabel, functions.lit(1e-15))))))
                .first();
        m.put("accuracy", r.getDouble(0));
        m.put("log_loss", r.getDouble(1));
        if (classes == 2) {
            m.put("auc", new BinaryClassificationEvaluator().evaluate(predictions));
        }
        return m;
    }
}
