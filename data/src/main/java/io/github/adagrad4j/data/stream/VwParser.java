package io.github.adagrad4j.data.stream;

/**
 * Vowpal Wabbit's text format: {@code label [importance] ['tag]|namespace[:weight] feature[:value]
 * ...}, any number of namespaces; a line that starts with {@code |} has no label. A namespace's
 * key is the first character of its name ({@code ' '} for the unnamed one); its weight scales its
 * features' values.
 */
final class VwParser implements ExampleParser {
    private final FeatureHashing hashing;
    /** Per byte: 0 for a character of a name or value, {@link #END} for what ends a token, {@link #COLON}. */
    private static final byte[] CLASS = new byte[256];
    private static final byte END = 1;
    private static final byte COLON = 2;

    static {
        CLASS[' '] = END;
        CLASS['\t'] = END;
        CLASS['|'] = END;
        CLASS[':'] = COLON;
    }

    /**
     * Namespace names of up to 7 bytes seen so far, packed with their length into a long, with their
     * hash and whether they are read: a line names the same few namespaces over and over, and
     * hashing each name again cost as much as a third of the parse.
     */
    private final long[] names = new long[256];
    private final int[] nameHashes = new int[256];
    private final boolean[] nameReads = new boolean[256];
    private boolean lastRead;

    VwParser(FeatureHashing hashing) {
        this.hashing = hashing;
        java.util.Arrays.fill(names, -1L);
    }

    /**
     * The hash of the namespace {@code b[from, from + length)}, {@code packed} its bytes and length
     * in one long when it has at most 7; sets {@link #lastRead}.
     */
    private int namespace(byte[] b, int from, int length, long packed) {
        if (length > 7) {
            int h = FeatureHashing.namespaceHash(b, from, length);
            lastRead = hashing.reads(b[from] & 0xff, h);
            return h;
        }
        int slot = (int) (packed * 0x9E3779B97F4A7C15L >>> 56);
        for (int probe = 0; probe < names.length; probe++) {
            int at = (slot + probe) & (names.length - 1);
            if (names[at] == packed) {
                lastRead = nameReads[at];
                return nameHashes[at];
            }
            if (names[at] == -1L) {
                int h = FeatureHashing.namespaceHash(b, from, length);
                int key = length > 0 ? b[from] & 0xff : ' ';
                names[at] = packed;
                nameHashes[at] = h;
                nameReads[at] = hashing.reads(key, h);
                lastRead = nameReads[at];
                return h;
            }
        }
        // Full: 256 distinct short names; hash this one directly.
        int h = FeatureHashing.namespaceHash(b, from, length);
        lastRead = hashing.reads(length > 0 ? b[from] & 0xff : ' ', h);
        return h;
    }

