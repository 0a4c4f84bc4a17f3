/**
 * Files that last: safetensors reading and writing (atomic, checksummed) and optimizer
 * checkpoints built on it. Uses {@code optim}'s public API and the JDK only.
 */
package io.github.adagrad4j.optim.io;
