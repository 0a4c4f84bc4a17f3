package io.github.adagrad4j.train.search;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.optim.NonFiniteGradientException;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.train.report.HtmlReport;
import io.github.adagrad4j.train.report.Plots;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Grid or random search over a rule's options (and the batch size): each trial scored on a
 * validation split or by K-fold cross-validation, trials that fall behind stopped by the median
 * rule, trials in parallel, everything reproducible from the base configuration's seed. Writes
 * {@code search.json} (its settings), {@code trials.csv}, {@code best.json} (a configuration for
 * {@code TrainingConfig.fromJson}), {@code report.html}, and {@code best/}, a model folder trained
 * with the best configuration. Run again on the same folder, it skips the trials already finished.
 * With a TensorBoard folder in the base configuration, each trial logs to its own subfolder
 * ({@code trial-007}, {@code best}).
 *
 * <pre>{@code
 * TrainingConfig base = TrainingConfig.builder().data("digits").model("mlp:64").epochs(5).build();
 * Search.Settings s = Search.Settings.random("adagrad", "lr=loguniform(1e-3,1)", 20);
 * Search.Result r = Search.run(base, s, Path.of("runs/search-digits"), null, new PrintWriter(System.out, true));
 * }</pre>
 */
public final class Search {
    /** The file that marks a folder as a search's: the settings it ran with. */
    public static final String SETTINGS_FILE = "search.json";

    private Search() {
    }

    /**
     * How to search.
     *
     * @param optimizer the rule whose options are searched
     * @param space e.g. {@code lr=loguniform(1e-4,1),batch-size=choice(32,100)}, see {@link SearchSpace}
     * @param strategy {@code random} draws or a {@code grid}
     * @param trials random trials, or the most grid points run
     * @param gridPoints grid values per continuous dimension
     * @param folds 0: score on a validation split; K >= 2: K-fold cross-validation
     * @param validationSplit the validation fraction without folds
     * @param prune whether trials behind the median of earlier ones are stopped
     * @param parallel trials at a time, or null for one per core
     */
    public record Settings(String optimizer, String space, String strategy, int trials, int gridPoints, int folds,
            double validationSplit, boolean prune, Integer parallel) {
        /** Random draws scored on a 0.2 validation split, pruned, one trial per core. */
        public static Settings random(String optimizer, String space, int trials) {
            return new Settings(optimizer, space, "random", trials, 4, 0, 0.2, true, null);
        }
    }

    /**
     * What a search found.
     *
     * @param summary the best trial, its settings and its test figures, in one sentence
     * @param files the files written to {@code folder}
     */
    public record Result(String summary, Path folder, List<String> files) {
    }

