package io.github.adagrad4j.serve;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.train.Predictions;
import io.github.adagrad4j.train.TrainedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A model folder behind HTTP/1.1 (keep-alive), on Jetty 12:
 * <ul>
 * <li>{@code POST /v1/predict}: JSON rows, texts or feature vectors in, each row's label and class
 *     probabilities (or value) out, in request order ({@link JsonBodies}); or, with
 *     {@code Content-Type: text/csv}, a CSV with a header in (a model trained on a CSV table) and the
 *     CSV {@code adagrad4j predict} writes out ({@code ?id_column=NAME} as its {@code --id-column}).
 *     Concurrent JSON requests are joined into one forward pass ({@link MicroBatcher}).
 * <li>{@code GET /v1/model}: the model's id, load time, accepted request shape and its model.json.
 * <li>{@code GET /healthz}: 200 while a model is loaded.
 * <li>{@code GET /metrics}: Prometheus text ({@link Metrics}).
 * <li>{@code POST /v1/reload}: loads the folder again and swaps it in atomically; a folder that
 *     fails to load leaves the old model serving and the answer says why. With
 *     {@link ServeOptions#watch()}, a change of the folder does the same once it has settled.
 * </ul>
 * Bounded: a full queue answers 503 with {@code Retry-After}, a body over the limit 413, a bad
 * request 400 with {@code {"error", "row", "column"}}; no stack trace reaches a client. {@link
 * #close()} stops taking connections, lets requests in flight finish (up to the grace time) and stops.
 *
 * <p>Two process-wide settings are the host application's to make, and {@code adagrad4j serve}
 * makes them: ops on one thread per forward pass ({@code Blas.setThreads(1)}), since workers and
 * HTTP threads already keep the cores busy, and one full collection ({@code System.gc()}) once
 * the server is up, so that young collections stop copying what loading left alive (BENCHMARKS.md
 * §10: 7-23 ms young pauses before, 1-5 ms after).
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(Path.of("runs/churn"), ServeOptions.builder().port(8080).build())) {
 *     server.awaitStop();          // until close() from another thread (a signal handler)
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());
    private static final String JSON = "application/json";

    private final Path folder;
    private final ServeOptions options;
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final MicroBatcher batcher;
    private final Metrics metrics;
    private final Server server;
    private final FolderWatcher watcher;
    private final GracefulHandler graceful;
    private final Object reloading = new Object();

    private ModelServer(Path folder, ServeOptions options, ServedModel first) {
        this.folder = folder;
        this.options = options;
        current.set(first);
        this.metrics = new Metrics();
        this.batcher = new MicroBatcher(options.maxBatch(), options.maxWait().toNanos(), options.maxQueue(),
                options.workers(), metrics);

        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("adagrad4j-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        this.graceful = new GracefulHandler(new Endpoints());
        server.setHandler(graceful);
        server.setStopTimeout(options.grace().toMillis());
        server.setStopAtShutdown(false);
        this.watcher = options.watch() ? new FolderWatcher(folder, options.debounce(), this::reloadOnChange) : null;
    }

    /**
     * Loads the folder and starts listening.
     *
     * @throws IOException the folder does not load (naming the file and the problem)
     * @throws ParameterException the port is in use or the host cannot be bound ({@code port} or {@code host})
     */
    public static ModelServer start(Path folder, ServeOptions options) throws IOException {
        ModelServer s = new ModelServer(folder, options, ServedModel.load(folder, options.workers()));
        s.batcher.start();
        try {
            s.server.start();
        } catch (Exception e) {
            s.batcher.close();
            stopQuietly(s.server);
            if (bindFailure(e)) {
                throw new ParameterException("port", Integer.toString(options.port()), "cannot listen on "
                        + options.host() + ":" + options.port() + ": " + (e.getCause() != null ? e.getCause() : e)
                        .getMessage() + "; another program may be using it (0 picks a free port)");
            }
            throw e instanceof IOException io ? io : new IOException("the server did not start: " + e.getMessage(), e);
        }
        if (s.watcher != null) {
            try {
                s.watcher.start();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw new IOException(folder + ": cannot watch the folder for changes (" + e.getMessage()
                        + "); serve it without watching, and reload by request", e);
            }
        }
        return s;
    }

    private static boolean bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return e.getMessage() != null && e.getMessage().startsWith("Failed to bind");
    }

    /** The port listened on (the one chosen, when the options asked for 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The id of the model being served: a content hash of its folder. */
    public String modelId() {
        return current.get().id();
    }

    /** The model being served. */
    public TrainedModel model() {
        return current.get().model();
    }

    /**
     * Loads the folder again and, if it changed, swaps it in; requests in flight finish on the model
     * they started with.
     *
     * @return the id now served
     * @throws IOException the folder did not load; the old model is still served
     */
    public String reload() throws IOException {
        synchronized (reloading) {
            ServedModel fresh;
            try {
                fresh = ServedModel.load(folder, options.workers());
            } catch (IOException | RuntimeException e) {
                metrics.reload("failed");
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            ServedModel old = current.get();
            if (fresh.id().equals(old.id())) {
                metrics.reload("unchanged");
                return old.id();
            }
            current.set(fresh);
            metrics.reload("ok");
            LOG.log(Level.INFO, "serving " + fresh.id() + " (was " + old.id() + ")");
            return fresh.id();
        }
    }

    private void reloadOnChange() {
        try {
            reload();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "the model folder changed but did not load; still serving " + modelId() + ": "
                    + e.getMessage());
        }
    }

    /** Requests being answered now (tests use it to know a request is in flight). */
    int requestsInFlight() {
        return (int) graceful.getCurrentRequestCount();
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: no new connections or requests, requests in flight answered (for up to the
     * grace time), then the worker and the watcher stop.
     */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        stopQuietly(server);
        batcher.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the server: " + e.getMessage());
        }
    }

    /** The routes. Every answer, error or not, is JSON (or the CSV or metrics text asked for). */
    private final class Endpoints extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long start = System.nanoTime();
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            String endpoint = switch (path) {
                case "/v1/predict" -> "predict";
                case "/v1/model" -> "model";
                case "/healthz" -> "healthz";
                case "/metrics" -> "metrics";
                case "/v1/reload" -> "reload";
                default -> "other";
            };
            int[] rows = {0};
            int status;
            try {
                status = route(endpoint, method, request, response, callback, rows);
            } catch (BadRequest e) {
                status = e.status;
                send(response, callback, e.status, JSON, JsonBodies.error(e.getMessage(), e.row, e.column));
            } catch (RuntimeException | Error | IOException e) {
                // The client learns that it failed and what kind of failure; the log has the trace.
                LOG.log(Level.ERROR, method + " " + path + " failed", e);
                status = 500;
                send(response, callback, 500, JSON, JsonBodies.error("internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), -1, null));
            }
            metrics.answered(endpoint, status, rows[0], System.nanoTime() - start);
            return true;
        }

        private int route(String endpoint, String method, Request request, Response response, Callback callback,
                int[] rows) throws BadRequest, IOException {
            switch (endpoint) {
                case "predict" -> {
                    allow(method, "POST", response);
                    return predict(request, response, callback, rows);
                }
                case "model" -> {
                    allow(method, "GET", response);
                    ServedModel m = current.get();
                    send(response, callback, 200, JSON, JsonBodies.object(g -> {
                        g.writeStringField("model", m.id());
                        g.writeStringField("loaded_at", m.loadedAt().toString());
                        g.writeStringField("folder", folder.toAbsolutePath().toString());
                        g.writeStringField("accepts", m.model().inputShape().name().toLowerCase(java.util.Locale.ROOT));
                        g.writeStringField("example", JsonBodies.example(m.model()));
                        JsonBodies.raw(g, "description", m.descriptionJson());
                    }));
                    return 200;
                }
                case "healthz" -> {
                    allow(method, "GET", response);
                    ServedModel m = current.get();
                    send(response, callback, 200, JSON, JsonBodies.object(g -> {
                        g.writeStringField("status", "ok");
                        g.writeStringField("model", m.id());
                    }));
                    return 200;
                }
                case "metrics" -> {
                    allow(method, "GET", response);
                    send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.render(current.get(), batcher.depth()).getBytes(StandardCharsets.UTF_8));
                    return 200;
                }
                case "reload" -> {
                    allow(method, "POST", response);
                    String before = modelId();
                    try {
                        String now = reload();
                        send(response, callback, 200, JSON, JsonBodies.object(g -> {
                            g.writeStringField("model", now);
                            g.writeBooleanField("reloaded", !now.equals(before));
                        }));
                        return 200;
                    } catch (IOException e) {
                        send(response, callback, 422, JSON, JsonBodies.object(g -> {
                            g.writeStringField("error", "the model folder did not load: " + e.getMessage());
                            g.writeStringField("model", modelId());
                        }));
                        return 422;
                    }
                }
                default -> throw new BadRequest(404, "no such endpoint: " + method + " "
                        + Request.getPathInContext(request) + "; the endpoints are POST /v1/predict, GET /v1/model, "
                        + "GET /healthz, GET /metrics and POST /v1/reload");
            }
        }

        private void allow(String method, String allowed, Response response) throws BadRequest {
            if (!method.equals(allowed)) {
                response.getHeaders().put(HttpHeader.ALLOW, allowed);
                throw new BadRequest(405, "this endpoint takes " + allowed + ", not " + method);
            }
        }

        private int predict(Request request, Response response, Callback callback, int[] rows)
                throws BadRequest, IOException {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            boolean csv = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
            if (type != null && !csv && !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
                throw new BadRequest(415, "expected Content-Type application/json or text/csv, found " + type);
            }
            if (csv) {
                return predictCsv(request, response, callback, rows);
            }
            java.util.concurrent.atomic.AtomicInteger arriving = batcher.arriving();
            arriving.incrementAndGet();
            boolean counted = true;
            MicroBatcher.Job job;
            try {
                byte[] body = body(request);
                ServedModel m = current.get();
                job = new MicroBatcher.Job(m, JsonBodies.read(body, m.model()));
                rows[0] = job.input.count();
                if (rows[0] == 0) {
                    send(response, callback, 200, JSON, JsonBodies.predictions(m, new float[0], 0));
                    return 200;
                }
                // No longer arriving before it is queued: the worker must not wait for the very request it takes.
                arriving.decrementAndGet();
                counted = false;
                if (!batcher.submit(job)) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                    send(response, callback, 503, JSON, JsonBodies.error("the server is at capacity: "
                            + options.maxQueue() + " requests are waiting; retry later", -1, null));
                    return 503;
                }
            } finally {
                if (counted) {
                    arriving.decrementAndGet();
                }
            }
            float[] out;
            try {
                out = job.result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the model", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
            }
            send(response, callback, 200, JSON, JsonBodies.predictions(job.model, out, rows[0]));
            return 200;
        }

        private int predictCsv(Request request, Response response, Callback callback, int[] rows)
                throws BadRequest, IOException {
            byte[] body = body(request);
            ServedModel m = current.get();
            if (m.model().inputShape() != TrainedModel.InputShape.ROWS) {
                throw new BadRequest(415, "CSV bodies are for models trained on CSV tables; this model takes "
                        + JsonBodies.example(m.model()) + " as application/json");
            }
            String idColumn = Request.extractQueryParameters(request).getValue("id_column");
            StringWriter out = new StringWriter(body.length);
            try {
                rows[0] = (int) Predictions.write(m.model(), new ByteArrayInputStream(body), "request body", idColumn,
                        out);
            } catch (io.github.adagrad4j.data.DataFormatException e) {
                throw new BadRequest(400, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, e.getMessage());
            }
            send(response, callback, 200, "text/csv; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
            return 200;
        }

        /** The request body, refused past the size limit (by its declared length first, then as read). */
        private byte[] body(Request request) throws BadRequest, IOException {
            long declared = request.getLength();
            if (declared > options.maxBody()) {
                throw new BadRequest(413, "the body is " + declared + " bytes; the limit is " + options.maxBody());
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                if (declared >= 0) {
                    // The declared length, read into an array of exactly that size: readNBytes(limit)
                    // allocates its 8 KB-and-more chunks and a final copy, which was half of all the
                    // bytes a one-row request allocated, and young collections come that much sooner.
                    byte[] body = new byte[(int) declared];
                    int n = in.readNBytes(body, 0, body.length);
                    if (n < body.length) {
                        throw new BadRequest(400, "the body ended after " + n + " of its declared " + declared
                                + " bytes");
                    }
                    return body;
                }
                byte[] body = in.readNBytes((int) Math.min(options.maxBody() + 1, Integer.MAX_VALUE - 8));
                if (body.length > options.maxBody()) {
                    throw new BadRequest(413, "the body is over the limit of " + options.maxBody() + " bytes");
                }
                return body;
            }
        }

        private void send(Response response, Callback callback, int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
