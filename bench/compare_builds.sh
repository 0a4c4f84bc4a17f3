#!/usr/bin/env bash
# Two builds of adagrad4j on the whole training jobs of section 1 (bench/compare_train.sh), interleaved
# in one run: a refactoring must leave them within noise.
#   bench/compare_builds.sh BEFORE_JAR [REPEATS]     (MODELS="mlp:50" to narrow)
# BEFORE_JAR is another build's cli/target/adagrad4j.jar (git worktree add /tmp/before REV && mvn -q
# package -DskipTests there); the other side is this checkout's. Both run through bin/adagrad4j with
# default settings; each cell is the median wall time of REPEATS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
before=$1
REPEATS=${2:-3}
MODELS=${MODELS:-"mlp:50 mlp:256,128 cnn"}
[ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
job() { case $1 in cnn) echo "1 0.01 10000" ;; *) echo "3 0.05 0" ;; esac; }
seconds() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$out/last" 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}
# Each build's class-data archive is made by a first run, as a user's second run has it.
for jar in "$before" cli/target/adagrad4j.jar; do
  ADAGRAD4J_JAR=$jar bin/adagrad4j train --data fashion-mnist --model mlp:50 --epochs 1 --train-limit 1000 \
    --output "$out/warm" >/dev/null 2>&1
done
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
printf '%-11s %-26s %-26s %7s %9s %9s\n' model "before s (runs)" "after s (runs)" "after/before" "acc before" "acc after"
for model in $MODELS; do
  read -r epochs lr limit <<<"$(job "$model")"
  a=""; b=""
  for r in $(seq "$REPEATS"); do
    for side in before after; do
      jar=$([ $side = before ] && echo "$before" || echo cli/target/adagrad4j.jar)
      s=$(seconds env ADAGRAD4J_JAR="$jar" bin/adagrad4j train --data fashion-mnist --model "$model" --optimizer adagrad \
        --lr "$lr" --batch-size 100 --epochs "$epochs" --train-limit "$limit" --output "$out/$side")
      acc=$(grep -o 'accuracy [0-9.]*' "$out/last" | tail -1 | cut -d' ' -f2)
      if [ $side = before ]; then a="$a $s"; accb=$acc; else b="$b $s"; acca=$acc; fi
    done
  done
  ma=$(echo "$a" | median); mb=$(echo "$b" | median)
  printf '%-11s %-26s %-26s %7.2f %9s %9s\n' "$model" "$ma ($(echo $a))" "$mb ($(echo $b))" \
    "$(awk -v x="$mb" -v y="$ma" 'BEGIN { print x / y }')" "$accb" "$acca"
done
