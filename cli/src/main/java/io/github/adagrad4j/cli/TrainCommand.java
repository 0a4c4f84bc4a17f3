package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.LanguageModelRecipe;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.RecurrentSpec;
import io.github.adagrad4j.train.SequenceRecipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.train.SparseRecipe;
import io.github.adagrad4j.nn.ops.Blas;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
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

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/DATA-OPTIMIZER for networks, runs/DATA-KIND-OPTIMIZER for "
            + "sparse-linear, recurrent and language models, KIND being sparse, the cell or lm).")
    Path output;

    /** Read by {@link Main#withConfig} before parsing, which replaces it by the options it holds; declared for --help. */
    @Option(names = "--config", paramLabel = "FILE", description = "Take the options from a JSON file: a search's "
            + "best.json, or a model folder's model.json (the settings it was trained with). Options given beside it win.")
    Path config;

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
                LanguageModelRecipe.run(config, out);
                out.println("sample from it: adagrad4j sample --model " + config.output());
            }
            case SEQUENCE -> {
                if (!TextData.isText(run.data)) {
                    throw new IllegalArgumentException("--model " + run.model() + " classifies token sequences: it trains on "
                            + "texts (--data spam, a folder of class folders of .txt files, or a CSV with text columns); "
                            + "for a character language model on a text file add --task lm");
                }
                SequenceRecipe.run(config, out);
            }
            case SPARSE -> {
                SparseRecipe r = new SparseRecipe(config);
                r.commandLine = Main.commandLine(spec);
                r.listener = new Progress(out, Progress.onTerminal(spec));
                SparseRecipe.Result res = r.run(out);
                out.printf("test:  accuracy %.4f  non-zero weights %d of %d (%.1f%%)%n", res.accuracy(),
                        res.nonZeroWeights(), res.weights(), 100.0 * res.nonZeroWeights() / res.weights());
                out.println("wrote " + config.output() + ": " + ModelFolder.runFiles(config));
            }
            case NETWORK -> {
                Recipe job = new Recipe(config);
                job.commandLine = Main.commandLine(spec);
                return execute(job, spec);
            }
        }
        return 0;
    }

    /** The options as one checked configuration, with the default output folder of the path. */
    TrainingConfig config(RunOptions.Path_ p) {
        Path dir = output != null ? output : switch (p) {
            case LANGUAGE_MODEL -> Path.of("runs", run.dataName() + "-lm-" + optimizer.optimizer);
            case SPARSE -> Path.of("runs", run.dataName() + "-sparse-" + optimizer.optimizer);
            case SEQUENCE -> Path.of("runs", run.dataName() + "-" + RecurrentSpec.parse(run.model()).cellName() + "-"
                    + optimizer.optimizer);
            case NETWORK -> Path.of("runs", run.dataName() + "-" + optimizer.optimizer);
        };
        return run.config(optimizer.optimizer, optimizer.given(), dir).schedule(optimizer.schedule)
                .clipNorm(optimizer.clipNorm).clipValue(optimizer.clipValue).threads(optimizer.threads)
                .nonFinite(optimizer.nonFinite).validationSplit(validationSplit).resume(resume).report(report).build();
    }

    /** Runs a dense-network recipe with a progress bar and prints its test figures. */
    static int execute(Recipe job, picocli.CommandLine.Model.CommandSpec spec) throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        job.listener = new Progress(out, Progress.onTerminal(spec));
        Recipe.Result r = job.run(out);
        StringBuilder line = new StringBuilder("test:");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            line.append(String.format("  %s %.4f", e.getKey(), e.getValue()));
        }
        out.println(line);
        out.println("wrote " + r.output() + ": " + ModelFolder.runFiles(job.config()));
        return 0;
    }
}