    @Override
    public boolean parse(byte[] b, int from, int to, long line, ExampleBlock out) throws BadLine {
        int bar = from;
        while (bar < to && b[bar] != '|') {
            bar++;
        }
        if (bar == to) {
            int i = from;
            while (i < to && ExampleParser.isSpace(b[i])) {
                i++;
            }
            if (i == to) {
                return false;
            }
            throw new BadLine(0, "no '|': a Vowpal Wabbit line is label [importance] ['tag]|namespace feature[:value] ...");
        }
        float label = Float.NaN;
        float weight = 1f;
        int numbers = 0;
        int tagFrom = -1;
        int tagTo = -1;
        int i = from;
        while (i < bar) {
            while (i < bar && ExampleParser.isSpace(b[i])) {
                i++;
            }
            if (i == bar) {
                break;
            }
            int start = i;
            while (i < bar && !ExampleParser.isSpace(b[i])) {
                i++;
            }
            if (b[start] == '\'') {
                tagFrom = start + 1;
                tagTo = i;
            } else if (i == bar && numbers > 0) {
                // A token touching the bar is a tag, as Vowpal Wabbit reads "1 tag|a x".
                tagFrom = start;
                tagTo = i;
            } else {
                double v = ByteNumbers.parse(b, start, i);
                if (Double.isNaN(v)) {
                    throw new BadLine(start - from + 1, (numbers == 0 ? "the label" : "the importance weight")
                            + " should be a number, found '" + text(b, start, i) + "'");
                }
                if (numbers == 0) {
                    label = (float) v;
                } else if (numbers == 1) {
                    if (v < 0) {
                        throw new BadLine(start - from + 1, "the importance weight should be >= 0, found " + v);
                    }
                    weight = (float) v;
                } else {
                    throw new BadLine(start - from + 1, "expected label [importance] ['tag] before the first '|', "
                            + "found a third number '" + text(b, start, i) + "'");
                }
                numbers++;
            }
        }
        out.begin(label, weight, line);
        if (tagFrom >= 0) {
            out.tag(b, tagFrom, tagTo - tagFrom);
        }
        i = bar;
        try {
            while (i < to) {
                // b[i] == '|': a namespace.
                i++;
                int nameFrom = i;
                // The name's bytes packed into a long as they are scanned: the namespace cache's key.
                long packed = 0;
                while (i < to) {
                    byte c = b[i];
                    if (CLASS[c & 0xff] != 0) {
                        break;
                    }
                    packed |= (c & 0xffL) << (8 * ((i - nameFrom + 1) & 7));
                    i++;
                }
                int nameTo = i;
                float scale = 1f;
                if (i < to && b[i] == ':') {
                    int vFrom = ++i;
                    while (i < to && !ExampleParser.isSpace(b[i]) && b[i] != '|') {
                        i++;
                    }
                    double s = ByteNumbers.parse(b, vFrom, i);
                    if (Double.isNaN(s)) {
                        throw new BadLine(vFrom - from + 1, "namespace '" + text(b, nameFrom, nameTo) + "' has weight '"
                                + text(b, vFrom, i) + "', which is not a number");
                    }
                    scale = (float) s;
                }
                int key = nameTo > nameFrom ? b[nameFrom] & 0xff : ' ';
                int nameHash = namespace(b, nameFrom, nameTo - nameFrom, packed | (nameTo - nameFrom));
                boolean read = lastRead;
                if (read) {
                    out.segment(key, nameHash);
                }
                while (i < to && b[i] != '|') {
                    while (i < to && ExampleParser.isSpace(b[i])) {
                        i++;
                    }
                    if (i == to || b[i] == '|') {
                        break;
                    }
                    int fFrom = i;
                    int colon = -1;
                    float quick = Float.NaN;
                    while (i < to) {
                        byte k = CLASS[b[i] & 0xff];
                        if (k != 0) {
                            if (k == END) {
                                break;
                            }
                            colon = i;
                            // The value is read as it is scanned, rather than scanned again by ByteNumbers.parse:
                            // the common short decimal costs one pass. Anything else (a sign, an exponent, more
                            // digits, a stray byte) goes to ByteNumbers.parse.
                            long scanned = ByteNumbers.scanShort(b, i + 1, to);
                            i = ByteNumbers.shortEnd(scanned);
                            if (i == to || CLASS[b[i] & 0xff] == END) {
                                quick = ByteNumbers.shortValue(scanned);
                            } else {
                                while (i < to && CLASS[b[i] & 0xff] != END) {
                                    i++;
                                }
                            }
                            break;
                        }
                        i++;
                    }
                    if (!read) {
                        continue;
                    }
                    int fTo = colon >= 0 ? colon : i;
                    float value = scale;
                    if (colon >= 0) {
                        double v = !Float.isNaN(quick) ? quick : ByteNumbers.parse(b, colon + 1, i);
                        if (Double.isNaN(v)) {
                            throw new BadLine(colon - from + 2, "feature '" + text(b, fFrom, fTo) + "' has value '"
                                    + text(b, colon + 1, i) + "', which is not a number");
                        }
                        value = (float) (v * scale);
                    }
                    if (fTo == fFrom) {
                        throw new BadLine(fFrom - from + 1, "a feature needs a name before ':'");
                    }
                    out.feature(FeatureHashing.featureHash(b, fFrom, fTo - fFrom, nameHash), value);
                }
            }
        } catch (BadLine e) {
            out.abort();
            throw e;
        }
        out.end();
        return true;
    }

    static String text(byte[] b, int from, int to) {
        int end = Math.min(to, from + 40);
        return new String(b, from, end - from, java.nio.charset.StandardCharsets.UTF_8) + (end < to ? "..." : "");
    }
}
