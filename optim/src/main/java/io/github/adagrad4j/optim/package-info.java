/**
 * The core of adagrad4j: update rules (AdaGrad and its family), their per-parameter state, and
 * the one executor that applies any rule to parameters (threads, clipping, schedules, non-finite
 * checks). Depends on the JDK only; knows nothing of layers, data, the CLI or Spark.
 */
package io.github.adagrad4j.optim;
