package io.github.adagrad4j.bench;

import io.github.adagrad4j.train.LanguageModelRecipe;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the char-lm example's initial weights (full size, seed 42 or SEED) for PyTorch's peer:
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.CharLmInit /tmp/char-lm-init.safetensors [SEED]
 * INIT=/tmp/char-lm-init.safetensors bench/torch_char_lm.py "adagrad:lr=0.1"
 * </pre>
 */
public final class CharLmInit {
    private CharLmInit() {
    }

    public static void main(String[] args) throws IOException {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        LanguageModelRecipe.writeInitialWeights(LanguageModelRecipe.Config.full().withSeed(seed), Path.of(args[0]));
    }
}
