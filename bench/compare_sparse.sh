#!/usr/bin/env bash
# Side by side, in one run: a sparse AdaGrad step on an Embedding(ROWS, 64) table, batches of 4096
# power-law indices, for adagrad4j (SparseStepTimer), torch.optim.Adagrad on sparse gradients, torch on
# dense gradients (the cost of not being sparse), and a plain C loop over the touched rows.
# Targets: ours >= 3x faster than torch sparse; within 1.5x of the C loop; flat as the table grows.
# Usage: bench/compare_sparse.sh [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-101}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target/c
gcc -O3 -march=native -fno-math-errno -o bench/target/c/adagrad_sparse bench/c/adagrad_sparse.c -lm
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; median of $STEPS steps; ms per step (ns per touched element)"
printf '%9s %3s %18s %18s %18s %18s %9s %9s\n' rows thr ours "torch sparse" "torch dense" "C loop" torch/ours ours/C
for rows in 100000 1000000 4000000; do
  for t in 1 2; do
    o=$(java -Xmx4g -XX:+UseTransparentHugePages -cp "$JAR" io.github.adagrad4j.bench.SparseStepTimer "$rows" "$t" "$STEPS")
    p=$(/usr/bin/python3 bench/torch_sparse.py "$rows" "$t" "$STEPS")
    d=$(/usr/bin/python3 bench/torch_sparse.py "$rows" "$t" 11 dense)
    c=$(bench/target/c/adagrad_sparse "$rows" "$STEPS")
    echo "$o|$p|$d|$c" | awk -F'|' -v r="$rows" -v t="$t" '{ split($1,o," "); split($2,p," "); split($3,d," "); split($4,c," ");
      printf "%9d %3d %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %10.3f (%5.2f) %9.2f %9.2f\n", r, t, o[4], o[5], p[4], p[5], d[4], d[5], c[4], c[5], p[4]/o[4], o[4]/c[4] }'
  done
done
