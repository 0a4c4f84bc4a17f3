package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --task lm on a text file, then sample. */
class CharLmCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainTaskLmOnATextFileThenSample() throws java.io.IOException {
        Path text = dir.resolve("cats.txt");
        Files.writeString(text, "the cat sat on the mat. ".repeat(400));
        Path out = dir.resolve("lm");
        CliRun r = CliRun.of("train", "--data", text.toString(), "--task", "lm", "--model", "lstm:16x1", "--batch-size",
                "4", "--seq-len", "20", "--epochs", "3", "--optimizer", "adam", "--lr", "0.01", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String bpc = r.out().lines().filter(l -> l.startsWith("validation: ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(bpc.replaceAll("validation: (\\S+) bits/char", "$1"))).isLessThan(1.5);
        CliRun s = CliRun.of("sample", "--model", out.toString(), "--prime", "the c", "--length", "30", "--temperature",
                "0.5");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).startsWith("the c");
        CliRun p = CliRun.of("predict", "--model", out.toString(), "--data", "x.csv");
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.err()).contains("this is a language model: use adagrad4j sample");
        CliRun t = CliRun.of("sample", "--model", out.toString(), "--temperature", "0");
        assertThat(t.err()).startsWith("error: ").contains("temperature must be > 0");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertThat(CliRun.of("train", "--data", empty.toString(), "--task", "lm", "--model", "lstm:8").err())
                .contains("empty.txt: is empty: a language model needs text");
        assertThat(CliRun.of("train", "--data", text.toString(), "--task", "lm", "--model", "mlp:8").err())
                .contains("--model 'mlp:8': expected [bi]lstm|gru|rnn:HIDDEN[xLAYERS]");
        assertThat(CliRun.of("train", "--data", text.toString(), "--task", "lm", "--model", "bilstm:8").err())
                .contains("--model 'bilstm:8': a language model is lstm:HIDDEN[xLAYERS] or gru:HIDDEN[xLAYERS]");
        assertThat(CliRun.of("train", "--data", text.toString(), "--model", "bigru:8").err())
                .contains("for a character language model on a text file add --task lm");
    }

    @Test
    void aGruLanguageModelTrainsSavesAndSamples() throws java.io.IOException {
        Path text = dir.resolve("cats.txt");
        Files.writeString(text, "the cat sat on the mat. ".repeat(400));
        Path out = dir.resolve("gru-lm");
        CliRun r = CliRun.of("train", "--data", text.toString(), "--task", "lm", "--model", "gru:16x2,embed=8",
                "--batch-size", "4", "--seq-len", "20", "--epochs", "3", "--optimizer", "adam", "--lr", "0.01",
                "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("GRU 16x2");
        String bpc = r.out().lines().filter(l -> l.startsWith("validation: ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(bpc.replaceAll("validation: (\\S+) bits/char", "$1"))).isLessThan(1.5);
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"spec\": \"gru:16x2\"")
                .contains("\"cell\": \"gru\"");
        CliRun s = CliRun.of("sample", "--model", out.toString(), "--prime", "the c", "--length", "30");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).startsWith("the c");
    }
}
