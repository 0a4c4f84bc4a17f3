package io.github.adagrad4j.data.text;

import io.github.adagrad4j.data.CsrMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Text to sparse feature vectors by the hashing trick: lower-cased tokens (runs of letters and
 * digits), word n-grams, MurmurHash3 into {@code 2^bits} buckets with a hash-derived sign (so
 * collisions cancel in expectation, as scikit-learn's {@code alternate_sign}), weighted binary, by
 * term frequency, or by TF-IDF, rows L2-normalised.
 *
 * <pre>{@code
 * HashingVectorizer v = HashingVectorizer.builder().bits(20).ngrams(1, 2).weighting(Weighting.TF_IDF).build();
 * v.fit(trainDocs);                   // document frequencies, for TF-IDF only
 * CsrMatrix x = v.transform(trainDocs);
 * }</pre>
 *
 * <p>A document without a single n-gram (empty, only punctuation, or shorter than the smallest
 * n-gram) is rejected by default, naming it: it would become an all-zero row that a model can
 * only predict its bias for, which is almost always a data bug upstream. {@link Builder#allowEmpty}
 * turns such documents into empty rows instead.
 */
public final class HashingVectorizer {
    /** How a feature's count in a document becomes its value. */
    public enum Weighting { BINARY, TF, TF_IDF }

    private final int bits;
    private final int minN;
    private final int maxN;
    private final Weighting weighting;
    private final boolean signed;
    private final boolean normalize;
    private final boolean allowEmpty;
    private float[] idf;

    private HashingVectorizer(Builder b) {
        this.bits = b.bits;
        this.minN = b.minN;
        this.maxN = b.maxN;
        this.weighting = b.weighting;
        this.signed = b.signed;
        this.normalize = b.normalize;
        this.allowEmpty = b.allowEmpty;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int buckets() {
        return 1 << bits;
    }

    /** Lower-cased runs of letters and digits; everything else separates tokens. */
    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int start = wordStart(lower, 0); start < lower.length(); ) {
            int end = wordEnd(lower, start);
            out.add(lower.substring(start, end));
            start = wordStart(lower, end);
        }
        return out;
    }

    /** Where the first word at or after {@code from} of a lower-cased text starts, or its length. */
    private static int wordStart(String lower, int from) {
        int i = from;
        while (i < lower.length() && !Character.isLetterOrDigit(lower.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Where the word starting at {@code start} ends (exclusive). */
    private static int wordEnd(String lower, int start) {
        int i = start + 1;
        while (i < lower.length() && Character.isLetterOrDigit(lower.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The MurmurHash3 of the first {@code limit} words' UTF-8 bytes, in order, as {@link #tokenize}
     * and {@code hash32(String)} would give them, without a String per word: an ASCII word is
     * encoded into one reused buffer (a model serving texts spent nearly as much time here as in
     * its GRU), and the text is read only up to its {@code limit}-th word.
     */
    private static int[] wordHashes(String doc, int limit) {
        // ASCII first, lower-cased as it is read: toLowerCase of the whole text cost more than the
        // hashing, and a served text's words past the limit are never needed. Past ASCII, lower case
        // can depend on the neighbours (Greek final sigma) or change a text's length (U+0130): such a
        // text is lower-cased whole, as tokenize does.
        // Words are one character or more with one between: at most length / 2 + 1 of them.
        int[] out = new int[Math.max(0, Math.min(limit, doc.length() / 2 + 1))];
        byte[] utf8 = new byte[64];
        int n = 0;
        int i = 0;
        while (i < doc.length() && n < limit) {
            char c = doc.charAt(i);
            if (c >= 0x80) {
                return wordHashesLowerCased(doc, limit);
            }
            if (!asciiWord(c)) {
                i++;
                continue;
            }
            int len = 0;
            for (; i < doc.length() && (c = doc.charAt(i)) < 0x80 && asciiWord(c); i++) {
                if (len == utf8.length) {
                    utf8 = Arrays.copyOf(utf8, 2 * len);
                }
                utf8[len++] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
            if (i < doc.length() && c >= 0x80) {
                return wordHashesLowerCased(doc, limit);   // the word may go on past ASCII
            }
            out[n++] = MurmurHash3.hash32(utf8, 0, len, 0);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Character.isLetterOrDigit for an ASCII character. */
    private static boolean asciiWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** As {@link #wordHashes}, for a text past ASCII: lower-cased whole, a String per word (the rare path). */
    private static int[] wordHashesLowerCased(String doc, int limit) {
        String lower = doc.toLowerCase(Locale.ROOT);
        int[] out = new int[Math.max(0, Math.min(limit, lower.length() / 2 + 1))];
        int n = 0;
        for (int start = wordStart(lower, 0); start < lower.length() && n < limit; ) {
            int end = wordEnd(lower, start);
            out[n++] = MurmurHash3.hash32(lower.substring(start, end), 0);
            start = wordStart(lower, end);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Learns inverse document frequencies {@code ln((1 + n) / (1 + df)) + 1} (scikit-learn's smooth
     * idf).
     *
     * @throws IllegalArgumentException as {@link #transform}; the vectorizer is then unchanged
     */
    public HashingVectorizer fit(List<String> documents) {
        if (weighting != Weighting.TF_IDF) {
            return this;
        }
        int[] df = new int[buckets()];
        for (int d = 0; d < documents.size(); d++) {
            int[] cols = counts(documents.get(d), d).cols;
            for (int c : cols) {
                df[c]++;
            }
        }
        idf = new float[df.length];
        for (int i = 0; i < df.length; i++) {
            idf[i] = (float) (Math.log((1.0 + documents.size()) / (1.0 + df[i])) + 1);
        }
        return this;
    }

    /**
     * One sparse row per document.
     *
     * @throws IllegalStateException for TF-IDF before {@link #fit}
     * @throws IllegalArgumentException naming the first document without an n-gram (unless
     *     {@link Builder#allowEmpty}) or that is null
     */
    public CsrMatrix transform(List<String> documents) {
        if (weighting == Weighting.TF_IDF && idf == null) {
            throw new IllegalStateException("TF-IDF weighting needs fit(documents) before transform");
        }
        int[] rowPtr = new int[documents.size() + 1];
        List<int[]> colsPerDoc = new ArrayList<>(documents.size());
        List<float[]> valsPerDoc = new ArrayList<>(documents.size());
        int nnz = 0;
        for (int d = 0; d < documents.size(); d++) {
            Row row = counts(documents.get(d), d);
            float[] v = new float[row.cols.length];
            double norm = 0;
            for (int k = 0; k < v.length; k++) {
                float count = Math.abs(row.counts[k]);
                float value = switch (weighting) {
                    case BINARY -> 1f;
                    case TF -> count;
                    case TF_IDF -> count * idf[row.cols[k]];
                };
                v[k] = Math.signum(row.counts[k]) * value;
                norm += v[k] * v[k];
            }
            if (normalize && norm > 0) {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int k = 0; k < v.length; k++) {
                    v[k] *= inv;
                }
            }
            colsPerDoc.add(row.cols);
            valsPerDoc.add(v);
            nnz += v.length;
            rowPtr[d + 1] = nnz;
        }
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        for (int d = 0; d < documents.size(); d++) {
            System.arraycopy(colsPerDoc.get(d), 0, cols, rowPtr[d], colsPerDoc.get(d).length);
            System.arraycopy(valsPerDoc.get(d), 0, vals, rowPtr[d], valsPerDoc.get(d).length);
        }
        return new CsrMatrix(rowPtr, cols, vals, buckets());
    }

    /** Sorted distinct buckets of a document with signed counts (sign from the hash, summed). */
    private record Row(int[] cols, float[] counts) {
    }

    /**
     * The raw MurmurHash3 of every n-gram of a document, in order (n-grams are words joined by a
     * space); {@code index} names the document in the error when it has none.
     */
    private int[] hashes(String doc, int index, int limit) {
        if (doc == null) {
            throw new IllegalArgumentException((index < 0 ? "the document" : "document " + index) + " is null");
        }
        int[] hashes;
        int h;
        if (minN == 1 && maxN == 1) {
            hashes = wordHashes(doc, limit);
            h = hashes.length;
        } else {
            List<String> tokens = tokenize(doc);
            hashes = new int[Math.max(0, tokens.size() * (maxN - minN + 1))];
            h = 0;
            StringBuilder gram = new StringBuilder();
            for (int n = minN; n <= maxN && h < limit; n++) {
                for (int i = 0; i + n <= tokens.size() && h < limit; i++) {
                    gram.setLength(0);
                    for (int j = 0; j < n; j++) {
                        if (j > 0) {
                            gram.append(' ');
                        }
                        gram.append(tokens.get(i + j));
                    }
                    hashes[h++] = MurmurHash3.hash32(gram.toString(), 0);
                }
            }
        }
        if (h == 0 && !allowEmpty) {
            String shown = doc.length() > 40 ? doc.substring(0, 40) + "..." : doc;
            throw new IllegalArgumentException((index < 0 ? "the document" : "document " + index) + " has no "
                    + (maxN > 1 || minN > 1 ? minN + ".." + maxN + "-word n-grams" : "words") + " to hash (it is \""
                    + shown.replace("\n", "\\n") + "\"); remove it, or build the vectorizer with allowEmpty(true) "
                    + "to give it an empty row");
        }
        return h == hashes.length ? hashes : Arrays.copyOf(hashes, h);
    }

    /**
     * The bucket of every n-gram of a document, in order, repeats kept: the input of an embedding bag.
     *
     * @throws IllegalArgumentException as {@link #transform}
     */
    public int[] bucketIds(String doc) {
        return bucketIds(doc, Integer.MAX_VALUE);
    }

    /**
     * The buckets of a document's first {@code limit} n-grams, in order: {@link #bucketIds(String)}
     * cut at {@code limit}, without hashing the rest.
     *
     * @throws IllegalArgumentException as {@link #transform}
     */
    public int[] bucketIds(String doc, int limit) {
        int[] hs = hashes(doc, -1, limit);
        int mask = buckets() - 1;
        for (int i = 0; i < hs.length; i++) {
            hs[i] &= mask;
        }
        return hs;
    }

    private Row counts(String doc, int index) {
        int[] hashes = hashes(doc, index, Integer.MAX_VALUE);
        int h = hashes.length;
        int mask = buckets() - 1;
        long[] keyed = new long[h];
        for (int i = 0; i < h; i++) {
            // Bucket in the high half for sorting, sign bit of the hash in the low bit.
            keyed[i] = ((long) (hashes[i] & mask) << 1) | (signed && hashes[i] < 0 ? 1 : 0);
        }
        Arrays.sort(keyed);
        int distinct = 0;
        for (int i = 0; i < h; i++) {
            if (i == 0 || (keyed[i] >>> 1) != (keyed[i - 1] >>> 1)) {
                distinct++;
            }
        }
        int[] cols = new int[distinct];
        float[] counts = new float[distinct];
        int k = -1;
        for (int i = 0; i < h; i++) {
            int col = (int) (keyed[i] >>> 1);
            if (k < 0 || cols[k] != col) {
                cols[++k] = col;
            }
            counts[k] += (keyed[i] & 1) == 1 ? -1f : 1f;
        }
        return new Row(cols, counts);
    }

    /** Builder for {@link HashingVectorizer}; setters validate at once. */
    public static final class Builder {
        private int bits = 20;
        private int minN = 1;
        private int maxN = 1;
        private Weighting weighting = Weighting.TF;
        private boolean signed = true;
        private boolean normalize = true;
        private boolean allowEmpty;

        private Builder() {
        }

        /** {@code 2^bits} buckets, bits in [1, 30]. */
        public Builder bits(int bits) {
            if (bits < 1 || bits > 30) {
                throw new IllegalArgumentException("bits must be in [1, 30] (2 to 2^30 buckets), got " + bits);
            }
            this.bits = bits;
            return this;
        }

        /** Bucket count, which must be a power of two. */
        public Builder buckets(int buckets) {
            if (buckets < 2 || Integer.bitCount(buckets) != 1) {
                throw new IllegalArgumentException("the number of hash buckets must be a power of two >= 2, got "
                        + buckets);
            }
            return bits(Integer.numberOfTrailingZeros(buckets));
        }

        /** Word n-grams from {@code min} to {@code max} words. */
        public Builder ngrams(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("n-gram range must have 1 <= min <= max, got " + min + ".." + max);
            }
            this.minN = min;
            this.maxN = max;
            return this;
        }

        public Builder weighting(Weighting weighting) {
            this.weighting = weighting;
            return this;
        }

        /** Give each feature the sign of its hash (default true). */
        public Builder signed(boolean signed) {
            this.signed = signed;
            return this;
        }

        /** Scale each row to unit L2 norm (default true). */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /**
         * Accept documents without an n-gram as empty rows (default false: they are rejected,
         * naming the document).
         */
        public Builder allowEmpty(boolean allowEmpty) {
            this.allowEmpty = allowEmpty;
            return this;
        }

        public HashingVectorizer build() {
            return new HashingVectorizer(this);
        }
    }
}
