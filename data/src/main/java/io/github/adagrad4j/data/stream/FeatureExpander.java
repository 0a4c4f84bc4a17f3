package io.github.adagrad4j.data.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one parsed example into the distinct table indices and values a linear model reads: its
 * features' buckets, the constant, and every interaction of {@link FeatureHashing}, computed here
 * and never stored; features falling into one bucket are summed into one entry. One expander per
 * thread: it reuses its arrays, so expanding allocates only while they grow.
 *
 * <pre>{@code
 * FeatureExpander x = new FeatureExpander(hashing);
 * int n = x.expand(block, e);
 * for (int k = 0; k < n; k++) dot += w[x.index()[k]] * x.value()[k];
 * }</pre>
 */
public final class FeatureExpander {
    private final FeatureHashing hashing;
    private final FeatureHashing.Matcher[][] terms;
    /** Per term, whether position p names the same namespaces as p + 1 (then each pair is crossed once). */
    private final boolean[][] sameAsNext;
    private int[] index = new int[64];
    private float[] value = new float[64];
    /** Where in {@link #table} output entry k sits, to empty the table after an example. */
    private int[] slotOf = new int[64];
    /**
     * One bit per bucket's low {@value #FILTER_BITS} bits, set for the buckets of this example so far:
     * a clear bit proves a bucket new, and repeats are rare (two of an example's features in one of
     * a million buckets), so most features are one bit test and an append.
     */
    private final long[] seen = new long[(1 << FILTER_BITS) / 64];
    private static final int FILTER_BITS = 12;
    /** Past this many entries a filter hit switches the example to {@link #table}, not a linear search. */
    private static final int LINEAR_MAX = 64;
    /** The most features one example may expand to (before repeats are summed): past it, an error, not an overflow. */
    public static final int MAX_FEATURES = 1 << 24;
    /** Open-addressing table from bucket to output position, {@code -1} empty, for examples past {@link #LINEAR_MAX}. */
    private int[] table = new int[256];
    private boolean tableMode;
    /** The most distinct buckets the example can have after the adds the last {@link #ensureCapacity} made room for. */
    private int bound;
    /** The distinct namespace matchers of all terms; term t's position p is matcher {@code termMatcher[t][p]}. */
    private final FeatureHashing.Matcher[] matchers;
    private final int[][] termMatcher;
    /** Per segment key, the bits of the matchers (by first character) it satisfies. */
    private final long[] keyMatchers = new long[256];
    /** The matchers by full name, as bits: tested per segment against its name's hash. */
    private final long nameMatchers;
    /** Per matcher, the positions of the example's features in its namespaces, in line order; gathered once per example. */
    private final int[][] groups;
    private final int[] groupSize;
    private int raw;

    public FeatureExpander(FeatureHashing hashing) {
        this.hashing = hashing;
        this.terms = hashing.terms();
        this.sameAsNext = new boolean[terms.length][];
        for (int t = 0; t < terms.length; t++) {
            sameAsNext[t] = new boolean[terms[t].length - 1];
            for (int p = 0; p + 1 < terms[t].length; p++) {
                sameAsNext[t][p] = terms[t][p].equals(terms[t][p + 1]);
            }
        }
        Arrays.fill(table, -1);
        List<FeatureHashing.Matcher> distinct = new ArrayList<>();
        termMatcher = new int[terms.length][];
        for (int t = 0; t < terms.length; t++) {
            termMatcher[t] = new int[terms[t].length];
            for (int p = 0; p < terms[t].length; p++) {
                int at = distinct.indexOf(terms[t][p]);
                if (at < 0) {
                    at = distinct.size();
                    distinct.add(terms[t][p]);
                }
                termMatcher[t][p] = at;
            }
        }
        matchers = distinct.toArray(new FeatureHashing.Matcher[0]);
        long byName = 0;
        for (int j = 0; j < matchers.length; j++) {
            if (matchers[j].byName()) {
                byName |= 1L << j;
            } else if (matchers[j].value() >= 0 && matchers[j].value() < 256) {
                keyMatchers[matchers[j].value()] |= 1L << j;
            }
        }
        nameMatchers = byName;
        groups = new int[matchers.length][16];
        groupSize = new int[matchers.length];
    }

