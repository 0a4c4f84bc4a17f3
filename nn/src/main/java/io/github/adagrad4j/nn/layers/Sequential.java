package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order; parameters are named by position ({@code "0.weight"}), as in
 * PyTorch's {@code nn.Sequential}, so a checkpoint's names and layouts are those of the same
 * network built in PyTorch. An input shape, when given, reshapes each example before the first
 * layer without taking a position: the PyTorch equivalent reshapes outside the
 * {@code nn.Sequential} ({@code x.view(len(x), *shape)}).
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Dense(784, 50, rng), Layers.relu(), new Dense(50, 10, rng));
 * Tensor logits = net.forward(x);                       // parameters 0.weight, 0.bias, 2.weight, 2.bias
 * Sequential mlp = Sequential.reshaping(new int[] {784}, new Dense(784, 10, rng));   // takes [N, 28, 28]
 * }</pre>
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();
    private final int[] inputShape;

    public Sequential(Module... modules) {
        this(null, modules);
    }

    private Sequential(int[] inputShape, Module... modules) {
        this.inputShape = inputShape == null ? null : inputShape.clone();
        for (Module m : modules) {
            layers.add(register(Integer.toString(layers.size()), m));
        }
    }

    /** Layers that see each example reshaped to {@code inputShape} first (e.g. {@code {784}} to flatten). */
    public static Sequential reshaping(int[] inputShape, Module... modules) {
        return new Sequential(inputShape, modules);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        if (inputShape != null) {
            int[] full = new int[inputShape.length + 1];
            full[0] = x.dim(0);
            System.arraycopy(inputShape, 0, full, 1, inputShape.length);
            h = Ops.reshape(x, full);
        }
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

    /** The shape each example is reshaped to before the first layer, or null when examples go in as they are. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }
}
