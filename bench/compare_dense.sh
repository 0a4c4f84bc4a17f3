#!/usr/bin/env bash
# Side by side, in one run on this machine: a dense AdaGrad step of adagrad4j, torch.optim.Adagrad
# (Debian's python3-torch, foreach=False and True) and a fused C kernel (gcc -O3 -march=native -fno-math-errno, so sqrtf vectorises),
# at 1e5, 1e6 and 1e7 floats on 1 and 2 threads. Prints medians and the two target ratios:
#   ours / C       (target <= 1.25)      torch / ours   (target >= 2.5)
# Both the JVM (-XX:+UseTransparentHugePages) and the C kernel (madvise) use transparent huge pages.
# Usage: bench/compare_dense.sh [STEPS]        (Adam, RMSprop, SGD-momentum: RULES="adam rmsprop" ...)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-41}
RULES=${RULES:-adagrad}
SIZES=${SIZES:-"100000 1000000 10000000"}
THREADS=${THREADS:-"1 2"}

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target/c
gcc -O3 -march=native -fno-math-errno -fopenmp -o bench/target/c/adagrad_fused bench/c/adagrad_fused.c -lm

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
printf '%-13s %9s %3s %11s %11s %11s %11s %9s %9s\n' rule size thr "ours ns/el" "C ns/el" "torch ns/el" "torch-fe" "ours/C" "torch/ours"
for rule in $RULES; do
  for size in $SIZES; do
    for t in $THREADS; do
      ours=$(java -Xms3g -Xmx3g -XX:+UseTransparentHugePages -cp "$JAR" io.github.adagrad4j.bench.StepTimer "$rule" "$size" "$t" "$STEPS" IGNORE | awk '{print $5}')
      torch=$(OMP_NUM_THREADS=$t /usr/bin/python3 bench/torch_step.py "$rule" "$size" "$t" "$STEPS" | awk '{print $5}')
      torchfe=$(OMP_NUM_THREADS=$t /usr/bin/python3 bench/torch_step.py "$rule" "$size" "$t" "$STEPS" foreach | awk '{print $5}')
      if [ "$rule" = adagrad ]; then
        c=$(OMP_NUM_THREADS=$t bench/target/c/adagrad_fused "$size" "$t" "$STEPS" | awk '{print $5}')
      else
        c=NA
      fi
      awk -v r="$rule" -v s="$size" -v t="$t" -v o="$ours" -v c="$c" -v p="$torch" -v f="$torchfe" 'BEGIN {
        best = (p < f) ? p : f
        printf "%-13s %9d %3d %11.3f %11s %11.3f %11.3f %9s %9.2f\n", r, s, t, o, c, p, f,
               (c == "NA") ? "NA" : sprintf("%.2f", o / c), best / o }'
    done
  done
done
