package io.github.adagrad4j.data.stream;

/**
 * LIBSVM/SVMlight lines, {@code label index:value ...} ({@code qid:} is skipped): each index is a
 * feature of the unnamed namespace, so index {@code i} lands in bucket {@code i} while
 * {@code i < 2^bits}.
 */
final class LibSvmParser implements ExampleParser {
    private final FeatureHashing hashing;
    private final boolean read;

    LibSvmParser(FeatureHashing hashing) {
        this.hashing = hashing;
        this.read = hashing.reads(' ', 0);
    }

    @Override
    public boolean parse(byte[] b, int from, int to, long line, ExampleBlock out) throws BadLine {
        int i = from;
        while (i < to && ExampleParser.isSpace(b[i])) {
            i++;
        }
        if (i == to || b[i] == '#') {
            return false;
        }
        int start = i;
        while (i < to && !ExampleParser.isSpace(b[i])) {
            i++;
        }
        double label = ByteNumbers.parse(b, start, i);
        if (Double.isNaN(label)) {
            throw new BadLine(start - from + 1, "the label should be a number, found '" + VwParser.text(b, start, i) + "'");
        }
        out.begin((float) label, 1f, line);
        if (read) {
            out.segment(' ', 0);
        }
        try {
            while (i < to) {
                while (i < to && ExampleParser.isSpace(b[i])) {
                    i++;
                }
                if (i == to || b[i] == '#') {
                    break;
                }
                int fFrom = i;
                int colon = -1;
                while (i < to && !ExampleParser.isSpace(b[i])) {
                    if (b[i] == ':' && colon < 0) {
                        colon = i;
                    }
                    i++;
                }
                if (colon < 0) {
                    throw new BadLine(fFrom - from + 1, "expected index:value, found '" + VwParser.text(b, fFrom, i) + "'");
                }
                if (colon - fFrom == 3 && b[fFrom] == 'q' && b[fFrom + 1] == 'i' && b[fFrom + 2] == 'd') {
                    continue;
                }
                for (int k = fFrom; k < colon; k++) {
                    if (b[k] < '0' || b[k] > '9') {
                        throw new BadLine(fFrom - from + 1, "an index is a non-negative integer, found '"
                                + VwParser.text(b, fFrom, colon) + "'");
                    }
                }
                if (colon == fFrom) {
                    throw new BadLine(fFrom - from + 1, "a feature needs an index before ':'");
                }
                double v = ByteNumbers.parse(b, colon + 1, i);
                if (Double.isNaN(v)) {
                    throw new BadLine(colon - from + 2, "index " + VwParser.text(b, fFrom, colon) + " has value '"
                            + VwParser.text(b, colon + 1, i) + "', which is not a number");
                }
                if (read) {
                    out.feature(FeatureHashing.featureHash(b, fFrom, colon - fFrom, 0), (float) v);
                }
            }
        } catch (BadLine e) {
            out.abort();
            throw e;
        }
        out.end();
        return true;
    }
}
