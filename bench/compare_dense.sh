#!/usr/bin/env bash
# Side by side, in one run on this machine: a dense AdaGrad step of adagrad4j, torch.optim.Adagrad
# (Debian's python3-torch, foreach=False and True) and a fused C kernel (gcc -O3 -march=native
# -fno-math-errno, so sqrtf vectorises), at 1e5, 1e6 and 1e7 floats on 1 and 2 threads. adagrad4j runs
# on the launcher's JVM setup (bin/adagrad4j) in three configurations:
#   IGNORE   the step without the non-finite check (what torch and the C kernel do)
#   default  Optimizer.step() with the default options: NonFinitePolicy.THROW (every gradient proven
#            finite before anything is written)
#   map      the seed-style rule.update(params, grads), which always runs with the default options
#            (every processor and THROW; only in the rows with that thread count)
# Prints medians and the target ratios:
#   default / C (target <= 1.25)   default / IGNORE (target <= 1.1)   torch / default (target >= 2.5)
# Both the JVM (-XX:+UseTransparentHugePages) and the C kernel (madvise) use transparent huge pages.
# Each cell is the median of REPEATS interleaved runs (each run: the median of STEPS single steps), as
# single runs on a shared 2-core VM move by up to 2x with the memory bandwidth other tenants leave.
# Usage: bench/compare_dense.sh [STEPS] [REPEATS]     (Adam, RMSprop, SGD-momentum: RULES="adam rmsprop" ...)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
STEPS=${1:-41}
REPEATS=${2:-3}
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

ours() { # rule size threads policy [api] -> ns per element
  env ADAGRAD4J_JAR="$JAR" ADAGRAD4J_MAIN=io.github.adagrad4j.bench.StepTimer bin/adagrad4j "$@" 2>/dev/null | awk '{print $5}'
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
printf '%-13s %9s %3s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n' rule size thr IGNORE default map "C" torch torch-fe \
  "def/C" "def/IGN" "torch/def"
for rule in $RULES; do
  for size in $SIZES; do
    for t in $THREADS; do
      ign=""; def=""; map=""; torch=""; torchfe=""; c=""
      for _ in $(seq "$REPEATS"); do
        ign="$ign $(ours "$rule" "$size" "$t" "$STEPS" IGNORE)"
        def="$def $(ours "$rule" "$size" "$t" "$STEPS" THROW)"
        [ "$t" = "$(nproc)" ] && map="$map $(ours "$rule" "$size" "$t" "$STEPS" THROW map)"
        torch="$torch $(OMP_NUM_THREADS=$t /usr/bin/python3 bench/torch_step.py "$rule" "$size" "$t" "$STEPS" | awk '{print $5}')"
        torchfe="$torchfe $(OMP_NUM_THREADS=$t /usr/bin/python3 bench/torch_step.py "$rule" "$size" "$t" "$STEPS" foreach | awk '{print $5}')"
        [ "$rule" = adagrad ] && c="$c $(OMP_NUM_THREADS=$t bench/target/c/adagrad_fused "$size" "$t" "$STEPS" | awk '{print $5}')"
      done
      awk -v r="$rule" -v s="$size" -v t="$t" -v i="$(echo "$ign" | median)" -v d="$(echo "$def" | median)" \
          -v m="$(echo "$map" | median)" -v c="$(echo "$c" | median)" -v p="$(echo "$torch" | median)" \
          -v f="$(echo "$torchfe" | median)" 'BEGIN {
        best = (p < f) ? p : f
        printf "%-13s %9d %3d %8.3f %8.3f %8s %8s %8.3f %8.3f %8s %8.2f %8.2f\n", r, s, t, i, d,
               (m == "NA") ? "NA" : sprintf("%.3f", m), c, p, f,
               (c == "NA") ? "NA" : sprintf("%.2f", d / c), d / i, best / d }'
    done
  done
done
echo "# ns per element: per run the median of $STEPS single steps after a 2 s warm-up, per cell the median of $REPEATS runs;"
echo "# torch/def uses the faster torch column"
