package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders training progress: a live bar per epoch on a terminal, one line per epoch otherwise
 * (logs, CI, pipes).
 */
final class Progress implements TrainingListener {
    private final PrintWriter out;
    private final boolean live;
    private ProgressBar bar;
    private int epochs;
    private long epochStart;
    private double lossSum;

    Progress(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /**
     * A bar as every command draws it: ASCII, on standard output beside the epoch lines (the
     * launcher passes standard error line by line), redrawn every 100 ms.
     */
    static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100).continuousUpdate().setMaxRenderedLength(100).setUnit(unit, 1)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.out)).build();
    }

    /** Whether a live bar can be drawn: on a terminal, unless the command runs with --quiet. */
    static boolean onTerminal(picocli.CommandLine.Model.CommandSpec spec) {
        return System.console() != null && !Main.of(spec).isQuiet();
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        epochStart = System.nanoTime();
        lossSum = 0;
        if (live) {
            bar = bar(String.format("epoch %d/%d", epoch, epochs), batches, "");
        }
    }

    /**
     * The bar shows the mean of the epoch's batch losses so far, which ends where the epoch line's
     * loss (the mean over its examples) is: a single batch's loss jumps about and would disagree with
     * it.
     */
    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        lossSum += loss;
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format("mean loss so far %.4f", lossSum / batch));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        StringBuilder line = new StringBuilder(String.format("epoch %d/%d", epoch, epochs));
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            line.append(String.format("  %s %.4g", e.getKey(), e.getValue()));
        }
        line.append(String.format("  (%.1f s)", (System.nanoTime() - epochStart) / 1e9));
        out.println(line);
        out.flush();
    }
}
