package io.github.adagrad4j.train.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    static final List<String> NAMES = List.of("lr", "initial-accumulator", "batch-size");

    @Test
    void samplesDependOnSeedAndTrialOnlyAndStayInRange() {
        SearchSpace s = SearchSpace.parse("lr=loguniform(1e-4,1), initial-accumulator=uniform(0,0.5),"
                + "batch-size=choice(32,100)", NAMES);
        assertThat(s.sample(42, 7)).isEqualTo(s.sample(42, 7));
        assertThat(s.sample(42, 7)).isNotEqualTo(s.sample(43, 7));
        for (int t = 0; t < 200; t++) {
            Map<String, String> m = s.sample(42, t);
            double lr = Double.parseDouble(m.get("lr"));
            assertThat(lr).isBetween(1e-4, 1.0);
            assertThat(Double.parseDouble(m.get("initial-accumulator"))).isBetween(0.0, 0.5);
            assertThat(m.get("batch-size")).isIn("32", "100");
            assertThat(m.get("lr")).matches("[0-9.e-]+").hasSizeLessThanOrEqualTo(9);
        }
    }

    @Test
    void gridsTakeEveryCombination() {
        SearchSpace s = SearchSpace.parse("lr=loguniform(0.001,1),batch-size=choice(32,100)", NAMES);
        List<Map<String, String>> g = s.grid(4);
        assertThat(g).hasSize(8);
        assertThat(g).extracting(m -> m.get("lr")).containsExactly("0.001", "0.001", "0.01", "0.01", "0.1", "0.1", "1",
                "1");
    }

    @Test
    void theMedianRulePrunesOnlyAfterFiveEarlierTrials() throws InterruptedException {
        MedianPruner p = new MedianPruner(5, true);
        for (int t = 0; t < 5; t++) {
            p.report(t, 0, 0.5 + 0.1 * t);       // 0.5 .. 0.9, median 0.7
            assertThat(p.shouldPrune(t, 0)).isFalse();
            p.finish(t);
        }
        p.report(5, 0, 0.69);
        assertThat(p.shouldPrune(5, 0)).isTrue();
        p.report(6, 0, 0.71);
        assertThat(p.shouldPrune(6, 0)).isFalse();
        // Lower is better: the mirror image.
        MedianPruner low = new MedianPruner(1, false);
        low.report(0, 0, 2.0);
        low.finish(0);
        low.report(1, 0, 3.0);
        assertThat(low.shouldPrune(1, 0)).isTrue();
    }
}
