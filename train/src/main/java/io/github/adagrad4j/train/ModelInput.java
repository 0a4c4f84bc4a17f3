package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.stream.ExampleBlock;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureExpander;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.data.text.TextFolder;
import io.github.adagrad4j.data.text.TokenHashing;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a saved model takes as input and how raw data becomes it: a CSV table (through its
 * {@link TableEncoder}), dense features (optionally standardised; read from a numeric CSV, a
 * LIBSVM file or a built-in data set's held-out part), or sparse rows (a LIBSVM file, or texts
 * hashed as in training). Described in model.json's {@code input} object.
 */
sealed interface ModelInput permits ModelInput.Table, ModelInput.Dense, ModelInput.Sparse, ModelInput.Tokens,
        ModelInput.Hashed {

    /** {@code table}, {@code dense}, {@code libsvm}, {@code hashed-text} or {@code hashed-token-sequence}. */
    String kind();

    /** Values per encoded row (the network's input size). */
    int featureCount();

    /** Opens a file (or a built-in data set by name) for reading in batches. */
    Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes) throws IOException;

    /** Batches of encoded rows. */
    interface Reader extends Closeable {
        Encoded next() throws IOException;
    }

    /**
     * Encoded rows: dense {@code [count, features]}, a CSR batch or token sequences; labels as
     * class indices or values.
     */
    record Encoded(int count, float[] dense, CsrMatrix sparse, int[][] tokens, float[] labels, String[] ids,
            long[] lines) {
        static Encoded dense(int n, float[] x, float[] y, String[] ids, long[] lines) {
            return new Encoded(n, x, null, null, y, ids, lines);
        }

        static Encoded sparse(CsrMatrix x, float[] y, String[] ids, long[] lines) {
            return new Encoded(x.rows(), null, x, null, y, ids, lines);
        }

        static Encoded tokens(int[][] x, float[] y, String[] ids, long[] lines) {
            return new Encoded(x.length, null, null, x, y, ids, lines);
        }
    }

    /** Reads model.json's {@code input}; {@code size} is the network's input size, or -1 when the input sets it. */
    static ModelInput fromDescription(Map<?, ?> d, boolean classification, int size) {
        String kind = JsonFields.string(d, "kind");
        ModelInput in = switch (kind) {
            case "table" -> new Table(TableEncoder.fromDescription(d, classification));
            case "dense" -> Dense.fromDescription(d);
            case "libsvm", "hashed-text" -> Sparse.fromDescription(d, classification);
            case OnlineLearner.INPUT_KIND -> Hashed.fromDescription(d);
            case "hashed-token-sequence" -> new Tokens(new TokenHashing((int) JsonFields.integer(d, "bits", 1, 30),
                    (int) JsonFields.integer(d, "max_len", 1, Integer.MAX_VALUE)), d.containsKey("table")
                    ? TableEncoder.fromDescription(JsonFields.map(d, "table"), classification) : null, splitOf(d));
            default -> throw new IllegalArgumentException("'input.kind' should be table, dense, libsvm, hashed-text, "
                    + "hashed-token-sequence or hashed-features; found '" + kind + "'");
        };
        if (size >= 0 && in.featureCount() != size) {
            throw new IllegalArgumentException("'input' encodes " + in.featureCount() + " features but the model takes "
                    + size);
        }
        return in;
    }

    /** The built-in data set's held-out part (the split recorded at training), or null for a file. */
    static Map<?, ?> splitOf(Map<?, ?> d) {
        return d.get("split") instanceof Map<?, ?> m ? m : null;
    }

    static Dataset heldOut(String name, Map<?, ?> split) throws IOException {
        if (name.equals("fashion-mnist")) {
            return Builtin.fashionMnist().test();
        }
        if (split == null) {
            throw new IllegalArgumentException("'" + name + "' names a built-in data set, but this model was not trained "
                    + "on one: give a file");
        }
        return Builtin.load(name).split(JsonFields.finite(split, "test_fraction"),
                JsonFields.integer(split, "seed", Long.MIN_VALUE, Long.MAX_VALUE)).test();
    }

    static String ext(String data) {
        String n = Path.of(data).getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    /** The class index of a numeric label value, or an error naming the row. */
    static float classOf(float value, List<String> classes, String source, long line) throws DataFormatException {
        for (int k = 0; k < classes.size(); k++) {
            if (Double.parseDouble(classes.get(k)) == value) {
                return k;
            }
        }
        throw new DataFormatException(source, line, "label " + ClassLabels.name(value) + " was never seen in training; the "
                + "model knows " + classes);
    }

    /** Rows of an in-memory data set, in batches. */
    static Reader inMemory(Dataset d, boolean labels, List<String> classes, int batch,
            java.util.function.UnaryOperator<float[]> prepare, String source) {
        return new Reader() {
            int at;

            @Override
            public Encoded next() throws IOException {
                if (at >= d.count()) {
                    return null;
                }
                int n = Math.min(batch, d.count() - at);
                int per = d.exampleSize();
                float[] x = prepare.apply(Arrays.copyOfRange(d.features(), at * per, (at + n) * per));
                float[] y = null;
                long[] lines = new long[n];
                if (labels) {
                    y = new float[n];
                    for (int i = 0; i < n; i++) {
                        float v = d.targets()[at + i];
                        y[i] = classes.isEmpty() ? v : classOf(v, classes, source, at + i + 1);
                    }
                }
                for (int i = 0; i < n; i++) {
                    lines[i] = at + i + 1;
                }
                at += n;
                return Encoded.dense(n, x, y, null, lines);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A LIBSVM file streamed in CSR batches of a fixed width; labels mapped to classes when read. */
    static Reader libsvm(Path file, int features, boolean labels, List<String> classes, int batch) throws IOException {
        LibSvmReader.Batches b = LibSvmReader.open(file, features);
        return new Reader() {
            @Override
            public Encoded next() throws IOException {
                LibSvmReader.Batch x = b.next(batch);
                if (x == null) {
                    return null;
                }
                float[] y = null;
                if (labels) {
                    y = new float[x.labels().length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = classes.isEmpty() ? x.labels()[i] : classOf(x.labels()[i], classes, file.toString(),
                                x.lines()[i]);
                    }
                }
                return Encoded.sparse(x.features(), y, null, x.lines());
            }

            @Override
            public void close() throws IOException {
                b.close();
            }
        };
    }

    /** A CSV table's rows through its encoder, in batches, each made into the model's input by {@code encode}. */
    static Reader tableRows(TableEncoder.Batches b, java.util.function.Function<TableEncoder.Batch, Encoded> encode) {
        return new Reader() {
            @Override
            public Encoded next() throws IOException {
                TableEncoder.Batch x = b.next();
                return x == null ? null : encode.apply(x);
            }

            @Override
            public void close() throws IOException {
                b.close();
            }
        };
    }

    /**
     * Reads CSV rows already opened by the model's table encoder (a model trained on a CSV table);
     * {@link #open} does this for files.
     */
    default Reader table(TableEncoder.Batches rows) {
        throw new IllegalArgumentException("this model takes " + kind() + " input, not CSV rows");
    }

    /** A model trained on a CSV table. */
    record Table(TableEncoder encoder) implements ModelInput {
        @Override
        public String kind() {
            return "table";
        }

        @Override
        public int featureCount() {
            return encoder.featureCount();
        }

        @Override
        public Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes)
                throws IOException {
            return table(encoder.open(Path.of(data), batch, labels, idColumn));
        }

        @Override
        public Reader table(TableEncoder.Batches rows) {
            return tableRows(rows, x -> Encoded.dense(x.count(), x.features(), x.labels(), x.ids(), x.lines()));
        }
    }

    /** Dense features: images, a numeric CSV, a LIBSVM file read densely. */
    record Dense(int features, double[] mean, double[] scale, String source, Map<?, ?> split) implements ModelInput {
        static Dense fromDescription(Map<?, ?> d) {
            int f = (int) JsonFields.integer(d, "features", 1, Integer.MAX_VALUE - 8);
            double[] mean = null;
            double[] scale = null;
            if (d.get("standardize") != null) {
                Map<?, ?> s = JsonFields.map(d, "standardize");
                mean = JsonFields.numbers(s, "mean", f);
                scale = JsonFields.numbers(s, "scale", f);
                for (double v : scale) {
                    if (!(v > 0)) {
                        throw new IllegalArgumentException("'input.standardize.scale' should hold positive numbers, "
                                + "found " + v);
                    }
                }
            }
            return new Dense(f, mean, scale, JsonFields.string(d, "source"), splitOf(d));
        }

        @Override
        public String kind() {
            return "dense";
        }

        @Override
        public int featureCount() {
            return features;
        }

        /** Standardises rows of raw features in place, as training did. */
        float[] prepare(float[] x, int n) {
            if (x.length != n * features) {
                throw new IllegalArgumentException("expected " + features + " features per example, got "
                        + x.length / Math.max(n, 1));
            }
            if (mean != null) {
                for (int i = 0; i < x.length; i++) {
                    int j = i % features;
                    x[i] = (float) ((x[i] - mean[j]) / scale[j]);
                }
            }
            return x;
        }

        @Override
        public Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes)
                throws IOException {
            if (idColumn != null) {
                throw new ParameterException("idColumn", idColumn, "an id column applies to models trained on CSV "
                        + "tables; this one takes " + features + " numeric features");
            }
            if (Builtin.names().contains(data)) {
                if (!data.equals(source)) {
                    throw new IllegalArgumentException("the model was trained on " + source + ", not on '" + data + "'");
                }
                return inMemory(heldOut(data, split), labels, classes, batch, x -> prepare(x, x.length / features), data);
            }
            String ext = ext(data);
            if (ext.endsWith(".svm") || ext.endsWith(".libsvm") || ext.endsWith(".txt")) {
                Reader sparse = libsvm(Path.of(data), features, labels, classes, batch);
                return new Reader() {
                    @Override
                    public Encoded next() throws IOException {
                        Encoded e = sparse.next();
                        if (e == null) {
                            return null;
                        }
                        float[] x = densify(e.sparse());
                        return Encoded.dense(e.count(), prepare(x, e.count()), e.labels(), null, e.lines());
                    }

                    @Override
                    public void close() throws IOException {
                        sparse.close();
                    }
                };
            }
            if (ext.endsWith(".csv")) {
                return numericCsv(Path.of(data), labels, classes, batch);
            }
            throw new ParameterException("data", data, "this model reads .csv, .svm/.libsvm files"
                    + (source.endsWith("file") ? "" : " or '" + source + "'"));
        }

        static float[] densify(CsrMatrix m) {
            int width = m.numCols();
            float[] x = new float[Math.multiplyExact(m.rows(), width)];
            for (int r = 0; r < m.rows(); r++) {
                for (int k = m.rowPtr()[r]; k < m.rowPtr()[r + 1]; k++) {
                    x[r * width + m.cols()[k]] = m.values()[k];
                }
            }
            return x;
        }

        /** Numeric CSV rows: the features, then (optionally) the label last; a header line is skipped. */
        private Reader numericCsv(Path file, boolean labels, List<String> classes, int batch) throws IOException {
            CsvRows rows = CsvRows.open(file, null);
            return new Reader() {
                boolean first = true;

                @Override
                public Encoded next() throws IOException {
                    float[] x = new float[batch * features];
                    float[] y = labels ? new float[batch] : null;
                    long[] lines = new long[batch];
                    int n = 0;
                    for (String[] f = n < batch ? rows.next() : null; f != null; f = n < batch ? rows.next() : null) {
                        if (first && !numeric(f[0])) {
                            first = false;
                            continue;
                        }
                        first = false;
                        if (f.length != features + 1 && (labels || f.length != features)) {
                            throw new DataFormatException(file.toString(), rows.line(), "expected " + features
                                    + " feature columns " + (labels ? "and the label" : "(and optionally the label)")
                                    + ", found " + f.length + " columns");
                        }
                        for (int c = 0; c < features; c++) {
                            x[n * features + c] = number(f[c], file, rows.line(), c);
                        }
                        if (labels) {
                            float v = number(f[features], file, rows.line(), features);
                            y[n] = classes.isEmpty() ? v : classOf(v, classes, file.toString(), rows.line());
                        }
                        lines[n] = rows.line();
                        if (++n == batch) {
                            break;
                        }
                    }
                    if (n == 0) {
                        return null;
                    }
                    return Encoded.dense(n, prepare(Arrays.copyOf(x, n * features), n), y == null ? null
                            : Arrays.copyOf(y, n), null, Arrays.copyOf(lines, n));
                }

                @Override
                public void close() throws IOException {
                    rows.close();
                }
            };
        }

        private static boolean numeric(String s) {
            try {
                Float.parseFloat(s.trim());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static float number(String s, Path file, long line, int column) throws DataFormatException {
            try {
                float v = Float.parseFloat(s.trim());
                if (Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new DataFormatException(file.toString(), line, "column " + (column + 1) + ": expected a finite number, "
                    + "found '" + s + "'");
        }
    }

    /** Sparse rows for a sparse-linear model: LIBSVM files, or texts hashed as in training. */
    record Sparse(String kind, int features, HashingVectorizer hashing, TableEncoder table, Map<?, ?> split)
            implements ModelInput {
        static Sparse fromDescription(Map<?, ?> d, boolean classification) {
            String kind = JsonFields.string(d, "kind");
            int f = (int) JsonFields.integer(d, "features", 1, Integer.MAX_VALUE - 8);
            HashingVectorizer h = null;
            TableEncoder table = null;
            if (kind.equals("hashed-text")) {
                int bits = (int) JsonFields.integer(d, "bits", 1, 30);
                if (d.containsKey("table")) {
                    table = TableEncoder.fromDescription(JsonFields.map(d, "table"), classification);
                }
                int dense = table == null ? 0 : table.featureCount();
                if ((1 << bits) + dense != f) {
                    throw new IllegalArgumentException("'input.bits' " + bits + (dense > 0 ? " and the table's " + dense
                            + " columns" : "") + " do not give " + f + " features");
                }
                String weighting = JsonFields.string(d, "weighting");
                if (!weighting.equals("TF") && !weighting.equals("BINARY")) {
                    throw new IllegalArgumentException("'input.weighting' should be TF or BINARY, found " + weighting);
                }
                h = HashingVectorizer.builder().bits(bits)
                        .ngrams((int) JsonFields.integer(d, "ngram_min", 1, 8), (int) JsonFields.integer(d, "ngram_max", 1, 8))
                        .weighting(HashingVectorizer.Weighting.valueOf(weighting)).signed(JsonFields.bool(d, "signed"))
                        .normalize(JsonFields.bool(d, "normalize")).allowEmpty(true).build();
            }
            return new Sparse(kind, f, h, table, splitOf(d));
        }

        @Override
        public int featureCount() {
            return features;
        }

        @Override
        public Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes)
                throws IOException {
            if (table != null) {
                return table(table.open(Path.of(data), batch, labels, idColumn));
            }
            if (idColumn != null) {
                throw new IllegalArgumentException("an id column applies to models trained on CSV tables");
            }
            if (hashing == null) {
                return libsvm(Path.of(data), features, labels, classes, batch);
            }
            return texts(data, labels, batch, classes, split,
                    (texts, y, ids, lines) -> Encoded.sparse(hashing.transform(texts), y, ids, lines));
        }

        @Override
        public Reader table(TableEncoder.Batches rows) {
            if (table == null) {
                return ModelInput.super.table(rows);
            }
            return tableRows(rows, x -> Encoded.sparse(hashing.transform(List.of(x.texts()))
                    .withDenseColumns(x.features(), table.featureCount()), x.labels(), x.ids(), x.lines()));
        }
    }

    /**
     * Examples of a stream format (Vowpal Wabbit, LIBSVM, CSV, TSV) hashed as {@code learn} hashed
     * them ({@link FeatureHashing}, interactions included): the input of a model {@code learn} wrote.
     * A file's name may say another stream format than the recorded one (a TSV of the CSV's columns).
     */
    record Hashed(int features, StreamFormat format, String label, List<String> categorical, FeatureHashing hashing)
            implements ModelInput {
        static Hashed fromDescription(Map<?, ?> d) {
            FeatureHashing h = FeatureHashing.fromDescription(JsonFields.map(d, "hashing"));
            int f = (int) JsonFields.integer(d, "features", 1, Integer.MAX_VALUE);
            if (f != h.buckets()) {
                throw new IllegalArgumentException("'input.features' " + f + " is not the 2^" + h.bits() + " buckets of "
                        + "'input.hashing'");
            }
            List<String> categorical = d.containsKey("categorical") ? JsonFields.strings(d, "categorical") : List.of();
            String label = d.get("label") instanceof String s ? s : null;
            return new Hashed(f, StreamFormat.of(JsonFields.string(d, "format")), label, categorical, h);
        }

        @Override
        public String kind() {
            return OnlineLearner.INPUT_KIND;
        }

        @Override
        public int featureCount() {
            return features;
        }

        @Override
        public Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes)
                throws IOException {
            if (idColumn != null) {
                throw new IllegalArgumentException("an id column applies to models trained on CSV tables; a Vowpal "
                        + "Wabbit line's 'tag is its id");
            }
            StreamFormat f = StreamFormat.guess(data);
            return reader(ExampleStream.open(data, options(f != null ? f : format, batch), hashing), labels, classes);
        }

        /** How this model's examples are read: its format (or another a file's name says), label column and categorical columns. */
        ExampleStream.Options options(StreamFormat f, int batch) {
            // The parsing threads expand the examples too: the reading thread scores and writes.
            return new ExampleStream.Options(f, label, categorical, false, Math.max(1, batch), 4).withExpansion(true);
        }

        /** Batches of an opened stream of this model's examples. */
        Reader reader(ExampleStream s, boolean labels, List<String> classes) {
            FeatureExpander expander = new FeatureExpander(hashing);
            return new Reader() {
                @Override
                public Encoded next() throws IOException {
                    ExampleBlock b = s.next();
                    if (b == null) {
                        return null;
                    }
                    int n = b.size();
                    CsrMatrix x = expander.rows(b);
                    float[] y = labels ? new float[n] : null;
                    long[] lines = new long[n];
                    String[] ids = null;
                    for (int e = 0; e < n; e++) {
                        lines[e] = b.line(e);
                        String tag = b.tag(e);
                        if (!tag.isEmpty()) {
                            ids = ids == null ? new String[n] : ids;
                            ids[e] = tag;
                        }
                        if (labels) {
                            float v = b.label(e);
                            if (Float.isNaN(v)) {
                                throw new DataFormatException(s.source(), b.line(e), "has no label; evaluating needs "
                                        + "one on every line");
                            }
                            // A logistic stream's labels may be {-1, 1} or {0, 1}: the negative is the first class.
                            if (classes.size() == 2 && (v == 0f || v == -1f)) {
                                v = Float.parseFloat(classes.get(0));
                            }
                            y[e] = classes.isEmpty() ? v : classOf(v, classes, s.source(), b.line(e));
                        }
                    }
                    if (ids != null) {
                        for (int e = 0; e < n; e++) {
                            ids[e] = ids[e] == null ? "" : ids[e];
                        }
                    }
                    return Encoded.sparse(x, y, ids, lines);
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        }
    }

    /** Token sequences for a sequence classifier: texts hashed as in training. */
    record Tokens(TokenHashing hashing, TableEncoder table, Map<?, ?> split) implements ModelInput {
        @Override
        public String kind() {
            return "hashed-token-sequence";
        }

        /** The vocabulary: the embedding's rows. */
        @Override
        public int featureCount() {
            return hashing.buckets();
        }

        @Override
        public Reader open(String data, boolean labels, String idColumn, int batch, List<String> classes)
                throws IOException {
            if (table != null) {
                return table(table.open(Path.of(data), Math.min(batch, 256), labels, idColumn));
            }
            if (idColumn != null) {
                throw new IllegalArgumentException("an id column applies to models trained on CSV tables");
            }
            // A batch's recurrent activations grow with its longest sequence times the batch: 256 e-mails of
            // 600 tokens keep that to tens of megabytes.
            return texts(data, labels, Math.min(batch, 256), classes, split, (texts, y, ids, lines) -> {
                return Encoded.tokens(hashing.encodeAll(texts), y, ids, lines);
            });
        }

        @Override
        public Reader table(TableEncoder.Batches rows) {
            if (table == null) {
                return ModelInput.super.table(rows);
            }
            return tableRows(rows, x -> Encoded.tokens(hashing.encodeAll(Arrays.asList(x.texts())), x.labels(), x.ids(),
                    x.lines()));
        }
    }

    /** Encodes a batch of texts. */
    @FunctionalInterface
    interface TextBatch {
        Encoded encode(List<String> texts, float[] labels, String[] ids, long[] lines);
    }

    /**
     * Texts in batches: the spam corpus's held-out part ({@code data} "spam", the split recorded at
     * training, with its labels), or a text file or every file of a folder (one document each, its
     * file name as id; no labels).
     */
    static Reader texts(String data, boolean labels, int batch, List<String> classes, Map<?, ?> split,
            TextBatch encoder) throws IOException {
        List<String> docs = new ArrayList<>();
        float[] y = null;
        List<Path> files = null;
        List<String> folderIds = null;
        if (data.equals("spam")) {
            SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
            if (split == null) {
                throw new IllegalArgumentException("this model was not trained on the spam corpus");
            }
            // A model trained on the first N e-mails of the split's order held out a part of those N.
            int used = split.containsKey("documents") ? (int) JsonFields.integer(split, "documents", 1, Integer.MAX_VALUE)
                    : 0;
            int[] test = SklearnSplit.indices(c.documents().size(), JsonFields.finite(split, "test_fraction"),
                    JsonFields.integer(split, "seed", 0, 0xffffffffL), used).test();
            y = new float[test.length];
            for (int i = 0; i < test.length; i++) {
                docs.add(c.documents().get(test[i]));
                y[i] = classOf(c.labels()[test[i]], classes, data, i + 1);
            }
        } else if (TextFolder.isClassFolders(Path.of(data))) {
            // Labelled texts: one folder per class, as in training.
            TextFolder.Texts t = TextFolder.read(Path.of(data), classes);
            docs.addAll(t.texts());
            y = t.labels();
            folderIds = t.ids();
        } else {
            if (labels) {
                throw new IllegalArgumentException("evaluating a text model needs labelled texts: the spam corpus or a "
                        + "folder of class folders");
            }
            files = documents(Path.of(data));
        }
        List<Path> paths = files;
        List<String> named = folderIds;
        float[] allY = labels ? y : null;
        int total = paths != null ? paths.size() : docs.size();
        return new Reader() {
            int at;

            @Override
            public Encoded next() throws IOException {
                if (at >= total) {
                    return null;
                }
                int n = Math.min(batch, total - at);
                List<String> texts = new ArrayList<>(n);
                String[] ids = paths == null && named == null ? null : new String[n];
                long[] lines = new long[n];
                for (int i = 0; i < n; i++) {
                    if (paths != null) {
                        Path f = paths.get(at + i);
                        texts.add(TextFolder.utf8(f));
                        ids[i] = f.getFileName().toString();
                    } else {
                        texts.add(docs.get(at + i));
                        if (named != null) {
                            ids[i] = named.get(at + i);
                        }
                    }
                    lines[i] = at + i + 1;
                }
                Encoded e = encoder.encode(texts, allY == null ? null : Arrays.copyOfRange(allY, at, at + n), ids,
                        lines);
                at += n;
                return e;
            }

            @Override
            public void close() {
            }
        };
    }

    /** One document per file: a file, or every regular file of a folder (sorted by name). */
    private static List<Path> documents(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, "no such file or folder of texts");
        }
        List<Path> files;
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(p);
        }
        if (files.isEmpty()) {
            throw new DataFormatException(p.toString(), "holds no text files");
        }
        return files;
    }
}
