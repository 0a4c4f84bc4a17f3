package io.github.adagrad4j.examples;

import io.github.adagrad4j.optim.AdaGrad;
import java.util.Arrays;
import java.util.List;

/**
 * The examples the product was specified from, as recipes the CLI runs by name
 * ({@code adagrad4j example NAME}). {@code linear}, {@code boston} and {@code spam} are not single
 * training runs and have their own classes ({@link LinearRegression}, {@link BostonComparison},
 * {@link SpamFilter}).
 *
 * <pre>{@code
 * Recipe r = Catalog.recipe("fashion-mlp-256-128");
 * r.output = Path.of("runs/fm");
 * r.run(out);
 * }</pre>
 */
public final class Catalog {
    private Catalog() {
    }

    /** Example names, with a line each. */
    public static List<String> names() {
        return List.of("linear", "digits", "fashion-mlp-50", "fashion-mlp-256-128", "fashion-cnn", "boston", "spam", "recommender",
                "char-lm", "spam-sequence");
    }

    public static String describe(String name) {
        return switch (name) {
            case "linear" -> "y = 2x + noise, 100 points, AdaGrad on named arrays, 1000 epochs";
            case "digits" -> "sklearn digits 8x8, MLP 64-128-10, AdaGrad(0.05), batch 32, 20 epochs";
            case "fashion-mlp-50" -> "Fashion-MNIST, the two-layer net 784-50-10, AdaGrad(0.05), batch 100, 10 epochs";
            case "fashion-mlp-256-128" -> "Fashion-MNIST, MLP 784-256-128-10, AdaGrad(0.05), batch 100, 10 epochs";
            case "fashion-cnn" -> "Fashion-MNIST, CNN (2x conv3x3+pool, 128 hidden), AdaGrad(0.01), batch 100, 20 epochs";
            case "boston" -> "Boston housing, 13-64-32-1, batch 16, 100 epochs: Adam(1e-3) vs AdaGrad(0.01), 5 seeds; OLS";
            case "recommender" -> "matrix factorisation, 2000 users x 1000 items, rank 8, 100k synthetic ratings: sparse AdaGrad";
            case "spam-sequence" -> "SpamAssassin as token sequences: embedding -> bidirectional GRU -> logistic unit, AdaGrad(0.1)";
            case "char-lm" -> "fortunes, character-level LSTM 256x2: AdaGrad vs Adam vs SGD with clipping, bits/char, a sample";
            case "spam" -> "SpamAssassin, hashed unigrams+bigrams (2^20), logistic regression: AdaGrad vs FTRL-L1 vs SGD";
            default -> throw unknown(name);
        };
    }

    /** The training recipe of a single-run example (not {@code linear} or {@code boston}). */
    public static Recipe recipe(String name) {
        Recipe r = new Recipe();
        switch (name) {
            case "digits" -> {
                r.data = "digits";
                r.model = "mlp:128";
                r.rule = new AdaGrad(0.05);
                r.epochs = 20;
                r.batchSize = 32;
            }
            case "fashion-mlp-50", "fashion-mlp-256-128" -> {
                r.data = "fashion-mnist";
                r.model = name.equals("fashion-mlp-50") ? "mlp:50" : "mlp:256,128";
                r.rule = new AdaGrad(0.05);
                r.epochs = 10;
                r.batchSize = 100;
            }
            case "fashion-cnn" -> {
                r.data = "fashion-mnist";
                r.model = "cnn";
                r.rule = new AdaGrad(0.01);
                r.epochs = 20;
                r.batchSize = 100;
            }
            default -> throw unknown(name);
        }
        return r;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown example '" + name + "'; available: " + Arrays.toString(
                names().toArray()));
    }
}
