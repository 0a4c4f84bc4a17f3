#!/usr/bin/env bash
# spam-sequence against PyTorch on the very same token sequences: SpamSequenceExport writes what
# adagrad4j trains on (SpamAssassin e-mails, tokens hashed into 2^18 rows, the first MAX_LEN of
# each, scikit-learn's split); then `bin/adagrad4j train --data spam --model
# bigru:64,embed=32,max-len=MAX_LEN,pool=mean` and bench/torch_spam_sequence.py (embedding with
# sparse=True -> bidirectional torch.nn.GRU over pack_padded_sequence -> mean -> linear) train the
# same model with AdaGrad 0.1, global-norm clipping at 5, batch 32, EPOCHS epochs, one after the other, one thread each.
# PyTorch 1.13's backward through a PackedSequence is slow on long sequences
# (pytorch/pytorch#149194): at MAX_LEN=600 one of its epochs takes the better part of an hour here.
# Usage: bench/compare_spam_sequence.sh [MAX_LEN]      (default 200; EPOCHS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_LEN=${1:-200}
EPOCHS=${EPOCHS:-3}
[ -d "$HOME/.cache/adagrad4j/spam-assassin" ] || tools/data/install_spam_assassin.sh
/usr/bin/python3 -c 'import torch' 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null; }
[ -f bench/target/adagrad4j-bench.jar ] && [ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; spam-sequence, first $MAX_LEN tokens, $EPOCHS epochs, 1 thread each"
java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.SpamSequenceExport "$out/seq.txt" "$MAX_LEN"
bin/adagrad4j train --data spam --model "bigru:64,embed=32,max-len=$MAX_LEN,pool=mean" --hash-bits 18 \
  --optimizer adagrad --lr 0.1 --clip-norm 5 --batch-size 32 --epochs "$EPOCHS" --threads 1 --output "$out/ours" 2>/dev/null | grep -E "epoch|spam-sequence"
OPENBLAS_NUM_THREADS=1 EPOCHS=$EPOCHS THREADS=1 /usr/bin/python3 bench/torch_spam_sequence.py "$out/seq.txt"
