package io.github.adagrad4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The math of one optimization algorithm: immutable hyperparameters, the names and initial values
 * of its per-element state slots, and a fused kernel that updates a contiguous slice of a
 * parameter in one pass (read weight, gradient and state; write weight and state once).
 *
 * <p>A rule never loops over parameters, starts threads or does I/O: the {@link Optimizer} does
 * that once for every rule (chunking, threads, clipping, schedules, non-finite checks,
 * checkpoints). Get one with {@link #on(List)}.
 *
 * <p>For people coming from the classic numpy optimizer class, every rule also offers
 * {@link #update(Map, Map)} on named arrays, with its state created lazily per key:
 *
 * <pre>{@code
 * AdaGrad ada = new AdaGrad(0.01);
 * Map<String, float[]> params = Map.of("w", w, "b", b);
 * ada.update(params, Map.of("w", dw, "b", db));   // w and b change in place
 * float[] h = ada.state("w").slot("sum");
 * }</pre>
 *
 * <p>To write a rule of your own, extend this class: pass its name, learning rate and slot names
 * to the constructor, fill the {@link StepContext} in {@link #prepare}, and write the element loop
 * in {@link #apply}.
 */
public abstract class UpdateRule {
    private final String name;
    private final double lr;
    private final List<String> slotNames;
    private final boolean gradients;
    /** Lazily created state for the map-based {@link #update} API; nothing else uses it. */
    private Map<String, ParamState> namedState;
    private Engine namedEngine;

    /**
     * @param name short lower-case name, as stored in checkpoints ({@code adagrad}, {@code adam}, ...)
     * @param lr the base learning rate, before any schedule
     * @param slotNames names of the per-element state slots, PyTorch's where PyTorch has the rule
     */
    protected UpdateRule(String name, double lr, List<String> slotNames) {
        this(name, lr, slotNames, true);
    }

    /** As the public constructor; {@code gradients} false for a filter ({@link Kalman}), which only {@link #observe}s. */
    UpdateRule(String name, double lr, List<String> slotNames, boolean gradients) {
        this.gradients = gradients;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rule needs a non-blank name, got '" + name + "'");
        }
        this.name = name;
        this.lr = Checks.positive("lr", lr);
        this.slotNames = List.copyOf(Checks.notNull("slotNames", slotNames));
    }

    /** Short lower-case name, as stored in checkpoints: {@code adagrad}, {@code adam}, ... */
    public final String name() {
        return name;
    }

    /** The base learning rate, before any schedule. */
    public final double lr() {
        return lr;
    }

    /** Names of the per-element state slots, PyTorch's state names where PyTorch has the rule. */
    public final List<String> slotNames() {
        return slotNames;
    }

    /** The value every element of slot {@code slot} starts with; zero unless the rule says otherwise. */
    public float initialValue(int slot) {
        return 0f;
    }

    /** The hyperparameters by name, in a stable order, for checkpoints and {@link #toString()}. */
    public abstract Map<String, Object> hyperparameters();

    /**
     * Derives this step's scalars from {@link StepContext#step()} and {@link StepContext#lr()}
     * and stores them in the context. Called once per parameter per step.
     */
    protected abstract void prepare(StepContext ctx);

    /**
     * Updates elements {@code [from, to)} of {@code w} and of the state {@code slots} (in
     * {@link #slotNames()} order) from the gradient {@code g[i]}, in one pass. Called concurrently
     * on disjoint slices; must not allocate or check arguments. Sparse steps of rules without a
     * row kernel ({@link #applyRows}) gather the touched rows into contiguous arrays and call this too. (The gradient is indexed exactly like the
     * weights on purpose: with an offset between them, C2 cannot rule out overlap and leaves the
     * loop unvectorised, about 8x slower.)
     */
    protected abstract void apply(float[] w, float[] g, float[][] slots, int from, int to, StepContext ctx);

    /**
     * Whether {@link #applyRows} should update rows of this width: a sparse step then updates the
     * touched rows in place, without gathering them. Built-in rules with a row kernel say yes when
     * the Vector API is there ({@link Simd}) and the rows suit it ({@link SimdKernels#suits}).
     */
    boolean hasRowKernel(int width) {
        return false;
    }

    /**
     * Updates rows {@code [from, to)} of an indexed sparse gradient in place: for each, the row's
     * elements of {@code w} and of every slot from the gradient row where {@code rows} says it is,
     * with exactly the arithmetic of {@link #apply}. Only called when {@link #hasRowKernel}.
     */
    void applyRows(float[] w, float[][] slots, SparseGradient rows, int from, int to, StepContext ctx) {
        throw new UnsupportedOperationException(name + " has no row kernel");
    }

    /**
     * Whether this rule steps on gradients, as every rule but {@link Kalman} does. A rule that
     * does not learns from observations of a linear model ({@link Optimizer#observe}) only.
     */
    public final boolean learnsFromGradients() {
        return gradients;
    }

    /**
     * Updates the gathered coordinates {@code [0, count)} of {@code w} and of the state
     * {@code slots} from one observation of a linear model: feature values {@code x}, and the
     * loss's first and second derivatives in the score. Only called for rules that do not
     * {@link #learnsFromGradients()}; must not allocate or check arguments.
     */
    void observe(float[] w, float[][] slots, float[] x, int count, double residual, double curvature, StepContext ctx) {
        throw new UnsupportedOperationException(name + " steps on gradients");
    }

    /** Refuses a gradient step of a rule that learns from observations, naming what it needs. */
    final void requireGradients() {
        if (!learnsFromGradients()) {
            throw new IllegalStateException("optimizer '" + name + "' learns from one example of a linear model at a "
                    + "time, with its loss's curvature (Optimizer.observe, as the stream learner calls it), not from "
                    + "gradients");
        }
    }

    /** An optimizer for these parameters with default options (see {@link OptimizerOptions}). */
    public final Optimizer on(List<Parameter> parameters) {
        return new Optimizer(this, parameters, OptimizerOptions.defaults());
    }

    /** An optimizer for these parameters with the given options (threads, clipping, schedule...). */
    public final Optimizer on(List<Parameter> parameters, OptimizerOptions options) {
        return new Optimizer(this, parameters, options);
    }

    /**
     * Updates each array of {@code params} in place from the array of the same key in
     * {@code grads}, as the classic numpy optimizer classes do. State is created on the first
     * call for each key and kept in this object.
     *
     * @throws IllegalArgumentException if a key of {@code params} has no gradient, or an array's
     *     length differs from its gradient's or from the length first seen for that key; nothing
     *     is updated then
     * @throws NonFiniteGradientException if a gradient holds NaN or infinity; nothing is updated
     */
    public final void update(Map<String, float[]> params, Map<String, float[]> grads) {
        Checks.notNull("params", params);
        Checks.notNull("grads", grads);
        requireGradients();
        if (namedState == null) {
            namedState = new LinkedHashMap<>();
            namedEngine = new Engine(this, OptimizerOptions.defaults());
        }
        int n = params.size();
        String[] names = new String[n];
        float[][] ws = new float[n][];
        float[][] gs = new float[n][];
        ParamState[] states = new ParamState[n];
        boolean[] created = new boolean[n];
        int i = 0;
        for (Map.Entry<String, float[]> e : params.entrySet()) {
            String key = e.getKey();
            float[] w = e.getValue();
            float[] g = grads.get(key);
            if (w == null) {
                throw new IllegalArgumentException("params['" + key + "'] is null");
            }
            if (g == null) {
                throw new IllegalArgumentException("grads has no entry for parameter '" + key + "'; grads has keys "
                        + grads.keySet());
            }
            if (g.length != w.length) {
                throw new IllegalArgumentException("grads['" + key + "'] has length " + g.length
                        + " but params['" + key + "'] has length " + w.length);
            }
            ParamState st = namedState.get(key);
            if (st != null && st.size() >= 0 && st.size() != w.length) {
                throw new IllegalArgumentException("params['" + key + "'] has length " + w.length
                        + " but its optimizer state was created for length " + st.size());
            }
            if (st == null) {
                st = new ParamState(key, this, w.length);
                created[i] = true;
            }
            names[i] = key;
            ws[i] = w;
            gs[i] = g;
            states[i] = st;
            i++;
        }
        // State joins the map only once the step is known to be valid, so a rejected call leaves nothing behind.
        namedEngine.step(names, ws, gs, states, lr());
        for (int k = 0; k < n; k++) {
            if (created[k]) {
                namedState.put(names[k], states[k]);
            }
        }
    }

    /**
     * The state that {@link #update(Map, Map)} keeps for {@code key}.
     *
     * @throws IllegalArgumentException if {@code update} has not seen that key
     */
    public final ParamState state(String key) {
        ParamState st = namedState == null ? null : namedState.get(key);
        if (st == null) {
            throw new IllegalArgumentException("no optimizer state for '" + key + "'; update() has seen "
                    + (namedState == null ? "no keys" : namedState.keySet()));
        }
        return st;
    }

    /** Names whose state {@link #update(Map, Map)} keeps, in first-seen order. */
    public final List<String> stateKeys() {
        return namedState == null ? List.of() : List.copyOf(namedState.keySet());
    }

    protected static List<String> slots(String... names) {
        return Collections.unmodifiableList(List.of(names));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : hyperparameters().entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append(')').toString();
    }
}
