#!/usr/bin/env bash
# Side by side, in one run: the Fashion-MNIST MLPs (784-256-128-10 and 784-50-10, AdaGrad lr 0.05,
# batch 100) trained by adagrad4j (bench MlpTimer: epochs of Trainer.fit, the loop users get, on the
# launcher's JVM setup) and by PyTorch 2 (bench/torch_mlp.py; PY=/usr/bin/python3 for Debian's 1.13) at the same thread count
# (torch.set_num_threads / OMP_NUM_THREADS; ours: ops and optimizer threads), in both OpenBLAS
# environments (as on most machines: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset; and with
# OPENBLAS_CORETYPE=Haswell). Each run reports its training examples/second (median over its epochs,
# evaluation excluded); each cell is the median of REPEATS interleaved runs, with our spread
# ((max - min) / median over the runs) and the test accuracy after the last epoch of the last run.
# EPOCHS >= 3: the first epoch includes the JIT compilation, the median of three excludes it.
# Usage: bench/compare_mlp.sh [EPOCHS] [REPEATS]      (THREADS="1 2", ENVS="default haswell", MODELS="256,128 50")
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
EPOCHS=${1:-3}
REPEATS=${2:-3}
THREADS=${THREADS:-"1 2"}
ENVS=${ENVS:-"default haswell"}
MODELS=${MODELS:-"256,128 50"}
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
use_torch   # PyTorch 2 (PY=/usr/bin/python3 for Debian's 1.13)
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q package -DskipTests

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $EPOCHS epochs; $REPEATS runs per cell"
printf '%-8s %-8s %3s %-30s %-30s %6s %7s %8s %9s\n' model openblas thr "ours ex/s (runs)" "torch ex/s (runs)" ratio spread "ours acc" "torch acc"
for h in $MODELS; do
  for e in $ENVS; do
    for t in $THREADS; do
      ours=""; torch=""
      for r in $(seq 1 "$REPEATS"); do
        o=$(run_env "$e" env ADAGRAD4J_JAR="$JAR" ADAGRAD4J_MAIN=io.github.adagrad4j.bench.MlpTimer \
              bin/adagrad4j "$h" "$EPOCHS" "$t" 0.05 100 "$r" 2>/dev/null)
        p=$(run_env "$e" env OMP_NUM_THREADS="$t" "$PY" bench/torch_mlp.py "$h" "$EPOCHS" "$t" 0.05 100 "$r")
        ours="$ours $(echo "$o" | awk '{print $4}')"; oacc=$(echo "$o" | awk '{print $NF}')
        torch="$torch $(echo "$p" | awk '{print $4}')"; tacc=$(echo "$p" | awk '{print $NF}')
      done
      om=$(echo "$ours" | median); tm=$(echo "$torch" | median)
      spread=$(echo "$ours" | spread "$om")
      printf '%-8s %-8s %3d %-30s %-30s %6.2f %7s %8s %9s\n' "$h" "$e" "$t" "$om ($(echo $ours | tr ' ' ','))" \
        "$tm ($(echo $torch | tr ' ' ','))" "$(awk -v a="$om" -v b="$tm" 'BEGIN { print a / b }')" "$spread" "$oacc" "$tacc"
    done
  done
done
echo "# ratio = ours / torch (examples per second; > 1: adagrad4j faster). Target: >= 1 in every cell, spread < 10%."
