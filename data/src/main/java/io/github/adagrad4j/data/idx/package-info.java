/** IDX (MNIST-family) reading. */
package io.github.adagrad4j.data.idx;
