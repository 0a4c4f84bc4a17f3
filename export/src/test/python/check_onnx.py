"""Checks an exported model in Python: onnx.checker.check_model, then onnxruntime on the inputs in a
JSON file, its outputs compared with the expected ones (the Java model's) within 1e-5.

usage: python3 check_onnx.py MODEL.onnx CASES.json   -> prints "ok N rows" or fails with exit 1
CASES.json: {"inputs": {name: {"type": "float"|"string"|"int64"|"int32", "shape": [...], "data": [...]}},
             "label": [...], "probabilities": [[...]] (classifiers)}
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort


def main(model_path, cases_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    cases = json.load(open(cases_path))
    feed = {}
    for name, spec in cases["inputs"].items():
        if spec["type"] == "string":
            feed[name] = np.array(spec["data"], dtype=object).reshape(spec["shape"])
        elif spec["type"] in ("int64", "int32"):
            feed[name] = np.array(spec["data"], dtype=spec["type"]).reshape(spec["shape"])
        else:
            feed[name] = np.array([np.nan if v is None else v for v in spec["data"]], dtype=np.float32).reshape(spec["shape"])
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    out = dict(zip(names, session.run(None, feed)))
    label = out["label"]
    want = cases["label"]
    if label.dtype == object:
        bad = [i for i, (a, b) in enumerate(zip(label.tolist(), want)) if a != b]
        if bad:
            sys.exit("labels differ at rows %s: %s vs %s" % (bad[:5], label[bad[0]], want[bad[0]]))
    else:
        np.testing.assert_allclose(label, np.array(want, dtype=np.float32), rtol=1e-5, atol=1e-5)
    if "probabilities" in cases:
        np.testing.assert_allclose(out["probabilities"], np.array(cases["probabilities"], dtype=np.float32),
                                   rtol=0, atol=1e-5)
    print("ok %d rows" % len(want))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
