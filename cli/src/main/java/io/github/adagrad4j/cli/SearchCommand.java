package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.search.Search;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j search}: grid or random search over a rule's options (and the batch size),
 * each trial scored on a validation split or by K-fold cross-validation, trials that fall behind
 * stopped by the median rule, trials in parallel, everything reproducible from the seed. {@link
 * Search} runs it and writes {@code trials.csv}, {@code best.json} (for {@code train --config}),
 * {@code report.html}, and {@code best/}, a model folder trained with the best configuration.
 * Rerunning on the same folder skips the trials already finished.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyperparameters (grid or random), with median pruning, K folds, parallel trials, resume.")
final class SearchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--optimizer", defaultValue = "adagrad", paramLabel = "RULE",
            description = "The rule whose options are searched (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--space", required = true, paramLabel = "SPACE",
            description = "E.g. \"lr=loguniform(1e-4,1),initial-accumulator=choice(0,0.1),batch-size=choice(32,100)\": "
                    + "the rule's options and batch-size, each loguniform(LO,HI), uniform(LO,HI) or choice(A,B,...).")
    String space;

    @Option(names = "--strategy", defaultValue = "random", paramLabel = "grid|random",
            description = "Random draws from the space, or a grid over it (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--trials", defaultValue = "20", description = "Random trials (grid: at most this many; default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--grid-points", defaultValue = "4", description = "Grid values per continuous dimension (default: ${DEFAULT-VALUE}).")
    int gridPoints;

    @Option(names = "--folds", defaultValue = "0", paramLabel = "K",
            description = "Score by K-fold cross-validation of the training part (default: a validation split).")
    int folds;

    @Option(names = "--validation-split", defaultValue = "0.2", description = "Without --folds: the validation fraction (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--no-prune", description = "Run every trial to the end (default: median pruning).")
    boolean noPrune;

    @Option(names = "--parallel", paramLabel = "N", description = "Trials at a time (default: one per core).")
    Integer parallel;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/search-DATA-RULE).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (run.data == null) {
            throw new IllegalArgumentException("search needs --data (a built-in data set or a file)");
        }
        run.refuseAllButNetworks("search");
        Path dir = output != null ? output : Path.of("runs", "search-" + run.dataName() + "-" + optimizer);
        Search.Settings settings = new Search.Settings(optimizer, space, strategy, trials, gridPoints, folds,
                validationSplit, !noPrune, parallel);
        java.io.PrintWriter out = spec.commandLine().getOut();
        Search.Result r = Search.run(run.config(optimizer, java.util.Map.of(), null).build(), settings, dir,
                Main.commandLine(spec), out);
        out.println(r.summary());
        out.println("wrote " + dir + ": trials.csv, best.json (train --config), report.html, best/ (model folder)");
        return 0;
    }
}
