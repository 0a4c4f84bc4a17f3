package io.github.adagrad4j.optim.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while rewriting a checkpoint leaves the previous checkpoint
 * complete and valid: a real crash, not a simulated exception.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void killDuringWriteLeavesPreviousFileIntact() throws Exception {
        Path target = dir.resolve("ckpt.safetensors");
        int killedMidWrite = 0;
        // At least 3 rounds, and more (up to 10, each killing later) until one kill lands mid-write:
        // where the write falls depends on how fast this machine is at the moment.
        for (int round = 0; round < 10 && (round < 3 || killedMidWrite == 0); round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), target.toString(),
                    Integer.toString(6_000_000))
                    .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "child.log")).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(target) && System.nanoTime() < deadline && child.isAlive()) {
                    Thread.sleep(5);
                }
                assertThat(Files.exists(target)).as("child wrote a first checkpoint; log: %s",
                        Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "").isTrue();
                Thread.sleep(100 + 150L * (round % 5) + 7L * round);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks in the child
                child.waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.list(dir)) {
                if (files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"))) {
                    killedMidWrite++;
                }
            }
            SafeTensors.Contents c = SafeTensors.read(target); // verifies structure and checksum
            float generation = Float.parseFloat(c.metadata().get("generation"));
            for (SafeTensors.Tensor t : c.tensors().values()) {
                for (float v : t.data()) {
                    if (v != generation) {
                        throw new AssertionError("mixed generations in the file: " + v + " in generation " + generation);
                    }
                }
            }
            assertThat(c.tensors().get("a").data()).hasSize(6_000_000);
        }
        assertThat(killedMidWrite).as("rounds where the kill landed mid-write (a temp file was left)").isPositive();
    }
}
