package io.github.adagrad4j.train.compare;

import io.github.adagrad4j.optim.NonFiniteGradientException;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.Arrays;
import java.util.List;

/**
 * An optimizer's path on a {@link TestFunction}: the point {@code [x, y]} is one float32
 * parameter, stepped by the rule through the same executor that trains networks. The path stops
 * early if the point or its gradient stops being finite (the rule diverged).
 *
 * <pre>{@code
 * Trajectory t = Trajectory.run(TestFunction.ELLIPSE, -8, 2, "adagrad:lr=1", Rules.parse("adagrad:lr=1"), 100);
 * t.xs()[100]; t.losses()[99];
 * }</pre>
 *
 * @param optimizer the rule as given ({@code adagrad:lr=1})
 * @param xs x at every step, the start first ({@code steps + 1} values unless diverged)
 * @param ys y likewise
 * @param losses f at each point a step was taken from
 * @param diverged whether the path stopped at a non-finite point or gradient
 */
public record Trajectory(String optimizer, float[] xs, float[] ys, double[] losses, boolean diverged) {

    public static Trajectory run(TestFunction f, double x0, double y0, String name, UpdateRule rule, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        Parameter p = Parameter.zeros("xy", 2);
        p.data()[0] = (float) x0;
        p.data()[1] = (float) y0;
        Optimizer opt = rule.on(List.of(p));
        float[] xs = new float[steps + 1];
        float[] ys = new float[steps + 1];
        double[] losses = new double[steps];
        xs[0] = p.data()[0];
        ys[0] = p.data()[1];
        int taken = 0;
        boolean diverged = false;
        for (int s = 0; s < steps; s++) {
            float x = p.data()[0];
            float y = p.data()[1];
            losses[s] = f.value(x, y);
            opt.zeroGrad();
            f.gradient(x, y, p.grad());
            try {
                opt.step();
            } catch (NonFiniteGradientException e) {
                diverged = true;
                break;
            }
            taken++;
            xs[s + 1] = p.data()[0];
            ys[s + 1] = p.data()[1];
            if (!Float.isFinite(xs[s + 1]) || !Float.isFinite(ys[s + 1])) {
                diverged = true;
                break;
            }
        }
        return new Trajectory(name, Arrays.copyOf(xs, taken + 1), Arrays.copyOf(ys, taken + 1),
                Arrays.copyOf(losses, taken), diverged);
    }

    /** Steps taken. */
    public int steps() {
        return xs.length - 1;
    }

    /** f at the last point. */
    public double finalLoss(TestFunction f) {
        return f.value(xs[xs.length - 1], ys[ys.length - 1]);
    }
}
