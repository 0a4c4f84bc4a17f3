package io.github.adagrad4j.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph being built: inputs, constant tensors, nodes and outputs, each value named once.
 * A thin layer over ONNX's protocol buffers that keeps the node code readable; the opsets are fixed
 * here (ai.onnx 17, ai.onnx.ml 3, com.microsoft 1 for ONNX Runtime's MurmurHash3).
 */
final class Graph {
    static final String ML = "ai.onnx.ml";
    static final String MICROSOFT = "com.microsoft";
    private final GraphProto.Builder g = GraphProto.newBuilder();
    private boolean usesMicrosoft;
    private int next;

    Graph(String name) {
        g.setName(name);
    }

    /** A fresh value name starting with {@code hint}. */
    String name(String hint) {
        return hint + "_" + next++;
    }

    /** A graph input of the given element type; -1 in {@code dims} is the batch dimension. */
    String input(String name, TensorProto.DataType type, long... dims) {
        g.addInput(valueInfo(name, type, dims));
        return name;
    }

    void output(String name, TensorProto.DataType type, long... dims) {
        g.addOutput(valueInfo(name, type, dims));
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    /** A float constant of the given shape (row-major, as our parameters are stored). */
    String floats(String hint, float[] values, long... dims) {
        String name = name(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        t.setRawData(ByteString.copyFrom(b.array()));
        g.addInitializer(t);
        return name;
    }

    String longs(String hint, long[] values, long... dims) {
        String name = name(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        g.addInitializer(t);
        return name;
    }

    String strings(String hint, List<String> values) {
        String name = name(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.STRING.getNumber())
                .addDims(values.size());
        for (String v : values) {
            t.addStringData(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        g.addInitializer(t);
        return name;
    }

    String scalar(String hint, long value) {
        return longs(hint, new long[] {value});
    }

    /** One node of the default domain with one output; attribute values are Long, Float, String, long[], float[] or List<String>. */
    String op(String type, Map<String, Object> attributes, String... inputs) {
        return op("", type, attributes, inputs);
    }

    String op(String type, String... inputs) {
        return op("", type, Map.of(), inputs);
    }

    String op(String domain, String type, Map<String, Object> attributes, String... inputs) {
        String out = name(type.toLowerCase(java.util.Locale.ROOT));
        node(domain, type, attributes, inputs, out);
        return out;
    }

    /** A node whose output gets the given name (a graph output). */
    void node(String domain, String type, Map<String, Object> attributes, String[] inputs, String... outputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(name("n_" + type)).setDomain(domain);
        usesMicrosoft |= domain.equals(MICROSOFT);
        for (String i : inputs) {
            n.addInput(i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> n.addAttribute(attribute(e.getKey(),
                e.getValue())));
        g.addNode(n);
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            a.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Integer i) {
            a.setType(AttributeProto.AttributeType.INT).setI(i);
        } else if (v instanceof Float f) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else if (v instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof float[] fs) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else if (v instanceof List<?> list) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (Object s : list) {
                a.addStrings(ByteString.copyFrom((String) s, StandardCharsets.UTF_8));
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + v);
        }
        return a.build();
    }

    /** The model: IR version 8 (what opset 17 goes with), this library as producer. */
    ModelProto model(String producerVersion, String doc) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("adagrad4j")
                .setProducerVersion(producerVersion).setDocString(doc).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML).setVersion(3));
        if (usesMicrosoft) {
            m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT).setVersion(1));
        }
        return m.build();
    }
}
