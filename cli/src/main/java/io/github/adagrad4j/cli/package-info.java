/**
 * The {@code adagrad4j} command line: parses options into the engine's configurations, calls
 * {@code train} (and {@code spark}), prints, renders progress. It trains nothing and writes no file
 * itself: the runs, their charts and reports are the engine's.
 */
package io.github.adagrad4j.cli;
