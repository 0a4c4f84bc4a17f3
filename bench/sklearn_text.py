#!/usr/bin/env python3
"""scikit-learn's text classifier on a folder of class folders, on the split adagrad4j makes.

  sklearn_text.py DIR [TEST_FRACTION] [SEED]

Reads DIR/<class>/*.txt in the order adagrad4j does (classes sorted, files sorted within each),
splits with train_test_split(test_size, random_state) -- adagrad4j's split is that one, row for
row -- and prints the test accuracy and the fit time of TfidfVectorizer + LogisticRegression,
with unigrams and with unigrams + bigrams.
"""
import os
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

root = sys.argv[1]
test = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
texts, labels = [], []
for k, name in enumerate(sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))):
    folder = os.path.join(root, name)
    for f in sorted(x for x in os.listdir(folder) if x.endswith(".txt")):
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            texts.append(fh.read())
        labels.append(k)
xtr, xte, ytr, yte = train_test_split(texts, labels, test_size=test, random_state=seed)
for ngrams in [(1, 1), (1, 2)]:
    t0 = time.time()
    model = make_pipeline(TfidfVectorizer(ngram_range=ngrams), LogisticRegression(max_iter=1000)).fit(xtr, ytr)
    seconds = time.time() - t0
    print("sklearn tfidf%s+logreg accuracy %.4f fit %.1f s (%d train, %d test)" % (
        "" if ngrams == (1, 1) else "-bigrams", model.score(xte, yte), seconds, len(xtr), len(xte)))
