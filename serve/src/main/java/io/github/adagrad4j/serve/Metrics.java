package io.github.adagrad4j.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters in Prometheus' text format ({@code GET /metrics}): requests and rows by
 * status, the latency of prediction requests and the rows per forward pass as histograms, the queue
 * depth, the model's id and load time, and reloads by result. Counting is lock-free (one
 * {@link LongAdder} per cell), so request threads never wait on each other to count.
 */
final class Metrics {
    /** Prediction latency bucket bounds, seconds. */
    private static final double[] LATENCY = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};
    /** Rows-per-batch bucket bounds. */
    private static final double[] BATCH = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rows = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reloads = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> passes = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram(LATENCY);
    private final Histogram batches = new Histogram(BATCH);

    /** A request answered: its endpoint ({@code predict}, {@code model}, ...), status and, for predictions, rows and time. */
    void answered(String endpoint, int status, int rowCount, long nanos) {
        requests.computeIfAbsent(endpoint + "\0" + status, k -> new LongAdder()).increment();
        if (endpoint.equals("predict")) {
            rows.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).add(rowCount);
            latency.observe(nanos / 1e9);
        }
    }

    /** One forward pass of {@code n} rows, run by batch worker {@code worker}. */
    void batch(int n, int worker) {
        batches.observe(n);
        passes.computeIfAbsent(worker, k -> new LongAdder()).increment();
    }

    /** A reload's result: ok, unchanged or failed. */
    void reload(String result) {
        reloads.computeIfAbsent(result, k -> new LongAdder()).increment();
    }

    /** The text of {@code GET /metrics}, with the model being served and the requests waiting now. */
    String render(ServedModel m, int queueDepth) {
        StringBuilder b = new StringBuilder(4096);
        head(b, "adagrad4j_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] k = e.getKey().split("\0");
            b.append("adagrad4j_requests_total{endpoint=\"").append(k[0]).append("\",status=\"").append(k[1])
                    .append("\"} ").append(e.getValue().sum()).append('\n');
        }
        head(b, "adagrad4j_rows_total", "counter", "Rows in prediction requests, by the request's status code.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(rows).entrySet()) {
            b.append("adagrad4j_rows_total{status=\"").append(e.getKey()).append("\"} ").append(e.getValue().sum())
                    .append('\n');
        }
        head(b, "adagrad4j_request_duration_seconds", "histogram", "Time from a prediction request's arrival to its "
                + "answer.");
        latency.render(b, "adagrad4j_request_duration_seconds");
        head(b, "adagrad4j_batch_rows", "histogram", "Rows per forward pass (requests joined by micro-batching).");
        batches.render(b, "adagrad4j_batch_rows");
        head(b, "adagrad4j_forward_passes_total", "counter", "Forward passes, by batch worker (workers past the first "
                + "run only when requests queue up).");
        for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(passes).entrySet()) {
            b.append("adagrad4j_forward_passes_total{worker=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue().sum()).append('\n');
        }
        head(b, "adagrad4j_queue_depth", "gauge", "Prediction requests waiting for the model.");
        b.append("adagrad4j_queue_depth ").append(queueDepth).append('\n');
        head(b, "adagrad4j_model_info", "gauge", "The model being served, by id (a content hash of its folder).");
        b.append("adagrad4j_model_info{id=\"").append(m.id()).append("\"} 1\n");
        head(b, "adagrad4j_model_loaded_timestamp_seconds", "gauge", "When the model being served was loaded.");
        b.append("adagrad4j_model_loaded_timestamp_seconds ").append(m.loadedAt().toEpochMilli() / 1000.0).append('\n');
        head(b, "adagrad4j_reloads_total", "counter", "Reloads of the model folder, by result (ok, unchanged, failed).");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(reloads).entrySet()) {
            b.append("adagrad4j_reloads_total{result=\"").append(e.getKey()).append("\"} ").append(e.getValue().sum())
                    .append('\n');
        }
        return b.toString();
    }

    private static void head(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Counts per bucket (not cumulative until rendered), their sum and count. */
    private static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double v) {
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            counts[i].increment();
            sum.add(v);
        }

        void render(StringBuilder b, String name) {
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts[i].sum();
                String le = i == bounds.length ? "+Inf" : bound(bounds[i]);
                b.append(name).append("_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            b.append(name).append("_sum ").append(sum.sum()).append('\n');
            b.append(name).append("_count ").append(cumulative).append('\n');
        }

        private static String bound(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
