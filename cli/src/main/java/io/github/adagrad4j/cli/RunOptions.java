package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The data, model and loop options that {@code compare} and {@code search} share with {@code
 * train}: each of their runs is a {@link Recipe} built from them, so the runs of one command
 * differ only where the command varies them (the rule, its options, the batch size).
 */
final class RunOptions {
    @Option(names = "--data", paramLabel = "NAME|FILE", description = "A data set, as train takes it.")
    String data;

    @Option(names = "--model", defaultValue = "mlp:128", paramLabel = "SPEC", description = "As train (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX")
    String labelColumn;

    @Option(names = "--task")
    Recipe.Task task;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds initialisation, split, shuffling (and sampling).")
    long seed;

    @Option(names = "--test-split", defaultValue = "0.2")
    double testSplit;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N training examples only.")
    int trainLimit;

    /**
     * A run of the rule {@code optimizer} with its {@code options} (as {@link
     * io.github.adagrad4j.optim.Rules#create} takes them) writing its model folder to {@code output};
     * the folder records the settings, so {@code train --config} runs it again.
     */
    Recipe recipe(String optimizer, Map<String, String> options, Integer batchSize, Path output, String commandLine) {
        Recipe r = Recipe.of(TrainingConfig.builder().data(data).labelColumn(labelColumn)
                .task(task == null ? null : task.name().toLowerCase(java.util.Locale.ROOT)).model(model).epochs(epochs)
                .batchSize(batchSize != null ? batchSize : this.batchSize).seed(seed).testSplit(testSplit)
                .trainLimit(trainLimit).optimizer(optimizer).optimizerOptions(options).output(output).build());
        r.commandLine = commandLine;
        return r;
    }

    /** The file or set name without its extension, for default output folders. */
    String dataName() {
        return Path.of(data).getFileName().toString().replaceAll("\\.(csv|gz|svm|libsvm|txt)$", "");
    }

    /** Whether runs classify (as Recipe decides it): their figure is val_accuracy, else val_rmse. */
    boolean classification() {
        return task != null ? task == Recipe.Task.CLASSIFICATION : !data.equals("boston");
    }
}
