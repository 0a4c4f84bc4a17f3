package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.train.CharLanguageModel;
import io.github.adagrad4j.train.LanguageModelRecipe;
import io.github.adagrad4j.data.text.Fortunes;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code char-lm} example: a character-level LSTM language model on Debian's fortunes,
 * trained with AdaGrad, Adam and SGD under the same global-norm clipping, compared by validation
 * bits per character, each saved as a model folder, the best one sampled.
 *
 * <pre>{@code
 * LanguageModelRecipe.Config c = LanguageModelRecipe.Config.full();
 * CharLmExample.run(c, Path.of("runs/char-lm"), out);
 * }</pre>
 */
public final class CharLmExample {
    private CharLmExample() {
    }

    /** Validation bits per character by optimizer, and the best model's sample. */
    public record Result(Map<String, Double> bitsPerChar, String best, String sample) {
    }

    public static Result run(LanguageModelRecipe.Config c, Path output, PrintWriter out) throws IOException {
        String[] texts = LanguageModelRecipe.texts(c.maxChars());
        CharVocabulary vocab = CharVocabulary.of(texts[0]);
        int[] train = vocab.encode(texts[0]);
        int[] val = vocab.encode(texts[1]);
        out.printf("fortunes: %d training and %d validation characters, %d symbols; LSTM %dx%d, embedding %d, batch %d, "
                + "windows of %d, clipping at global norm %.1f%n", train.length, val.length, vocab.size(), c.hidden(),
                c.layers(), c.embed(), c.batch(), c.seqLen(), c.clipNorm());
        Map<String, Double> bpc = new LinkedHashMap<>();
        String best = null;
        CharLanguageModel bestModel = null;
        for (String spec : c.optimizers()) {
            UpdateRule rule = Rules.parse(spec);
            CharLanguageModel lm = new CharLanguageModel(vocab, c.embed(), c.hidden(), c.layers(), c.seed());
            long t0 = System.nanoTime();
            int steps = lm.train(train, rule, c.epochs(), c.batch(), c.seqLen(), c.clipNorm(), c.maxSteps(),
                    CharLanguageModel.printing(out, spec));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double v = lm.bitsPerChar(val, c.batch(), c.seqLen());
            bpc.put(spec, v);
            out.printf("%-22s validation %.4f bits/char after %d steps (%.0f s, %.0f tokens/s)%n", spec, v, steps, seconds,
                    (double) steps * c.batch() * c.seqLen() / seconds);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("optimizer", spec);
            training.put("steps", steps);
            training.put("seed", c.seed());
            lm.save(output.resolve(spec.replaceAll("[^A-Za-z0-9.=-]+", "_")), training,
                    Map.of("validation_bits_per_char", v), "fortunes");
            if (best == null || v < bpc.get(best)) {
                best = spec;
                bestModel = lm;
            }
        }
        String sample = bestModel.sample("The ", 300, 0.8, 7);
        out.println("sample from " + best + " (temperature 0.8):");
        out.println(sample);
        return new Result(bpc, best, sample);
    }
}
