package io.github.adagrad4j.bench;

import io.github.adagrad4j.train.SequenceRecipe;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the spam-sequence example's token sequences, exactly as {@link SequenceRecipe}
 * trains on them (hashed into 2^18 rows, the first MAX_LEN tokens (default 600), split order), for PyTorch's peer
 * ({@code bench/torch_spam_sequence.py}) to train the same model on the same inputs. One header
 * line {@code # test_count N bits B}, then one line per e-mail: the label, then the token ids.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.SpamSequenceExport /tmp/spam-seq.txt [MAX_LEN]
 * </pre>
 */
public final class SpamSequenceExport {
    private SpamSequenceExport() {
    }

    public static void main(String[] args) throws IOException {
        io.github.adagrad4j.train.TrainingConfig.Builder b = SequenceRecipe.full();
        if (args.length > 1) {
            b.model("bigru:64,embed=32,pool=mean,max-len=" + args[1]);
        }
        io.github.adagrad4j.train.TrainingConfig c = b.build();
        SequenceRecipe.Sequences s = SequenceRecipe.sequences(c);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[0]))) {
            w.write("# test_count " + s.testCount() + " bits " + c.hashBits() + "\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.tokens().length; i++) {
                line.setLength(0);
                line.append((int) s.labels()[i]);
                for (int t : s.tokens()[i]) {
                    line.append(' ').append(t);
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
