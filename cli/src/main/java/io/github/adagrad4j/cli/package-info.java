/** The {@code adagrad4j} command line: the only module that prints, renders progress and draws charts. */
package io.github.adagrad4j.cli;
