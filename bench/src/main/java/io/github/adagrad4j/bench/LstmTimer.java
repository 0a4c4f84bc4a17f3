package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.train.CharLanguageModel;
import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.optim.AdaGrad;
import java.util.SplittableRandom;

/**
 * Training steps of the character language model ({@link CharLanguageModel}: embedding 96 x 64 ->
 * LSTM HIDDEN x LAYERS -> linear to 96 logits at every step -> mean cross-entropy, AdaGrad lr 0.01,
 * no clipping) as {@code bench/torch_lstm.py} times {@code torch.nn.LSTM}, on random tokens (speed
 * does not depend on them). Prints training tokens/second (batch x sequence length per step) over
 * STEPS steps after 5 of warm-up.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.LstmTimer 256 2 32 100 1
 * </pre>
 * prints {@code ours HIDDEN LAYERS BATCH SEQ THREADS tokens_per_s}.
 */
public final class LstmTimer {
    private LstmTimer() {
    }

    public static void main(String[] args) {
        int hidden = Integer.parseInt(args[0]);
        int layers = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int seq = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        Blas.setThreads(threads);
        StringBuilder symbols = new StringBuilder();
        for (char c = 32; c < 32 + 95; c++) {
            symbols.append(c);
        }
        CharVocabulary vocab = CharVocabulary.of(symbols);
        SplittableRandom rng = new SplittableRandom(1);
        int[] tokens = new int[batch * ((steps + 5) * seq + 1)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab.size());
        }
        CharLanguageModel lm = new CharLanguageModel(vocab, 64, hidden, layers, 1);
        lm.train(tokens, new AdaGrad(0.01), 1, batch, seq, 0, 5, null);
        long t0 = System.nanoTime();
        int done = lm.train(tokens, new AdaGrad(0.01), 1, batch, seq, 0, steps, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ours %d %d %d %d %d %.0f%n", hidden, layers, batch, seq, threads,
                (double) done * batch * seq / seconds);
    }
}
