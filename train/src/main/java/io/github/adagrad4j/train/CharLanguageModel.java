package io.github.adagrad4j.train;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Dense;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.layers.Rnn;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.GradientClipping;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A character-level language model: embedding, a stacked LSTM (or GRU), a linear layer to the next
 * character's logits. Trained by truncated backpropagation through time on {@code batch}
 * parallel streams of the text, {@code seqLen} characters at a time, each stream's state carried
 * from one window to the next (detached), with global-norm clipping; measured in bits per
 * character; sampled with a temperature. Saved as a model folder ({@code model.json} with the
 * vocabulary and sizes, {@code model.safetensors} with PyTorch's names: {@code embed.weight},
 * {@code lstm.weight_ih_l0} (or {@code gru.…}), ..., {@code head.weight}).
 *
 * <pre>{@code
 * CharLanguageModel lm = new CharLanguageModel(CharVocabulary.of(text), 64, 256, 2, 42);
 * lm.train(trainIds, valIds, new Adam(2e-3), 1, 32, 100, 5.0, out);
 * double bpc = lm.bitsPerChar(valIds, 32, 100);
 * String s = lm.sample("The ", 300, 0.8, 7);
 * }</pre>
 */
public final class CharLanguageModel {
    private final CharVocabulary vocab;
    private final int embed;
    private final int hidden;
    private final int layers;
    private final Recurrent.Kind cell;
    private final Net net;

    /** Embedding, LSTM or GRU, head, named as a PyTorch module with these attributes would name them. */
    private static final class Net extends Module {
        final Embedding emb;
        final Rnn rnn;
        final Dense head;

