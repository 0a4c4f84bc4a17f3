package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Deploy section as written: {@code serve} started in its own JVM on the churn model,
 * every curl line run against it, SIGTERM stopping it with exit 0; then {@code export} and the
 * Python snippet on the exported file (where python3 has onnxruntime).
 */
class ServeCommandTest {
    @TempDir
    Path work;

    /** The lines of the README's Deploy section in ```bash or ```python blocks, by block. */
    static List<List<String>> blocks(String language) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../README.md"));
        int from = lines.indexOf("## Deploy and online learning");
        List<List<String>> out = new ArrayList<>();
        List<String> block = null;
        for (String l : lines.subList(from, lines.size())) {
            if (l.startsWith("## ") && !l.equals("## Deploy and online learning")) {
                break;
            }
            if (l.startsWith("```")) {
                if (block != null) {
                    out.add(block);
                    block = null;
                } else if (l.equals("```" + language)) {
                    block = new ArrayList<>();
                }
                continue;
            }
            if (block != null) {
                block.add(l);
            }
        }
        return out;
    }

    /** Joins continued lines ({@code \\} at the end). */
    static List<String> commands(List<String> block) {
        List<String> out = new ArrayList<>();
        StringBuilder c = new StringBuilder();
        for (String l : block) {
            if (l.endsWith("\\")) {
                c.append(l, 0, l.length() - 1);
            } else {
                out.add(c.append(l).toString().strip());
                c.setLength(0);
            }
        }
        return out;
    }

    @Test
    void theDeploySectionRunsAsWritten() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path model = work.resolve("runs/churn");
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"train", "--data", repo.resolve("examples/data/churn.csv").toString(),
                "--label-column", "churned", "--model", "mlp:32", "--optimizer", "adagrad", "--lr", "0.05", "--epochs",
                "3", "--quiet", "--output", model.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .as(err.toString()).isZero();

        List<List<String>> bash = blocks("bash");
        String serve = bash.get(0).get(0);
        assertThat(serve).startsWith("bin/adagrad4j serve --model runs/churn --port 8080");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized")
                        || a.startsWith("--enable-native") || a.startsWith("--sun-misc")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        // As written, on a free port instead of 8080 (another program may have that one).
        for (String w : serve.substring("bin/adagrad4j ".length()).replace("--port 8080", "--port 0").split(" ")) {
            cmd.add(w.equals("runs/churn") ? model.toString() : w);
        }
        Process server = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(work.resolve("err.log").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as(Files.readString(work.resolve("err.log"))).isNotNull().contains("on http://127.0.0.1:");
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(first);
            assertThat(m.find()).isTrue();
            String port = m.group(1);

            List<String> curls = commands(bash.get(1));
            assertThat(curls).hasSize(6).allMatch(c -> c.startsWith("curl "));
            for (String c : curls) {
                Process p = new ProcessBuilder("bash", "-c", c.replace("localhost:8080", "127.0.0.1:" + port))
                        .directory(repo.toFile()).redirectErrorStream(true).start();
                String body = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(c + "\n" + body).isZero();
                assertThat(body).as(c).isNotBlank().doesNotContain("\"error\"");
                if (c.contains("\"rows\"")) {
                    assertThat(body).contains("\"predictions\":[{\"label\":").contains("\"probabilities\":{\"no\":");
                } else if (c.contains("text/csv")) {
                    assertThat(body).startsWith("customer_id,predicted,p_no,p_yes\n");
                    assertThat(body.lines().count()).isEqualTo(51);
                } else if (c.endsWith("/metrics")) {
                    assertThat(body).contains("adagrad4j_requests_total{endpoint=\"predict\",status=\"200\"} 2");
                }
            }
            // A second server on the same port, or on a folder that does not load: one error line, exit 1, at once.
            for (String[] bad : new String[][] {{"--model", model.toString(), "--port", port},
                    {"--model", work.resolve("nothing").toString(), "--port", "0"}}) {
                List<String> again = new ArrayList<>(cmd.subList(0, cmd.indexOf(Main.class.getName()) + 1));
                again.add("serve");
                again.addAll(List.of(bad));
                Process p = new ProcessBuilder(again).redirectErrorStream(true).start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                List<String> said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
                assertThat(p.exitValue()).as(String.join("\n", said)).isEqualTo(1);
                assertThat(said).hasSize(1);
                assertThat(said.get(0)).startsWith("error: ").contains(bad[3].equals("0") ? "no such model folder"
                        : "--port '" + port + "': cannot listen on 127.0.0.1:" + port);
            }
            // SIGTERM: a graceful stop, exit 0.
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(work.resolve("err.log"))).isZero();
            assertThat(Files.readString(work.resolve("err.log"))).contains("stopped");
        } finally {
            server.destroyForcibly();
        }

        // export as written, then the Python snippet in the folder the file is in.
        String export = bash.get(2).get(0);
        assertThat(export).isEqualTo("bin/adagrad4j export --model runs/churn --onnx churn.onnx");
        assertThat(Main.run(new String[] {"export", "--model", model.toString(), "--onnx", work.resolve("churn.onnx")
                .toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err))).as(err.toString()).isZero();
        // Corrupted weights, or a path that cannot be written: one error line, exit 1, no file left.
        Path broken = work.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(model.resolve("model.json"), broken.resolve("model.json"));
        Files.writeString(broken.resolve("model.safetensors"), "not weights");
        for (String[] bad : new String[][] {{broken.toString(), work.resolve("broken.onnx").toString(), "model.safetensors"},
                {model.toString(), work.resolve("churn.onnx/inside.onnx").toString(), "cannot write"}}) {
            StringWriter e = new StringWriter();
            assertThat(Main.run(new String[] {"export", "--model", bad[0], "--onnx", bad[1]}, new PrintWriter(
                    new StringWriter()), new PrintWriter(e))).isEqualTo(1);
            assertThat(e.toString().lines().toList()).hasSize(1).first().asString().startsWith("error: ")
                    .contains(bad[2]);
        }
        assertThat(work.resolve("broken.onnx")).doesNotExist();
        org.junit.jupiter.api.Assumptions.assumeTrue(pythonHas("onnxruntime"), "python3 with onnxruntime");
        Files.writeString(work.resolve("snippet.py"), String.join("\n", blocks("python").get(0)) + "\n");
        Process py = new ProcessBuilder("python3", "snippet.py").directory(work.toFile()).redirectErrorStream(true).start();
        String printed = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(py.waitFor()).as(printed).isZero();
        io.github.adagrad4j.train.TrainedModel m = io.github.adagrad4j.train.TrainedModel.load(model);
        var p = m.predict(java.util.Map.of("age", "42", "monthly_charges", "70.5", "tenure_months", "3", "plan", "basic",
                "city", "Austin, TX", "referrer", "partner-1", "support_calls", "4"));
        assertThat(printed).startsWith(p.label() + " [");
    }

    static boolean pythonHas(String module) {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
