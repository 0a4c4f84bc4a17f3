package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.data.text.SpamAssassin;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train with a recurrent spec on the spam corpus (the npm corpus; .ci/run fetches it), evaluate and predict. */
class SpamSequenceCommandTest {
    @Test
    void trainTakesARecurrentSpecOnSpamAndWritesAModelFolder(@TempDir Path dir) throws java.io.IOException {
        assumeTrue(Files.isDirectory(SpamAssassin.DEFAULT_DIR), "SpamAssassin corpus not installed "
                + "(tools/data/install_spam_assassin.sh)");
        Path out = dir.resolve("seq");
        CliRun r = CliRun.of("train", "--data", "spam", "--model", "lstm:8x2,embed=8,max-len=30,pool=last",
                "--hash-bits", "12", "--train-limit", "200", "--epochs", "1", "--batch-size", "16", "--optimizer",
                "adagrad", "--lr", "0.1", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("160 train, 40 test e-mails").contains("(first 30)").contains("embedding 2^12 x 8")
                .contains("LSTM 8 x 2 layers, last pooling");
        String json = Files.readString(out.resolve("model.json"));
        assertThat(json).contains("\"task\": \"classification\"").contains("\"kind\": \"sequence-classifier\"")
                .contains("\"spec\": \"lstm:8x2\"")
                .contains("\"kind\": \"hashed-token-sequence\"");
        assertThat(out.resolve("model.safetensors")).exists();
        // evaluate reads the held-out part of the e-mails the model was trained on (the first 200 of the split's
        // order here), so it finds the accuracy training reported.
        double trained = Double.parseDouble(json.replaceAll("(?s).*\"accuracy\": ([0-9.eE-]+).*", "$1"));
        CliRun e = CliRun.of("evaluate", "--model", out.toString(), "--data", "spam");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("accuracy\\s+" + String.format(java.util.Locale.ROOT, "%.4f", trained));
        Path mails = Files.createDirectories(dir.resolve("mails"));
        Files.writeString(mails.resolve("a.eml"), "Subject: meeting notes\n\nSee you at the review on Monday.");
        Files.writeString(mails.resolve("b.eml"), "");
        CliRun p = CliRun.of("predict", "--model", out.toString(), "--data", mails.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).startsWith("file,predicted,p_0,p_1\n").containsPattern("\na\\.eml,[01],0\\.\\d+,0\\.\\d+\n")
                .containsPattern("\nb\\.eml,[01],");
        assertThat(CliRun.of("train", "--data", "spam", "--model", "bigru:8,pool=max").err())
                .contains("pool must be mean or last, got 'max'");
        assertThat(CliRun.of("train", "--data", "spam", "--model", "gru:0").err())
                .contains("hidden size must be a positive integer, got '0'");
    }
}
