package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Tensor;

/**
 * A layer that can apply a following ReLU itself, in the same pass as its own output
 * ({@link Sequential} uses it for a layer followed by {@link Layers#relu()}).
 */
interface ReluFusable {
    /** {@code relu(forward(x))}, computed as one op. */
    Tensor forwardRelu(Tensor x);
}
