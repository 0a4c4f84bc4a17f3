package io.github.adagrad4j.train.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths on the 2-D functions against PyTorch's (tools/parity/trajectories.py, torch 1.13 float32). */
class TrajectoryTest {
    @Test
    void pathsMatchPyTorchsForTheFirstHundredSteps() throws IOException {
        Map<?, ?> trace;
        try (InputStream in = getClass().getResourceAsStream("torch_trajectories.json")) {
            trace = (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (Object o : (List<?>) trace.get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            TestFunction f = TestFunction.byName((String) c.get("function"));
            List<?> start = (List<?>) c.get("start");
            String spec = (String) c.get("optimizer");
            Trajectory t = Trajectory.run(f, ((Number) start.get(0)).doubleValue(), ((Number) start.get(1)).doubleValue(),
                    spec, Rules.parse(spec), 100);
            List<?> path = (List<?>) c.get("path");
            assertThat(t.steps()).as(f + " " + spec).isEqualTo(100);
            for (int s = 0; s <= 100; s++) {
                List<?> xy = (List<?>) path.get(s);
                double x = ((Number) xy.get(0)).doubleValue();
                double y = ((Number) xy.get(1)).doubleValue();
                if (Math.abs(t.xs()[s] - x) > 1e-5 * Math.max(1, Math.abs(x))
                        || Math.abs(t.ys()[s] - y) > 1e-5 * Math.max(1, Math.abs(y))) {
                    mismatches.add(f.key() + " " + spec + " step " + s + ": ours (" + t.xs()[s] + ", " + t.ys()[s]
                            + "), torch (" + x + ", " + y + ")");
                    break;
                }
            }
            cases++;
        }
        assertThat(cases).isEqualTo(25);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aDivergingRuleStopsThePathAndSaysSo() {
        Trajectory t = Trajectory.run(TestFunction.ROSENBROCK, -1.5, 2, "sgd:lr=1", Rules.parse("sgd:lr=1"), 100);
        assertThat(t.diverged()).isTrue();
        assertThat(t.steps()).isLessThan(100);
        assertThatThrownBy(() -> TestFunction.byName("sphere")).hasMessageContaining("unknown function 'sphere'")
                .hasMessageContaining("rosenbrock, beale, ellipse, saddle, himmelblau");
    }
}
