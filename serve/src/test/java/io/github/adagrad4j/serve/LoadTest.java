package io.github.adagrad4j.serve;

import static io.github.adagrad4j.serve.ModelServerTest.HTTP;
import static io.github.adagrad4j.serve.ModelServerTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under concurrent clients (bounded in requests and time, on loopback): reloads with
 * zero failed requests, micro-batches, 503 when the queue is full, and a graceful stop.
 */
class LoadTest {
    @TempDir
    Path dir;

    /** {@code clients} threads posting {@code body} until {@code stop} or {@code limit} requests each; statuses counted. */
    static List<Future<?>> clients(ExecutorService pool, int clients, int limit, ModelServer s, String body,
            AtomicBoolean stop, Map<Integer, AtomicInteger> statuses, Set<String> ids) {
        int port = s.port();
        List<Future<?>> f = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            f.add(pool.submit(() -> {
                for (int i = 0; i < limit && !stop.get(); i++) {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/predict")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 200 && ids != null) {
                        ids.add((String) json(r).get("model"));
                    }
                }
                return null;
            }));
        }
        return f;
    }

    @Test
    void reloadsUnderConcurrentLoadFailNoRequestAndABrokenFolderKeepsTheOldModel() throws Exception {
        Path folder = Models.churn(dir.resolve("churn"), 1);
        String body = "{\"rows\": [{\"age\": 30, \"plan\": \"basic\"}, {\"age\": 60, \"plan\": \"premium\"}]}";
        // Two batch workers, each with its own copy of each model.
        try (ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).workers(2).build())) {
            String first = s.modelId();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> load = clients(pool, 8, 2000, s, body, stop, statuses, ids);
            Thread.sleep(300);
            // Another model trained into the same folder, then reloaded by request while the clients keep going.
            Path other = Models.churn(dir.resolve("other"), 2);
            for (String f : new String[] {"model.safetensors", "model.json"}) {
                Files.copy(other.resolve(f), folder.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            HttpResponse<String> r = ModelServerTest.post(s, "/v1/reload", "", "application/json");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r)).containsEntry("reloaded", true);
            String second = s.modelId();
            assertThat(second).isNotEqualTo(first);
            Thread.sleep(300);
            // A folder that no longer loads: the reload says why, the second model keeps serving.
            Files.writeString(folder.resolve("model.json"), "{\"format\": \"adagrad4j-model/2\"");
            r = ModelServerTest.post(s, "/v1/reload", "", "application/json");
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat((String) json(r).get("error")).contains("the model folder did not load").contains("model.json");
            assertThat(json(r)).containsEntry("model", second);
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : load) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
            assertThat(statuses.get(200).get()).isGreaterThan(16);
            assertThat(ids).containsExactlyInAnyOrder(first, second);
            assertThat(s.modelId()).isEqualTo(second);
            String metrics = ModelServerTest.get(s, "/metrics").body();
            assertThat(metrics).contains("adagrad4j_reloads_total{result=\"ok\"} 1")
                    .contains("adagrad4j_reloads_total{result=\"failed\"} 1");
        }
    }

    @Test
    void aChangedFolderIsReloadedOnceItSettles() throws Exception {
        Path folder = Models.dense(dir.resolve("dense"));
        try (ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0)
                .debounce(java.time.Duration.ofMillis(100)).build())) {
            String first = s.modelId();
            Models.sparse(dir.resolve("sparse"));
            for (String f : new String[] {"model.safetensors", "model.json"}) {
                Files.copy(dir.resolve("sparse").resolve(f), folder.resolve(f),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (s.modelId().equals(first) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(s.modelId()).isNotEqualTo(first);
            assertThat(s.model().featureCount()).isEqualTo(20);
        }
    }

    @Test
    void concurrentRequestsShareForwardPassesAndAFullQueueAnswers503WithRetryAfter() throws Exception {
        Path folder = Models.gru(dir.resolve("gru"), 48, 1);
        StringBuilder texts = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < 200; i++) {
            texts.append(i > 0 ? ", " : "").append('"').append("word ".repeat(150)).append(i).append('"');
        }
        String body = texts.append("]}").toString();
        try (ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).maxQueue(1)
                .maxBatch(1000).maxWait(java.time.Duration.ofMillis(20)).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            for (Future<?> f : clients(pool, 16, 4, s, body, new AtomicBoolean(), statuses, null)) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactlyInAnyOrder(200, 503);
            HttpResponse<String> refused = null;
            for (int i = 0; i < 50 && refused == null; i++) {
                List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                            + "/v1/predict")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (var b : burst) {
                    if (b.get().statusCode() == 503) {
                        refused = b.get();
                    }
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat((String) json(refused).get("error")).contains("at capacity");
            String metrics = ModelServerTest.get(s, "/metrics").body();
            assertThat(metrics).containsPattern("adagrad4j_requests_total\\{endpoint=\"predict\",status=\"503\"\\} [1-9]");
        }
    }

    /**
     * A second batch worker only starts on a backlog: small requests one after another all run on
     * the first, large ones queued behind a busy first worker run on the second.
     */
    @Test
    void workersPastTheFirstTakeOnlyABacklog() throws Exception {
        assertThat(MicroBatcher.backlogged(2_000_000, 128, 256)).isTrue();
        assertThat(MicroBatcher.backlogged(2_000_000, 127, 256)).isFalse();
        assertThat(MicroBatcher.backlogged(999_999, 1000, 256)).isFalse();
        Path folder = Models.gru(dir.resolve("gru"), 48, 1);
        String slow = "{\"texts\": [" + ("\"" + "word ".repeat(150) + "\", ").repeat(399) + "\"last\"]}";
        String large = "{\"texts\": [" + ("\"" + "word ".repeat(20) + "\", ").repeat(99) + "\"last\"]}";
        try (ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).workers(2)
                .build())) {
            for (int i = 0; i < 30; i++) {
                assertThat(ModelServerTest.post(s, "/v1/predict", "{\"texts\": [\"one\"]}", "application/json")
                        .statusCode()).isEqualTo(200);
            }
            String metrics = ModelServerTest.get(s, "/metrics").body();
            assertThat(metrics).contains("adagrad4j_forward_passes_total{worker=\"0\"} 30")
                    .doesNotContain("adagrad4j_forward_passes_total{worker=\"1\"}");
            ExecutorService pool = Executors.newFixedThreadPool(3);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Future<?>> all = new ArrayList<>(clients(pool, 1, 1, s, slow, new AtomicBoolean(), statuses, null));
            long wait = System.nanoTime() + 10_000_000_000L;
            while (s.requestsInFlight() < 1 && System.nanoTime() < wait) {
                Thread.sleep(1);
            }
            Thread.sleep(50);   // the first worker is running the slow request's forward pass
            all.addAll(clients(pool, 2, 1, s, large, new AtomicBoolean(), statuses, null));
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(statuses.keySet()).containsExactly(200);
            assertThat(ModelServerTest.get(s, "/metrics").body())
                    .containsPattern("adagrad4j_forward_passes_total\\{worker=\"1\"\\} [1-9]");
        }
    }

    @Test
    void requestsQueuedBehindABusyWorkerShareOneForwardPass() throws Exception {
        Path folder = Models.gru(dir.resolve("gru"), 48, 1);
        String slow = "{\"texts\": [" + ("\"" + "word ".repeat(150) + "\", ").repeat(399) + "\"last\"]}";
        try (ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(9);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Future<?>> all = new ArrayList<>(clients(pool, 1, 1, s, slow, new AtomicBoolean(), statuses, null));
            long wait = System.nanoTime() + 10_000_000_000L;
            while (s.requestsInFlight() < 1 && System.nanoTime() < wait) {
                Thread.sleep(1);
            }
            Thread.sleep(50);   // the worker is running the slow request's forward pass
            all.addAll(clients(pool, 8, 1, s, "{\"texts\": [\"a short one\"]}", new AtomicBoolean(), statuses, null));
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(statuses.keySet()).containsExactly(200);
            assertThat(statuses.get(200).get()).isEqualTo(9);
            // Nine requests; the eight that queued behind the slow one were joined into fewer passes.
            java.util.regex.Matcher passes = java.util.regex.Pattern.compile("adagrad4j_batch_rows_count (\\d+)")
                    .matcher(ModelServerTest.get(s, "/metrics").body());
            assertThat(passes.find()).isTrue();
            assertThat(Long.parseLong(passes.group(1))).isBetween(2L, 8L);
        }
    }

    @Test
    void closeAnswersTheRequestsInFlightThenRefusesConnections() throws Exception {
        Path folder = Models.gru(dir.resolve("gru"), 48, 1);
        String body = "{\"texts\": [" + ("\"" + "word ".repeat(150) + "\", ").repeat(399) + "\"last\"]}";
        ModelServer s = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).build());
        int port = s.port();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Future<?>> inFlight = clients(pool, 4, 1, s, body, new AtomicBoolean(), statuses, null);
        long wait = System.nanoTime() + 10_000_000_000L;
        while (s.requestsInFlight() < 4 && System.nanoTime() < wait) {
            Thread.sleep(1);
        }
        assertThat(s.requestsInFlight()).isEqualTo(4);
        long start = System.nanoTime();
        s.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Future<?> f : inFlight) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
        assertThat(statuses.get(200).get()).isEqualTo(4);
        assertThat(seconds).isLessThan(10);
        assertThat(s.requestsInFlight()).isZero();
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the stopped server still answered");
        } catch (ConnectException e) {
            // refused, as it should be
        }
    }
}
