package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.compare.Comparison;
import io.github.adagrad4j.train.compare.TestFunction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j compare}: several optimizers on the same problem, differing only by the rule.
 * On a data set every run has the same model, split, seed, initial weights and batch order; on a
 * 2-D test function the same start. {@link Comparison} runs them and writes {@code report.html}
 * (self-contained), {@code results.csv}, the charts as PNG and {@code compare.json}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare optimizers on a data set (same model, split, seed, initial weights, batch order) or on a "
                + "2-D test function, with an HTML report.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--optimizers", required = true, arity = "1..*", paramLabel = "RULE[:OPTS]",
            description = "Rules to compare, each with its options: \"sgd:lr=0.1,momentum=0.9\" \"adam:lr=1e-3\" adadelta.")
    List<String> optimizers;

    @Option(names = "--function", paramLabel = "NAME",
            description = "A 2-D test function: rosenbrock, beale, ellipse (x²/20 + y²), saddle (x² - y²), himmelblau.")
    String function;

    @Option(names = "--start", split = ",", paramLabel = "X,Y", description = "Start point (default: the function's own).")
    List<Double> start;

    @Option(names = "--steps", defaultValue = "200", description = "Steps on a function (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    RunOptions run;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Runs at a time (default: one per core, at most one per optimizer); results do not depend on it.")
    Integer parallel;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/compare-DATA|FUNCTION).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if ((function == null) == (run.data == null)) {
            throw new IllegalArgumentException("compare needs exactly one of --data (a data set) or --function "
                    + "(a 2-D test function " + TestFunction.keys() + ")");
        }
        if (run.data != null) {
            run.refuseAllButNetworks("compare");
        }
        Comparison.rules(optimizers);   // a mistyped rule is refused before anything else
        Path dir = output != null ? output : Path.of("runs", "compare-" + (function != null ? function
                : run.dataName()));
        PrintWriter out = spec.commandLine().getOut();
        Comparison.Result r;
        if (function != null) {
            double[] s0 = start == null ? null : start.stream().mapToDouble(Double::doubleValue).toArray();
            r = Comparison.onFunction(TestFunction.byName(function), s0, steps, optimizers, dir);
        } else {
            r = Comparison.onData(run.config("sgd", java.util.Map.of(), null).build(), optimizers, parallel, dir,
                    Main.commandLine(spec), out);
        }
        r.lines().forEach(out::println);
        out.println(r.verdict());
        out.println("wrote " + dir + ": " + String.join(", ", r.files()));
        return 0;
    }
}
