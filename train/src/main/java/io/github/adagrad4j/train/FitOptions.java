package io.github.adagrad4j.train;

import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.optim.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Trainer#fit} runs: epochs, batch size, seed, validation, metrics, callbacks and a
 * progress listener. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * FitOptions o = FitOptions.builder().epochs(10).batchSize(100).seed(42)
 *         .validationSplit(0.1).metrics(Metric.ACCURACY).build();
 * }</pre>
 */
public record FitOptions(int epochs, int batchSize, long seed, boolean shuffle, double validationSplit,
        Examples validation, List<Metric> metrics, List<Callback> callbacks, TrainingListener listener) {

    public FitOptions {
        Checks.atLeastOne("epochs", epochs);
        Checks.atLeastOne("batchSize", batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
        }
        if (validation != null && validationSplit > 0) {
            throw new IllegalArgumentException("give a validation set or a validationSplit, not both");
        }
        metrics = List.copyOf(metrics);
        callbacks = List.copyOf(callbacks);
        Checks.notNull("listener", listener);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link FitOptions}; setters validate at once. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 32;
        private long seed = 42;
        private boolean shuffle = true;
        private double validationSplit;
        private Examples validation;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private TrainingListener listener = TrainingListener.NONE;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = Checks.atLeastOne("epochs", epochs);
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = Checks.atLeastOne("batchSize", batchSize);
            return this;
        }

        /** Seeds shuffling, the validation split and dropout. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Holds out this fraction of the training examples, chosen at random with the seed. */
        public Builder validationSplit(double fraction) {
            this.validationSplit = fraction;
            return this;
        }

        public Builder validation(Dataset validation) {
            this.validation = validation == null ? null : Examples.of(validation);
            return this;
        }

        /** Validation examples of any kind (sparse rows, token sequences...). */
        public Builder validation(Examples validation) {
            this.validation = validation;
            return this;
        }

        public Builder metrics(Metric... metrics) {
            this.metrics.addAll(List.of(metrics));
            return this;
        }

        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        public Builder listener(TrainingListener listener) {
            this.listener = Checks.notNull("listener", listener);
            return this;
        }

        public FitOptions build() {
            return new FitOptions(epochs, batchSize, seed, shuffle, validationSplit, validation, metrics, callbacks,
                    listener);
        }
    }
}
