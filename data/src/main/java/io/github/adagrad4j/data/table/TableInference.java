package io.github.adagrad4j.data.table;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.data.table.TableOptions.MissingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a table's preprocessing on its training file: each column's role (numeric, categorical,
 * text, an identifier to ignore) from its cells, the label's classes, then the statistics and
 * vocabularies of the training rows. {@link TableEncoder#fit} is its public face.
 */
final class TableInference {
    /** Non-numeric columns with at least this many rows, every value distinct, are taken for identifiers. */
    private static final int IDENTIFIER_MIN_ROWS = 20;

    /** Inferred text: at least this share of a column's present cells hold a space ... */
    private static final double TEXT_SPACED_SHARE = 0.8;
    /** ... their mean length is at least this many characters ... */
    private static final int TEXT_MEAN_LENGTH = 25;
    /** ... and at least this share of them are distinct (categories repeat; texts rarely do). */
    private static final double TEXT_DISTINCT_SHARE = 0.5;


    private TableInference() {
    }

    static TableEncoder.Fitted fit(Path file, TableOptions o, java.util.function.IntFunction<java.util.function.IntPredicate>
            trainingRows) throws IOException {
        TableEncoder enc = encoder(file, o, trainingRows);
        return new TableEncoder.Fitted(enc, enc.readRows(file), file.toString());
    }

    /** The two fitting passes alone: the encoder, without encoding the file. */
    static TableEncoder encoder(Path file, TableOptions o, java.util.function.IntFunction<java.util.function.IntPredicate>
            trainingRows) throws IOException {
        String source = file.toString();
        // Pass 1: names, which columns hold only numbers, the label's values.
        String[] names;
        char delimiter;
        boolean[] numeric;
        int[] distinctCapped;
        long rows = 0;
        int label;
        Map<String, Long> labelCounts = new LinkedHashMap<>();
        List<Map<String, Long>> seen = new ArrayList<>();
        long[] present;
        long[] spaced;
        long[] length;
        try (CsvRows r = CsvRows.open(file, o.delimiter)) {
            delimiter = r.delimiter();
            String[] first = r.next();
            if (first == null) {
                throw new DataFormatException(source, "is empty: expected a header line and data rows");
            }
            names = o.header ? first : TableEncoder.defaultNames(first.length);
            checkNames(names, source);
            label = resolveLabel(names, o, source);
            numeric = new boolean[names.length];
            Arrays.fill(numeric, true);
            distinctCapped = new int[names.length];
            present = new long[names.length];
            spaced = new long[names.length];
            length = new long[names.length];
            for (int c = 0; c < names.length; c++) {
                seen.add(new HashMap<>());
            }
            for (String[] f = o.header ? r.next() : first; f != null; f = r.next()) {
                r.requireWidth(f, names.length);
                rows++;
                for (int c = 0; c < f.length; c++) {
                    String v = f[c].trim();
                    if (c == label) {
                        if (TableEncoder.isMissing(v)) {
                            throw new DataFormatException(source, r.line(), "label column '" + names[c]
                                    + "' is empty: every training row needs a label");
                        }
                        if (o.classification) {
                            labelCounts.merge(v, 1L, Long::sum);
                            if (labelCounts.size() > ClassLabels.MAX_CLASSES) {
                                throw new DataFormatException(source, r.line(), "label column '" + names[c] + "' has more than "
                                        + ClassLabels.MAX_CLASSES + " distinct values: a continuous target is a regression task");
                            }
                        } else if (TableEncoder.number(v) == null) {
                            throw new DataFormatException(source, r.line(), "label column '" + names[c]
                                    + "': a regression target must be a finite number, found '" + f[c] + "'");
                        }
                        continue;
                    }
                    if (TableEncoder.isMissing(v)) {
                        continue;
                    }
                    if (numeric[c] && TableEncoder.number(v) == null) {
                        numeric[c] = false;
                    }
                    present[c]++;
                    length[c] += v.length();
                    if (v.indexOf(' ') >= 0) {
                        spaced[c]++;
                    }
                    // Distinct values, counted only while few enough to matter for identifier detection.
                    Map<String, Long> s = seen.get(c);
                    if (s.size() <= 1 << 16 || s.containsKey(v)) {
                        s.merge(v, 1L, Long::sum);
                    } else {
                        distinctCapped[c] = 1;
                    }
                }
            }
        }
        if (rows == 0) {
            throw new DataFormatException(source, "has no data rows");
        }
        for (String s : o.categorical) {
            requireColumn(s, names, "categorical", source);
        }
        for (String s : o.ignore) {
            requireColumn(s, names, "ignoreColumns", source);
        }
        for (String s : o.text) {
            requireColumn(s, names, "textColumns", source);
        }
        // Column roles.
        List<TableColumn> columns = new ArrayList<>();
        int[] position = new int[names.length];
        Arrays.fill(position, -1);
        for (int c = 0; c < names.length; c++) {
            if (c == label) {
                continue;
            }
            TableColumn col;
            if (o.ignore.contains(names[c])) {
                col = new TableColumn(names[c], TableColumn.Kind.IGNORED, "ignored, as asked");
            } else if (o.text.contains(names[c])) {
                col = new TableColumn(names[c], TableColumn.Kind.TEXT, "text, as asked");
            } else if (!numeric[c] && !o.categorical.contains(names[c]) && looksLikeText(present[c], spaced[c],
                    length[c], distinctCapped[c] != 0 ? present[c] : seen.get(c).size())) {
                col = new TableColumn(names[c], TableColumn.Kind.TEXT, "text: most values are long, distinct and hold spaces "
                        + "(naming it categorical one-hot encodes it instead)");
            } else if (o.categorical.contains(names[c]) || !numeric[c]) {
                Map<String, Long> s = seen.get(c);
                boolean allDistinct = distinctCapped[c] == 0 && s.values().stream().allMatch(n -> n == 1);
                if (!numeric[c] && !o.categorical.contains(names[c]) && allDistinct && s.size() >= IDENTIFIER_MIN_ROWS
                        && s.size() == rows) {
                    col = new TableColumn(names[c], TableColumn.Kind.IGNORED, "ignored: every value differs, an identifier "
                            + "(naming it categorical keeps it)");
                } else {
                    col = new TableColumn(names[c], TableColumn.Kind.CATEGORICAL, null);
                }
            } else {
                col = new TableColumn(names[c], TableColumn.Kind.NUMERIC, null);
                col.missing = o.missing;
            }
            position[c] = columns.size();
            columns.add(col);
        }
        if (columns.stream().noneMatch(c -> c.kind != TableColumn.Kind.IGNORED)) {
            throw new DataFormatException(source, "has no feature columns besides the label '" + names[label] + "'");
        }
        // Pass 2: statistics of numeric columns, vocabularies of categorical ones.
        Stats[] stats = new Stats[names.length];
        List<Map<String, Long>> counts = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            counts.add(new HashMap<>());
            if (position[c] >= 0 && columns.get(position[c]).kind == TableColumn.Kind.NUMERIC) {
                stats[c] = new Stats(o.missing == MissingPolicy.MEDIAN);
            }
        }
        java.util.function.IntPredicate training = trainingRows.apply(Math.toIntExact(rows));
        try (CsvRows r = CsvRows.open(file, delimiter)) {
            if (o.header) {
                r.next();
            }
            int row = -1;
            for (String[] f = r.next(); f != null; f = r.next()) {
                if (!training.test(++row)) {
                    continue;
                }
                for (int c = 0; c < f.length; c++) {
                    if (position[c] < 0) {
                        continue;
                    }
                    TableColumn col = columns.get(position[c]);
                    String v = f[c].trim();
                    if (col.kind == TableColumn.Kind.NUMERIC) {
                        if (TableEncoder.isMissing(v)) {
                            if (o.missing == MissingPolicy.ERROR) {
                                throw new DataFormatException(source, r.line(), "column '" + col.name
                                        + "' is empty, and missing cells are errors (the missing policy mean, median or zero fills them)");
                            }
                            stats[c].missing++;
                        } else {
                            stats[c].add(TableEncoder.number(v));
                        }
                    } else if (col.kind == TableColumn.Kind.CATEGORICAL && !TableEncoder.isMissing(v)) {
                        counts.get(c).merge(v, 1L, Long::sum);
                    }
                }
            }
        }
        for (int c = 0; c < names.length; c++) {
            if (position[c] < 0) {
                continue;
            }
            TableColumn col = columns.get(position[c]);
            if (col.kind == TableColumn.Kind.NUMERIC) {
                stats[c].finish(col, o);
            } else if (col.kind == TableColumn.Kind.CATEGORICAL) {
                List<Map.Entry<String, Long>> byCount = new ArrayList<>(counts.get(c).entrySet());
                byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()));
                List<String> kept = new ArrayList<>();
                for (int k = 0; k < Math.min(o.maxCategories, byCount.size()); k++) {
                    kept.add(byCount.get(k).getKey());
                }
                col.tailBuckets = byCount.size() > o.maxCategories ? TableEncoder.TAIL_BUCKETS : 0;
                col.categories = List.copyOf(kept);
                col.vocabulary = TableColumn.vocabulary(kept);
            }
        }
        List<String> classes = o.classification ? sortedClasses(labelCounts.keySet()) : List.of();
        if (o.classification && classes.size() < 2) {
            throw new DataFormatException(source, "label column '" + names[label] + "' has a single value " + classes
                    + ": classification needs at least two classes");
        }
        return new TableEncoder(o.header, delimiter, columns, names[label], label, o.classification, classes);
    }

    private static boolean looksLikeText(long present, long spaced, long length, long distinct) {
        return present > 0 && spaced >= TEXT_SPACED_SHARE * present && length >= (long) TEXT_MEAN_LENGTH * present
                && distinct >= TEXT_DISTINCT_SHARE * present;
    }

    /** Running statistics of a numeric column's present cells. */
    private static final class Stats {
        long n;
        long missing;
        double mean;
        double m2;
        float[] values;

        Stats(boolean keepValues) {
            values = keepValues ? new float[1024] : null;
        }

        void add(double v) {
            if (values != null) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * values.length));
                }
                values[(int) n] = (float) v;
            }
            n++;
            double d = v - mean;
            mean += d / n;
            m2 += d * (v - mean);
        }

        /** Imputation value, then mean and deviation of the column as imputed (what the model sees). */
        void finish(TableColumn col, TableOptions o) {
            col.fill = switch (o.missing) {
                case MEAN -> n > 0 ? mean : 0;
                case MEDIAN -> median();
                case ZERO, ERROR -> 0;
            };
            long total = n + missing;
            double all = (n * mean + missing * col.fill) / total;
            double sq = m2 + n * (mean - all) * (mean - all) + missing * (col.fill - all) * (col.fill - all);
            double sd = Math.sqrt(sq / total);
            if (o.standardize) {
                col.center = all;
                col.scale = sd > 0 ? sd : 1;
            }
        }

        double median() {
            if (n == 0) {
                return 0;
            }
            float[] v = Arrays.copyOf(values, (int) n);
            Arrays.sort(v);
            int h = v.length / 2;
            return v.length % 2 == 1 ? v[h] : (v[h - 1] + (double) v[h]) / 2;
        }
    }

    /** Numbers in numeric order when every label is one (0, 1, 2, 10), else text order (no, yes). */
    static List<String> sortedClasses(Set<String> labels) {
        List<String> out = new ArrayList<>(labels);
        if (out.stream().allMatch(s -> TableEncoder.number(s) != null)) {
            Map<Double, String> byValue = new java.util.TreeMap<>();
            for (String s : out) {
                byValue.putIfAbsent(TableEncoder.number(s), s);
            }
            return List.copyOf(byValue.values());
        }
        out.sort(Comparator.naturalOrder());
        return List.copyOf(out);
    }

    private static void checkNames(String[] names, String source) throws DataFormatException {
        Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < names.length; c++) {
            names[c] = names[c].trim();
            if (!seen.add(names[c])) {
                throw new DataFormatException(source, 1, "the header names column '" + names[c] + "' twice");
            }
        }
        if (names.length < 2) {
            throw new DataFormatException(source, 1, "expected a label and at least one feature column, found "
                    + names.length + " column" + (names.length == 1 ? "" : "s") + ": " + Arrays.toString(names));
        }
    }

    private static int resolveLabel(String[] names, TableOptions o, String source) throws DataFormatException {
        if (o.labelName != null) {
            if (o.labelName.matches("-?\\d+")) {
                return index(Integer.parseInt(o.labelName), names, source);
            }
            for (int c = 0; c < names.length; c++) {
                if (names[c].equals(o.labelName)) {
                    return c;
                }
            }
            throw new DataFormatException(source, "label column '" + o.labelName + "' not found; the header has "
                    + Arrays.toString(names));
        }
        return index(o.labelIndex, names, source);
    }

    private static int index(int i, String[] names, String source) throws DataFormatException {
        int c = i < 0 ? names.length + i : i;
        if (c < 0 || c >= names.length) {
            throw new DataFormatException(source, "label column " + i + " does not exist among " + names.length
                    + " columns");
        }
        return c;
    }

    private static void requireColumn(String name, String[] names, String parameter, String source) {
        if (!Arrays.asList(names).contains(name)) {
            throw new ParameterException(parameter, name, source + " has no such column; its columns are "
                    + Arrays.toString(names));
        }
    }
}
