package io.github.adagrad4j.train;

import java.io.IOException;

/**
 * Reads batches on a thread of its own, up to {@code depth} ahead, handing them over in order;
 * the reader's exception is rethrown by {@link #next} where the batch would have been.
 */
final class ReadAhead implements ModelInput.Reader {
    private static final Object END = new Object();
    private final java.util.concurrent.BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    ReadAhead(ModelInput.Reader source, int depth) {
        queue = new java.util.concurrent.ArrayBlockingQueue<>(depth);
        thread = new Thread(() -> {
            try (source) {
                for (ModelInput.Encoded e = source.next(); e != null && !closed; e = source.next()) {
                    queue.put(e);
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                if (!closed) {
                    try {
                        queue.put(t);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }, "adagrad4j-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public ModelInput.Encoded next() throws IOException {
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading");
        }
        if (o == END) {
            ended = true;
            return null;
        }
        if (o instanceof IOException e) {
            throw e;
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        if (o instanceof Error e) {
            throw e;
        }
        if (o instanceof Throwable t) {
            throw new IOException(t);
        }
        return (ModelInput.Encoded) o;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
