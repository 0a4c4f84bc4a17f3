/**
 * Tensors and reverse-mode autodiff, and the module base for models. Depends on {@code optim}
 * (parameters are optim {@code Parameter}s) and netlib BLAS; knows nothing of data files or the CLI.
 */
package io.github.adagrad4j.nn;
