package io.github.adagrad4j.optim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Runs {@code tasks} independent tasks on up to {@code threads} threads, the calling thread
 * included. Tasks are handed out dynamically, so which thread runs which task varies; callers
 * keep results deterministic by writing each task's result to its own slot and combining the
 * slots in task order afterwards.
 *
 * <p>Helpers are persistent daemon threads that spin briefly after each job before parking, as
 * OpenMP runtimes do: a training loop calls {@code step()} every few hundred microseconds, and
 * waking a parked thread costs tens of microseconds, as much as a whole step of 1e5 floats.
 * The optimizer's steps and the {@code nn} ops share these threads, so one team, never two
 * spinning pools, competes for the cores. A task that itself calls {@link #run} runs its tasks
 * on its own thread.
 *
 * <pre>{@code
 * double[] partial = new double[chunks];
 * ParallelRunner.run(2, chunks, c -> partial[c] = sumOfChunk(c));   // then combine in order
 * }</pre>
 */
public final class ParallelRunner {
    private static final ConcurrentHashMap<Integer, ParallelRunner> TEAMS = new ConcurrentHashMap<>();
    /** How long an idle helper spins before parking. */
    private static final long SPIN_NANOS = 50_000;

    /**
     * A task body that also learns which of the call's threads runs it: {@code worker} is in
     * {@code [0, threads)}, 0 being the caller, and no two tasks running at the same time share
     * one, so a task may use the worker's slice of a scratch buffer made for the call.
     */
    @FunctionalInterface
    public interface Task {
        void run(int task, int worker);
    }

    /** One call's work; helpers bind to a job object, so a late helper can never mix two calls' tasks. */
    private static final class Job {
        final Task body;
        final int tasks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Task body, int tasks) {
            this.body = body;
            this.tasks = tasks;
        }

        void drain(int worker) {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run(i, worker);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** A team thread; nested {@link #run} calls on it run inline instead of waiting for their own team. */
    private static final class Helper extends Thread {
        final int worker;

        Helper(ParallelRunner team, int worker, String name) {
            super(() -> team.helperLoop(worker), name);
            this.worker = worker;
        }
    }

    private final Thread[] helpers;
    private final ReentrantLock submit = new ReentrantLock();
    private volatile Job job;

    private ParallelRunner(int helperCount) {
        helpers = new Thread[helperCount];
        for (int h = 0; h < helperCount; h++) {
            helpers[h] = new Helper(this, h + 1, "adagrad4j-" + (h + 1) + "/" + helperCount);
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)} on up to
     * {@code threads} threads and returns when all have finished; the first exception a task
     * throws is rethrown here.
     */
    public static void run(int threads, int tasks, IntConsumer body) {
        run(threads, tasks, (task, worker) -> body.accept(task));
    }

    /**
     * As {@link #run(int, int, IntConsumer)}, but each thread runs one contiguous block of the
     * tasks (front to back, or back to front when {@code reversed}): a thread streaming through
     * memory keeps its prefetchers and pages, where tasks handed out one by one alternate
     * between the threads. For tasks of equal cost that touch consecutive memory.
     */
    public static void runInBlocks(int threads, int tasks, boolean reversed, IntConsumer body) {
        int blocks = Math.min(threads, tasks);
        run(threads, blocks, b -> {
            int from = (int) ((long) tasks * b / blocks);
            int to = (int) ((long) tasks * (b + 1) / blocks);
            if (reversed) {
                for (int c = to - 1; c >= from; c--) {
                    body.accept(c);
                }
            } else {
                for (int c = from; c < to; c++) {
                    body.accept(c);
                }
            }
        });
    }

    /** As {@link #run(int, int, IntConsumer)}, telling each task its worker (see {@link Task}). */
    public static void run(int threads, int tasks, Task body) {
        if (threads <= 1 || tasks <= 1 || Thread.currentThread() instanceof Helper) {
            for (int i = 0; i < tasks; i++) {
                body.run(i, 0);
            }
            return;
        }
        TEAMS.computeIfAbsent(threads - 1, ParallelRunner::new).execute(new Job(body, tasks));
    }

    private void execute(Job j) {
        submit.lock();
        try {
            job = j;
            for (Thread h : helpers) {
                LockSupport.unpark(h);
            }
            j.drain(0);
            while (j.done.get() < j.tasks) {
                Thread.onSpinWait();
            }
        } finally {
            submit.unlock();
        }
        Throwable t = j.failure.get();
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

    private void helperLoop(int worker) {
        Job seen = null;
        while (true) {
            Job j = job;
            if (j != seen) {
                seen = j;
                j.drain(worker);
                continue;
            }
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while ((j = job) == seen && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            if (j == seen) {
                // No new job while spinning: sleep until execute() unparks us (a permit granted
                // between the check and park() makes park() return at once).
                LockSupport.park(this);
            }
        }
    }
}
