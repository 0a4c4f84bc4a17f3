#!/usr/bin/env bash
# Side by side, in one run: training tokens/second of a character-LM step (embedding 96x64 ->
# LSTM HIDDEN x LAYERS -> linear to 96 -> cross-entropy, AdaGrad; batch 32, sequence 100) in
# adagrad4j (bench LstmTimer, through the launcher) and in PyTorch 2 (bench/torch_lstm.py, torch.nn.LSTM;
# the python3 on PATH, `python3 -m pip install torch`; PY=/usr/bin/python3 for Debian's 1.13) at the same
# thread count, interleaved, REPEATS runs per cell, medians.
# PyTorch runs with OPENBLAS_NUM_THREADS=1 (its intra-op threads only): with OpenBLAS threading as
# well, its 2-thread LSTM is slower still (2,100-2,900 tokens/s here), so this is its better setting.
# Usage: bench/compare_lstm.sh [REPEATS]      (THREADS="1 2", ENVS="default haswell", HIDDEN=256, LAYERS=2)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
REPEATS=${1:-3}
THREADS=${THREADS:-"1 2"}
ENVS=${ENVS:-"default haswell"}
HIDDEN=${HIDDEN:-256}
LAYERS=${LAYERS:-2}
use_torch   # PyTorch 2 (PY=/usr/bin/python3 for Debian's 1.13)
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q package -DskipTests
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); LSTM ${HIDDEN}x${LAYERS}, batch 32, seq 100; $REPEATS runs per cell; torch $TORCH_VERSION"
printf '%-8s %3s %-26s %-26s %6s\n' openblas thr "ours tokens/s (runs)" "torch tokens/s (runs)" ratio
for e in $ENVS; do
  for t in $THREADS; do
    ours=""; torch=""
    for r in $(seq 1 "$REPEATS"); do
      o=$(run_env "$e" env ADAGRAD4J_JAR="$JAR" ADAGRAD4J_MAIN=io.github.adagrad4j.bench.LstmTimer \
            bin/adagrad4j "$HIDDEN" "$LAYERS" 32 100 "$t" 20 2>/dev/null | awk '{print $7}')
      p=$(run_env "$e" env OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS=1 "$PY" bench/torch_lstm.py \
            "$HIDDEN" "$LAYERS" 32 100 "$t" 20 | awk '{print $7}')
      ours="$ours $o"; torch="$torch $p"
    done
    om=$(echo "$ours" | median); tm=$(echo "$torch" | median)
    printf '%-8s %3s %-26s %-26s %6.2f\n' "$e" "$t" "$om ($(echo $ours | tr ' ' ','))" "$tm ($(echo $torch | tr ' ' ','))" \
      "$(awk -v a="$om" -v b="$tm" 'BEGIN { print a / b }')"
  done
done
