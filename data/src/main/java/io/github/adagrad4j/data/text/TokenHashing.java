package io.github.adagrad4j.data.text;

/**
 * Texts to token sequences for a sequence classifier ({@code nn.layers.SequenceClassifier}): each
 * word (as {@link HashingVectorizer} tokenises) hashed to one of {@code 2^bits} embedding rows, in
 * order, the first {@code maxLen} kept; a text without a word becomes the one token 0. Training
 * and prediction use this one class, so a saved model reads texts as it was trained on
 * them.
 *
 * <pre>{@code
 * TokenHashing tokens = new TokenHashing(18, 600);
 * int[] ids = tokens.encode("Subject: cheap meds, order now");   // 5 ids in [0, 2^18)
 * }</pre>
 */
public final class TokenHashing {
    private final int bits;
    private final int maxLen;
    private final HashingVectorizer hashing;

    /**
     * @param bits hash buckets {@code 2^bits}, 1 to 30
     * @param maxLen tokens kept per text, at least 1
     */
    public TokenHashing(int bits, int maxLen) {
        if (bits < 1 || bits > 30) {
            throw new IllegalArgumentException("hash bits must be in [1, 30], got " + bits);
        }
        if (maxLen < 1) {
            throw new IllegalArgumentException("tokens kept per text must be >= 1, got " + maxLen);
        }
        this.bits = bits;
        this.maxLen = maxLen;
        this.hashing = HashingVectorizer.builder().bits(bits).ngrams(1, 1).allowEmpty(true).build();
    }

    public int bits() {
        return bits;
    }

    public int maxLen() {
        return maxLen;
    }

    /** The vocabulary: {@code 2^bits}. */
    public int buckets() {
        return 1 << bits;
    }

    /** Each text's token ids, as {@link #encode(String)} gives them. */
    public int[][] encodeAll(java.util.List<String> texts) {
        int[][] ids = new int[texts.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = encode(texts.get(i));
        }
        return ids;
    }

    /** The text's first {@code maxLen} token ids, or {@code [0]} when it has no token. */
    public int[] encode(String text) {
        int[] ids = hashing.bucketIds(text, maxLen);
        return ids.length == 0 ? new int[] {0} : ids;
    }

}
