package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.RecurrentSpec;
import io.github.adagrad4j.train.TextData;
import io.github.adagrad4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of a run's data, model and loop, shared by {@code train}, {@code compare} and
 * {@code search}: each of their runs is a {@link TrainingConfig} built from them ({@link #config}),
 * so the runs of one command differ only where the command varies them (the rule, its options,
 * the batch size), and an option means the same in all three. The rule's own options, the output
 * folder and the validation settings are each command's.
 */
final class RunOptions {
    /** The command this mixin is part of, to ask which options were given. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--data", paramLabel = "NAME|FILE|DIR",
            description = "digits, boston, fashion-mnist, spam (text; with --model sparse-linear or a recurrent spec "
                    + "such as bigru:64), a .csv/.csv.gz/.svm/.libsvm file, a folder of class folders of .txt files, "
                    + "or a text file (or fortunes) with --task lm.")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX", description = "CSV target column (default: the last).")
    String labelColumn;

    @Option(names = "--no-header", description = "The CSV file has no header line.")
    boolean noHeader;

    @Option(names = "--test-data", paramLabel = "FILE|DIR",
            description = "Evaluate on this file or folder (same columns or classes) instead of a split of --data.")
    String testData;

    @Option(names = "--validation-data", paramLabel = "FILE|DIR",
            description = "Per-epoch val_ figures and early stopping on this file or folder.")
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

    @Option(names = "--model", paramLabel = "SPEC",
            description = "linear, mlp:H1[,H2...][,dropout=P], cnn, sparse-linear (logistic/softmax regression on "
                    + "sparse rows: texts or a LIBSVM file), or a recurrent network [bi]lstm|gru|rnn:HIDDEN[xLAYERS]"
                    + "[,embed=N][,max-len=N][,pool=mean|last]: with --task lm a character language model (lstm/gru, "
                    + "e.g. lstm:256x2), on texts a classifier of their token sequences (e.g. "
                    + "bigru:64,max-len=600; tokens hashed into 2^18 rows unless --hash-bits); spark-train: linear or "
                    + "mlp:H1[,H2...] (default: " + DEFAULT_MODEL + "; spark-train: linear).")
    String model;

    /** train's, compare's and search's model when none is given. */
    static final String DEFAULT_MODEL = "mlp:128";

    @Option(names = "--hash-bits", paramLabel = "BITS", description = "Text hashed into 2^BITS buckets (default: 20 for "
            + "sparse-linear, 18 for a recurrent classifier's embedding rows).")
    Integer hashBits;

    @Option(names = "--seq-len", defaultValue = "100", description = "--task lm: characters per training window (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training data (default: "
            + "${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Examples per step (default: 32; spark-train: 1024 rows per partition).")
    Integer batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds initialisation, split, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split-seed", paramLabel = "SEED",
            description = "Seeds the test split only, so that --seed varies the initialisation alone (default: --seed).")
    Long splitSeed;

    @Option(names = "--test-split", defaultValue = "0.2", description = "Held-out test fraction (default: ${DEFAULT-VALUE}; fashion-mnist: its own test set).")
    double testSplit;

    @Option(names = "--standardize", negatable = true,
            description = "Standardise features with training statistics (default: on for CSV files, digits and boston).")
    Boolean standardize;

    @Option(names = "--target-scaling", defaultValue = "standard", paramLabel = "standard|none",
            description = "Regression: train on targets standardised with the training rows' statistics (undone at "
                    + "prediction, recorded in model.json), or none (default: ${DEFAULT-VALUE}).")
    String targetScaling;

    @Option(names = "--tensorboard", paramLabel = "DIR", description = "Write TensorBoard event files to DIR: per "
            + "step the loss and gradient norm, per epoch every figure and histograms of the weights and of the "
            + "optimizer state (compare and search: a subfolder per run). View with tensorboard --logdir DIR.")
    java.nio.file.Path tensorboard;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop when val_loss stalls (needs a validation set of its own).")
    Integer earlyStopping;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N training examples only.")
    int trainLimit;

    /** The model spec given, or train's default. */
    String model() {
        return model != null ? model : DEFAULT_MODEL;
    }

    /** The batch size given, or train's default. */
    int batchSize() {
        return batchSize != null ? batchSize : 32;
    }

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
                    "--text-columns", "--split-seed", "--test-split", "--validation-split", "--standardize",
                    "--target-scaling", "--train-limit"));

    /** The options that describe how a CSV table is read: they apply to the text paths only on a CSV. */
    static final List<String> TABLE_OPTIONS = List.of("--label-column", "--no-header", "--categorical",
            "--ignore-columns", "--max-categories", "--missing", "--delimiter", "--text-columns");

    /** The path the options select. */
    Path_ path() {
        if (task == Recipe.Task.LM) {
            return Path_.LANGUAGE_MODEL;
        }
        if (RecurrentSpec.names(model())) {
            return Path_.SEQUENCE;
        }
        return model().equals("sparse-linear") ? Path_.SPARSE : Path_.NETWORK;
    }

    /** Whether the command was given {@code option}. */
    boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Refuses an option given on a path that cannot honour it. */
    void refuseUnsupported(Path_ p) {
        for (String option : UNSUPPORTED.get(p)) {
            if (given(option)) {
                throw new IllegalArgumentException(option + " does not apply to " + p.words + "; leave it out");
            }
        }
        if ((p == Path_.SPARSE || p == Path_.SEQUENCE) && !TextData.isTable(data)) {
            for (String option : TABLE_OPTIONS) {
                if (given(option)) {
                    throw new IllegalArgumentException(option + " describes a CSV table; --data " + data + " is not one");
                }
            }
        }
    }

    /**
     * Refuses what a command that runs dense networks only ({@code compare}, {@code search}) cannot
     * run: another path, or an option that path cannot honour.
     */
    void refuseAllButNetworks(String command) {
        if (path() != Path_.NETWORK) {
            throw new IllegalArgumentException(command + " runs dense networks (mlp, cnn, linear); " + path().words
                    + " trains with train");
        }
        refuseUnsupported(Path_.NETWORK);
    }

    /**
     * The settings these options give, for a run of the rule {@code optimizer} with its {@code
     * options} (as {@link io.github.adagrad4j.optim.Rules#create} takes them), writing to {@code output}.
     */
    TrainingConfig.Builder config(String optimizer, Map<String, String> options, Path output) {
        return TrainingConfig.builder().data(data).labelColumn(labelColumn).header(!noHeader)
                .task(task == null ? null : task.name().toLowerCase(java.util.Locale.ROOT)).model(model())
                .hashBits(hashBits).seqLen(seqLen).optimizer(optimizer).optimizerOptions(options).epochs(epochs)
                .batchSize(batchSize()).seed(seed).splitSeed(splitSeed).testSplit(testSplit).testData(testData)
                .validationData(validationData).trainLimit(trainLimit).standardize(standardize)
                .targetScaling(TrainingConfig.targetScaling(targetScaling)).earlyStopping(earlyStopping)
                .categorical(categorical).ignoreColumns(ignoreColumns).textColumns(textColumns)
                .maxCategories(maxCategories).missing(TrainingConfig.missing(missing))
                .delimiter(TrainingConfig.delimiter(delimiter)).output(output).tensorboard(tensorboard);
    }

    /** The file or set name without its extension, for default output folders. */
    String dataName() {
        return Path.of(data).getFileName().toString().replaceAll("\\.(csv|tsv|gz|svm|libsvm|txt)$", "");
    }
}
