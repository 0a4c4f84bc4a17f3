package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Parameter;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: weight
 * {@code [out, in]}, bias {@code [out]}.
 *
 * <pre>{@code
 * Dense fc = new Dense(784, 256, new SplittableRandom(42));
 * Tensor y = fc.forward(x);   // x [batch, 784] -> y [batch, 256]
 * }</pre>
 */
public final class Dense extends Module implements ReluFusable {
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out, SplittableRandom rng) {
        this(in, out, Init.PYTORCH_DEFAULT, rng);
    }

    public Dense(int in, int out, Init init, SplittableRandom rng) {
        Checks.atLeastOne("in features", in);
        Checks.atLeastOne("out features", out);
        weight = register("weight", Parameter.zeros("weight", out, in));
        bias = register("bias", Parameter.zeros("bias", out));
        init.weights(weight.data(), in, out, rng);
        init.bias(bias.data(), in, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Ops.linear(x, Tensor.of(weight), Tensor.of(bias));
    }

    @Override
    public Tensor forwardRelu(Tensor x) {
        return Ops.linearRelu(x, Tensor.of(weight), Tensor.of(bias));
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }
}
