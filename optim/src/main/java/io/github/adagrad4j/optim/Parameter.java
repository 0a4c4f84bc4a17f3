package io.github.adagrad4j.optim;

import java.util.Arrays;

/**
 * A named, trainable float32 tensor and its gradient, stored row-major in flat arrays.
 *
 * <p>The optimizer reads {@link #grad()} and updates {@link #data()} in place. Both arrays are
 * fixed for the life of the parameter, so layers, optimizers and checkpoints can share them.
 *
 * <pre>{@code
 * Parameter w = Parameter.zeros("fc1.weight", 128, 784);
 * w.grad()[0] = 0.5f;                 // normally filled by backward()
 * Optimizer opt = new AdaGrad(0.01).on(List.of(w));
 * opt.step();
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final float[] data;
    private final float[] grad;

    /**
     * Wraps {@code data} (not copied) as a parameter of the given shape.
     *
     * @throws IllegalArgumentException if the name is blank, a dimension is not positive, or the
     *     product of the shape is not {@code data.length}
     */
    public Parameter(String name, float[] data, int... shape) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must be non-blank, got '" + name + "'");
        }
        if (data == null) {
            throw new IllegalArgumentException("parameter '" + name + "': data must not be null");
        }
        int[] s = shape == null || shape.length == 0 ? new int[] {data.length} : shape.clone();
        long n = 1;
        for (int d : s) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter '" + name + "': every dimension must be > 0, got shape "
                        + Arrays.toString(s));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("parameter '" + name + "': shape " + Arrays.toString(s) + " holds " + n
                    + " elements but data has " + data.length);
        }
        this.name = name;
        this.shape = s;
        this.data = data;
        this.grad = new float[data.length];
    }

    private Parameter(String name, int[] shape, float[] data, float[] grad) {
        this.name = name;
        this.shape = shape;
        this.data = data;
        this.grad = grad;
    }

    /**
     * The same parameter under another name: data and gradient arrays are shared, so updating
     * either view updates both. Models use it to give a layer's parameters their full path
     * ({@code "0.weight"}, {@code "encoder.fc1.bias"}).
     */
    public Parameter withName(String newName) {
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("parameter name must be non-blank, got '" + newName + "'");
        }
        return new Parameter(newName, shape, data, grad);
    }

    /** A parameter of the given shape filled with zeros. */
    public static Parameter zeros(String name, int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= Math.max(d, 1);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter '" + name + "': shape " + Arrays.toString(shape)
                    + " has " + n + " elements, more than a Java array can hold");
        }
        return new Parameter(name, new float[(int) n], shape);
    }

    public String name() {
        return name;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The live values, updated in place by the optimizer. */
    public float[] data() {
        return data;
    }

    /** The live gradient, read by the optimizer. */
    public float[] grad() {
        return grad;
    }

    public int size() {
        return data.length;
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return "Parameter[" + name + " " + Arrays.toString(shape) + "]";
    }
}
