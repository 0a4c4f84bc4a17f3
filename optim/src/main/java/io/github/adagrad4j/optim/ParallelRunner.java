package io.github.adagrad4j.optim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs {@code tasks} independent tasks on up to {@code threads} threads, the calling thread
 * included. Tasks are handed out dynamically, so which thread runs which task varies; callers
 * keep results deterministic by writing each task's result to its own slot and combining the
 * slots in task order afterwards.
 */
final class ParallelRunner {
    private static final ConcurrentHashMap<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

    private ParallelRunner() {
    }

    static void run(int threads, int tasks, IntConsumer body) {
        int workers = Math.min(threads, tasks);
        if (workers <= 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        ExecutorService pool = POOLS.computeIfAbsent(threads - 1, ParallelRunner::newPool);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch helpersDone = new CountDownLatch(workers - 1);
        Runnable drain = () -> {
            try {
                for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        for (int h = 0; h < workers - 1; h++) {
            pool.execute(() -> {
                try {
                    drain.run();
                } finally {
                    helpersDone.countDown();
                }
            });
        }
        drain.run();
        try {
            helpersDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for optimizer worker threads", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static ExecutorService newPool(int size) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "adagrad4j-optim-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
