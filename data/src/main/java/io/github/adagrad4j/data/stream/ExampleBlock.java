package io.github.adagrad4j.data.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A block of parsed examples in flat arrays, as the parsing thread hands them to the learning
 * thread: per example its label (NaN: none), importance weight, line number and tag, and its
 * features' 32-bit hashes and values grouped in namespace segments (each with its key and name
 * hash, which interactions need). A stream may also hand each example over expanded, as
 * {@link FeatureExpander} makes it: its distinct table indices and values, the constant and the
 * interactions included ({@link #expanded()}). Blocks are reused: {@link #clear()} keeps the arrays, so a
 * stream allocates only while its largest block grows.
 *
 * <pre>{@code
 * ExampleBlock b = new ExampleBlock(1024);
 * parser.parse(line, 0, line.length, 1, b);
 * float label = b.label(0);
 * }</pre>
 */
public final class ExampleBlock {
    private final int capacity;
    int size;
    float[] labels;
    float[] weights;
    long[] lines;
    /** Example e's segments are {@code [segStart[e], segStart[e+1])}; its features {@code [featStart[e], featStart[e+1])}. */
    int[] segStart;
    int[] featStart;
    int[] tagStart;
    int segments;
    int[] segKey;
    int[] segName;
    /** Segment s's features start at {@code segFrom[s]} and end where the next segment (or the example) starts. */
    int[] segFrom;
    int features;
    int[] hashes;
    float[] values;
    int tagBytes;
    byte[] tags;
    /** Example e's expansion is {@code [xStart[e], xStart[e+1])} of {@link #xIndex} and {@link #xValue}. */
    private int[] xStart;
    private int[] xIndex = new int[0];
    private float[] xValue = new float[0];
    private int[] xRaw;
    private boolean expanded;
    /** The example being added: its first segment and feature, for {@link #abort()}. */
    private boolean open;

    /** A block of at most {@code capacity} examples. */
    public ExampleBlock(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a block holds at least 1 example, got " + capacity);
        }
        this.capacity = capacity;
        labels = new float[capacity];
        weights = new float[capacity];
        lines = new long[capacity];
        segStart = new int[capacity + 1];
        featStart = new int[capacity + 1];
        tagStart = new int[capacity + 1];
        segKey = new int[capacity * 2];
        segName = new int[capacity * 2];
        segFrom = new int[capacity * 2];
        hashes = new int[capacity * 16];
        values = new float[capacity * 16];
        tags = new byte[64];
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public void clear() {
        size = 0;
        segments = 0;
        features = 0;
        tagBytes = 0;
        open = false;
        expanded = false;
    }

    /** Whether every example's expansion is in the block ({@link #expandedIndex()}). */
    public boolean expanded() {
        return expanded;
    }

    /** The expanded examples' table indices: example {@code e}'s are {@code [expandedFrom(e), expandedFrom(e + 1))}. */
    public int[] expandedIndex() {
        return xIndex;
    }

    /** The values of {@link #expandedIndex()}. */
    public float[] expandedValue() {
        return xValue;
    }

    /** Where example {@code e}'s expansion starts; {@code expandedFrom(size())} is where the last one ends. */
    public int expandedFrom(int e) {
        return xStart[e];
    }

    /** Features of example {@code e}'s expansion before repeated buckets were summed ({@link FeatureExpander#rawCount()}). */
    public int rawCount(int e) {
        return xRaw[e];
    }

    /** An example that cannot be expanded, with its line; the block then ends before it. */
    static final class ExpansionException extends RuntimeException {
        final long line;

        ExpansionException(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    /**
     * Stores the expansions {@code expander} makes of every example: done by a stream's parsing
     * threads.
     *
     * @throws ExpansionException for an example with too many features
     */
    void expandWith(FeatureExpander expander) {
        if (xStart == null) {
            xStart = new int[capacity + 1];
            xRaw = new int[capacity];
        }
        int at = 0;
        for (int e = 0; e < size; e++) {
            int n;
            try {
                n = expander.expand(this, e);
            } catch (IllegalArgumentException x) {
                // The stream ends at this example: the block keeps the ones before it, expanded.
                size = e;
                xStart[e] = at;
                expanded = true;
                throw new ExpansionException(lines[e], x.getMessage());
            }
            if (at + n > xIndex.length) {
                int grown = Math.max(at + n, Math.max(2 * xIndex.length, 2 * features + 2 * size));
                xIndex = Arrays.copyOf(xIndex, grown);
                xValue = Arrays.copyOf(xValue, grown);
            }
            System.arraycopy(expander.index(), 0, xIndex, at, n);
            System.arraycopy(expander.value(), 0, xValue, at, n);
            xStart[e] = at;
            xRaw[e] = expander.rawCount();
            at += n;
        }
        xStart[size] = at;
        expanded = true;
    }

    /** The label of example {@code e}, or NaN when its line has none. */
    public float label(int e) {
        return labels[e];
    }

    public float weight(int e) {
        return weights[e];
    }

    /** The 1-based line (or, read from a cache, example) number of example {@code e}. */
    public long line(int e) {
        return lines[e];
    }

    /** The features example {@code e}'s line gave, before the constant and interactions. */
    public int featureCount(int e) {
        return featStart[e + 1] - featStart[e];
    }

    /** Example {@code e}'s tag (Vowpal Wabbit's {@code 'tag}), or an empty string. */
    public String tag(int e) {
        return new String(tags, tagStart[e], tagStart[e + 1] - tagStart[e], StandardCharsets.UTF_8);
    }

    // ---- writing, by parsers and the cache ----------------------------------------------------------

    /** Starts an example; {@link #end()} adds it, {@link #abort()} forgets it. */
    public void begin(float label, float weight, long line) {
        if (size == capacity) {
            throw new IllegalStateException("block full");
        }
        labels[size] = label;
        weights[size] = weight;
        lines[size] = line;
        segStart[size] = segments;
        featStart[size] = features;
        tagStart[size] = tagBytes;
        open = true;
    }

    /** Sets the example being added's tag. */
    void tag(byte[] b, int from, int length) {
        if (tagBytes + length > tags.length) {
            tags = Arrays.copyOf(tags, Math.max(tags.length * 2, tagBytes + length));
        }
        System.arraycopy(b, from, tags, tagBytes, length);
        tagBytes += length;
    }

    /** Replaces the example being added's label and weight (read after its first feature, as in a CSV row). */
    void labelAndWeight(float label, float weight) {
        labels[size] = label;
        weights[size] = weight;
    }

    /** Starts a namespace segment of the example being added. */
    public void segment(int key, int nameHash) {
        if (segments == segKey.length) {
            int n = segments * 2;
            segKey = Arrays.copyOf(segKey, n);
            segName = Arrays.copyOf(segName, n);
            segFrom = Arrays.copyOf(segFrom, n);
        }
        segKey[segments] = key;
        segName[segments] = nameHash;
        segFrom[segments] = features;
        segments++;
    }

    /** Adds a feature to the current segment. */
    public void feature(int hash, float value) {
        if (features == hashes.length) {
            int n = features * 2;
            hashes = Arrays.copyOf(hashes, n);
            values = Arrays.copyOf(values, n);
        }
        hashes[features] = hash;
        values[features] = value;
        features++;
    }

    /** Adds the example begun. */
    public void end() {
        size++;
        segStart[size] = segments;
        featStart[size] = features;
        tagStart[size] = tagBytes;
        open = false;
    }

    /** Forgets the example begun (a bad line skipped), leaving the block as it was before it. */
    public void abort() {
        if (open) {
            segments = segStart[size];
            features = featStart[size];
            tagBytes = tagStart[size];
            open = false;
        }
    }
}
