package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Dense;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.layers.Rnn;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code spam-sequence} example: SpamAssassin e-mails as token sequences (hashed into
 * {@code 2^18} embedding rows, the first {@code maxLen} tokens), a bidirectional GRU over each
 * variable-length sequence, its two final states (last pooling) to one logistic unit; AdaGrad,
 * whose sparse embedding updates cost the tokens of the batch. Same split as the hashed linear
 * model of the {@code spam} example (scikit-learn's, seed 42, 20% test).
 *
 * <pre>{@code
 * double acc = SpamSequenceExample.run(SpamSequenceExample.Config.full(), new AdaGrad(0.1), out);
 * }</pre>
 */
public final class SpamSequenceExample {
    private SpamSequenceExample() {
    }

    /** Sizes and budget; {@link #full()} for the README, {@link #small()} for the suite. */
    /** {@code mean}: the mean of the outputs over each e-mail's tokens, else the two final states ({@code last}). */
    public record Config(int bits, int embed, int hidden, int maxLen, int batch, int epochs, int limit, boolean mean) {
        public static Config full() {
            return new Config(18, 32, 64, 600, 32, 3, 0, true);
        }

        public static Config small() {
            return new Config(14, 8, 8, 40, 16, 1, 300, true);
        }
    }

    private static final class Net extends Module {
        final Embedding emb;
        final Rnn gru;
        final Dense head;

        Net(Config c, SplittableRandom rng) {
            emb = register("embed", new Embedding(1 << c.bits(), c.embed(), 0.1, rng));
            gru = register("gru", Rnn.gru(c.embed(), c.hidden(), 1, true, 0, rng));
            head = register("head", new Dense(2 * c.hidden(), 1, rng));
        }

        /** Logits of a batch of token sequences. */
        Tensor logits(int[][] seqs, int[] docs, int hidden, boolean mean) {
            int b = docs.length;
            int t = 1;
            for (int d : docs) {
                t = Math.max(t, seqs[d].length);
            }
            int[] flat = new int[b * t];   // padding: row 0, never read past a sequence's length
            int[] lengths = new int[b];
            for (int i = 0; i < b; i++) {
                int[] s = seqs[docs[i]];
                System.arraycopy(s, 0, flat, i * t, s.length);
                lengths[i] = s.length;
            }
            Tensor x = Ops.reshape(emb.lookup(flat), b, t, emb.weight().shape()[1]);
            Rnn.Output o = gru.forward(x, lengths, null, null);
            if (mean) {
                return head.forward(Recurrent.meanOverTime(o.output(), lengths));
            }
            // Last pooling: the forward direction's state after each sequence's end, the backward one's after its start.
            Tensor hn = Ops.reshape(o.hn(), 1, 2 * b * hidden);
            Tensor fwd = Ops.reshape(Recurrent.narrow(hn, 0, b * hidden), b, hidden);
            Tensor bwd = Ops.reshape(Recurrent.narrow(hn, b * hidden, 2 * b * hidden), b, hidden);
            return head.forward(Recurrent.concatLast(List.of(fwd, bwd)));
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("takes token sequences: use logits");
        }
    }

    /** Trains and returns the test accuracy; prints a line per epoch. */
    public static double run(Config c, UpdateRule rule, PrintWriter out) throws IOException {
        SpamAssassin.Corpus corpus = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
        int n = corpus.documents().size();
        int used = c.limit() > 0 ? Math.min(c.limit(), n) : n;
        int[] order = SklearnSplit.permutation(n, 42);
        int testCount = (int) Math.ceil(0.2 * used);
        HashingVectorizer tokens = HashingVectorizer.builder().bits(c.bits()).ngrams(1, 1).allowEmpty(true).build();
        int[][] seqs = new int[used][];
        float[] y = new float[used];
        long total = 0;
        for (int i = 0; i < used; i++) {
            int[] ids = tokens.bucketIds(corpus.documents().get(order[i]));
            seqs[i] = ids.length == 0 ? new int[] {0} : Arrays.copyOf(ids, Math.min(ids.length, c.maxLen()));
            y[i] = corpus.labels()[order[i]];
            total += seqs[i].length;
        }
        SplittableRandom rng = new SplittableRandom(42);
        Net net = new Net(c, rng);
        Optimizer opt = rule.on(net.parameters(), OptimizerOptions.builder().build());
        int trainCount = used - testCount;
        out.printf("spam-sequence: %d train, %d test e-mails, %.0f tokens each on average (first %d), embedding 2^%d x %d, "
                + "bidirectional GRU %d, %s pooling, %s%n", trainCount, testCount, (double) total / used, c.maxLen(),
                c.bits(), c.embed(), c.hidden(), c.mean() ? "mean" : "last", rule);
        Workspace space = new Workspace();
        double accuracy = 0;
        for (int e = 1; e <= c.epochs(); e++) {
            long t0 = System.nanoTime();
            int[] perm = new int[trainCount];
            for (int i = 0; i < trainCount; i++) {
                perm[i] = testCount + i;
            }
            for (int i = trainCount - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            double lossSum = 0;
            net.train(true);
            for (int from = 0; from < trainCount; from += c.batch()) {
                int[] docs = Arrays.copyOfRange(perm, from, Math.min(trainCount, from + c.batch()));
                float[] by = new float[docs.length];
                for (int k = 0; k < docs.length; k++) {
                    by[k] = y[docs[k]];
                }
                try (Workspace.Scope scope = space.enter()) {
                    Tensor loss = Ops.bceWithLogits(net.logits(seqs, docs, c.hidden(), c.mean()),
                            Tensor.of(by, docs.length, 1));
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    lossSum += loss.item() * docs.length;
                }
            }
            net.train(false);
            accuracy = accuracy(net, seqs, y, testCount, c, space);
            out.printf("epoch %d/%d  loss %.4f  test accuracy %.4f  (%.1f s)%n", e, c.epochs(), lossSum / trainCount,
                    accuracy, (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        return accuracy;
    }

    private static double accuracy(Net net, int[][] seqs, float[] y, int testCount, Config c, Workspace space) {
        int correct = 0;
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            for (int from = 0; from < testCount; from += 256) {
                int[] docs = new int[Math.min(256, testCount - from)];
                for (int k = 0; k < docs.length; k++) {
                    docs[k] = from + k;
                }
                try (Workspace.Scope scope = space.enter()) {
                    float[] s = net.logits(seqs, docs, c.hidden(), c.mean()).data();
                    for (int k = 0; k < docs.length; k++) {
                        if ((s[k] > 0 ? 1f : 0f) == y[docs[k]]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return (double) correct / testCount;
    }
}
