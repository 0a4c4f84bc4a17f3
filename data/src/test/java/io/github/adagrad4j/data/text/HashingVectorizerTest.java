package io.github.adagrad4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.CsrMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashingVectorizerTest {

    /** Reference values from scikit-learn's {@code sklearn.utils.murmurhash3_32}. */
    @Test
    void murmurHash3MatchesScikitLearn() {
        String[] s = {"hello", "", "a", "ab", "abc", "abcd", "héllo wörld", "the quick brown fox"};
        int[] seed0 = {613153351, 0, 1009084850, -1681926305, -1277324294, 1139631978, -1745358220, 519850996};
        int[] seed42 = {-488910111, 142593372, -1293573533, -684913081, 1313807976, -396302900, 857211688, -1980964478};
        for (int i = 0; i < s.length; i++) {
            assertThat(MurmurHash3.hash32(s[i], 0)).as(s[i]).isEqualTo(seed0[i]);
            assertThat(MurmurHash3.hash32(s[i], 42)).as(s[i]).isEqualTo(seed42[i]);
        }
    }

    @Test
    void tokenizesLowerCasedLetterAndDigitRuns() {
        assertThat(HashingVectorizer.tokenize("Buy NOW!!! 100% free -- http://x.io/a_b"))
                .containsExactly("buy", "now", "100", "free", "http", "x", "io", "a", "b");
        assertThat(HashingVectorizer.tokenize("  ...  ")).isEmpty();
    }

    @Test
    void hashesUnigramsAndBigramsIntoNormalisedSparseRows() {
        HashingVectorizer v = HashingVectorizer.builder().bits(10).ngrams(1, 2).allowEmpty(true).build();
        CsrMatrix x = v.transform(List.of("spam spam eggs", "", "eggs"));
        assertThat(x.rows()).isEqualTo(3);
        assertThat(x.numCols()).isEqualTo(1024);
        // "spam", "eggs", "spam spam", "spam eggs": at most 4 buckets (3 if two collide)
        int first = x.rowPtr()[1] - x.rowPtr()[0];
        assertThat(first).isBetween(3, 4);
        double norm = 0;
        for (int k = 0; k < first; k++) {
            norm += x.values()[k] * x.values()[k];
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(x.rowPtr()[2] - x.rowPtr()[1]).as("an empty document, allowed, is an empty row").isZero();
        int eggs = Math.floorMod(MurmurHash3.hash32("eggs", 0), 1024);
        assertThat(x.cols()[x.rowPtr()[2]]).isEqualTo(eggs);
        assertThat(Math.abs(x.values()[x.rowPtr()[2]])).isEqualTo(1f);
    }

    @Test
    void tfIdfDownWeightsCommonTermsAndNeedsFit() {
        List<String> docs = List.of("the cat", "the dog", "the bird");
        HashingVectorizer v = HashingVectorizer.builder().bits(16).weighting(HashingVectorizer.Weighting.TF_IDF)
                .signed(false).normalize(false).build();
        assertThatThrownBy(() -> v.transform(docs)).hasMessageContaining("needs fit");
        CsrMatrix x = v.fit(docs).transform(docs);
        int the = Math.floorMod(MurmurHash3.hash32("the", 0), 1 << 16);
        for (int k = x.rowPtr()[0]; k < x.rowPtr()[1]; k++) {
            // idf(the) = ln(4/4) + 1 = 1; idf(cat) = ln(4/2) + 1
            assertThat((double) x.values()[k]).isCloseTo(x.cols()[k] == the ? 1.0 : Math.log(2) + 1,
                    org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void bucketCountMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> HashingVectorizer.builder().buckets(1000))
                .hasMessage("the number of hash buckets must be a power of two >= 2, got 1000");
        assertThatThrownBy(() -> HashingVectorizer.builder().ngrams(2, 1)).hasMessageContaining("1 <= min <= max");
    }

    @Test
    void documentsWithoutWordsAreNamedErrorsUnlessAllowed() {
        List<String> docs = List.of("a real e-mail", "  -- !! --\n", "another one");
        HashingVectorizer tf = HashingVectorizer.builder().bits(10).build();
        assertThatThrownBy(() -> tf.transform(docs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("document 1 has no words to hash (it is \"  -- !! --\\n\"); remove it, or build the "
                        + "vectorizer with allowEmpty(true) to give it an empty row");
        assertThatThrownBy(() -> tf.bucketIds("")).hasMessageStartingWith("the document has no words to hash");
        HashingVectorizer bigrams = HashingVectorizer.builder().bits(10).ngrams(2, 2).build();
        assertThatThrownBy(() -> bigrams.transform(List.of("two words", "one"))).hasMessageStartingWith(
                "document 1 has no 2..2-word n-grams to hash");

        // fit fails the same way and leaves the vectorizer unfitted.
        HashingVectorizer idf = HashingVectorizer.builder().bits(10).weighting(HashingVectorizer.Weighting.TF_IDF).build();
        assertThatThrownBy(() -> idf.fit(docs)).hasMessageStartingWith("document 1 has no words");
        assertThatThrownBy(() -> idf.transform(List.of("x"))).hasMessageContaining("needs fit");

        CsrMatrix x = HashingVectorizer.builder().bits(10).allowEmpty(true).build().transform(docs);
        assertThat(x.rows()).isEqualTo(3);
        assertThat(x.rowPtr()[2] - x.rowPtr()[1]).isZero();
        assertThat(x.rowPtr()[1]).isPositive();
    }

    /**
     * Unigram buckets are hashed word by word from the lower-cased text without a String per word:
     * the same ids as tokenize + hash32 of each word, for ASCII, accented and non-Latin words, a
     * character whose lower case is two (U+0130), Greek capital sigma (lower-cased by its position),
     * surrogate pairs, long words; and a limit only cuts.
     */
    @Test
    void unigramBucketsAreTheTokensHashes() {
        String[] alphabet = {"a", "Z", "7", " ", ",", "\n", "-", "'", "x".repeat(70), "é", "Ä", "ß", "\u0130", "Σ", "ω",
            "ж", "中", "\uD83D\uDE00", "\uD835\uDC00", "Ⅻ"};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        HashingVectorizer v = HashingVectorizer.builder().bits(18).ngrams(1, 1).allowEmpty(true).build();
        int mask = (1 << 18) - 1;
        for (int doc = 0; doc < 6000; doc++) {
            // Half the texts ASCII only (read without lower-casing the whole text), half mixed.
            int symbols = doc % 2 == 0 ? 9 : alphabet.length;
            StringBuilder text = new StringBuilder();
            int length = rng.nextInt(0, 60);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[rng.nextInt(symbols)]);
            }
            if (doc % 4 == 1) {
                text.insert(rng.nextInt(text.length() + 1), alphabet[6 + rng.nextInt(alphabet.length - 6)]);
            }
            List<String> words = HashingVectorizer.tokenize(text.toString());
            int[] expected = new int[words.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = MurmurHash3.hash32(words.get(i), 0) & mask;
            }
            assertThat(v.bucketIds(text.toString())).as(text.toString()).isEqualTo(expected);
            int limit = rng.nextInt(0, 8);
            assertThat(v.bucketIds(text.toString(), limit)).as(text + " limit " + limit)
                    .isEqualTo(java.util.Arrays.copyOf(expected, Math.min(limit, expected.length)));
        }
        assertThat(new TokenHashing(18, 3).encode("One two, THREE four")).isEqualTo(
                java.util.Arrays.copyOf(v.bucketIds("one two three four"), 3));
        assertThat(new TokenHashing(18, 3).encode("...")).containsExactly(0);
    }
}
