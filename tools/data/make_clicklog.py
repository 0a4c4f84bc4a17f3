#!/usr/bin/env python3
"""Writes a click-log-like data set for the stream learner's benchmark (issue 25): 13 integer and
26 categorical columns, value frequencies following power laws, labels drawn from a known logistic
model with a few pairwise interactions, so the true model's log-loss is known.

  tools/data/make_clicklog.py --rows 10000000 --out bench/target/clicklog   (numpy; seeded)

Writes OUT.tsv (header: label, i1..i13, c1..c26; an empty cell is a missing value), OUT.vw (Vowpal
Wabbit text: `1 |I i1:1.386 ... |a 68fd1e3b |b ...`, labels -1/1, missing values left out; the
integers as log1p(value), the scale the true model uses, as a VW user would preprocess them; each
categorical column its own one-letter namespace, c1 to c26 as a to z, so the true interactions are
-q ab -q cf -q hm -q du) and
OUT.truth.json: the true model's average log-loss on these rows (the floor a learner can reach)
and the expected one (the mean entropy of the true probabilities), the click rate, and how the data
was made. Rows are written in chunks: memory does not grow with --rows.
"""
import argparse
import json
import math

import numpy as np

INTS = 13
CATS = 26
# Distinct values per categorical column: from a handful to a hundred thousand, as in click logs.
VOCAB = [int(v) for v in np.geomspace(4, 100_000, CATS).round()]
# Pairs of categorical columns whose combination carries weight of its own.
PAIRS = [(0, 1), (2, 5), (7, 12), (3, 20)]
PAIR_TABLE = 1 << 16
# The VW namespace of categorical column k: a single letter, as Vowpal Wabbit users name them (its
# first character is a namespace's key), so the true interactions are -q ab -q cf -q hm -q du.
KEYS = "abcdefghijklmnopqrstuvwxyz"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--out", default="bench/target/clicklog")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--chunk", type=int, default=200_000)
    a = ap.parse_args()
    model = np.random.default_rng(a.seed)
    w_int = model.normal(0, 0.25, INTS)
    w_cat = [model.normal(0, 0.3 if v < 1000 else 0.45, v) for v in VOCAB]
    w_pair = [model.normal(0, 0.5, PAIR_TABLE) for _ in PAIRS]
    bias = -1.9
    # Zipf-like value probabilities per column (exponent 1.1), fixed by the seed.
    probs = []
    for v in VOCAB:
        p = 1.0 / np.arange(1, v + 1) ** 1.1
        probs.append(p / p.sum())
    # Category ids as 8 hex digits, as hashed raw values look in click logs.
    names = [np.array(["%08x" % ((k * 2654435761 + c * 40503 + 12345) & 0xFFFFFFFF) for k in range(v)])
             for c, v in enumerate(VOCAB)]

    rows = np.random.default_rng(a.seed + 1)
    n_done = 0
    loss_sum = 0.0
    entropy_sum = 0.0
    clicks = 0
    with open(a.out + ".tsv", "w") as tsv, open(a.out + ".vw", "w") as vw:
        tsv.write("\t".join(["label"] + ["i%d" % (k + 1) for k in range(INTS)]
                            + ["c%d" % (k + 1) for k in range(CATS)]) + "\n")
        while n_done < a.rows:
            n = min(a.chunk, a.rows - n_done)
            ints = np.floor(rows.lognormal(1.0, 1.2, (n, INTS))).astype(np.int64)
            int_missing = rows.random((n, INTS)) < 0.05
            cats = np.stack([rows.choice(v, n, p=probs[c]) for c, v in enumerate(VOCAB)], axis=1)
            logit = bias + (np.log1p(ints) * ~int_missing) @ w_int
            for c in range(CATS):
                logit += w_cat[c][cats[:, c]]
            for t, (x, y) in enumerate(PAIRS):
                logit += w_pair[t][(cats[:, x] * 1_000_003 + cats[:, y]) % PAIR_TABLE]
            p = 1 / (1 + np.exp(-logit))
            label = (rows.random(n) < p).astype(np.int64)
            eps = 1e-15
            loss_sum += float(-(label * np.log(p + eps) + (1 - label) * np.log(1 - p + eps)).sum())
            entropy_sum += float(-(p * np.log(p + eps) + (1 - p) * np.log(1 - p + eps)).sum())
            clicks += int(label.sum())
            cat_text = [names[c][cats[:, c]] for c in range(CATS)]
            log_ints = np.log1p(ints)
            t_lines = []
            v_lines = []
            for r in range(n):
                ints_r = ["" if int_missing[r, k] else str(ints[r, k]) for k in range(INTS)]
                cats_r = [cat_text[c][r] for c in range(CATS)]
                t_lines.append("%d\t%s\t%s\n" % (label[r], "\t".join(ints_r), "\t".join(cats_r)))
                i_feats = " ".join("i%d:%.4g" % (k + 1, log_ints[r, k]) for k, s in enumerate(ints_r) if s)
                c_feats = " ".join("|%s %s" % (KEYS[c], s) for c, s in enumerate(cats_r))
                v_lines.append("%d |I %s %s\n" % (1 if label[r] else -1, i_feats, c_feats))
            tsv.writelines(t_lines)
            vw.writelines(v_lines)
            n_done += n
    truth = {
        "rows": a.rows,
        "seed": a.seed,
        "click_rate": clicks / a.rows,
        "true_model_log_loss": loss_sum / a.rows,
        "expected_log_loss": entropy_sum / a.rows,
        "integer_columns": INTS,
        "categorical_columns": CATS,
        "vocabulary": VOCAB,
        "interactions": [["c%d" % (x + 1), "c%d" % (y + 1)] for x, y in PAIRS],
        "vw_interactions": ",".join(KEYS[x] + KEYS[y] for x, y in PAIRS),
        "model": "logit = %.1f + sum_k w_k log1p(i_k) + sum_c w_c[value] + sum_pairs w_pair[hash(values) mod 2^16]"
                 % bias,
    }
    with open(a.out + ".truth.json", "w") as f:
        json.dump(truth, f, indent=2)
    print(json.dumps({k: truth[k] for k in ("rows", "click_rate", "true_model_log_loss", "expected_log_loss")}))


if __name__ == "__main__":
    main()
