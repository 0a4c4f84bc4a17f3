package io.github.adagrad4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.Predictions;
import io.github.adagrad4j.train.TrainedModel;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on loopback, through a real HTTP client: every endpoint and every kind of bad request. */
class ModelServerTest {
    @TempDir
    static Path dir;
    static ModelServer churn;
    static ModelServer dense;
    static ModelServer sparse;
    static ModelServer gru;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ServeOptions o = ServeOptions.builder().port(0).watch(false).build();
        churn = ModelServer.start(Models.churn(dir.resolve("churn"), 1), o);
        dense = ModelServer.start(Models.dense(dir.resolve("dense")), o);
        sparse = ModelServer.start(Models.sparse(dir.resolve("sparse")), o);
        gru = ModelServer.start(Models.gru(dir.resolve("gru"), 8, 1), o);
    }

    @AfterAll
    static void stop() {
        for (ModelServer s : new ModelServer[] {churn, dense, sparse, gru}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static HttpResponse<String> post(ModelServer s, String path, String body, String type) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(ModelServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> predict(ModelServer s, String json) throws Exception {
        return post(s, "/v1/predict", json, "application/json");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> predictions(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) json(r).get("predictions");
    }

    @SuppressWarnings("unchecked")
    static void assertSame(Map<String, Object> answer, TrainedModel.Prediction expected, List<String> classes) {
        assertThat(answer.get("label")).isEqualTo(expected.label());
        Map<String, Object> p = (Map<String, Object>) answer.get("probabilities");
        assertThat(p.keySet()).containsExactlyElementsOf(classes);
        for (int k = 0; k < classes.size(); k++) {
            assertThat(((Number) p.get(classes.get(k))).floatValue()).isCloseTo(expected.probabilities()[k],
                    Offset.offset(1e-6f));
        }
    }

    @Test
    void tableRowsAreAnsweredInOrderAsThePredictCommandWouldWithLeftOutColumnsImputed() throws Exception {
        TrainedModel m = churn.model();
        Map<String, String> a = Map.of("age", "47", "monthly_charges", "79.39", "tenure_months", "34", "plan", "basic",
                "city", "Portland, OR", "referrer", "partner-2", "support_calls", "5");
        Map<String, String> b = new LinkedHashMap<>(a);
        b.put("age", "20");
        b.put("plan", "premium");
        b.remove("monthly_charges");                  // missing: imputed as in training
        String body = "{\"rows\": [{\"age\": 47, \"monthly_charges\": 79.39, \"tenure_months\": \"34\", \"plan\": "
                + "\"basic\", \"city\": \"Portland, OR\", \"referrer\": \"partner-2\", \"support_calls\": 5}, "
                + "{\"age\": 20, \"tenure_months\": 34, \"plan\": \"premium\", \"city\": \"Portland, OR\", "
                + "\"referrer\": \"partner-2\", \"support_calls\": 5, \"customer_id\": \"C1\", \"churned\": null}]}";
        HttpResponse<String> r = predict(churn, body);
        List<Map<String, Object>> got = predictions(r);
        assertThat(got).hasSize(2);
        assertThat(json(r).get("model")).isEqualTo(churn.modelId());
        assertSame(got.get(0), m.predict(a), m.classes());
        assertSame(got.get(1), m.predict(b), m.classes());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
    }

    @Test
    void aCsvBodyGetsTheCsvThePredictCommandWrites() throws Exception {
        StringWriter expected = new StringWriter();
        Predictions.write(churn.model(), Models.CHURN_NEW.toString(), "customer_id", expected);
        HttpResponse<String> r = post(churn, "/v1/predict?id_column=customer_id", Files.readString(Models.CHURN_NEW),
                "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(expected.toString());
        assertThat(r.body().lines().count()).isEqualTo(51);
    }

    @Test
    void denseSparseAndTextModelsTakeTheirOwnShapes() throws Exception {
        TrainedModel d = dense.model();
        List<Map<String, Object>> got = predictions(predict(dense, "{\"instances\": [[1, 2, 3, 4], [0.5, -1, 7, 2e1]]}"));
        assertSame(got.get(0), d.predict(new float[] {1, 2, 3, 4}), d.classes());
        assertSame(got.get(1), d.predict(new float[] {0.5f, -1, 7, 20}), d.classes());
        got = predictions(predict(dense, "{\"instances\": [{\"indices\": [3, 0], \"values\": [20, 0.5]}]}"));
        assertSame(got.get(0), d.predict(new float[] {0.5f, 0, 0, 20}), d.classes());

        TrainedModel s = sparse.model();
        got = predictions(predict(sparse, "{\"instances\": [{\"indices\": [0, 7, 19], \"values\": [1, 0.5, -2]}, "
                + "{\"indices\": [], \"values\": []}]}"));
        assertSame(got.get(0), s.predict(new int[] {0, 7, 19}, new float[] {1, 0.5f, -2}), s.classes());
        assertSame(got.get(1), s.predict(new int[0], new float[0]), s.classes());

        TrainedModel g = gru.model();
        got = predictions(predict(gru, "{\"texts\": [\"cheap pills now\", \"meeting at noon, see you\", \"\"]}"));
        assertSame(got.get(0), g.predictText("cheap pills now"), g.classes());
        assertSame(got.get(1), g.predictText("meeting at noon, see you"), g.classes());
        assertSame(got.get(2), g.predictText(""), g.classes());
        assertThat(predictions(predict(gru, "{\"texts\": []}"))).isEmpty();
    }

    /** Status, and the error's row and column (-1 and null: absent). */
    static void assertBad(HttpResponse<String> r, int status, String message, int row, String column) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        Map<String, Object> e = json(r);
        assertThat((String) e.get("error")).contains(message);
        assertThat(e.get("row")).isEqualTo(row < 0 ? null : (Object) (long) row);
        assertThat(e.get("column")).isEqualTo(column);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
    }

    @Test
    void badRequestsGetOneErrorNamingTheRowAndColumn() throws Exception {
        assertBad(predict(churn, "{\"rows\": [{\"age\": 4"), 400, "malformed JSON at line 1", -1, null);
        assertBad(predict(churn, "[1, 2]"), 400, "expected a JSON object", -1, null);
        assertBad(predict(churn, "{\"rows\": [{\"age\": 40}, {\"agee\": 40}]}"), 400, "unknown column 'agee'", 1, "agee");
        assertBad(predict(churn, "{\"rows\": [{\"age\": \"forty\"}]}"), 400, "column 'age': expected a number, found "
                + "'forty'", 0, "age");
        assertBad(predict(churn, "{\"rows\": [{\"age\": [40]}]}"), 400, "expected a string or a number", 0, "age");
        assertBad(predict(churn, "{\"texts\": [\"hello\"]}"), 400, "takes table rows with the columns", -1, null);
        assertBad(predict(churn, "{\"rowz\": []}"), 400, "unknown field 'rowz'; expected {\"rows\"", -1, null);
        assertBad(predict(churn, "{}"), 400, "the request has no rows", -1, null);
        assertBad(predict(dense, "{\"instances\": [[1, 2, 3, 4], [1, 2, 3]]}"), 400, "instance 1 has 3 values; the model "
                + "takes 4 features", 1, null);
        assertBad(predict(dense, "{\"instances\": [[1, 2, \"x\", 4]]}"), 400, "expected numbers, found a string", 0, null);
        assertBad(predict(sparse, "{\"instances\": [{\"indices\": [20], \"values\": [1]}]}"), 400, "index 20; the model "
                + "takes indices 0 to 19", 0, null);
        assertBad(predict(sparse, "{\"instances\": [{\"indices\": [1, 2], \"values\": [1]}]}"), 400, "2 indices but 1 "
                + "values", 0, null);
        assertBad(predict(dense, "{\"instances\": [{\"indices\": [0], \"values\": [1]}, {\"indices\": [2, 2], "
                + "\"values\": [1, 2]}]}"), 400, "instance 1 lists index 2 twice", 1, null);
        assertBad(predict(gru, "{\"texts\": [\"a\", 7]}"), 400, "text 1: expected a string, found a number", 1, null);
        assertBad(post(churn, "/v1/predict", "a,b\n1,2\n", "text/csv"), 400, "column 'age', which the model uses, is "
                + "missing", -1, null);
        assertBad(post(gru, "/v1/predict", "a,b\n1,2\n", "text/csv"), 415, "CSV bodies are for models trained on CSV "
                + "tables", -1, null);
        assertBad(post(churn, "/v1/predict", "<rows/>", "application/xml"), 415, "expected Content-Type "
                + "application/json or text/csv", -1, null);
        assertBad(get(churn, "/v1/predict"), 405, "takes POST, not GET", -1, null);
        assertThat(get(churn, "/v1/predict").headers().firstValue("Allow")).hasValue("POST");
        assertBad(get(churn, "/v2/predict"), 404, "no such endpoint: GET /v2/predict", -1, null);
    }

    @Test
    void aModelLearnWroteTakesItsVowpalWabbitLinesAsTexts() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            b.append(i % 2 == 0 ? "1" : "-1").append(" |u id").append(i % 2 == 0 ? "a" : "b").append(" x:")
                    .append(i % 5).append('\n');
        }
        Path folder = Models.learned(dir.resolve("online"), b.toString(), io.github.adagrad4j.data.stream.StreamFormat.VW);
        try (ModelServer online = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).build())) {
            HttpResponse<String> r = predict(online, "{\"texts\": [\"|u ida x:1\", \"|u idb x:1\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"label\":\"1\"", "\"label\":\"-1\"");
            assertBad(predict(online, "{\"texts\": [\"|u ida\", \"|u x:zz\"]}"), 400, "feature 'x' has value 'zz'", 1,
                    "column 6");
            assertThat(get(online, "/v1/model").body()).contains("(Vowpal Wabbit lines)");
        }
    }

    @Test
    void aModelLearnWroteFromCsvTakesRowsAndACsvBodyHashedAsItsFile() throws Exception {
        StringBuilder b = new StringBuilder("label,colour,size\n");
        for (int i = 0; i < 3000; i++) {
            b.append(i % 2).append(',').append(i % 2 == 0 ? "red" : "blue").append(',').append(i % 5).append('\n');
        }
        Path folder = Models.learned(dir.resolve("online-csv"), b.toString(),
                io.github.adagrad4j.data.stream.StreamFormat.CSV);
        io.github.adagrad4j.train.TrainedModel local = io.github.adagrad4j.train.TrainedModel.load(folder);
        try (ModelServer online = ModelServer.start(folder, ServeOptions.builder().port(0).watch(false).build())) {
            List<Map<String, Object>> p = predictions(predict(online,
                    "{\"rows\": [{\"colour\": \"red\", \"size\": 3}, {\"colour\": \"blue\", \"size\": null}]}"));
            assertThat(p).extracting(m -> m.get("label")).containsExactly("0", "1");
            double p0 = ((Number) ((Map<?, ?>) p.get(0).get("probabilities")).get("1")).doubleValue();
            assertThat(p0).isCloseTo(local.predict(Map.of("colour", "red", "size", "3")).probabilities()[1],
                    org.assertj.core.data.Offset.offset(1e-6));
            HttpResponse<String> csv = post(online, "/v1/predict", "colour,size\nred,3\nblue,\n", "text/csv");
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            assertThat(csv.body().lines().toList()).hasSize(3).first().isEqualTo("predicted,p_0,p_1");
            assertThat(get(online, "/v1/model").body()).contains("each column a namespace");
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        try (ModelServer small = ModelServer.start(dir.resolve("dense"), ServeOptions.builder().port(0).watch(false)
                .maxBody(100).build())) {
            String body = "{\"instances\": [" + "[1, 2, 3, 4], ".repeat(20) + "[1, 2, 3, 4]]}";
            assertBad(predict(small, body), 413, "the limit is 100", -1, null);
            // Chunked, with no declared length: refused as it is read.
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port()
                    + "/v1/predict")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                    .ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertBad(r, 413, "over the limit of 100 bytes", -1, null);
            assertThat(predictions(predict(small, "{\"instances\": [[1, 2, 3, 4]]}"))).hasSize(1);
            // Chunked and under the limit: read to its end (a declared length is read into an array of its size).
            HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + small.port() + "/v1/predict")).header("Content-Type", "application/json").POST(HttpRequest
                    .BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                    "{\"instances\": [[1, 2, 3, 4], [4, 3, 2, 1]]}".getBytes()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(predictions(chunked)).hasSize(2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelHealthAndMetricsDescribeWhatIsServed() throws Exception {
        HttpResponse<String> r = get(churn, "/v1/model");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> m = json(r);
        assertThat(m.get("model")).isEqualTo(churn.modelId());
        assertThat(churn.modelId()).matches("[0-9a-f]{16}");
        assertThat(m.get("accepts")).isEqualTo("rows");
        Map<String, Object> d = (Map<String, Object>) m.get("description");
        assertThat(d.get("classes")).isEqualTo(List.of("no", "yes"));
        assertThat(d.get("input").toString()).contains("monthly_charges");
        assertThat(json(get(churn, "/healthz"))).containsEntry("status", "ok").containsEntry("model", churn.modelId());

        predictions(predict(churn, "{\"rows\": [{\"age\": 30}, {\"age\": 31}, {\"age\": 32}]}"));
        String metrics = get(churn, "/metrics").body();
        assertThat(metrics).contains("# TYPE adagrad4j_requests_total counter")
                .containsPattern("adagrad4j_requests_total\\{endpoint=\"predict\",status=\"200\"\\} [1-9]")
                .containsPattern("adagrad4j_rows_total\\{status=\"200\"\\} [3-9]")
                .contains("adagrad4j_request_duration_seconds_bucket{le=\"+Inf\"}")
                .contains("adagrad4j_batch_rows_bucket{le=\"4\"}")
                .contains("adagrad4j_queue_depth 0")
                .contains("adagrad4j_model_info{id=\"" + churn.modelId() + "\"} 1")
                .contains("adagrad4j_model_loaded_timestamp_seconds ");
        // The id is a content hash: the same folder served again has the same id.
        try (ModelServer again = ModelServer.start(dir.resolve("churn"), ServeOptions.builder().port(0).watch(false)
                .build())) {
            assertThat(again.modelId()).isEqualTo(churn.modelId());
        }
    }

    @Test
    void startingOnAPortInUseOrAFolderThatDoesNotLoadFailsAtOnce() throws Exception {
        assertThatThrownBy(() -> ModelServer.start(dir.resolve("dense"), ServeOptions.builder().port(churn.port())
                .watch(false).build())).isInstanceOf(ParameterException.class)
                .hasMessageContaining("port '" + churn.port() + "'").hasMessageContaining("cannot listen on 127.0.0.1");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{\"format\": ");
        assertThatThrownBy(() -> ModelServer.start(broken, ServeOptions.builder().port(0).build()))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("model.json");
        assertThatThrownBy(() -> ServeOptions.builder().maxBatch(0).build()).hasMessageContaining("max batch '0'");
    }
}
