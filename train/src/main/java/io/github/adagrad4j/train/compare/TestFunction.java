package io.github.adagrad4j.train.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The 2-D functions optimizers are pictured on: Rosenbrock's curved valley, Beale's flat plateau
 * and sharp walls, the badly scaled ellipse {@code x²/20 + y²} (where AdaGrad's per-coordinate
 * rate helps), the saddle {@code x² - y²} (where it must escape along y) and Himmelblau's four
 * minima. Each has its gradient, a customary start and the window a picture of it shows.
 *
 * <pre>{@code
 * TestFunction f = TestFunction.byName("rosenbrock");
 * double v = f.value(1, 1);                 // 0, its minimum
 * float[] g = new float[2];
 * f.gradient(-1.5f, 2f, g);
 * }</pre>
 */
public enum TestFunction {
    ROSENBROCK(-1.5, 2, -2, 2, -1, 3) {
        @Override
        public double value(double x, double y) {
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Override
        void grad(double x, double y, double[] g) {
            g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1] = 200 * (y - x * x);
        }
    },
    BEALE(1, 1.5, -4.5, 4.5, -4.5, 4.5) {
        @Override
        public double value(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return a * a + b * b + c * c;
        }

        @Override
        void grad(double x, double y, double[] g) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            g[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
            g[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
        }
    },
    ELLIPSE(-8, 2, -10, 10, -4, 4) {
        @Override
        public double value(double x, double y) {
            return x * x / 20 + y * y;
        }

        @Override
        void grad(double x, double y, double[] g) {
            g[0] = x / 10;
            g[1] = 2 * y;
        }
    },
    SADDLE(-2, 0.001, -3, 3, -3, 3) {
        @Override
        public double value(double x, double y) {
            return x * x - y * y;
        }

        @Override
        void grad(double x, double y, double[] g) {
            g[0] = 2 * x;
            g[1] = -2 * y;
        }
    },
    HIMMELBLAU(0, 0, -5, 5, -5, 5) {
        @Override
        public double value(double x, double y) {
            double a = x * x + y - 11;
            double b = x + y * y - 7;
            return a * a + b * b;
        }

        @Override
        void grad(double x, double y, double[] g) {
            double a = x * x + y - 11;
            double b = x + y * y - 7;
            g[0] = 4 * x * a + 2 * b;
            g[1] = 2 * a + 4 * y * b;
        }
    };

    private final double startX;
    private final double startY;
    private final double[] window;

    TestFunction(double startX, double startY, double xMin, double xMax, double yMin, double yMax) {
        this.startX = startX;
        this.startY = startY;
        this.window = new double[] {xMin, xMax, yMin, yMax};
    }

    /** f(x, y). */
    public abstract double value(double x, double y);

    abstract void grad(double x, double y, double[] g);

    /**
     * The gradient at a float32 point, as float32: computed in double and rounded once, which is
     * within an ulp of what PyTorch's float32 autograd gives.
     */
    public void gradient(float x, float y, float[] out) {
        double[] g = new double[2];
        grad(x, y, g);
        out[0] = (float) g[0];
        out[1] = (float) g[1];
    }

    /** The customary start point. */
    public double[] start() {
        return new double[] {startX, startY};
    }

    /** {xMin, xMax, yMin, yMax} of the picture. */
    public double[] window() {
        return window.clone();
    }

    /** The name as the command line takes it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The function named {@code name}.
     *
     * @throws IllegalArgumentException naming the functions there are
     */
    public static TestFunction byName(String name) {
        for (TestFunction f : values()) {
            if (f.key().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown function '" + name + "'; expected one of " + keys());
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(TestFunction::key).toList();
    }
}
