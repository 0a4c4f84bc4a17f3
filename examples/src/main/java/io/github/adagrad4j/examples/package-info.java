/** Runnable demos built on the public API of the other modules. */
package io.github.adagrad4j.examples;
