package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.CharLanguageModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j sample}: text from a character language model folder. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continue a text with a character language model (example char-lm writes them).")
final class SampleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A language model folder.")
    Path model;

    @Option(names = "--prime", defaultValue = "The ", description = "The text to continue (default: '${DEFAULT-VALUE}').")
    String prime;

    @Option(names = "--length", defaultValue = "300", description = "Characters to add (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8",
            description = "Below 1 safer, above 1 wilder (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "7", description = "Seeds the draws: the same seed, the same text "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (length < 0) {
            throw new IllegalArgumentException("--length must be >= 0, got " + length);
        }
        CharLanguageModel lm = CharLanguageModel.load(model);
        spec.commandLine().getOut().println(lm.sample(prime, length, temperature, seed));
        return 0;
    }
}
