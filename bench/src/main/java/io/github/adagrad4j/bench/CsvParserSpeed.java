package io.github.adagrad4j.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The measurement behind the choice of CSV parser: FastCSV 3.4.0 and Apache Commons CSV 1.14.1
 * each read every field of the same file, alternately, {@code runs} times; prints each run and
 * the medians. Both parse RFC 4180 with quotes; the library uses FastCSV.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.CsvParserSpeed ~/.cache/adagrad4j/bench/churn-1m.csv 7
 * </pre>
 */
public final class CsvParserSpeed {
    private CsvParserSpeed() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double[] fast = new double[runs];
        double[] commons = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            long a = fastCsv(file);
            long t1 = System.nanoTime();
            long b = commonsCsv(file);
            long t2 = System.nanoTime();
            if (a != b) {
                throw new IllegalStateException("the parsers disagree: " + a + " vs " + b + " field characters");
            }
            fast[r] = (t1 - t0) / 1e9;
            commons[r] = (t2 - t1) / 1e9;
            System.out.printf("run %d: fastcsv %.3f s, commons-csv %.3f s%n", r + 1, fast[r], commons[r]);
        }
        java.util.Arrays.sort(fast);
        java.util.Arrays.sort(commons);
        double f = fast[runs / 2];
        double c = commons[runs / 2];
        System.out.printf("median: fastcsv %.3f s, commons-csv %.3f s, commons/fast %.2f%n", f, c, c / f);
    }

    private static long fastCsv(Path file) throws IOException {
        long chars = 0;
        try (de.siegmar.fastcsv.reader.CsvReader<de.siegmar.fastcsv.reader.CsvRecord> r =
                de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(file)) {
            for (de.siegmar.fastcsv.reader.CsvRecord rec : r) {
                for (int i = 0; i < rec.getFieldCount(); i++) {
                    chars += rec.getField(i).length();
                }
            }
        }
        return chars;
    }

    private static long commonsCsv(Path file) throws IOException {
        long chars = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.RFC4180.builder().get().parse(in)) {
            for (org.apache.commons.csv.CSVRecord rec : p) {
                for (String s : rec) {
                    chars += s.length();
                }
            }
        }
        return chars;
    }
}
