#!/usr/bin/env bash
# Writes the format-1 model folders the compatibility test loads (train/src/test/resources/format1/),
# one of each kind, with a version that wrote adagrad4j-model/1 (commit 32c86b1), and what that version
# predicted or measured with them (expected.csv / expected.txt beside each folder).
#   git worktree add /tmp/v1 32c86b1 && (cd /tmp/v1 && mvn -q package -DskipTests)
#   tools/data/make_format1_folders.sh /tmp/v1/cli/target/adagrad4j.jar
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=$1
out=train/src/test/resources/format1
rm -rf "$out" && mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
old() { java --add-modules jdk.incubator.vector -jar "$jar" "$@" 2>/dev/null; }

# A CSV table (churn), an MLP.
old train --data examples/data/churn.csv --label-column churned --model mlp:4 --epochs 2 --output "$out/table-mlp" >/dev/null
old predict --model "$out/table-mlp" --data examples/data/churn-new.csv --id-column customer_id --output "$out/table-mlp.expected.csv"
# Dense built-ins: a digits MLP (standardised features) and a Boston linear regression.
old train --data digits --model mlp:8 --epochs 2 --output "$out/dense-mlp" >/dev/null
old evaluate --model "$out/dense-mlp" --data digits --output "$tmp/e.json" | grep -E '^(rows|accuracy) ' > "$out/dense-mlp.expected.txt"
old train --data boston --model linear --epochs 5 --output "$out/dense-regression" >/dev/null
old evaluate --model "$out/dense-regression" --data boston --output "$tmp/e.json" | grep -E '^(rows|rmse) ' > "$out/dense-regression.expected.txt"
# A LIBSVM file, sparse-linear.
python3 - "$tmp/small.svm" <<'PY'
import random, sys
r = random.Random(3)
with open(sys.argv[1], "w") as f:
    for i in range(200):
        y = r.choice([-1, 1])
        feats = sorted(r.sample(range(1, 41), 5))
        f.write("%d %s\n" % (y, " ".join("%d:%.3f" % (j, (y * 0.5 if j <= 5 else 0) + r.random()) for j in feats)))
PY
cp "$tmp/small.svm" "$out/libsvm.svm"
old train --data "$out/libsvm.svm" --model sparse-linear --epochs 2 --output "$out/libsvm" >/dev/null
old predict --model "$out/libsvm" --data "$out/libsvm.svm" --output "$out/libsvm.expected.csv"
# Hashed text (the spam corpus), sparse-linear, on 2^10 buckets.
mkdir -p "$tmp/mails"
printf 'Subject: free money\n\nClick now to win a free prize' > "$tmp/mails/a.txt"
printf 'Subject: meeting\n\nSee you at the review on Monday.' > "$tmp/mails/b.txt"
cp -r "$tmp/mails" "$out/mails"
old train --data spam --model sparse-linear --hash-bits 10 --epochs 1 --output "$out/hashed-text" >/dev/null
old predict --model "$out/hashed-text" --data "$out/mails" --output "$out/hashed-text.expected.csv"
# A recurrent sequence classifier (the flat format-1 shape).
old train --data spam --model gru:4,embed=4,max-len=20 --hash-bits 8 --train-limit 100 --epochs 1 --output "$out/sequence" >/dev/null
old predict --model "$out/sequence" --data "$out/mails" --output "$out/sequence.expected.csv"
# A character language model.
python3 -c "print('the cat sat on the mat. ' * 300)" > "$tmp/cats.txt"
old train --data "$tmp/cats.txt" --task lm --model lstm:8 --batch-size 4 --seq-len 20 --epochs 1 --output "$out/char-lm" >/dev/null
old sample --model "$out/char-lm" --prime "the c" --length 40 --temperature 0.5 > "$out/char-lm.expected.txt"
rm -f "$out"/*/checkpoint.safetensors "$out"/*/history.csv "$out"/*/chart.png "$out"/*/evaluation.json
du -sh "$out"
