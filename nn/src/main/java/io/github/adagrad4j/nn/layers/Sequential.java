package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order; parameters are named by position ({@code "0.weight"}), as in
 * PyTorch's {@code nn.Sequential}.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Dense(784, 50, rng), Layers.relu(), new Dense(50, 10, rng));
 * Tensor logits = net.forward(x);
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            layers.add(register(Integer.toString(layers.size()), m));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            try {
                h = layers.get(i).forward(h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).getClass().getSimpleName() + "): "
                        + e.getMessage(), e);
            }
        }
        return h;
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }
}
