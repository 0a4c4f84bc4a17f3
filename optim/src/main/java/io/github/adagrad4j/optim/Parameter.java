package io.github.adagrad4j.optim;

import java.util.Arrays;

/**
 * A named, trainable float32 tensor and its gradient, stored row-major in flat arrays.
 *
 * <p>The optimizer reads {@link #grad()} and updates {@link #data()} in place. Both arrays are
 * fixed for the life of the parameter, so layers, optimizers and checkpoints can share them. The
 * dense gradient is allocated on the first call of {@link #grad()}: a table that only ever
 * receives sparse gradients ({@link #addSparseGrad}) never holds a second table-sized array, and a
 * step skips a parameter that has neither (as PyTorch skips a parameter whose grad is None).
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
    /** Shared by every view of this parameter ({@link #withName}), like the data. */
    private final Gradients grads;

    /** The dense gradient (null until first asked for) and the pending sparse gradient. */
    private static final class Gradients {
        float[] dense;
        SparseGradient sparse;
    }

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
        this.grads = new Gradients();
    }

    private Parameter(String name, int[] shape, float[] data, Gradients grads) {
        this.name = name;
        this.shape = shape;
        this.data = data;
        this.grads = grads;
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
        return new Parameter(newName, shape, data, grads);
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

    /** The live dense gradient, read by the optimizer; allocated (zeros) on the first call. */
    public float[] grad() {
        if (grads.dense == null) {
            grads.dense = new float[data.length];
        }
        return grads.dense;
    }

    /** Whether {@link #grad()} has been allocated: a parameter without it, and without a sparse gradient, has no gradient. */
    public boolean hasDenseGrad() {
        return grads.dense != null;
    }

    public int size() {
        return data.length;
    }

    /** Sets the gradient to zero and drops any pending sparse gradient. */
    public void zeroGrad() {
        if (grads.sparse != null) {
            // A parameter fed sparse gradients keeps its dense gradient (if any) at zero: clearing it costs O(table).
            grads.sparse = null;
        } else if (grads.dense != null) {
            Arrays.fill(grads.dense, 0f);
        }
    }

    /** Number of rows: the first dimension. */
    public int rows() {
        return shape[0];
    }

    /** Elements per row: the product of the dimensions after the first. */
    public int rowWidth() {
        return data.length / shape[0];
    }

    /**
     * Adds a sparse gradient (rows of this parameter); the next optimizer step applies it at the
     * cost of the rows it touches. Several calls before a step accumulate.
     *
     * @throws IllegalArgumentException if the width is not this parameter's row width or a row is
     *     out of range; nothing is added then
     */
    public void addSparseGrad(SparseGradient g) {
        Checks.notNull("sparse gradient", g);
        if (g.width() != rowWidth()) {
            throw new IllegalArgumentException("sparse gradient of '" + name + "' has rows of width " + g.width()
                    + " but the parameter " + Arrays.toString(shape) + " has rows of width " + rowWidth());
        }
        int[] rows = g.rows();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= shape[0]) {
                throw new IllegalArgumentException("sparse gradient of '" + name + "': row " + rows[i] + " at position "
                        + i + " is outside [0, " + shape[0] + ")");
            }
        }
        grads.sparse = grads.sparse == null ? g : grads.sparse.concat(g);
    }

    /** The pending sparse gradient, or null. */
    public SparseGradient sparseGrad() {
        return grads.sparse;
    }

    @Override
    public String toString() {
        return "Parameter[" + name + " " + Arrays.toString(shape) + "]";
    }
}
