package io.github.adagrad4j.train;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.train.report.HtmlReport;
import io.github.adagrad4j.train.report.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train --report}: the run's HTML report, rewritten after every epoch (the page reloads
 * itself while the run goes on): loss and metrics, the gradient's global norm (mean and largest
 * over the epoch's batches), and for AdaGrad the distribution of each parameter's effective
 * learning rate {@code lr / (sqrt(G) + eps)} (5th, 50th and 95th percentiles) over the epochs:
 * the quantity that explains AdaGrad's shrinking steps. Made by {@link Callbacks#liveReport}.
 */
final class LiveReport implements Callback {
    private final Path file;
    private final String title;
    private double normSum;
    private double normMax;
    private int batches;
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private final List<double[]> norms = new ArrayList<>();
    /** Per parameter, per epoch: {p5, p50, p95} of the effective learning rate. */
    private final Map<String, List<double[]>> rates = new LinkedHashMap<>();

    LiveReport(Path file, String title) {
        this.file = file;
        this.title = title;
    }

    /** The global norm of the gradients the step just used (they stay until the next zeroGrad). */
    @Override
    public void onBatchEnd(int epoch, int batch, int batchCount, float loss, Trainer.Run run) {
        double n = run.gradientNorm();
        normSum += n;
        normMax = Math.max(normMax, n);
        batches++;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) throws IOException {
        epochs.add(new LinkedHashMap<>(logs));
        norms.add(new double[] {batches == 0 ? Double.NaN : normSum / batches, normMax});
        normSum = 0;
        normMax = 0;
        batches = 0;
        recordRates(run.optimizer());
        write(epoch, run, false);
    }

    @Override
    public void onTrainEnd(Trainer.Run run) throws IOException {
        write(run.completedEpochs(), run, true);
    }

    /** AdaGrad's effective rate per element: the scheduled, decayed lr over sqrt(G) + eps (eps inside if so set). */
    private void recordRates(Optimizer opt) {
        Map<String, Object> h = opt.rule().hyperparameters();
        if (!opt.rule().slotNames().contains("sum") || !(h.get("eps") instanceof Number eps)) {
            return;
        }
        double lrDecay = h.get("lrDecay") instanceof Number d ? d.doubleValue() : 0;
        boolean inside = Boolean.TRUE.equals(h.get("epsInsideSqrt"));
        for (Parameter p : opt.parameters()) {
            ParamState st = opt.state(p.name());
            float[] g = st.slot("sum");
            double lr = opt.currentLr() / (1 + Math.max(0, st.step() - 1) * lrDecay);
            // Elements that never had a gradient (G still 0: constant input pixels, dead units) would show
            // lr / eps, a rate never used: they are counted apart, not drawn.
            double[] r = new double[g.length];
            int n = 0;
            for (float v : g) {
                if (v > 0) {
                    r[n++] = lr / (inside ? Math.sqrt(v + eps.doubleValue()) : Math.sqrt(v) + eps.doubleValue());
                }
            }
            r = Arrays.copyOf(r, n);
            Arrays.sort(r);
            double untouched = 1 - (double) n / g.length;
            rates.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(n == 0
                    ? new double[] {Double.NaN, Double.NaN, Double.NaN, untouched}
                    : new double[] {pct(r, 5), pct(r, 50), pct(r, 95), untouched});
        }
    }

    private static double pct(double[] sorted, int q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q / 100.0 * (sorted.length - 1)))];
    }

    private void write(int epoch, Trainer.Run run, boolean done) throws IOException {
        if (epochs.isEmpty()) {
            return;
        }
        HtmlReport r = new HtmlReport(title);
        if (!done) {
            r.refresh(10);
        }
        r.paragraph((done ? "Finished" : "Running") + String.format(Locale.ROOT, ": epoch %d. %s", epoch,
                done ? "" : "This page reloads itself every 10 s."));
        List<String> keys = new ArrayList<>(epochs.get(0).keySet());
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < epochs.size(); e++) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(e + 1)));
            for (String k : keys) {
                Double v = epochs.get(e).get(k);
                row.add(v == null ? "" : Plots.number(v));
            }
            row.add(Plots.number(norms.get(e)[0]));
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("epoch"));
        header.addAll(keys);
        header.add("mean grad norm");
        r.table(header, rows);
        double[] x = new double[epochs.size()];
        for (int e = 0; e < x.length; e++) {
            x[e] = e + 1;
        }
        Map<String, double[][]> losses = new LinkedHashMap<>();
        Map<String, double[][]> metrics = new LinkedHashMap<>();
        for (String k : keys) {
            if (k.equals("lr")) {
                continue;
            }
            double[] y = epochs.stream().mapToDouble(m -> m.getOrDefault(k, Double.NaN)).toArray();
            (k.endsWith("loss") ? losses : metrics).put(k, new double[][] {x, y});
        }
        r.image("loss", Plots.curves("loss", "epoch", "loss", losses, true));
        if (!metrics.isEmpty()) {
            r.image("metrics", Plots.curves("metrics", "epoch", "value", metrics, false));
        }
        Map<String, double[][]> n = new LinkedHashMap<>();
        n.put("mean over batches", new double[][] {x, norms.stream().mapToDouble(v -> v[0]).toArray()});
        n.put("largest", new double[][] {x, norms.stream().mapToDouble(v -> v[1]).toArray()});
        r.image("gradient global norm", Plots.curves("gradient global norm per batch", "epoch", "norm", n, true));
        if (rates.isEmpty()) {
            r.paragraph("Effective learning rates are drawn for AdaGrad, whose accumulator G they come from; this run "
                    + "uses " + run.optimizer().rule().name() + ".");
        } else {
            r.heading("AdaGrad's effective learning rate lr / (sqrt(G) + eps), per parameter");
            r.paragraph("Each element of a parameter has its own rate; the lines are its 5th, 50th and 95th "
                    + "percentiles at each epoch's end. Rates fall as squared gradients accumulate, fastest where "
                    + "gradients are large and frequent.");
            for (Map.Entry<String, List<double[]>> e : rates.entrySet()) {
                Map<String, double[][]> lines = new LinkedHashMap<>();
                String[] names = {"5th percentile", "median", "95th percentile"};
                for (int q = 0; q < 3; q++) {
                    int qq = q;
                    lines.put(names[q], new double[][] {x, e.getValue().stream().mapToDouble(v -> v[qq]).toArray()});
                }
                double untouched = e.getValue().get(e.getValue().size() - 1)[3];
                r.image("effective learning rate of " + e.getKey(), Plots.curves(e.getKey() + (untouched > 0
                        ? String.format(Locale.ROOT, " (%.1f%% of elements without a gradient yet)", 100 * untouched)
                        : ""), "epoch", "lr / (sqrt(G) + eps)", lines, true));
            }
        }
        r.write(file);
    }
}
