package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Predictions;
import io.github.adagrad4j.train.TrainedModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j predict}: one CSV row of answers per input row, streamed (memory bounded by a
 * batch, not the file). The output file appears only when every row succeeded.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a model folder: one output row per input row (class and probabilities, or value).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A folder written by train --output.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Rows to predict: a CSV with the training columns (the label column may be absent), a LIBSVM "
                    + "file, or for a text model a text file or a folder of them.")
    String data;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the predictions (default: standard output).")
    Path output;

    @Option(names = "--id-column", paramLabel = "NAME", description = "An input column copied to each output row.")
    String idColumn;

    @Override
    public Integer call() throws Exception {
        TrainedModel m = load(model);
        if (output == null) {
            Predictions.write(m, data, idColumn, spec.commandLine().getOut());
            return 0;
        }
        long start = System.nanoTime();
        long rows = Predictions.write(m, data, idColumn, output);
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getErr().printf("wrote %d predictions to %s (%.1f s, %.0f rows/s)%n", rows, output, seconds,
                rows / seconds);
        return 0;
    }

    /** Loads a folder for predict and evaluate; a language model is pointed to {@code sample}. */
    static TrainedModel load(java.nio.file.Path dir) throws java.io.IOException {
        if (io.github.adagrad4j.train.ModelFolder.read(dir).kind() == io.github.adagrad4j.train.ModelDescription.Kind.CHAR_LM) {
            throw new IllegalArgumentException(dir + ": this is a language model: use adagrad4j sample --model " + dir);
        }
        return TrainedModel.load(dir);
    }
}
