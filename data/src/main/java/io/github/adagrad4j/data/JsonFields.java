package io.github.adagrad4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a parsed JSON object (maps, lists, {@code Long}, {@code Double}, strings, as
 * {@code optim.io.Json} and most parsers produce them), each failing with an
 * {@link IllegalArgumentException} that names the field, what was expected and what was found.
 * Saved preprocessing and model descriptions are read through it, so a hand-edited or corrupted
 * file is reported, never half-loaded.
 *
 * <pre>{@code
 * int features = (int) JsonFields.integer(description, "features", 1, Integer.MAX_VALUE);
 * List<String> classes = JsonFields.strings(label, "classes");
 * }</pre>
 */
public final class JsonFields {
    private JsonFields() {
    }

    private static Object get(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return v;
    }

    private static IllegalArgumentException wrong(String key, String expected, Object found) {
        String shown = String.valueOf(found);
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return new IllegalArgumentException("'" + key + "' should be " + expected + ", found " + shown);
    }

    public static String string(Map<?, ?> m, String key) {
        if (get(m, key) instanceof String s) {
            return s;
        }
        throw wrong(key, "a string", m.get(key));
    }

    public static boolean bool(Map<?, ?> m, String key) {
        if (get(m, key) instanceof Boolean b) {
            return b;
        }
        throw wrong(key, "true or false", m.get(key));
    }

    public static Map<?, ?> map(Map<?, ?> m, String key) {
        if (get(m, key) instanceof Map<?, ?> v) {
            return v;
        }
        throw wrong(key, "an object", m.get(key));
    }

    public static List<?> list(Map<?, ?> m, String key) {
        if (get(m, key) instanceof List<?> v) {
            return v;
        }
        throw wrong(key, "an array", m.get(key));
    }

    /** An integral number within {@code [min, max]}. */
    public static long integer(Map<?, ?> m, String key, long min, long max) {
        if (get(m, key) instanceof Number n && (n instanceof Long || n instanceof Integer) && n.longValue() >= min
                && n.longValue() <= max) {
            return n.longValue();
        }
        throw wrong(key, "an integer in [" + min + ", " + max + "]", m.get(key));
    }

    /** A finite number (integral or not). */
    public static double finite(Map<?, ?> m, String key) {
        if (get(m, key) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw wrong(key, "a finite number", m.get(key));
    }

    /** An array of strings. */
    public static List<String> strings(Map<?, ?> m, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof String s)) {
                throw wrong(key, "an array of strings", o);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** An array of positive integers (a shape). */
    public static int[] shape(Map<?, ?> m, String key) {
        List<?> l = list(m, key);
        int[] out = new int[l.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(l.get(k) instanceof Number v) || !(v instanceof Long || v instanceof Integer) || v.longValue() < 1
                    || v.longValue() > Integer.MAX_VALUE) {
                throw wrong(key, "an array of positive integers", l);
            }
            out[k] = v.intValue();
        }
        return out;
    }

    /** An array of finite numbers of the given length. */
    public static double[] numbers(Map<?, ?> m, String key, int length) {
        List<?> l = list(m, key);
        if (l.size() != length) {
            throw wrong(key, length + " numbers", l.size() + " of them");
        }
        double[] out = new double[length];
        for (int k = 0; k < length; k++) {
            if (!(l.get(k) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw wrong(key, "an array of finite numbers", l.get(k));
            }
            out[k] = n.doubleValue();
        }
        return out;
    }
}
