package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.Presets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j demo}: the README's first command. Trains an MLP on scikit-learn's digits
 * (shipped in the jar) with AdaGrad in a few seconds and prints the test accuracy.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train an MLP (64-128-10) on the 8x8 digits with AdaGrad (lr 0.05), 20 epochs, and report test accuracy.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Recipe job = new Recipe(Presets.config("digits").output(output).build());
        job.commandLine = Main.commandLine(spec);
        return TrainCommand.execute(job, spec);
    }
}
