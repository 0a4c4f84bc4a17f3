package io.github.adagrad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link UpdateRule} to a fixed list of {@link Parameter}s: owns their state and step
 * counts, and runs each step through the shared executor (non-finite check, clipping, schedule,
 * chunked multi-threaded fused update). Results are bit-identical for any thread count.
 *
 * <pre>{@code
 * Optimizer opt = AdaGrad.builder().lr(0.01).initialAccumulator(0.1).build()
 *         .on(model.parameters(), OptimizerOptions.builder().clipping(GradientClipping.globalNorm(1.0)).build());
 * loss.backward();
 * opt.step();
 * opt.zeroGrad();
 * }</pre>
 *
 * Not thread-safe: one thread calls {@link #step()}; the step itself uses the configured threads.
 */
public final class Optimizer {
    private final UpdateRule rule;
    private final OptimizerOptions options;
    private final List<Parameter> parameters;
    private final Map<String, ParamState> stateByName;
    private final String[] names;
    private final float[][] data;
    private final float[][] grads;
    private final ParamState[] states;
    private final Engine engine;
    private final Engine.Plan plan;
    private long stepCount;
    private double lrFactor = 1.0;

    Optimizer(UpdateRule rule, List<Parameter> parameters, OptimizerOptions options) {
        this.rule = Checks.notNull("rule", rule);
        this.options = Checks.notNull("options", options);
        Checks.notNull("parameters", parameters);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got an empty list");
        }
        int n = parameters.size();
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        this.names = new String[n];
        this.data = new float[n][];
        this.grads = new float[n][];
        this.states = new ParamState[n];
        Map<String, ParamState> byName = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Parameter p = Checks.notNull("parameters[" + i + "]", parameters.get(i));
            names[i] = p.name();
            data[i] = p.data();
            states[i] = new ParamState(p.name(), rule, p.size());
            if (byName.put(p.name(), states[i]) != null) {
                throw new IllegalArgumentException("parameter names must be unique, '" + p.name() + "' appears twice");
            }
        }
        this.stateByName = byName;
        this.engine = new Engine(rule, options);
        this.plan = Engine.Plan.of(data, null);
    }

    /**
     * Applies one update from the current gradients: a parameter's pending sparse gradient
     * ({@link Parameter#addSparseGrad}) when it has one, its dense gradient otherwise.
     *
     * @return true if applied; false if skipped under {@link NonFinitePolicy#SKIP_STEP}
     * @throws NonFiniteGradientException under {@link NonFinitePolicy#THROW}; nothing changed then
     * @throws IllegalStateException for a rule that does not {@link UpdateRule#learnsFromGradients()}
     */
    public boolean step() {
        rule.requireGradients();
        int n = parameters.size();
        SparseGradient[] sparse = null;
        int active = 0;
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            SparseGradient s = p.sparseGrad();
            if (s != null) {
                sparse = sparse == null ? new SparseGradient[n] : sparse;
                sparse[i] = s;
            }
            grads[i] = p.hasDenseGrad() ? p.grad() : null;
            if (s != null || grads[i] != null) {
                active++;
            }
        }
        boolean applied = active == n ? engine.step(plan, names, data, grads, sparse, states, currentLr())
                : stepSome(active, sparse);
        if (applied) {
            stepCount++;
        }
        return applied;
    }

    /**
     * A step over the parameters that have a gradient only: one never given any (its dense
     * gradient not even allocated, as an embedding table fed sparse gradients, in a step where it
     * got none) is left exactly as it is, state and step count included, as PyTorch skips a
     * parameter whose grad is None.
     */
    private boolean stepSome(int active, SparseGradient[] sparse) {
        String[] n = new String[active];
        float[][] w = new float[active][];
        float[][] g = new float[active][];
        SparseGradient[] sp = sparse == null ? null : new SparseGradient[active];
        ParamState[] st = new ParamState[active];
        int k = 0;
        for (int i = 0; i < names.length; i++) {
            if (grads[i] != null || (sparse != null && sparse[i] != null)) {
                n[k] = names[i];
                w[k] = data[i];
                g[k] = grads[i];
                st[k] = states[i];
                if (sp != null) {
                    sp[k] = sparse[i];
                }
                k++;
            }
        }
        return active == 0 || engine.step(Engine.Plan.of(w, null), n, w, g, sp, st, currentLr());
    }

    /**
     * One step of one parameter on a few distinct coordinates, for online learners that update a
     * table example by example: element {@code index[k]} of the parameter gets gradient
     * {@code grad[k]}, {@code k < count}, and every other element, its state included, is left as
     * it is; exactly what {@link #step()} does with a {@link SparseGradient} of width 1 over the
     * same rows under {@link SparseMode#LAZY}, bit for bit. The rule's own kernel does the
     * arithmetic on the gathered coordinates, on the calling thread; nothing is allocated once the
     * gather buffers have grown to the largest {@code count}.
     *
     * <p>Clipping is not applied: an online learner bounds its gradients itself (a logistic loss's
     * are bounded by the feature values). Under {@link NonFinitePolicy#THROW} a non-finite gradient,
     * or a finite one that would make a weight or a state element non-finite (a square past the
     * float range), throws before anything changes; under {@code SKIP_STEP} the step is skipped and
     * false returned; {@code IGNORE} applies it.
     *
     * <pre>{@code
     * Optimizer opt = new AdaGrad(0.1).on(List.of(table));
     * opt.stepCoordinates(0, new int[] {3, 17}, new float[] {0.5f, -0.25f}, 2);
     * }</pre>
     *
     * @param parameter the parameter's position in {@link #parameters()}
     * @param index distinct element indices of that parameter (not checked for repeats: a caller
     *     sums repeated coordinates first, as {@link SparseGradient#coalesce()} does)
     * @return true if applied
     */
    public boolean stepCoordinates(int parameter, int[] index, float[] grad, int count) {
        rule.requireGradients();
        ParamState s = states[parameter];
        if (options.nonFinite() != NonFinitePolicy.IGNORE) {
            for (int k = 0; k < count; k++) {
                if (!Float.isFinite(grad[k])) {
                    return refuse(new NonFiniteGradientException(names[parameter], index[k], grad[k], s.step + 1));
                }
            }
        }
        return coordinates(parameter, index, grad, null, count, 0, 0);
    }

    /**
     * One observation of a linear model whose score is {@code sum_k w[index[k]] * x[k]} over
     * parameter {@code parameter}: feature values {@code x[k]}, {@code k < count}, and the loss's
     * first ({@code residual}) and second ({@code curvature}) derivatives in the score, each
     * already multiplied by the example's importance. A rule that {@link UpdateRule#learnsFromGradients()}
     * takes the gradient {@code (float) (residual * x[k])} and steps exactly as
     * {@link #stepCoordinates} would; a filter ({@link Kalman}) uses the observation as a whole.
     * The non-finite policy applies as in {@link #stepCoordinates}, to the observation's numbers.
     *
     * <pre>{@code
     * double p = 1 / (1 + Math.exp(-score));                  // logistic, label y in {0, 1}
     * opt.observe(0, index, x, count, p - y, p * (1 - p));
     * }</pre>
     *
     * @param index distinct element indices, as for {@link #stepCoordinates}
     * @return true if applied
     * @throws IllegalArgumentException if {@code curvature} is negative (a loss's curvature never is)
     */
    public boolean observe(int parameter, int[] index, float[] x, int count, double residual, double curvature) {
        ParamState s = states[parameter];
        if (rule.learnsFromGradients()) {
            if (s.observedGradient.length < count) {
                s.observedGradient = new float[Math.max(count, 2 * s.observedGradient.length)];
            }
            float[] g = s.observedGradient;
            for (int k = 0; k < count; k++) {
                g[k] = (float) (residual * x[k]);
            }
            return stepCoordinates(parameter, index, g, count);
        }
        if (curvature < 0) {
            throw new IllegalArgumentException("an observation's curvature must be >= 0, got " + curvature);
        }
        if (options.nonFinite() != NonFinitePolicy.IGNORE) {
            boolean scalars = Double.isFinite(residual) && Double.isFinite(curvature);
            for (int k = 0; k < count; k++) {
                if (!scalars || !Float.isFinite(x[k])) {
                    return refuse(new NonFiniteGradientException(names[parameter], index[k], (float) (residual * x[k]),
                            s.step + 1, "the observation (value " + x[k] + ", residual " + residual + ", curvature "
                                    + curvature + ") is not finite"));
                }
            }
        }
        return coordinates(parameter, index, null, x, count, residual, curvature);
    }

    /**
     * Gathers the coordinates, updates the copies with the rule's kernel (from {@code grad}, or from
     * the observation {@code x} when {@code grad} is null), checks them and writes them back.
     */
    private boolean coordinates(int parameter, int[] index, float[] grad, float[] x, int count, double residual,
            double curvature) {
        ParamState s = states[parameter];
        float[] w = data[parameter];
        float[][] slots = s.slots;
        if (s.gatheredWeights.length < count) {
            int grown = Math.max(count, 2 * s.gatheredWeights.length);
            s.gatheredWeights = new float[grown];
            for (int j = 0; j < slots.length; j++) {
                s.gatheredSlots[j] = new float[grown];
            }
        }
        float[] gw = s.gatheredWeights;
        float[][] gs = s.gatheredSlots;
        for (int k = 0; k < count; k++) {
            gw[k] = w[index[k]];
        }
        for (int j = 0; j < slots.length; j++) {
            float[] from = slots[j];
            float[] to = gs[j];
            for (int k = 0; k < count; k++) {
                to[k] = from[index[k]];
            }
        }
        s.context.begin(s.step + 1, currentLr());
        rule.prepare(s.context);
        if (grad != null) {
            rule.apply(gw, grad, gs, 0, count, s.context);
        } else {
            rule.observe(gw, gs, x, count, residual, curvature, s.context);
        }
        if (options.nonFinite() != NonFinitePolicy.IGNORE) {
            // A finite gradient can still overflow what it updates (a square past the float range): the
            // updated copies are checked before anything is written back, so a refused step changes nothing.
            for (int j = -1; j < slots.length; j++) {
                float[] a = j < 0 ? gw : gs[j];
                for (int k = 0; k < count; k++) {
                    if (!Float.isFinite(a[k])) {
                        return refuse(new NonFiniteGradientException(names[parameter], index[k],
                                grad != null ? grad[k] : (float) (residual * x[k]), s.step + 1,
                                (j < 0 ? "the weight" : "state slot '" + rule.slotNames().get(j) + "'")
                                + " would become " + a[k]));
                    }
                }
            }
        }
        s.step++;
        for (int k = 0; k < count; k++) {
            w[index[k]] = gw[k];
        }
        for (int j = 0; j < slots.length; j++) {
            float[] from = gs[j];
            float[] to = slots[j];
            for (int k = 0; k < count; k++) {
                to[index[k]] = from[k];
            }
        }
        stepCount++;
        return true;
    }

    /** A refused coordinate step: thrown under {@link NonFinitePolicy#THROW}, else counted as skipped; false. */
    private boolean refuse(NonFiniteGradientException e) {
        if (options.nonFinite() == NonFinitePolicy.THROW) {
            throw e;
        }
        engine.countSkipped();
        return false;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** The learning rate the next step will use: the schedule applied to the rule's base rate, times {@link #lrFactor()}. */
    public double currentLr() {
        return options.schedule().lr(rule.lr(), stepCount) * lrFactor;
    }

    /** A multiplier on the scheduled rate, 1 unless something (reduce-on-plateau) lowered it. */
    public double lrFactor() {
        return lrFactor;
    }

    /** Sets the multiplier on the scheduled rate, as a reduce-on-plateau callback does. */
    public void setLrFactor(double factor) {
        this.lrFactor = Checks.positive("lrFactor", factor);
    }

    /**
     * The state of one parameter.
     *
     * @throws IllegalArgumentException naming the known parameters if there is none by that name
     */
    public ParamState state(String parameterName) {
        ParamState st = stateByName.get(parameterName);
        if (st == null) {
            throw new IllegalArgumentException("no parameter '" + parameterName + "' in this optimizer; it has "
                    + List.of(names));
        }
        return st;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public UpdateRule rule() {
        return rule;
    }

    public OptimizerOptions options() {
        return options;
    }

    /** Steps applied so far (skipped steps not counted); the schedule's {@code t}. */
    public long stepCount() {
        return stepCount;
    }

    /** Sets the applied-step count, as when restoring a checkpoint. */
    public void setStepCount(long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("stepCount must be >= 0, got " + stepCount);
        }
        this.stepCount = stepCount;
    }

    /** Lets sparse steps use the rule's in-place row kernel, or not (the gather path); for tests comparing both. */
    void rowKernels(boolean on) {
        engine.rowKernels = on;
    }

    /** Steps skipped under {@link NonFinitePolicy#SKIP_STEP}. */
    public long skippedSteps() {
        return engine.skipped();
    }

    /** The global gradient norm of the last step, before clipping; NaN unless clipping by global norm. */
    public double lastGradNorm() {
        return engine.lastNorm();
    }

    @Override
    public String toString() {
        return "Optimizer[" + rule + ", " + parameters.size() + " parameters, " + stepCount + " steps]";
    }
}
