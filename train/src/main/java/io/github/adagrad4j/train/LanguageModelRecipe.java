package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.data.text.Fortunes;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Character-level language models ({@code train --task lm}): a {@link CharLanguageModel} trained on
 * a text file or on Debian's fortunes, its validation bits per character, its model folder.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().data("fortunes").task("lm").model("lstm:256x2")
 *         .optimizer("adagrad").optimizerOption("lr", "0.02").epochs(1).batchSize(32).output(Path.of("runs/lm")).build();
 * double bpc = LanguageModelRecipe.run(c, out);
 * }</pre>
 */
public final class LanguageModelRecipe {
    private LanguageModelRecipe() {
    }

    /**
     * Sizes, budget and the initialisation seed (every rule starts from the same network);
     * {@link #full()} is the README's, {@link #small()} the test suite's.
     */
    public record Config(int embed, int hidden, int layers, int batch, int seqLen, int epochs, int maxSteps,
            int maxChars, double clipNorm, List<String> optimizers, long seed) {
        // AdaGrad at 0.02: its first steps move every weight by about +-lr, which makes early training chaotic.
        // At 0.1 some seeds' runs diverged, in PyTorch as here; at 0.05 one of five of ours did; at 0.02 the
        // seeds tried end lowest, and within 1% of PyTorch's (bench/compare_char_lm.sh).
        public static Config full() {
            return new Config(64, 256, 2, 32, 100, 1, 0, 0, 5.0,
                    List.of("adagrad:lr=0.02", "adam:lr=2e-3", "sgd:lr=1,momentum=0.9"), 42);
        }

        /** A quick run of the same rules (so the same model folders, which the README's commands name). */
        public static Config small() {
            return new Config(16, 32, 1, 8, 32, 1, 40, 60_000, 5.0, full().optimizers(), 42);
        }

        public Config withSteps(int steps) {
            return new Config(embed, hidden, layers, batch, seqLen, epochs, steps, maxChars, clipNorm, optimizers, seed);
        }

        public Config withSeed(long s) {
            return new Config(embed, hidden, layers, batch, seqLen, epochs, maxSteps, maxChars, clipNorm, optimizers, s);
        }

        public Config withOptimizers(List<String> specs) {
            return new Config(embed, hidden, layers, batch, seqLen, epochs, maxSteps, maxChars, clipNorm, specs, seed);
        }
    }

    /** Fortunes, shuffled with seed 42, 90% to train and 10% to validate, joined with {@code "\n%\n"} as in the files. */
    public static String[] texts(int maxChars) throws IOException {
        List<String> all = Fortunes.load(Fortunes.DEFAULT_DIR);
        int[] perm = SklearnSplit.permutation(all.size(), 42);
        int nVal = all.size() / 10;
        StringBuilder val = new StringBuilder();
        StringBuilder train = new StringBuilder();
        for (int i = 0; i < perm.length; i++) {
            StringBuilder into = i < nVal ? val : train;
            into.append(all.get(perm[i])).append("\n%\n");
        }
        String t = train.toString();
        String v = val.toString();
        if (maxChars > 0) {
            t = t.substring(0, Math.min(t.length(), maxChars));
            v = v.substring(0, Math.min(v.length(), maxChars / 5));
        }
        return new String[] {t, v};
    }

