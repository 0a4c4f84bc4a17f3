package io.github.adagrad4j.data.stream;

import java.nio.charset.StandardCharsets;

/**
 * Decimal numbers read straight from a line's bytes, without making a String: the stream
 * parsers call this once per valued feature, millions of times a second. Every parser of this
 * package reads numbers here, so a file means the same numbers to {@code learn} and to
 * {@code predict}.
 */
final class ByteNumbers {
    /** Powers of ten a double holds exactly. */
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private ByteNumbers() {
    }

    /**
     * The finite number {@code b[from, to)} spells ({@code [+-]digits[.digits][(e|E)[+-]digits]}),
     * or NaN when it is not one (empty, a stray character, {@code nan}, {@code inf}, or past the
     * float range). Numbers of at most 15 significant digits and a decimal exponent within 22 are
     * one exact double operation (so correctly rounded); longer ones go through
     * {@link Double#parseDouble}.
     */
    static double parse(byte[] b, int from, int to) {
        // The common case, a short plain decimal ("3", "-0.25", "1.386"): at most 7 digits, so the
        // integer and its power of ten are exact floats and one float division is the correctly
        // rounded result, the float Float.parseFloat gives.
        int n = to - from;
        if (n > 0 && n <= 9) {
            int i = from;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            long r = scanShort(b, i, to);
            float v = shortValue(r);
            if (shortEnd(r) == to && !Float.isNaN(v)) {
                return negative ? -v : v;
            }
        }
        return parseGeneral(b, from, to);
    }

    /**
     * Reads the digits and at most one point from {@code b[i]} on, stopping at any other byte or
     * {@code to}: where it stopped ({@link #shortEnd}) and the float of what it read
     * ({@link #shortValue}: NaN unless 1 to 7 digits, whose integer and power of ten are exact
     * floats, so one float division is the correctly rounded result Float.parseFloat gives). The
     * one rule of short numbers, for {@link #parse} and for parsers that read a value as they
     * scan for its end.
     */
    static long scanShort(byte[] b, int i, int to) {
        int m = 0;
        int digits = 0;
        int point = -1;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d >= 0 && d <= 9) {
                m = m * 10 + d;
                digits++;
            } else if (b[i] == '.' && point < 0) {
                point = digits;
            } else {
                break;
            }
        }
        float v = Float.NaN;
        if (digits > 0 && digits <= 7) {
            int k = point < 0 ? 0 : digits - point;
            v = k == 0 ? (float) m : (float) m / FLOAT_POW10[k];
        }
        return (long) i << 32 | (Float.floatToRawIntBits(v) & 0xFFFFFFFFL);
    }

    /** Where {@link #scanShort} stopped. */
    static int shortEnd(long scanned) {
        return (int) (scanned >>> 32);
    }

    /** What {@link #scanShort} read, or NaN. */
    static float shortValue(long scanned) {
        return Float.intBitsToFloat((int) scanned);
    }

    private static final float[] FLOAT_POW10 = {1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};

    private static double parseGeneral(byte[] b, int from, int to) {
        int i = from;
        if (i >= to) {
            return Double.NaN;
        }
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            any = true;
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                scale++;
                digits++;
            }
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                any = true;
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    scale--;
                } else {
                    digits++;
                }
                i++;
            }
        }
        if (!any) {
            return Double.NaN;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                negExp = b[i] == '-';
                i++;
            }
            int exp = 0;
            boolean expDigits = false;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                expDigits = true;
                exp = Math.min(100_000, exp * 10 + (b[i] - '0'));
                i++;
            }
            if (!expDigits) {
                return Double.NaN;
            }
            scale += negExp ? -exp : exp;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Decided without parsing: past the float range either way (a hex id as 1234e567 lands here).
        int magnitude = Math.min(digits, 18) + scale;
        if (magnitude > 40) {
            return Double.NaN;
        }
        if (magnitude < -50) {
            return negative ? -0.0 : 0.0;
        }
        double v;
        if (digits <= 15 && scale >= -22 && scale <= 22) {
            v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
        } else {
            v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        if (Float.isInfinite((float) v)) {
            return Double.NaN;
        }
        return negative ? -v : v;
    }
}
