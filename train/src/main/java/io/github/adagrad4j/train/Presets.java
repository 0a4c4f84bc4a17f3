package io.github.adagrad4j.train;

import io.github.adagrad4j.optim.AdaGrad;
import java.util.List;

/**
 * The single-run examples the product was specified from, as recipes: {@code adagrad4j demo} is
 * {@code digits}, and {@code adagrad4j example NAME} runs any of them.
 *
 * <pre>{@code
 * Recipe r = Presets.recipe("fashion-mlp-256-128");
 * r.output = Path.of("runs/fm");
 * r.run(out);
 * }</pre>
 */
public final class Presets {
    private Presets() {
    }

    /** The preset names. */
    public static List<String> names() {
        return List.of("digits", "fashion-mlp-50", "fashion-mlp-256-128", "fashion-cnn");
    }

    /** One line saying what a preset trains. */
    public static String describe(String name) {
        return switch (name) {
            case "digits" -> "sklearn digits 8x8, MLP 64-128-10, AdaGrad(0.05), batch 32, 20 epochs";
            case "fashion-mlp-50" -> "Fashion-MNIST, the two-layer net 784-50-10, AdaGrad(0.05), batch 100, 10 epochs";
            case "fashion-mlp-256-128" -> "Fashion-MNIST, MLP 784-256-128-10, AdaGrad(0.05), batch 100, 10 epochs";
            case "fashion-cnn" -> "Fashion-MNIST, CNN (2x conv3x3+pool, 128 hidden), AdaGrad(0.01), batch 100, 20 epochs";
            default -> throw unknown(name);
        };
    }

    /** A fresh recipe of the preset, ready for an output folder. */
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
        return new IllegalArgumentException("unknown preset '" + name + "'; available: " + names());
    }
}
