package io.github.adagrad4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch figures of a {@code fit}: {@code loss}, the metrics, and their {@code val_} versions.
 *
 * <pre>{@code
 * History h = trainer.fit(train, options);
 * double last = h.last("val_accuracy");
 * }</pre>
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /**
     * The history a {@link Callbacks#csvLogger} wrote: every epoch of a run, those before a resume
     * included. Empty cells read as NaN.
     */
    public static History readCsv(java.nio.file.Path file) throws java.io.IOException {
        History h = new History();
        List<String> lines = java.nio.file.Files.readAllLines(file);
        if (lines.isEmpty()) {
            return h;
        }
        String[] names = lines.get(0).split(",", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int c = 1; c < Math.min(names.length, cells.length); c++) {
                try {
                    logs.put(names[c], cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]));
                } catch (NumberFormatException e) {
                    throw new io.github.adagrad4j.data.DataFormatException(file.toString(), h.epochs.size() + 2,
                            "column '" + names[c] + "': expected a number, found '" + cells[c] + "'");
                }
            }
            h.add(logs);
        }
        return h;
    }

    /** One map per completed epoch, in order. */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The figure {@code key} of the last epoch. */
    public double last(String key) {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch completed");
        }
        Double v = epochs.get(epochs.size() - 1).get(key);
        if (v == null) {
            throw new IllegalArgumentException("no figure '" + key + "'; have " + epochs.get(epochs.size() - 1).keySet());
        }
        return v;
    }

    /** The series of one figure across epochs. */
    public double[] series(String key) {
        double[] s = new double[epochs.size()];
        for (int i = 0; i < s.length; i++) {
            Double v = epochs.get(i).get(key);
            s[i] = v == null ? Double.NaN : v;
        }
        return s;
    }
}
