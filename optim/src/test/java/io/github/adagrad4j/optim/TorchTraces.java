package io.github.adagrad4j.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PyTorch reference traces written by {@code tools/parity/make_traces.py} and builds the
 * matching adagrad4j rules, schedules and clipping from their option names.
 */
final class TorchTraces {
    private TorchTraces() {
    }

    static List<JsonNode> cases(String resource) {
        try (InputStream in = TorchTraces.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource
                        + "; regenerate it with tools/parity/make_traces.sh");
            }
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static UpdateRule rule(String name, JsonNode o) {
        switch (name) {
            case "adagrad": {
                AdaGrad.Builder b = AdaGrad.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("lrDecay")) b.lrDecay(o.get("lrDecay").asDouble());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("initialAccumulator")) b.initialAccumulator(o.get("initialAccumulator").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "sgd": {
                Sgd.Builder b = Sgd.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("momentum")) b.momentum(o.get("momentum").asDouble());
                if (o.has("dampening")) b.dampening(o.get("dampening").asDouble());
                if (o.has("nesterov")) b.nesterov(o.get("nesterov").asBoolean());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "sparseadam": {
                SparseAdam.Builder b = SparseAdam.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("beta1")) b.betas(o.get("beta1").asDouble(), o.get("beta2").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "adam":
            case "adamw": {
                Adam.Builder b = name.equals("adamw") ? AdamW.builder() : Adam.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("beta1")) b.betas(o.get("beta1").asDouble(), o.get("beta2").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("amsgrad")) b.amsgrad(o.get("amsgrad").asBoolean());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "rmsprop": {
                RmsProp.Builder b = RmsProp.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("alpha")) b.alpha(o.get("alpha").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("momentum")) b.momentum(o.get("momentum").asDouble());
                if (o.has("centered")) b.centered(o.get("centered").asBoolean());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "adadelta": {
                Adadelta.Builder b = Adadelta.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("rho")) b.rho(o.get("rho").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            case "adamax": {
                Adamax.Builder b = Adamax.builder();
                if (o.has("lr")) b.lr(o.get("lr").asDouble());
                if (o.has("beta1")) b.betas(o.get("beta1").asDouble(), o.get("beta2").asDouble());
                if (o.has("eps")) b.eps(o.get("eps").asDouble());
                if (o.has("weightDecay")) b.weightDecay(o.get("weightDecay").asDouble());
                if (o.has("maximize")) b.maximize(o.get("maximize").asBoolean());
                return b.build();
            }
            default:
                throw new IllegalArgumentException("trace names unknown rule " + name);
        }
    }

    static LrSchedule schedule(JsonNode s) {
        if (s == null || s.isNull()) {
            return LrSchedule.constant();
        }
        switch (s.get("type").asText()) {
            case "step":
                return LrSchedule.step(s.get("stepSize").asLong(), s.get("gamma").asDouble());
            case "multiStep": {
                long[] m = new long[s.get("milestones").size()];
                for (int i = 0; i < m.length; i++) {
                    m[i] = s.get("milestones").get(i).asLong();
                }
                return LrSchedule.multiStep(s.get("gamma").asDouble(), m);
            }
            case "exponential":
                return LrSchedule.exponential(s.get("gamma").asDouble());
            case "cosine":
                return LrSchedule.cosine(s.get("tMax").asLong(), s.get("etaMin").asDouble());
            case "warmupCosine":
                return LrSchedule.warmupCosine(s.get("warmupSteps").asLong(), s.get("totalSteps").asLong(),
                        s.get("minLr").asDouble(), s.get("warmupStartFactor").asDouble());
            case "inverseTime":
                return LrSchedule.inverseTime(s.get("decay").asDouble());
            case "exponentialTime":
                return LrSchedule.exponentialTime(s.get("beta").asDouble());
            default:
                throw new IllegalArgumentException("trace names unknown schedule " + s);
        }
    }

    static GradientClipping clipping(JsonNode c) {
        if (c == null || c.isNull()) {
            return GradientClipping.none();
        }
        switch (c.get("type").asText()) {
            case "value":
                return GradientClipping.value(c.get("clip").asDouble());
            case "globalNorm":
                return GradientClipping.globalNorm(c.get("maxNorm").asDouble(), normType(c.get("normType")));
            case "perParameterNorm":
                return GradientClipping.perParameterNorm(c.get("maxNorm").asDouble(), normType(c.get("normType")));
            default:
                throw new IllegalArgumentException("trace names unknown clipping " + c);
        }
    }

    private static double normType(JsonNode n) {
        return n.isTextual() && n.asText().equals("inf") ? Double.POSITIVE_INFINITY : n.asDouble();
    }
}
