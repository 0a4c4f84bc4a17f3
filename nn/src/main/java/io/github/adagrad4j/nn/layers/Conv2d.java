package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Conv;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Parameter;
import java.util.SplittableRandom;

/**
 * 2-D convolution, PyTorch's {@code nn.Conv2d}: weight {@code [out, in, k, k]}, bias {@code [out]},
 * input {@code [batch, in, h, w]}.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 3, 1, 1, new SplittableRandom(42));   // 28x28 stays 28x28
 * }</pre>
 */
public final class Conv2d extends Module implements ReluFusable {
    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;

    public Conv2d(int in, int out, int kernel, int stride, int padding, SplittableRandom rng) {
        this(in, out, kernel, stride, padding, Init.PYTORCH_DEFAULT, rng);
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, Init init, SplittableRandom rng) {
        Checks.atLeastOne("in channels", in);
        Checks.atLeastOne("out channels", out);
        Checks.atLeastOne("kernel", kernel);
        this.stride = Checks.atLeastOne("stride", stride);
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        this.padding = padding;
        weight = register("weight", Parameter.zeros("weight", out, in, kernel, kernel));
        bias = register("bias", Parameter.zeros("bias", out));
        int fanIn = in * kernel * kernel;
        init.weights(weight.data(), fanIn, out * kernel * kernel, rng);
        init.bias(bias.data(), fanIn, rng);
    }

    /** {@code [out, in, kernel, kernel]}, PyTorch's layout. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int stride() {
        return stride;
    }

    /** Zeros added on each side of each spatial dimension. */
    public int padding() {
        return padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Conv.conv2d(x, Tensor.of(weight), Tensor.of(bias), stride, padding);
    }

    @Override
    public Tensor forwardRelu(Tensor x) {
        return Conv.conv2dRelu(x, Tensor.of(weight), Tensor.of(bias), stride, padding);
    }
}
