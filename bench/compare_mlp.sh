#!/usr/bin/env bash
# Side by side, in one run: the Fashion-MNIST MLPs (784-256-128-10 and 784-50-10, AdaGrad lr 0.05,
# batch 100) trained by adagrad4j (bench MlpTimer) and by Debian's PyTorch (bench/torch_mlp.py) at the
# same thread count (torch.set_num_threads and OPENBLAS_NUM_THREADS/optimizer threads for us).
# Prints training examples/second (median over epochs, evaluation excluded), the ratio, and the test
# accuracy after the last epoch for both.
# Usage: bench/compare_mlp.sh [EPOCHS] [SEEDS]      (THREADS="1 2" to choose thread counts)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-3}
SEEDS=${2:-1}
THREADS=${THREADS:-"1 2"}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch dataset-fashion-mnist >/dev/null
fi
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; $EPOCHS epochs; seeds 1..$SEEDS"
printf '%-8s %3s %5s %12s %12s %7s %9s %9s\n' model thr seed "ours ex/s" "torch ex/s" ratio "ours acc" "torch acc"
for h in 256,128 50; do
  for t in $THREADS; do
    for seed in $(seq 1 "$SEEDS"); do
      ours=$(OPENBLAS_NUM_THREADS=$t java -Xmx2g -cp "$JAR" io.github.adagrad4j.bench.MlpTimer "$h" "$EPOCHS" "$t" 0.05 100 "$seed" 2>/dev/null)
      torch=$(OMP_NUM_THREADS=$t /usr/bin/python3 bench/torch_mlp.py "$h" "$EPOCHS" "$t" 0.05 100 "$seed")
      echo "$ours|$torch" | awk -F'|' -v h="$h" -v t="$t" -v s="$seed" '{
        split($1, o, " "); split($2, p, " ");
        printf "%-8s %3d %5d %12.0f %12.0f %7.2f %9s %9s\n", h, t, s, o[4], p[4], o[4] / p[4], o[length(o)], p[length(p)] }'
    done
  done
done
