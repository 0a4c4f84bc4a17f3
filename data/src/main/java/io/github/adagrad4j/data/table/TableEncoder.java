package io.github.adagrad4j.data.table;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.data.table.TableOptions.MissingPolicy;
import io.github.adagrad4j.data.text.MurmurHash3;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CSV table's preprocessing, fitted on the training file and applied unchanged to every later
 * file: column types, the label's classes (text labels are fine), one-hot vocabularies (the
 * {@code maxCategories} most frequent values, a hashed tail beyond, an "other" slot for values
 * never seen, a "missing" slot), imputation values and standardisation statistics. It is saved
 * with a model ({@link #describe()} / {@link #fromDescription}) so that predicting needs the
 * model folder alone. Files stream through {@link #open} in batches: memory is bounded by the
 * batch, not the file. This class encodes; {@link TableInference} fits the columns and
 * {@link TableDescription} writes and reads their JSON form.
 *
 * <pre>{@code
 * TableEncoder.Fitted f = TableEncoder.fit(Path.of("train.csv"), TableOptions.builder().labelColumn("churned").build());
 * Dataset train = f.data();                          // features, label indices
 * Dataset test = f.encoder().read(Path.of("test.csv"));
 * f.encoder().classes();                             // ["no", "yes"]
 * }</pre>
 */
public final class TableEncoder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Cells read as missing (compared after trimming; the words case-insensitively). */
    public static final List<String> MISSING = List.of("", "NA", "N/A", "NaN", "?", "null");
    /** Hashed slots shared by the values beyond a column's {@code maxCategories} most frequent. */
    static final int TAIL_BUCKETS = 16;

    private final boolean header;
    private final char delimiter;
    private final List<TableColumn> columns;
    private final String labelName;
    private final int labelIndex;
    private final boolean classification;
    private final List<String> classes;
    /** Class values when every class name is a number ("1" and "1.0" are one class); else null. */
    private final double[] numericClasses;
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final int features;
    private final boolean hasText;
    private transient Set<String> knownNames;

    TableEncoder(boolean header, char delimiter, List<TableColumn> columns, String labelName, int labelIndex,
            boolean classification, List<String> classes) {
        this.header = header;
        this.delimiter = delimiter;
        this.columns = columns;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.classification = classification;
        this.classes = classes;
        int off = 0;
        for (TableColumn c : columns) {
            c.offset = off;
            off += c.width();
        }
        this.features = off;
        this.hasText = columns.stream().anyMatch(c -> c.kind == TableColumn.Kind.TEXT);
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
        return TableInference.fit(file, o, trainingRows);
    }

    /**
     * As {@link #fit(Path, TableOptions, java.util.function.IntFunction)}, without encoding the file:
     * the encoder alone, for a caller that streams the rows itself ({@link #open}), with memory
     * bounded by the columns' vocabularies rather than the file.
     */
    public static TableEncoder fitEncoder(Path file, TableOptions o,
            java.util.function.IntFunction<java.util.function.IntPredicate> trainingRows) throws IOException {
        return TableInference.encoder(file, o, trainingRows);
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

    /**
     * As {@link #open(Path, int, boolean, String)}, for a CSV that is not a file (a request's
     * body); {@code source} names it in error messages. Closing the batches closes {@code in}.
     */
    public Batches open(java.io.InputStream in, String source, int batchSize, boolean labels, String idColumn)
            throws IOException {
        return new Batches(CsvRows.open(in, source, null), batchSize, labels, idColumn);
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
                    TableColumn col = columns.get(k);
                    Integer c = at.get(col.name);
                    if (c == null && col.kind != TableColumn.Kind.IGNORED) {
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
            if (columns.get(k).kind == TableColumn.Kind.TEXT) {
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
     * has them (a column the row leaves out is a missing cell, as in {@link #encode(Map)}); null
     * when the table has no text column.
     */
    public String text(Map<String, String> row) {
        return joinText(k -> {
            String v = row.get(columns.get(k).name);
            return v == null ? "" : v;
        });
    }

    /** The text columns, in order (empty for a table of numbers and categories). */
    public List<String> textColumns() {
        List<String> out = new ArrayList<>();
        for (TableColumn c : columns) {
            if (c.kind == TableColumn.Kind.TEXT) {
                out.add(c.name);
            }
        }
        return out;
    }

    /**
     * Encodes one row given as column name to cell text, as a JSON request or a Java caller has it.
     * A column the row leaves out is a missing cell, imputed as the model was trained to (or refused,
     * for a column trained to refuse missing cells); the label column, if present, is ignored. A name
     * that is none of the table's columns is refused rather than ignored: with absent columns
     * imputed, a misspelt name would otherwise be a silently imputed column.
     *
     * @throws CellException naming the column: an unknown column, a cell that is not a number, a
     *     missing cell the model refuses
     */
    public float[] encode(Map<String, String> row) {
        float[] x = new float[features];
        encode(row, x, 0);
        return x;
    }

    /** As {@link #encode(Map)}, into {@code x[at, at + featureCount())}, which must hold zeros. */
    public void encode(Map<String, String> row, float[] x, int at) {
        Set<String> known = knownNames();
        for (String name : row.keySet()) {
            if (!known.contains(name)) {
                throw new CellException(name, "unknown column '" + name + "'; the model's columns are " + columnNames());
            }
        }
        for (TableColumn col : columns) {
            if (col.kind == TableColumn.Kind.IGNORED || col.kind == TableColumn.Kind.TEXT) {
                continue;
            }
            String v = row.get(col.name);
            String problem = encodeCell(col, v == null ? "" : v, x, at);
            if (problem != null) {
                throw new CellException(col.name, problem);
            }
        }
    }

    /** The table's columns in file order, the label's included: what a row may name. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        boolean labelListed = false;
        for (TableColumn c : columns) {
            if (!labelListed && labelIndex >= 0 && names.size() == labelIndex) {
                names.add(labelName);
                labelListed = true;
            }
            names.add(c.name);
        }
        if (!labelListed) {
            names.add(labelName);
        }
        return names;
    }

    /** {@link #columnNames()} as a set, built once (not serialised: encoders saved before it rebuild it). */
    private Set<String> knownNames() {
        Set<String> k = knownNames;
        if (k == null) {
            k = Set.copyOf(columnNames());
            knownNames = k;
        }
        return k;
    }

    private void encode(String[] f, int[] sourceOf, float[] x, int at, String source, long line)
            throws DataFormatException {
        for (int k = 0; k < columns.size(); k++) {
            TableColumn col = columns.get(k);
            if (col.kind != TableColumn.Kind.IGNORED && col.kind != TableColumn.Kind.TEXT) {
                String problem = encodeCell(col, f[sourceOf[k]], x, at);
                if (problem != null) {
                    throw new DataFormatException(source, line, problem);
                }
            }
        }
    }

    /** Writes one cell's encoding at {@code x[row + offset]}; returns null, or what is wrong with the cell. */
    private String encodeCell(TableColumn col, String cell, float[] x, int row) {
        String v = cell.trim();
        int at = row + col.offset;
        if (col.kind == TableColumn.Kind.NUMERIC) {
            double value;
            if (isMissing(v)) {
                if (col.missing == MissingPolicy.ERROR) {
                    return "column '" + col.name + "' is empty, and the model was trained to refuse missing cells";
                }
                value = col.fill;
            } else {
                Double d = number(v);
                if (d == null) {
                    return "column '" + col.name + "': expected a number, found '" + cell + "'";
                }
                value = d;
            }
            x[at] = (float) ((value - col.center) / col.scale);
            return null;
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
        return null;
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

    /** The fitted columns, in file order (without the label). */
    List<TableColumn> columns() {
        return columns;
    }

    boolean header() {
        return header;
    }

    char delimiter() {
        return delimiter;
    }

    int labelIndex() {
        return labelIndex;
    }

    /** Values per encoded row. */
    public int featureCount() {
        return features;
    }

    /** The names of the encoded features: {@code age}, {@code plan=basic}, {@code plan=<other>}, {@code plan=<missing>}. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(features);
        for (TableColumn c : columns) {
            if (c.kind == TableColumn.Kind.NUMERIC) {
                out.add(c.name);
            } else if (c.kind == TableColumn.Kind.CATEGORICAL) {
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
        for (TableColumn c : columns) {
            if (c.kind == TableColumn.Kind.IGNORED || c.kind == TableColumn.Kind.TEXT) {
                out.add("column '" + c.name + "' " + c.reason);
            } else if (c.kind == TableColumn.Kind.CATEGORICAL) {
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
        return TableDescription.describe(this);
    }

    /**
     * An encoder from {@link #describe()}'s output, checked whole.
     *
     * @param classification whether the model classifies (its label has classes)
     * @throws IllegalArgumentException naming the first field that is missing or of the wrong kind
     */
    public static TableEncoder fromDescription(Map<?, ?> d, boolean classification) {
        return TableDescription.read(d, classification);
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

    static String[] defaultNames(int n) {
        String[] names = new String[n];
        for (int c = 0; c < n; c++) {
            names[c] = "column" + (c + 1);
        }
        return names;
    }


}
