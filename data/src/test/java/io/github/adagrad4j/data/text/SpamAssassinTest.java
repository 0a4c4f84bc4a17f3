package io.github.adagrad4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus reader on a miniature corpus laid out as the npm package lays out the real one. */
class SpamAssassinTest {

    private static Path corpus(Path dir) throws IOException {
        for (String folder : new String[] {"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"}) {
            Files.createDirectories(dir.resolve(folder));
            Files.writeString(dir.resolve(folder).resolve("0001.txt"), "Subject: " + folder + "\n\nhello there");
        }
        return dir;
    }

    @Test
    void readsEveryFolderWithItsLabel(@TempDir Path tmp) throws IOException {
        SpamAssassin.Corpus c = SpamAssassin.load(corpus(tmp));
        assertThat(c.documents()).hasSize(5);
        assertThat(c.labels()).containsExactly(0f, 0f, 0f, 1f, 1f);
        assertThat(c.documents().get(3)).startsWith("Subject: spam-1");
    }

    @Test
    void anEmptyEmailIsAnErrorNamingItsFile(@TempDir Path tmp) throws IOException {
        Path dir = corpus(tmp);
        Path empty = dir.resolve("spam-2").resolve("0002.txt");
        Files.writeString(empty, " \n-- \n");
        assertThatThrownBy(() -> SpamAssassin.load(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(empty + ": the e-mail has no words");
    }

    @Test
    void aMissingCorpusSaysHowToInstallIt(@TempDir Path tmp) {
        assertThatThrownBy(() -> SpamAssassin.load(tmp)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("install_spam_assassin.sh");
    }
}
