package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/adagrad4j}'s JVM setup, run on a probe class (the launcher's ADAGRAD4J_JAR and
 * ADAGRAD4J_MAIN): a heap the user gives in JAVA_OPTS is the heap the JVM gets, and a small one
 * starts (the launcher's large-heap region size once left a 64 MB heap no room to start).
 */
class LauncherTest {
    @TempDir
    Path dir;

    /** Prints the heap's limit in MB. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("max heap MB " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private String launch(String javaOpts) throws IOException, InterruptedException {
        Path jar = dir.resolve("probe.jar");
        if (!Files.exists(jar)) {
            String entry = Probe.class.getName().replace('.', '/') + ".class";
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    var in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
                out.putNextEntry(new JarEntry(entry));
                in.transferTo(out);
            }
        }
        Path launcher = Path.of("..", "bin", "adagrad4j").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ADAGRAD4J_JAR", jar.toString());
        env.put("ADAGRAD4J_MAIN", Probe.class.getName());
        env.put("JAVA_OPTS", javaOpts);
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try (OutputStream ignored = p.getOutputStream()) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aHeapGivenInJavaOptsIsTheHeapAndASmallOneStarts() throws IOException, InterruptedException {
        assertThat(launch("-Xmx64m")).contains("max heap MB 6");
        assertThat(launch("-Xmx65536k")).contains("max heap MB 6");
        assertThat(launch("-Xmx1g")).containsPattern("max heap MB (9[0-9][0-9]|10[0-2][0-9])");
    }
}
