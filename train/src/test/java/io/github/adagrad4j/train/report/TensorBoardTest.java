package io.github.adagrad4j.train.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event files that TensorBoard itself reads back: every scalar and histogram, at its step. */
class TensorBoardTest {
    @TempDir
    Path dir;

    @Test
    void recordsAreFramedAsTfRecordsWithMaskedCrc32c() throws Exception {
        Path log = dir.resolve("log");
        try (TensorBoard tb = TensorBoard.open(log)) {
            tb.scalar("a", 3, 0.5);
            tb.histogram("h", 3, new float[] {1, 2, 3, Float.NaN});
        }
        List<Path> files;
        try (var s = Files.list(log)) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        while (b.hasRemaining()) {
            byte[] length = new byte[8];
            b.get(length);
            long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(b.getInt()).isEqualTo(TensorBoard.maskedCrc(length));
            byte[] data = new byte[(int) n];
            b.get(data);
            assertThat(b.getInt()).isEqualTo(TensorBoard.maskedCrc(data));
            records++;
        }
        assertThat(records).isEqualTo(3);   // file version, scalar, histogram
        // The CRC32C of "123456789" is 0xE3069283 (RFC 3720's check value); masked as TensorFlow masks it.
        int c = 0xE3069283;
        assertThat(TensorBoard.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(((c >>> 15) | (c << 17)) + 0xa282ead8);
    }

    @Test
    void tensorBoardReadsBackEveryScalarAndHistogramOfATrainingRun() throws Exception {
        assumeTrue(python("-c", "import tensorboard") == 0, "Python's tensorboard is not installed "
                + "(python3 -m pip install tensorboard)");
        Path tb = dir.resolve("tb");
        new Recipe(TrainingConfig.builder().data("digits").model("mlp:8").optimizer("adagrad").epochs(2)
                .trainLimit(320).batchSize(32).output(dir.resolve("run")).tensorboard(tb).build())
                .run(new PrintWriter(new StringWriter()));
        Path script = dir.resolve("read_events.py");
        try (InputStream in = getClass().getResourceAsStream("read_events.py")) {
            Files.copy(in, script);
        }
        Path json = dir.resolve("events.json");
        assertThat(python(script.toString(), tb.toString(), ">" + json)).isZero();
        Map<?, ?> read = (Map<?, ?>) Json.parse(Files.readString(json));
        Map<?, ?> scalars = (Map<?, ?>) read.get("scalars");
        // The first 320 training rows: 10 batches of 32 per epoch, 20 steps in all, numbered 1 to 20.
        assertThat((List<?>) scalars.get("step/loss")).hasSize(20);
        assertThat((List<?>) scalars.get("step/grad_norm")).hasSize(20);
        assertThat(((Number) ((List<?>) ((List<?>) scalars.get("step/loss")).get(19)).get(0)).intValue()).isEqualTo(20);
        for (String tag : List.of("epoch/loss", "epoch/accuracy", "epoch/val_loss", "epoch/val_accuracy", "epoch/lr")) {
            assertThat((List<?>) scalars.get(tag)).as(tag).hasSize(2);
        }
        double lr = ((Number) ((List<?>) ((List<?>) scalars.get("epoch/lr")).get(0)).get(1)).doubleValue();
        assertThat(lr).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-7));
        Map<?, ?> histograms = (Map<?, ?>) read.get("histograms");
        assertThat(histograms.keySet().stream().map(String::valueOf).toList()).contains("weights/0.weight",
                "weights/2.bias", "state/0.weight/sum");
        List<?> w = (List<?>) ((List<?>) histograms.get("weights/0.weight")).get(1);
        assertThat(((Number) w.get(0)).intValue()).isEqualTo(2);                // epoch 2
        assertThat(((Number) w.get(1)).doubleValue()).isEqualTo(64 * 8);      // every element counted
        assertThat(((Number) w.get(4)).doubleValue()).isEqualTo(64 * 8);      // and in a bucket
        List<?> g = (List<?>) ((List<?>) histograms.get("state/0.weight/sum")).get(1);
        assertThat(((Number) g.get(2)).doubleValue()).isGreaterThanOrEqualTo(0);   // accumulators are >= 0
    }

    /** Runs python3 with {@code args} (a last argument {@code >FILE} redirects its output); its exit code. */
    private static int python(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3"));
        Path redirect = null;
        for (String a : args) {
            if (a.startsWith(">")) {
                redirect = Path.of(a.substring(1));
            } else {
                cmd.add(a);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectOutput(redirect != null ? ProcessBuilder.Redirect.to(redirect.toFile())
                : ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
