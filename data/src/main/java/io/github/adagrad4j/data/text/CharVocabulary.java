package io.github.adagrad4j.data.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters of a training text, each with an index; index 0 is the unknown symbol
 * ({@code U+FFFD}), which characters never seen in training map to (at sampling time, say).
 *
 * <pre>{@code
 * CharVocabulary v = CharVocabulary.of(text);
 * int[] ids = v.encode("The ");
 * String back = v.decode(ids);
 * }</pre>
 */
public final class CharVocabulary {
    /** What index 0 stands for. */
    public static final char UNKNOWN = '\uFFFD';
    private final List<Character> chars;
    private final Map<Character, Integer> index = new HashMap<>();

    private CharVocabulary(List<Character> chars) {
        this.chars = List.copyOf(chars);
        for (int i = 0; i < chars.size(); i++) {
            index.put(chars.get(i), i);
        }
    }

    /** The characters of {@code text}, in code order, after the unknown symbol. */
    public static CharVocabulary of(CharSequence text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        set.remove(UNKNOWN);
        List<Character> chars = new ArrayList<>();
        chars.add(UNKNOWN);
        chars.addAll(set);
        return new CharVocabulary(chars);
    }

    /** A vocabulary from its characters in index order (index 0 must be the unknown symbol). */
    public static CharVocabulary fromString(String chars) {
        if (chars.isEmpty() || chars.charAt(0) != UNKNOWN) {
            throw new IllegalArgumentException("a vocabulary starts with the unknown symbol U+FFFD");
        }
        List<Character> list = new ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            list.add(chars.charAt(i));
        }
        CharVocabulary v = new CharVocabulary(list);
        if (v.index.size() != list.size()) {
            throw new IllegalArgumentException("a vocabulary lists a character twice");
        }
        return v;
    }

    public int size() {
        return chars.size();
    }

    /** Index per character; characters not in the vocabulary become 0, the unknown symbol. */
    public int[] encode(CharSequence text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index.getOrDefault(text.charAt(i), 0);
        }
        return out;
    }

    public char charAt(int index) {
        return chars.get(index);
    }

    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder(ids.length);
        for (int id : ids) {
            b.append(chars.get(id));
        }
        return b.toString();
    }

    /** The characters in index order, as one string (for saving). */
    public String asString() {
        StringBuilder b = new StringBuilder(chars.size());
        chars.forEach(b::append);
        return b.toString();
    }
}
