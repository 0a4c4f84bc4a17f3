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

    Progress(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        epochStart = System.nanoTime();
        if (live) {
            bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
                    .continuousUpdate().setMaxRenderedLength(100).build();
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format("loss %.4f", loss));
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
