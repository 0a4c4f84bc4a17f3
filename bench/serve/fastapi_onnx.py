"""The way a Python team serves the same model: FastAPI + uvicorn + ONNX Runtime on the file
`adagrad4j export` wrote, taking and answering the same JSON as `adagrad4j serve`
({"rows": [{column: value}]} -> {"predictions": [{"label", "probabilities"}]}).

MODEL=churn.onnx CLASSES='["no","yes"]' python3 -m uvicorn --app-dir bench/serve fastapi_onnx:app --workers 2
Each worker runs ONNX Runtime on one thread (intra_op_num_threads=1), as one does with several
workers on a small machine; the workers use the cores.
"""
import json
import os

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request

options = ort.SessionOptions()
options.intra_op_num_threads = 1
session = ort.InferenceSession(os.environ["MODEL"], options, providers=["CPUExecutionProvider"])
INPUTS = [(i.name, i.type == "tensor(float)") for i in session.get_inputs()]
CLASSES = json.loads(os.environ["CLASSES"])
app = FastAPI()


def column(rows, name, numeric):
    if numeric:
        return np.array([[np.nan if r.get(name) is None else float(r[name])] for r in rows], dtype=np.float32)
    return np.array([[str(r.get(name) or "")] for r in rows], dtype=object)


@app.post("/v1/predict")
async def predict(request: Request):
    rows = (await request.json())["rows"]
    feed = {name: column(rows, name, numeric) for name, numeric in INPUTS}
    labels, probabilities = session.run(["label", "probabilities"], feed)
    return {"model": "onnx", "predictions": [{"label": label, "probabilities": dict(zip(CLASSES, p))}
                                             for label, p in zip(labels.tolist(), probabilities.tolist())]}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
