"""The way a Python team serves the same model: FastAPI + uvicorn + ONNX Runtime on the file
`adagrad4j export` wrote, taking and answering the same JSON as `adagrad4j serve`
({"rows": [{column: value}]} or {"texts": [...]} -> {"predictions": [{"label", "probabilities"}]}).

MODEL_DIR=runs/churn MODEL=churn.onnx python3 -m uvicorn --app-dir bench/serve fastapi_onnx:app --workers 2
Each worker runs ONNX Runtime on one thread (intra_op_num_threads=1), as one does with several
workers on a small machine; the workers use the cores. uvicorn with httptools and uvloop installed
("uvicorn[standard]"), as it is deployed: without them every answer waited about 40 ms here.
A recurrent text model's texts are tokenised and hashed here as adagrad4j's TokenHashing does
(lower-cased runs of letters and digits, MurmurHash3 seed 0, the low bits), with scikit-learn's
murmurhash3_32.
"""
import json
import os
import re

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request
from sklearn.utils import murmurhash3_32

options = ort.SessionOptions()
options.intra_op_num_threads = 1
session = ort.InferenceSession(os.environ["MODEL"], options, providers=["CPUExecutionProvider"])
INPUTS = [(i.name, i.type == "tensor(float)") for i in session.get_inputs()]
DESCRIPTION = json.load(open(os.path.join(os.environ["MODEL_DIR"], "model.json")))
CLASSES = DESCRIPTION["classes"]
MASK = (1 << DESCRIPTION["input"].get("bits", 1)) - 1
MAX_LEN = DESCRIPTION["input"].get("max_len", 0)
WORD = re.compile(r"[^\W_]+")
app = FastAPI()


def token_ids(texts):
    ids = [[murmurhash3_32(w, seed=0) & MASK for w in WORD.findall(t.lower())][:MAX_LEN] or [0] for t in texts]
    width = max(len(i) for i in ids)
    tokens = np.zeros((len(ids), width), dtype=np.int64)
    for row, i in enumerate(ids):
        tokens[row, :len(i)] = i
    return {"tokens": tokens, "lengths": np.array([len(i) for i in ids], dtype=np.int32)}


MISSING = {"", "na", "n/a", "nan", "?", "null"}   # the cells adagrad4j reads as missing


def number(v):
    if v is None or isinstance(v, str) and v.strip().lower() in MISSING:
        return np.nan
    return float(v)


def column(rows, name, numeric):
    if numeric:
        return np.array([[number(r.get(name))] for r in rows], dtype=np.float32)
    return np.array([["" if r.get(name) is None else str(r[name]).strip()] for r in rows], dtype=object)


@app.post("/v1/predict")
async def predict(request: Request):
    body = await request.json()
    if "texts" in body:
        feed = token_ids(body["texts"])
    else:
        feed = {name: column(body["rows"], name, numeric) for name, numeric in INPUTS}
    labels, probabilities = session.run(["label", "probabilities"], feed)
    return {"model": "onnx", "predictions": [{"label": label, "probabilities": dict(zip(CLASSES, p))}
                                             for label, p in zip(labels.tolist(), probabilities.tolist())]}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
