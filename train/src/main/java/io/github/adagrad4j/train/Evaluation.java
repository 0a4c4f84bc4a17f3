package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's figures on labelled data, accumulated batch by batch as {@link TrainedModel#score}
 * streams it. Classification: accuracy, log-loss (probabilities clipped to {@code [1e-15, 1]}, as
 * scikit-learn does), ROC-AUC for two classes, per-class precision, recall, F1 and support, macro
 * F1 and the confusion matrix (rows: true class, columns: predicted). Regression: RMSE, MAE, R².
 *
 * <pre>{@code
 * Evaluation ev = new Evaluation(model.classes());
 * model.score("test.csv", true, null, ev::add);
 * System.out.print(ev.table());
 * Map<String, Object> json = ev.results();
 * }</pre>
 */
public final class Evaluation {
    private static final double CLIP = 1e-15;
    private final List<String> classes;
    private final long[][] confusion;
    private long n;
    private double logLoss;
    // binary ROC-AUC: scores of class 1 and labels, grown as rows arrive
    private float[] scores = new float[0];
    private float[] truth = new float[0];
    // regression
    private double sumY;
    private double sumY2;
    private double sumSq;
    private double sumAbs;
    private float[] predicted = new float[0];
    private float[] actual = new float[0];

    /** For a classifier with these classes, or a regression model when {@code classes} is empty. */
    public Evaluation(List<String> classes) {
        this.classes = List.copyOf(classes);
        int k = classes.size();
        this.confusion = new long[k][k];
    }

    public boolean classification() {
        return !classes.isEmpty();
    }

    /** Adds a scored batch read with labels. */
    public void add(TrainedModel.Scored s) {
        if (s.labels() == null) {
            throw new IllegalArgumentException("evaluation needs labelled rows");
        }
        int w = s.width();
        if (classification()) {
            boolean binary = classes.size() == 2;
            if (binary) {
                grow(s.count());
            }
            for (int i = 0; i < s.count(); i++) {
                int t = (int) s.labels()[i];
                confusion[t][ClassLabels.argmax(s.outputs(), i * w, w)]++;
                logLoss -= Math.log(Math.max(CLIP, Math.min(1, s.outputs()[i * w + t])));
                if (binary) {
                    scores[(int) n + i] = s.outputs()[i * w + 1];
                    truth[(int) n + i] = t;
                }
            }
        } else {
            grow(s.count());
            for (int i = 0; i < s.count(); i++) {
                double y = s.labels()[i];
                double r = s.outputs()[i] - y;
                sumY += y;
                sumY2 += y * y;
                sumSq += r * r;
                sumAbs += Math.abs(r);
                predicted[(int) n + i] = s.outputs()[i];
                actual[(int) n + i] = (float) y;
            }
        }
        n += s.count();
    }

    private void grow(int more) {
        int need = Math.toIntExact(n + more);
        if (classification() ? scores.length < need : predicted.length < need) {
            int cap = Math.max(need, 2 * (classification() ? scores.length : predicted.length));
            if (classification()) {
                scores = Arrays.copyOf(scores, cap);
                truth = Arrays.copyOf(truth, cap);
            } else {
                predicted = Arrays.copyOf(predicted, cap);
                actual = Arrays.copyOf(actual, cap);
            }
        }
    }

    public long rows() {
        return n;
    }

    /** Rows: true class, columns: predicted class. */
    public long[][] confusionMatrix() {
        long[][] c = new long[confusion.length][];
        for (int k = 0; k < c.length; k++) {
            c[k] = confusion[k].clone();
        }
        return c;
    }

    /** Predicted and actual values of a regression evaluation, in input order. */
    public float[][] residuals() {
        return new float[][] {Arrays.copyOf(predicted, (int) n), Arrays.copyOf(actual, (int) n)};
    }

    public List<String> classes() {
        return classes;
    }

