package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.csv.CsvRows;
import io.github.adagrad4j.optim.io.AtomicFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's predictions as CSV, one row per input row in input order, streamed (memory bounded by a
 * batch, not the data): an id column if there is one (a CSV's {@code idColumn}, a text's file
 * name), then the predicted class and each class's probability ({@code predicted,p_no,p_yes}), or
 * the predicted value. What {@code adagrad4j predict} writes, and what a server answers a CSV with.
 *
 * <pre>{@code
 * TrainedModel m = TrainedModel.load(Path.of("runs/churn"));
 * long rows = Predictions.write(m, "churn-new.csv", "customer_id", Path.of("predictions.csv"));
 * }</pre>
 */
public final class Predictions {
    private Predictions() {
    }

    /**
     * Writes the predictions to {@code file}, which appears only once every row is written (a
     * failure leaves no file, or the previous one).
     *
     * @return the rows written
     */
    public static long write(TrainedModel m, String data, String idColumn, Path file) throws IOException {
        long[] written = {0};
        AtomicFile.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                written[0] = write(m, data, idColumn, w);
            }
        });
        return written[0];
    }

    /** Writes the predictions to {@code w} and flushes it; returns the rows written. */
    public static long write(TrainedModel m, String data, String idColumn, Writer w) throws IOException {
        Lines lines = new Lines(m.classes(), idColumn, w);
        m.score(data, false, idColumn, lines);
        return lines.finish();
    }

    /**
     * Writes the predictions of a CSV that is not a file (a request's body; a model trained on a
     * CSV table) to {@code w}, as {@link #write(TrainedModel, String, String, Writer)} writes a
     * file's; {@code source} names the CSV in error messages.
     */
    public static long write(TrainedModel m, java.io.InputStream csv, String source, String idColumn, Writer w)
            throws IOException {
        Lines lines = new Lines(m.classes(), idColumn, w);
        m.score(csv, source, idColumn, lines);
        return lines.finish();
    }

    /** Scored batches to CSV lines: the header before the first row (or at the end, for no rows). */
    private static final class Lines implements TrainedModel.ScoredHandler {
        private final List<String> classes;
        private final String idColumn;
        private final Writer w;
        private final StringBuilder line = new StringBuilder(256);
        private long count;
        private boolean headed;

        Lines(List<String> classes, String idColumn, Writer w) {
            this.classes = classes;
            this.idColumn = idColumn;
            this.w = w;
        }

        @Override
        public void accept(TrainedModel.Scored s) throws IOException {
            if (!headed) {
                // Texts get their file names as ids, CSV rows the id column's cells.
                header(w, classes, s.ids() == null ? null : idColumn != null ? idColumn : "file");
                headed = true;
            }
            int width = s.width();
            for (int i = 0; i < s.count(); i++) {
                line.setLength(0);
                if (s.ids() != null) {
                    line.append(CsvRows.quote(s.ids()[i])).append(',');
                }
                if (classes.isEmpty()) {
                    plain(line, s.outputs()[i], 7);
                } else {
                    line.append(CsvRows.quote(classes.get(ClassLabels.argmax(s.outputs(), i * width, width))));
                    for (int k = 0; k < width; k++) {
                        plain(line.append(','), s.outputs()[i * width + k], 6);
                    }
                }
                w.write(line.append('\n').toString());
            }
            count += s.count();
        }

        long finish() throws IOException {
            if (!headed) {
                header(w, classes, idColumn);
            }
            w.flush();
            return count;
        }
    }

    private static void header(Writer w, List<String> classes, String id) throws IOException {
        StringBuilder line = new StringBuilder();
        if (id != null) {
            line.append(CsvRows.quote(id)).append(',');
        }
        line.append("predicted");
        for (String c : classes) {
            line.append(',').append(CsvRows.quote("p_" + c));
        }
        w.write(line.append('\n').toString());
    }

    private static final double[] POW10 = new double[64];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Math.pow(10, i);
        }
    }

    /**
     * {@code v} for people: {@code significant} significant digits in plain notation, trailing
     * zeros dropped ({@code 0.000360907}, not {@code 3.6090662E-4}; a value's 7 digits are all a
     * float holds). Values too large or too small for that (beyond 1e15, below 1e-40) and
     * non-finite ones are written as Java writes them.
     */
    static StringBuilder plain(StringBuilder b, float value, int significant) {
        double v = value;
        if (v == 0 || !Double.isFinite(v)) {
            return b.append(v == 0 ? "0" : Float.toString(value));
        }
        double a = Math.abs(v);
        if (a >= 1e15 || a < 1e-40) {
            return b.append(value);
        }
        int e = (int) Math.floor(Math.log10(a));
        int scale = significant - 1 - e;
        long r = Math.round(scale >= 0 ? a * POW10[scale] : a / POW10[-scale]);
        if (r >= (long) POW10[significant]) {   // 9.999996 rounds up a digit
            r = Math.round((double) r / 10);
            scale--;
        }
        // Trailing zeros after the point say nothing.
        while (scale > 0 && r % 10 == 0) {
            r /= 10;
            scale--;
        }
        if (v < 0) {
            b.append('-');
        }
        String digits = Long.toString(r);
        if (scale <= 0) {
            b.append(digits);
            for (int i = 0; i < -scale; i++) {
                b.append('0');
            }
        } else if (scale >= digits.length()) {
            b.append("0.");
            for (int i = digits.length(); i < scale; i++) {
                b.append('0');
            }
            b.append(digits);
        } else {
            b.append(digits, 0, digits.length() - scale).append('.').append(digits, digits.length() - scale,
                    digits.length());
        }
        return b;
    }
}
