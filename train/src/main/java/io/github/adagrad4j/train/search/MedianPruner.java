package io.github.adagrad4j.train.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stops trials that fall behind, by Optuna's median rule: at step s, a trial whose best value so
 * far is worse than the median of the other trials' values at step s is pruned, once at least
 * {@code startup} others have a value there (Optuna's {@code MedianPruner(n_startup_trials=5,
 * n_warmup_steps=0)}). One difference makes searches reproducible: the others are the trials with
 * a smaller number, and a trial waits at step s until each of them has reported step s or
 * ended, so the decision does not depend on which thread ran faster. (Optuna compares with the
 * trials completed by then, whatever their number.)
 *
 * <pre>{@code
 * MedianPruner p = new MedianPruner(5, true);              // accuracy: higher is better
 * p.report(7, 0, 0.81);
 * if (p.shouldPrune(7, 0)) { ... stop trial 7 ... }
 * p.finish(7);
 * }</pre>
 */
public final class MedianPruner {
    private final int startup;
    private final boolean higherIsBetter;
    private final Map<Integer, List<Double>> values = new HashMap<>();
    private final Set<Integer> ended = new HashSet<>();

    public MedianPruner(int startup, boolean higherIsBetter) {
        if (startup < 1) {
            throw new IllegalArgumentException("startup trials must be >= 1, got " + startup);
        }
        this.startup = startup;
        this.higherIsBetter = higherIsBetter;
    }

    /** Records trial {@code trial}'s value at {@code step} (steps are reported 0, 1, 2, ... in order). */
    public synchronized void report(int trial, int step, double value) {
        List<Double> v = values.computeIfAbsent(trial, t -> new ArrayList<>());
        if (step != v.size()) {
            throw new IllegalStateException("trial " + trial + " reported step " + step + " after " + v.size() + " steps");
        }
        v.add(value);
        notifyAll();
    }

    /** Marks a trial ended (completed, pruned or failed): later trials no longer wait for it. */
    public synchronized void finish(int trial) {
        ended.add(trial);
        notifyAll();
    }

    /**
     * Whether trial {@code trial} should stop after {@code step}, which it has reported. Waits for
     * every smaller-numbered trial to report that step or end.
     */
    public synchronized boolean shouldPrune(int trial, int step) throws InterruptedException {
        while (!earlierReady(trial, step)) {
            wait();
        }
        List<Double> mine = values.get(trial);
        double best = mine.get(0);
        for (int s = 1; s <= step; s++) {
            best = higherIsBetter ? Math.max(best, mine.get(s)) : Math.min(best, mine.get(s));
        }
        List<Double> others = new ArrayList<>();
        for (int j = 0; j < trial; j++) {
            List<Double> v = values.get(j);
            if (v != null && v.size() > step && Double.isFinite(v.get(step))) {
                others.add(v.get(step));
            }
        }
        if (others.size() < startup) {
            return false;
        }
        double median = median(others);
        return higherIsBetter ? best < median : best > median;
    }

    private boolean earlierReady(int trial, int step) {
        for (int j = 0; j < trial; j++) {
            List<Double> v = values.get(j);
            if (!ended.contains(j) && (v == null || v.size() <= step)) {
                return false;
            }
        }
        return true;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int h = a.length / 2;
        return a.length % 2 == 1 ? a[h] : (a[h - 1] + a[h]) / 2;
    }
}
