/**
 * The training loop: fit, evaluate and predict, losses, metrics, callbacks and progress
 * listeners. Reports through listeners; never prints.
 */
package io.github.adagrad4j.train;
