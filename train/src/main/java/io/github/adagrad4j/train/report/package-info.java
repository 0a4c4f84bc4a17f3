/**
 * Pictures and pages of runs: training curves, confusion matrices, comparison charts (XChart,
 * headless) and self-contained HTML reports. Plain arrays in, PNG and HTML files out; it uses
 * nothing of the training engine, so every part of it can draw.
 */
package io.github.adagrad4j.train.report;
