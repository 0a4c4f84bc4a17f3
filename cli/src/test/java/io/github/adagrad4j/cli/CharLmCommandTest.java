package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The char-lm example at its reduced size (Debian's fortunes; .ci/run installs them), and sample. */
class CharLmCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsThreeRulesSavesThemAndSamples() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/games/fortunes")), "fortunes not installed (apt-get install fortunes)");
        CliRun r = CliRun.of("example", "char-lm", "--train-limit", "1", "--output", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("adagrad:lr=0.1         validation").contains("adam:lr=5e-3           validation")
                .contains("bits/char").contains("sample from ");
        Path adagrad = dir.resolve("adagrad_lr=0.1");
        assertThat(adagrad.resolve("model.json")).exists();
        CliRun s = CliRun.of("sample", "--model", adagrad.toString(), "--prime", "The ", "--length", "50");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out().strip()).startsWith("The ");
        assertThat(s.out().replace("\n", "").length()).isGreaterThanOrEqualTo(40);
        CliRun p = CliRun.of("predict", "--model", adagrad.toString(), "--data", "x.csv");
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.err()).contains("this is a language model: use adagrad4j sample");
        CliRun t = CliRun.of("sample", "--model", adagrad.toString(), "--temperature", "0");
        assertThat(t.err()).startsWith("error: ").contains("temperature must be > 0");
    }
}
