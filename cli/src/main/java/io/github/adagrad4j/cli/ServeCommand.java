package io.github.adagrad4j.cli;

import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.serve.ModelServer;
import io.github.adagrad4j.serve.ServeOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j serve}: a model folder behind HTTP ({@link ModelServer}) until SIGTERM or
 * Ctrl-C, which stop it gracefully (requests in flight answered, then exit 0).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a model folder over HTTP: POST /v1/predict (JSON rows, texts or instances; or a CSV), "
                + "GET /v1/model, GET /healthz, GET /metrics (Prometheus), POST /v1/reload. Concurrent requests are "
                + "batched into one forward pass; a change of the folder reloads it. SIGTERM or Ctrl-C stops it, "
                + "answering the requests in flight first.")
final class ServeCommand implements Callable<Integer> {
    /** Held: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger RELOADS = java.util.logging.Logger.getLogger("io.github.adagrad4j.serve");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A folder written by train --output.")
    Path model;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
    int port;

    @Option(names = "--max-batch", paramLabel = "ROWS", defaultValue = "256",
            description = "Rows joined into one forward pass at most (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait", paramLabel = "TIME", defaultValue = "1ms",
            description = "How long a request waits for others to join its batch, while others are arriving "
                    + "(default: ${DEFAULT-VALUE}; us, ms or s).")
    String maxWait;

    @Option(names = "--max-queue", paramLabel = "REQUESTS", defaultValue = "1024",
            description = "Requests waiting for the model at most; past it the answer is 503 with Retry-After "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--workers", paramLabel = "N",
            description = "Forward passes run side by side, each on its own copy of the model (default: one "
                    + "per core, at most 4). Workers past the first start when requests have waited 1 ms with half "
                    + "a batch of rows queued, so a quick model, or many small requests, keep one.")
    int workers = ServeOptions.DEFAULT_WORKERS;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "16MB",
            description = "Request body size at most; past it the answer is 413 (default: ${DEFAULT-VALUE}; bytes, KB, "
                    + "MB).")
    String maxBody;

    @Option(names = "--grace", paramLabel = "TIME", defaultValue = "10s",
            description = "How long a stop waits for requests in flight (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--no-watch", description = "Do not reload the folder when it changes (POST /v1/reload still does).")
    boolean noWatch;

    @Override
    public Integer call() throws Exception {
        ServeOptions options;
        try {
            options = ServeOptions.builder().host(host).port(port).maxBatch(maxBatch)
                    .maxWait(duration("--max-wait", maxWait)).maxQueue(maxQueue).workers(workers)
                    .maxBody(size("--max-body", maxBody))
                    .grace(duration("--grace", grace)).watch(!noWatch).build();
        } catch (io.github.adagrad4j.data.ParameterException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), Main.worded(e, spec.commandLine()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // Jetty logs through SLF4J: to java.util.logging, where --log-level applies, rather than to whichever
        // provider comes first on the class path.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.jul.JULServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (!Main.of(spec).isQuiet() && Main.of(spec).level().equals("warn")) {
            RELOADS.setLevel(java.util.logging.Level.INFO);   // a reload is news a server's operator wants
        }
        // A server's parallelism is its requests: batch workers run passes side by side, and HTTP threads
        // read and encode the next requests. An op split over the thread team inside a pass waits for a
        // helper those threads keep busy, so each pass runs on its worker's thread alone, as the ONNX
        // Runtime peer runs one intra-op thread per worker (paired runs, 16 connections: GRU 100-row
        // requests 9-18% faster, one-row and MLP cells unchanged). -Dadagrad4j.threads=N still decides.
        if (System.getProperty("adagrad4j.threads") == null) {
            Blas.setThreads(1);
        }
        ModelServer server = ModelServer.start(model, options);
        // This process is a server from now on: one full collection moves what loading left alive (the
        // model, the server's own structures, some megabytes) to the old generation at once. Without it,
        // every young collection of the first minutes copies it again between survivor spaces, and those
        // pauses (7-23 ms here, against 1-5 ms after) were the one-row p99 at 16 connections.
        System.gc();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        // SIGTERM (a process manager) and Ctrl-C stop the server gracefully and the command exits 0: handled
        // here rather than in a shutdown hook, which would end the JVM with 143.
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> new Thread(stop, "adagrad4j-stop").start());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("serving %s (model %s, takes %s) on http://%s:%d%n", model, server.modelId(),
                server.model().inputShape().name().toLowerCase(Locale.ROOT), host.contains(":") ? "[" + host + "]" : host,
                server.port());
        out.println("  POST /v1/predict   GET /v1/model   GET /healthz   GET /metrics   POST /v1/reload");
        out.flush();
        stopped.await();
        spec.commandLine().getErr().println("stopped");
        return 0;
    }

    /** {@code 500us}, {@code 1ms}, {@code 2.5s}; a bare number is milliseconds. */
    static Duration duration(String flag, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double scale = 1e6;
        if (t.endsWith("us")) {
            scale = 1e3;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ms")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            scale = 1e9;
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v >= 0 && v * scale < 1e15) {
                return Duration.ofNanos(Math.round(v * scale));
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException(flag + " '" + text + "': expected a time such as 500us, 1ms or 10s");
    }

    /** {@code 1048576}, {@code 512KB}, {@code 16MB}, {@code 1GB} (KB = 1024 bytes). */
    static long size(String flag, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v >= 1 && v * unit <= Integer.MAX_VALUE - 8) {
                return (long) (v * unit);
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException(flag + " '" + text + "': expected a size from 1 byte to 2GB, such as "
                + "65536, 512KB or 16MB");
    }
}
