/**
 * Learning-rate schedules, composed with any update rule through {@code OptimizerOptions}.
 * Pure functions of the step count; they depend on nothing but {@code optim}'s argument checks.
 */
package io.github.adagrad4j.optim.schedule;
