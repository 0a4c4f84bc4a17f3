package io.github.adagrad4j.serve;

import io.github.adagrad4j.data.ParameterException;
import java.time.Duration;

/**
 * How a {@link ModelServer} listens and how much it takes on: the address, the micro-batching
 * limits, the queue and body bounds, the time a stop waits for requests in flight, and whether a
 * change of the model folder reloads it.
 *
 * <pre>{@code
 * ServeOptions o = ServeOptions.builder().port(0).maxBatch(128).maxWait(Duration.ofMillis(2)).build();
 * try (ModelServer s = ModelServer.start(Path.of("runs/churn"), o)) { ... s.port() ... }
 * }</pre>
 *
 * @param host the address to bind (127.0.0.1 by default: only this machine can connect)
 * @param port the port, 0 for any free one
 * @param maxBatch rows joined into one forward pass at most
 * @param maxWait how long the first request of a batch waits for others to join it
 * @param maxQueue requests waiting for the model at most; past it the answer is 503
 * @param workers forward passes run side by side at most, each on its own copy of the model
 * @param maxBody request body bytes at most; past it the answer is 413
 * @param grace how long a stop waits for requests in flight
 * @param watch whether a change of the model folder reloads it
 * @param debounce how long the folder must stay unchanged before a watched change is loaded
 */
public record ServeOptions(String host, int port, int maxBatch, Duration maxWait, int maxQueue, int workers,
        long maxBody, Duration grace, boolean watch, Duration debounce) {

    public ServeOptions {
        if (host == null || host.isBlank()) {
            throw new ParameterException("host", String.valueOf(host), "expected an address to bind, such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException("port", Integer.toString(port), "expected 0 (any free port) to 65535");
        }
        if (maxBatch < 1) {
            throw new ParameterException("maxBatch", Integer.toString(maxBatch), "expected at least 1 row");
        }
        if (maxWait.isNegative()) {
            throw new ParameterException("maxWait", maxWait.toString(), "expected a wait of 0 or more");
        }
        if (maxQueue < 1) {
            throw new ParameterException("maxQueue", Integer.toString(maxQueue), "expected at least 1 request");
        }
        if (workers < 1 || workers > 256) {
            throw new ParameterException("workers", Integer.toString(workers), "expected 1 to 256 forward passes at once");
        }
        if (maxBody < 1) {
            throw new ParameterException("maxBody", Long.toString(maxBody), "expected at least 1 byte");
        }
        if (grace.isNegative()) {
            throw new ParameterException("grace", grace.toString(), "expected a time of 0 or more");
        }
        if (debounce.isNegative()) {
            throw new ParameterException("debounce", debounce.toString(), "expected a time of 0 or more");
        }
    }

    /**
     * Batch workers by default: one per core, at most 4. Workers past the first only take batches
     * when requests have queued for a millisecond with half a batch of rows (large requests to a
     * heavy model), so a quick model, or many small requests, keep one; on the 2-core machine of
     * BENCHMARKS.md a second worker so gated served a GRU's 100-row requests 1.35x as fast. Each
     * worker holds its own copy of the model.
     */
    public static final int DEFAULT_WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /**
     * The defaults: 127.0.0.1:8080, batches of 256 rows or 1 ms, 1024 queued requests, a batch
     * worker per core (at most 4), 16 MiB bodies, 10 s grace.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ServeOptions}; {@link #build()} validates. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private int maxBatch = 256;
        private Duration maxWait = Duration.ofMillis(1);
        private int maxQueue = 1024;
        private int workers = DEFAULT_WORKERS;
        private long maxBody = 16L << 20;
        private Duration grace = Duration.ofSeconds(10);
        private boolean watch = true;
        private Duration debounce = Duration.ofMillis(500);

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        public Builder maxQueue(int maxQueue) {
            this.maxQueue = maxQueue;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder maxBody(long maxBody) {
            this.maxBody = maxBody;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        public Builder debounce(Duration debounce) {
            this.debounce = debounce;
            return this;
        }

        public ServeOptions build() {
            return new ServeOptions(host, port, maxBatch, maxWait, maxQueue, workers, maxBody, grace, watch, debounce);
        }
    }
}
