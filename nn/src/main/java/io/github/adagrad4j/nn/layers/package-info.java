/** Layers (Dense, Conv2d, pooling, dropout, embedding) and Sequential, built on {@code nn.ops}. */
package io.github.adagrad4j.nn.layers;
