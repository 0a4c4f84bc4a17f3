package io.github.adagrad4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reference values printed by NumPy 1.24 and scikit-learn 1.2 (Debian python3-sklearn). */
class SklearnSplitTest {

    @Test
    void permutationMatchesNumpyRandomState() {
        // np.random.RandomState(7).permutation(10)
        assertThat(SklearnSplit.permutation(10, 7)).containsExactly(8, 5, 0, 2, 1, 9, 7, 3, 6, 4);
    }

    @Test
    void bostonSplitMatchesTrainTestSplitWithRandomState42() throws IOException {
        // train_test_split(np.arange(506), test_size=0.2, random_state=42)
        Dataset rowIds = new Dataset(new float[506], new int[] {1}, range(506), 1);
        Dataset.Split s = SklearnSplit.split(rowIds, 0.2, 42);
        assertThat(s.test().count()).isEqualTo(102);
        assertThat(s.train().count()).isEqualTo(404);
        assertThat(java.util.Arrays.copyOf(s.test().targets(), 12))
                .containsExactly(173, 274, 491, 72, 452, 76, 316, 140, 471, 500, 218, 9);
        assertThat(java.util.Arrays.copyOf(s.train().targets(), 12))
                .containsExactly(477, 15, 332, 423, 19, 325, 335, 56, 437, 409, 334, 181);
    }

    @Test
    void indicesAreTrainTestSplitOfRowNumbers() {
        // train_test_split(np.arange(10), test_size=0.3, random_state=7): the permutation above, 3 held out.
        SklearnSplit.Indices i = SklearnSplit.indices(10, 0.3, 7);
        assertThat(i.test()).containsExactly(8, 5, 0);
        assertThat(i.train()).containsExactly(2, 1, 9, 7, 3, 6, 4);
    }

    @Test
    void aLimitSplitsTheFirstRowsOfThePermutation() {
        // The first 6 of the permutation (8, 5, 0, 2, 1, 9), ceil(0.3 * 6) = 2 of them held out.
        SklearnSplit.Indices i = SklearnSplit.indices(10, 0.3, 7, 6);
        assertThat(i.test()).containsExactly(8, 5);
        assertThat(i.train()).containsExactly(0, 2, 1, 9);
        assertThat(SklearnSplit.indices(10, 0.3, 7, 100).test()).containsExactly(8, 5, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SklearnSplit.indices(10, 1.0, 7))
                .hasMessage("test fraction must be in (0, 1), got 1.0");
    }

    private static float[] range(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
