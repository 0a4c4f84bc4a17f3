/** LIBSVM / SVMlight reading. */
package io.github.adagrad4j.data.libsvm;
