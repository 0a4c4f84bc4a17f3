#!/usr/bin/env bash
# Side by side, in one run: a sparse AdaGrad step on an Embedding(ROWS, 64) table, batches of 4096
# power-law indices, for adagrad4j (SparseStepTimer), torch.optim.Adagrad on sparse gradients, torch on
# dense gradients (the cost of not being sparse), and a plain C loop over the touched rows.
# "ours" runs with the Vector API (--add-modules jdk.incubator.vector: rows updated in place);
# "portable" is the same jar without it (rows gathered, updated, scattered back).
# Each cell is the median over REPEATS runs (default 3, interleaved) of each run's median step: single
# runs on a shared 2-core VM move by up to 2x.
# Targets: ours >= 3x faster than torch sparse; within 1.5x of the C loop; flat as the table grows.
# Usage: bench/compare_sparse.sh [STEPS] [fresh|cold|fbs] [REPEATS]
#   fresh (default): each step's gradient is copied into place untimed first, as backward leaves it
#   in cache; cold: 16 pre-built gradients in turn (their 16 MB are out of cache when they recur);
#   fbs: a whole training step (lookup, MSE, backward, optimizer step), ours against torch only.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
STEPS=${1:-101}
MODE=${2:-fresh}
REPEATS=${3:-3}
use_torch   # PyTorch 2 (PY=/usr/bin/python3 for Debian's 1.13)
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target/c
gcc -O3 -march=native -fno-math-errno -o bench/target/c/adagrad_sparse bench/c/adagrad_sparse.c -lm
# 8 GB: at 4e6 rows the table and its state are 2 GB; with a 4 GB heap every 1 MB (humongous) batch
# array would start a G1 concurrent cycle, and training steps would take 10-15 ms instead of 3.
# 32 MB regions make those 1 MB arrays ordinary young objects (README: the same advice for training).
JAVA=(java -Xmx8g -XX:G1HeapRegionSize=32m -XX:+UseTransparentHugePages -cp "$JAR")
# median of the 4th field (ms) over lines; prints "ms ns_per_element" of the median line
median() { sort -k4,4g | awk '{ l[NR] = $0 } END { split(l[int((NR + 1) / 2)], f, " "); print f[4], f[5] }'; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; $MODE gradients; median of $STEPS steps, median of $REPEATS runs; ms per step (ns per touched element)"
printf '%9s %3s %18s %18s %18s %18s %18s %9s %9s\n' rows thr ours portable "torch sparse" "torch dense" "C loop" torch/ours ours/C
for rows in 100000 1000000 4000000; do
  for t in 1 2; do
    o=""; q=""; p=""; c=""
    for _ in $(seq "$REPEATS"); do
      o+=$("${JAVA[@]}" --add-modules jdk.incubator.vector io.github.adagrad4j.bench.SparseStepTimer "$rows" "$t" "$STEPS" "$MODE" 2>/dev/null)$'\n'
      q+=$("${JAVA[@]}" io.github.adagrad4j.bench.SparseStepTimer "$rows" "$t" "$STEPS" "$MODE" 2>/dev/null)$'\n'
      if [ "$MODE" = fbs ]; then
        p+=$("$PY" bench/torch_sparse.py "$rows" "$t" "$STEPS" fbs)$'\n'
        c+=$'c - - 0 0\n'
      else
        p+=$("$PY" bench/torch_sparse.py "$rows" "$t" "$STEPS" sparse "$MODE")$'\n'
        c+=$(bench/target/c/adagrad_sparse "$rows" "$STEPS" "$MODE")$'\n'
      fi
    done
    if [ "$MODE" = fbs ]; then d="0 0"; else d=$("$PY" bench/torch_sparse.py "$rows" "$t" 11 dense "$MODE" | median); fi
    echo "$(median <<< "${o%$'\n'}") $(median <<< "${q%$'\n'}") $(median <<< "${p%$'\n'}") $d $(median <<< "${c%$'\n'}")" |
      awk -v r="$rows" -v t="$t" '{ printf "%9d %3d %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %9.2f %9.2f\n",
        r, t, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $5 / $1, ($9 > 0 ? $1 / $9 : 0) }'
  done
done
