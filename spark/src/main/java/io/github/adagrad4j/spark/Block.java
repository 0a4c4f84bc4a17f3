package io.github.adagrad4j.spark;

import java.io.Serializable;

/**
 * One partition's rows, held once (Spark caches the blocks) in compressed sparse rows: what every
 * step reads. Rows are in a seeded random order fixed when the block is built; an epoch visits
 * them as {@code (start + i * stride) mod n}, a permutation drawn per epoch without storing one.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int[] rowStart;
    final int[] index;
    final float[] value;
    final double[] label;
    final double[] weight;

    Block(int partition, int[] rowStart, int[] index, float[] value, double[] label, double[] weight) {
        this.partition = partition;
        this.rowStart = rowStart;
        this.index = index;
        this.value = value;
        this.label = label;
        this.weight = weight;
    }

    int rows() {
        return label.length;
    }

    /** The epoch's visiting order: row {@code order.row(i)} is the {@code i}-th visited. */
    Order order(long seed, int epoch) {
        int n = rows();
        if (n <= 1) {
            return new Order(0, 1, Math.max(n, 1));
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L
                + partition);
        int start = r.nextInt(n);
        int stride = 1 + r.nextInt(n - 1);
        while (gcd(stride, n) != 1) {
            stride = stride == n - 1 ? 1 : stride + 1;
        }
        return new Order(start, stride, n);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code i -> (start + i * stride) mod n}, a bijection on {@code [0, n)} for a stride prime to n. */
    record Order(int start, int stride, int n) {
        int row(int i) {
            return (int) ((start + (long) i * stride) % n);
        }
    }
}
