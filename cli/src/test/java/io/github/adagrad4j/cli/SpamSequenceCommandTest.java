package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.data.text.SpamAssassin;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The spam-sequence example at its reduced size (the npm corpus; .ci/run fetches it). */
class SpamSequenceCommandTest {
    @Test
    void trainsTheBidirectionalGruOnTokenSequences() {
        assumeTrue(Files.isDirectory(SpamAssassin.DEFAULT_DIR), "SpamAssassin corpus not installed "
                + "(tools/data/install_spam_assassin.sh)");
        CliRun r = CliRun.of("example", "spam-sequence", "--train-limit", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("240 train, 60 test e-mails").contains("mean pooling")
                .containsPattern("epoch 1/1  loss \\d\\.\\d+  test accuracy 0\\.\\d+");
    }
}
