package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.text.MurmurHash3;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an example's features become indices of a table of {@code 2^bits} weights, the way Vowpal
 * Wabbit hashes them: the one owner of that rule for the stream learner, for prediction and for
 * the saved model's description ({@link #describe()}, {@link #fromDescription}).
 *
 * <ul>
 *   <li>A namespace's hash is the 32-bit MurmurHash3 of its name (seed 0; the unnamed namespace
 *       hashes to 0). A feature's hash is the MurmurHash3 of its name seeded with its namespace's
 *       hash, or, for a name of at most 9 decimal digits, that number plus the namespace's hash
 *       (so LIBSVM index {@code i} is bucket {@code i} while {@code i < 2^bits}). The bucket is the
 *       hash's low {@code bits} bits.
 *   <li>The constant feature has hash {@value #CONSTANT}, value 1.
 *   <li>An interaction of features {@code a, b (, c)} hashes to {@code (a * 16777619) ^ b}
 *       (then {@code * 16777619 ^ c}), its value the product of theirs. Interactions are
 *       computed when an example is learned or scored, never stored.
 *   <li>Namespaces are named in interactions, {@code --ignore} and {@code --keep} by their key,
 *       the first character of their name (Vowpal Wabbit's rule: {@code -q ab} crosses every
 *       namespace starting with {@code a} with every one starting with {@code b}), or, in an
 *       interaction written with {@code *}, by full name ({@code c1*c2}). For ignore and keep, a
 *       single character is a key and a longer value a full name.
 *   <li>A term naming the same namespaces twice ({@code -q aa}) crosses each pair of their
 *       features once, without a feature's product with itself.
 * </ul>
 *
 * <pre>{@code
 * FeatureHashing h = FeatureHashing.builder().bits(22).interactions(List.of("ab", "c1*c2")).build();
 * int bucket = h.bucket(h.featureHash(bytes, 0, bytes.length, FeatureHashing.namespaceHash("a")));
 * }</pre>
 */
public final class FeatureHashing {
    /** Vowpal Wabbit's hash of the constant feature. */
    public static final int CONSTANT = 11650396;
    /** The multiplier of interaction hashes (the 32-bit FNV prime, as Vowpal Wabbit uses). */
    public static final int FNV_PRIME = 16777619;
    /** The most bits a table may have (2^30 weights, 4 GiB a slot). */
    public static final int MAX_BITS = 30;

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private final int bits;
    private final int mask;
    private final boolean constant;
    private final List<String> interactions;
    private final List<String> ignore;
    private final List<String> keep;
    /** Per interaction term, per position: a key (0-255) or a full name's hash tagged by {@link #BY_NAME}. */
    private final Matcher[][] terms;
    private final Matcher[] ignored;
    private final Matcher[] kept;

    /** A namespace selector: by key (first character) or by full name. */
    /** The most distinct namespaces (keys or names) the interactions may name: the expander keeps them as bits of a long. */
    public static final int MAX_INTERACTING = 64;

    record Matcher(boolean byName, int value) {
        boolean matches(int key, int nameHash) {
            return byName ? nameHash == value : key == value;
        }
    }

    private FeatureHashing(Builder b) {
        this.bits = b.bits;
        this.mask = bits == 32 ? -1 : (1 << bits) - 1;
        this.constant = b.constant;
        this.interactions = List.copyOf(b.interactions);
        this.ignore = List.copyOf(b.ignore);
        this.keep = List.copyOf(b.keep);
        if (!ignore.isEmpty() && !keep.isEmpty()) {
            throw new ParameterException("keep", String.join(",", keep), "give namespaces to ignore or to keep, not both");
        }
        this.terms = new Matcher[interactions.size()][];
        java.util.Set<Matcher> distinct = new java.util.HashSet<>();
        for (int t = 0; t < terms.length; t++) {
            terms[t] = term(interactions.get(t));
            distinct.addAll(List.of(terms[t]));
        }
        if (distinct.size() > MAX_INTERACTING) {
            throw new ParameterException("interactions", String.join(",", interactions), "names " + distinct.size()
                    + " distinct namespaces; interactions take at most " + MAX_INTERACTING);
        }
        this.ignored = selectors("ignore", ignore);
        this.kept = selectors("keep", keep);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Matcher[] term(String spec) {
        List<Matcher> m = new ArrayList<>();
        if (spec.contains("*")) {
            for (String name : spec.split("\\*", -1)) {
                if (name.isEmpty()) {
                    throw new ParameterException("interactions", spec, "a '*' term names namespaces in full between "
                            + "the stars, as c1*c2; one is empty");
                }
                m.add(new Matcher(true, namespaceHash(name)));
            }
        } else {
            byte[] keys = spec.getBytes(StandardCharsets.UTF_8);
            for (byte k : keys) {
                m.add(new Matcher(false, k & 0xff));
            }
        }
        if (m.size() < 2 || m.size() > 3) {
            throw new ParameterException("interactions", spec, "an interaction crosses 2 or 3 namespaces (ab, abc or "
                    + "c1*c2), this names " + m.size());
        }
        return m.toArray(new Matcher[0]);
    }

    private static Matcher[] selectors(String option, List<String> names) {
        Matcher[] m = new Matcher[names.size()];
        for (int i = 0; i < m.length; i++) {
            String n = names.get(i);
            if (n.isEmpty()) {
                throw new ParameterException(option, n, "a namespace key (one character) or a full name");
            }
            byte[] b = n.getBytes(StandardCharsets.UTF_8);
            m[i] = b.length == 1 ? new Matcher(false, b[0] & 0xff) : new Matcher(true, namespaceHash(n));
        }
        return m;
    }

    /** The hash of a namespace name; the unnamed namespace's is 0. */
    public static int namespaceHash(String name) {
        return name.isEmpty() ? 0 : MurmurHash3.hash32(name, 0);
    }

    /** The hash of a namespace name given as bytes. */
    public static int namespaceHash(byte[] b, int from, int length) {
        return length == 0 ? 0 : MurmurHash3.hash32(b, from, length, 0);
    }

    /** A feature's hash: its decimal value plus the namespace's when its name is at most 9 digits, else MurmurHash3. */
    public static int featureHash(byte[] b, int from, int length, int namespaceHash) {
        if (length > 0 && length <= 8 && from + 8 <= b.length) {
            // Eight bytes tested at once: ids mixing digits and letters (hex) would otherwise
            // mispredict the loop's exit at a different byte every time.
            long v = (long) LONGS.get(b, from);
            long mask = length == 8 ? -1L : (1L << (8 * length)) - 1;
            long atLeast0 = v + 0x5050505050505050L;
            long atLeastColon = v + 0x4646464646464646L;
            long digits = atLeast0 & ~atLeastColon & ~v & 0x8080808080808080L & mask;
            if (digits != (0x8080808080808080L & mask)) {
                return MurmurHash3.hash32(b, from, length, namespaceHash);
            }
            int n = 0;
            for (int i = from, end = from + length; i < end; i++) {
                n = n * 10 + (b[i] - '0');
            }
            return n + namespaceHash;
        }
        if (length > 0 && length <= 9) {
            int v = 0;
            int i = from;
            int end = from + length;
            while (i < end) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
                i++;
            }
            if (i == end) {
                return v + namespaceHash;
            }
        }
        return MurmurHash3.hash32(b, from, length, namespaceHash);
    }

    /** The hash of a feature named as a String (tests, descriptions). */
    public static int featureHash(String name, int namespaceHash) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return featureHash(b, 0, b.length, namespaceHash);
    }

    public int bits() {
        return bits;
    }

    /** The table's size, {@code 2^bits}. */
    public int buckets() {
        return 1 << bits;
    }

    /** The bucket of a hash. */
    public int bucket(int hash) {
        return hash & mask;
    }

    public boolean constant() {
        return constant;
    }

    public List<String> interactions() {
        return interactions;
    }

    public List<String> ignore() {
        return ignore;
    }

    public List<String> keep() {
        return keep;
    }

    /** Whether the features of a namespace with this key and name hash are read at all. */
    public boolean reads(int key, int nameHash) {
        for (Matcher m : ignored) {
            if (m.matches(key, nameHash)) {
                return false;
            }
        }
        if (kept.length == 0) {
            return true;
        }
        for (Matcher m : kept) {
            if (m.matches(key, nameHash)) {
                return true;
            }
        }
        return false;
    }

    Matcher[][] terms() {
        return terms;
    }

    /** The description model.json records under {@code input.hashing}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", "murmur3_32");
        m.put("bits", bits);
        m.put("constant", constant);
        m.put("interactions", interactions);
        m.put("ignore", ignore);
        m.put("keep", keep);
        return m;
    }

    /** Reads {@link #describe()}'s map back. */
    public static FeatureHashing fromDescription(Map<?, ?> d) {
        String hash = JsonFields.string(d, "hash");
        if (!hash.equals("murmur3_32")) {
            throw new IllegalArgumentException("'hashing.hash' should be murmur3_32, found '" + hash + "'");
        }
        return builder().bits((int) JsonFields.integer(d, "bits", 1, MAX_BITS)).constant(JsonFields.bool(d, "constant"))
                .interactions(strings(d, "interactions")).ignore(strings(d, "ignore")).keep(strings(d, "keep")).build();
    }

    private static List<String> strings(Map<?, ?> d, String key) {
        if (!(d.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("'hashing." + key + "' should be a list of strings, found " + d.get(key));
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("'hashing." + key + "' should be a list of strings, found " + o);
            }
            out.add(s);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureHashing h && h.describe().equals(describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "FeatureHashing" + describe();
    }

    /** Builder of {@link FeatureHashing}: 20 bits, the constant feature, no interactions. */
    public static final class Builder {
        private int bits = 20;
        private boolean constant = true;
        private List<String> interactions = List.of();
        private List<String> ignore = List.of();
        private List<String> keep = List.of();

        private Builder() {
        }

        public Builder bits(int bits) {
            if (bits < 1 || bits > MAX_BITS) {
                throw new ParameterException("bits", Integer.toString(bits), "a table of 2^bits weights takes 1 to "
                        + MAX_BITS + " bits");
            }
            this.bits = bits;
            return this;
        }

        public Builder constant(boolean constant) {
            this.constant = constant;
            return this;
        }

        /** Terms as {@code ab}, {@code abc} (namespace keys) or {@code c1*c2} (full names). */
        public Builder interactions(List<String> interactions) {
            this.interactions = List.copyOf(interactions);
            return this;
        }

        public Builder ignore(List<String> ignore) {
            this.ignore = List.copyOf(ignore);
            return this;
        }

        public Builder keep(List<String> keep) {
            this.keep = List.copyOf(keep);
            return this;
        }

        public FeatureHashing build() {
            return new FeatureHashing(this);
        }
    }
}