    /**
     * Every example of a block expanded, as CSR rows over the table's {@code 2^bits} columns: copied
     * from the block when its stream expanded it ({@link ExampleBlock#expanded()}), else expanded here.
     */
    public io.github.adagrad4j.data.CsrMatrix rows(ExampleBlock b) {
        int n = b.size();
        if (b.expanded()) {
            int[] rowPtr = new int[n + 1];
            for (int e = 0; e <= n; e++) {
                rowPtr[e] = b.expandedFrom(e);
            }
            return new io.github.adagrad4j.data.CsrMatrix(rowPtr, Arrays.copyOf(b.expandedIndex(), rowPtr[n]),
                    Arrays.copyOf(b.expandedValue(), rowPtr[n]), hashing.buckets());
        }
        int[] rowPtr = new int[n + 1];
        int[] cols = new int[Math.max(16, b.features + n)];
        float[] vals = new float[cols.length];
        for (int e = 0; e < n; e++) {
            int k = expand(b, e);
            int at = rowPtr[e];
            if (at + k > cols.length) {
                cols = Arrays.copyOf(cols, Math.max(at + k, cols.length * 2));
                vals = Arrays.copyOf(vals, cols.length);
            }
            System.arraycopy(index, 0, cols, at, k);
            System.arraycopy(value, 0, vals, at, k);
            rowPtr[e + 1] = at + k;
        }
        return new io.github.adagrad4j.data.CsrMatrix(rowPtr, Arrays.copyOf(cols, rowPtr[n]), Arrays.copyOf(vals,
                rowPtr[n]), hashing.buckets());
    }

    /** The distinct indices of the last expansion. */
    public int[] index() {
        return index;
    }

    /** Their values. */
    public float[] value() {
        return value;
    }

    /** Features of the last expansion before repeated buckets were summed: the line's, the constant, the interactions. */
    public int rawCount() {
        return raw;
    }

    /** Expands example {@code e} of {@code b}; returns how many distinct indices {@link #index()} holds. */
    public int expand(ExampleBlock b, int e) {
        int n = 0;
        raw = 0;
        int from = b.featStart[e];
        int to = b.featStart[e + 1];
        tableMode = false;
        int need = (to - from) + 1;
        ensureCapacity(need, 0);
        int[] h = b.hashes;
        float[] v = b.values;
        for (int f = from; f < to; f++) {
            n = add(hashing.bucket(h[f]), v[f], n);
        }
        if (hashing.constant()) {
            n = add(hashing.bucket(FeatureHashing.CONSTANT), 1f, n);
        }
        if (terms.length > 0) {
            collect(b, e);
            for (int t = 0; t < terms.length; t++) {
                n = interact(b, e, t, n);
            }
        }
        // Clear only what was used.
        if (n > seen.length) {
            Arrays.fill(seen, 0L);
        } else {
            for (int k = 0; k < n; k++) {
                seen[(index[k] >>> 6) & (seen.length - 1)] = 0L;
            }
        }
        if (tableMode) {
            for (int k = 0; k < n; k++) {
                table[slotOf[k]] = -1;
            }
        }
        return n;
    }

    private int interact(ExampleBlock b, int e, int t, int n) {
        int[] term = termMatcher[t];
        boolean[] same = sameAsNext[t];
        int arity = term.length;
        long crossed = 1;
        for (int p = 0; p < arity; p++) {
            if (groupSize[term[p]] == 0) {
                return n;
            }
            crossed *= groupSize[term[p]];
        }
        if (n + crossed > MAX_FEATURES) {
            throw new IllegalArgumentException("interaction '" + hashing.interactions().get(t) + "' crosses "
                    + crossed + " feature combinations in one example, more than the " + MAX_FEATURES + " an example "
                    + "may have (a namespace of many features crossed with itself?)");
        }
        int[] h = b.hashes;
        float[] v = b.values;
        int[] g0 = groups[term[0]];
        int[] g1 = groups[term[1]];
        int size0 = groupSize[term[0]];
        int size1 = groupSize[term[1]];
        boolean same01 = same[0];
        if (arity == 2) {
            ensureCapacity(n + size0 * size1, n);
            for (int i = 0; i < size0; i++) {
                int fa = g0[i];
                int ha = h[fa] * FeatureHashing.FNV_PRIME;
                float va = v[fa];
                for (int j = same01 ? i + 1 : 0; j < size1; j++) {
                    int fb = g1[j];
                    n = add(hashing.bucket(ha ^ h[fb]), va * v[fb], n);
                }
            }
            return n;
        }
        int[] g2 = groups[term[2]];
        int size2 = groupSize[term[2]];
        boolean same12 = same[1];
        ensureCapacity(n + size0 * size1 * size2, n);
        for (int i = 0; i < size0; i++) {
            int fa = g0[i];
            int ha = h[fa] * FeatureHashing.FNV_PRIME;
            float va = v[fa];
            for (int j = same01 ? i + 1 : 0; j < size1; j++) {
                int fb = g1[j];
                int hab = (ha ^ h[fb]) * FeatureHashing.FNV_PRIME;
                float vab = va * v[fb];
                for (int k = same12 ? j + 1 : 0; k < size2; k++) {
                    int fc = g2[k];
                    n = add(hashing.bucket(hab ^ h[fc]), vab * v[fc], n);
                }
            }
        }
        return n;
    }

