package io.github.adagrad4j.train.compare;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.train.report.HtmlReport;
import io.github.adagrad4j.train.report.Plots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several optimizers on the same problem, differing only by the rule, with a verdict and a
 * self-contained report. On a data set every run has the same model, split, seed, initial weights
 * and batch order (each run is an ordinary model folder under {@code runs/}); on a 2-D test
 * function every path has the same start. Writes {@code report.html}, {@code results.csv}, the
 * charts as PNG and {@code compare.json} to its folder.
 *
 * <pre>{@code
 * Comparison.Result r = Comparison.onFunction(TestFunction.byName("rosenbrock"), null, 200,
 *         List.of("sgd:lr=1e-3", "adagrad:lr=0.5"), Path.of("runs/compare-rosenbrock"));
 * System.out.println(r.verdict());
 * }</pre>
 */
public final class Comparison {
    /** The file that marks a folder as a comparison's: its settings, runs and verdict. */
    public static final String SUMMARY = "compare.json";

    private Comparison() {
    }

    /**
     * What a comparison found: the verdict, a line per run to show, and the files it wrote.
     *
     * @param lines one line per optimizer, in the order given
     * @param files the files written to {@code folder}
     */
    public record Result(String verdict, List<String> lines, Path folder, List<String> files) {
    }

    /**
     * The rules named by {@code optimizers} ({@code "adam:lr=1e-3"}), keyed by that text, in order.
     *
     * @throws ParameterException naming {@code optimizers} for a rule that does not parse or is listed twice
     */
    public static Map<String, UpdateRule> rules(List<String> optimizers) {
        Map<String, UpdateRule> rules = new LinkedHashMap<>();
        for (String o : optimizers) {
            try {
                if (rules.put(o, Rules.parse(o)) != null) {
                    throw new IllegalArgumentException("listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException("optimizers", o, e.getMessage());
            }
        }
        if (rules.isEmpty()) {
            throw new ParameterException("optimizers", "", "a comparison needs at least one optimizer");
        }
        return rules;
    }

    // ---- 2-D functions -------------------------------------------------------------------------

    /**
     * Runs every rule for {@code steps} steps from {@code start} (null: the function's own) and
     * writes the paths, the curves and the report to {@code dir}.
     */
    public static Result onFunction(TestFunction f, double[] start, int steps, List<String> optimizers, Path dir)
            throws IOException {
        Map<String, UpdateRule> rules = rules(optimizers);
        if (steps < 1) {
            throw new ParameterException("steps", String.valueOf(steps), "expected at least 1 step");
        }
        double[] s0 = f.start();
        if (start != null) {
            if (start.length != 2 || !Double.isFinite(start[0]) || !Double.isFinite(start[1])) {
                throw new ParameterException("start", java.util.Arrays.toString(start),
                        "expected two finite numbers X,Y");
            }
            s0 = start.clone();
        }
        ModelFolder.claim(dir, "compare", SUMMARY);
        List<Trajectory> paths = new ArrayList<>();
        for (Map.Entry<String, UpdateRule> e : rules.entrySet()) {
            paths.add(Trajectory.run(f, s0[0], s0[1], e.getKey(), e.getValue(), steps));
        }
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("optimizer,step,x,y,loss\n");
        Map<String, double[][]> lossCurves = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Trajectory t : paths) {
            double[] stepsX = new double[t.steps() + 1];
            double[] values = new double[t.steps() + 1];
            for (int s = 0; s <= t.steps(); s++) {
                stepsX[s] = s;
                values[s] = f.value(t.xs()[s], t.ys()[s]);
                csv.append(CsvRows.quote(t.optimizer())).append(',').append(s).append(',').append(t.xs()[s])
                        .append(',').append(t.ys()[s]).append(',').append(values[s]).append('\n');
            }
            lossCurves.put(t.optimizer(), new double[][] {stepsX, values});
            String point = String.format(Locale.ROOT, "(%.4f, %.4f)", t.xs()[t.steps()], t.ys()[t.steps()]);
            rows.add(List.of(t.optimizer(), Plots.number(values[t.steps()]), point,
                    t.diverged() ? "diverged at step " + t.steps() : Integer.toString(t.steps())));
            lines.add(String.format("%-32s final f %-12s at %s", t.optimizer(), Plots.number(values[t.steps()]), point));
        }
        boolean bounded = f != TestFunction.SADDLE;
        String title = f.key() + " from (" + Plots.number(s0[0]) + ", " + Plots.number(s0[1]) + "), " + steps + " steps";
        BufferedImage picture = TrajectoryPlot.draw(f, paths, title);
        // A log axis for the functions bounded below (their minima are 0), the saddle's own values on a linear one.
        BufferedImage losses = Plots.curves("f along each path", "step", "f", lossCurves, bounded);
        Plots.png(picture, dir.resolve("trajectories.png"));
        Plots.png(losses, dir.resolve("loss.png"));
        AtomicFile.writeString(dir.resolve("results.csv"), csv.toString());
        String verdict = functionVerdict(paths, f, bounded, f.value(s0[0], s0[1]));
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
        return new Result(verdict, lines, dir, List.of("report.html", "trajectories.png", "loss.png", "results.csv",
                SUMMARY));
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v);
    }

