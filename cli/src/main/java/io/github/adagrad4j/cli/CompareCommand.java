package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.compare.TestFunction;
import io.github.adagrad4j.train.compare.Trajectory;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j compare}: several optimizers on the same problem, differing only by the rule.
 * On a data set every run has the same model, split, seed, initial weights and batch order; on a
 * 2-D test function the same start. Writes {@code report.html} (self-contained), {@code
 * results.csv}, the charts as PNG and {@code compare.json}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare optimizers on a data set (same model, split, seed, initial weights, batch order) or on a "
                + "2-D test function, with an HTML report.")
final class CompareCommand implements Callable<Integer> {
    static final String SUMMARY = "compare.json";

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
        Map<String, UpdateRule> rules = new LinkedHashMap<>();
        for (String o : optimizers) {
            try {
                if (rules.put(o, Rules.parse(o)) != null) {
                    throw new IllegalArgumentException("listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--optimizers '" + o + "': " + e.getMessage());
            }
        }
        Path dir = output != null ? output : Path.of("runs", "compare-" + (function != null ? function
                : run.dataName()));
        claim(dir, "compare", SUMMARY);
        PrintWriter out = spec.commandLine().getOut();
        return function != null ? functions(rules, dir, out) : datasets(rules, dir, out);
    }

    /**
     * Refuses an output folder that holds another command's results (a model folder, a search),
     * so one command never mixes its files with another's.
     */
    static void claim(Path dir, String command, String ownFile) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir.resolve(ownFile))) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("output folder " + dir + " holds another command's results ("
                        + String.join(", ", names) + "); give " + command + " an empty or new --output");
            }
        }
    }

    // ---- 2-D functions -------------------------------------------------------------------------

    private int functions(Map<String, UpdateRule> rules, Path dir, PrintWriter out) throws IOException {
        TestFunction f = TestFunction.byName(function);
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        double[] s0 = f.start();
        if (start != null) {
            if (start.size() != 2 || !Double.isFinite(start.get(0)) || !Double.isFinite(start.get(1))) {
                throw new IllegalArgumentException("--start takes two finite numbers X,Y, got " + start);
            }
            s0 = new double[] {start.get(0), start.get(1)};
        }
        List<Trajectory> paths = new ArrayList<>();
        for (Map.Entry<String, UpdateRule> e : rules.entrySet()) {
            paths.add(Trajectory.run(f, s0[0], s0[1], e.getKey(), e.getValue(), steps));
        }
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("optimizer,step,x,y,loss\n");
        Map<String, double[][]> lossCurves = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (Trajectory t : paths) {
            double[] stepsX = new double[t.steps() + 1];
            double[] values = new double[t.steps() + 1];
            for (int s = 0; s <= t.steps(); s++) {
                stepsX[s] = s;
                values[s] = f.value(t.xs()[s], t.ys()[s]);
                csv.append(io.github.adagrad4j.data.csv.CsvRows.quote(t.optimizer())).append(',').append(s).append(',').append(t.xs()[s])
                        .append(',').append(t.ys()[s]).append(',').append(values[s]).append('\n');
            }
            lossCurves.put(t.optimizer(), new double[][] {stepsX, values});
            rows.add(List.of(t.optimizer(), fmt(values[t.steps()]), String.format(Locale.ROOT, "(%.4f, %.4f)",
                    t.xs()[t.steps()], t.ys()[t.steps()]), t.diverged() ? "diverged at step " + t.steps()
                    : Integer.toString(t.steps())));
        }
        boolean bounded = f != TestFunction.SADDLE;
        String title = f.key() + " from (" + fmt(s0[0]) + ", " + fmt(s0[1]) + "), " + steps + " steps";
        java.awt.image.BufferedImage picture = Plots.trajectories(f, paths, title);
        // A log axis for the functions bounded below (their minima are 0), the saddle's own values on a linear one.
        java.awt.image.BufferedImage losses = Plots.curves("f along each path", "step", "f", lossCurves, bounded);
        Plots.png(picture, dir.resolve("trajectories.png"));
        Plots.png(losses, dir.resolve("loss.png"));
        AtomicFile.writeString(dir.resolve("results.csv"), csv.toString());
        String verdict = verdict(paths, f, bounded, f.value(s0[0], s0[1]));
        HtmlReport report = new HtmlReport("Optimizers on " + f.key());
        report.paragraph(title + ". Every optimizer starts at the same point; PyTorch's own trajectories agree with "
                + "these to 1e-5 over the first 100 steps (TrajectoryTest).");
        report.paragraph(verdict);
        report.table(List.of("optimizer", "final f", "final point", "steps"), rows);
        report.image("paths over the contours of " + f.key(), picture);
        report.image("f along each path", losses);
        report.write(dir.resolve("report.html"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "compare");
        summary.put("function", f.key());
        summary.put("start", s0);
        summary.put("steps", steps);
        List<Object> runs = new ArrayList<>();
        for (Trajectory t : paths) {
            runs.add(Map.of("optimizer", t.optimizer(), "final_value", finite(t.finalLoss(f)), "steps", t.steps(),
                    "diverged", t.diverged()));
        }
        summary.put("runs", runs);
        summary.put("verdict", verdict);
        AtomicFile.writeString(dir.resolve(SUMMARY), Json.writePretty(summary));
        for (List<String> r : rows) {
            out.printf("%-32s final f %-12s at %s%n", r.get(0), r.get(1), r.get(2));
        }
        out.println(verdict);
        out.println("wrote " + dir + ": report.html, trajectories.png, loss.png, results.csv");
        return 0;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v);
    }

    /**
     * The lowest final value; on a function bounded below, also the level every descending run
     * reached and who reached it in the fewest steps. Runs that ended above their start (uphill)
     * or at a non-finite point (diverged) are named and left out.
     */
    private static String verdict(List<Trajectory> paths, TestFunction f, boolean bounded, double startValue) {
        Trajectory best = null;
        double worstFinal = Double.NEGATIVE_INFINITY;
        List<String> diverged = new ArrayList<>();
        List<String> uphill = new ArrayList<>();
        List<Trajectory> descending = new ArrayList<>();
        for (Trajectory t : paths) {
            if (t.diverged()) {
                diverged.add(t.optimizer());
                continue;
            }
            if (bounded && t.finalLoss(f) > startValue) {
                uphill.add(t.optimizer());
                continue;
            }
            descending.add(t);
            double v = t.finalLoss(f);
            if (best == null || v < best.finalLoss(f)) {
                best = t;
            }
            worstFinal = Math.max(worstFinal, v);
        }
        StringBuilder b = new StringBuilder();
        if (best == null) {
            return "No optimizer went down from the start: lower their learning rates.";
        }
        b.append("Lowest final value: ").append(best.optimizer()).append(" (f = ").append(fmt(best.finalLoss(f)))
                .append(").");
        if (bounded && descending.size() > 1) {
            String first = null;
            int firstStep = Integer.MAX_VALUE;
            for (Trajectory t : descending) {
                for (int s = 0; s <= t.steps(); s++) {
                    if (f.value(t.xs()[s], t.ys()[s]) <= worstFinal) {
                        if (s < firstStep) {
                            firstStep = s;
                            first = t.optimizer();
                        }
                        break;
                    }
                }
            }
            b.append(" Every descending run got down to f = ").append(fmt(worstFinal)).append("; ").append(first)
                    .append(" got there first, in ").append(firstStep).append(" steps.");
        }
        if (!uphill.isEmpty()) {
            b.append(" Ended above the start: ").append(String.join(", ", uphill)).append(".");
        }
        if (!diverged.isEmpty()) {
            b.append(" Diverged: ").append(String.join(", ", diverged)).append(".");
        }
        return b.toString();
    }

    static String fmt(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    // ---- data sets -----------------------------------------------------------------------------

    /** One optimizer's run: its figures per epoch with the wall-clock time at each epoch's end. */
    private record Run(String optimizer, Recipe.Result result, double[] seconds) {
    }

    private int datasets(Map<String, UpdateRule> rules, Path dir, PrintWriter out) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = parallel != null ? parallel : Math.max(1, Math.min(cores, rules.size()));
        if (threads < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + threads);
        }
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Run>> futures = new ArrayList<>();
        Object printLock = new Object();
        try {
            for (Map.Entry<String, UpdateRule> e : rules.entrySet()) {
                String name = e.getKey();
                futures.add(pool.submit(() -> {
                    Rules.Spec rs = Rules.spec(name);
                    Recipe r = new Recipe(run.config(rs.name(), rs.options(), dir.resolve("runs").resolve(slug(name)))
                            .build());
                    r.commandLine = Main.commandLine(spec);
                    List<Double> seconds = new ArrayList<>();
                    long[] start = {0};
                    r.listener = new TrainingListener() {
                        // Time counts from the first epoch's start: loading and preparing the data is not the rule's.
                        @Override
                        public void onEpochBegin(int epoch, int total, int batches) {
                            if (start[0] == 0) {
                                start[0] = System.nanoTime();
                            }
                        }

                        @Override
                        public void onEpochEnd(int epoch, Map<String, Double> logs) {
                            seconds.add((System.nanoTime() - start[0]) / 1e9);
                            synchronized (printLock) {
                                StringBuilder line = new StringBuilder(String.format("%-28s epoch %d/%d", name, epoch,
                                        run.epochs));
                                for (Map.Entry<String, Double> l : logs.entrySet()) {
                                    if (!l.getKey().equals("lr")) {
                                        line.append(String.format(Locale.ROOT, "  %s %.4f", l.getKey(), l.getValue()));
                                    }
                                }
                                out.println(line);
                                out.flush();
                            }
                        }
                    };
                    Recipe.Result res = r.run(new PrintWriter(java.io.Writer.nullWriter()));
                    return new Run(name, res, seconds.stream().mapToDouble(Double::doubleValue).toArray());
                }));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                try {
                    runs.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw e;
                }
            }
            return datasetReport(runs, dir, out, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    static String slug(String optimizer) {
        return optimizer.replaceAll("[^A-Za-z0-9.=-]+", "_");
    }

    private int datasetReport(List<Run> runs, Path dir, PrintWriter out, int threads) throws IOException {
        String metric = runs.get(0).result().history().epochs().get(0).containsKey("val_accuracy") ? "val_accuracy"
                : "val_rmse";
        boolean higher = metric.equals("val_accuracy");
        StringBuilder csv = new StringBuilder();
        List<String> keys = new ArrayList<>(runs.get(0).result().history().epochs().get(0).keySet());
        csv.append("optimizer,epoch,").append(String.join(",", keys)).append(",seconds\n");
        Map<String, double[][]> lossByEpoch = new LinkedHashMap<>();
        Map<String, double[][]> metricByEpoch = new LinkedHashMap<>();
        Map<String, double[][]> metricByTime = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        List<Object> summaries = new ArrayList<>();
        for (Run r : runs) {
            List<Map<String, Double>> epochs = r.result().history().epochs();
            int n = epochs.size();
            double[] ep = new double[n];
            double[] loss = new double[n];
            double[] m = new double[n];
            int bestEpoch = 0;
            for (int i = 0; i < n; i++) {
                ep[i] = i + 1;
                loss[i] = epochs.get(i).get("loss");
                m[i] = epochs.get(i).get(metric);
                if (higher ? m[i] > m[bestEpoch] : m[i] < m[bestEpoch]) {
                    bestEpoch = i;
                }
                csv.append(io.github.adagrad4j.data.csv.CsvRows.quote(r.optimizer())).append(',').append(i + 1);
                for (String k : keys) {
                    csv.append(',').append(epochs.get(i).get(k));
                }
                csv.append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()[i])).append('\n');
            }
            lossByEpoch.put(r.optimizer(), new double[][] {ep, loss});
            metricByEpoch.put(r.optimizer(), new double[][] {ep, m});
            metricByTime.put(r.optimizer(), new double[][] {r.seconds(), m});
            double perEpoch = r.seconds()[n - 1] / n;
            rows.add(List.of(r.optimizer(), fmt(m[n - 1]), fmt(m[bestEpoch]) + " (epoch " + (bestEpoch + 1) + ")",
                    Integer.toString(n), String.format(Locale.ROOT, "%.2f", perEpoch), fmt(loss[n - 1])));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("optimizer", r.optimizer());
            s.put("final_" + metric, m[n - 1]);
            s.put("best_" + metric, m[bestEpoch]);
            s.put("best_epoch", bestEpoch + 1);
            s.put("seconds_per_epoch", perEpoch);
            s.put("initial_weights_crc32", r.result().initialWeights());
            s.put("model_folder", "runs/" + slug(r.optimizer()));
            summaries.add(s);
        }
        String verdict = datasetVerdict(runs, metric, higher);
        java.awt.image.BufferedImage lossChart = Plots.curves("training loss", "epoch", "loss", lossByEpoch, true);
        java.awt.image.BufferedImage epochChart = Plots.curves(metric + " by epoch", "epoch", metric, metricByEpoch,
                false);
        java.awt.image.BufferedImage timeChart = Plots.curves(metric + " by wall-clock time", "seconds", metric,
                metricByTime, false);
        Plots.png(lossChart, dir.resolve("loss.png"));
        Plots.png(epochChart, dir.resolve(metric + "-by-epoch.png"));
        Plots.png(timeChart, dir.resolve(metric + "-by-time.png"));
        AtomicFile.writeString(dir.resolve("results.csv"), csv.toString());
        HtmlReport report = new HtmlReport("Optimizers on " + run.data + " (" + run.model() + ")");
        report.paragraph(String.format(Locale.ROOT, "%s, model %s, %d epochs, batch %d, seed %d. Every run has the "
                + "same split, initial weights (CRC32 %s) and batch order: the curves differ only by the rule. val_ "
                + "figures are on the held-out test part, as train shows them. %d runs at a time on %d cores, so times "
                + "compare the runs with each other.", run.data, run.model(), run.epochs, run.batchSize(),
                run.seed, runs.get(0).result().initialWeights(), threads, Runtime.getRuntime().availableProcessors()));
        report.paragraph(verdict);
        report.table(List.of("optimizer", "final " + metric, "best " + metric, "epochs", "s / epoch",
                "final train loss"), rows);
        report.image("training loss", lossChart);
        report.image(metric + " by epoch", epochChart);
        report.image(metric + " by wall-clock time", timeChart);
        report.write(dir.resolve("report.html"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "compare");
        summary.put("data", run.data);
        summary.put("model", run.model());
        summary.put("epochs", run.epochs);
        summary.put("seed", run.seed);
        summary.put("metric", metric);
        summary.put("runs", summaries);
        summary.put("verdict", verdict);
        AtomicFile.writeString(dir.resolve(SUMMARY), Json.writePretty(summary));
        out.println(verdict);
        out.println("wrote " + dir + ": report.html, results.csv, loss.png, " + metric + "-by-epoch.png, " + metric
                + "-by-time.png, runs/");
        return 0;
    }

    /** Best final figure; and of the level every run reached, who reached it first in wall-clock time. */
    private static String datasetVerdict(List<Run> runs, String metric, boolean higher) {
        Run best = null;
        double bestFinal = 0;
        double common = higher ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (Run r : runs) {
            List<Map<String, Double>> e = r.result().history().epochs();
            double fin = e.get(e.size() - 1).get(metric);
            if (best == null || (higher ? fin > bestFinal : fin < bestFinal)) {
                best = r;
                bestFinal = fin;
            }
            double top = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (Map<String, Double> x : e) {
                top = higher ? Math.max(top, x.get(metric)) : Math.min(top, x.get(metric));
            }
            common = higher ? Math.min(common, top) : Math.max(common, top);
        }
        String fastest = null;
        double fastestTime = Double.POSITIVE_INFINITY;
        int fastestEpoch = 0;
        for (Run r : runs) {
            List<Map<String, Double>> e = r.result().history().epochs();
            for (int i = 0; i < e.size(); i++) {
                double v = e.get(i).get(metric);
                if (higher ? v >= common : v <= common) {
                    if (r.seconds()[i] < fastestTime) {
                        fastestTime = r.seconds()[i];
                        fastest = r.optimizer();
                        fastestEpoch = i + 1;
                    }
                    break;
                }
            }
        }
        return String.format(Locale.ROOT, "Best final %s: %s (%s). Every run reached %s %s %s; %s got there first, "
                + "after %.1f s (epoch %d).", metric, best.optimizer(), fmt(bestFinal), metric, higher ? ">=" : "<=",
                fmt(common), fastest, fastestTime, fastestEpoch);
    }
}
