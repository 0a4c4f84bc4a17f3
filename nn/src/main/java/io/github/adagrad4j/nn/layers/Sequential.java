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
            Module m = layers.get(i);
            // A dense or convolution layer followed by a ReLU runs as one fused op (same results).
            boolean fused = m instanceof ReluFusable && i + 1 < layers.size() && layers.get(i + 1) instanceof Layers.Relu;
            try {
                h = fused ? ((ReluFusable) m).forwardRelu(h) : m.forward(h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + m.getClass().getSimpleName() + "): "
                        + e.getMessage(), e);
            }
            if (fused) {
                i++;
            }
        }
        return h;
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }
}
