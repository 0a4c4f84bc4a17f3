#!/usr/bin/env bash
# The char-lm example's validation bits per character, ours against PyTorch's, over several
# initialisation seeds: early training with AdaGrad is chaotic (every weight's first steps are about
# +-lr, the sign of its gradient, so a last-bit difference in a near-zero gradient flips a whole
# step), so that one seed's figure says little; the mean over seeds does. For each seed, `bin/adagrad4j example char-lm --seed S --optimizers RULE` (full size:
# embedding 64 -> LSTM 256x2, batch 32 x 100, clipping at 5, one epoch of 727 steps) and
# `SEED=S bench/torch_char_lm.py RULE` (same data, split, vocabulary, model, streaming, clipping,
# budget; PyTorch's own seeded initialisation) run side by side (one core each).
# Usage: bench/compare_char_lm.sh [RULE]       (SEEDS="1 2 3", MAX_STEPS=N for a shorter budget, LOGS=DIR to keep the logs)
set -euo pipefail
cd "$(dirname "$0")/.."
RULE=${1:-adagrad:lr=0.02}
SEEDS=${SEEDS:-"1 2 3"}
[ -d /usr/share/games/fortunes ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fortunes >/dev/null; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null; }
[ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
if [ -n "${LOGS:-}" ]; then
  out=$LOGS; mkdir -p "$out"   # keeps every run's log (training curve, samples)
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
steps=()
[ -n "${MAX_STEPS:-}" ] && steps=(--steps "$MAX_STEPS")
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; char-lm $RULE; seeds $SEEDS; ${MAX_STEPS:-727} steps"
printf '%-6s %-12s %-12s\n' seed ours torch
ours_all=""; torch_all=""
for s in $SEEDS; do
  bin/adagrad4j example char-lm --seed "$s" --optimizers "$RULE" "${steps[@]}" --output "$out/ours-$s" \
    >"$out/ours-$s.txt" 2>&1 &
  SEED=$s THREADS=1 MAX_STEPS=${MAX_STEPS:-0} /usr/bin/python3 bench/torch_char_lm.py "$RULE" >"$out/torch-$s.txt" 2>&1
  wait
  o=$(grep -m1 -o 'validation [0-9.]* bits/char' "$out/ours-$s.txt" | awk '{print $2}')
  t=$(grep -m1 -o 'validation [0-9.]* bits/char' "$out/torch-$s.txt" | awk '{print $2}')
  printf '%-6s %-12s %-12s\n' "$s" "$o" "$t"
  ours_all="$ours_all $o"; torch_all="$torch_all $t"
done
. bench/common.sh
mean() { tr ' ' '\n' | grep . | awk '{ s += $1; q += $1 * $1; n++ } END { m = s / n; printf "%.4f (sd %.4f)", m, sqrt(q / n - m * m) }'; }
echo "mean   ours $(echo "$ours_all" | mean)   torch $(echo "$torch_all" | mean)"
echo "median ours $(echo "$ours_all" | median)   torch $(echo "$torch_all" | median)"
awk -v a="$(echo "$ours_all" | tr ' ' '\n' | grep . | awk '{s+=$1;n++} END {print s/n}')" \
    -v b="$(echo "$torch_all" | tr ' ' '\n' | grep . | awk '{s+=$1;n++} END {print s/n}')" \
    'BEGIN { printf "ours / torch (means): %.3f\n", a / b }'
