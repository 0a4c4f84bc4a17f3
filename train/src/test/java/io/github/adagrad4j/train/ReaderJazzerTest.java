package io.github.adagrad4j.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.adagrad4j.data.stream.ExampleBlock;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureExpander;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.csv.CsvReader;
import io.github.adagrad4j.data.idx.IdxReader;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.optim.io.CheckpointException;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the readers with Jazzer. In the default suite these run in Jazzer's
 * regression mode (the committed inputs under {@code ReaderJazzerTestInputs/}); to fuzz, run one
 * at a time with {@code JAZZER_FUZZ=1 mvn -pl nn test -Dtest=ReaderJazzerTest#csvTable}: Jazzer
 * mutates inputs for as long as {@code maxDuration} allows and saves any that break the rule below
 * as a new regression input. The rule is {@link ReaderFuzzTest}'s: read the bytes, or fail with
 * the reader's own exception, naming the file.
 */
class ReaderJazzerTest {
    private static Path file(byte[] bytes, String suffix) throws IOException {
        Path f = Files.createTempFile("jazzer", suffix);
        Files.write(f, bytes);
        return f;
    }

    private static void expect(Path f, ReaderFuzzTest.Reader reader, Class<?>... allowed) throws Exception {
        try {
            reader.read(f);
        } catch (Exception e) {
            boolean ok = false;
            for (Class<?> a : allowed) {
                ok |= a.isInstance(e);
            }
            if (!ok || e.getMessage() == null || !e.getMessage().contains(f.getFileName().toString())) {
                throw new AssertionError("not the reader's own exception naming " + f + ": " + e, e);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void csvTable(byte[] input) throws Exception {
        expect(file(input, ".csv"), f -> TableEncoder.fit(f, TableOptions.builder().maxCategories(3).build())
                .encoder().read(f), DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void numericCsv(byte[] input) throws Exception {
        expect(file(input, ".csv"), f -> CsvReader.builder().build().read(f), DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void vwStream(byte[] input) throws Exception {
        expect(file(input, ".vw"), f -> streamRead(f, StreamFormat.VW), DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void libsvmStream(byte[] input) throws Exception {
        expect(file(input, ".svm"), f -> streamRead(f, StreamFormat.LIBSVM), DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void csvStream(byte[] input) throws Exception {
        expect(file(input, ".csv"), f -> streamRead(f, StreamFormat.CSV), DataFormatException.class);
    }

    /** Every example through the stream parser and the expansion (interactions included). */
    private static void streamRead(Path f, StreamFormat format) throws IOException {
        FeatureHashing h = FeatureHashing.builder().bits(8).interactions(java.util.List.of("ab", "aab")).build();
        FeatureExpander x = new FeatureExpander(h);
        try (ExampleStream s = ExampleStream.open(f.toString(), ExampleStream.Options.of(format), h)) {
            for (ExampleBlock b; (b = s.next()) != null; ) {
                for (int e = 0; e < b.size(); e++) {
                    x.expand(b, e);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void libsvm(byte[] input) throws Exception {
        expect(file(input, ".svm"), f -> LibSvmReader.read(f, 0), DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void idx(byte[] input) throws Exception {
        expect(file(input, ".idx"), IdxReader::readUbyte, DataFormatException.class);
    }

    @FuzzTest(maxDuration = "60s")
    void safetensors(byte[] input) throws Exception {
        expect(file(input, ".safetensors"), SafeTensors::read, CheckpointException.class);
    }
}
