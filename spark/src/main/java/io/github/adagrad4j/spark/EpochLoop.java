package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's loop of every Spark fit, whatever its model and mode: epochs up to {@code maxIter}
 * (continuing a checkpoint of the same fit), each epoch's mean training loss told to the listener,
 * a checkpoint every {@code checkpointInterval} epochs, and a stop once the loss moves by at most
 * {@code tol} relative to the epoch before.
 *
 * <pre>{@code
 * double[] losses = EpochLoop.run(config, optimizer, signature, listener, mode::epoch);
 * }</pre>
 */
final class EpochLoop {
    private static final System.Logger LOG = System.getLogger(EpochLoop.class.getName());

    private EpochLoop() {
    }

    /** One epoch of a fit: its mean training loss (NaN if no row was weighted), telling its progress. */
    @FunctionalInterface
    interface Epoch {
        double run(int epoch, Progress progress);
    }

    /** {@code done} of {@code total} units of the running epoch finished. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (done, total) -> { };

        void done(int done, int total);
    }

    /** Runs the epochs; returns the loss of each, those before a resume included. */
    static double[] run(FitConfig c, Optimizer opt, String signature, EpochListener listener, Epoch epoch) {
        List<Double> history = new ArrayList<>();
        FitCheckpoint checkpoint = new FitCheckpoint(c.checkpointDir(), signature);
        for (int e = checkpoint.resume(opt, history); e < c.maxIter(); e++) {
            long t0 = System.nanoTime();
            int number = e + 1;
            double loss = epoch.run(e, (done, total) -> listener.progress(number, done, total));
            history.add(loss);
            listener.epochEnd(e + 1, loss, (System.nanoTime() - t0) / 1e9);
            LOG.log(System.Logger.Level.DEBUG, () -> "epoch " + history.size() + ": loss " + loss);
            if (c.checkpointInterval() > 0 && (e + 1) % c.checkpointInterval() == 0) {
                checkpoint.save(opt, e + 1, history);
            }
            if (converged(history, c.tol())) {
                break;
            }
        }
        return history.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether the last epoch's loss moved by at most {@code tol} relative to the one before. */
    static boolean converged(List<Double> history, double tol) {
        int h = history.size();
        return h >= 2 && Math.abs(history.get(h - 1) - history.get(h - 2))
                <= tol * Math.max(1e-12, Math.abs(history.get(h - 2)));
    }
}
