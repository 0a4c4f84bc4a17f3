#!/usr/bin/env bash
# Side by side, in one run: a sparse AdaGrad step on an Embedding(ROWS, 64) table, batches of 4096
# power-law indices, for adagrad4j (SparseStepTimer), torch.optim.Adagrad on sparse gradients, torch on
# dense gradients (the cost of not being sparse), and a plain C loop over the touched rows.
# "ours" runs with the Vector API (--add-modules jdk.incubator.vector: rows updated in place);
# "portable" is the same jar without it (rows gathered, updated, scattered back).
# Targets: ours >= 3x faster than torch sparse; within 1.5x of the C loop; flat as the table grows.
# Usage: bench/compare_sparse.sh [STEPS] [fresh|cold]
#   fresh (default): each step's gradient is copied into place untimed first, as backward leaves it
#   in cache; cold: 16 pre-built gradients in turn (their 16 MB are out of cache when they recur).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-101}
MODE=${2:-fresh}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target/c
gcc -O3 -march=native -fno-math-errno -o bench/target/c/adagrad_sparse bench/c/adagrad_sparse.c -lm
JAVA=(java -Xmx4g -XX:+UseTransparentHugePages -cp "$JAR")
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; $MODE gradients; median of $STEPS steps; ms per step (ns per touched element)"
printf '%9s %3s %18s %18s %18s %18s %18s %9s %9s\n' rows thr ours portable "torch sparse" "torch dense" "C loop" torch/ours ours/C
for rows in 100000 1000000 4000000; do
  for t in 1 2; do
    o=$("${JAVA[@]}" --add-modules jdk.incubator.vector io.github.adagrad4j.bench.SparseStepTimer "$rows" "$t" "$STEPS" "$MODE" 2>/dev/null)
    q=$("${JAVA[@]}" io.github.adagrad4j.bench.SparseStepTimer "$rows" "$t" "$STEPS" "$MODE")
    p=$(/usr/bin/python3 bench/torch_sparse.py "$rows" "$t" "$STEPS" sparse "$MODE")
    d=$(/usr/bin/python3 bench/torch_sparse.py "$rows" "$t" 11 dense "$MODE")
    c=$(bench/target/c/adagrad_sparse "$rows" "$STEPS" "$MODE")
    echo "$o|$q|$p|$d|$c" | awk -F'|' -v r="$rows" -v t="$t" '{ split($1,o," "); split($2,q," "); split($3,p," "); split($4,d," "); split($5,c," ");
      printf "%9d %3d %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %9.2f %9.2f\n", r, t, o[4], o[5], q[4], q[5], p[4], p[5], d[4], d[5], c[4], c[5], p[4]/o[4], o[4]/c[4] }'
  done
done
