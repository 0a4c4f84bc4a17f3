package io.github.adagrad4j.serve;

import io.github.adagrad4j.train.TrainedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins concurrent prediction requests into one forward pass. Request threads encode their rows
 * and {@link #submit} them; a worker takes the oldest request, adds the ones queued behind it up to
 * {@code maxBatch} rows, and runs the model once for all of them. Each worker has its own copy of
 * the model ({@link ServedModel#replica}), so with several workers forward passes run side by side.
 * Worker 0 takes every request as it comes; the others only start a batch when there is a backlog:
 * the oldest request has waited {@link #BACKLOG_NANOS} and half a batch of rows is queued. A model
 * whose passes are quick stays on one worker, and so do many small requests (two workers then run
 * two half-size passes where one would run a full one, and lose more to the per-pass cost than the
 * second core gains); large requests to a heavy model get every worker.
 *
 * <p>The worker waits for more requests (at most {@code maxWait} from when it took the first) only
 * while another request is being read and encoded ({@link #arriving()}): a lone client's request runs
 * at once, and under load the requests on their way fill the batch. Each request runs on the model
 * it was encoded for, so a reload never mixes two models in one pass. The queue is bounded: a full
 * queue refuses the request, which the server answers with 503.
 */
final class MicroBatcher implements AutoCloseable {
    /** One request's rows and, once its batch has run, its outputs. */
    static final class Job {
        final ServedModel model;
        final TrainedModel.Input input;
        final CompletableFuture<float[]> result = new CompletableFuture<>();
        volatile long queuedAt;

        Job(ServedModel model, TrainedModel.Input input) {
            this.model = model;
            this.input = input;
        }
    }

    /**
     * How long the oldest request waits before workers other than the first take a batch: 1 ms.
     * On the 2-core machine of BENCHMARKS.md the churn MLP's queue rarely waits that long (one worker
     * runs a pass in tens of microseconds), and a GRU's always does (a pass takes 2-10 ms).
     */
    static final long BACKLOG_NANOS = 1_000_000;

    private final int maxBatch;
    private final long maxWaitNanos;
    private final ArrayBlockingQueue<Job> queue;
    private final AtomicInteger arriving = new AtomicInteger();
    private final AtomicInteger queuedRows = new AtomicInteger();
    private final Metrics metrics;
    private final Thread[] workers;
    private volatile boolean closing;

    MicroBatcher(int maxBatch, long maxWaitNanos, int maxQueue, int workers, Metrics metrics) {
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
        this.queue = new ArrayBlockingQueue<>(maxQueue);
        this.metrics = metrics;
        this.workers = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            int replica = i;
            this.workers[i] = new Thread(() -> work(replica), "adagrad4j-batcher-" + i);
            this.workers[i].setDaemon(true);
        }
    }

    void start() {
        for (Thread t : workers) {
            t.start();
        }
    }

    /** Counts requests being read and encoded, which the worker waits for; decrement when submitted or failed. */
    AtomicInteger arriving() {
        return arriving;
    }

    /** Queues a request; false when the queue is full. */
    boolean submit(Job job) {
        job.queuedAt = System.nanoTime();
        queuedRows.addAndGet(job.input.count());
        if (!queue.offer(job)) {
            queuedRows.addAndGet(-job.input.count());
            return false;
        }
        return true;
    }

    /** A request off the queue, or null. */
    private Job taken(Job job) {
        if (job != null) {
            queuedRows.addAndGet(-job.input.count());
        }
        return job;
    }

    /** Requests waiting. */
    int depth() {
        return queue.size();
    }

    private void work(int replica) {
        List<Job> batch = new ArrayList<>();
        // A request taken from the queue that did not fit the last batch: the next batch starts with it.
        Job carried = null;
        while (true) {
            Job first = carried;
            try {
                if (first == null && replica > 0) {
                    first = backlog();
                } else if (first == null) {
                    first = taken(queue.poll(50, TimeUnit.MILLISECONDS));
                }
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            carried = fill(batch, first);
            run(batch, replica);
        }
    }

    /**
     * For workers other than the first: the oldest request when there is a backlog (it has waited
     * {@link #BACKLOG_NANOS} and half a batch of rows is queued), or null after looking for about
     * that long. Polling, as an idle extra worker wakes a thousand times a second, which costs little.
     */
    private Job backlog() throws InterruptedException {
        Job head = queue.peek();
        long waited = head == null ? 0 : System.nanoTime() - head.queuedAt;
        if (head == null || !backlogged(waited, queuedRows.get(), maxBatch)) {
            TimeUnit.NANOSECONDS.sleep(head == null || waited >= BACKLOG_NANOS ? BACKLOG_NANOS
                    : Math.max(50_000, BACKLOG_NANOS - waited));
            return null;
        }
        return taken(queue.poll());
    }

    /** Whether workers past the first take a batch: the oldest request waited 1 ms, half a batch of rows waits. */
    static boolean backlogged(long oldestWaitedNanos, int queuedRows, int maxBatch) {
        return oldestWaitedNanos >= BACKLOG_NANOS && 2L * queuedRows >= maxBatch;
    }

    /**
     * Adds queued requests for the same model behind {@code first}, up to maxBatch rows or maxWait;
     * returns the request taken that did not fit (another model's, or too many rows), or null.
     */
    private Job fill(List<Job> batch, Job first) {
        int rows = first.input.count();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (rows < maxBatch) {
            Job next = taken(queue.poll());
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (arriving.get() == 0 || left <= 0) {
                    return null;
                }
                try {
                    next = taken(queue.poll(left, TimeUnit.NANOSECONDS));
                } catch (InterruptedException e) {
                    return null;
                }
                if (next == null) {
                    return null;
                }
            }
            if (next.model != first.model || rows + next.input.count() > maxBatch) {
                return next;
            }
            batch.add(next);
            rows += next.input.count();
        }
        return null;
    }

    private void run(List<Job> batch, int replica) {
        TrainedModel model = batch.get(0).model.replica(replica);
        List<TrainedModel.Input> inputs = new ArrayList<>(batch.size());
        int rows = 0;
        for (Job j : batch) {
            inputs.add(j.input);
            rows += j.input.count();
        }
        float[] out;
        try {
            out = model.outputs(TrainedModel.concat(inputs));
        } catch (RuntimeException | Error e) {
            for (Job j : batch) {
                j.result.completeExceptionally(e);
            }
            return;
        }
        metrics.batch(rows, replica);
        int width = model.outputWidth();
        int at = 0;
        for (Job j : batch) {
            int n = j.input.count();
            j.result.complete(batch.size() == 1 ? out : Arrays.copyOfRange(out, at * width, (at + n) * width));
            at += n;
        }
    }

    /** Runs what is queued, then stops the workers (after the server has stopped taking requests). */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread t : workers) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
