package io.github.adagrad4j.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.spark.broadcast.Broadcast;

/**
 * The weights each executor JVM keeps between steps of a synchronous fit, so that a step ships
 * only the rows the previous step changed. The driver publishes a full {@link Weights} snapshot
 * now and then and a {@link Delta} per step since; a task brings its executor's replica to the
 * step's version from whatever version it holds (a new or restarted executor starts from the
 * snapshot). Every path gives the driver's exact floats, so a task computes the same gradient
 * wherever and whenever it runs.
 */
final class Replicas {
    private static final int MAX_FITS = 4;
    private static final Map<String, Replica> BY_FIT = new ConcurrentHashMap<>();

    private Replicas() {
    }

    /**
     * Full weights at a version. Never mutated once broadcast. A class, not a record, as every
     * broadcast value here: Kryo's field serializer cannot build records.
     */
    static final class Weights implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long version;
        private final float[] w;
        private final float[] bias;

        Weights(long version, float[] w, float[] bias) {
            this.version = version;
            this.w = w;
            this.bias = bias;
        }

        long version() {
            return version;
        }

        float[] w() {
            return w;
        }

        float[] bias() {
            return bias;
        }
    }

    /** The rows a step changed, their new values ({@code rows.length * k}), and the new bias. */
    static final class Delta implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long version;
        private final int[] rows;
        private final float[] values;
        private final float[] bias;

        Delta(long version, int[] rows, float[] values, float[] bias) {
            this.version = version;
            this.rows = rows;
            this.values = values;
            this.bias = bias;
        }

        long version() {
            return version;
        }

        int[] rows() {
            return rows;
        }

        float[] values() {
            return values;
        }

        float[] bias() {
            return bias;
        }
    }

    /** What a step's task needs to see the weights at {@code target}: a snapshot and the deltas after it, in order. */
    record Chain(String fit, long target, Broadcast<Weights> snapshot, List<Broadcast<Delta>> deltas)
            implements Serializable {
    }

    private static final class Replica {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final long created = System.nanoTime();
        long version = -1;
        float[] w;
        float[] bias;
    }

    /** Weights at the chain's target, and what to call once the task is done with them. */
    record View(float[] w, float[] bias, Runnable release) {
    }

    /**
     * This executor's weights at {@code chain.target()}, read-locked until {@code release} runs:
     * tasks of one step share them, the next step's update waits for them.
     */
    static View acquire(Chain chain) {
        Replica r = replica(chain.fit());
        // The common case, every task of a step after the first: the replica is already there.
        // Only a read lock then, so tasks of one step compute side by side.
        r.lock.readLock().lock();
        if (r.version == chain.target()) {
            return new View(r.w, r.bias, () -> r.lock.readLock().unlock());
        }
        r.lock.readLock().unlock();
        r.lock.writeLock().lock();
        try {
            long snap = chain.snapshot().getValue().version();
            if (r.version > chain.target()) {
                // A straggling attempt of an earlier step: rebuild that version privately.
                Weights s = chain.snapshot().getValue();
                float[] w = s.w().clone();
                float[] b = s.bias().clone();
                for (Broadcast<Delta> d : chain.deltas()) {
                    apply(d.getValue(), w, b);
                }
                return new View(w, b, () -> { });
            }
            if (r.version < snap) {
                Weights s = chain.snapshot().getValue();
                r.w = s.w().clone();
                r.bias = s.bias().clone();
                r.version = snap;
            }
            for (Broadcast<Delta> d : chain.deltas()) {
                Delta delta = d.getValue();
                if (delta.version() > r.version) {
                    apply(delta, r.w, r.bias);
                    r.version = delta.version();
                }
            }
            if (r.version != chain.target()) {
                throw new IllegalStateException("weights chain ends at version " + r.version + ", step needs "
                        + chain.target());
            }
            r.lock.readLock().lock();
        } finally {
            r.lock.writeLock().unlock();
        }
        return new View(r.w, r.bias, () -> r.lock.readLock().unlock());
    }

    /** This JVM's replica of a fit, made on first use (the oldest other fit's dropped beyond {@link #MAX_FITS}). */
    private static Replica replica(String fit) {
        Replica r = BY_FIT.get(fit);
        if (r != null) {
            return r;
        }
        // Not computeIfAbsent: its function must not remove other entries, as the eviction does.
        synchronized (BY_FIT) {
            r = BY_FIT.get(fit);
            if (r == null) {
                evictOldest();
                r = new Replica();
                BY_FIT.put(fit, r);
            }
            return r;
        }
    }

    static void apply(Delta d, float[] w, float[] bias) {
        int k = d.rows().length == 0 ? 0 : d.values().length / d.rows().length;
        for (int i = 0; i < d.rows().length; i++) {
            System.arraycopy(d.values(), i * k, w, d.rows()[i] * k, k);
        }
        System.arraycopy(d.bias(), 0, bias, 0, bias.length);
    }

    /** Drops this executor's replica of a finished fit (in local mode the driver's JVM is the executor). */
    static void forget(String fit) {
        BY_FIT.remove(fit);
    }

    private static void evictOldest() {
        while (BY_FIT.size() >= MAX_FITS) {
            String oldest = null;
            long t = Long.MAX_VALUE;
            for (Iterator<Map.Entry<String, Replica>> it = BY_FIT.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Replica> e = it.next();
                if (e.getValue().created < t) {
                    t = e.getValue().created;
                    oldest = e.getKey();
                }
            }
            if (oldest == null) {
                return;
            }
            BY_FIT.remove(oldest);
        }
    }
}
