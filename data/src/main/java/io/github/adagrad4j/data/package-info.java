/**
 * Data sets as plain arrays, with seeded splits and scaling; readers live in the sub-packages
 * ({@code csv}, {@code idx}, {@code libsvm}). Depends on the JDK only; knows nothing of nn or optim.
 */
package io.github.adagrad4j.data;
