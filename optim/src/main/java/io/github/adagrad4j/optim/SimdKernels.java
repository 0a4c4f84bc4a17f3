package io.github.adagrad4j.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels written on the JDK Vector API: the finite check of gradients, FTRL's step (whose
 * square roots and division in double precision C2 leaves scalar), and the row kernels of sparse
 * steps, which update one row of the weights and state in place from a gradient row at another
 * offset. C2's auto-vectoriser gives up on exactly
 * that loop (it cannot prove that the two offsets into same-typed arrays do not overlap) and runs
 * it at about 2.3 ns per element; written with vectors it runs at the memory's pace, as a C loop
 * does.
 *
 * <p>Each kernel performs the same float operations in the same order as its rule's scalar
 * {@code apply}, lane by lane and without fused multiply-add, so both paths give bit-identical
 * results (SparseRowKernelTest checks this). Loaded only when {@link Simd#AVAILABLE}.
 */
final class SimdKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdKernels() {
    }

    static int lanes() {
        return F.length();
    }

    /** Doubles, and floats in as many lanes (half the width), for kernels that compute in double precision. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

    static int doubleLanes() {
        return D.length();
    }

    /**
     * FTRL-Proximal with square roots ({@link Ftrl#apply}, {@code lrPower} -0.5) on whole vectors
     * of {@code [from, to)}, in double precision with the scalar rule's operations in its order;
     * returns where it stopped, for the scalar loop to finish.
     */
    static int ftrl(float[] w, float[] g, float[] z, float[] n, int from, int to, double invAlpha, double beta,
            double l1, double l2) {
        int i = from;
        for (int end = from + (to - from) / D.length() * D.length(); i < end; i += D.length()) {
            DoubleVector gi = wide(g, i);
            DoubleVector ni = wide(n, i);
            DoubleVector nNew = ni.add(gi.mul(gi));
            DoubleVector sigma = nNew.lanewise(VectorOperators.SQRT).sub(ni.lanewise(VectorOperators.SQRT));
            FloatVector zf = (FloatVector) wide(z, i).add(gi).sub(sigma.mul(invAlpha).mul(wide(w, i)))
                    .convertShape(VectorOperators.D2F, HALF, 0);
            FloatVector nf = (FloatVector) nNew.convertShape(VectorOperators.D2F, HALF, 0);
            zf.intoArray(z, i);
            nf.intoArray(n, i);
            DoubleVector zd = (DoubleVector) zf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector root = (DoubleVector) nf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector denom = root.lanewise(VectorOperators.SQRT).add(beta).mul(invAlpha).add(l2);
            // signum(z) for the lanes that are not zeroed (|z| > l1 >= 0, so z is not 0 there).
            DoubleVector sign = DoubleVector.broadcast(D, -1.0).blend(1.0, zd.compare(VectorOperators.GT, 0.0));
            DoubleVector wNew = zd.sub(sign.mul(l1)).neg().div(denom);
            VectorMask<Double> zero = zd.abs().compare(VectorOperators.LE, l1);
            ((FloatVector) wNew.blend(0.0, zero).convertShape(VectorOperators.D2F, HALF, 0)).intoArray(w, i);
        }
        return i;
    }

    private static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(HALF, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /**
     * Whether {@code a[from, to)} holds only finite values. {@code x * 0} is 0 for a finite
     * {@code x} and NaN for an infinite or NaN one, and a NaN stays in a sum. The slice is read as
     * four streams, one per quarter, each with its own sum: out of cache, four streams keep more
     * reads in flight than one (0.18 against 0.25 ns per element on one core), and in cache four
     * independent sums keep the adder busy (0.045 ns per element from L2, against 0.25 for the
     * best scalar loop C2 of JDK 17 makes).
     *
     * <p>The vectors start at the first element of the slice that is {@linkplain #ALIGNED_AT
     * vector-aligned} in an array that starts on a vector boundary: a misaligned vector straddles
     * two cache lines, and on 1e7 floats (AVX-512, two threads) reading from aligned vectors took
     * 0.044–0.053 ns per element against 0.058–0.065 from the slice's start (in-process, alternated).
     */
    static boolean allFinite(float[] a, int from, int to) {
        int lanes = F.length();
        int start = Math.min(to, from + Math.floorMod(ALIGNED_AT - from, lanes));
        float s = 0f;
        for (int i = from; i < start; i++) {
            s += a[i] * 0f;
        }
        int quarter = (to - start) / (4 * lanes) * lanes;
        int q1 = start + quarter;
        int q2 = q1 + quarter;
        int q3 = q2 + quarter;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int i = 0; i < quarter; i += lanes) {
            s0 = s0.add(FloatVector.fromArray(F, a, start + i).mul(0f));
            s1 = s1.add(FloatVector.fromArray(F, a, q1 + i).mul(0f));
            s2 = s2.add(FloatVector.fromArray(F, a, q2 + i).mul(0f));
            s3 = s3.add(FloatVector.fromArray(F, a, q3 + i).mul(0f));
        }
        s += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (int i = q3 + quarter; i < to; i++) {
            s += a[i] * 0f;
        }
        return s == 0f;
    }

    /**
     * The index, modulo the lanes, of the float elements that sit on a vector boundary when the
     * array itself starts on one. Large arrays, the ones read from memory rather than cache, do:
     * G1 places an array of half a region or more at a region's first byte (ZGC a large one at a
     * page's), so with the usual 16-byte array header element 12 of a 64-byte vector's array is the
     * first aligned one. For a small array the guess may miss; it then costs only a few scalar
     * elements per slice.
     */
    static final int ALIGNED_AT = Math.floorMod(-floatArrayBase() / Float.BYTES, F.length());

    /** Offset of element 0 from the array's address (16 with compressed class pointers, 12 with compact headers). */
    private static int floatArrayBase() {
        try {
            return Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 16;
        }
    }

    /**
     * Whether rows of this width are faster in place than gathered: rows of at least one full
     * vector, and one-element rows (one scalar update, cheaper than copying it out and back). A
     * row narrower than a vector runs entirely in the scalar tail, where gathering wins (8-wide
     * rows with 16 lanes: 5.6 against 3.7 ms for 30,000 rows). A narrower species for them would
     * be a second species in the JVM, which made the other kernel 4x slower in a trial.
     */
    static boolean suits(int width) {
        return width == 1 || width >= F.length();
    }

    /**
     * AdaGrad on rows {@code [from, to)} of an indexed sparse gradient. The loop over rows is here,
     * in the kernel, rather than a rule call per row (8% less time on 3,700 rows of 64 in a paired
     * microbenchmark; within the noise of the whole sparse step).
     */
    static void adagrad(float[] w, float[] sum, SparseGradient rows, int from, int to, float negClr, float sign,
            float wd, float eps, boolean epsInsideSqrt) {
        int width = rows.width();
        int[] idx = rows.rows();
        for (int k = from; k < to; k++) {
            adagrad(w, sum, idx[k] * width, rows.rowArray(k), rows.rowStart(k), width, negClr, sign, wd, eps,
                    epsInsideSqrt);
        }
    }

    /**
     * AdaGrad on {@code n} elements: weights and accumulator at {@code at}, gradient at
     * {@code gAt}; the operations of {@link AdaGrad#apply}.
     */
    private static void adagrad(float[] w, float[] sum, int at, float[] g, int gAt, int n, float negClr, float sign,
            float wd, float eps, boolean epsInsideSqrt) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector wi = FloatVector.fromArray(F, w, at + i);
            FloatVector gi = FloatVector.fromArray(F, g, gAt + i).mul(sign).add(wi.mul(wd));
            FloatVector h = FloatVector.fromArray(F, sum, at + i).add(gi.mul(gi));
            h.intoArray(sum, at + i);
            FloatVector denom = epsInsideSqrt ? h.add(eps).lanewise(VectorOperators.SQRT)
                    : h.lanewise(VectorOperators.SQRT).add(eps);
            wi.add(gi.mul(negClr).div(denom)).intoArray(w, at + i);
        }
        for (; i < n; i++) {
            float wi = w[at + i];
            float gi = sign * g[gAt + i] + wd * wi;
            float h = sum[at + i] + gi * gi;
            sum[at + i] = h;
            float denom = epsInsideSqrt ? (float) Math.sqrt(h + eps) : (float) Math.sqrt(h) + eps;
            w[at + i] = wi + negClr * gi / denom;
        }
    }

    /** SparseAdam on rows {@code [from, to)} of an indexed sparse gradient. */
    static void sparseAdam(float[] w, float[] m, float[] v, SparseGradient rows, int from, int to, float negStep,
            float sign, float oneMinusB1, float oneMinusB2, float eps) {
        int width = rows.width();
        int[] idx = rows.rows();
        for (int k = from; k < to; k++) {
            sparseAdam(w, m, v, idx[k] * width, rows.rowArray(k), rows.rowStart(k), width, negStep, sign, oneMinusB1,
                    oneMinusB2, eps);
        }
    }

    /**
     * SparseAdam on {@code n} elements: weights and moments at {@code at}, gradient at
     * {@code gAt}; the operations of {@link SparseAdam#apply}.
     */
    private static void sparseAdam(float[] w, float[] m, float[] v, int at, float[] g, int gAt, int n, float negStep,
            float sign, float oneMinusB1, float oneMinusB2, float eps) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector gi = FloatVector.fromArray(F, g, gAt + i).mul(sign);
            FloatVector mo = FloatVector.fromArray(F, m, at + i);
            FloatVector vo = FloatVector.fromArray(F, v, at + i);
            FloatVector mi = mo.add(gi.sub(mo).mul(oneMinusB1));
            FloatVector vi = vo.add(gi.mul(gi).sub(vo).mul(oneMinusB2));
            mi.intoArray(m, at + i);
            vi.intoArray(v, at + i);
            FloatVector step = mi.div(vi.lanewise(VectorOperators.SQRT).add(eps)).mul(negStep);
            FloatVector.fromArray(F, w, at + i).add(step).intoArray(w, at + i);
        }
        for (; i < n; i++) {
            float gi = sign * g[gAt + i];
            float mi = m[at + i] + (gi - m[at + i]) * oneMinusB1;
            float vi = v[at + i] + (gi * gi - v[at + i]) * oneMinusB2;
            m[at + i] = mi;
            v[at + i] = vi;
            w[at + i] = w[at + i] + negStep * (mi / ((float) Math.sqrt(vi) + eps));
        }
    }

    /** {@code dst[dAt + j] += src[sAt + j]} for {@code j < n}: summing a repeated row of a sparse gradient. */
    static void add(float[] dst, int dAt, float[] src, int sAt, int n) {
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += F.length()) {
            FloatVector.fromArray(F, dst, dAt + j).add(FloatVector.fromArray(F, src, sAt + j)).intoArray(dst, dAt + j);
        }
        for (; j < n; j++) {
            dst[dAt + j] += src[sAt + j];
        }
    }
}