    /**
     * Every matcher's group for example e: one pass over its segments, each added to the groups of
     * the matchers it satisfies (a table by first character, a hash compare by full name).
     */
    private void collect(ExampleBlock b, int e) {
        Arrays.fill(groupSize, 0);
        int segEnd = b.segStart[e + 1];
        for (int s = b.segStart[e]; s < segEnd; s++) {
            int key = b.segKey[s];
            long hits = key >= 0 && key < 256 ? keyMatchers[key] : 0L;
            for (long m = nameMatchers; m != 0; m &= m - 1) {
                int j = Long.numberOfTrailingZeros(m);
                if (b.segName[s] == matchers[j].value()) {
                    hits |= 1L << j;
                }
            }
            if (hits == 0) {
                continue;
            }
            int fEnd = s + 1 < segEnd ? b.segFrom[s + 1] : b.featStart[e + 1];
            for (; hits != 0; hits &= hits - 1) {
                int j = Long.numberOfTrailingZeros(hits);
                int count = groupSize[j];
                int[] g = groups[j];
                for (int f = b.segFrom[s]; f < fEnd; f++) {
                    if (count == g.length) {
                        g = Arrays.copyOf(g, count * 2);
                        groups[j] = g;
                    }
                    g[count++] = f;
                }
                groupSize[j] = count;
            }
        }
    }

    private int add(int bucket, float x, int n) {
        raw++;
        if (!tableMode) {
            int word = (bucket >>> 6) & (seen.length - 1);
            long bit = 1L << bucket;
            long s = seen[word];
            if ((s & bit) == 0) {
                seen[word] = s | bit;
                index[n] = bucket;
                value[n] = x;
                return n + 1;
            }
            if (n <= LINEAR_MAX) {
                for (int k = 0; k < n; k++) {
                    if (index[k] == bucket) {
                        value[k] += x;
                        return n;
                    }
                }
                index[n] = bucket;
                value[n] = x;
                return n + 1;
            }
            tableMode = true;
            ensureTable(bound, n, true);
        }
        int mask = table.length - 1;
        int slot = (bucket * 0x9E3779B9) >>> 7 & mask;
        while (true) {
            int at = table[slot];
            if (at < 0) {
                table[slot] = n;
                slotOf[n] = slot;
                index[n] = bucket;
                value[n] = x;
                return n + 1;
            }
            if (index[at] == bucket) {
                value[at] += x;
                return n;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Room for {@code entries} distinct buckets in the output (and the table, once in use, which
     * takes the {@code n} entries so far along when it grows).
     */
    private void ensureCapacity(int entries, int n) {
        bound = entries;
        if (entries > index.length) {
            int size = Math.max(entries, index.length * 2);
            index = Arrays.copyOf(index, size);
            value = Arrays.copyOf(value, size);
            slotOf = Arrays.copyOf(slotOf, size);
        }
        if (tableMode) {
            ensureTable(entries, n, false);
        }
    }

    /**
     * Keeps the table at most half full for {@code entries} distinct buckets, moving the {@code n}
     * entries of this example so far into it when it grows or when {@code fill} (the switch from the
     * filter, whose entries are not in the table yet).
     */
    private void ensureTable(int entries, int n, boolean fill) {
        if (entries * 2 <= table.length && !fill) {
            return;
        }
        int size = table.length;
        while (entries * 2 > size) {
            size *= 2;
        }
        if (size != table.length) {
            table = new int[size];
            Arrays.fill(table, -1);
        }
        int mask = size - 1;
        for (int k = 0; k < n; k++) {
            int slot = (index[k] * 0x9E3779B9) >>> 7 & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = k;
            slotOf[k] = slot;
        }
    }
}
