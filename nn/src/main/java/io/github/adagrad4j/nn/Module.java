package io.github.adagrad4j.nn;

import io.github.adagrad4j.optim.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a model: it maps an input tensor to an output tensor and owns named parameters and
 * sub-modules. Parameter names are paths, as in PyTorch's {@code state_dict}
 * ({@code "0.weight"}, {@code "encoder.fc1.bias"}), and {@link #parameters()} returns views that
 * share the layers' arrays, ready for an optimizer.
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Dense fc1 = register("fc1", new Dense(784, 50, rng));
 *     final Dense fc2 = register("fc2", new Dense(50, 10, rng));
 *     public Tensor forward(Tensor x) { return fc2.forward(Ops.relu(fc1.forward(x))); }
 * }
 * Optimizer opt = new AdaGrad(0.05).on(new TwoLayer().parameters());
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the output for a batch. */
    public abstract Tensor forward(Tensor x);

    /** Adds a parameter under a local name and returns it. */
    protected final Parameter register(String name, Parameter p) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already used in " + getClass().getSimpleName());
        }
        params.put(name, p);
        return p;
    }

    /** Adds a sub-module under a local name and returns it. */
    protected final <M extends Module> M register(String name, M module) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already used in " + getClass().getSimpleName());
        }
        children.put(name, module);
        return module;
    }

    /** All parameters of this module and its descendants, named by path, sharing their arrays. */
    public final List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, List<Parameter> out) {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            out.add(e.getValue().withName(prefix + e.getKey()));
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Training mode (dropout active) or evaluation mode, for this module and all below it. */
    public final void train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
    }

    public final boolean isTraining() {
        return training;
    }

    /**
     * Re-seeds every random layer below this module from {@code seed} (each mixes in its own
     * seed). The training loop calls it before each batch with a seed derived from (run seed,
     * epoch, batch), so dropout masks do not depend on history and a resumed run repeats exactly.
     */
    public final void reseed(long seed) {
        onReseed(seed);
        for (Module m : children.values()) {
            m.reseed(seed);
        }
    }

    /** Hook for layers that draw random numbers; the default does nothing. */
    protected void onReseed(long seed) {
    }

    /** The direct sub-modules, by local name. */
    protected final Map<String, Module> children() {
        return children;
    }
}
