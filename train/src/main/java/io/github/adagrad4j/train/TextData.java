package io.github.adagrad4j.train;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.data.table.TableOptions;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.data.text.TextFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Labelled texts for a text model (hashed sparse-linear or recurrent): the SpamAssassin corpus
 * ({@code spam}), a folder of class folders of {@code .txt} files, or a CSV/TSV table with text
 * columns (inferred, or named in {@link TableOptions.Builder#text}), whose other columns become
 * dense features beside the text's hashed words.
 *
 * <pre>{@code
 * TextData d = TextData.load("reviews/", TableOptions.builder().build(), null);
 * System.out.println(d.classes() + " " + d.texts().size());
 * }</pre>
 *
 * @param texts one document per row
 * @param labels each row's class position
 * @param classes class names in output order
 * @param table the fitted table encoder of a CSV source, else null
 * @param dense a CSV source's other columns, encoded ({@code rows * table.featureCount()}), else empty
 * @param source what the texts came from, for messages and the model description
 */
public record TextData(List<String> texts, float[] labels, List<String> classes, TableEncoder table, float[] dense,
        String source) {

    /** Whether {@code data} names a text source: the spam corpus, a folder of class folders, or a CSV/TSV file. */
    public static boolean isText(String data) throws IOException {
        return data.equals("spam") || TextFolder.isClassFolders(Path.of(data)) || isTable(data);
    }

    /** Whether {@code data} names a CSV or TSV file (gzipped or not). */
    public static boolean isTable(String data) {
        String n = data.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".csv") || n.endsWith(".tsv");
    }

    /** The number of rows. */
    public int count() {
        return texts.size();
    }

    /** Dense columns per row (a CSV's non-text features), 0 for plain texts. */
    public int denseWidth() {
        return table == null ? 0 : table.featureCount();
    }

    /**
     * Loads a training source.
     *
     * @param options how a CSV source is read (its label and text columns); ignored otherwise
     * @param split the split whose held-out rows must not shape a CSV's statistics, or null
     */
    public static TextData load(String data, TableOptions options, Split split) throws IOException {
        if (data.equals("spam")) {
            SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
            return new TextData(c.documents(), c.labels(), List.of("0", "1"), null, new float[0], "spam");
        }
        Path path = Path.of(data);
        if (isTable(data)) {
            TableEncoder.Fitted fitted = split == null ? TableEncoder.fit(path, options)
                    : TableEncoder.fit(path, options, rows -> {
                        boolean[] held = new boolean[rows];
                        for (int r : SklearnSplit.indices(rows, split.testFraction(), split.seed()).test()) {
                            held[r] = true;
                        }
                        return row -> !held[row];
                    });
            TableEncoder enc = fitted.encoder();
            if (enc.textColumns().isEmpty()) {
                throw new DataFormatException(data, "has no text columns: a text model reads columns of free text "
                        + "(name them as text columns, or train a dense network on the table)");
            }
            if (!enc.classification()) {
                throw new DataFormatException(data, "text models classify: the label must hold classes");
            }
            TableEncoder.Rows rows = fitted.rows();
            return new TextData(rows.texts(), rows.labels(), enc.classes(), enc, rows.features(), data);
        }
        TextFolder.Texts t = TextFolder.read(path);
        return new TextData(t.texts(), t.labels(), t.classes(), null, new float[0], data);
    }

    /** A held-out source read as {@code train} was: its classes, its table encoder. */
    public static TextData loadLike(String data, TextData train) throws IOException {
        return loadLike(data, train, "testData");
    }

    /**
     * As {@link #loadLike(String, TextData)}, naming the setting that gave {@code data}
     * ({@code testData}, {@code validationData}) in its errors.
     */
    public static TextData loadLike(String data, TextData train, String parameter) throws IOException {
        if (train.table != null) {
            if (!isTable(data)) {
                throw new ParameterException(parameter, data, "the model was trained on a table, so its held-out "
                        + "data is a .csv or .tsv file with the same columns");
            }
            TableEncoder.Rows rows = train.table.readRows(Path.of(data));
            return new TextData(rows.texts(), rows.labels(), train.classes, train.table, rows.features(), data);
        }
        if (!Files.isDirectory(Path.of(data))) {
            throw new ParameterException(parameter, data, "held-out texts come as a folder of class folders (one "
                    + "subfolder of .txt files per class)");
        }
        TextFolder.Texts t = TextFolder.read(Path.of(data), train.classes);
        return new TextData(t.texts(), t.labels(), train.classes, null, new float[0], data);
    }

    /** The fraction held out and the seed of the split. */
    public record Split(double testFraction, long seed) {
    }

    /** The given rows, in that order. */
    public TextData select(int[] rows) {
        List<String> t = new ArrayList<>(rows.length);
        float[] y = new float[rows.length];
        int w = denseWidth();
        float[] x = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            t.add(texts.get(rows[i]));
            y[i] = labels[rows[i]];
            System.arraycopy(dense, rows[i] * w, x, i * w, w);
        }
        return new TextData(t, y, classes, table, x, source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextData d && texts.equals(d.texts) && Arrays.equals(labels, d.labels)
                && classes.equals(d.classes) && Arrays.equals(dense, d.dense) && source.equals(d.source);
    }

    @Override
    public int hashCode() {
        return texts.hashCode() * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "TextData[" + source + ": " + texts.size() + " texts, classes " + classes + "]";
    }
}
