package io.github.adagrad4j.cli;

import io.github.adagrad4j.examples.BostonComparison;
import io.github.adagrad4j.examples.Catalog;
import io.github.adagrad4j.examples.LinearRegression;
import io.github.adagrad4j.examples.MatrixFactorization;
import io.github.adagrad4j.examples.Recipe;
import io.github.adagrad4j.examples.SpamFilter;
import io.github.adagrad4j.data.text.SpamAssassin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adagrad4j example NAME}: runs one of the specified examples at full size (or smaller). */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run a named example: linear, digits, fashion-mlp-50, fashion-mlp-256-128, fashion-cnn, boston, spam, recommender, char-lm, spam-sequence.")
final class ExampleCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The example.")
    String name;

    @Option(names = "--epochs", description = "Override the example's epoch count.")
    Integer epochs;

    @Option(names = "--train-limit", description = "Train on the first N training examples only (quick runs).")
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
        out.println(name + ": " + Catalog.describe(name));
        switch (name) {
            case "linear" -> LinearRegression.run(42, epochs != null ? epochs : 1000, 0.1, out::println);
            case "boston" -> BostonComparison.run(seeds, epochs != null ? epochs : 100, dir, out);
            case "recommender" -> {
                for (io.github.adagrad4j.optim.UpdateRule r : java.util.List.of(new io.github.adagrad4j.optim.AdaGrad(0.5),
                        new io.github.adagrad4j.optim.Sgd(5))) {
                    MatrixFactorization.Result res = MatrixFactorization.run(r, 2000, 1000, 8, 100_000,
                            epochs != null ? epochs : 20, 7);
                    out.printf("  %-40s test RMSE %.4f (predicting the mean: %.4f; noise 0.1)%n", r, res.testRmse(),
                            res.baselineRmse());
                }
            }
            case "char-lm" -> {
                io.github.adagrad4j.examples.CharLmExample.Config c = trainLimit != null
                        ? io.github.adagrad4j.examples.CharLmExample.Config.small()
                        : io.github.adagrad4j.examples.CharLmExample.Config.full();
                if (steps != null) {
                    c = c.withSteps(steps);
                }
                if (seed != null) {
                    c = c.withSeed(seed);
                }
                if (optimizers != null) {
                    c = c.withOptimizers(optimizers);
                }
                io.github.adagrad4j.examples.CharLmExample.run(c, dir, out);
            }
            case "spam-sequence" -> {
                io.github.adagrad4j.examples.SpamSequenceExample.Config c = trainLimit != null
                        ? io.github.adagrad4j.examples.SpamSequenceExample.Config.small()
                        : io.github.adagrad4j.examples.SpamSequenceExample.Config.full();
                if (epochs != null) {
                    c = c.withEpochs(epochs);
                }
                io.github.adagrad4j.examples.SpamSequenceExample.run(c, new io.github.adagrad4j.optim.AdaGrad(0.1), out, dir);
            }
            case "spam" -> SpamFilter.compare(SpamAssassin.DEFAULT_DIR, trainLimit != null ? trainLimit : 0, out);
            default -> {
                Recipe r = Catalog.recipe(name);
                if (epochs != null) {
                    r.epochs = epochs;
                }
                if (trainLimit != null) {
                    r.trainLimit = trainLimit;
                }
                if (seed != null) {
                    r.seed = seed;
                }
                r.output = dir;
                return TrainCommand.execute(r, out);
            }
        }
        return 0;
    }
}
