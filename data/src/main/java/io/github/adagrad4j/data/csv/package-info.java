/** CSV reading into {@code Dataset}s. */
package io.github.adagrad4j.data.csv;
