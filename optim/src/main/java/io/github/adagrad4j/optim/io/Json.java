package io.github.adagrad4j.optim.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON a safetensors header and a model folder's {@code model.json} need: objects,
 * arrays, strings, numbers, booleans, null. Objects parse to insertion-ordered maps, integral
 * numbers to {@code Long}, others to {@code Double}. Kept here so that {@code optim} depends on
 * the JDK alone. Parsing untrusted text ends in an {@link IllegalArgumentException} naming the
 * offset, never a stack overflow: nesting deeper than {@value #MAX_DEPTH} is refused.
 *
 * <pre>{@code
 * Map<?, ?> m = (Map<?, ?>) Json.parse("{\"lr\": 0.05, \"sizes\": [64, 32]}");
 * String text = Json.writePretty(Map.of("mean", new double[] {1.5, 2}));
 * }</pre>
 */
public final class Json {
    /** Deepest nesting of arrays and objects {@link #parse} accepts. */
    public static final int MAX_DEPTH = 64;
    private final String s;
    private int i;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value; {@link IllegalArgumentException} with the offset of the first error. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.i != text.length()) {
            throw p.error("unexpected trailing characters");
        }
        return v;
    }

    static String quote(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Writes strings, numbers, booleans, maps, lists and float/double/int arrays as compact JSON. */
    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v, -1);
        return b.toString();
    }

    /** As {@link #write}, indented two spaces per level, for files people read. */
    public static String writePretty(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v, 0);
        return b.append('\n').toString();
    }

    private static void newline(StringBuilder b, int indent) {
        if (indent >= 0) {
            b.append('\n').append("  ".repeat(indent));
        }
    }

    /** {@code indent < 0}: compact; otherwise the current level. Arrays of numbers stay on one line. */
    private static void write(StringBuilder b, Object v, int indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String str) {
            b.append(quote(str));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            b.append(v);
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof double[] a) {
            List<Double> l = new ArrayList<>(a.length);
            for (double d : a) {
                l.add(d);
            }
            write(b, l, -1);
        } else if (v instanceof float[] a) {
            List<Float> l = new ArrayList<>(a.length);
            for (float f : a) {
                l.add(f);
            }
            write(b, l, -1);
        } else if (v instanceof int[] a) {
            List<Integer> l = new ArrayList<>(a.length);
            for (int k : a) {
                l.add(k);
            }
            write(b, l, -1);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                newline(b, indent < 0 ? -1 : indent + 1);
                b.append(quote(String.valueOf(e.getKey()))).append(indent < 0 ? ":" : ": ");
                write(b, e.getValue(), indent < 0 ? -1 : indent + 1);
            }
            if (!m.isEmpty()) {
                newline(b, indent);
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            boolean flat = indent < 0 || l.stream().allMatch(e -> e == null || e instanceof Number || e instanceof String);
            b.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    b.append(flat && indent >= 0 ? ", " : ",");
                }
                if (!flat) {
                    newline(b, indent + 1);
                }
                write(b, l.get(k), flat ? -1 : indent + 1);
            }
            if (!flat && !l.isEmpty()) {
                newline(b, indent);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
        }
    }

    private Object value() {
        if (i >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Map<String, Object> object() {
        enter();
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        skipSpace();
        if (peek() == '}') {
            i++;
            depth--;
            return m;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (m.put(key, value()) != null) {
                throw error("duplicate key '" + key + "'");
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                depth--;
                return m;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        enter();
        List<Object> l = new ArrayList<>();
        i++;
        skipSpace();
        if (peek() == ']') {
            i++;
            depth--;
            return l;
        }
        while (true) {
            skipSpace();
            l.add(value());
            skipSpace();
            char c = next();
            if (c == ']') {
                depth--;
                return l;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int digit = Character.digit(s.charAt(i + k), 16);
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + digit;
                        }
                        b.append((char) code);
                        i += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            } else {
                b.append(c);
            }
        }
    }

    private Object number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        boolean integral = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                i++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                i++;
            } else {
                break;
            }
        }
        String t = s.substring(start, i);
        try {
            return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            i = start;
            throw error("bad number '" + t + "'");
        }
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, i)) {
            throw error("expected " + word);
        }
        i += word.length();
        return value;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end of input");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + i);
    }
}
