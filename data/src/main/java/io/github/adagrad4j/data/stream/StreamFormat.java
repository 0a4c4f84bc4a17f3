package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.ParameterException;
import java.util.Locale;

/**
 * The text formats a stream of examples comes in: {@code vw} (Vowpal Wabbit), {@code libsvm},
 * {@code csv} and {@code tsv} (a header, each column a namespace).
 *
 * <pre>{@code
 * StreamFormat f = StreamFormat.of("vw");
 * StreamFormat g = StreamFormat.guess(Path.of("clicks.tsv.gz"));   // TSV
 * }</pre>
 */
public enum StreamFormat {
    VW, LIBSVM, CSV, TSV;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code id}. */
    public static StreamFormat of(String id) {
        for (StreamFormat f : values()) {
            if (f.id().equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new ParameterException("format", id, "expected vw, libsvm, csv or tsv");
    }

    /** The format a file name says ({@code .vw}, {@code .svm}/{@code .libsvm}, {@code .csv}, {@code .tsv}, each optionally {@code .gz}), or null. */
    public static StreamFormat guess(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".vw")) {
            return VW;
        }
        if (n.endsWith(".svm") || n.endsWith(".libsvm")) {
            return LIBSVM;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".tsv")) {
            return TSV;
        }
        return null;
    }

    /** Whether the first line is a header. */
    public boolean hasHeader() {
        return this == CSV || this == TSV;
    }
}
