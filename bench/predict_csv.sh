#!/usr/bin/env bash
# Streaming prediction in bounded memory: `adagrad4j predict` on a 1-million-row CSV (and, with
# TIMES=K, that file repeated K times) with a 256 MB heap, as the launcher runs it otherwise.
# Prints rows/s (median of RUNS) and the peak resident memory of the process.
#
#   bench/predict_csv.sh            # 1M rows, 3 runs
#   TIMES=5 RUNS=1 bench/predict_csv.sh   # 5M rows (290 MB of CSV, more than the heap)
#
# The data: tools/data/make_churn_csv.py (the same generator as the committed examples/data/churn.csv),
# cached in ~/.cache/adagrad4j/bench. The model: mlp:32 trained on examples/data/churn.csv.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/common.sh"
RUNS=${RUNS:-3}
TIMES=${TIMES:-1}
cache=$HOME/.cache/adagrad4j/bench
mkdir -p "$cache"
base=$cache/churn-1m.csv
if [ ! -f "$base" ]; then
  echo "generating $base (about a minute)" >&2
  /usr/bin/python3 "$here/tools/data/make_churn_csv.py" --rows 1000000 --seed 1 > "$base.tmp" && mv "$base.tmp" "$base"
fi
data=$base
if [ "$TIMES" -gt 1 ]; then
  data=$cache/churn-${TIMES}m.csv
  if [ ! -f "$data" ]; then
    { cat "$base"; for _ in $(seq 2 "$TIMES"); do tail -n +2 "$base"; done; } > "$data.tmp" && mv "$data.tmp" "$data"
  fi
fi
rows=$(( $(wc -l < "$data") - 1 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/bin/adagrad4j" train --data "$here/examples/data/churn.csv" --label-column churned --model mlp:32 \
  --optimizer adagrad --lr 0.05 --epochs 10 --output "$work/model" > /dev/null 2>&1

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "input: $data ($rows rows, $(du -m "$data" | cut -f1) MB); heap -Xmx256m"
rates=""
for r in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  JAVA_OPTS="-Xmx256m" /usr/bin/time -f "%M" -o "$work/rss" \
    "$here/bin/adagrad4j" predict --model "$work/model" --data "$data" --id-column customer_id \
    --output "$work/preds.csv" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  out=$(( $(wc -l < "$work/preds.csv") - 1 ))
  [ "$out" -eq "$rows" ] || { echo "expected $rows predictions, got $out" >&2; exit 1; }
  rate=$(awk -v n="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
  rss=$(( $(tail -1 "$work/rss") / 1024 ))
  echo "run $r: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s wall (JVM start included), $rate rows/s, peak RSS $rss MB"
  rates="$rates $rate"
done
echo "median: $(echo "$rates" | median) rows/s over $RUNS runs"
