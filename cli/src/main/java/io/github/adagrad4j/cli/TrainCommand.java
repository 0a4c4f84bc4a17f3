package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.LanguageModelRecipe;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.RecurrentSpec;
import io.github.adagrad4j.train.SequenceRecipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.train.SparseRecipe;
import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.train.Callback;
import io.github.adagrad4j.train.History;
import io.github.adagrad4j.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j train}: train a model on a built-in data set or a file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model and write its model folder (model.json, model.safetensors) to the output folder, "
                + "with checkpoint.safetensors (for --resume), history.csv and chart.png. An option that does not "
                + "apply to the chosen model is an error.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    OptimizerOptionsMixin optimizer;

    @Option(names = "--validation-split", defaultValue = "0",
            description = "Validation fraction of the training part (default: none; val_* curves show the test set).")
    double validationSplit;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/DATA-OPTIMIZER).")
    Path output;

    @Option(names = "--resume", description = "Continue from the output folder's checkpoint.")
    boolean resume;

    @Option(names = "--report", description = "Write report.html to the output folder, refreshed every epoch: curves, "
            + "gradient norm, AdaGrad's effective learning rates per parameter.")
    boolean report;

    @Override
    public Integer call() throws Exception {
        if (run.data == null) {
            // A usage error, as picocli words a required option (the mixin's --data is optional for compare).
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required option: '--data=NAME|FILE|DIR'");
        }
        RunOptions.Path_ p = run.path();
        run.refuseUnsupported(p);
        if (optimizer.threads != null) {
            Blas.setThreads(optimizer.threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainingConfig config = config(p);
        switch (p) {
            case LANGUAGE_MODEL -> {
                List<Callback> more = new ArrayList<>();
                LanguageModelRecipe.run(config, out, reporting(config, more), more);
                chart(config, out);
                out.println("sample from it: adagrad4j sample --model " + config.output());
            }
            case SEQUENCE -> {
                if (!TextData.isText(run.data)) {
                    throw new IllegalArgumentException("--model " + run.model() + " classifies token sequences: it trains on "
                            + "texts (--data spam, a folder of class folders of .txt files, or a CSV with text columns); "
                            + "for a character language model on a text file add --task lm");
                }
                List<Callback> more = new ArrayList<>();
                SequenceRecipe.run(config, out, reporting(config, more), more);
                chart(config, out);
            }
            case SPARSE -> {
                SparseRecipe r = new SparseRecipe(config);
                r.commandLine = Main.commandLine(spec);
                r.listener = new Progress(out, Progress.onTerminal());
                if (report) {
                    TrainReport live = new TrainReport(config.output().resolve("report.html"), "Training sparse-linear "
                            + "on " + config.data() + " with " + r.rule().name(), r.listener);
                    r.listener = live;
                    r.callbacks.add(live);
                }
                SparseRecipe.Result res = r.run(out);
                Charts.write(res.history(), config.data() + " / " + r.rule().name(), config.output().resolve("chart.png"));
                out.printf("test:  accuracy %.4f  non-zero weights %d of %d (%.1f%%)%n", res.accuracy(),
                        res.nonZeroWeights(), res.weights(), 100.0 * res.nonZeroWeights() / res.weights());
                out.println("wrote " + config.output() + ": model.json, model.safetensors, checkpoint.safetensors, history.csv, "
                        + "chart.png" + (report ? ", report.html" : ""));
            }
            case NETWORK -> {
                Recipe job = new Recipe(config);
                job.commandLine = Main.commandLine(spec);
                return execute(job, out, report);
            }
        }
        return 0;
    }

    /**
     * With --report, wraps a path's listener in a live report, which is also added to {@code more}
     * (its callbacks); else leaves the listener as it is.
     */
    private UnaryOperator<TrainingListener> reporting(TrainingConfig config, List<Callback> more) {
        if (!report) {
            return l -> l;
        }
        return l -> {
            TrainReport live = new TrainReport(config.output().resolve("report.html"), "Training " + config.model()
                    + " on " + config.data() + " with " + config.optimizer(), l);
            more.add(live);
            return live;
        };
    }

    /** chart.png from the run's history.csv. */
    private void chart(TrainingConfig config, PrintWriter out) throws java.io.IOException {
        Charts.write(History.readCsv(config.output().resolve("history.csv")), config.data() + " / " + config.model(),
                config.output().resolve("chart.png"));
        out.println("wrote " + config.output().resolve("chart.png") + (report ? ", "
                + config.output().resolve("report.html") : ""));
    }

    /** The options as one checked configuration, with the default output folder of the path. */
    TrainingConfig config(RunOptions.Path_ p) {
        Path dir = output != null ? output : switch (p) {
            case LANGUAGE_MODEL -> Path.of("runs", "lm-" + optimizer.optimizer);
            case SPARSE -> Path.of("runs", "sparse-" + optimizer.optimizer);
            case SEQUENCE -> Path.of("runs", run.dataName() + "-" + RecurrentSpec.parse(run.model()).cellName() + "-"
                    + optimizer.optimizer);
            case NETWORK -> Path.of("runs", run.dataName() + "-" + optimizer.optimizer);
        };
        return run.config(optimizer.optimizer, optimizer.given(), dir).schedule(optimizer.schedule)
                .clipNorm(optimizer.clipNorm).clipValue(optimizer.clipValue).threads(optimizer.threads)
                .nonFinite(optimizer.nonFinite).validationSplit(validationSplit).resume(resume).report(report).build();
    }

    static int execute(Recipe job, java.io.PrintWriter out) throws Exception {
        return execute(job, out, false);
    }

    static int execute(Recipe job, java.io.PrintWriter out, boolean report) throws Exception {
        Charts.warmUpInBackground();
        job.listener = new Progress(out, Progress.onTerminal());
        if (report) {
            TrainingConfig c = job.config();
            TrainReport live = new TrainReport(c.output().resolve("report.html"), "Training " + c.model() + " on "
                    + c.data() + " with " + job.rule().name(), job.listener);
            job.listener = live;
            job.callbacks.add(live);
        }
        Recipe.Result r = job.run(out);
        Charts.write(r.history(), job.config().data() + " / " + job.rule().name(), r.output().resolve("chart.png"));
        StringBuilder line = new StringBuilder("test:");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            line.append(String.format("  %s %.4f", e.getKey(), e.getValue()));
        }
        out.println(line);
        out.println("wrote " + r.output() + ": model.json, model.safetensors, checkpoint.safetensors, history.csv, "
                + "chart.png" + (report ? ", report.html" : ""));
        return 0;
    }
}
