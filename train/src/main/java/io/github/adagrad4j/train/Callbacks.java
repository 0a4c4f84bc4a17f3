package io.github.adagrad4j.train;

import io.github.adagrad4j.optim.Parameter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standard callbacks: early stopping, model checkpoints, a CSV history logger, and
 * reduce-learning-rate-on-plateau (Keras' names and semantics).
 *
 * <pre>{@code
 * FitOptions.builder().callbacks(
 *         Callbacks.earlyStopping("val_loss", 5, 1e-4, true),
 *         Callbacks.modelCheckpoint(Path.of("out/best.safetensors"), "val_accuracy", true),
 *         Callbacks.reduceLrOnPlateau("val_loss", 0.5, 2, 1e-4, 1e-3),
 *         Callbacks.csvLogger(Path.of("out/history.csv"))).build();
 * }</pre>
 */
public final class Callbacks {
    private Callbacks() {
    }

    /**
     * The callbacks of a run that writes a model folder, the same on every path: resume from the
     * folder's checkpoint if the configuration asks (saying so on {@code out}), then a checkpoint and
     * {@code history.csv} every epoch, the live {@code report.html} and TensorBoard event files if
     * the configuration asks for them, the caller's {@code extra} ones, early stopping on val_loss, and {@code chart.png} of the
     * whole history (epochs before a resume included) when training ends.
     *
     * @param output the folder, or null for a run that writes none
     * @param title what the chart and the report are titled: the data, the model, the rule
     * @param chart whether to draw {@code chart.png} (a search's throw-away trials do not)
     * @param ownValidation whether the run validates on data of its own (a split or a file), which
     *     early stopping needs: stopping on the test set would leak it into training
     */
    static List<Callback> forRun(Trainer trainer, TrainingConfig config, Path output, String title, boolean chart,
            boolean ownValidation, List<Callback> extra, java.io.PrintWriter out) throws IOException {
        Integer earlyStopping = config.earlyStopping();
        if (earlyStopping != null && !ownValidation) {
            throw new io.github.adagrad4j.data.ParameterException("earlyStopping", String.valueOf(earlyStopping),
                    "early stopping needs a validation split or validation data: stopping on the test set would leak "
                    + "it into training");
        }
        List<Callback> all = new ArrayList<>();
        if (output != null) {
            Files.createDirectories(output);
            Path checkpoint = output.resolve("checkpoint.safetensors");
            if (config.resume()) {
                trainer.resume(checkpoint);
                out.printf("resumed from %s after epoch %d%n", checkpoint, trainer.completedEpochs());
            }
            all.add(modelCheckpoint(checkpoint, "loss", false));
            all.add(csvLogger(output.resolve("history.csv")));
            if (config.report()) {
                all.add(liveReport(output.resolve("report.html"), "Training " + title));
            }
            if (config.tensorboard() != null) {
                all.add(tensorBoard(config.tensorboard()));
            }
        }
        all.addAll(extra);
        if (earlyStopping != null) {
            all.add(earlyStopping("val_loss", earlyStopping, 0, true));
        }
        if (output != null && chart) {
            all.add(historyChart(output.resolve("history.csv"), title, output.resolve("chart.png")));
        }
        return all;
    }

    /**
     * A self-contained HTML page rewritten after every epoch (it reloads itself while the run goes
     * on): the figures per epoch, the gradient's global norm (mean and largest over each epoch's
     * batches), and for AdaGrad the 5th, 50th and 95th percentiles of each parameter's effective
     * learning rate {@code lr / (sqrt(G) + eps)}.
     */
    public static Callback liveReport(Path html, String title) {
        return new LiveReport(html, title);
    }

    /**
     * TensorBoard event files in {@code dir} (point {@code tensorboard --logdir} at it or at its
     * parent): per step the loss and the gradient's global norm, per epoch every figure and the
     * histograms of the weights and of the optimizer's state (AdaGrad's accumulator).
     */
    public static Callback tensorBoard(Path dir) {
        return new TensorBoardLog(dir);
    }

    /**
     * {@code chart.png} of a run's curves when training ends, drawn from its {@code history.csv}
     * (which holds the epochs before a resume too). XChart and the PNG encoder warm up on another
     * core while the run trains.
     */
    static Callback historyChart(Path historyCsv, String title, Path png) {
        return new Callback() {
            @Override
            public void onTrainBegin(Trainer.Run run) {
                io.github.adagrad4j.train.report.Charts.warmUpInBackground();
            }

            @Override
            public void onTrainEnd(Trainer.Run run) throws IOException {
                if (!Files.exists(historyCsv)) {
                    return;   // no epoch ever ran
                }
                History history = History.readCsv(historyCsv);
                Map<String, double[]> series = new java.util.LinkedHashMap<>();
                for (Map<String, Double> e : history.epochs()) {
                    for (String k : e.keySet()) {
                        if (!k.equals("lr")) {
                            series.computeIfAbsent(k, history::series);
                        }
                    }
                }
                io.github.adagrad4j.train.report.Charts.write(series, title, png);
            }
        };
    }

    /** Whether a larger value of this figure is better: accuracy, r2 and roc_auc are; losses and errors are not. */
    static boolean higherIsBetter(String monitor) {
        String base = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        return !base.equals("loss") && !base.equals("lr") && Metric.byKey(base).higherIsBetter();
    }

    private static double monitored(String monitor, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw new IllegalArgumentException("callback monitors '" + monitor + "' but the epoch has only "
                    + logs.keySet());
        }
        return v;
    }

    /** Tracks the best value of a figure, improvement meaning better by more than {@code minDelta}. */
    private static final class Best {
        final String monitor;
        final boolean higher;
        final double minDelta;
        double best;
        int sinceImproved;

        Best(String monitor, double minDelta) {
            this.monitor = monitor;
            this.higher = higherIsBetter(monitor);
            this.minDelta = minDelta;
            this.best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        boolean update(Map<String, Double> logs) {
            double v = monitored(monitor, logs);
            boolean improved = higher ? v > best + minDelta : v < best - minDelta;
            if (improved) {
                best = v;
                sinceImproved = 0;
            } else {
                sinceImproved++;
            }
            return improved;
        }
    }

    /**
     * Stops when {@code monitor} has not improved by more than {@code minDelta} for
     * {@code patience} epochs; with {@code restoreBest}, puts back the best epoch's weights.
     */
    public static Callback earlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        if (patience < 0 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping needs patience >= 0 and minDelta >= 0, got " + patience
                    + ", " + minDelta);
        }
        Best best = new Best(monitor, minDelta);
        List<float[]> bestWeights = new ArrayList<>();
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) {
                if (best.update(logs)) {
                    if (restoreBest) {
                        bestWeights.clear();
                        for (Parameter p : run.model().parameters()) {
                            bestWeights.add(p.data().clone());
                        }
                    }
                } else if (best.sinceImproved > patience) {
                    run.stop();
                }
            }

            @Override
            public void onTrainEnd(Trainer.Run run) {
                if (restoreBest && !bestWeights.isEmpty()) {
                    List<Parameter> ps = run.model().parameters();
                    for (int i = 0; i < ps.size(); i++) {
                        System.arraycopy(bestWeights.get(i), 0, ps.get(i).data(), 0, ps.get(i).size());
                    }
                }
            }
        };
    }

    /**
     * Saves model and optimizer state (safetensors, atomically) after each epoch, or only when
     * {@code monitor} improves if {@code bestOnly}.
     */
    public static Callback modelCheckpoint(Path path, String monitor, boolean bestOnly) {
        Best best = bestOnly ? new Best(monitor, 0) : null;
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) throws IOException {
                if (best == null || best.update(logs)) {
                    run.saveCheckpoint(path);
                }
            }
        };
    }

    /** Appends each epoch's figures to a CSV file with a header line (created or replaced at train start). */
    public static Callback csvLogger(Path path) {
        return new Callback() {
            private List<String> columns;

            /**
             * A fresh run starts the file anew; a resumed one keeps the rows of the epochs it resumes
             * after (dropping any written after that checkpoint) and appends to them.
             */
            @Override
            public void onTrainBegin(Trainer.Run run) throws IOException {
                columns = null;
                if (path.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                }
                if (run.completedEpochs() == 0 || !Files.exists(path)) {
                    Files.deleteIfExists(path);
                    return;
                }
                List<String> lines = Files.readAllLines(path);
                if (lines.isEmpty() || !lines.get(0).startsWith("epoch,")) {
                    Files.deleteIfExists(path);
                    return;
                }
                List<String> kept = new ArrayList<>();
                kept.add(lines.get(0));
                for (String l : lines.subList(1, lines.size())) {
                    int comma = l.indexOf(',');
                    try {
                        if (comma > 0 && Integer.parseInt(l.substring(0, comma)) <= run.completedEpochs()) {
                            kept.add(l);
                        }
                    } catch (NumberFormatException e) {
                        // a damaged row: dropped
                    }
                }
                columns = new ArrayList<>(List.of(lines.get(0).substring("epoch,".length()).split(",", -1)));
                Files.write(path, kept);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) throws IOException {
                try (BufferedWriter w = Files.newBufferedWriter(path, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND)) {
                    if (columns == null) {
                        columns = new ArrayList<>(logs.keySet());
                        w.write("epoch," + String.join(",", columns));
                        w.newLine();
                    }
                    StringBuilder line = new StringBuilder(Integer.toString(epoch));
                    for (String c : columns) {
                        Double v = logs.get(c);
                        line.append(',').append(v == null ? "" : v.toString());
                    }
                    w.write(line.toString());
                    w.newLine();
                }
            }
        };
    }

    /**
     * Multiplies the learning rate by {@code factor} when {@code monitor} has not improved by more
     * than {@code minDelta} for {@code patience} epochs, down to {@code minLr} at the lowest.
     */
    public static Callback reduceLrOnPlateau(String monitor, double factor, int patience, double minDelta,
            double minLr) {
        if (!(factor > 0 && factor < 1) || patience < 0 || !(minDelta >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("reduce-on-plateau needs 0 < factor < 1, patience >= 0, minDelta >= 0,"
                    + " minLr >= 0; got " + factor + ", " + patience + ", " + minDelta + ", " + minLr);
        }
        Best best = new Best(monitor, minDelta);
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) {
                if (!best.update(logs) && best.sinceImproved > patience) {
                    double lr = run.optimizer().currentLr();
                    double target = Math.max(lr * factor, minLr);
                    if (target < lr) {
                        run.optimizer().setLrFactor(run.optimizer().lrFactor() * target / lr);
                    }
                    best.sinceImproved = 0;
                }
            }
        };
    }
}
