package io.github.adagrad4j.bench;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Dense;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.layers.Rnn;
import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training steps of a character language model as {@code bench/torch_lstm.py} times them:
 * embedding (V x E) -> LSTM (LAYERS x HIDDEN) -> linear to V logits at every step -> mean
 * cross-entropy, AdaGrad; random tokens (speed does not depend on them). Prints training
 * tokens/second (batch x sequence length per step), median over the timed steps.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.LstmTimer 256 2 32 100 1
 * </pre>
 * prints {@code ours HIDDEN LAYERS BATCH SEQ THREADS tokens_per_s}.
 */
public final class LstmTimer {
    private LstmTimer() {
    }

    /** Embedding, LSTM, linear head, named as PyTorch would (embed.weight, lstm.weight_ih_l0, head.weight). */
    static final class Net extends io.github.adagrad4j.nn.Module {
        final Embedding emb;
        final Rnn lstm;
        final Dense head;

        Net(int vocab, int embed, int hidden, int layers, SplittableRandom rng) {
            emb = register("embed", new Embedding(vocab, embed, rng));
            lstm = register("lstm", Rnn.lstm(embed, hidden, layers, false, 0, rng));
            head = register("head", new Dense(hidden, vocab, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("LstmTimer drives the layers itself");
        }
    }

    public static void main(String[] args) {
        int hidden = Integer.parseInt(args[0]);
        int layers = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int seq = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        int vocab = 96;
        int embed = 64;
        Blas.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(1);
        Net net = new Net(vocab, embed, hidden, layers, rng);
        Embedding emb = net.emb;
        Rnn lstm = net.lstm;
        Dense head = net.head;
        Optimizer opt = new AdaGrad(0.01).on(net.parameters(), OptimizerOptions.builder().threads(threads).build());
        int[] tokens = new int[batch * seq];
        int[] targets = new int[batch * seq];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
            targets[i] = rng.nextInt(vocab);
        }
        Workspace space = new Workspace();
        List<Double> rates = new ArrayList<>();
        for (int s = 0; s < steps + 5; s++) {
            long t0 = System.nanoTime();
            try (Workspace.Scope scope = space.enter()) {
                Tensor x = Ops.reshape(emb.lookup(tokens), batch, seq, embed);
                Tensor h = lstm.forward(x);
                Tensor logits = head.forward(Ops.reshape(h, batch * seq, hidden));
                Tensor loss = Ops.crossEntropy(logits, targets);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
            if (s >= 5) {
                rates.add(batch * seq / ((System.nanoTime() - t0) / 1e9));
            }
        }
        double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("ours %d %d %d %d %d %.0f%n", hidden, layers, batch, seq, threads, r[r.length / 2]);
    }
}
