package io.github.adagrad4j.cli;

import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.spark.SparkTrainJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j spark-train}: a linear model trained on Apache Spark (embedded {@code local[*]} by default). */
@Command(name = "spark-train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a linear model (logistic/softmax or linear regression) on Apache Spark with any "
                + "update rule, and write the Spark ML model and history.csv to the output folder.",
            "Runs an embedded Spark (local[*]) unless --master names another; the jar also runs under spark-submit "
                + "(--class io.github.adagrad4j.cli.Main ... spark-train ...)."})
final class SparkTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL (default: spark-submit's when run by it, else local[*]).")
    String master;

    @Option(names = "--data", required = true, paramLabel = "spam|FILE",
            description = "spam (the SpamAssassin texts, through Tokenizer and HashingTF), or a .svm/.libsvm, .csv "
                    + "or Parquet file/folder (columns label, features).")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME", description = "CSV target column (default: the last).")
    String labelColumn;

    @Option(names = "--task", defaultValue = "classification", description = "classification or regression.")
    String task;

    @Mixin
    OptimizerOptionsMixin optimizer;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "1024", description = "Rows per partition per step.")
    int batchSize;

    @Option(names = "--mode", defaultValue = "sync",
            description = "sync (one step per mini-batch over all partitions) or average (local epochs, then "
                    + "weights and optimizer state averaged).")
    String mode;

    @Option(names = "--partitions", defaultValue = "0", description = "Repartition the training data (default: as read).")
    int partitions;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds the split and the row orders.")
    long seed;

    @Option(names = "--test-split", defaultValue = "0.2", description = "Held-out test fraction.")
    double testSplit;

    @Option(names = "--standardize", negatable = true,
            description = "Train on features divided by their standard deviation (default: on for CSV, off for "
                    + "LIBSVM, Parquet and texts, whose sparse counts it would inflate).")
    Boolean standardize;

    @Option(names = "--hash-bits", defaultValue = "20", description = "Texts: 2^BITS hashed features.")
    int hashBits;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/spark-DATA-OPTIMIZER).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!optimizer.schedule.equals("constant") || optimizer.clipNorm != null || optimizer.clipValue != null
                || optimizer.threads != null || optimizer.nonFinite != NonFinitePolicy.THROW) {
            throw new IllegalArgumentException("--schedule, --clip-norm, --clip-value, --threads and --non-finite are "
                    + "not supported by spark-train yet");
        }
        if (!task.equals("classification") && !task.equals("regression")) {
            throw new IllegalArgumentException("--task takes classification or regression, got '" + task + "'");
        }
        optimizer.rule();
        SparkTrainJob job = new SparkTrainJob();
        job.master = master;
        job.data = data;
        job.labelColumn = labelColumn;
        job.regression = task.equals("regression");
        job.optimizer = optimizer.optimizer;
        job.optimizerOptions = spec(optimizer.given());
        job.trainingMode = mode;
        job.epochs = epochs;
        job.batchSize = batchSize;
        job.partitions = partitions;
        job.seed = seed;
        job.testSplit = testSplit;
        job.hashBits = hashBits;
        job.standardization = standardize != null ? standardize
                : data.toLowerCase().endsWith(".csv") || data.toLowerCase().endsWith(".csv.gz");
        String base = Path.of(data).getFileName().toString().replaceAll("\\.(csv|gz|svm|libsvm|txt|parquet)$", "");
        job.output = output != null ? output : Path.of("runs", "spark-" + base + "-" + optimizer.optimizer);
        PrintWriter out = spec.commandLine().getOut();
        SparkTrainJob.Result r;
        if (data.equals("spam")) {
            SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
            r = job.runTexts(c.documents(), c.labels(), out);
        } else {
            r = job.run(out);
        }
        double[] h = r.lossHistory();
        out.printf("trained in %.1f s; training loss %s%n", r.trainSeconds(),
                h.length == 0 ? "-" : String.format("%.4f -> %.4f", h[0], h[h.length - 1]));
        StringBuilder line = new StringBuilder("test:");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            line.append(String.format("  %s %.4f", e.getKey(), e.getValue()));
        }
        out.println(line);
        boolean folder = java.nio.file.Files.exists(job.output.resolve("model.json"));
        out.println("wrote " + job.output + ": " + (folder ? "model.json, model.safetensors, " : "") + "history.csv, "
                + "spark/ (the Spark ML PipelineModel)");
        return 0;
    }

    /** The given options as the estimator's optimizerOptions ({@code KEY=VALUE,...}; betas as B1/B2). */
    private static String spec(Map<String, String> given) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : given.entrySet()) {
            s.append(s.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().replace(',', '/'));
        }
        return s.toString();
    }
}
