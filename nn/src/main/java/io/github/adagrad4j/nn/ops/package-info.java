/** Differentiable operations on {@code Tensor}s; matrix products go through netlib BLAS. */
package io.github.adagrad4j.nn.ops;
