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

    @Test
    void aLanguageModelRunResumesBitExactlyAndWritesItsHistoryAndChart() throws java.io.IOException {
        Path text = dir.resolve("cats.txt");
        Files.writeString(text, "the cat sat on the mat; the dog sat on the log. ".repeat(200));
        String[] common = {"train", "--data", text.toString(), "--task", "lm", "--model", "lstm:16", "--batch-size", "4",
            "--seq-len", "20", "--optimizer", "adagrad", "--lr", "0.05"};
        Path whole = dir.resolve("whole");
        Path resumed = dir.resolve("resumed");
        assertThat(run(common, "--epochs", "2", "--output", whole.toString()).code()).isZero();
        assertThat(run(common, "--epochs", "1", "--output", resumed.toString()).code()).isZero();
        CliRun again = run(common, "--epochs", "2", "--output", resumed.toString(), "--resume");
        assertThat(again.code()).as(again.err()).isZero();
        // The second run starts at epoch 2 from the checkpoint: the same weights as the uninterrupted run.
        assertThat(again.out()).contains("resumed from").doesNotContain("epoch 1:").contains("epoch 2:");
        assertThat(Files.readAllBytes(resumed.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
        assertThat(Files.readAllLines(resumed.resolve("history.csv"))).isEqualTo(
                Files.readAllLines(whole.resolve("history.csv"))).hasSize(3).first().isEqualTo("epoch,loss,val_loss,lr");
        assertThat(resumed.resolve("chart.png")).exists();
        assertThat(resumed.resolve("checkpoint.safetensors")).exists();
    }

    private static CliRun run(String[] common, String... more) {
        String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return CliRun.of(all);
    }
}
