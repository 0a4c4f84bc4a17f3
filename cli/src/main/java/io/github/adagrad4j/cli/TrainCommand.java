package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.LanguageModelRecipe;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.RecurrentSpec;
import io.github.adagrad4j.train.SequenceRecipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.train.SparseRecipe;
import io.github.adagrad4j.nn.ops.Blas;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j train}: train a model on a built-in data set or a file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model and write its model folder (model.json, model.safetensors) to the output folder; "
                + "dense networks, sparse-linear models and recurrent classifiers also write checkpoint.safetensors (for "
                + "--resume), history.csv and chart.png. An option that does not apply to the chosen model is an error.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "digits, boston, fashion-mnist, spam (text; with --model sparse-linear or a recurrent spec "
                    + "such as bigru:64), a .csv/.csv.gz/.svm/.libsvm file, or a text file (or fortunes) with --task lm.")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX", description = "CSV target column (default: the last).")
    String labelColumn;

    @Option(names = "--no-header", description = "The CSV file has no header line.")
    boolean noHeader;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "Evaluate on this file (same columns) instead of a split of --data.")
    String testData;

    @Option(names = "--validation-data", paramLabel = "FILE",
            description = "Per-epoch val_ figures and early stopping on this file.")
    String validationData;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN",
            description = "CSV columns to one-hot encode even if numeric (text columns are categorical anyway).")
    List<String> categorical = List.of();

    @Option(names = "--ignore-columns", split = ",", paramLabel = "COLUMN", description = "CSV columns to leave out.")
    List<String> ignoreColumns = List.of();

    @Option(names = "--text-columns", split = ",", paramLabel = "COLUMN", description = "CSV columns of free text, read "
            + "as words by a sparse-linear or recurrent model (default: columns whose values are mostly long, distinct "
            + "and hold spaces).")
    List<String> textColumns = List.of();

    @Option(names = "--max-categories", defaultValue = "100", paramLabel = "N",
            description = "One-hot slots per categorical column; rarer values share hashed slots (default: ${DEFAULT-VALUE}).")
    int maxCategories;

    @Option(names = "--missing", defaultValue = "mean", paramLabel = "POLICY",
            description = "Empty, NA, NaN or ? numeric cells: error, mean, median or zero (default: ${DEFAULT-VALUE}); "
                    + "categorical columns get a 'missing' category.")
    String missing;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter: ',' ';' 'tab' '|' (default: sniffed).")
    String delimiter;

    @Option(names = "--task", description = "classification, regression or lm (a character language model on a text "
            + "file or fortunes, with --model lstm:HIDDENxLAYERS or gru:HIDDENxLAYERS and --seq-len) (default: by data "
            + "set; files: classification).")
    Recipe.Task task;

    @Option(names = "--model", defaultValue = "mlp:128", paramLabel = "SPEC",
            description = "linear, mlp:H1[,H2...][,dropout=P], cnn, sparse-linear (logistic/softmax regression on "
                    + "sparse rows: --data spam or a LIBSVM file), or a recurrent network [bi]lstm|gru|rnn:HIDDEN[xLAYERS]"
                    + "[,embed=N][,max-len=N][,pool=mean|last]: with --task lm a character language model (lstm/gru, "
                    + "e.g. lstm:256x2), on --data spam a classifier of the e-mails' token sequences (e.g. "
                    + "bigru:64,max-len=600; tokens hashed into 2^18 rows unless --hash-bits) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hash-bits", paramLabel = "BITS", description = "Text hashed into 2^BITS buckets (default: 20 for "
            + "sparse-linear, 18 for a recurrent classifier's embedding rows).")
    Integer hashBits;

    @Mixin
    OptimizerOptionsMixin optimizer;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds initialisation, split, shuffling and dropout.")
    long seed;

    @Option(names = "--test-split", defaultValue = "0.2", description = "Held-out test fraction (fashion-mnist: its own).")
    double testSplit;

    @Option(names = "--validation-split", defaultValue = "0",
            description = "Validation fraction of the training part (default: none; val_* curves show the test set).")
    double validationSplit;

    @Option(names = "--standardize", negatable = true,
            description = "Standardise features with training statistics (default: on for CSV files, digits and boston).")
    Boolean standardize;

    @Option(names = "--target-scaling", defaultValue = "standard", paramLabel = "standard|none",
            description = "Regression: train on targets standardised with the training rows' statistics (undone at "
                    + "prediction, recorded in model.json), or none (default: ${DEFAULT-VALUE}).")
    String targetScaling;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Stop when val_loss stalls (needs --validation-split).")
    Integer earlyStopping;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N training examples only.")
    int trainLimit;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/DATA-OPTIMIZER).")
    Path output;

    @Option(names = "--resume", description = "Continue from the output folder's checkpoint (not for --task lm).")
    boolean resume;

    @Option(names = "--seq-len", defaultValue = "100", description = "--task lm: characters per training window.")
    int seqLen;

    @Option(names = "--report", description = "Write report.html to the output folder, refreshed every epoch: curves, "
            + "gradient norm, AdaGrad's effective learning rates per parameter.")
    boolean report;

    /** The training paths, as the data and model options select them. */
    enum Path_ {
        NETWORK("a dense network (mlp, cnn, linear)"), SPARSE("a sparse-linear model"),
        SEQUENCE("a recurrent sequence classifier"), LANGUAGE_MODEL("a character language model (--task lm)");

        final String words;

        Path_(String words) {
            this.words = words;
        }
    }

    /**
     * The options each path cannot honour: given on that path, they are refused with one line
     * naming the option and the path, rather than silently dropped.
     */
    static final Map<Path_, List<String>> UNSUPPORTED = Map.of(
            Path_.NETWORK, List.of("--hash-bits", "--seq-len", "--text-columns"),
            Path_.SPARSE, List.of("--standardize", "--target-scaling", "--seq-len"),
            Path_.SEQUENCE, List.of("--standardize", "--target-scaling", "--seq-len"),
            Path_.LANGUAGE_MODEL, List.of("--label-column", "--no-header", "--test-data", "--validation-data",
                    "--categorical", "--ignore-columns", "--max-categories", "--missing", "--delimiter", "--hash-bits",
                    "--text-columns", "--test-split", "--validation-split", "--standardize", "--target-scaling",
                    "--early-stopping", "--train-limit", "--resume", "--report"));

    /** The options that describe how a CSV table is read: they apply to the text paths only on a CSV. */
    static final List<String> TABLE_OPTIONS = List.of("--label-column", "--no-header", "--categorical",
            "--ignore-columns", "--max-categories", "--missing", "--delimiter", "--text-columns");

    Path_ path() {
        if (task == Recipe.Task.LM) {
            return Path_.LANGUAGE_MODEL;
        }
        if (io.github.adagrad4j.train.RecurrentSpec.names(model)) {
            return Path_.SEQUENCE;
        }
        return model.equals("sparse-linear") ? Path_.SPARSE : Path_.NETWORK;
    }

    /** Refuses an option given on a path that cannot honour it. */
    void refuseUnsupported(Path_ p) {
        for (String option : UNSUPPORTED.get(p)) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " does not apply to " + p.words + "; leave it out");
            }
        }
        if ((p == Path_.SPARSE || p == Path_.SEQUENCE) && !TextData.isTable(data)) {
            for (String option : TABLE_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " describes a CSV table; --data " + data + " is not one");
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Path_ p = path();
        refuseUnsupported(p);
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
                if (!TextData.isText(data)) {
                    throw new IllegalArgumentException("--model " + model + " classifies token sequences: it trains on "
                            + "texts (--data spam, a folder of class folders of .txt files, or a CSV with text columns); "
                            + "for a character language model on a text file add --task lm");
                }
                List<io.github.adagrad4j.train.Callback> more = new java.util.ArrayList<>();
                java.util.function.UnaryOperator<io.github.adagrad4j.train.TrainingListener> wrap = l -> l;
                if (report) {
                    wrap = l -> {
                        TrainReport live = new TrainReport(config.output().resolve("report.html"), "Training "
                                + config.model() + " on " + config.data() + " with " + config.optimizer(), l);
                        more.add(live);
                        return live;
                    };
                }
                SequenceRecipe.run(config, out, wrap, more);
                Charts.write(io.github.adagrad4j.train.History.readCsv(config.output().resolve("history.csv")),
                        config.data() + " / " + config.model(), config.output().resolve("chart.png"));
                out.println("wrote " + config.output().resolve("chart.png") + (report ? ", "
                        + config.output().resolve("report.html") : ""));
            }
            case SPARSE -> {
                SparseRecipe r = SparseRecipe.of(config);
                r.commandLine = Main.commandLine(spec);
                r.listener = new Progress(out, Progress.onTerminal());
                if (report) {
                    TrainReport live = new TrainReport(r.output.resolve("report.html"), "Training sparse-linear on "
                            + r.data + " with " + r.rule.name(), r.listener);
                    r.listener = live;
                    r.callbacks.add(live);
                }
                SparseRecipe.Result res = r.run(out);
                Charts.write(res.history(), r.data + " / " + r.rule.name(), r.output.resolve("chart.png"));
                out.printf("test:  accuracy %.4f  non-zero weights %d of %d (%.1f%%)%n", res.accuracy(),
                        res.nonZeroWeights(), res.weights(), 100.0 * res.nonZeroWeights() / res.weights());
                out.println("wrote " + r.output + ": model.json, model.safetensors, checkpoint.safetensors, history.csv, "
                        + "chart.png" + (report ? ", report.html" : ""));
            }
            case NETWORK -> {
                Recipe job = Recipe.of(config);
                job.commandLine = Main.commandLine(spec);
                return execute(job, out, report);
            }
        }
        return 0;
    }

    /** The options as one checked configuration, with the default output folder of the path. */
    TrainingConfig config(Path_ p) {
        String name = Path.of(data).getFileName().toString().replaceAll("\\.(csv|tsv|gz|svm|libsvm|txt)$", "");
        Path dir = output != null ? output : switch (p) {
            case LANGUAGE_MODEL -> Path.of("runs", "lm-" + optimizer.optimizer);
            case SPARSE -> Path.of("runs", "sparse-" + optimizer.optimizer);
            case SEQUENCE -> Path.of("runs", name + "-" + RecurrentSpec.parse(model).cellName() + "-"
                    + optimizer.optimizer);
            case NETWORK -> Path.of("runs", name + "-" + optimizer.optimizer);
        };
        return TrainingConfig.builder().data(data).labelColumn(labelColumn).header(!noHeader)
                .task(task == null ? null : task.name().toLowerCase(java.util.Locale.ROOT)).model(model)
                .hashBits(hashBits).seqLen(seqLen).optimizer(optimizer.optimizer).optimizerOptions(optimizer.given())
                .schedule(optimizer.schedule).clipNorm(optimizer.clipNorm).clipValue(optimizer.clipValue)
                .threads(optimizer.threads).nonFinite(optimizer.nonFinite).epochs(epochs).batchSize(batchSize)
                .seed(seed).testSplit(testSplit).validationSplit(validationSplit).testData(testData)
                .validationData(validationData).trainLimit(trainLimit).standardize(standardize)
                .targetScaling(TrainingConfig.targetScaling(targetScaling)).earlyStopping(earlyStopping)
                .categorical(categorical).ignoreColumns(ignoreColumns).textColumns(textColumns)
                .maxCategories(maxCategories).missing(TrainingConfig.missing(missing))
                .delimiter(TrainingConfig.delimiter(delimiter)).output(dir).resume(resume).report(report).build();
    }

    static int execute(Recipe job, java.io.PrintWriter out) throws Exception {
        return execute(job, out, false);
    }

    static int execute(Recipe job, java.io.PrintWriter out, boolean report) throws Exception {
        Charts.warmUpInBackground();
        job.listener = new Progress(out, Progress.onTerminal());
        if (report) {
            TrainReport live = new TrainReport(job.output.resolve("report.html"), "Training " + job.model + " on "
                    + job.data + " with " + job.rule.name(), job.listener);
            job.listener = live;
            job.callbacks.add(live);
        }
        Recipe.Result r = job.run(out);
        Charts.write(r.history(), job.data + " / " + job.rule.name(), r.output().resolve("chart.png"));
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