    /**
     * The lowest final value; on a function bounded below, also the level every descending run
     * reached and who reached it in the fewest steps. Runs that ended above their start (uphill)
     * or at a non-finite point (diverged) are named and left out.
     */
    private static String functionVerdict(List<Trajectory> paths, TestFunction f, boolean bounded, double startValue) {
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
        b.append("Lowest final value: ").append(best.optimizer()).append(" (f = ")
                .append(Plots.number(best.finalLoss(f))).append(").");
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
            b.append(" Every descending run got down to f = ").append(Plots.number(worstFinal)).append("; ")
                    .append(first).append(" got there first, in ").append(firstStep).append(" steps.");
        }
        if (!uphill.isEmpty()) {
            b.append(" Ended above the start: ").append(String.join(", ", uphill)).append(".");
        }
        if (!diverged.isEmpty()) {
            b.append(" Diverged: ").append(String.join(", ", diverged)).append(".");
        }
        return b.toString();
    }

    // ---- data sets -----------------------------------------------------------------------------

    /** One optimizer's run: its figures per epoch with the wall-clock time at each epoch's end. */
    private record Run(String optimizer, Recipe.Result result, double[] seconds) {
    }

    /**
     * Trains {@code base} once per rule of {@code optimizers} (each an ordinary model folder under
     * {@code dir/runs/}), {@code parallel} runs at a time (null: one per core, at most one per
     * rule; results do not depend on it), printing each run's epochs on {@code progress}, then
     * writes the curves, the table and the verdict to {@code dir}.
     *
     * @param base the run every rule shares; its optimizer and output are replaced per rule (and its
     *     TensorBoard folder, if any, becomes a subfolder per rule)
     * @param commandLine recorded in each run's model description, or null
     */
    public static Result onData(TrainingConfig base, List<String> optimizers, Integer parallel, Path dir,
            String commandLine, PrintWriter progress) throws Exception {
        Map<String, UpdateRule> rules = rules(optimizers);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = parallel != null ? parallel : Math.max(1, Math.min(cores, rules.size()));
        if (threads < 1) {
            throw new ParameterException("parallel", String.valueOf(threads), "expected at least 1 run at a time");
        }
        ModelFolder.claim(dir, "compare", SUMMARY);
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Run>> futures = new ArrayList<>();
        Object printLock = new Object();
        try {
            for (String name : rules.keySet()) {
                futures.add(pool.submit(() -> run(base, name, dir, commandLine, progress, printLock)));
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
            return dataReport(base, runs, dir, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Run run(TrainingConfig base, String name, Path dir, String commandLine, PrintWriter progress,
            Object printLock) throws IOException {
        Rules.Spec rs = Rules.spec(name);
        Recipe r = new Recipe(base.toBuilder().optimizer(rs.name()).optimizerOptions(rs.options())
                .output(dir.resolve("runs").resolve(slug(name)))
                .tensorboard(base.tensorboard() == null ? null : base.tensorboard().resolve(slug(name))).build());
        r.commandLine = commandLine;
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
                StringBuilder line = new StringBuilder(String.format("%-28s epoch %d/%d", name, epoch, base.epochs()));
                for (Map.Entry<String, Double> l : logs.entrySet()) {
                    if (!l.getKey().equals("lr")) {
                        line.append(String.format(Locale.ROOT, "  %s %.4f", l.getKey(), l.getValue()));
                    }
                }
                synchronized (printLock) {
                    progress.println(line);
                    progress.flush();
                }
            }
        };
        Recipe.Result res = r.run(new PrintWriter(java.io.Writer.nullWriter()));
        return new Run(name, res, seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A rule's text as a folder name: {@code adam:lr=1e-3} as {@code adam_lr=1e-3}. */
    public static String slug(String optimizer) {
        return optimizer.replaceAll("[^A-Za-z0-9.=-]+", "_");
    }

    private static Result dataReport(TrainingConfig base, List<Run> runs, Path dir, int threads) throws IOException {
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
                csv.append(CsvRows.quote(r.optimizer())).append(',').append(i + 1);
                for (String k : keys) {
                    csv.append(',').append(epochs.get(i).get(k));
                }
                csv.append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()[i])).append('\n');
            }
            lossByEpoch.put(r.optimizer(), new double[][] {ep, loss});
            metricByEpoch.put(r.optimizer(), new double[][] {ep, m});
            metricByTime.put(r.optimizer(), new double[][] {r.seconds(), m});
            double perEpoch = r.seconds()[n - 1] / n;
            rows.add(List.of(r.optimizer(), Plots.number(m[n - 1]), Plots.number(m[bestEpoch]) + " (epoch "
                    + (bestEpoch + 1) + ")", Integer.toString(n), String.format(Locale.ROOT, "%.2f", perEpoch),
                    Plots.number(loss[n - 1])));
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
        String verdict = dataVerdict(runs, metric, higher);
        BufferedImage lossChart = Plots.curves("training loss", "epoch", "loss", lossByEpoch, true);
        BufferedImage epochChart = Plots.curves(metric + " by epoch", "epoch", metric, metricByEpoch, false);
        BufferedImage timeChart = Plots.curves(metric + " by wall-clock time", "seconds", metric, metricByTime, false);
        Plots.png(lossChart, dir.resolve("loss.png"));
        Plots.png(epochChart, dir.resolve(metric + "-by-epoch.png"));
        Plots.png(timeChart, dir.resolve(metric + "-by-time.png"));
        AtomicFile.writeString(dir.resolve("results.csv"), csv.toString());
        HtmlReport report = new HtmlReport("Optimizers on " + base.data() + " (" + base.model() + ")");
        report.paragraph(String.format(Locale.ROOT, "%s, model %s, %d epochs, batch %d, seed %d. Every run has the "
                + "same split, initial weights (CRC32 %s) and batch order: the curves differ only by the rule. val_ "
                + "figures are on the held-out test part, as train shows them. %d runs at a time on %d cores, so times "
                + "compare the runs with each other.", base.data(), base.model(), base.epochs(), base.batchSize(),
                base.seed(), runs.get(0).result().initialWeights(), threads, Runtime.getRuntime().availableProcessors()));
        report.paragraph(verdict);
        report.table(List.of("optimizer", "final " + metric, "best " + metric, "epochs", "s / epoch",
                "final train loss"), rows);
        report.image("training loss", lossChart);
        report.image(metric + " by epoch", epochChart);
        report.image(metric + " by wall-clock time", timeChart);
        report.write(dir.resolve("report.html"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "compare");
        summary.put("data", base.data());
        summary.put("model", base.model());
        summary.put("epochs", base.epochs());
        summary.put("seed", base.seed());
        summary.put("metric", metric);
        summary.put("runs", summaries);
        summary.put("verdict", verdict);
        AtomicFile.writeString(dir.resolve(SUMMARY), Json.writePretty(summary));
        return new Result(verdict, List.of(), dir, List.of("report.html", "results.csv", "loss.png",
                metric + "-by-epoch.png", metric + "-by-time.png", SUMMARY, "runs/"));
    }

    /** Best final figure; and of the level every run reached, who reached it first in wall-clock time. */
    private static String dataVerdict(List<Run> runs, String metric, boolean higher) {
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
                + "after %.1f s (epoch %d).", metric, best.optimizer(), Plots.number(bestFinal), metric,
                higher ? ">=" : "<=", Plots.number(common), fastest, fastestTime, fastestEpoch);
    }
}
