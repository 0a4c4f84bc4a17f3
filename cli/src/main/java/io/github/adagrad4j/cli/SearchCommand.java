package io.github.adagrad4j.cli;

import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.search.MedianPruner;
import io.github.adagrad4j.train.search.SearchSpace;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j search}: grid or random search over a rule's options (and the batch size),
 * each trial scored on a validation split or by K-fold cross-validation, trials that fall behind
 * stopped by the median rule, trials in parallel, everything reproducible from the seed. Writes
 * {@code trials.csv}, {@code best.json} (for {@code train --config}), {@code report.html}, and
 * {@code best/}, a model folder trained with the best configuration. Rerunning on the same folder
 * skips the trials already finished.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyperparameters (grid or random), with median pruning, K folds, parallel trials, resume.")
final class SearchCommand implements Callable<Integer> {
    static final String CONFIG = "search.json";

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

    @Option(names = "--trials", defaultValue = "20", description = "Random trials (grid: at most this many).")
    int trials;

    @Option(names = "--grid-points", defaultValue = "4", description = "Grid values per continuous dimension.")
    int gridPoints;

    @Option(names = "--folds", defaultValue = "0", paramLabel = "K",
            description = "Score by K-fold cross-validation of the training part (default: a validation split).")
    int folds;

    @Option(names = "--validation-split", defaultValue = "0.2", description = "Without --folds: the validation fraction.")
    double validationSplit;

    @Option(names = "--no-prune", description = "Run every trial to the end (default: median pruning).")
    boolean noPrune;

    @Option(names = "--parallel", paramLabel = "N", description = "Trials at a time (default: one per core).")
    Integer parallel;

    @Option(names = "--output", paramLabel = "DIR", description = "Output folder (default: runs/search-DATA-RULE).")
    Path output;

