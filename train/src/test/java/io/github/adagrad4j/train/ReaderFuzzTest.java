package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.csv.CsvReader;
import io.github.adagrad4j.data.idx.IdxReader;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.io.Checkpoint;
import io.github.adagrad4j.optim.io.CheckpointException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.github.adagrad4j.data.stream.ExampleBlock;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureExpander;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader, fed seeded mutations of a valid file (truncations, bit flips, random bytes,
 * repeated ranges, huge and odd numbers, 1 MB lines, deep JSON), must either read it or fail with
 * its own exception naming the file: never a hang, an {@code OutOfMemoryError}, a stack overflow,
 * or an unchecked exception from deep inside. {@code -Dfuzz.cases=N} per reader and encoding
 * (default 600: 5400 cases in the default suite), {@code -Dfuzz.seed=S} to vary them.
 * {@link ReaderJazzerTest} fuzzes the same readers guided by coverage ({@code tools/fuzz/jazzer.sh}).
 */
class ReaderFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 600);
    static final long SEED = Long.getLong("fuzz.seed", 20261128L);
    static ExecutorService pool;

    @TempDir
    static Path dir;
    static Path modelFolder;

    @BeforeAll
    static void setUp() throws IOException {
        pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        // A real model folder to mutate: a table model trained for nothing.
        Path csv = dir.resolve("seed.csv");
        Files.writeString(csv, CSV);
        TableEncoder enc = TableEncoder.fit(csv, TableOptions.builder().build()).encoder();
        io.github.adagrad4j.nn.Module net = Models.parse("mlp:4", new int[] {enc.featureCount()}, 2, 1);
        ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION, ModelDescription.Kind.NETWORK,
                enc.classes(), Map.of("spec", "mlp:4", "input_shape", new int[] {enc.featureCount()}, "outputs", 2),
                enc.describe());
        modelFolder = dir.resolve("model");
        ModelFolder.write(modelFolder, net, d);
        TrainedModel.load(modelFolder);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    static final String CSV = "id,age,plan,city,score,label\r\n"
            + "a1,34,basic,\"Portland, OR\",1.5,yes\r\n"
            + "a2,,plus,\"The \"\"Big\"\" Apple\",2e3,no\r\n"
            + "a3,51,?,Austin,-0.25,yes\r\n"
            + "a4,NA,premium,\"two\nlines\",7,no\r\n"
            + "a5,29,basic,Austin,3,no\r\n";

    /** One reader under test: reads a file, failing only with the exceptions it documents. */
    interface Reader {
        void read(Path file) throws Exception;
    }

    @Test
    void csvTables() throws Exception {
        Reader table = f -> TableEncoder.fit(f, TableOptions.builder().maxCategories(3).build()).encoder().read(f);
        fuzz("csv-table", CSV.getBytes(StandardCharsets.UTF_8), ".csv", table, DataFormatException.class);
        fuzz("csv-table-gz", gzip(CSV.getBytes(StandardCharsets.UTF_8)), ".csv.gz", table, DataFormatException.class);
    }

    @Test
    void numericCsv() throws Exception {
        fuzz("csv-numeric", "a,b,c\n1,2.5,0\n-3,4e2,1\n5,,1\n".getBytes(StandardCharsets.UTF_8), ".csv",
                f -> CsvReader.builder().build().read(f), DataFormatException.class);
    }

    @Test
    void libsvm() throws Exception {
        byte[] seed = "1 1:0.5 3:2 10:-1\n0 2:1.5 # comment\n-1 4:1e-3 7:3\n".getBytes(StandardCharsets.UTF_8);
        Reader both = f -> {
            LibSvmReader.readCsr(f, 0);
            LibSvmReader.read(f, 0);
        };
        fuzz("libsvm", seed, ".svm", both, DataFormatException.class);
        fuzz("libsvm-gz", gzip(seed), ".svm.gz", both, DataFormatException.class);
    }

    /** Reads every example of a stream file through the parsers and the expansion, then learns from it. */
    private static Reader stream(StreamFormat format) {
        return f -> {
            FeatureHashing h = FeatureHashing.builder().bits(10).interactions(List.of("ab")).build();
            ExampleStream.Options o = new ExampleStream.Options(format, null, List.of(), false, 3, 2);
            FeatureExpander x = new FeatureExpander(h);
            try (ExampleStream s = ExampleStream.open(f.toString(), o, h)) {
                for (ExampleBlock b; (b = s.next()) != null; ) {
                    for (int e = 0; e < b.size(); e++) {
                        x.expand(b, e);
                    }
                }
            }
            OnlineLearner.builder().data(f.toString()).options(o).hashing(h).loss(OnlineLoss.SQUARED)
                    .rule(new io.github.adagrad4j.optim.AdaGrad(0.1), java.util.Map.of()).progress(false).build()
                    .run(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        };
    }

    @Test
    void streams() throws Exception {
        byte[] vw = ("1 2 'tag|a x:1 y |b:0.5 z w:-2.5e1\n-1 |a x |b q\n|a:2 u:3\n0.5 |  k:1 |c m\n")
                .getBytes(StandardCharsets.UTF_8);
        fuzz("stream-vw", vw, ".vw", stream(StreamFormat.VW), DataFormatException.class);
        fuzz("stream-vw-gz", gzip(vw), ".vw.gz", stream(StreamFormat.VW), DataFormatException.class);
        fuzz("stream-libsvm", "1 1:0.5 3:2 qid:7 10:-1\n0 2:1.5 # note\n-1 4:1e-3 7:3\n".getBytes(
                StandardCharsets.UTF_8), ".svm", stream(StreamFormat.LIBSVM), DataFormatException.class);
        fuzz("stream-csv", "label,a,b,c\n1,2.5,red,\n0,,\"x, y\",3\n1,4,blue,1e3\n".getBytes(StandardCharsets.UTF_8),
                ".csv", stream(StreamFormat.CSV), DataFormatException.class);
    }

    @Test
    void idx() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 4});
        for (int i = 0; i < 48; i++) {
            b.write(i * 5);
        }
        byte[] images = b.toByteArray();
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 0};
        Path labelFile = dir.resolve("labels.idx");
        Files.write(labelFile, labels);
        fuzz("idx", images, ".idx", f -> IdxReader.read(f, labelFile), DataFormatException.class);
        fuzz("idx-gz", gzip(images), ".idx.gz", f -> IdxReader.read(f, labelFile), DataFormatException.class);
    }

    @Test
    void safetensorsCheckpoints() throws Exception {
        io.github.adagrad4j.nn.Module net = Models.parse("mlp:3", new int[] {2}, 2, 1);
        Optimizer opt = new AdaGrad(0.1).on(net.parameters());
        Path ckpt = dir.resolve("seed.safetensors");
        Checkpoint.save(ckpt, opt);
        fuzz("safetensors", Files.readAllBytes(ckpt), ".safetensors", f -> {
            Checkpoint.load(f, new AdaGrad(0.1).on(Models.parse("mlp:3", new int[] {2}, 2, 1).parameters()));
        }, CheckpointException.class);
    }

    @Test
    void modelFolders() throws Exception {
        byte[] json = Files.readAllBytes(modelFolder.resolve(ModelFolder.DESCRIPTION_FILE));
        byte[] weights = Files.readAllBytes(modelFolder.resolve(ModelFolder.WEIGHTS_FILE));
        fuzz("model.json", json, ".json", f -> {
            Path folder = f.resolveSibling(f.getFileName() + ".d");
            Files.createDirectories(folder);
            Files.copy(f, folder.resolve(ModelFolder.DESCRIPTION_FILE));
            Files.write(folder.resolve(ModelFolder.WEIGHTS_FILE), weights);
            TrainedModel.load(folder);
        }, DataFormatException.class, CheckpointException.class);
        fuzz("model.safetensors", weights, ".safetensors", f -> {
            Path folder = f.resolveSibling(f.getFileName() + ".d");
            Files.createDirectories(folder);
            Files.write(folder.resolve(ModelFolder.DESCRIPTION_FILE), json);
            Files.copy(f, folder.resolve(ModelFolder.WEIGHTS_FILE));
            TrainedModel.load(folder);
        }, DataFormatException.class, CheckpointException.class);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @SafeVarargs
    private void fuzz(String name, byte[] seed, String suffix, Reader reader,
            Class<? extends Exception>... allowed) throws Exception {
        SplittableRandom rng = new SplittableRandom(SEED ^ name.hashCode());
        Path caseDir = Files.createDirectories(dir.resolve(name));
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < CASES && failures.size() < 5; c++) {
            byte[] mutated = Mutations.apply(seed, rng);
            Path f = caseDir.resolve("case" + c + suffix);
            Files.write(f, mutated);
            Future<?> run = pool.submit(() -> {
                reader.read(f);
                return null;
            });
            try {
                run.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
                fail(name + " case " + c + " did not finish in 20 s (a hang): " + f);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable t = e.getCause();
                boolean ok = false;
                for (Class<? extends Exception> a : allowed) {
                    ok |= a.isInstance(t);
                }
                ok |= t instanceof NoSuchFileException;
                if (!ok) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    t.printStackTrace(new java.io.PrintWriter(sw));
                    failures.add(name + " case " + c + ": " + sw.toString().lines().limit(8)
                            .reduce((a, b) -> a + "\n  " + b).orElse(""));
                } else if (t.getMessage() == null || !t.getMessage().contains(f.getFileName().toString().replace(".d", ""))
                        && !t.getMessage().contains(".d/")) {
                    failures.add(name + " case " + c + ": message does not name the file: " + t.getMessage());
                }
            }
            if (failures.isEmpty()) {
                Files.delete(f);
            }
        }
        assertThat(failures).as(name).isEmpty();
    }

    /** Seeded mutations of a valid file. */
    static final class Mutations {
        private static final String[] ODD = {"1e999", "-1e999", "99999999999999999999999", "-2147483649", "2147483648",
            "NaN", "Infinity", "-0", "0x1p3", "1d", "\u0000", "\uFFFD", "\"", "\\u12G4", "\\", "{", "[", "]", "}",
            ":", ",", "18446744073709551616", "4294967296", "1e-999", "9".repeat(400), "2147483647", "nan ", "\n-1 ", "1:"};

        static byte[] apply(byte[] seed, SplittableRandom rng) {
            byte[] b = seed.clone();
            int rounds = 1 + rng.nextInt(3);
            for (int r = 0; r < rounds; r++) {
                b = once(b, rng);
            }
            return b;
        }

        private static byte[] once(byte[] b, SplittableRandom rng) {
            int n = b.length;
            int at = n == 0 ? 0 : rng.nextInt(n + 1);
            switch (rng.nextInt(11)) {
                case 0: // truncation
                    return java.util.Arrays.copyOf(b, n == 0 ? 0 : rng.nextInt(n));
                case 1: { // bit flips
                    byte[] c = b.clone();
                    for (int k = 1 + rng.nextInt(8); k > 0 && n > 0; k--) {
                        c[rng.nextInt(n)] ^= (byte) (1 << rng.nextInt(8));
                    }
                    return c;
                }
                case 2: { // random bytes overwritten
                    byte[] c = b.clone();
                    for (int k = 1 + rng.nextInt(16); k > 0 && n > 0; k--) {
                        c[rng.nextInt(n)] = (byte) rng.nextInt(256);
                    }
                    return c;
                }
                case 3: { // random bytes inserted
                    byte[] ins = new byte[1 + rng.nextInt(64)];
                    for (int k = 0; k < ins.length; k++) {
                        ins[k] = (byte) rng.nextInt(256);
                    }
                    return insert(b, at, ins);
                }
                case 4: { // a range repeated
                    if (n == 0) {
                        return b;
                    }
                    int from = rng.nextInt(n);
                    int len = 1 + rng.nextInt(Math.min(n - from, 256));
                    byte[] chunk = java.util.Arrays.copyOfRange(b, from, from + len);
                    byte[] out = b;
                    for (int k = 1 + rng.nextInt(4); k > 0; k--) {
                        out = insert(out, at, chunk);
                    }
                    return out;
                }
                case 5: // huge and odd numbers, stray JSON characters
                    return insert(b, at, ODD[rng.nextInt(ODD.length)].getBytes(StandardCharsets.UTF_8));
                case 6: { // a 1 MB line
                    byte[] line = new byte[1 << 20];
                    String fills = "a1,:.9 \"[{";
                    byte fill = (byte) fills.charAt(rng.nextInt(fills.length()));
                    java.util.Arrays.fill(line, fill);
                    return insert(b, at, line);
                }
                case 7: { // deep nesting
                    String open = rng.nextBoolean() ? "[" : "{\"a\":";
                    String close = open.equals("[") ? "]" : "}";
                    int depth = 1 + rng.nextInt(100_000);
                    return insert(b, at, (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8));
                }
                case 8: { // a digit run replaced by a huge number
                    String s = new String(b, StandardCharsets.ISO_8859_1);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(s);
                    List<int[]> runs = new ArrayList<>();
                    while (m.find()) {
                        runs.add(new int[] {m.start(), m.end()});
                    }
                    if (runs.isEmpty()) {
                        return b;
                    }
                    int[] run = runs.get(rng.nextInt(runs.size()));
                    String big = rng.nextBoolean() ? "4294967295" : Long.toString(rng.nextLong());
                    return (s.substring(0, run[0]) + big + s.substring(run[1])).getBytes(StandardCharsets.ISO_8859_1);
                }
                case 9: { // entirely random
                    byte[] c = new byte[rng.nextInt(2048)];
                    for (int k = 0; k < c.length; k++) {
                        c[k] = (byte) rng.nextInt(256);
                    }
                    return c;
                }
                default: // empty
                    return new byte[0];
            }
        }

        private static byte[] insert(byte[] b, int at, byte[] ins) {
            byte[] out = new byte[b.length + ins.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(ins, 0, out, at, ins.length);
            System.arraycopy(b, at, out, at + ins.length, b.length - at);
            return out;
        }
    }
}
