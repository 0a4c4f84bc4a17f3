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

        Job(ServedModel model, TrainedModel.Input input) {
            this.model = model;
            this.input = input;
        }
    }

    private final int maxBatch;
    private final long maxWaitNanos;
    private final ArrayBlockingQueue<Job> queue;
    private final AtomicInteger arriving = new AtomicInteger();
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
        return queue.offer(job);
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
                if (first == null) {
                    first = queue.poll(50, TimeUnit.MILLISECONDS);
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
     * Adds queued requests for the same model behind {@code first}, up to maxBatch rows or maxWait;
     * returns the request taken that did not fit (another model's, or too many rows), or null.
     */
    private Job fill(List<Job> batch, Job first) {
        int rows = first.input.count();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (rows < maxBatch) {
            Job next = queue.poll();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (arriving.get() == 0 || left <= 0) {
                    return null;
                }
                try {
                    next = queue.poll(left, TimeUnit.NANOSECONDS);
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
        metrics.batch(rows);
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