        Net(Recurrent.Kind cell, int vocab, int embed, int hidden, int layers, SplittableRandom rng) {
            emb = register("embed", new Embedding(vocab, embed, rng));
            rnn = cell == Recurrent.Kind.GRU ? register("gru", Rnn.gru(embed, hidden, layers, false, 0, rng))
                    : register("lstm", Rnn.lstm(embed, hidden, layers, false, 0, rng));
            head = register("head", new Dense(hidden, vocab, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("a language model steps through windows: use CharLanguageModel");
        }
    }

    /** An LSTM language model. */
    public CharLanguageModel(CharVocabulary vocab, int embed, int hidden, int layers, long seed) {
        this(Recurrent.Kind.LSTM, vocab, embed, hidden, layers, seed);
    }

    /** A language model on {@code cell}: {@link Recurrent.Kind#LSTM} or {@link Recurrent.Kind#GRU}. */
    public CharLanguageModel(Recurrent.Kind cell, CharVocabulary vocab, int embed, int hidden, int layers, long seed) {
        if (cell != Recurrent.Kind.LSTM && cell != Recurrent.Kind.GRU) {
            throw new IllegalArgumentException("a language model runs on an LSTM or a GRU, not " + cell);
        }
        this.vocab = vocab;
        this.embed = embed;
        this.hidden = hidden;
        this.layers = layers;
        this.cell = cell;
        this.net = new Net(cell, vocab.size(), embed, hidden, layers, new SplittableRandom(seed));
    }

    /** {@code lstm:HIDDENxLAYERS} or {@code gru:HIDDENxLAYERS}, as {@code train --model} takes it. */
    public String spec() {
        return cell.name().toLowerCase(java.util.Locale.ROOT) + ":" + hidden + "x" + layers;
    }

    public CharVocabulary vocabulary() {
        return vocab;
    }

    public Module network() {
        return net;
    }

    /** The recurrent state of {@code batch} streams: h and (LSTM) c, {@code [layers, batch, hidden]} each. */
    private final class State {
        Tensor h;
        Tensor c;

        State(int batch) {
            h = Tensor.zeros(layers, batch, hidden);
            c = cell == Recurrent.Kind.LSTM ? Tensor.zeros(layers, batch, hidden) : null;
        }

        /** Keeps the new state's values, cut from the graph: the next window does not backpropagate into this one. */
        void carry(Rnn.Output o) {
            h = Tensor.of(o.hn().data().clone(), o.hn().shape());
            c = o.cn() == null ? null : Tensor.of(o.cn().data().clone(), o.cn().shape());
        }
    }

    /** Logits {@code [batch * seqLen, vocab]} of a window {@code [batch, seqLen]}, carrying the state. */
    private Tensor window(int[] tokens, int batch, int seqLen, State state) {
        Tensor x = Ops.reshape(net.emb.lookup(tokens), batch, seqLen, embed);
        Rnn.Output o = net.rnn.forward(x, null, state.h, state.c);
        state.carry(o);
        return net.head.forward(Ops.reshape(o.output(), batch * seqLen, hidden));
    }

    /**
     * A text as {@link Trainer} reads it: {@code streams} parallel streams of the text, cut into
     * windows of {@code seqLen} characters; example {@code (w, b, t)} is character {@code t} of
     * window {@code w} of stream {@code b}, its target the character after it. A batch is one window
     * of every stream, read in order: each stream's recurrent state is carried from one window to
     * the next (detached) and starts from zero at the text's first window. Train it with {@code
     * batchSize(windowSize())} and {@code shuffle(false)}.
     */
    public final class Text implements Examples {
        private final int[] ids;
        private final int streams;
        private final int seqLen;
        private final int streamLen;
        private final int windows;
        private final float[] targets;
        private final int[] x;
        private State state;

        private Text(int[] ids, int streams, int seqLen, int maxWindows) {
            this.ids = ids;
            this.streams = streams;
            this.seqLen = seqLen;
            this.streamLen = ids.length / streams;
            int w = windowCount(ids.length, streams, seqLen);
            this.windows = maxWindows > 0 ? Math.min(w, maxWindows) : w;
            this.targets = new float[windows * streams * seqLen];
            for (int win = 0; win < windows; win++) {
                for (int b = 0; b < streams; b++) {
                    int base = b * streamLen + win * seqLen + 1;
                    int to = (win * streams + b) * seqLen;
                    for (int t = 0; t < seqLen; t++) {
                        targets[to + t] = ids[base + t];
                    }
                }
            }
            this.x = new int[streams * seqLen];
        }

        /** Characters per batch: one window of every stream. */
        public int windowSize() {
            return streams * seqLen;
        }

        /** Windows per pass over the text: the steps of an epoch. */
        public int windows() {
            return windows;
        }

        @Override
        public int count() {
            return targets.length;
        }

        @Override
        public int targetWidth() {
            return 1;
        }

        @Override
        public float[] targets() {
            return targets;
        }

        @Override
        public Examples select(int[] rows) {
            throw new UnsupportedOperationException("a text is read as streams of windows, in order; it is not "
                    + "split by characters: hold out a part of the text instead");
        }

        @Override
        public int evaluationBatch(int preferred) {
            return windowSize();
        }

        @Override
        public Tensor forward(Module model, int[] order, int from, int size) {
            if (model != net) {
                throw new IllegalArgumentException("this text feeds its own language model");
            }
            if (size != windowSize() || from % size != 0 || order[from] != from) {
                throw new IllegalArgumentException("a text is read one window of every stream at a time, in order: "
                        + "train with batch size " + windowSize() + " and no shuffling");
            }
            int w = from / size;
            if (w == 0) {
                state = new State(streams);
            }
            for (int b = 0; b < streams; b++) {
                System.arraycopy(ids, b * streamLen + w * seqLen, x, b * seqLen, seqLen);
            }
            return window(x, streams, seqLen, state);
        }
    }

    /** Windows of {@code seqLen} characters in each of {@code streams} streams of a text of {@code length}. */
    private static int windowCount(int length, int streams, int seqLen) {
        int w = (length / streams - 1) / seqLen;
        if (w < 1) {
            throw new IllegalArgumentException("a text of " + length + " characters is too short for " + streams
                    + " streams of windows of " + seqLen);
        }
        return w;
    }

    /**
     * {@code ids} as {@link Trainer} reads it for this model: {@code streams} streams of windows of
     * {@code seqLen} characters ({@code maxWindows} > 0: only the first that many windows).
     */
    public Text text(int[] ids, int streams, int seqLen, int maxWindows) {
        return new Text(ids, streams, seqLen, maxWindows);
    }

    /** Training progress: after each {@code every} steps, the step and the mean training loss (nats per char). */
    @FunctionalInterface
    public interface Progress {
        void report(int step, int steps, double loss);
    }

    /**
     * Trains {@code epochs} passes over {@code train} (at most {@code maxSteps} steps if positive).
     *
     * @return the steps taken
     */
    public int train(int[] train, UpdateRule rule, int epochs, int batch, int seqLen, double clipNorm, int maxSteps,
            Progress progress) {
        OptimizerOptions.Builder o = OptimizerOptions.builder();
        if (clipNorm > 0) {
            o.clipping(GradientClipping.globalNorm(clipNorm));
        }
        return train(train, rule, o.build(), epochs, batch, seqLen, maxSteps, progress);
    }

    /**
     * As {@link #train(int[], UpdateRule, int, int, int, double, int, Progress)}, with every executor
     * option (clipping, schedule, threads, non-finite policy) given. The loop is {@link Trainer}'s,
     * on {@link #text}.
     *
     * @param maxSteps > 0: at most that many steps, which with several epochs must be a whole number of passes
     */
    public int train(int[] train, UpdateRule rule, OptimizerOptions options, int epochs, int batch, int seqLen,
            int maxSteps, Progress progress) {
        int full = windowCount(train.length, batch, seqLen);
        int perEpoch = full;
        if (maxSteps > 0 && maxSteps < (long) epochs * full) {
            if (epochs > 1 && maxSteps % epochs != 0) {
                throw new IllegalArgumentException(maxSteps + " steps are not a whole number of passes over " + epochs
                        + " epochs");
            }
            perEpoch = maxSteps / epochs;
        }
        Text text = text(train, batch, seqLen, perEpoch);
        Trainer trainer = new Trainer(net, Loss.CROSS_ENTROPY, rule.on(net.parameters(), options));
        trainer.fit(text, FitOptions.builder().epochs(epochs).batchSize(text.windowSize()).shuffle(false)
                .listener(listener(progress, epochs * text.windows())).build());
        return epochs * text.windows();
    }

    /**
     * A listener that reports the mean training loss every 50 steps and at the last, as {@link
     * Progress} takes it; {@code total} is the steps of the whole run.
     */
    public static TrainingListener listener(Progress progress, int total) {
        return new TrainingListener() {
            private int step;
            private double lossSum;
            private int lossCount;

            @Override
            public void onEpochBegin(int epoch, int epochs, int batches) {
                step = (epoch - 1) * batches;
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                step++;
                lossSum += loss;
                lossCount++;
                if (progress != null && (step % 50 == 0 || step == total)) {
                    progress.report(step, total, lossSum / lossCount);
                    lossSum = 0;
                    lossCount = 0;
                }
            }
        };
    }

    /** Mean cross-entropy in bits per character over a text, streamed as in training (no gradient). */
    public double bitsPerChar(int[] ids, int batch, int seqLen) {
        return Trainer.meanLoss(net, Loss.CROSS_ENTROPY, text(ids, batch, seqLen, 0), null, new Workspace())
                / Math.log(2);
    }

    /**
     * Continues {@code prime} by {@code length} characters drawn from the softmax of the logits
     * divided by {@code temperature}; characters of the prime the vocabulary lacks read as the
     * unknown symbol.
     */
    public String sample(String prime, int length, double temperature, long seed) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (prime.isEmpty()) {
            throw new IllegalArgumentException("the prime must hold at least one character");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        State state = new State(1);
        StringBuilder out = new StringBuilder(prime);
        int[] ids = vocab.encode(prime);
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            float[] logits = window(ids, 1, ids.length, state).data();
            int v = vocab.size();
            float[] last = java.util.Arrays.copyOfRange(logits, (ids.length - 1) * v, ids.length * v);
            for (int k = 0; k < length; k++) {
                int next = draw(last, temperature, rng);
                out.append(vocab.charAt(next));
                last = window(new int[] {next}, 1, 1, state).data().clone();
            }
        }
        return out.toString();
    }

