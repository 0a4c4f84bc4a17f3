package io.github.adagrad4j.data.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream parsers and hashing: what each format's line means (label, weight, tag, namespaces,
 * values), that the formats agree where they should, interactions, bad lines named by line and
 * column, gzip (whole and truncated) and the example cache.
 */
class StreamParsersTest {
    @TempDir
    Path dir;

    private static final FeatureHashing H20 = FeatureHashing.builder().bits(20).build();

    /** Every example of a text, expanded: bucket -> value, per example, plus labels, weights and tags. */
    record Parsed(List<Map<Integer, Float>> rows, List<Float> labels, List<Float> weights, List<String> tags) {
    }

    private static Parsed parse(String text, StreamFormat f, FeatureHashing h, List<String> categorical)
            throws IOException {
        return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), f, h, categorical, 3);
    }

    private static Parsed parse(java.io.InputStream in, StreamFormat f, FeatureHashing h, List<String> categorical,
            int blockSize) throws IOException {
        ExampleStream.Options o = new ExampleStream.Options(f, null, categorical, false, blockSize, 2);
        Parsed p = new Parsed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        FeatureExpander x = new FeatureExpander(h);
        try (ExampleStream s = ExampleStream.open("test." + f.id(), in, o, h)) {
            for (ExampleBlock b; (b = s.next()) != null; ) {
                for (int e = 0; e < b.size(); e++) {
                    int n = x.expand(b, e);
                    Map<Integer, Float> row = new TreeMap<>();
                    for (int k = 0; k < n; k++) {
                        assertThat(row.put(x.index()[k], x.value()[k])).as("indices are distinct").isNull();
                    }
                    p.rows().add(row);
                    p.labels().add(b.label(e));
                    p.weights().add(b.weight(e));
                    p.tags().add(b.tag(e));
                }
            }
        }
        return p;
    }

    private static int bucket(FeatureHashing h, String namespace, String feature) {
        return h.bucket(FeatureHashing.featureHash(feature, FeatureHashing.namespaceHash(namespace)));
    }

    private static final int CONSTANT = FeatureHashing.CONSTANT & ((1 << 20) - 1);

    @Test
    void aVowpalWabbitLineGivesItsLabelWeightTagNamespacesAndValues() throws IOException {
        Parsed p = parse("1 2.5 'ad42|user age:31 city=paris |ad:0.5 size:2 blue\n"
                + "-1 |user age:20\n"
                + "\n"
                + "|user city=rome\n", StreamFormat.VW, H20, List.of());
        assertThat(p.rows()).hasSize(3);
        assertThat(p.labels()).containsExactly(1f, -1f, Float.NaN);
        assertThat(p.weights()).containsExactly(2.5f, 1f, 1f);
        assertThat(p.tags()).containsExactly("ad42", "", "");
        Map<Integer, Float> first = p.rows().get(0);
        assertThat(first).containsEntry(bucket(H20, "user", "age"), 31f).containsEntry(bucket(H20, "user", "city=paris"), 1f)
                .containsEntry(bucket(H20, "ad", "size"), 1f).containsEntry(bucket(H20, "ad", "blue"), 0.5f)
                .containsEntry(CONSTANT, 1f).hasSize(5);
    }

    @Test
    void aCsvRowHashesAsTheVowpalWabbitLineWithEachColumnAsANamespace() throws IOException {
        Parsed csv = parse("label,age,city,code\n1,31,paris,0042\n0,,\"rome, it\",17\n", StreamFormat.CSV, H20,
                List.of("code"));
        Parsed vw = parse("1 |age age:31 |city paris |code 0042\n0 |city rome,_it |code 17\n", StreamFormat.VW, H20,
                List.of());
        assertThat(csv.labels()).containsExactly(1f, 0f);
        assertThat(csv.rows().get(0)).isEqualTo(vw.rows().get(0));
        // The quoted cell is one name, comma and space included.
        assertThat(csv.rows().get(1)).containsEntry(bucket(H20, "city", "rome, it"), 1f)
                .containsEntry(bucket(H20, "code", "17"), 1f).doesNotContainKey(bucket(H20, "age", "age"));
        Parsed tsv = parse("label\tage\tcity\tcode\n1\t31\tparis\t0042\n", StreamFormat.TSV, H20, List.of("code"));
        assertThat(tsv.rows().get(0)).isEqualTo(csv.rows().get(0));
    }

    @Test
    void aLibSvmIndexIsItsOwnBucketBelowTheTableSize() throws IOException {
        Parsed p = parse("1 3:0.5 17:2 qid:4\n0 1048577:1\n", StreamFormat.LIBSVM, H20, List.of());
        assertThat(p.rows().get(0)).containsEntry(3, 0.5f).containsEntry(17, 2f).containsEntry(CONSTANT, 1f).hasSize(3);
        assertThat(p.rows().get(1)).containsEntry(1, 1f);
    }

    @Test
    void interactionsCrossNamespacesByKeyOrByNameWithoutSelfPairsAndSumRepeatedBuckets() throws IOException {
        FeatureHashing h = FeatureHashing.builder().bits(20).interactions(List.of("ab", "aa", "a*b*c")).build();
        Parsed p = parse("1 |a x y:2 |b z:3 |c w\n", StreamFormat.VW, h, List.of());
        Map<Integer, Float> row = p.rows().get(0);
        int na = FeatureHashing.namespaceHash("a");
        int nb = FeatureHashing.namespaceHash("b");
        int nc = FeatureHashing.namespaceHash("c");
        int x = FeatureHashing.featureHash("x", na);
        int y = FeatureHashing.featureHash("y", na);
        int z = FeatureHashing.featureHash("z", nb);
        int w = FeatureHashing.featureHash("w", nc);
        int p2 = FeatureHashing.FNV_PRIME;
        assertThat(row).containsEntry(h.bucket(x * p2 ^ z), 3f).containsEntry(h.bucket(y * p2 ^ z), 6f)
                .containsEntry(h.bucket(x * p2 ^ y), 2f).doesNotContainKey(h.bucket(x * p2 ^ x))
                .containsEntry(h.bucket((x * p2 ^ z) * p2 ^ w), 3f).containsEntry(h.bucket((y * p2 ^ z) * p2 ^ w), 6f);
        // 4 features, the constant, 2 of ab, 1 of aa, 2 of a*b*c.
        assertThat(row).hasSize(10);

        // One bucket for everything: the sum of every value.
        FeatureHashing one = FeatureHashing.builder().bits(1).constant(false).build();
        Parsed q = parse("1 |a x:2 y:3 z:4\n", StreamFormat.VW, one, List.of());
        assertThat(q.rows().get(0).values().stream().mapToDouble(Float::doubleValue).sum()).isEqualTo(9.0);
        assertThat(q.rows().get(0).size()).isLessThanOrEqualTo(2);
    }

    @Test
    void ignoreAndKeepSelectNamespacesByKeyOrFullName() throws IOException {
        FeatureHashing ignore = FeatureHashing.builder().bits(20).constant(false).ignore(List.of("u")).build();
        FeatureHashing keep = FeatureHashing.builder().bits(20).constant(false).keep(List.of("ad")).build();
        String line = "1 |user a |ad b |aux c\n";
        assertThat(parse(line, StreamFormat.VW, ignore, List.of()).rows().get(0).keySet())
                .containsExactlyInAnyOrder(bucket(ignore, "ad", "b"), bucket(ignore, "aux", "c"));
        assertThat(parse(line, StreamFormat.VW, keep, List.of()).rows().get(0).keySet())
                .containsExactly(bucket(keep, "ad", "b"));
        assertThatThrownBy(() -> FeatureHashing.builder().ignore(List.of("a")).keep(List.of("b")).build())
                .isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> FeatureHashing.builder().interactions(List.of("abcd")).build())
                .isInstanceOf(ParameterException.class).hasMessageContaining("2 or 3");
    }

    @Test
    void anInteractionTooLargeForOneExampleIsAnErrorNamingItsLineNotAnOverflow() throws IOException, BadLine {
        FeatureHashing h = FeatureHashing.builder().bits(18).interactions(List.of("aaa")).build();
        StringBuilder big = new StringBuilder("1 |a");
        for (int i = 0; i < 300; i++) {
            big.append(" w").append(i);
        }
        // 300 features crossed three ways: 27 million combinations, past the 2^24 an example may have.
        String text = "1 |a x y\n0 |a z\n" + big + "\n1 |a q\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int threads : new int[] {1, 2}) {
            ExampleStream.Options o = new ExampleStream.Options(StreamFormat.VW, null, List.of(), true, 2, 2, threads)
                    .withExpansion(true);
            List<String> got = drain(bytes, o, h);
            assertThat(got).as("%d threads", threads).hasSize(4);
            assertThat(got.get(2)).startsWith("error: t.vw line 3: interaction 'aaa' crosses 27000000 feature "
                    + "combinations in one example, more than the 16777216");
        }
        FeatureExpander x = new FeatureExpander(h);
        ExampleBlock b = new ExampleBlock(1);
        new VwParser(h).parse(bytes, text.indexOf("1 |a w"), text.length() - "1 |a q\n".length() - 1, 3, b);
        assertThatThrownBy(() -> x.expand(b, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interaction 'aaa' crosses 27000000");
    }

    @Test
    void aBadLineNamesItsLineAndColumnAndSkippingCountsIt() throws IOException {
        String[][] cases = {
            {"1 |a x\nx |a y\n", "line 2: column 1: the label should be a number, found 'x'"},
            {"1 |a x:abc\n", "line 1: column 8: feature 'x' has value 'abc', which is not a number"},
            {"1 |a:w x\n", "line 1: column 6: namespace 'a' has weight 'w'"},
            {"1 a\n", "line 1: no '|'"},
            {"1 2 3 |a x\n", "line 1: column 5: expected label [importance] ['tag]"},
            {"1 |a x:1e999\n", "line 1: column 8: feature 'x' has value '1e999'"},
            {"1 |a x:nan\n", "feature 'x' has value 'nan'"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> parse(c[0], StreamFormat.VW, H20, List.of())).as(c[0])
                    .isInstanceOf(DataFormatException.class).hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> parse("1 3:x\n", StreamFormat.LIBSVM, H20, List.of()))
                .hasMessageContaining("line 1: column 5: index 3 has value 'x'");
        assertThatThrownBy(() -> parse("1 a:1\n", StreamFormat.LIBSVM, H20, List.of()))
                .hasMessageContaining("column 3: an index is a non-negative integer");
        assertThatThrownBy(() -> parse("label,a,b\n1,2,3\n1,2\n", StreamFormat.CSV, H20, List.of()))
                .hasMessageContaining("line 3: column 4: expected 3 columns as in the header, found 2");
        assertThatThrownBy(() -> parse("label,a,b\nyes,2,3\n", StreamFormat.CSV, H20, List.of()))
                .hasMessageContaining("line 2: column 1: the label 'yes' in column 'label' is not a number");
        assertThatThrownBy(() -> parse("label,a\n1,\"open\n", StreamFormat.CSV, H20, List.of()))
                .hasMessageContaining("a quoted cell is not closed");
        assertThatThrownBy(() -> parse("label,a\n1,2\n", StreamFormat.CSV, H20, List.of("zz*")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("matches no column");

        String text = "1 |a x\nbad |a y\n-1 |a z:q\n1 |a w\n";
        ExampleStream.Options o = ExampleStream.Options.of(StreamFormat.VW).withSkipBadLines(true);
        int examples = 0;
        try (ExampleStream s = ExampleStream.open("t.vw", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                o, H20)) {
            for (ExampleBlock b; (b = s.next()) != null; ) {
                examples += b.size();
                assertThat(b.line(b.size() - 1)).isEqualTo(4);
            }
            assertThat(s.badLines()).isEqualTo(2);
            assertThat(s.badLineMessages()).hasSize(2).allMatch(m -> m.startsWith("t.vw line "));
        }
        assertThat(examples).isEqualTo(2);
    }

    @Test
    void gzipIsReadByContentAndATruncatedStreamNamesTheByteOffset() throws IOException {
        StringBuilder text = new StringBuilder();
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            text.append(r.nextBoolean() ? "1" : "-1").append(" |a f").append(r.nextInt(1000)).append(':')
                    .append(r.nextFloat()).append(" |b g").append(r.nextInt(50)).append('\n');
        }
        byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(plain);
        }
        byte[] gz = z.toByteArray();
        Parsed a = parse(new ByteArrayInputStream(plain), StreamFormat.VW, H20, List.of(), 512);
        Parsed b = parse(new ByteArrayInputStream(gz), StreamFormat.VW, H20, List.of(), 512);
        assertThat(b.rows()).hasSize(20_000).isEqualTo(a.rows());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> parse(new ByteArrayInputStream(cut), StreamFormat.VW, H20, List.of(), 512))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("the gzip stream ends early at compressed byte")
                .hasMessageContaining("truncated");
    }

    @Test
    void theCacheGivesBackTheBlocksThatWereWritten() throws IOException {
        FeatureHashing h = FeatureHashing.builder().bits(18).interactions(List.of("ab")).build();
        StringBuilder text = new StringBuilder();
        Random r = new Random(2);
        for (int i = 0; i < 5_000; i++) {
            text.append(r.nextInt(2)).append(" 0.5 't").append(i).append("|a f").append(r.nextInt(100)).append(" |b g")
                    .append(r.nextInt(30)).append(':').append(r.nextInt(9)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path cache = dir.resolve("c.cache");
        ExampleStream.Options o = new ExampleStream.Options(StreamFormat.VW, null, List.of(), false, 256, 2);
        List<String> first = new ArrayList<>();
        FeatureExpander x = new FeatureExpander(h);
        try (ExampleStream s = ExampleStream.open("t.vw", new ByteArrayInputStream(bytes), o, h);
                ExampleCache.Writer w = ExampleCache.writer(cache, h)) {
            for (ExampleBlock b; (b = s.next()) != null; ) {
                w.write(b);
                assertThat(b.expanded()).isFalse();
                first.add(csr(x.rows(b)));
                for (int e = 0; e < b.size(); e++) {
                    first.add(describe(b, e, x));
                }
            }
        }
        List<String> again = new ArrayList<>();
        try (ExampleStream s = ExampleStream.cache(cache, h, 256, 2)) {
            for (ExampleBlock b; (b = s.next()) != null; ) {
                // Read back expanded: the rows come from the block's own expansion.
                assertThat(b.expanded()).isTrue();
                again.add(csr(x.rows(b)));
                for (int e = 0; e < b.size(); e++) {
                    again.add(describe(b, e, x));
                }
            }
        }
        assertThat(again).hasSize(5_000 + 20).isEqualTo(first);
        Files.write(cache, Arrays.copyOf(Files.readAllBytes(cache), (int) Files.size(cache) - 100));
        assertThatThrownBy(() -> {
            try (ExampleStream s = ExampleStream.cache(cache, h, 256, 2)) {
                while (s.next() != null) {
                    // drain
                }
            }
        }).isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void interactionsNameAtMost64DistinctNamespaces() {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            terms.add("n" + (2 * i) + "*n" + (2 * i + 1));
        }
        assertThat(new FeatureExpander(FeatureHashing.builder().interactions(terms).build())).isNotNull();
        terms.add("n64*n65");
        assertThatThrownBy(() -> FeatureHashing.builder().interactions(terms).build())
                .isInstanceOf(ParameterException.class).hasMessageContaining("66 distinct namespaces")
                .hasMessageContaining("at most 64");
    }

    @Test
    void aVowpalWabbitValueIsTheNumberByteNumbersReads() {
        // VwParser gathers short decimals' digits as it scans; every other value goes to ByteNumbers.
        Random r = new Random(5);
        String alphabet = "0123456789.-+eE:x";
        VwParser parser = new VwParser(H20);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder v = new StringBuilder();
            for (int k = 0, n = r.nextInt(12); k < n; k++) {
                v.append(r.nextInt(3) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('0' + r.nextInt(10)));
            }
            byte[] value = v.toString().getBytes(StandardCharsets.UTF_8);
            double expected = ByteNumbers.parse(value, 0, value.length);
            byte[] line = ("1 |a f:" + v + (r.nextBoolean() ? " g" : "")).getBytes(StandardCharsets.UTF_8);
            ExampleBlock b = new ExampleBlock(1);
            try {
                parser.parse(line, 0, line.length, 1, b);
                assertThat(Double.isNaN(expected)).as("'%s' read as %s", v, b.values[0]).isFalse();
                assertThat(b.values[0]).as("'%s'", v).isEqualTo((float) expected);
            } catch (BadLine e) {
                assertThat(Double.isNaN(expected)).as("'%s' refused: %s", v, e.getMessage()).isTrue();
            }
        }
    }

    @Test
    void expandingSumsRepeatedBucketsInSmallAndLargeExamplesAlike() throws BadLine {
        // Few buckets make repeats common; up to 300 features (crossed with up to 5) take the expander
        // past its linear search into its hash table, mid-example.
        Random r = new Random(4);
        for (int bits : new int[] {3, 6, 10, 20}) {
            FeatureHashing h = FeatureHashing.builder().bits(bits).interactions(List.of("ab")).build();
            VwParser parser = new VwParser(h);
            FeatureExpander x = new FeatureExpander(h);
            for (int i = 0; i < 300; i++) {
                StringBuilder line = new StringBuilder("1 |a");
                int na = 1 + r.nextInt(i < 150 ? 20 : 300);
                for (int k = 0; k < na; k++) {
                    line.append(" f").append(r.nextInt(400)).append(':').append(r.nextInt(5) - 2);
                }
                line.append(" |b");
                for (int k = 0, nb = r.nextInt(6); k < nb; k++) {
                    line.append(" g").append(r.nextInt(10));
                }
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                ExampleBlock b = new ExampleBlock(1);
                assertThat(parser.parse(bytes, 0, bytes.length, 1, b)).isTrue();
                Map<Integer, Float> expected = new java.util.LinkedHashMap<>();
                int a0 = b.segFrom[0];
                int b0 = b.segFrom[1];
                int end = b.featStart[1];
                for (int f = a0; f < end; f++) {
                    expected.merge(h.bucket(b.hashes[f]), b.values[f], Float::sum);
                }
                expected.merge(h.bucket(FeatureHashing.CONSTANT), 1f, Float::sum);
                for (int fa = a0; fa < b0; fa++) {
                    for (int fb = b0; fb < end; fb++) {
                        expected.merge(h.bucket(b.hashes[fa] * FeatureHashing.FNV_PRIME ^ b.hashes[fb]),
                                b.values[fa] * b.values[fb], Float::sum);
                    }
                }
                int n = x.expand(b, 0);
                Map<Integer, Float> got = new java.util.LinkedHashMap<>();
                for (int k = 0; k < n; k++) {
                    assertThat(got.put(x.index()[k], x.value()[k])).as("bucket %d once", x.index()[k]).isNull();
                }
                assertThat(got).as("bits %d, line %s", bits, line).isEqualTo(expected);
                assertThat(x.rawCount()).isEqualTo(end - a0 + 1 + (b0 - a0) * (end - b0));
            }
        }
    }

    /** What a stream gives: every example described, then how it ended ("end" or the error), the bad lines (and bytes). */
    private static List<String> drain(byte[] bytes, ExampleStream.Options o, FeatureHashing h) throws IOException {
        return drain(bytes, o, h, new long[1]);
    }

    /** As above; adds to {@code readerBlocks[0]} the blocks the reader's thread parsed. */
    private static List<String> drain(byte[] bytes, ExampleStream.Options o, FeatureHashing h, long[] readerBlocks)
            throws IOException {
        List<String> out = new ArrayList<>();
        FeatureExpander x = new FeatureExpander(h);
        try (ExampleStream s = ExampleStream.open("t." + o.format().id(), new ByteArrayInputStream(bytes), o, h)) {
            try {
                for (ExampleBlock b; (b = s.next()) != null; ) {
                    for (int e = 0; e < b.size(); e++) {
                        out.add(describe(b, e, x));
                    }
                }
                out.add("end");
                out.add("bad lines: " + s.badLines() + " " + s.badLineMessages() + ", bytes " + s.bytesParsed());
            } catch (DataFormatException e) {
                // (How far the reading went before the bad line was found depends on the threads.)
                out.add("error: " + e.getMessage());
                out.add("bad lines: " + s.badLines() + " " + s.badLineMessages());
            }
            readerBlocks[0] += s.readerBlocks;
        }
        return out;
    }

    @Test
    void anyNumberOfParsingThreadsWithOrWithoutTheReaderGivesTheExamplesInFileOrderAndTheSameErrors()
            throws IOException {
        FeatureHashing h = FeatureHashing.builder().bits(18).interactions(List.of("ab")).build();
        StringBuilder text = new StringBuilder();
        StringBuilder tsv = new StringBuilder("label\ta\tb\n");
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            boolean bad = i % 997 == 5;
            text.append(bad ? "x" : r.nextInt(2)).append(" 't").append(i).append("|a f").append(r.nextInt(100))
                    .append(" |b g").append(r.nextInt(30)).append(':').append(r.nextInt(9)).append('\n');
            tsv.append(r.nextInt(2)).append('\t').append(bad ? "\n" : "f" + r.nextInt(100) + "\t" + r.nextInt(9) + "\n");
            if (i % 1000 == 0) {
                text.append('\n');
            }
        }
        byte[] vw = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(vw);
        }
        byte[][] inputs = {vw, z.toByteArray(), tsv.toString().getBytes(StandardCharsets.UTF_8)};
        long[] readerBlocks = new long[1];
        for (int in = 0; in < inputs.length; in++) {
            StreamFormat f = in == 2 ? StreamFormat.TSV : StreamFormat.VW;
            for (boolean skip : new boolean[] {true, false}) {
                // Small blocks and a short ring: many blocks in flight, handed over out of order. The reference:
                // one thread parsing every line where the reader of the file holds it.
                ExampleStream.Options one = new ExampleStream.Options(f, null, List.of(), skip, 7, 2, 1)
                        .withReaderParses(false);
                List<String> expected = drain(inputs[in], one, h);
                assertThat(expected.get(expected.size() - 2)).as("input %d, skip %s", in, skip)
                        .startsWith(skip ? "end" : "error: t." + f.id() + " line ");
                if (skip) {
                    assertThat(expected).hasSize(20_000 - 21 + 2);
                    assertThat(expected.get(expected.size() - 1)).startsWith("bad lines: 21 [t." + f.id() + " line ");
                }
                for (int threads : new int[] {2, 3, 5}) {
                    assertThat(drain(inputs[in], one.withThreads(threads), h)).as("input %d, skip %s, %d threads", in,
                            skip, threads).isEqualTo(expected);
                }
                for (int threads : new int[] {1, 2, 3}) {
                    assertThat(drain(inputs[in], one.withThreads(threads).withReaderParses(true), h, readerBlocks))
                            .as("input %d, skip %s, %d threads and the reader", in, skip, threads).isEqualTo(expected);
                }
                // Blocks expanded by the parsing threads hold what the reader would have expanded.
                for (int threads : new int[] {1, 2}) {
                    for (boolean reader : new boolean[] {false, true}) {
                        assertThat(drain(inputs[in], one.withThreads(threads).withReaderParses(reader)
                                .withExpansion(true), h)).as("input %d, skip %s, %d threads, reader %s, expanded", in,
                                skip, threads, reader).isEqualTo(expected);
                    }
                }
            }
        }
        // The reader asks for its first block before a parsing thread can have made it, so it parses some.
        assertThat(readerBlocks[0]).as("blocks the reader parsed").isPositive();
    }

    private static String csr(io.github.adagrad4j.data.CsrMatrix m) {
        return Arrays.toString(m.rowPtr()) + Arrays.toString(m.cols()) + Arrays.toString(m.values()) + m.numCols();
    }

    /** Example e's fields and expansion: the block's own when it comes expanded (with the raw count), else x's. */
    private static String describe(ExampleBlock b, int e, FeatureExpander x) {
        StringBuilder s = new StringBuilder(b.label(e) + " " + b.weight(e) + " " + b.tag(e) + " " + b.line(e));
        if (b.expanded()) {
            for (int k = b.expandedFrom(e); k < b.expandedFrom(e + 1); k++) {
                s.append(' ').append(b.expandedIndex()[k]).append(':').append(b.expandedValue()[k]);
            }
            return s.append(" raw ").append(b.rawCount(e)).toString();
        }
        int n = x.expand(b, e);
        for (int k = 0; k < n; k++) {
            s.append(' ').append(x.index()[k]).append(':').append(x.value()[k]);
        }
        return s.append(" raw ").append(x.rawCount()).toString();
    }

    @Test
    void numbersAreReadAsFloatParseFloatReadsThem() {
        Random r = new Random(3);
        List<String> samples = new ArrayList<>(List.of("0", "-0", "1", "+2.5", "3.", ".5", "1e5", "1E-5", "-12.375e2",
                "0.1", "123456789012345678901234567890", "1e-50", "3.4028235e38", "0.000000000000000000001"));
        for (int i = 0; i < 20_000; i++) {
            samples.add(Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10))));
            samples.add(Long.toString(r.nextLong() % 100_000_000L));
            samples.add(String.format(java.util.Locale.ROOT, "%." + r.nextInt(8) + "f", r.nextDouble() * 1000));
        }
        for (String s : samples) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat((float) ByteNumbers.parse(b, 0, b.length)).as(s).isEqualTo(Float.parseFloat(s));
        }
        for (String bad : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "0x10", "nan", "Infinity", "1e39", "12a", " 1"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(ByteNumbers.parse(b, 0, b.length)).as(bad).isNaN();
        }
    }

    @Test
    void theDescriptionReadsBackAsTheSameHashing() {
        FeatureHashing h = FeatureHashing.builder().bits(24).interactions(List.of("ab", "c1*c2")).ignore(List.of("x"))
                .constant(false).build();
        assertThat(FeatureHashing.fromDescription(h.describe())).isEqualTo(h);
        assertThatThrownBy(() -> FeatureHashing.builder().bits(31)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("1 to 30 bits");
    }
}
