package io.github.adagrad4j.data.table;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.data.table.TableOptions.MissingPolicy;
import io.github.adagrad4j.data.text.MurmurHash3;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CSV table's preprocessing, fitted on the training file and applied unchanged to every later
 * file: column types, the label's classes (text labels are fine), one-hot vocabularies (the
 * {@code maxCategories} most frequent values, a hashed tail beyond, an "other" slot for values
 * never seen, a "missing" slot), imputation values and standardisation statistics. It is saved
 * with a model ({@link #describe()} / {@link #fromDescription}) so that predicting needs the
 * model folder alone. Files stream through {@link #open} in batches: memory is bounded by the
 * batch, not the file.
 *
 * <pre>{@code
 * TableEncoder.Fitted f = TableEncoder.fit(Path.of("train.csv"), TableOptions.builder().labelColumn("churned").build());
 * Dataset train = f.data();                          // features, label indices
 * Dataset test = f.encoder().read(Path.of("test.csv"));
 * f.encoder().classes();                             // ["no", "yes"]
 * }</pre>
 */
public final class TableEncoder {
    /** Cells read as missing (compared after trimming; the words case-insensitively). */
    public static final List<String> MISSING = List.of("", "NA", "N/A", "NaN", "?", "null");
    /** Hashed slots shared by the values beyond a column's {@code maxCategories} most frequent. */
    static final int TAIL_BUCKETS = 16;
    /** Non-numeric columns with at least this many rows, every value distinct, are taken for identifiers. */
    private static final int IDENTIFIER_MIN_ROWS = 20;

    private enum Kind { NUMERIC, CATEGORICAL, TEXT, IGNORED }

    /** Inferred text: at least this share of a column's present cells hold a space ... */
    private static final double TEXT_SPACED_SHARE = 0.8;
    /** ... their mean length is at least this many characters ... */
    private static final int TEXT_MEAN_LENGTH = 25;
    /** ... and at least this share of them are distinct (categories repeat; texts rarely do). */
    private static final double TEXT_DISTINCT_SHARE = 0.5;

    private static final class Column {
        final String name;
        final Kind kind;
        final String reason;
        // numeric
        MissingPolicy missing;
        double fill;
        double center;
        double scale = 1;
        // categorical
        Map<String, Integer> vocabulary = Map.of();
        List<String> categories = List.of();
        int tailBuckets;
        int offset;

        Column(String name, Kind kind, String reason) {
            this.name = name;
            this.kind = kind;
            this.reason = reason;
        }

        int width() {
            return switch (kind) {
                case NUMERIC -> 1;
                // categories, then the hashed tail (or one "other" slot), then "missing"
                case CATEGORICAL -> categories.size() + Math.max(tailBuckets, 1) + 1;
                case TEXT, IGNORED -> 0;
            };
        }
    }

    private final boolean header;
    private final char delimiter;
    private final List<Column> columns;
    private final String labelName;
    private final int labelIndex;
    private final boolean classification;
    private final List<String> classes;
    /** Class values when every class name is a number ("1" and "1.0" are one class); else null. */
    private final double[] numericClasses;
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final int features;
    private final boolean hasText;

    private TableEncoder(boolean header, char delimiter, List<Column> columns, String labelName, int labelIndex,
            boolean classification, List<String> classes) {
        this.header = header;
        this.delimiter = delimiter;
        this.columns = columns;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.classification = classification;
        this.classes = classes;
        int off = 0;
        for (Column c : columns) {
            c.offset = off;
            off += c.width();
        }
        this.features = off;
        this.hasText = columns.stream().anyMatch(c -> c.kind == Kind.TEXT);
        double[] numeric = classes.isEmpty() ? null : new double[classes.size()];
        for (int k = 0; k < classes.size(); k++) {
            classIndex.put(classes.get(k), k);
            Double v = number(classes.get(k));
            if (numeric != null && v != null) {
                numeric[k] = v;
            } else {
                numeric = null;
            }
        }
        this.numericClasses = numeric;
    }

    /** The encoder fitted on a file, and that file encoded. */
    public record Fitted(TableEncoder encoder, Rows rows, String source) {
        /**
         * The file's rows as a data set of dense features.
         *
         * @throws DataFormatException if the table's only features are text columns
         */
        public Dataset data() throws DataFormatException {
            return rows.dataset(source);
        }
    }

    /**
     * Fits the preprocessing on a training file (two passes: types and the label's classes, then
     * statistics and vocabularies) and encodes it (a third).
     *
     * @throws DataFormatException naming the file, line and column of the first bad cell
     */
    public static Fitted fit(Path file, TableOptions o) throws IOException {
        return fit(file, o, rows -> row -> true);
    }

    /**
     * As {@link #fit(Path, TableOptions)}, with statistics and vocabularies taken from the training
     * rows alone: {@code trainingRows} receives the file's row count and says which rows (0-based,
     * in file order) are for training, so that a held-out part leaks nothing into the
     * preprocessing. Column types and the label's classes still come from every row.
     */
    public static Fitted fit(Path file, TableOptions o, java.util.function.IntFunction<java.util.function.IntPredicate>
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
            names = o.header ? first : defaultNames(first.length);
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
                        if (isMissing(v)) {
                            throw new DataFormatException(source, r.line(), "label column '" + names[c]
                                    + "' is empty: every training row needs a label");
                        }
                        if (o.classification) {
                            labelCounts.merge(v, 1L, Long::sum);
                            if (labelCounts.size() > ClassLabels.MAX_CLASSES) {
                                throw new DataFormatException(source, r.line(), "label column '" + names[c] + "' has more than "
                                        + ClassLabels.MAX_CLASSES + " distinct values: a continuous target is a regression task");
                            }
                        } else if (number(v) == null) {
                            throw new DataFormatException(source, r.line(), "label column '" + names[c]
                                    + "': a regression target must be a finite number, found '" + f[c] + "'");
                        }
                        continue;
                    }
                    if (isMissing(v)) {
                        continue;
                    }
                    if (numeric[c] && number(v) == null) {
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
        List<Column> columns = new ArrayList<>();
        int[] position = new int[names.length];
        Arrays.fill(position, -1);
        for (int c = 0; c < names.length; c++) {
            if (c == label) {
                continue;
            }
            Column col;
            if (o.ignore.contains(names[c])) {
                col = new Column(names[c], Kind.IGNORED, "ignored, as asked");
            } else if (o.text.contains(names[c])) {
                col = new Column(names[c], Kind.TEXT, "text, as asked");
            } else if (!numeric[c] && !o.categorical.contains(names[c]) && looksLikeText(present[c], spaced[c],
                    length[c], distinctCapped[c] != 0 ? present[c] : seen.get(c).size())) {
                col = new Column(names[c], Kind.TEXT, "text: most values are long, distinct and hold spaces "
                        + "(naming it categorical one-hot encodes it instead)");
            } else if (o.categorical.contains(names[c]) || !numeric[c]) {
                Map<String, Long> s = seen.get(c);
                boolean allDistinct = distinctCapped[c] == 0 && s.values().stream().allMatch(n -> n == 1);
                if (!numeric[c] && !o.categorical.contains(names[c]) && allDistinct && s.size() >= IDENTIFIER_MIN_ROWS
                        && s.size() == rows) {
                    col = new Column(names[c], Kind.IGNORED, "ignored: every value differs, an identifier "
                            + "(naming it categorical keeps it)");
                } else {
                    col = new Column(names[c], Kind.CATEGORICAL, null);
                }
            } else {
                col = new Column(names[c], Kind.NUMERIC, null);
                col.missing = o.missing;
            }
            position[c] = columns.size();
            columns.add(col);
        }
        if (columns.stream().noneMatch(c -> c.kind != Kind.IGNORED)) {
            throw new DataFormatException(source, "has no feature columns besides the label '" + names[label] + "'");
        }
        // Pass 2: statistics of numeric columns, vocabularies of categorical ones.
        Stats[] stats = new Stats[names.length];
        List<Map<String, Long>> counts = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            counts.add(new HashMap<>());
            if (position[c] >= 0 && columns.get(position[c]).kind == Kind.NUMERIC) {
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
                    Column col = columns.get(position[c]);
                    String v = f[c].trim();
                    if (col.kind == Kind.NUMERIC) {
                        if (isMissing(v)) {
                            if (o.missing == MissingPolicy.ERROR) {
                                throw new DataFormatException(source, r.line(), "column '" + col.name
                                        + "' is empty, and missing cells are errors (the missing policy mean, median or zero fills them)");
                            }
                            stats[c].missing++;
                        } else {
                            stats[c].add(number(v));
                        }
                    } else if (col.kind == Kind.CATEGORICAL && !isMissing(v)) {
                        counts.get(c).merge(v, 1L, Long::sum);
                    }
                }
            }
        }
        for (int c = 0; c < names.length; c++) {
            if (position[c] < 0) {
                continue;
            }
            Column col = columns.get(position[c]);
            if (col.kind == Kind.NUMERIC) {
                stats[c].finish(col, o);
            } else if (col.kind == Kind.CATEGORICAL) {
                List<Map.Entry<String, Long>> byCount = new ArrayList<>(counts.get(c).entrySet());
                byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()));
                List<String> kept = new ArrayList<>();
                for (int k = 0; k < Math.min(o.maxCategories, byCount.size()); k++) {
                    kept.add(byCount.get(k).getKey());
                }
                col.tailBuckets = byCount.size() > o.maxCategories ? TAIL_BUCKETS : 0;
                col.categories = List.copyOf(kept);
                col.vocabulary = vocabulary(kept);
            }
        }
        List<String> classes = o.classification ? sortedClasses(labelCounts.keySet()) : List.of();
        if (o.classification && classes.size() < 2) {
            throw new DataFormatException(source, "label column '" + names[label] + "' has a single value " + classes
                    + ": classification needs at least two classes");
        }
        TableEncoder enc = new TableEncoder(o.header, delimiter, columns, names[label], label, o.classification, classes);
        return new Fitted(enc, enc.readRows(file), source);
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
        void finish(Column col, TableOptions o) {
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

    /**
     * Every row of a file, encoded (labels required): {@code count * featureCount()} features, the
     * labels, and the text columns joined per row (null when the table has none).
     */
    public record Rows(int count, float[] features, float[] labels, List<String> texts) {
        /** The rows as a data set of their dense features. */
        public Dataset dataset(String source) throws DataFormatException {
            int width = features.length / Math.max(1, count);
            if (count > 0 && width == 0) {
                throw new DataFormatException(source, "holds only text features, which a dense network does not read: train a "
                        + "sparse-linear or recurrent model on them");
            }
            return new Dataset(features, new int[] {width}, labels, 1);
        }
    }

    /** Encodes a whole file (labels required) with this encoder. */
    public Rows readRows(Path file) throws IOException {
        float[] x = new float[0];
        float[] y = new float[16];
        List<String> texts = hasText ? new ArrayList<>() : null;
        int n = 0;
        try (Batches b = open(file, 4096, true, null)) {
            for (Batch batch = b.next(); batch != null; batch = b.next()) {
                if (x.length < (long) (n + batch.count()) * features) {
                    long want = Math.max(2L * x.length, (long) (n + batch.count()) * features);
                    if (want > Integer.MAX_VALUE - 8) {
                        throw new DataFormatException(file.toString(), "holds more than " + (Integer.MAX_VALUE - 8)
                                + " feature values: too large to train on in memory");
                    }
                    x = Arrays.copyOf(x, (int) want);
                }
                if (y.length < n + batch.count()) {
                    y = Arrays.copyOf(y, Math.max(2 * y.length, n + batch.count()));
                }
                System.arraycopy(batch.features(), 0, x, n * features, batch.count() * features);
                System.arraycopy(batch.labels(), 0, y, n, batch.count());
                if (texts != null) {
                    texts.addAll(Arrays.asList(batch.texts()));
                }
                n += batch.count();
            }
        }
        if (n == 0) {
            throw new DataFormatException(file.toString(), "has no data rows");
        }
        return new Rows(n, Arrays.copyOf(x, n * features), Arrays.copyOf(y, n), texts);
    }

    /**
     * Encodes a whole file (labels required) with this encoder, as a data set of dense features.
     *
     * @throws DataFormatException if the table's only features are text columns
     */
    public Dataset read(Path file) throws IOException {
        return readRows(file).dataset(file.toString());
    }

    /**
     * A batch of encoded rows: {@code count * featureCount()} features, {@code count} labels (class
     * indices or values; null when not read), the id column's cells (null when none was asked for)
     * and the line each row starts on.
     */
    public record Batch(int count, float[] features, float[] labels, String[] ids, long[] lines, String[] texts) {
    }

    /**
     * Streams a file in batches of at most {@code batchSize} rows. Columns are matched by header name
     * (any order; extra columns are ignored); without a header by position.
     *
     * @param labels whether the label column must be present and is read (evaluation), or ignored
     * @param idColumn a column whose cells are returned with each row, or null
     */
    public Batches open(Path file, int batchSize, boolean labels, String idColumn) throws IOException {
        // Each file's own delimiter: a model trained on a ';' file predicts on a ',' one.
        return new Batches(CsvRows.open(file, null), batchSize, labels, idColumn);
    }

    /** An open file being encoded; see {@link #open}. */
    public final class Batches implements Closeable {
        private final CsvRows rows;
        private final int batchSize;
        private final boolean labels;
        private final int[] sourceOf;
        private final int labelAt;
        private final int idAt;
        private final int width;
        private String[] pending;

        private Batches(CsvRows rows, int batchSize, boolean labels, String idColumn) throws IOException {
            this.rows = rows;
            this.batchSize = batchSize;
            this.labels = labels;
            String source = rows.source();
            try {
                String[] first = rows.next();
                if (first == null) {
                    throw new DataFormatException(source, "is empty");
                }
                String[] names = header ? first : defaultNames(first.length);
                if (!header) {
                    pending = first;
                }
                width = names.length;
                Map<String, Integer> at = new HashMap<>();
                for (int c = 0; c < names.length; c++) {
                    at.putIfAbsent(names[c].trim(), c);
                }
                sourceOf = new int[columns.size()];
                for (int k = 0; k < columns.size(); k++) {
                    Column col = columns.get(k);
                    Integer c = at.get(col.name);
                    if (c == null && col.kind != Kind.IGNORED) {
                        throw new DataFormatException(source, header ? 1 : 0, "column '" + col.name + "', which the model "
                                + "uses, is missing" + (header ? "; the header has " + Arrays.toString(names)
                                : "; expected " + (columns.size() + 1) + " columns, found " + names.length));
                    }
                    sourceOf[k] = c == null ? -1 : c;
                }
                Integer l = at.get(labelName);
                if (labels && l == null) {
                    throw new DataFormatException(source, "label column '" + labelName + "' is missing"
                            + (header ? "; the header has " + Arrays.toString(names) : ""));
                }
                labelAt = labels ? l : -1;
                if (idColumn != null) {
                    Integer id = at.get(idColumn);
                    if (id == null) {
                        throw new DataFormatException(source, "id column '" + idColumn + "' is missing"
                                + (header ? "; the header has " + Arrays.toString(names) : ""));
                    }
                    idAt = id;
                } else {
                    idAt = -1;
                }
            } catch (IOException | RuntimeException e) {
                rows.close();
                throw e;
            }
        }

        /** The next batch, or null at the end of the file. */
        public Batch next() throws IOException {
            float[] x = null;
            float[] y = null;
            String[] texts = null;
            String[] ids = null;
            long[] lines = null;
            int n = 0;
            while (n < batchSize) {
                String[] f = pending != null ? pending : rows.next();
                long line = pending != null ? 1 : rows.line();
                pending = null;
                if (f == null) {
                    break;
                }
                if (x == null) {
                    x = new float[batchSize * features];
                    texts = hasText ? new String[batchSize] : null;
                    y = labels ? new float[batchSize] : null;
                    ids = idAt >= 0 ? new String[batchSize] : null;
                    lines = new long[batchSize];
                }
                rows.requireWidth(f, width);
                encode(f, sourceOf, x, n * features, rows.source(), line);
                if (texts != null) {
                    texts[n] = joinText(k -> f[sourceOf[k]]);
                }
                if (labels) {
                    y[n] = label(f[labelAt], rows.source(), line);
                }
                if (ids != null) {
                    ids[n] = f[idAt];
                }
                lines[n] = line;
                n++;
            }
            if (n == 0) {
                return null;
            }
            return n == batchSize ? new Batch(n, x, y, ids, lines, texts)
                    : new Batch(n, Arrays.copyOf(x, n * features), y == null ? null : Arrays.copyOf(y, n),
                            ids == null ? null : Arrays.copyOf(ids, n), Arrays.copyOf(lines, n),
                            texts == null ? null : Arrays.copyOf(texts, n));
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /**
     * A row's text columns joined in column order (a line between them), or null when the table has
     * no text column; missing cells are left out.
     */
    private String joinText(java.util.function.IntFunction<String> cell) {
        if (!hasText) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < columns.size(); k++) {
            if (columns.get(k).kind == Kind.TEXT) {
                String v = cell.apply(k).trim();
                if (!isMissing(v)) {
                    if (b.length() > 0) {
                        b.append('\n');
                    }
                    b.append(v);
                }
            }
        }
        return b.toString();
    }

    /**
     * The text columns of one row given as column name to cell text, joined as {@link Batch#texts}
     * has them; null when the table has no text column.
     *
     * @throws IllegalArgumentException naming a text column the row does not have
     */
    public String text(Map<String, String> row) {
        for (Column col : columns) {
            if (col.kind == Kind.TEXT && !row.containsKey(col.name)) {
                throw new IllegalArgumentException("text column '" + col.name + "', which the model uses, is missing; "
                        + "the row has " + row.keySet());
            }
        }
        return joinText(k -> row.get(columns.get(k).name));
    }

    /** The text columns, in order (empty for a table of numbers and categories). */
    public List<String> textColumns() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.kind == Kind.TEXT) {
                out.add(c.name);
            }
        }
        return out;
    }

    /**
     * Encodes one row given as column name to cell text (the label, if present, is ignored).
     *
     * @throws IllegalArgumentException naming a missing column or a cell that is not a number
     */
    public float[] encode(Map<String, String> row) {
        float[] x = new float[features];
        for (Column col : columns) {
            if (col.kind == Kind.IGNORED || col.kind == Kind.TEXT) {
                continue;
            }
            String v = row.get(col.name);
            if (v == null) {
                throw new IllegalArgumentException("column '" + col.name + "', which the model uses, is missing; the row "
                        + "has " + row.keySet());
            }
            try {
                encodeCell(col, v, x, 0, "row", 0);
            } catch (DataFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return x;
    }

    private void encode(String[] f, int[] sourceOf, float[] x, int at, String source, long line)
            throws DataFormatException {
        for (int k = 0; k < columns.size(); k++) {
            Column col = columns.get(k);
            if (col.kind != Kind.IGNORED && col.kind != Kind.TEXT) {
                encodeCell(col, f[sourceOf[k]], x, at, source, line);
            }
        }
    }

    private void encodeCell(Column col, String cell, float[] x, int row, String source, long line)
            throws DataFormatException {
        String v = cell.trim();
        int at = row + col.offset;
        if (col.kind == Kind.NUMERIC) {
            double value;
            if (isMissing(v)) {
                if (col.missing == MissingPolicy.ERROR) {
                    throw new DataFormatException(source, line, "column '" + col.name + "' is empty, and the model was "
                            + "trained to refuse missing cells");
                }
                value = col.fill;
            } else {
                Double d = number(v);
                if (d == null) {
                    throw new DataFormatException(source, line, "column '" + col.name + "': expected a number, found '"
                            + cell + "'");
                }
                value = d;
            }
            x[at] = (float) ((value - col.center) / col.scale);
            return;
        }
        int slot;
        int k = col.categories.size();
        if (isMissing(v)) {
            slot = k + Math.max(col.tailBuckets, 1);
        } else {
            Integer known = col.vocabulary.get(v);
            if (known != null) {
                slot = known;
            } else if (col.tailBuckets > 0) {
                slot = k + Math.floorMod(MurmurHash3.hash32(v, 0), col.tailBuckets);
            } else {
                slot = k;
            }
        }
        x[at + slot] = 1;
    }

    private float label(String cell, String source, long line) throws DataFormatException {
        String v = cell.trim();
        if (isMissing(v)) {
            throw new DataFormatException(source, line, "label column '" + labelName + "' is empty");
        }
        if (!classification) {
            Double d = number(v);
            if (d == null) {
                throw new DataFormatException(source, line, "label column '" + labelName + "': expected a number, found '"
                        + cell + "'");
            }
            return d.floatValue();
        }
        int k = classOf(v);
        if (k < 0) {
            throw new DataFormatException(source, line, "label '" + v + "' in column '" + labelName + "' was never seen "
                    + "in training; the model knows " + classes);
        }
        return k;
    }

    /** The class index of a label text, or -1 when training never saw it. */
    public int classOf(String label) {
        String v = label.trim();
        Integer k = classIndex.get(v);
        if (k != null) {
            return k;
        }
        Double d = numericClasses == null ? null : number(v);
        if (d != null) {
            for (int i = 0; i < numericClasses.length; i++) {
                if (numericClasses[i] == d) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Values per encoded row. */
    public int featureCount() {
        return features;
    }

    /** The names of the encoded features: {@code age}, {@code plan=basic}, {@code plan=<other>}, {@code plan=<missing>}. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(features);
        for (Column c : columns) {
            if (c.kind == Kind.NUMERIC) {
                out.add(c.name);
            } else if (c.kind == Kind.CATEGORICAL) {
                for (String v : c.categories) {
                    out.add(c.name + "=" + v);
                }
                if (c.tailBuckets > 0) {
                    for (int b = 0; b < c.tailBuckets; b++) {
                        out.add(c.name + "=<hashed " + b + ">");
                    }
                } else {
                    out.add(c.name + "=<other>");
                }
                out.add(c.name + "=<missing>");
            }
        }
        return out;
    }

    /** The label column's name. */
    public String labelColumn() {
        return labelName;
    }

    public boolean classification() {
        return classification;
    }

    /** Class names in index order (empty for regression). */
    public List<String> classes() {
        return classes;
    }

    /** One line per column that is not a plain numeric feature: what was inferred or decided. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.kind == Kind.IGNORED || c.kind == Kind.TEXT) {
                out.add("column '" + c.name + "' " + c.reason);
            } else if (c.kind == Kind.CATEGORICAL) {
                out.add("column '" + c.name + "' categorical: " + c.categories.size() + " values"
                        + (c.tailBuckets > 0 ? " + " + c.tailBuckets + " hashed slots for the rarer ones" : ""));
            }
        }
        if (classification) {
            out.add("label '" + labelName + "': classes " + classes);
        }
        return out;
    }

    // ---- saving and loading --------------------------------------------------------------------

    /** The encoder as plain maps and lists, for a model's JSON. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "table");
        d.put("header", header);
        d.put("delimiter", String.valueOf(delimiter));
        d.put("missing_values", MISSING);
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("name", labelName);
        label.put("index", labelIndex);
        if (classification) {
            label.put("classes", classes);
        }
        d.put("label", label);
        List<Object> cols = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name);
            m.put("type", c.kind.name().toLowerCase(Locale.ROOT));
            switch (c.kind) {
                case NUMERIC -> {
                    m.put("missing", c.missing.name().toLowerCase(Locale.ROOT));
                    m.put("fill", c.fill);
                    m.put("center", c.center);
                    m.put("scale", c.scale);
                }
                case CATEGORICAL -> {
                    m.put("categories", c.categories);
                    m.put("hashed_slots", c.tailBuckets);
                }
                case TEXT, IGNORED -> m.put("reason", c.reason);
            }
            cols.add(m);
        }
        d.put("columns", cols);
        d.put("features", features);
        return d;
    }

    /**
     * An encoder from {@link #describe()}'s output, checked whole.
     *
     * @param classification whether the model classifies (its label has classes)
     * @throws IllegalArgumentException naming the first field that is missing or of the wrong kind
     */
    public static TableEncoder fromDescription(Map<?, ?> d, boolean classification) {
        boolean header = JsonFields.bool(d, "header");
        String delim = JsonFields.string(d, "delimiter");
        if (delim.length() != 1) {
            throw new IllegalArgumentException("'delimiter' should be one character, found '" + delim + "'");
        }
        Map<?, ?> label = JsonFields.map(d, "label");
        String labelName = JsonFields.string(label, "name");
        int labelIndex = (int) JsonFields.integer(label, "index", 0, 1 << 20);
        List<String> classes = classification ? JsonFields.strings(label, "classes") : List.of();
        if (classification && classes.size() < 2) {
            throw new IllegalArgumentException("'label.classes' should list at least two classes, found " + classes);
        }
        List<Column> cols = new ArrayList<>();
        List<?> list = JsonFields.list(d, "columns");
        for (int k = 0; k < list.size(); k++) {
            if (!(list.get(k) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("'columns[" + k + "]' should be an object");
            }
            String where = "columns[" + k + "].";
            String name = JsonFields.string(m, "name");
            String type = JsonFields.string(m, "type");
            Column c;
            switch (type) {
                case "numeric" -> {
                    c = new Column(name, Kind.NUMERIC, null);
                    String missing = JsonFields.string(m, "missing");
                    try {
                        c.missing = MissingPolicy.valueOf(missing.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + where + "missing' should be one of error, mean, median,"
                                + " zero; found '" + missing + "'");
                    }
                    c.fill = JsonFields.finite(m, "fill");
                    c.center = JsonFields.finite(m, "center");
                    c.scale = JsonFields.finite(m, "scale");
                    if (!(c.scale > 0)) {
                        throw new IllegalArgumentException("'" + where + "scale' should be positive, found " + c.scale);
                    }
                }
                case "categorical" -> {
                    c = new Column(name, Kind.CATEGORICAL, null);
                    c.categories = JsonFields.strings(m, "categories");
                    c.vocabulary = vocabulary(c.categories);
                    if (c.vocabulary.size() != c.categories.size()) {
                        throw new IllegalArgumentException("'" + where + "categories' lists a value twice");
                    }
                    c.tailBuckets = (int) JsonFields.integer(m, "hashed_slots", 0, 1 << 16);
                }
                case "ignored" -> c = new Column(name, Kind.IGNORED, m.get("reason") instanceof String s ? s : "ignored");
                case "text" -> c = new Column(name, Kind.TEXT, m.get("reason") instanceof String s ? s : "text");
                default -> throw new IllegalArgumentException("'" + where + "type' should be numeric, categorical, "
                        + "text or ignored; found '" + type + "'");
            }
            cols.add(c);
        }
        TableEncoder e = new TableEncoder(header, delim.charAt(0), cols, labelName, labelIndex, classification, classes);
        long declared = JsonFields.integer(d, "features", e.textColumns().isEmpty() ? 1 : 0, Integer.MAX_VALUE);
        if (declared != e.features) {
            throw new IllegalArgumentException("'features' says " + declared + " but the columns encode " + e.features);
        }
        return e;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static boolean isMissing(String trimmed) {
        for (String m : MISSING) {
            if (trimmed.equalsIgnoreCase(m)) {
                return true;
            }
        }
        return false;
    }

    /** The finite number a cell holds, or null. */
    static Double number(String trimmed) {
        if (trimmed.isEmpty() || trimmed.length() > 64) {
            return null;
        }
        char c = trimmed.charAt(trimmed.length() - 1);
        // Java would accept "1d", "2f" and hex floats; a CSV cell holding them is text.
        if (!(c >= '0' && c <= '9') && c != '.') {
            return null;
        }
        try {
            double v = Double.parseDouble(trimmed);
            return Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Integer> vocabulary(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < values.size(); k++) {
            m.put(values.get(k), k);
        }
        return m;
    }

    /** Numbers in numeric order when every label is one (0, 1, 2, 10), else text order (no, yes). */
    private static List<String> sortedClasses(Set<String> labels) {
        List<String> out = new ArrayList<>(labels);
        if (out.stream().allMatch(s -> number(s) != null)) {
            Map<Double, String> byValue = new java.util.TreeMap<>();
            for (String s : out) {
                byValue.putIfAbsent(number(s), s);
            }
            return List.copyOf(byValue.values());
        }
        out.sort(Comparator.naturalOrder());
        return List.copyOf(out);
    }

    private static String[] defaultNames(int n) {
        String[] names = new String[n];
        for (int c = 0; c < n; c++) {
            names[c] = "column" + (c + 1);
        }
        return names;
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