    /** Thrown from a trial's listener to stop it. */
    private static final class Pruned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Pruned() {
            super(null, null, false, false);
        }
    }

    /** A finished trial. */
    private record Trial(int number, Map<String, String> params, String status, double value, List<Double> steps,
            double seconds, String note) {
    }

    /**
     * Runs the search of {@code s} on {@code base} (whose optimizer, batch size and output each
     * trial replaces) in {@code dir}, printing a line per finished trial on {@code progress}.
     *
     * @param commandLine recorded in the best model's description, or null
     * @throws ParameterException naming the setting that cannot be used, before any trial runs
     */
    @SuppressWarnings("unchecked")
    public static Result run(TrainingConfig base, Settings s, Path dir, String commandLine, PrintWriter progress)
            throws Exception {
        List<String> names = new ArrayList<>(Rules.options(s.optimizer()));
        names.add("batch-size");
        SearchSpace space = SearchSpace.parse(s.space(), names);
        if (s.trials() < 1) {
            throw new ParameterException("trials", String.valueOf(s.trials()), "expected at least 1 trial");
        }
        if (s.folds() == 1 || s.folds() < 0) {
            throw new ParameterException("folds", String.valueOf(s.folds()), "expected 0 (a validation split) or >= 2");
        }
        List<Map<String, String>> configs = new ArrayList<>();
        switch (s.strategy()) {
            case "grid" -> {
                List<Map<String, String>> grid = space.grid(s.gridPoints());
                configs.addAll(grid.subList(0, Math.min(grid.size(), s.trials())));
            }
            case "random" -> {
                for (int t = 0; t < s.trials(); t++) {
                    configs.add(space.sample(base.seed(), t));
                }
            }
            default -> throw new ParameterException("strategy", s.strategy(), "expected grid or random");
        }
        for (Map<String, String> c : configs) {
            checkRule(s, c);   // every configuration builds, before any trial runs
        }
        int threads = s.parallel() != null ? s.parallel() : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new ParameterException("parallel", String.valueOf(threads), "expected at least 1 trial at a time");
        }
        ModelFolder.claim(dir, "search", SETTINGS_FILE);
        Map<String, Object> settings = settingsJson(base, s);
        Path settingsFile = dir.resolve(SETTINGS_FILE);
        if (Files.exists(settingsFile)) {
            // More (or fewer) trials of the same search resume it; any other setting starts another search.
            Map<String, Object> before = new LinkedHashMap<>((Map<String, Object>) normalize(Json.parse(
                    Files.readString(settingsFile))));
            Map<String, Object> now = new LinkedHashMap<>(settings);
            before.remove("trials");
            now.remove("trials");
            if (!now.equals(before)) {
                throw new ParameterException("output", dir.toString(), "holds a search with other settings ("
                        + SETTINGS_FILE + " differs); start another search in a new folder");
            }
        }
        Files.createDirectories(dir);
        AtomicFile.writeString(settingsFile, Json.writePretty(settings));
        Map<Integer, Trial> done = load(dir, configs);
        if (!done.isEmpty()) {
            progress.printf("resuming: %d of %d trials already finished in %s%n", done.size(), configs.size(), dir);
        }
        Map<Integer, Trial> results = new TreeMap<>(done);
        // The figure and its direction come from the task: val_accuracy up, val_rmse down.
        boolean higher = base.taskOrDefault().equals("classification");
        String metric = higher ? "val_accuracy" : "val_rmse";
        MedianPruner pruner = new MedianPruner(5, higher);
        for (Trial t : done.values()) {
            for (int k = 0; k < t.steps().size(); k++) {
                pruner.report(t.number(), k, t.steps().get(k));
            }
            pruner.finish(t.number());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Trial>> futures = new ArrayList<>();
        Object lock = new Object();
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
                        t = runTrial(base, s, number, params, pruner, metric, dir, commandLine);
                    } finally {
                        pruner.finish(number);
                    }
                    synchronized (lock) {
                        results.put(number, t);
                        writeTrials(dir, space, results, metric);
                        progress.printf("trial %3d %-9s %s %s  %s%n", number, t.status(), metric,
                                Double.isNaN(t.value()) ? "-" : String.format(Locale.ROOT, "%.4f", t.value()), params);
                        progress.flush();
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
        writeTrials(dir, space, results, metric);
        return finish(base, s, dir, space, results, metric, higher, commandLine);
    }

    private static void checkRule(Settings s, Map<String, String> params) {
        Map<String, String> opts = new LinkedHashMap<>(params);
        opts.remove("batch-size");
        try {
            Rules.create(s.optimizer(), opts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException("space", s.space(), "it gives " + s.optimizer() + " " + params + ": "
                    + e.getMessage());
        }
    }

    /** A run of the drawn options {@code params} (the rule's and the batch size) writing to {@code out}. */
    private static Recipe recipe(TrainingConfig base, Settings s, Map<String, String> params, Path out,
            String tensorboardRun, UnaryOperator<TrainingConfig.Builder> validation, String commandLine) {
        checkRule(s, params);
        Map<String, String> opts = new LinkedHashMap<>(params);
        String batch = opts.remove("batch-size");
        TrainingConfig.Builder c = base.toBuilder().optimizer(s.optimizer()).optimizerOptions(opts).output(out)
                .tensorboard(base.tensorboard() == null ? null : base.tensorboard().resolve(tensorboardRun));
        if (batch != null) {
            c.batchSize(Integer.parseInt(batch));
        }
        Recipe r = new Recipe(validation.apply(c).build());
        r.commandLine = commandLine;
        return r;
    }

    /**
     * One trial: epochs on a validation split (a step per epoch), or K folds run one after the
     * other (a step per fold, the running mean of the folds' final figures). After each step the
     * pruner may stop it. Its scratch folders are deleted once it is scored.
     */
    private static Trial runTrial(TrainingConfig base, Settings s, int number, Map<String, String> params,
            MedianPruner pruner, String metric, Path dir, String commandLine) throws Exception {
        long start = System.nanoTime();
        List<Double> steps = new ArrayList<>();
        Path scratch = dir.resolve("trials").resolve(String.format("%03d", number));
        String status = "complete";
        String note = "";
        PrintWriter silent = new PrintWriter(java.io.Writer.nullWriter());
        try {
            if (s.folds() == 0) {
                Recipe r = recipe(base, s, params, scratch, String.format("trial-%03d", number),
                        c -> c.validationSplit(s.validationSplit()), commandLine);
                r.chart = false;
                r.listener = new TrainingListener() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        step(s, number, steps, logs.get(metric), pruner, epoch == base.epochs());
                    }
                };
                r.run(silent);
            } else {
                double sum = 0;
                for (int k = 0; k < s.folds(); k++) {
                    int fold = k;
                    Recipe r = recipe(base, s, params, scratch.resolve("fold" + k),
                            String.format("trial-%03d/fold%d", number, k), c -> c.folds(s.folds(), fold), commandLine);
                    r.chart = false;
                    double[] last = {Double.NaN};
                    r.listener = new TrainingListener() {
                        @Override
                        public void onEpochEnd(int epoch, Map<String, Double> logs) {
                            last[0] = logs.get(metric);
                        }
                    };
                    r.run(silent);
                    sum += last[0];
                    step(s, number, steps, sum / (k + 1), pruner, k == s.folds() - 1);
                }
            }
        } catch (Pruned e) {
            status = "pruned";
        } catch (NonFiniteGradientException e) {
            status = "failed";
            note = "non-finite gradient: " + e.getMessage();
        } finally {
            deleteTree(scratch);
        }
        double value = steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1);
        return new Trial(number, params, status, value, steps, (System.nanoTime() - start) / 1e9, note);
    }

    /** Reports a step; stops the trial if the pruner says so (never after its last step: nothing is left to save). */
    private static void step(Settings s, int number, List<Double> steps, double value, MedianPruner pruner,
            boolean last) {
        pruner.report(number, steps.size(), value);
        steps.add(value);
        try {
            if (s.prune() && !last && pruner.shouldPrune(number, steps.size() - 1)) {
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
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Map<String, Object> settingsJson(TrainingConfig base, Settings s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "search");
        c.put("data", base.data());
        c.put("model", base.model());
        c.put("optimizer", s.optimizer());
        c.put("space", s.space());
        c.put("strategy", s.strategy());
        c.put("trials", (long) s.trials());
        c.put("grid_points", (long) s.gridPoints());
        c.put("folds", (long) s.folds());
        c.put("validation_split", s.validationSplit());
        c.put("prune", s.prune());
        c.put("epochs", (long) base.epochs());
        c.put("batch_size", (long) base.batchSize());
        c.put("seed", base.seed());
        c.put("test_split", base.testSplit());
        c.put("train_limit", (long) base.trainLimit());
        return c;
    }

    /** JSON numbers read back as Long or Double; the settings compare equal to what they were written from. */
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
                    .append(',').append(values).append(',').append(CsvRows.quote(t.note())).append('\n');
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
            throw new DataFormatException(file.toString(), "cannot be resumed from: " + e.getMessage());
        }
        return out;
    }

    /** best.json, the best model folder, the report. */
    private static Result finish(TrainingConfig base, Settings s, Path dir, SearchSpace space,
            Map<Integer, Trial> results, String metric, boolean higher, String commandLine) throws Exception {
        Trial best = null;
        for (Trial t : results.values()) {
            if (t.status().equals("complete") && !Double.isNaN(t.value())
                    && (best == null || (higher ? t.value() > best.value() : t.value() < best.value()))) {
                best = t;
            }
        }
        if (best == null) {
            throw new ParameterException("space", s.space(), "no trial completed: widen the space or lower the "
                    + "learning rates");
        }
        Recipe r = recipe(base, s, best.params(), dir.resolve("best"), "best", c -> c, commandLine);
        // The best trial's settings as a training configuration; without an output folder, a run of
        // best.json writes its own rather than over best/.
        Map<String, Object> bestJson = new LinkedHashMap<>(r.config().toJson());
        bestJson.remove("output");
        AtomicFile.writeString(dir.resolve("best.json"), Json.writePretty(bestJson));
        Recipe.Result res = r.run(new PrintWriter(java.io.Writer.nullWriter()));
        long pruned = results.values().stream().filter(t -> t.status().equals("pruned")).count();
        String summary = String.format(Locale.ROOT, "best of %d trials (%d pruned): trial %d, %s %.4f with %s; "
                + "trained on the whole training part, its test figures: %s", results.size(), pruned, best.number(),
                metric, best.value(), best.params(), figures(res.test()));
        report(base, s, dir, space, results, metric, higher, summary);
        return new Result(summary, dir, List.of("trials.csv", "best.json", "report.html", SETTINGS_FILE, "best/"));
    }

    private static String figures(Map<String, Double> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return b.toString();
    }

    private static void report(TrainingConfig base, Settings s, Path dir, SearchSpace space,
            Map<Integer, Trial> results, String metric, boolean higher, String summary) throws IOException {
        HtmlReport report = new HtmlReport("Search: " + s.optimizer() + " on " + base.data() + " (" + base.model()
                + ")");
        report.paragraph(String.format(Locale.ROOT, "%s search over %s, %d trials, seed %d; each scored by %s on %s, "
                + "%d epochs%s.", s.strategy(), space, results.size(), base.seed(), metric, s.folds() > 0
                ? s.folds() + "-fold cross-validation" : "a " + s.validationSplit() + " validation split", base.epochs(),
                s.prune() ? ", trials behind the median of earlier ones stopped (median pruning)" : ""));
        report.paragraph(summary);
        List<Trial> sorted = new ArrayList<>(results.values());
        sorted.sort(Comparator.comparingDouble((Trial t) -> Double.isNaN(t.value()) ? Double.POSITIVE_INFINITY
                : higher ? -t.value() : t.value()));
        List<String> header = new ArrayList<>(List.of("trial"));
        space.dimensions().forEach(d -> header.add(d.name()));
        header.addAll(List.of("status", metric, "steps", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : sorted.subList(0, Math.min(25, sorted.size()))) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(t.number())));
            space.dimensions().forEach(d -> row.add(t.params().get(d.name())));
            row.addAll(List.of(t.status(), Double.isNaN(t.value()) ? "-" : Plots.number(t.value()),
                    Integer.toString(t.steps().size()), String.format(Locale.ROOT, "%.1f", t.seconds())));
            rows.add(row);
        }
        report.table(header, rows);
        report.image(metric + " per trial", Plots.scatter(metric + " per trial", "trial", metric,
                byStatus(results, t -> t.number()), false));
        for (SearchSpace.Dimension d : space.dimensions()) {
            if (!d.numeric()) {
                continue;
            }
            boolean log = d.logScale() || (d.kind().equals("choice") && d.choices().stream().allMatch(c ->
                    Double.parseDouble(c) > 0));
            report.image(metric + " against " + d.name(), Plots.scatter(metric + " against " + d.name(), d.name()
                    + (log ? " (log)" : ""), metric, byStatus(results, t -> Double.parseDouble(t.params()
                    .get(d.name()))), log));
        }
        report.write(dir.resolve("report.html"));
    }

    /** The scored trials as points (x, the figure), a group per status: complete, pruned. */
    private static Map<String, double[][]> byStatus(Map<Integer, Trial> results,
            java.util.function.ToDoubleFunction<Trial> x) {
        Map<String, double[][]> points = new LinkedHashMap<>();
        for (String st : List.of("complete", "pruned")) {
            List<Trial> ts = results.values().stream().filter(t -> t.status().equals(st) && !Double.isNaN(t.value()))
                    .toList();
            if (!ts.isEmpty()) {
                points.put(st, new double[][] {ts.stream().mapToDouble(x).toArray(),
                    ts.stream().mapToDouble(Trial::value).toArray()});
            }
        }
        return points;
    }
}
