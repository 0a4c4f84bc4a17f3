package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Sgd;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.train.Example;
import io.github.adagrad4j.train.LanguageModelRecipe;
import io.github.adagrad4j.train.SequenceRecipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The examples the product was specified from that are more than one training run, as {@code
 * adagrad4j example NAME} finds them (registered for {@link java.util.ServiceLoader}); the
 * single-run ones (digits, fashion-*) are {@link io.github.adagrad4j.train.Presets}.
 *
 * <pre>{@code
 * for (Example e : new Catalog().examples()) System.out.println(e.name() + ": " + e.description());
 * }</pre>
 */
public final class Catalog implements Example.Catalog {
    private record Entry(String name, String description, Body body) implements Example {
        @Override
        public void run(Settings s, PrintWriter out) throws IOException {
            body.run(s, out);
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(Example.Settings s, PrintWriter out) throws IOException;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Entry("linear", "y = 2x + noise, 100 points, AdaGrad on named arrays, 1000 epochs",
                        (s, out) -> LinearRegression.run(42, s.epochs() != null ? s.epochs() : 1000, 0.1, out::println)),
                new Entry("boston", "Boston housing, 13-64-32-1, batch 16, 100 epochs: Adam(1e-3) vs AdaGrad(0.01), 5 "
                        + "seeds; OLS", (s, out) -> BostonComparison.run(s.seeds(), s.epochs() != null ? s.epochs() : 100,
                        s.output(), out)),
                new Entry("spam", "SpamAssassin, hashed unigrams+bigrams (2^20), logistic regression: AdaGrad vs FTRL-L1 "
                        + "vs SGD", (s, out) -> SpamFilter.compare(SpamAssassin.DEFAULT_DIR, s.small() ? 2000 : 0, out)),
                new Entry("recommender", "matrix factorisation, 2000 users x 1000 items, rank 8, 100k synthetic ratings: "
                        + "sparse AdaGrad", (s, out) -> {
                            for (UpdateRule r : List.of(new AdaGrad(0.5), new Sgd(5))) {
                                MatrixFactorization.Result res = MatrixFactorization.run(r, 2000, 1000, 8, 100_000,
                                        s.epochs() != null ? s.epochs() : 20, 7);
                                out.printf("  %-40s test RMSE %.4f (predicting the mean: %.4f; noise 0.1)%n", r,
                                        res.testRmse(), res.baselineRmse());
                            }
                        }),
                new Entry("char-lm", "fortunes, character-level LSTM 256x2: AdaGrad vs Adam vs SGD with clipping, "
                        + "bits/char, a sample", (s, out) -> {
                            LanguageModelRecipe.Config c = s.small() ? LanguageModelRecipe.Config.small()
                                    : LanguageModelRecipe.Config.full();
                            if (s.steps() != null) {
                                c = c.withSteps(s.steps());
                            }
                            if (s.seed() != null) {
                                c = c.withSeed(s.seed());
                            }
                            if (s.optimizers() != null) {
                                c = c.withOptimizers(s.optimizers());
                            }
                            CharLmExample.run(c, s.output(), out);
                        }),
                new Entry("spam-sequence", "SpamAssassin as token sequences: embedding -> bidirectional GRU -> logistic "
                        + "unit, AdaGrad(0.1)", (s, out) -> {
                            TrainingConfig.Builder c = s.small() ? SequenceRecipe.small() : SequenceRecipe.full();
                            if (s.epochs() != null) {
                                c.epochs(s.epochs());
                            }
                            SequenceRecipe.run(c.output(s.output()).build(), out);
                        }));
    }
}
