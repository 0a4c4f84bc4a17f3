package io.github.adagrad4j.optim;

/**
 * The per-step scalars of one parameter's update: the step number, the scheduled learning rate,
 * and whatever the rule derives from them once per step (bias corrections, decayed rates).
 *
 * <p>The executor fills {@link #step()} and {@link #lr()}, calls
 * {@link UpdateRule#prepare(StepContext)} once, then hands the same context to every chunk, so
 * the kernels never recompute per-step math per element. One context lives in each
 * {@link ParamState} and is reused: no allocation per step.
 *
 * <pre>{@code
 * protected void prepare(StepContext c) {
 *     c.set(0, c.lr() / (1 + (c.step() - 1) * lrDecay));   // AdaGrad's clr
 * }
 * }</pre>
 */
public final class StepContext {
    /** How many derived scalars a rule may store. */
    public static final int CAPACITY = 8;

    private long step;
    private double lr;
    private final double[] values = new double[CAPACITY];

    StepContext() {
    }

    /** Resets the context for one step; package-private so only the executor drives it. */
    void begin(long step, double lr) {
        this.step = step;
        this.lr = lr;
    }

    /** The 1-based number of the step being taken for this parameter. */
    public long step() {
        return step;
    }

    /** The learning rate for this step, after the schedule. */
    public double lr() {
        return lr;
    }

    public void set(int i, double value) {
        values[i] = value;
    }

    public double get(int i) {
        return values[i];
    }
}
