#!/usr/bin/env bash
# Side by side, in one run on this machine: a dense optimizer step of adagrad4j against PyTorch 2 (the
# torch users install today: `python3 -m pip install torch`, CPU build) in its three implementations,
# for-loop, foreach and fused, and for AdaGrad a fused C kernel (gcc -O3 -march=native -fno-math-errno,
# OpenMP), the machine's limit. Sizes 1e5, 1e6 and 1e7 floats, 1 and 2 threads. adagrad4j runs
# through the launcher (bin/adagrad4j: its JVM flags) and, with PLAIN=1, also as a library embedded
# with plain `java -cp` and no flags:
#   IGNORE   Optimizer.step() without the non-finite check (what torch and the C kernel do)
#   default  Optimizer.step() with the default options: NonFinitePolicy.THROW (all-or-nothing: any NaN
#            or infinity in a gradient leaves every weight and state untouched)
#   map      the seed-style rule.update(params, grads) (always every processor and THROW; only in the
#            rows whose thread count is the machine's)
# Debian's PyTorch 1.13 (/usr/bin/python3, python3-torch) is a last column when it is installed.
# Prints ns per element and the ratios of the targets: default / fused (<= 1), IGNORE / fused (<= 0.9).
# Each cell is the median of REPEATS interleaved runs, each run the median of STEPS single steps after a
# 2 s warm-up: single runs on a shared 2-core VM move by up to 2x with the memory bandwidth other
# tenants leave.
# SIZES may include "many": 100 parameters, 10^7 floats in all (StepTimer.manySizes), stepped together.
# Usage: bench/compare_dense.sh [STEPS] [REPEATS]     (RULES="adagrad adam adamw sgd-momentum", SIZES, THREADS)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
STEPS=${1:-41}
REPEATS=${2:-3}
RULES=${RULES:-adagrad}
SIZES=${SIZES:-"100000 1000000 10000000"}
THREADS=${THREADS:-"1 2"}
PY2=${PY2:-python3}

if ! "$PY2" -c 'import torch, sys; sys.exit(int(torch.__version__.split(".")[0]) < 2)' 2>/dev/null; then
  echo "installing PyTorch 2 (python3 -m pip install torch) ..." >&2
  "$PY2" -m pip install -q torch >&2
fi
PY1=""
/usr/bin/python3 -c 'import torch' 2>/dev/null && PY1=/usr/bin/python3
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/target/c
gcc -O3 -march=native -fno-math-errno -fopenmp -o bench/target/c/adagrad_fused bench/c/adagrad_fused.c -lm

ours() { # rule size threads steps policy [api] -> ns per element
  env ADAGRAD4J_JAR="$JAR" ADAGRAD4J_MAIN=io.github.adagrad4j.bench.StepTimer bin/adagrad4j "$@" 2>/dev/null | awk '{print $5}'
}
plain() { # the same as a library embedded with no JVM flags at all
  java -cp "$JAR" io.github.adagrad4j.bench.StepTimer "$@" 2>/dev/null | awk '{print $5}'
}
torch() { # python rule size threads steps variant -> ns per element
  local py=$1
  shift
  OMP_NUM_THREADS=$3 "$py" bench/torch_step.py "$1" "$2" "$3" "$4" "$5" | awk '{print $5}'
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); torch $("$PY2" -c 'import torch; print(torch.__version__)')${PY1:+; Debian torch $($PY1 -c 'import torch; print(torch.__version__)')}"
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} (no BLAS in these steps)"
printf '%-13s %9s %3s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s %9s\n' rule size thr IGNORE default plain map C \
  t2-loop t2-each t2-fused t1.13 "def/fused" "IGN/fused"
for rule in $RULES; do
  for size in $SIZES; do
    for t in $THREADS; do
      ign=""; def=""; pl=""; map=""; c=""; loop=""; each=""; fused=""; old=""
      for _ in $(seq "$REPEATS"); do
        ign="$ign $(ours "$rule" "$size" "$t" "$STEPS" IGNORE)"
        def="$def $(ours "$rule" "$size" "$t" "$STEPS" THROW)"
        [ "${PLAIN:-0}" = 1 ] && pl="$pl $(plain "$rule" "$size" "$t" "$STEPS" THROW)"
        [ "$t" = "$(nproc)" ] && map="$map $(ours "$rule" "$size" "$t" "$STEPS" THROW map)"
        [ "$rule" = adagrad ] && [ "$size" != many ] && c="$c $(OMP_NUM_THREADS=$t bench/target/c/adagrad_fused "$size" "$t" "$STEPS" | awk '{print $5}')"
        loop="$loop $(torch "$PY2" "$rule" "$size" "$t" "$STEPS" forloop)"
        each="$each $(torch "$PY2" "$rule" "$size" "$t" "$STEPS" foreach)"
        fused="$fused $(torch "$PY2" "$rule" "$size" "$t" "$STEPS" fused)"
        [ -n "$PY1" ] && old="$old $(torch "$PY1" "$rule" "$size" "$t" "$STEPS" forloop)"
      done
      awk -v r="$rule" -v s="$size" -v t="$t" -v i="$(echo "$ign" | median)" -v d="$(echo "$def" | median)" \
          -v pl="$(echo "$pl" | median)" -v m="$(echo "$map" | median)" -v c="$(echo "$c" | median)" \
          -v lo="$(echo "$loop" | median)" -v fe="$(echo "$each" | median)" -v fu="$(echo "$fused" | median)" \
          -v o="$(echo "$old" | median)" 'function f(x) { return (x == "NA" || x == "") ? "NA" : sprintf("%.3f", x) }
        function q(a, b) { return (a == "NA" || b == "NA" || b == 0) ? "NA" : sprintf("%.2f", a / b) }
        BEGIN {
        printf "%-13s %9s %3d %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s %9s\n", r, s, t, f(i), f(d), f(pl), f(m), f(c),
               f(lo), f(fe), f(fu), f(o), q(d, fu), q(i, fu) }'
    done
  done
done
echo "# ns per element: per run the median of $STEPS single steps after a 2 s warm-up, per cell the median of $REPEATS runs"
