package io.github.adagrad4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.train.CharLanguageModel;
import io.github.adagrad4j.train.Example;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples as {@code adagrad4j example NAME} finds them (ServiceLoader), at their reduced sizes. */
class CatalogTest {
    @TempDir
    Path dir;

    private static Example named(String name) {
        return Example.installed().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static String run(String name, Path output) throws Exception {
        StringWriter text = new StringWriter();
        named(name).run(new Example.Settings(null, true, 1, null, null, null, output), new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void everyExampleIsFoundOnTheClassPath() {
        assertThat(Example.installed()).extracting(Example::name)
                .containsExactly("linear", "boston", "spam", "recommender", "char-lm", "spam-sequence");
        assertThat(Example.installed()).allSatisfy(e -> assertThat(e.description()).isNotBlank());
    }

    @Test
    void charLmTrainsThreeRulesSavesThemAndSamples() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/games/fortunes")), "fortunes not installed (apt-get install fortunes)");
        String out = run("char-lm", dir);
        // The quick run trains the full run's rules, so its folders are the ones the README's sample command names.
        assertThat(out).contains("adagrad:lr=0.02        validation").contains("adam:lr=2e-3           validation")
                .contains("bits/char").contains("sample from ");
        assertThat(dir.resolve("adam_lr=2e-3").resolve("model.json")).exists();
        Path adagrad = dir.resolve("adagrad_lr=0.02");
        CharLanguageModel lm = CharLanguageModel.load(adagrad);
        assertThat(lm.sample("The ", 50, 0.8, 1)).startsWith("The ").hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void spamSequenceTrainsTheBidirectionalGruOnTokenSequences() throws Exception {
        assumeTrue(Files.isDirectory(SpamAssassin.DEFAULT_DIR), "SpamAssassin corpus not installed "
                + "(tools/data/install_spam_assassin.sh)");
        String out = run("spam-sequence", dir.resolve("seq"));
        assertThat(out).contains("240 train, 60 test e-mails").contains("mean pooling")
                .containsPattern("epoch 1/1  loss \\d\\.\\d+  test accuracy 0\\.\\d+");
        assertThat(dir.resolve("seq").resolve("model.json")).exists();
    }

    @Test
    void linearRecoversTheSlope() throws Exception {
        String out = run("linear", dir);
        double w = Double.parseDouble(out.replaceAll("(?s).*w = ([0-9.]+), b = .*", "$1"));
        assertThat(w).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.2));
    }
}
