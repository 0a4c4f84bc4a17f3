package io.github.adagrad4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule, option, schedule and clipping mode against {@code torch.optim} (PyTorch 1.13, fp32,
 * single-tensor path), and sparse gradients against torch's sparse Adagrad and SparseAdam: 25
 * steps, parameters, every state slot and the learning rate compared after each step with
 * {@code |ours - torch| <= 1e-6 * max(1, |torch|)}.
 */
class TorchParityTest {
    private static final double TOLERANCE = 1e-6;

    @TestFactory
    Stream<DynamicTest> matchesTorchStepByStep() {
        return TorchTraces.cases("/parity/torch_traces.json").stream()
                .flatMap(c -> Stream.of(1, 2).map(threads -> DynamicTest.dynamicTest(
                        c.get("id").asText() + " (" + threads + " threads)", () -> replay(c, threads))));
    }

    private static void replay(JsonNode c, int threads) {
        UpdateRule rule = TorchTraces.rule(c.get("rule").asText(), c.get("options"));
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < c.get("shapes").size(); i++) {
            JsonNode shape = c.get("shapes").get(i);
            int[] dims = new int[shape.size()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = shape.get(d).asInt();
            }
            params.add(new Parameter("p" + i, TorchTraces.floats(c.get("init").get(i)), dims));
        }
        OptimizerOptions options = OptimizerOptions.builder().threads(threads)
                .schedule(TorchTraces.schedule(c.get("schedule")))
                .clipping(TorchTraces.clipping(c.get("clipping"))).build();
        Optimizer opt = rule.on(params, options);
        JsonNode grads = c.get("grads");
        JsonNode expected = c.get("expected");
        JsonNode sparse = c.get("sparse");
        for (int step = 0; step < expected.size(); step++) {
            if (sparse != null) {
                // One embedding table; rows repeat within a step and the last row is never touched.
                opt.zeroGrad();
                JsonNode s = sparse.get(step);
                int[] rows = new int[s.get("rows").size()];
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = s.get("rows").get(k).asInt();
                }
                params.get(0).addSparseGrad(new SparseGradient(rows, TorchTraces.floats(s.get("values")),
                        params.get(0).rowWidth()));
            } else {
                for (int i = 0; i < params.size(); i++) {
                    float[] g = TorchTraces.floats(grads.get(step).get(i));
                    System.arraycopy(g, 0, params.get(i).grad(), 0, g.length);
                }
            }
            JsonNode want = expected.get(step);
            String where = c.get("id").asText() + " step " + (step + 1);
            double lr = want.get("lr").asDouble();
            assertEquals(lr, opt.currentLr(), TOLERANCE * Math.max(1, Math.abs(lr)), where + " lr");
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                compare(where + " param p" + i, want.get("params").get(i), params.get(i).data());
            }
            List<String> torchSlots = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = want.get("state").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> slot = it.next();
                torchSlots.add(slot.getKey());
                for (int i = 0; i < params.size(); i++) {
                    compare(where + " state " + slot.getKey() + " of p" + i, slot.getValue().get(i),
                            opt.state("p" + i).slot(slot.getKey()));
                }
            }
            assertEquals(torchSlots.stream().sorted().toList(), rule.slotNames().stream().sorted().toList(),
                    where + ": slot names differ from torch's state");
            for (Parameter p : params) {
                assertEquals(step + 1, opt.state(p.name()).step(), where + " step count");
            }
        }
    }

    private static void compare(String what, JsonNode torch, float[] ours) {
        assertEquals(torch.size(), ours.length, what + " length");
        for (int k = 0; k < ours.length; k++) {
            double t = torch.get(k).asDouble();
            if (Math.abs(ours[k] - t) > TOLERANCE * Math.max(1, Math.abs(t))) {
                fail(what + "[" + k + "]: ours " + ours[k] + ", torch " + t + ", diff " + (ours[k] - t));
            }
        }
    }
}
