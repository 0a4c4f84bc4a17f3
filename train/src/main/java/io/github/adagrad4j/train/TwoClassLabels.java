package io.github.adagrad4j.train;

import io.github.adagrad4j.data.DataFormatException;
import java.util.List;

/**
 * The labels of a two-class stream, as Vowpal Wabbit and LIBSVM files write them: 1 is the positive
 * class, 0 or -1 the negative one, and a stream keeps to one of the two spellings. The one reading
 * of such labels for {@code learn} and for {@code train} on the same files.
 *
 * <pre>{@code
 * TwoClassLabels labels = new TwoClassLabels("a logistic stream");
 * boolean positive = labels.positive(-1f, "clicks.vw", 12);   // false
 * List<String> classes = labels.classes(true);                 // ["-1", "1"]
 * }</pre>
 */
final class TwoClassLabels {
    /** Undecided: no negative label seen yet. */
    static final int UNSEEN = 1;
    private final String what;
    private int negative = UNSEEN;

    /** @param what the stream, in messages ("a logistic stream") */
    TwoClassLabels(String what) {
        this.what = what;
    }

    /**
     * Whether {@code label} is the positive class.
     *
     * @throws DataFormatException naming the line for a label other than 0, -1 and 1, or a negative
     *     label spelt otherwise than the ones before it
     */
    boolean positive(float label, String source, long line) throws DataFormatException {
        if (label == 1f) {
            return true;
        }
        if (label == 0f || label == -1f) {
            int neg = label == 0f ? 0 : -1;
            if (negative != UNSEEN && negative != neg) {
                throw new DataFormatException(source, line, "label " + neg + " after labels " + negative + " and 1: "
                        + what + " uses {0, 1} or {-1, 1}, not both");
            }
            negative = neg;
            return false;
        }
        throw new DataFormatException(source, line, "label " + label + ": " + what + "'s labels are 0 or 1 (or -1 or 1)");
    }

    /** The negative label seen (0 or -1), or {@link #UNSEEN}; saved with a checkpoint. */
    int negative() {
        return negative;
    }

    /** Restores {@link #negative()} from a checkpoint. */
    void restore(int negative) {
        this.negative = negative;
    }

    /**
     * The class names as the stream spells them; with no negative label seen, {@code -1} when
     * {@code minusOneByDefault} (Vowpal Wabbit's spelling), else {@code 0}.
     */
    List<String> classes(boolean minusOneByDefault) {
        return negative == 0 || negative == UNSEEN && !minusOneByDefault ? List.of("0", "1") : List.of("-1", "1");
    }
}
