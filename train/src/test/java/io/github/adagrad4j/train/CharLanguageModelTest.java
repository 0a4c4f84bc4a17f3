package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharLanguageModelTest {
    @TempDir
    Path dir;

    /** A text with a rule to learn: "the cat sat. " repeated, with a rare variation. */
    private static String text() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            b.append(i % 7 == 0 ? "a dog ran. " : "the cat sat. ");
        }
        return b.toString();
    }

    @Test
    void learnsARegularTextAndSamplesItBack() {
        String t = text();
        CharVocabulary v = CharVocabulary.of(t);
        int[] ids = v.encode(t);
        CharLanguageModel lm = new CharLanguageModel(v, 8, 32, 1, 3);
        double before = lm.bitsPerChar(ids, 4, 20);
        assertThat(before).isGreaterThan(3.0);   // about log2 of the vocabulary, untrained
        lm.train(ids, new Adam(0.01), 8, 4, 20, 5.0, 0, null);
        double after = lm.bitsPerChar(ids, 4, 20);
        assertThat(after).isLessThan(0.8);
        String s = lm.sample("the c", 40, 0.5, 1);
        assertThat(s).startsWith("the c").hasSize(45).contains("sat");
    }

    @Test
    void aSavedModelSamplesTheSameTextAndUnknownCharactersAreTolerated() throws IOException {
        String t = text();
        CharVocabulary v = CharVocabulary.of(t);
        CharLanguageModel lm = new CharLanguageModel(v, 8, 16, 2, 3);
        lm.train(v.encode(t), new Adam(0.01), 1, 4, 20, 5.0, 30, null);
        lm.save(dir.resolve("m"), Map.of("optimizer", "adam"), Map.of(), null);
        CharLanguageModel back = CharLanguageModel.load(dir.resolve("m"));
        assertThat(back.sample("the ", 60, 0.8, 5)).isEqualTo(lm.sample("the ", 60, 0.8, 5));
        // A character training never saw reads as the unknown symbol; sampling never produces it.
        assertThat(v.encode("☃t")[0]).isZero();
        assertThat(back.sample("☃ the", 30, 1.0, 2)).startsWith("☃ the").doesNotContain(String.valueOf(
                CharVocabulary.UNKNOWN));
    }

    @Test
    void aGruModelSavesAndLoadsToTheSameSamples() throws IOException {
        String t = text();
        CharVocabulary v = CharVocabulary.of(t);
        CharLanguageModel lm = new CharLanguageModel(io.github.adagrad4j.nn.ops.Recurrent.Kind.GRU, v, 8, 16, 2, 3);
        lm.train(v.encode(t), new Adam(0.01), 1, 4, 20, 5.0, 30, null);
        assertThat(lm.spec()).isEqualTo("gru:16x2");
        assertThat(lm.network().parameters()).anySatisfy(p -> assertThat(p.name()).isEqualTo("gru.weight_hh_l1"));
        lm.save(dir.resolve("g"), Map.of(), Map.of(), null);
        CharLanguageModel back = CharLanguageModel.load(dir.resolve("g"));
        assertThat(back.spec()).isEqualTo("gru:16x2");
        assertThat(back.sample("the ", 60, 0.8, 5)).isEqualTo(lm.sample("the ", 60, 0.8, 5));
    }

    @Test
    void badInputIsNamed() {
        CharVocabulary v = CharVocabulary.of("abc");
        CharLanguageModel lm = new CharLanguageModel(v, 4, 4, 1, 1);
        assertThatThrownBy(() -> lm.train(v.encode(""), new Adam(0.01), 1, 4, 20, 5.0, 0, null))
                .hasMessageContaining("a text of 0 characters is too short");
        assertThatThrownBy(() -> lm.sample("", 10, 0.8, 1)).hasMessageContaining("at least one character");
        assertThatThrownBy(() -> lm.sample("a", 10, 0, 1)).hasMessageContaining("temperature must be > 0");
        assertThatThrownBy(() -> CharLanguageModel.load(Path.of("nowhere"))).hasMessageContaining("no such model folder");
    }
}
