/** Comparing optimizers: paths on 2-D test functions and runs on data sets with identical starts. */
package io.github.adagrad4j.train.compare;
