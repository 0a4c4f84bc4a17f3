#!/usr/bin/env bash
# Whole training jobs, as a user runs them, side by side with the same job in PyTorch:
#   ours:  bin/adagrad4j train --data fashion-mnist --model M --optimizer adagrad --lr LR --batch-size 100 ...
#          (the launcher, default settings: every thread, the default NonFinitePolicy, no flags)
#   torch: bench/torch_train.py (Debian's python3-torch): load the same IDX files, train, evaluate the
#          test set and save a checkpoint after each epoch; PyTorch's default threads
# Models: mlp:50 and mlp:256,128 (3 epochs, AdaGrad 0.05) and cnn (the first 10,000 training images,
# 1 epoch, AdaGrad 0.01), each in two OpenBLAS environments: as on most machines (OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE unset: OpenBLAS picks kernels for the CPU) and with OPENBLAS_CORETYPE=Haswell (AVX2
# kernels, as on an AVX2-only CPU). Runs are interleaved (ours, torch, ours, torch...) and each cell
# is the median wall time of REPEATS runs; "spread" is (max - min) / median of our runs.
# Usage: bench/compare_train.sh [REPEATS]      (MODELS="mlp:50" ENVS="default" to narrow)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
REPEATS=${1:-3}
MODELS=${MODELS:-"mlp:50 mlp:256,128 cnn"}
ENVS=${ENVS:-"default haswell"}
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
use_torch   # PyTorch 2 (PY=/usr/bin/python3 for Debian's 1.13)
[ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The launcher keeps a class-data archive from its first run; a new user's second run has it.
bin/adagrad4j train --data fashion-mnist --model mlp:50 --epochs 1 --train-limit 1000 --output "$out/warm" >/dev/null 2>&1

job() { # model -> "epochs lr limit"
  case $1 in
    cnn) echo "1 0.01 10000" ;;
    *) echo "3 0.05 0" ;;
  esac
}
seconds() { # command... -> wall seconds on stdout, the command's output in $out/last
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$out/last" 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "$(grep -o -m1 -w 'avx512f' /proc/cpuinfo || echo 'no avx512')"
echo "# $(java -version 2>&1 | head -1); torch $("$PY" -c 'import torch; print(torch.__version__, "threads", torch.get_num_threads())')"
printf '%-11s %-8s %-26s %-26s %7s %7s %8s %8s\n' model openblas "ours s (runs)" "torch s (runs)" ratio spread "ours acc" "torch acc"
for model in $MODELS; do
  read -r epochs lr limit <<<"$(job "$model")"
  for e in $ENVS; do
    ours=""; torch=""; oacc=""; tacc=""
    for r in $(seq 1 "$REPEATS"); do
      s=$(seconds run_env "$e" bin/adagrad4j train --data fashion-mnist --model "$model" --optimizer adagrad \
            --lr "$lr" --batch-size 100 --epochs "$epochs" --train-limit "$limit" --output "$out/run")
      grep -q '^test:' "$out/last" || { cat "$out/last" >&2; exit 1; }
      ours="$ours $s"; oacc=$(sed -n 's/^test:.*accuracy \([0-9.]*\).*/\1/p' "$out/last")
      s=$(seconds run_env "$e" "$PY" bench/torch_train.py "$model" "$epochs" "$lr" 100 "$limit")
      grep -q '^torch-train' "$out/last" || { cat "$out/last" >&2; exit 1; }
      torch="$torch $s"; tacc=$(sed -n 's/.*test_accuracy=\([0-9.]*\).*/\1/p' "$out/last")
    done
    om=$(echo "$ours" | median); tm=$(echo "$torch" | median)
    spread=$(echo "$ours" | spread "$om")
    printf '%-11s %-8s %-26s %-26s %7.2f %7s %8s %8s\n' "$model" "$e" "$om ($(echo $ours | tr ' ' ','))" \
      "$tm ($(echo $torch | tr ' ' ','))" "$(awk -v a="$tm" -v b="$om" 'BEGIN { print a / b }')" "$spread" "$oacc" "$tacc"
  done
done
echo "# ratio = torch / ours (wall time; > 1: adagrad4j faster). Targets: >= 1.2 for the MLPs, >= 1.5 for cnn."
