package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.text.SpamAssassin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/adagrad4j} command in the README's and the guide's shell blocks runs, in the
 * order written, from a working folder that has the repository's {@code examples/} and {@code
 * tools/}: as written except made small (one epoch, a few hundred training rows, two trials).
 * Each runs in its own JVM, as the launcher would start it. The ones that cannot run here are listed
 * with the reason, and only for the reasons below: the reader's own files, a package this machine
 * lacks, or a Spark master started by hand.
 */
class ReadmeCommandsTest {
    @TempDir
    Path work;

    /** Files a command names that stand for the reader's own. */
    private static final List<String> READERS_FILES = List.of("my.csv", "my-text.txt", "reviews/", "reviews-test/",
            "new-reviews/", "tickets.csv", "my-mails/");

    record Command(String source, int line, String text) {
    }

    static List<Command> commands(Path doc) throws IOException {
        List<Command> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(doc);
        boolean shell = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("```")) {
                shell = !shell && l.equals("```bash");
                continue;
            }
            if (!shell || !l.startsWith("bin/adagrad4j ")) {
                continue;
            }
            int first = i;
            StringBuilder c = new StringBuilder();
            String part = lines.get(i);
            while (part.stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                c.append(part.stripTrailing(), 0, part.stripTrailing().length() - 1).append(' ');
                part = lines.get(++i);
            }
            c.append(part);
            out.add(new Command(doc.getFileName().toString(), first + 1, stripComment(c.toString()).strip()));
        }
        return out;
    }

    /** A trailing {@code # comment}, outside quotes. */
    static String stripComment(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                quote = ch == quote ? 0 : quote;
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** The words of a command line, as a POSIX shell splits them (quotes, no expansions). */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char ch : s.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    w.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(ch)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(ch);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }

    /** Why a command cannot run on this machine, or null. */
    static String cannotRun(List<String> args) {
        if (args.size() > 1 && args.get(1).equals("serve")) {
            return "a server, which runs until stopped: ServeCommandTest starts it and runs the curl lines after it";
        }
        for (String a : args) {
            for (String f : READERS_FILES) {
                if (a.equals(f) || a.equals(f.replace("/", ""))) {
                    return "names the reader's own " + f;
                }
            }
            if (a.startsWith("spark://")) {
                return "needs the standalone Spark master the lines around it start";
            }
        }
        String data = value(args, "--data");
        if ("fashion-mnist".equals(data) && !Files.exists(Builtin.FASHION_MNIST_DIR)) {
            return "needs Debian's dataset-fashion-mnist";
        }
        boolean spam = "spam".equals(data) || args.contains("spam") || args.contains("spam-sequence");
        if (spam && !Files.isDirectory(SpamAssassin.DEFAULT_DIR)) {
            return "needs the SpamAssassin corpus (tools/data/install_spam_assassin.sh)";
        }
        if (args.contains("char-lm") && !Files.isDirectory(Path.of("/usr/share/games/fortunes"))) {
            return "needs Debian's fortunes";
        }
        return null;
    }

    private static String value(List<String> args, String option) {
        int i = args.indexOf(option);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** The command made small: the same options, one epoch, a few hundred rows, two trials, 20 steps. */
    static List<String> small(List<String> args) {
        List<String> out = new ArrayList<>(args.subList(1, args.size()));
        String command = out.isEmpty() ? "" : out.get(0);
        replace(out, "--epochs", "1");
        replace(out, "--trials", "2");
        replace(out, "--steps", "20");
        replace(out, "--length", "50");
        String data = value(out, "--data");
        boolean builtIn = data != null && List.of("digits", "fashion-mnist", "spam").contains(data);
        boolean lm = "lm".equals(value(out, "--task"));
        if (List.of("train", "compare", "search").contains(command) && builtIn && !lm && !out.contains("--help")) {
            out.add("--train-limit");
            out.add("300");
        }
        if (command.equals("example")) {
            if (!out.contains("--epochs")) {
                out.addAll(List.of("--epochs", "1"));
            }
            out.addAll(List.of("--train-limit", "300"));
            if (out.contains("char-lm")) {
                out.addAll(List.of("--steps", "3"));
            }
        }
        return out;
    }

    private static void replace(List<String> args, String option, String value) {
        int i = args.indexOf(option);
        if (i >= 0 && i + 1 < args.size()) {
            args.set(i + 1, value);
        }
    }

    /**
     * The two documents run side by side (each in order, in its own folder): the suite's two cores
     * run the commands' JVMs in about half the time.
     */
    @Test
    void everyCommandOfTheReadmeAndTheGuideRunsOnSmallData() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> skipped = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> docs = new ArrayList<>();
            for (String doc : List.of("docs/guide.md", "README.md")) {
                List<Command> commands = commands(repo.resolve(doc));
                assertThat(commands).as(doc).isNotEmpty();
                Path dir = Files.createDirectories(work.resolve(doc.replace('/', '_')));
                Files.createSymbolicLink(dir.resolve("examples"), repo.resolve("examples"));
                Files.createSymbolicLink(dir.resolve("tools"), repo.resolve("tools"));
                docs.add(pool.submit(() -> {
                    for (Command c : commands) {
                        run(c, repo, dir, failures, skipped, ran);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : docs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        skipped.forEach((c, why) -> System.out.println("not run (" + why + "): " + c));
        assertThat(failures).as("commands that failed").isEmpty();
        assertThat(ran.get()).isGreaterThanOrEqualTo(15);
    }

    private static void run(Command c, Path repo, Path dir, List<String> failures, Map<String, String> skipped,
            java.util.concurrent.atomic.AtomicInteger ran) throws IOException, InterruptedException {
        List<String> args = words(c.text());
        String why = cannotRun(args);
        String where = c.source() + ":" + c.line() + " " + c.text();
        if (why != null) {
            skipped.put(where, why);
            return;
        }
        ran.incrementAndGet();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized")
                        || a.startsWith("--enable-native") || a.startsWith("--sun-misc"))
                .toList());
        // The examples module's classes, which the launcher puts on the class path as its jar (the reactor
        // compiles examples before cli).
        String classPath = System.getProperty("java.class.path") + java.io.File.pathSeparator
                + repo.resolve("examples/target/classes");
        cmd.addAll(List.of("-Djava.awt.headless=true", "-Xmx1g", "-cp", classPath, Main.class.getName()));
        cmd.addAll(small(args));
        Path log = dir.resolve("last.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            failures.add(where + "\n  timed out after 240 s");
            return;
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            failures.add(where + "\n  ran as: " + String.join(" ", small(args)) + "\n  exit " + p.exitValue()
                    + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size())));
        }
    }

    @Test
    void commandsAreReadAsAShellReadsThem() {
        assertThat(words("bin/adagrad4j compare --optimizers \"sgd:lr=0.1\" 'adam:lr=1e-3' --space \"a=b(1,2)\""))
                .containsExactly("bin/adagrad4j", "compare", "--optimizers", "sgd:lr=0.1", "adam:lr=1e-3", "--space",
                        "a=b(1,2)");
        assertThat(stripComment("bin/adagrad4j train --data x.csv   # a comment")).isEqualTo("bin/adagrad4j train --data x.csv   ");
        assertThat(stripComment("bin/adagrad4j sample --prime \"#1 \"")).isEqualTo("bin/adagrad4j sample --prime \"#1 \"");
        assertThat(small(words("bin/adagrad4j train --data digits --epochs 20"))).containsExactly("train", "--data",
                "digits", "--epochs", "1", "--train-limit", "300");
    }
}
