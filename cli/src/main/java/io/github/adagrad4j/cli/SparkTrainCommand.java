package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.spark.SparkTrainJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import io.github.adagrad4j.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j spark-train}: a linear model or an MLP trained on Apache Spark (embedded {@code
 * local[*]} by default). Its data, model, loop and optimizer options are {@code train}'s ({@link
 * RunOptions}, {@link OptimizerOptionsMixin}); those a Spark run cannot honour are refused by name.
 */
@Command(name = "spark-train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a linear model (logistic/softmax or linear regression) or an MLP classifier on Apache "
                + "Spark with any update rule, and write a model folder (model.json, model.safetensors; the Spark ML "
                + "PipelineModel under spark/) and history.csv to the output folder.",
            "Runs an embedded Spark (local[*]) unless --master names another; the jar also runs under spark-submit "
                + "(--class io.github.adagrad4j.cli.Main ... spark-train ...)."})
final class SparkTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL (default: spark-submit's when run by it, else local[*]).")
    String master;

    @Mixin
    RunOptions run;

    @Mixin
    OptimizerOptionsMixin optimizer;

    @Option(names = "--mode", defaultValue = "sync",
            description = "sync (one step per mini-batch over all partitions) or average (local epochs, then "
                    + "weights and optimizer state averaged; linear models). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--partitions", defaultValue = "0", description = "Repartition the training data (default: as read).")
    int partitions;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/spark-DATA-OPTIMIZER).")
    Path output;

    /** train's options a Spark run cannot honour. */
    static final List<String> UNSUPPORTED = List.of("--test-data", "--validation-data", "--text-columns", "--seq-len",
            "--early-stopping", "--train-limit", "--tensorboard");

    @Override
    public Integer call() throws Exception {
        if (run.data == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--data=NAME|FILE|DIR'");
        }
        for (String option : UNSUPPORTED) {
            if (run.given(option)) {
                throw new IllegalArgumentException(option + " does not apply to spark-train; leave it out");
            }
        }
        if (run.task == io.github.adagrad4j.train.Recipe.Task.LM) {
            throw new IllegalArgumentException("--task lm does not apply to spark-train: it trains classifiers and "
                    + "regressors");
        }
        if (!optimizer.schedule.equals("constant") || optimizer.clipNorm != null || optimizer.clipValue != null
                || optimizer.threads != null || optimizer.nonFinite != NonFinitePolicy.THROW) {
            throw new IllegalArgumentException("--schedule, --clip-norm, --clip-value, --threads and --non-finite are "
                    + "not supported by spark-train yet");
        }
        if (!mode.equals("sync") && !mode.equals("average")) {
            throw new IllegalArgumentException("--mode takes sync or average, got '" + mode + "'");
        }
        String model = run.model != null ? run.model : "linear";
        if (mode.equals("average") && model.startsWith("mlp")) {
            throw new IllegalArgumentException("--mode average applies to linear models; an MLP trains in sync mode");
        }
        String base = Path.of(run.data).getFileName().toString().replaceAll("\\.(csv|gz|svm|libsvm|txt|parquet)$", "");
        Path dir = output != null ? output : Path.of("runs", "spark-" + base + "-" + optimizer.optimizer);
        TrainingConfig config = run.config(optimizer.optimizer, optimizer.given(), dir).model(model)
                .batchSize(run.batchSize != null ? run.batchSize : 1024).build();
        Main main = Main.of(spec);
        SparkLogs.configure(dir.resolve("spark.log"), main.isVerbose() ? main.level() : null);
        SparkTrainJob job = new SparkTrainJob(config);
        job.master = master;
        job.trainingMode = mode;
        job.partitions = partitions;
        if (Progress.onTerminal(spec)) {
            job.listener = new SparkProgress(config.epochs(), mode.equals("average") ? "partitions" : "steps");
        }
        PrintWriter out = spec.commandLine().getOut();
        SparkTrainJob.Result r;
        try {
            if (TextData.isText(run.data) && !TextData.isTable(run.data)) {
                TextData texts = TextData.load(run.data, null, null);
                r = job.runTexts(texts.texts(), texts.labels(), texts.classes(), out);
            } else {
                r = job.run(out);
            }
        } finally {
            job.stopSession();
        }
        double[] h = r.lossHistory();
        out.printf("trained in %.1f s; training loss %s%n", r.trainSeconds(),
                h.length == 0 ? "-" : String.format("%.4f -> %.4f", h[0], h[h.length - 1]));
        StringBuilder line = new StringBuilder("test:");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            line.append(String.format("  %s %.4f", e.getKey(), e.getValue()));
        }
        out.println(line);
        boolean folder = java.nio.file.Files.exists(dir.resolve("model.json"));
        out.println("wrote " + dir + ": " + (folder ? "model.json, model.safetensors, " : "") + "history.csv, "
                + "spark/ (the Spark ML PipelineModel), spark.log (Spark's own log)");
        return 0;
    }
}
