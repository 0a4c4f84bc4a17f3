package io.github.adagrad4j.nn;

import io.github.adagrad4j.optim.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A float32 tensor, row-major, with reverse-mode automatic differentiation. Every op records its
 * inputs and how to push a gradient back to them; {@link #backward()} on a scalar result walks the
 * recorded graph in reverse topological order and accumulates into each input's {@link #grad()}.
 *
 * <p>A tensor made with {@link #of(Parameter)} shares the parameter's data and gradient arrays,
 * so the gradients {@code backward()} accumulates are exactly what an {@code Optimizer} steps.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
 * Tensor w = Tensor.of(weight);                  // an optim Parameter of shape [3, 2]
 * Tensor loss = Ops.mse(Ops.linear(x, w, null), target);
 * loss.backward();                               // weight.grad() now holds dloss/dweight
 * }</pre>
 */
public final class Tensor {
    /** Pushes this tensor's gradient to its inputs; called once, after all consumers have contributed. */
    @FunctionalInterface
    public interface Backward {
        void run(Tensor out);
    }

    /** Per thread: whether {@link #noGrad()} is in force. */
    private static final ThreadLocal<boolean[]> NO_GRAD = ThreadLocal.withInitial(() -> new boolean[1]);

    private final float[] data;
    private final int[] shape;
    private final boolean requiresGrad;
    private float[] grad;
    /** The parameter behind a leaf made by {@link #of(Parameter)}, whose gradient array {@link #grad()} uses. */
    private Parameter parameter;
    private final Tensor[] inputs;
    private final Backward backward;

    private Tensor(float[] data, int[] shape, float[] grad, boolean requiresGrad, Tensor[] inputs, Backward backward) {
        this.data = data;
        this.shape = shape;
        this.grad = grad;
        this.requiresGrad = requiresGrad;
        this.inputs = inputs;
        this.backward = backward;
    }

    /**
     * A constant tensor (no gradient) wrapping {@code data} without copying.
     *
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, checkShape(data.length, shape), null, false, new Tensor[0], null);
    }

    /**
     * A trainable leaf sharing the parameter's data and gradient arrays. The parameter's dense
     * gradient is only fetched (and so allocated) when an op's backward adds to it: an embedding
     * table, whose backward adds sparse gradients instead, never gets one.
     */
    public static Tensor of(Parameter p) {
        Tensor t = new Tensor(p.data(), p.shape(), null, !NO_GRAD.get()[0], new Tensor[0], null);
        t.parameter = p;
        return t;
    }

    /**
     * Until the returned scope is closed, parameters enter computations on this thread as
     * constants, so nothing records a graph or keeps what a backward pass would need (PyTorch's
     * {@code torch.no_grad()}): for prediction and evaluation.
     *
     * <pre>{@code
     * try (Tensor.NoGrad off = Tensor.noGrad()) {
     *     float[] logits = model.forward(x).data();
     * }
     * }</pre>
     */
    public static NoGrad noGrad() {
        boolean[] flag = NO_GRAD.get();
        boolean before = flag[0];
        flag[0] = true;
        return new NoGrad(flag, before);
    }

    /** A {@link #noGrad()} scope; closing it restores the mode that was in force before. */
    public static final class NoGrad implements AutoCloseable {
        private final boolean[] flag;
        private final boolean before;

        private NoGrad(boolean[] flag, boolean before) {
            this.flag = flag;
            this.before = before;
        }

        @Override
        public void close() {
            flag[0] = before;
        }
    }

    /** A zero tensor of the given shape, without gradient. */
    public static Tensor zeros(int... shape) {
        return of(new float[Math.toIntExact(numel(shape))], shape);
    }

    /**
     * The result of an op: {@code backward} runs only if some input needs a gradient, and then
     * only after every consumer of the result has added to its gradient.
     */
    public static Tensor result(float[] data, int[] shape, Backward backward, Tensor... inputs) {
        boolean needs = false;
        for (Tensor t : inputs) {
            needs |= t != null && t.requiresGrad;
        }
        int[] s = checkShape(data.length, shape);
        if (!needs) {
            return new Tensor(data, s, null, false, new Tensor[0], null);
        }
        return new Tensor(data, s, null, true, inputs, backward);
    }

    private static int[] checkShape(int length, int[] shape) {
        if (numel(shape) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel(shape)
                    + " elements but the data has " + length);
        }
        return shape.clone();
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    public float[] data() {
        return data;
    }

    /** The accumulated gradient, allocated on first use; null for tensors that need none. */
    public float[] grad() {
        if (grad == null && requiresGrad) {
            grad = parameter != null ? parameter.grad() : Workspace.zeros(data.length);
        }
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, this one has shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    /**
     * Back-propagates from this scalar (d this / d this = 1) through the recorded graph, adding
     * to the gradients of every tensor that requires one.
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward() starts from a scalar; this tensor has shape "
                    + Arrays.toString(shape));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that depends on no trainable parameter");
        }
        List<Tensor> order = topologicalOrder();
        grad()[0] += 1f;
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward != null) {
                t.backward.run(t);
            }
        }
    }

    /** Inputs before consumers; iterative so deep graphs do not overflow the stack. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        visited.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            if (next < t.inputs.length) {
                frame[1] = next + 1;
                Tensor in = t.inputs[next];
                if (in != null && in.requiresGrad && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (requiresGrad ? " (grad)" : "");
    }
}
