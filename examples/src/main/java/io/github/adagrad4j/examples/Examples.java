package io.github.adagrad4j.examples;

/**
 * Entry point of the examples jar: {@code java -jar examples/target/adagrad4j-examples.jar}
 * runs the linear-regression demo.
 *
 * <pre>{@code
 * java -jar examples/target/adagrad4j-examples.jar linear
 * }</pre>
 */
public final class Examples {
    private Examples() {
    }

    public static void main(String[] args) {
        String name = args.length == 0 ? "linear" : args[0];
        if (!name.equals("linear")) {
            System.err.println("unknown example '" + name + "'; available: linear");
            System.exit(2);
        }
        System.out.println("Fitting y = 2x + noise (100 points, seed 42) with AdaGrad(lr=0.1), 1000 epochs");
        LinearRegression.run(42, 1000, 0.1, System.out::println);
    }
}
