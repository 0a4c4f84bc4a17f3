package io.github.adagrad4j.train;

import java.util.List;

/**
 * The single-run examples the product was specified from, as recipes: {@code adagrad4j demo} is
 * {@code digits}, and {@code adagrad4j example NAME} runs any of them.
 *
 * <pre>{@code
 * Recipe r = new Recipe(Presets.config("fashion-mlp-256-128").output(Path.of("runs/fm")).build());
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

    /**
     * One line saying what a run of the preset trains: its data and network in words, then the
     * settings of {@code config} as they are after any overrides (epochs, seed...), so the line
     * never disagrees with the run.
     */
    public static String describe(String name, TrainingConfig config) {
        String what = switch (name) {
            case "digits" -> "sklearn digits 8x8, MLP 64-128-10";
            case "fashion-mlp-50" -> "Fashion-MNIST, the two-layer net 784-50-10";
            case "fashion-mlp-256-128" -> "Fashion-MNIST, MLP 784-256-128-10";
            case "fashion-cnn" -> "Fashion-MNIST, CNN (2x conv3x3+pool, 128 hidden)";
            default -> throw unknown(name);
        };
        StringBuilder opts = new StringBuilder();
        config.optimizerOptions().forEach((k, v) -> opts.append(opts.length() == 0 ? "" : ", ").append(k).append('=')
                .append(v));
        return what + ", " + config.optimizer() + "(" + opts + "), batch " + config.batchSize() + ", "
                + config.epochs() + (config.epochs() == 1 ? " epoch" : " epochs")
                + (config.trainLimit() > 0 ? ", the first " + config.trainLimit() + " training examples" : "");
    }

    /** The preset's settings, ready for an output folder ({@link TrainingConfig.Builder#output}). */
    public static TrainingConfig.Builder config(String name) {
        TrainingConfig.Builder b = TrainingConfig.builder().optimizer("adagrad");
        return switch (name) {
            case "digits" -> b.data("digits").model("mlp:128").optimizerOption("lr", "0.05").epochs(20).batchSize(32);
            case "fashion-mlp-50", "fashion-mlp-256-128" -> b.data("fashion-mnist")
                    .model(name.equals("fashion-mlp-50") ? "mlp:50" : "mlp:256,128").optimizerOption("lr", "0.05")
                    .epochs(10).batchSize(100);
            case "fashion-cnn" -> b.data("fashion-mnist").model("cnn").optimizerOption("lr", "0.01").epochs(20)
                    .batchSize(100);
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown preset '" + name + "'; available: " + names());
    }
}