    /**
     * {@code train --task lm}: one model on a text file (or {@code fortunes}), the last tenth of the
     * text held out for validation, clipping at global norm 5 unless {@code config} sets clipping.
     * It trains through {@link Trainer}: a checkpoint and {@code history.csv} (with the validation
     * loss, in nats per character) after every epoch, {@code resume} from the checkpoint, early
     * stopping on the validation loss. Returns the validation bits per character.
     */
    public static double run(TrainingConfig config, PrintWriter out) throws IOException {
        config.refuseFolds("a character language model");
        String data = config.data();
        String spec = config.model();
        int batch = config.batchSize();
        int seqLen = config.seqLen();
        UpdateRule rule = config.rule();
        OptimizerOptions options = config.executorOptions(5.0, null);
        Path output = config.output();
        RecurrentSpec rs = RecurrentSpec.parse(spec);
        if (rs.bidirectional() || rs.cell() == Recurrent.Kind.RNN_TANH || rs.maxLen() > 0 || !rs.meanPooling()) {
            throw new ParameterException("model", spec, "a language model is lstm:HIDDEN[xLAYERS] or "
                    + "gru:HIDDEN[xLAYERS] (optionally ,embed=N), e.g. lstm:256x2");
        }
        String text = text(data);
        int cut = (int) (text.length() * 0.9);
        CharVocabulary vocab = CharVocabulary.of(text.substring(0, cut));
        int[] train = vocab.encode(text.substring(0, cut));
        int[] val = vocab.encode(text.substring(cut));
        if (val.length < batch * (seqLen + 1)) {
            throw new IllegalArgumentException(data + ": " + text.length() + " characters are too few for batch " + batch
                    + " and windows of " + seqLen + " characters (the last tenth, for validation, needs " + batch * (seqLen + 1) + ")");
        }
        out.printf("data %s: %d training, %d validation characters, %d symbols; %s %dx%d; %s; %s%n", data,
                train.length, val.length, vocab.size(), rs.cell(), rs.hidden(), rs.layers(), rule,
                SequenceRecipe.clipping(options));
        CharLanguageModel lm = new CharLanguageModel(rs.cell(), vocab, rs.embedOr(64), rs.hidden(), rs.layers(),
                config.seed());
        CharLanguageModel.Text trainText = lm.text(train, batch, seqLen, 0);
        CharLanguageModel.Text valText = lm.text(val, batch, seqLen, 0);
        Trainer trainer = new Trainer(lm.network(), Loss.CROSS_ENTROPY, rule.on(lm.network().parameters(), options));
        List<Callback> callbacks = Callbacks.forRun(trainer, config, output,
                data + " / " + spec + " / " + rule.name(), true, true, List.of(), out);
        int steps = config.epochs() * trainText.windows();
        TrainingListener progress = CharLanguageModel.listener(CharLanguageModel.printing(out, rule.name()), steps);
        History history = trainer.fit(trainText, FitOptions.builder().epochs(config.epochs())
                .batchSize(trainText.windowSize()).shuffle(false).seed(config.seed()).validation(valText)
                .listener(progress.andThen(epochLine(out))).callbacks(callbacks.toArray(new Callback[0]))
                .build());
        if (config.resume()) {
            history = History.readCsv(output.resolve("history.csv"));
        }
        // The last epoch measured the final model on the held-out tenth: its figure is reused.
        double bpc = (history.epochs().isEmpty() ? trainer.evaluate(valText, List.of()).get("loss")
                : history.last("val_loss")) / Math.log(2);
        Map<String, Object> training = ModelDescription.training(config, rule, trainer.completedEpochs());
        training.put("seq_len", seqLen);
        training.put("clipping", SequenceRecipe.clipping(options));
        training.put("steps", trainer.completedEpochs() * trainText.windows());
        lm.save(output, training, Map.of("validation_bits_per_char", bpc), data);
        out.printf("validation: %.4f bits/char%n", bpc);
        out.println("wrote " + output + ": " + ModelFolder.runFiles(config));
        return bpc;
    }

    /** The text of a file (undecodable bytes replaced), or the fortunes' training and validation texts joined. */
    private static String text(String data) throws IOException {
        if (data.equals("fortunes")) {
            String[] t = texts(0);
            return t[0] + t[1];
        }
        Path file = Path.of(data);
        if (!java.nio.file.Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(data, null, "file not found");
        }
        String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
        if (text.isEmpty()) {
            throw new io.github.adagrad4j.data.DataFormatException(data, "is empty: a language model needs text");
        }
        return text;
    }

    /** After each epoch, its validation bits per character. */
    private static TrainingListener epochLine(PrintWriter out) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                out.printf("epoch %d: validation %.4f bits/char%n", epoch, logs.get("val_loss") / Math.log(2));
                out.flush();
            }
        };
    }

    /**
     * Writes the initial weights {@link #run} gives every rule ({@code c.seed()}) to a safetensors file with
     * PyTorch's names, so that PyTorch's peer ({@code bench/torch_char_lm.py} with {@code INIT=file})
     * starts from the very same network.
     */
    public static void writeInitialWeights(Config c, Path file) throws IOException {
        CharVocabulary vocab = CharVocabulary.of(texts(c.maxChars())[0]);
        CharLanguageModel lm = new CharLanguageModel(vocab, c.embed(), c.hidden(), c.layers(), c.seed());
        Map<String, io.github.adagrad4j.optim.io.SafeTensors.Tensor> t = new LinkedHashMap<>();
        for (io.github.adagrad4j.optim.Parameter p : lm.network().parameters()) {
            t.put(p.name(), new io.github.adagrad4j.optim.io.SafeTensors.Tensor(p.shape(), p.data()));
        }
        io.github.adagrad4j.optim.io.SafeTensors.write(file, t, Map.of("format", "pt"));
    }
}
