/**
 * The training engine: one typed {@link io.github.adagrad4j.train.TrainingConfig} from which every
 * path is built (dense networks through the {@link io.github.adagrad4j.train.Trainer} loop,
 * sparse-linear, recurrent classifiers, character language models), the model folder
 * ({@link io.github.adagrad4j.train.ModelFolder}, {@link io.github.adagrad4j.train.ModelDescription})
 * and {@link io.github.adagrad4j.train.TrainedModel} for prediction. Sub-packages: {@code compare}
 * and {@code search} (engines over many runs), {@code report} (charts and HTML pages, which use
 * nothing of the engine). Uses optim, data and nn; reports through listeners and the writers it is
 * given, never to a terminal of its own.
 */
package io.github.adagrad4j.train;
