package io.github.adagrad4j.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.adagrad4j.train.InputException;
import io.github.adagrad4j.train.TrainedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code POST /v1/predict}, read with Jackson's streaming parser straight into the
 * model's input, and its answers written with Jackson's generator.
 *
 * <p>Requests: {@code {"rows": [{"column": value, ...}, ...]}} for models trained on CSV tables
 * (values are strings or numbers as the CSV cells would be, null or a left-out column is a missing
 * cell), {@code {"texts": ["...", ...]}} for text models, {@code {"instances": [[f, ...], ...]}} or
 * {@code {"instances": [{"indices": [...], "values": [...]}, ...]}} (0-based indices) for feature
 * vectors. Answers: {@code {"model": id, "predictions": [{"label": ..., "probabilities": {class: p}}]}},
 * or {@code {"value": x}} per row for regression, in request order.
 */
final class JsonBodies {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonBodies() {
    }

    /** The request's rows encoded for {@code model}. */
    static TrainedModel.Input read(byte[] body, TrainedModel model) throws BadRequest {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "expected a JSON object such as " + example(model) + at(p));
            }
            TrainedModel.Input input = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                if (input != null) {
                    throw new BadRequest(400, "a request holds one of rows, texts or instances; found '" + field
                            + "' as well");
                }
                input = switch (field) {
                    case "rows" -> model.rows(rows(p));
                    case "texts" -> model.texts(texts(p));
                    case "instances" -> instances(p, model);
                    default -> throw new BadRequest(400, "unknown field '" + field + "'; expected " + example(model));
                };
            }
            if (p.nextToken() != null) {
                throw new BadRequest(400, "unexpected content after the JSON object" + at(p));
            }
            if (input == null) {
                throw new BadRequest(400, "the request has no rows; expected " + example(model));
            }
            return input;
        } catch (InputException e) {
            throw new BadRequest(400, e.getMessage(), e.row(), e.column());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new BadRequest(400, "malformed JSON" + (l == null ? "" : " at line " + l.getLineNr() + ", column "
                    + l.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> rows(JsonParser p) throws IOException, BadRequest {
        expect(p, JsonToken.START_ARRAY, "'rows' should be an array of objects");
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int row = rows.size();
            if (t != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "row " + row + " should be an object of column to value" + at(p), row, null);
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                String column = p.currentName();
                JsonToken v = p.nextToken();
                String cell = switch (v) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE, VALUE_FALSE -> p.getText();
                    case VALUE_NULL -> "";
                    default -> throw new BadRequest(400, "row " + row + ", column '" + column + "': expected a string "
                            + "or a number, found " + describe(v), row, column);
                };
                if (cells.put(column, cell) != null) {
                    throw new BadRequest(400, "row " + row + " names column '" + column + "' twice", row, column);
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> texts(JsonParser p) throws IOException, BadRequest {
        expect(p, JsonToken.START_ARRAY, "'texts' should be an array of strings");
        List<String> texts = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new BadRequest(400, "text " + texts.size() + ": expected a string, found " + describe(t),
                        texts.size(), null);
            }
            texts.add(p.getText());
        }
        return texts;
    }

    private static TrainedModel.Input instances(JsonParser p, TrainedModel model) throws IOException, BadRequest {
        expect(p, JsonToken.START_ARRAY, "'instances' should be an array of arrays of numbers or of "
                + "{\"indices\": [...], \"values\": [...]} objects");
        List<float[]> dense = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int row = dense.size() + indices.size();
            if (t == JsonToken.START_ARRAY) {
                dense.add(numbers(p, row, "instance " + row));
            } else if (t == JsonToken.START_OBJECT) {
                int[] idx = null;
                float[] val = null;
                for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken a = p.nextToken();
                    if (a != JsonToken.START_ARRAY) {
                        throw new BadRequest(400, "instance " + row + ": '" + name + "' should be an array, found "
                                + describe(a), row, null);
                    }
                    if (name.equals("indices")) {
                        idx = indices(p, row);
                    } else if (name.equals("values")) {
                        val = numbers(p, row, "instance " + row + " values");
                    } else {
                        throw new BadRequest(400, "instance " + row + ": unknown field '" + name + "'; expected "
                                + "indices and values", row, null);
                    }
                }
                if (idx == null || val == null) {
                    throw new BadRequest(400, "instance " + row + ": expected both indices and values", row, null);
                }
                indices.add(idx);
                values.add(val);
            } else {
                throw new BadRequest(400, "instance " + row + ": expected an array of numbers or an object of "
                        + "indices and values, found " + describe(t), row, null);
            }
            if (!dense.isEmpty() && !indices.isEmpty()) {
                throw new BadRequest(400, "instance " + row + ": the instances mix arrays and {indices, values} "
                        + "objects; use one form per request", row, null);
            }
        }
        return indices.isEmpty() ? model.instances(dense.toArray(new float[0][]))
                : model.sparseInstances(indices.toArray(new int[0][]), values.toArray(new float[0][]));
    }

    private static float[] numbers(JsonParser p, int row, String what) throws IOException, BadRequest {
        float[] a = new float[16];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRequest(400, what + ": expected numbers, found " + describe(t) + " at position " + n, row,
                        null);
            }
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = p.getFloatValue();
        }
        return java.util.Arrays.copyOf(a, n);
    }

    /**
     * Whole numbers, read as integers: through a float, an index past 2^24 (a hashed feature's)
     * would round to its neighbour.
     */
    private static int[] indices(JsonParser p, int row) throws IOException, BadRequest {
        int[] a = new int[16];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                throw new BadRequest(400, "instance " + row + ": index " + p.getText() + " is not a whole number", row,
                        null);
            }
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new BadRequest(400, "instance " + row + " indices: expected numbers, found " + describe(t)
                        + " at position " + n, row, null);
            }
            long v = p.getLongValue();
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            // Out of int range is out of any model's range: the model names the range it takes.
            a[n++] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return java.util.Arrays.copyOf(a, n);
    }

    private static void expect(JsonParser p, JsonToken token, String problem) throws BadRequest {
        if (p.currentToken() != token) {
            throw new BadRequest(400, problem + ", found " + describe(p.currentToken()) + at(p));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the body";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    private static String at(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** The request shape this model takes, as an example. */
    static String example(TrainedModel model) {
        return switch (model.inputShape()) {
            case ROWS -> model.table() == null ? "{\"rows\": [{\"column\": \"cell\", ...}]} (each column a namespace)"
                    : "{\"rows\": [{\"" + String.join("\": ..., \"", model.table().columnNames()) + "\": ...}]}";
            case TEXTS -> switch (String.valueOf(model.description().input().get("format"))) {
                // A model learn wrote takes its stream format's lines.
                case "vw" -> "{\"texts\": [\"|namespace feature feature:value ...\"]} (Vowpal Wabbit lines)";
                case "libsvm" -> "{\"texts\": [\"index:value index:value ...\"]} (LIBSVM lines)";
                default -> "{\"texts\": [\"...\"]}";
            };
            case INSTANCES -> "{\"instances\": [[" + model.featureCount() + " numbers]]} or {\"instances\": "
                    + "[{\"indices\": [...], \"values\": [...]}]}";
        };
    }

    /** The answer to a prediction request: each row's label and class probabilities, or value. */
    static byte[] predictions(ServedModel served, float[] out, int rows) {
        TrainedModel m = served.model();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows * (16 + 24 * m.outputWidth()));
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model", served.id());
            g.writeArrayFieldStart("predictions");
            List<String> classes = m.classes();
            int w = m.outputWidth();
            for (int i = 0; i < rows; i++) {
                g.writeStartObject();
                if (classes.isEmpty()) {
                    g.writeFieldName("value");
                    g.writeNumber(out[i]);
                } else {
                    g.writeStringField("label", classes.get(io.github.adagrad4j.data.ClassLabels.argmax(out, i * w, w)));
                    g.writeObjectFieldStart("probabilities");
                    for (int k = 0; k < w; k++) {
                        g.writeFieldName(classes.get(k));
                        g.writeNumber(out[i * w + k]);
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code {"error": message, "row": i, "column": name}}, row and column only when known. */
    static byte[] error(String message, int row, String column) {
        return object(g -> {
            g.writeStringField("error", message);
            if (row >= 0) {
                g.writeNumberField("row", row);
            }
            if (column != null) {
                g.writeStringField("column", column);
            }
        });
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] object(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Embeds already-serialised JSON (model.json) as a field's value. */
    static void raw(JsonGenerator g, String field, String json) throws IOException {
        g.writeFieldName(field);
        g.writeRawValue(json);
    }
}