    private static int draw(float[] logits, double temperature, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / temperature);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 1; i < logits.length; i++) {   // never draw the unknown symbol
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 1; i < p.length; i++) {
            u -= p[i];
            if (u <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }

    // ---- model folders -------------------------------------------------------------------------

    /**
     * Writes {@code model.json} and {@code model.safetensors} to {@code dir}.
     *
     * @param training how it was trained (optimizer, steps...)
     * @param metrics its figures (validation bits per character)
     * @param data the text it was trained on, or null
     */
    public void save(Path dir, Map<String, Object> training, Map<String, ?> metrics, String data) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec());
        m.put("cell", cell.id());
        m.put("embed", embed);
        m.put("hidden", hidden);
        m.put("layers", layers);
        m.put("vocabulary", vocab.asString());
        ModelDescription d = ModelDescription.of(ModelDescription.Task.LANGUAGE_MODEL, ModelDescription.Kind.CHAR_LM,
                List.of(), m, Map.of()).withTraining(training).withMetrics(metrics).withProvenance("data", data)
                .withProvenance("created", java.time.Instant.now().toString());
        ModelFolder.write(dir, net, d);
    }

    /** Loads a folder written by {@link #save}. */
    public static CharLanguageModel load(Path dir) throws IOException {
        ModelDescription d = ModelFolder.read(dir);
        Path json = dir.resolve(ModelFolder.DESCRIPTION_FILE);
        try {
            if (d.kind() != ModelDescription.Kind.CHAR_LM) {
                throw new IllegalArgumentException("this model's task is " + d.task().id() + ", not language-model: "
                        + "use predict or evaluate");
            }
            Map<String, Object> m = d.model();
            Recurrent.Kind cell = Recurrent.Kind.fromId(JsonFields.string(m, "cell"));
            if (cell != Recurrent.Kind.LSTM && cell != Recurrent.Kind.GRU) {
                throw new IllegalArgumentException("'model.cell' should be lstm or gru, found '" + cell.id() + "'");
            }
            CharVocabulary vocab = CharVocabulary.fromString(JsonFields.string(m, "vocabulary"));
            CharLanguageModel lm = new CharLanguageModel(cell, vocab, (int) JsonFields.integer(m, "embed", 1, 1 << 16),
                    (int) JsonFields.integer(m, "hidden", 1, 1 << 16), (int) JsonFields.integer(m, "layers", 1, 64), 0);
            ModelFolder.loadWeights(dir.resolve(ModelFolder.WEIGHTS_FILE), lm.net);
            lm.net.train(false);
            return lm;
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(json.toString(), e.getMessage());
        }
    }

    /** Prints a line per report to {@code out}. */
    public static Progress printing(PrintWriter out, String name) {
        return (step, steps, loss) -> {
            out.printf("%-22s step %5d/%d  train %.3f bits/char%n", name, step, steps, loss / Math.log(2));
            out.flush();
        };
    }
}