    /** Thrown from a trial's listener to stop it. */
    private static final class Pruned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Pruned() {
            super(null, null, false, false);
        }
    }

    /** A finished trial. */
    record Trial(int number, Map<String, String> params, String status, double value, List<Double> steps,
            double seconds, String note) {
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (run.data == null) {
            throw new IllegalArgumentException("search needs --data (a built-in data set or a file)");
        }
        run.refuseAllButNetworks("search");
        List<String> names = new ArrayList<>(Rules.options(optimizer));
        names.add("batch-size");
        SearchSpace s = SearchSpace.parse(space, names);
        List<Map<String, String>> configs = new ArrayList<>();
        switch (strategy) {
            case "grid" -> {
                List<Map<String, String>> grid = s.grid(gridPoints);
                configs.addAll(grid.subList(0, Math.min(grid.size(), trials)));
            }
            case "random" -> {
                for (int t = 0; t < trials; t++) {
                    configs.add(s.sample(run.seed, t));
                }
            }
            default -> throw new IllegalArgumentException("--strategy '" + strategy + "': expected grid or random");
        }
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
        }
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("--folds must be 0 (a validation split) or >= 2, got " + folds);
        }
        for (Map<String, String> c : configs) {
            rule(c);   // every configuration builds, before any trial runs
        }
        Path dir = output != null ? output : Path.of("runs", "search-" + run.dataName() + "-" + optimizer);
        CompareCommand.claim(dir, "search", CONFIG);
        Map<String, Object> config = config();
        Path configFile = dir.resolve(CONFIG);
        if (Files.exists(configFile)) {
            // More (or fewer) trials of the same search resume it; any other setting starts another search.
            Map<String, Object> before = new LinkedHashMap<>((Map<String, Object>) normalize(Json.parse(
                    Files.readString(configFile))));
            Map<String, Object> now = new LinkedHashMap<>(config);
            before.remove("trials");
            now.remove("trials");
            if (!now.equals(before)) {
                throw new IllegalArgumentException("output folder " + dir + " holds a search with other settings ("
                        + CONFIG + " differs); give a new --output to start another search");
            }
        }
        Files.createDirectories(dir);
        AtomicFile.writeString(configFile, Json.writePretty(config));
        PrintWriter out = spec.commandLine().getOut();
        Map<Integer, Trial> done = load(dir, configs);
        if (!done.isEmpty()) {
            out.printf("resuming: %d of %d trials already finished in %s%n", done.size(), configs.size(), dir);
        }
        int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + threads);
        }
        Map<Integer, Trial> results = new TreeMap<>(done);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Trial>> futures = new ArrayList<>();
        Object lock = new Object();
        // The metric and its direction come from the task (as Recipe decides it): val_accuracy up, val_rmse down.
        boolean higher = run.classification();
        String metric = higher ? "val_accuracy" : "val_rmse";
        MedianPruner p = new MedianPruner(5, higher);
        for (Trial t : done.values()) {
            for (int k = 0; k < t.steps().size(); k++) {
                p.report(t.number(), k, t.steps().get(k));
            }
            p.finish(t.number());
        }
        try {
            for (int i = 0; i < configs.size(); i++) {
                if (done.containsKey(i)) {
                    continue;
                }
                int number = i;
                Map<String, String> params = configs.get(i);
                futures.add(pool.submit(() -> {
                    Trial t;
                    try {
                        t = runTrial(number, params, p, metric, dir);
                    } finally {
                        p.finish(number);
                    }
                    synchronized (lock) {
                        results.put(number, t);
                        writeTrials(dir, s, results, metric);
                        out.printf("trial %3d %-9s %s %s  %s%n", number, t.status(), metric,
                                Double.isNaN(t.value()) ? "-" : String.format(Locale.ROOT, "%.4f", t.value()),
                                params);
                        out.flush();
                    }
                    return t;
                }));
            }
            for (Future<Trial> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        writeTrials(dir, s, results, metric);
        return finish(dir, s, results, metric, higher, out);
    }

    private io.github.adagrad4j.optim.UpdateRule rule(Map<String, String> params) {
        Map<String, String> opts = new LinkedHashMap<>(params);
        opts.remove("batch-size");
        try {
            return Rules.create(optimizer, opts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--space gives " + optimizer + " " + params + ": " + e.getMessage());
        }
    }

    /** A run of the drawn options {@code params} (the rule's and the batch size) writing to {@code out}. */
    private Recipe recipe(Map<String, String> params, Path out, UnaryOperator<TrainingConfig.Builder> validation) {
        rule(params);   // the drawn options, checked with the search's wording
        Map<String, String> opts = new LinkedHashMap<>(params);
        String batch = opts.remove("batch-size");
        TrainingConfig.Builder c = run.config(optimizer, opts, out);
        if (batch != null) {
            c.batchSize(Integer.parseInt(batch));
        }
        Recipe r = new Recipe(validation.apply(c).build());
        r.commandLine = Main.commandLine(spec);
        return r;
    }

    /**
     * One trial: epochs on a validation split (a step per epoch), or K folds run one after the
     * other (a step per fold, the running mean of the folds' final figures). After each step the
     * pruner may stop it.
     */
    private Trial runTrial(int number, Map<String, String> params, MedianPruner pruner, String metric, Path dir)
            throws Exception {
        long start = System.nanoTime();
        List<Double> steps = new ArrayList<>();
        Path scratch = dir.resolve("trials").resolve(String.format("%03d", number));
        String status = "complete";
        String note = "";
        try {
            if (folds == 0) {
                Recipe r = recipe(params, scratch, c -> c.validationSplit(validationSplit));
                r.listener = new TrainingListener() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        step(number, steps, logs.get(metric), pruner, epoch == run.epochs);
                    }
                };
                r.run(new PrintWriter(java.io.Writer.nullWriter()));
            } else {
                double sum = 0;
                for (int k = 0; k < folds; k++) {
                    int fold = k;
                    Recipe r = recipe(params, scratch.resolve("fold" + k), c -> c.folds(folds, fold));
                    double[] last = {Double.NaN};
                    r.listener = new TrainingListener() {
                        @Override
                        public void onEpochEnd(int epoch, Map<String, Double> logs) {
                            last[0] = logs.get(metric);
                        }
                    };
                    r.run(new PrintWriter(java.io.Writer.nullWriter()));
                    sum += last[0];
                    step(number, steps, sum / (k + 1), pruner, k == folds - 1);
                }
            }
        } catch (Pruned e) {
            status = "pruned";
        } catch (io.github.adagrad4j.optim.NonFiniteGradientException e) {
            status = "failed";
            note = "non-finite gradient: " + e.getMessage();
        } finally {
            deleteTree(scratch);
        }
        double value = steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1);
        return new Trial(number, params, status, value, steps, (System.nanoTime() - start) / 1e9, note);
    }

    /** Reports a step; stops the trial if the pruner says so (never after its last step: nothing is left to save). */
    private void step(int number, List<Double> steps, double value, MedianPruner pruner, boolean last) {
        pruner.report(number, steps.size(), value);
        steps.add(value);
        try {
            if (!noPrune && !last && pruner.shouldPrune(number, steps.size() - 1)) {
                throw new Pruned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "search");
        c.put("data", run.data);
        c.put("model", run.model());
        c.put("optimizer", optimizer);
        c.put("space", space);
        c.put("strategy", strategy);
        c.put("trials", (long) trials);
        c.put("grid_points", (long) gridPoints);
        c.put("folds", (long) folds);
        c.put("validation_split", validationSplit);
        c.put("prune", !noPrune);
        c.put("epochs", (long) run.epochs);
        c.put("batch_size", (long) run.batchSize());
        c.put("seed", run.seed);
        c.put("test_split", run.testSplit);
        c.put("train_limit", (long) run.trainLimit);
        return c;
    }

    /** JSON numbers read back as Long or Double; the config compares equal to what it was written from. */
    private static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, normalize(v)));
            return out;
        }
        if (o instanceof Integer i) {
            return (long) i;
        }
        return o;
    }

    // ---- files ---------------------------------------------------------------------------------

    private static void writeTrials(Path dir, SearchSpace s, Map<Integer, Trial> results, String metric)
            throws IOException {
        StringBuilder b = new StringBuilder("trial");
        for (SearchSpace.Dimension d : s.dimensions()) {
            b.append(',').append(d.name());
        }
        b.append(",status,").append(metric).append(",steps,seconds,values,note\n");
        for (Trial t : results.values()) {
            b.append(t.number());
            for (SearchSpace.Dimension d : s.dimensions()) {
                b.append(',').append(t.params().get(d.name()));
            }
            StringBuilder values = new StringBuilder();
            for (double v : t.steps()) {
                values.append(values.length() == 0 ? "" : " ").append(v);
            }
            b.append(',').append(t.status()).append(',').append(Double.isNaN(t.value()) ? "" : t.value()).append(',')
                    .append(t.steps().size()).append(',').append(String.format(Locale.ROOT, "%.2f", t.seconds()))
                    .append(',').append(values).append(',').append(io.github.adagrad4j.data.csv.CsvRows.quote(t.note())).append('\n');
        }
        AtomicFile.writeString(dir.resolve("trials.csv"), b.toString());
    }

    /** The finished trials of an earlier run on this folder whose configurations match this search's. */
    private static Map<Integer, Trial> load(Path dir, List<Map<String, String>> configs) throws IOException {
        Map<Integer, Trial> out = new TreeMap<>();
        Path file = dir.resolve("trials.csv");
        if (!Files.exists(file)) {
            return out;
        }
        try (CsvRows rows = CsvRows.open(file, ',')) {
            String[] h = rows.next();
            if (h == null) {
                return out;
            }
            List<String> header = List.of(h);
            int status = header.indexOf("status");
            for (String[] f = rows.next(); f != null; f = rows.next()) {
                int n = Integer.parseInt(f[0]);
                if (n >= configs.size()) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (int c = 1; c < status; c++) {
                    params.put(header.get(c), f[c]);
                }
                if (!params.equals(configs.get(n))) {
                    continue;
                }
                List<Double> steps = new ArrayList<>();
                for (String v : f[status + 4].split(" ")) {
                    if (!v.isBlank()) {
                        steps.add(Double.parseDouble(v));
                    }
                }
                out.put(n, new Trial(n, params, f[status], f[status + 1].isEmpty() ? Double.NaN
                        : Double.parseDouble(f[status + 1]), steps, Double.parseDouble(f[status + 3]), f[status + 5]));
            }
        } catch (RuntimeException e) {
            throw new io.github.adagrad4j.data.DataFormatException(file.toString(), "cannot be resumed from: "
                    + e.getMessage());
        }
        return out;
    }

    /** best.json, the best model folder, the report. */
    private int finish(Path dir, SearchSpace s, Map<Integer, Trial> results, String metric, boolean higher,
            PrintWriter out) throws Exception {
        Trial best = null;
        for (Trial t : results.values()) {
            if (t.status().equals("complete") && !Double.isNaN(t.value())
                    && (best == null || (higher ? t.value() > best.value() : t.value() < best.value()))) {
                best = t;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no trial completed: widen --space or lower the learning rates");
        }
        Recipe r = recipe(best.params(), dir.resolve("best"), c -> c);
        r.listener = TrainingListener.NONE;
        // The best trial's settings as train's options; without an output folder, train --config best.json
        // writes its own rather than over best/.
        Map<String, Object> bestJson = new LinkedHashMap<>(r.config().toJson());
        bestJson.remove("output");
        AtomicFile.writeString(dir.resolve("best.json"), Json.writePretty(bestJson));
        Recipe.Result res = r.run(new PrintWriter(java.io.Writer.nullWriter()));
        long pruned = results.values().stream().filter(t -> t.status().equals("pruned")).count();
        String summary = String.format(Locale.ROOT, "best of %d trials (%d pruned): trial %d, %s %.4f with %s; "
                + "trained on the whole training part, its test figures: %s", results.size(), pruned, best.number(),
                metric, best.value(), best.params(), figures(res.test()));
        report(dir, s, results, metric, higher, best, summary);
        out.println(summary);
        out.println("wrote " + dir + ": trials.csv, best.json (train --config), report.html, best/ (model folder)");
        return 0;
    }

    private static String figures(Map<String, Double> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    private void report(Path dir, SearchSpace s, Map<Integer, Trial> results, String metric, boolean higher, Trial best,
            String summary) throws IOException {
        HtmlReport report = new HtmlReport("Search: " + optimizer + " on " + run.data + " (" + run.model() + ")");
        report.paragraph(String.format(Locale.ROOT, "%s search over %s, %d trials, seed %d; each scored by %s on %s, "
                + "%d epochs%s.", strategy, s, results.size(), run.seed, metric, folds > 0 ? folds + "-fold cross-validation"
                : "a " + validationSplit + " validation split", run.epochs, noPrune ? "" : ", trials behind the median of "
                + "earlier ones stopped (median pruning)"));
        report.paragraph(summary);
        List<Trial> sorted = new ArrayList<>(results.values());
        sorted.sort(Comparator.comparingDouble((Trial t) -> Double.isNaN(t.value()) ? Double.POSITIVE_INFINITY
                : higher ? -t.value() : t.value()));
        List<String> header = new ArrayList<>(List.of("trial"));
        s.dimensions().forEach(d -> header.add(d.name()));
        header.addAll(List.of("status", metric, "steps", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : sorted.subList(0, Math.min(25, sorted.size()))) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(t.number())));
            s.dimensions().forEach(d -> row.add(t.params().get(d.name())));
            row.addAll(List.of(t.status(), Double.isNaN(t.value()) ? "-" : CompareCommand.fmt(t.value()),
                    Integer.toString(t.steps().size()), String.format(Locale.ROOT, "%.1f", t.seconds())));
            rows.add(row);
        }
        report.table(header, rows);
        Map<String, double[][]> byTrial = new LinkedHashMap<>();
        for (String st : List.of("complete", "pruned")) {
            List<Trial> ts = results.values().stream().filter(t -> t.status().equals(st) && !Double.isNaN(t.value()))
                    .toList();
            if (!ts.isEmpty()) {
                byTrial.put(st, new double[][] {ts.stream().mapToDouble(Trial::number).toArray(),
                    ts.stream().mapToDouble(Trial::value).toArray()});
            }
        }
        report.image(metric + " per trial", Plots.scatter(metric + " per trial", "trial", metric, byTrial, false));
        for (SearchSpace.Dimension d : s.dimensions()) {
            if (!d.numeric()) {
                continue;
            }
            Map<String, double[][]> points = new LinkedHashMap<>();
            for (String st : List.of("complete", "pruned")) {
                List<Trial> ts = results.values().stream().filter(t -> t.status().equals(st)
                        && !Double.isNaN(t.value())).toList();
                if (!ts.isEmpty()) {
                    points.put(st, new double[][] {ts.stream().mapToDouble(t -> Double.parseDouble(t.params()
                            .get(d.name()))).toArray(), ts.stream().mapToDouble(Trial::value).toArray()});
                }
            }
            boolean log = d.logScale() || (d.kind().equals("choice") && d.choices().stream().allMatch(c ->
                    Double.parseDouble(c) > 0));
            report.image(metric + " against " + d.name(), Plots.scatter(metric + " against " + d.name(), d.name()
                    + (log ? " (log)" : ""), metric, points, log));
        }
        report.write(dir.resolve("report.html"));
    }
}
