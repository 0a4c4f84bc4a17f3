package io.github.adagrad4j.data.table;

import io.github.adagrad4j.data.table.TableOptions.MissingPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of a fitted table: its role (numeric, categorical, text, ignored) and what encoding
 * it takes (imputation and scaling; categories and hashed slots), as {@link TableEncoder}
 * applies it, {@link TableInference} fits it and {@link TableDescription} saves it.
 */
final class TableColumn implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** What a column becomes. */
    enum Kind { NUMERIC, CATEGORICAL, TEXT, IGNORED }

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

    TableColumn(String name, Kind kind, String reason) {
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

    static Map<String, Integer> vocabulary(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < values.size(); k++) {
            m.put(values.get(k), k);
        }
        return m;
    }
}
