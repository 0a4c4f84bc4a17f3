package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Checks;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Token sequences to class logits: an embedding table, a recurrent network ({@link Rnn}: LSTM,
 * GRU or Elman, several layers, optionally bidirectional), the outputs pooled over each sequence
 * (their mean over its own length, or the last layer's final states: the forward direction's
 * after the sequence's end and the backward one's after its start), then a dense layer. Sequences
 * of different lengths go in one batch (padded steps neither change a state nor get gradient).
 * Parameters are named {@code embed.weight}, {@code lstm.weight_ih_l0} (or {@code gru.},
 * {@code rnn.}) ... and {@code head.weight}/{@code head.bias}, with PyTorch's layouts.
 *
 * <pre>{@code
 * SequenceClassifier net = new SequenceClassifier(1 << 18, 32, Recurrent.Kind.GRU, 64, 1, true, true, 1,
 *         new SplittableRandom(1));
 * Tensor logits = net.logits(List.of(new int[] {5, 17, 3}, new int[] {8}));   // [2, 1]
 * }</pre>
 */
public final class SequenceClassifier extends Module {
    private final Embedding embed;
    private final Rnn rnn;
    private final Dense head;
    private final int hidden;
    private final boolean bidirectional;
    private final boolean meanPooling;

    /**
     * Draws the weights from {@code rng} in this order: the embedding (normal, standard deviation
     * 0.1), the recurrent layers (as {@link Rnn}), the head (as {@link Dense}).
     *
     * @param vocabulary token ids are in {@code [0, vocabulary)}
     * @param meanPooling the mean of the outputs over each sequence; else the final states
     */
    public SequenceClassifier(int vocabulary, int embedding, Recurrent.Kind cell, int hidden, int layers,
            boolean bidirectional, boolean meanPooling, int outputs, SplittableRandom rng) {
        Checks.atLeastOne("vocabulary", vocabulary);
        Checks.atLeastOne("embedding width", embedding);
        Checks.atLeastOne("outputs", outputs);
        this.hidden = hidden;
        this.bidirectional = bidirectional;
        this.meanPooling = meanPooling;
        embed = register("embed", new Embedding(vocabulary, embedding, 0.1, rng));
        rnn = register(cellName(cell), switch (cell) {
            case LSTM -> Rnn.lstm(embedding, hidden, layers, bidirectional, 0, rng);
            case GRU -> Rnn.gru(embedding, hidden, layers, bidirectional, 0, rng);
            case RNN_TANH, RNN_RELU -> Rnn.rnn(embedding, hidden, layers, bidirectional, cell == Recurrent.Kind.RNN_RELU,
                    0, rng);
        });
        head = register("head", new Dense(rnn.outputSize(), outputs, rng));
    }

    /** The name the recurrent layers' parameters go under: lstm, gru or rnn. */
    public static String cellName(Recurrent.Kind cell) {
        return cell == Recurrent.Kind.RNN_TANH || cell == Recurrent.Kind.RNN_RELU ? "rnn"
                : cell.name().toLowerCase(Locale.ROOT);
    }

    /** Logits {@code [sequences.size(), outputs]}. */
    public Tensor logits(List<int[]> sequences) {
        int[] rows = new int[sequences.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return logits(sequences.toArray(int[][]::new), rows);
    }

    /**
     * Logits {@code [rows.length, outputs]} of the sequences {@code sequences[rows[i]]}: a batch
     * picked out of a data set without copying it.
     *
     * @throws IllegalArgumentException naming the sequence that is empty or holds a token outside
     *     the vocabulary
     */
    public Tensor logits(int[][] sequences, int[] rows) {
        int b = rows.length;
        if (b == 0) {
            throw new IllegalArgumentException("no sequences to classify");
        }
        int vocabulary = embed.weight().shape()[0];
        int t = 1;
        for (int r : rows) {
            int[] s = sequences[r];
            if (s.length == 0) {
                throw new IllegalArgumentException("sequence " + r + " is empty: every sequence needs a token");
            }
            for (int k = 0; k < s.length; k++) {
                if (s[k] < 0 || s[k] >= vocabulary) {
                    throw new IllegalArgumentException("sequence " + r + ", token " + k + ": id " + s[k]
                            + " is outside the vocabulary [0, " + vocabulary + ")");
                }
            }
            t = Math.max(t, s.length);
        }
        int[] flat = new int[b * t];   // padding: token 0, never read past a sequence's length
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            int[] s = sequences[rows[i]];
            System.arraycopy(s, 0, flat, i * t, s.length);
            lengths[i] = s.length;
        }
        Tensor x = Ops.reshape(embed.lookup(flat), b, t, embed.weight().shape()[1]);
        Rnn.Output o = rnn.forward(x, lengths, null, null);
        if (meanPooling) {
            return head.forward(Recurrent.meanOverTime(o.output(), lengths));
        }
        // hn is [layers * directions, B, H]: the last layer's rows are at the end.
        int d = bidirectional ? 2 : 1;
        int all = o.hn().size();
        Tensor hn = Ops.reshape(o.hn(), 1, all);
        Tensor fwd = Ops.reshape(Ops.narrow(hn, all - d * b * hidden, all - (d - 1) * b * hidden), b, hidden);
        if (d == 1) {
            return head.forward(fwd);
        }
        Tensor bwd = Ops.reshape(Ops.narrow(hn, all - b * hidden, all), b, hidden);
        return head.forward(Ops.concatLast(List.of(fwd, bwd)));
    }

    /** Not for token sequences in a tensor: use {@link #logits}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("a sequence classifier takes token sequences: use logits(...)");
    }
}
