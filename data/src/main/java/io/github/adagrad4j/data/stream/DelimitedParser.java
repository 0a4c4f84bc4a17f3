package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.ParameterException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV or TSV lines under a header: every column but the label is a namespace named as the column.
 * A numeric cell is the feature named as its column with the cell as value (as the Vowpal Wabbit
 * line {@code |col col:3.5}); any other cell is the feature named by the cell, value 1 ({@code
 * |col red}); an empty cell is absent. Columns listed as categorical are read as names even when
 * they look like numbers. CSV cells may be quoted ({@code "a, b"}, {@code ""} for a quote).
 */
final class DelimitedParser implements ExampleParser {
    private final byte delimiter;
    private final boolean quotes;
    private final int columns;
    private final int labelColumn;
    private final int[] key;
    private final int[] nameHash;
    /** The hash of the feature named as the column, for numeric cells. */
    private final int[] numericHash;
    private final boolean[] categorical;
    private final boolean[] read;
    private final List<String> names;
    private byte[] unquoted = new byte[256];

    /**
     * @param header the header's column names
     * @param label the label column's name, or null for none (every line unlabeled)
     * @param categorical column names or globs ({@code c*}) always read as names
     */
    DelimitedParser(FeatureHashing hashing, List<String> header, char delimiter, String label, List<String> categorical) {
        this.delimiter = (byte) delimiter;
        this.quotes = delimiter == ',';
        this.columns = header.size();
        this.names = List.copyOf(header);
        int lab = label == null ? -1 : header.indexOf(label);
        if (label != null && lab < 0) {
            throw new ParameterException("label", label, "no such column; the header has " + abbreviate(header));
        }
        this.labelColumn = lab;
        key = new int[columns];
        nameHash = new int[columns];
        numericHash = new int[columns];
        this.categorical = new boolean[columns];
        read = new boolean[columns];
        List<Pattern> globs = globs(categorical);
        boolean[] globUsed = new boolean[globs.size()];
        for (int c = 0; c < columns; c++) {
            String n = header.get(c);
            byte[] nb = n.getBytes(StandardCharsets.UTF_8);
            key[c] = nb.length == 0 ? ' ' : nb[0] & 0xff;
            nameHash[c] = FeatureHashing.namespaceHash(n);
            numericHash[c] = FeatureHashing.featureHash(n, nameHash[c]);
            read[c] = c != labelColumn && hashing.reads(key[c], nameHash[c]);
            for (int g = 0; g < globs.size(); g++) {
                if (globs.get(g).matcher(n).matches()) {
                    this.categorical[c] = true;
                    globUsed[g] = true;
                }
            }
        }
        for (int g = 0; g < globs.size(); g++) {
            if (!globUsed[g]) {
                throw new ParameterException("categorical", categorical.get(g), "matches no column; the header has "
                        + abbreviate(header));
            }
        }
    }

    private static String abbreviate(List<String> header) {
        return header.size() <= 12 ? String.join(", ", header)
                : String.join(", ", header.subList(0, 12)) + ", ... (" + header.size() + " columns)";
    }

    /** The column names a header line holds, split as the data lines are. */
    static List<String> header(byte[] b, int from, int to, char delimiter) {
        List<String> names = new ArrayList<>();
        int i = from;
        while (true) {
            int start = i;
            while (i < to && b[i] != delimiter) {
                i++;
            }
            String n = new String(b, start, i - start, StandardCharsets.UTF_8).strip();
            if (delimiter == ',' && n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
                n = n.substring(1, n.length() - 1).replace("\"\"", "\"");
            }
            names.add(n);
            if (i == to) {
                return names;
            }
            i++;
        }
    }

    List<String> names() {
        return names;
    }

    @Override
    public boolean parse(byte[] b, int from, int to, long line, ExampleBlock out) throws BadLine {
        if (from == to) {
            return false;
        }
        out.begin(Float.NaN, 1f, line);
        float label = Float.NaN;
        int c = 0;
        int i = from;
        try {
            while (true) {
                if (c == columns) {
                    throw new BadLine(i - from + 1, "expected " + columns + " columns as in the header, found more");
                }
                int cellFrom = i;
                byte[] cell = b;
                int cf;
                int ct;
                if (quotes && i < to && b[i] == '"') {
                    int n = 0;
                    i++;
                    while (true) {
                        if (i == to) {
                            throw new BadLine(cellFrom - from + 1, "a quoted cell is not closed on its line");
                        }
                        if (b[i] == '"') {
                            if (i + 1 < to && b[i + 1] == '"') {
                                n = put(n, (byte) '"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        n = put(n, b[i++]);
                    }
                    if (i < to && b[i] != delimiter) {
                        throw new BadLine(i - from + 1, "expected a delimiter after a quoted cell");
                    }
                    cell = unquoted;
                    cf = 0;
                    ct = n;
                } else {
                    i = Bytes.find(b, i, to, delimiter);
                    cf = cellFrom;
                    ct = i;
                }
                if (c == labelColumn) {
                    if (ct > cf) {
                        double v = ByteNumbers.parse(cell, cf, ct);
                        if (Double.isNaN(v)) {
                            throw new BadLine(cellFrom - from + 1, "the label '" + VwParser.text(cell, cf, ct)
                                    + "' in column '" + names.get(c) + "' is not a number");
                        }
                        label = (float) v;
                    }
                } else if (read[c] && ct > cf) {
                    cell(key[c], nameHash[c], numericHash[c], categorical[c], cell, cf, ct, out);
                }
                c++;
                if (i >= to) {
                    break;
                }
                i++;
                if (i == to) {
                    // A delimiter ends the line: one more, empty, cell.
                    if (c == columns) {
                        throw new BadLine(i - from, "expected " + columns + " columns as in the header, found more");
                    }
                    c++;
                    break;
                }
            }
            if (c != columns) {
                throw new BadLine(to - from + 1, "expected " + columns + " columns as in the header, found " + c);
            }
        } catch (BadLine e) {
            out.abort();
            throw e;
        }
        out.labelAndWeight(label, 1f);
        out.end();
        return true;
    }

    /**
     * One non-empty cell of column (namespace) {@code nameHash} as its feature: the column's own
     * feature valued by the cell when it is a number (and the column not categorical), else the
     * feature named by the cell, value 1. The one rule for a file's rows and a server's.
     */
    static void cell(int key, int nameHash, int numericHash, boolean categorical, byte[] b, int from, int to,
            ExampleBlock out) {
        out.segment(key, nameHash);
        double v = categorical ? Double.NaN : ByteNumbers.parse(b, from, to);
        if (Double.isNaN(v)) {
            out.feature(FeatureHashing.featureHash(b, from, to - from, nameHash), 1f);
        } else {
            out.feature(numericHash, (float) v);
        }
    }

    /** Whether column {@code name} matches one of the categorical globs. */
    static boolean matches(List<Pattern> globs, String name) {
        for (Pattern g : globs) {
            if (g.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The categorical columns' globs ({@code c*}) as patterns. */
    static List<Pattern> globs(List<String> categorical) {
        List<Pattern> globs = new ArrayList<>();
        for (String c : categorical) {
            globs.add(Pattern.compile(Pattern.quote(c).replace("*", "\\E.*\\Q")));
        }
        return globs;
    }

    private int put(int n, byte v) {
        if (n == unquoted.length) {
            unquoted = Arrays.copyOf(unquoted, n * 2);
        }
        unquoted[n] = v;
        return n + 1;
    }
}
