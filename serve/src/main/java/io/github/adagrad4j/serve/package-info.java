/**
 * A model folder behind HTTP: {@link io.github.adagrad4j.serve.ModelServer} answers JSON and CSV
 * prediction requests, joining concurrent ones into one forward pass, with Prometheus metrics, hot
 * reload of the folder and a graceful stop. It uses {@code train} (the model folder, through
 * {@link io.github.adagrad4j.train.TrainedModel}) and Jetty; the command line's {@code serve} is a
 * thin front on it.
 */
package io.github.adagrad4j.serve;
