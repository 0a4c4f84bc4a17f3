package io.github.adagrad4j.data.table;

import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.table.TableOptions.MissingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted table as plain maps and lists for a model's JSON, and back, checked field by field:
 * {@link TableEncoder#describe()} and {@link TableEncoder#fromDescription} are its public face.
 */
final class TableDescription {
    private TableDescription() {
    }

    /** The encoder as plain maps and lists, for a model's JSON. */
    static Map<String, Object> describe(TableEncoder e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "table");
        d.put("header", e.header());
        d.put("delimiter", String.valueOf(e.delimiter()));
        d.put("missing_values", TableEncoder.MISSING);
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("name", e.labelColumn());
        label.put("index", e.labelIndex());
        if (e.classification()) {
            label.put("classes", e.classes());
        }
        d.put("label", label);
        List<Object> cols = new ArrayList<>();
        for (TableColumn c : e.columns()) {
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
        d.put("features", e.featureCount());
        return d;
    }

    /**
     * An encoder from {@link #describe}'s output, checked whole.
     *
     * @param classification whether the model classifies (its label has classes)
     * @throws IllegalArgumentException naming the first field that is missing or of the wrong kind
     */
    static TableEncoder read(Map<?, ?> d, boolean classification) {
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
        List<TableColumn> cols = new ArrayList<>();
        List<?> list = JsonFields.list(d, "columns");
        for (int k = 0; k < list.size(); k++) {
            if (!(list.get(k) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("'columns[" + k + "]' should be an object");
            }
            String where = "columns[" + k + "].";
            String name = JsonFields.string(m, "name");
            String type = JsonFields.string(m, "type");
            TableColumn c;
            switch (type) {
                case "numeric" -> {
                    c = new TableColumn(name, TableColumn.Kind.NUMERIC, null);
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
                    c = new TableColumn(name, TableColumn.Kind.CATEGORICAL, null);
                    c.categories = JsonFields.strings(m, "categories");
                    c.vocabulary = TableColumn.vocabulary(c.categories);
                    if (c.vocabulary.size() != c.categories.size()) {
                        throw new IllegalArgumentException("'" + where + "categories' lists a value twice");
                    }
                    c.tailBuckets = (int) JsonFields.integer(m, "hashed_slots", 0, 1 << 16);
                }
                case "ignored" -> c = new TableColumn(name, TableColumn.Kind.IGNORED, m.get("reason") instanceof String s ? s : "ignored");
                case "text" -> c = new TableColumn(name, TableColumn.Kind.TEXT, m.get("reason") instanceof String s ? s : "text");
                default -> throw new IllegalArgumentException("'" + where + "type' should be numeric, categorical, "
                        + "text or ignored; found '" + type + "'");
            }
            cols.add(c);
        }
        TableEncoder e = new TableEncoder(header, delim.charAt(0), cols, labelName, labelIndex, classification, classes);
        long declared = JsonFields.integer(d, "features", e.textColumns().isEmpty() ? 1 : 0, Integer.MAX_VALUE);
        if (declared != e.featureCount()) {
            throw new IllegalArgumentException("'features' says " + declared + " but the columns encode "
                    + e.featureCount());
        }
        return e;
    }
}
