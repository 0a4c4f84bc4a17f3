/** Hyperparameter search: search spaces, random and grid draws, and Optuna's median pruning rule. */
package io.github.adagrad4j.train.search;
