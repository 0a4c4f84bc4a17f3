package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Example;
import io.github.adagrad4j.train.Presets;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j example NAME}: runs a preset ({@link Presets}) or an example found on the class
 * path ({@link Example#installed()}: the examples jar, which {@code bin/adagrad4j} adds).
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run a named example: digits, fashion-mlp-50, fashion-mlp-256-128, fashion-cnn, and (from the "
                + "examples jar, which bin/adagrad4j puts on the class path) linear, boston, spam, recommender, char-lm, "
                + "spam-sequence.")
final class ExampleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The example.")
    String name;

    @Option(names = "--epochs", description = "Override the example's epoch count.")
    Integer epochs;

    @Option(names = "--train-limit", paramLabel = "N", description = "Presets: train on the first N training examples "
            + "only. Other examples: run their reduced size (quick runs).")
    Integer trainLimit;

    @Option(names = "--seeds", defaultValue = "5", description = "boston: initialisation seeds to average (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--steps", paramLabel = "N", description = "char-lm: training steps per optimizer (default: one epoch).")
    Integer steps;

    @Option(names = "--seed", description = "Initialisation seed of a single-run example, and of char-lm's network "
            + "(default 42).")
    Long seed;

    @Option(names = "--optimizers", split = " ", paramLabel = "SPEC", description = "char-lm: the rules to compare "
            + "(default: adagrad:lr=0.02 adam:lr=2e-3 sgd:lr=1,momentum=0.9).")
    List<String> optimizers;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/NAME).")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = output != null ? output : Path.of("runs", name);
        if (Presets.names().contains(name)) {
            TrainingConfig.Builder c = Presets.config(name).output(dir);
            if (epochs != null) {
                c.epochs(epochs);
            }
            if (trainLimit != null) {
                c.trainLimit(trainLimit);
            }
            if (seed != null) {
                c.seed(seed);
            }
            TrainingConfig config = c.build();
            out.println(name + ": " + Presets.describe(name, config));
            Recipe r = new Recipe(config);
            r.commandLine = Main.commandLine(spec);
            return TrainCommand.execute(r, spec);
        }
        List<Example> installed = Example.installed();
        for (Example e : installed) {
            if (e.name().equals(name)) {
                out.println(name + ": " + e.description());
                e.run(new Example.Settings(epochs, trainLimit != null, seeds, steps, seed, optimizers, dir), out);
                return 0;
            }
        }
        List<String> names = new ArrayList<>(Presets.names());
        installed.forEach(e -> names.add(e.name()));
        throw new IllegalArgumentException("unknown example '" + name + "'; available: " + String.join(", ", names)
                + (installed.isEmpty() ? " (the other examples are in examples/target/adagrad4j-examples.jar, which "
                        + "bin/adagrad4j puts on the class path)" : ""));
    }
}
