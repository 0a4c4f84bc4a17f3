#!/usr/bin/env python3
"""The usual Python online baseline for bench/compare_online.sh: scikit-learn's
SGDClassifier(loss="log_loss").partial_fit over a FeatureHasher, one pass over a Vowpal Wabbit text
file in chunks, with progressive validation at chunk granularity (each chunk is scored before it is
learned from; the first chunk scores 0.5).

  sklearn_online.py FILE [ROWS] [CHUNK] [RATE]   prints: rows seconds examples_per_s progressive_log_loss

RATE is "optimal" (scikit-learn's default schedule) or a constant eta0 ("0.01").
"""
import math
import sys
import time

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import SGDClassifier


def examples(path, limit):
    with open(path) as f:
        for n, line in enumerate(f):
            if n >= limit:
                return
            head, _, rest = line.partition("|")
            label = 1 if head.split()[0] == "1" else 0
            feats = {}
            for part in rest.split("|"):
                tokens = part.split()
                if not tokens:
                    continue
                ns = tokens[0]
                for t in tokens[1:]:
                    name, _, value = t.partition(":")
                    feats[ns + "^" + name] = float(value) if value else 1.0
            yield label, feats


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10 ** 18
    chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    hasher = FeatureHasher(n_features=2 ** 20, input_type="dict", alternate_sign=False)
    rate = sys.argv[4] if len(sys.argv) > 4 else "optimal"
    model = (SGDClassifier(loss="log_loss") if rate == "optimal"
             else SGDClassifier(loss="log_loss", learning_rate="constant", eta0=float(rate)))
    started = time.perf_counter()
    rows = 0
    loss = 0.0
    labels, dicts = [], []
    fitted = False

    def flush():
        nonlocal rows, loss, fitted
        x = hasher.transform(dicts)
        y = np.array(labels)
        if fitted:
            p = np.clip(model.predict_proba(x)[:, 1], 1e-15, 1 - 1e-15)
            loss += float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).sum())
        else:
            loss += len(y) * math.log(2)
        model.partial_fit(x, y, classes=[0, 1])
        fitted = True
        rows += len(y)
        labels.clear()
        dicts.clear()

    for label, feats in examples(path, limit):
        labels.append(label)
        dicts.append(feats)
        if len(labels) == chunk:
            flush()
    if labels:
        flush()
    seconds = time.perf_counter() - started
    print("%d %.3f %.0f %.6f" % (rows, seconds, rows / seconds, loss / rows))


if __name__ == "__main__":
    main()