    /** The figures as JSON-ready maps and lists. */
    /**
     * Writes the figures as a JSON object to {@code file} (atomically): the {@code model} folder
     * and the {@code data} they were measured on, then {@link #results()}.
     */
    public void writeJson(java.nio.file.Path file, String model, String data) throws java.io.IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("data", data);
        json.putAll(results());
        io.github.adagrad4j.optim.io.AtomicFile.writeString(file, io.github.adagrad4j.optim.io.Json.writePretty(json));
    }

    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", n);
        if (n == 0) {
            return r;
        }
        if (!classification()) {
            double mean = sumY / n;
            double ssTot = sumY2 - n * mean * mean;
            r.put("rmse", Math.sqrt(sumSq / n));
            r.put("mae", sumAbs / n);
            if (ssTot > 0) {
                r.put("r2", 1 - sumSq / ssTot);
            }
            return r;
        }
        long correct = 0;
        for (int k = 0; k < confusion.length; k++) {
            correct += confusion[k][k];
        }
        r.put("accuracy", (double) correct / n);
        r.put("log_loss", logLoss / n);
        if (classes.size() == 2) {
            double auc = Metric.ROC_AUC.compute(Arrays.copyOf(scores, (int) n), 1, Arrays.copyOf(truth, (int) n), 1);
            if (!Double.isNaN(auc)) {
                r.put("roc_auc", auc);
            }
        }
        List<Object> perClass = new ArrayList<>();
        double macroF1 = 0;
        for (int k = 0; k < classes.size(); k++) {
            long tp = confusion[k][k];
            long support = 0;
            long predictedK = 0;
            for (int j = 0; j < classes.size(); j++) {
                support += confusion[k][j];
                predictedK += confusion[j][k];
            }
            double precision = predictedK == 0 ? 0 : (double) tp / predictedK;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            macroF1 += f1;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", classes.get(k));
            c.put("precision", precision);
            c.put("recall", recall);
            c.put("f1", f1);
            c.put("support", support);
            perClass.add(c);
        }
        r.put("macro_f1", macroF1 / classes.size());
        r.put("per_class", perClass);
        List<Object> matrix = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> l = new ArrayList<>();
            for (long v : row) {
                l.add(v);
            }
            matrix.add(l);
        }
        r.put("confusion_matrix", matrix);
        return r;
    }

    /** The figures as a plain-text table for a terminal. */
    public String table() {
        Map<String, Object> r = results();
        StringBuilder b = new StringBuilder();
        b.append(String.format("rows        %d%n", n));
        if (!classification()) {
            for (String k : List.of("rmse", "mae", "r2")) {
                if (r.containsKey(k)) {
                    b.append(String.format("%-11s %.4f%n", k, (Double) r.get(k)));
                }
            }
            return b.toString();
        }
        for (String k : List.of("accuracy", "log_loss", "roc_auc", "macro_f1")) {
            if (r.containsKey(k)) {
                b.append(String.format("%-11s %.4f%n", k, (Double) r.get(k)));
            }
        }
        int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        w = Math.min(w, 24);
        b.append(String.format("%n%-" + w + "s  precision  recall     f1  support%n", "class"));
        for (Object o : (List<?>) r.getOrDefault("per_class", List.of())) {
            Map<?, ?> c = (Map<?, ?>) o;
            b.append(String.format("%-" + w + "s  %9.4f  %6.4f  %6.4f  %7d%n", clip(c.get("class").toString(), w),
                    c.get("precision"), c.get("recall"), c.get("f1"), c.get("support")));
        }
        if (classes.size() <= 20) {
            b.append(String.format("%nconfusion (rows: true, columns: predicted)%n%-" + w + "s", ""));
            int cw = 8;
            for (String c : classes) {
                b.append(String.format(" %" + cw + "s", clip(c, cw)));
            }
            b.append(String.format("%n"));
            for (int k = 0; k < classes.size(); k++) {
                b.append(String.format("%-" + w + "s", clip(classes.get(k), w)));
                for (long v : confusion[k]) {
                    b.append(String.format(" %" + cw + "d", v));
                }
                b.append(String.format("%n"));
            }
        }
        return b.toString();
    }

    private static String clip(String s, int w) {
        return s.length() <= w ? s : s.substring(0, w - 1) + "~";
    }
}
