#!/usr/bin/env bash
# Serving a model over HTTP, side by side in one run on this machine: `adagrad4j serve` against the way
# a Python team serves the same model, FastAPI + uvicorn (2 workers) + ONNX Runtime on the file
# `adagrad4j export` wrote (bench/serve/fastapi_onnx.py), same JSON requests and answers. Load from
# wrk (Debian), bounded in time (DURATION seconds per cell) and always on 127.0.0.1: throughput and
# p50/p99/p99.9 latency at each concurrency (connections), for one-row and 100-row requests.
# Models: the churn MLP (README quick start), a GRU text classifier on the SpamAssassin corpus (the
# peer tokenises and hashes the texts in Python, then runs the exported GRU on the ids), and a hashed
# sparse-linear text model (ours only: its word and n-gram hashing cannot be exported to ONNX).
# Cells alternate ours / peer, both servers up. The peer needs "uvicorn[standard]" (httptools, uvloop).
# Usage: bench/compare_serve.sh [DURATION]     (CONC="1 16 64", MODELS="churn text gru")
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-8}
CONC=${CONC:-"1 16 64"}
MODELS=${MODELS:-"churn text gru"}
OURS=18181
PEER=18182
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
python3 -c 'import fastapi, uvicorn, onnxruntime, httptools, uvloop, sklearn' 2>/dev/null ||
  python3 -m pip install -q fastapi uvicorn httptools uvloop onnxruntime scikit-learn >&2
[ -f cli/target/adagrad4j.jar ] || mvn -q package -DskipTests
W=bench/target/serve
mkdir -p "$W"
quiet() { "$@" > "$W/last.log" 2>&1 || { cat "$W/last.log" >&2; exit 1; }; }
[ -f "$W/churn/model.json" ] || quiet bin/adagrad4j train --data examples/data/churn.csv --label-column churned \
  --model mlp:32 --optimizer adagrad --lr 0.05 --epochs 20 --output "$W/churn"
quiet bin/adagrad4j export --model "$W/churn" --onnx "$W/churn.onnx"
case " $MODELS " in *" text "*|*" gru "*) tools/data/install_spam_assassin.sh >/dev/null ;; esac
[ -f "$W/text/model.json" ] || [ "${MODELS#*text}" = "$MODELS" ] || quiet bin/adagrad4j train --data spam \
  --model sparse-linear --optimizer adagrad --lr 0.5 --epochs 3 --output "$W/text"
[ -f "$W/gru/model.json" ] || [ "${MODELS#*gru}" = "$MODELS" ] || quiet bin/adagrad4j train --data spam \
  --model gru:32,max-len=200 --optimizer adagrad --lr 0.1 --epochs 1 --output "$W/gru"
[ ! -f "$W/gru/model.json" ] || quiet bin/adagrad4j export --model "$W/gru" --onnx "$W/gru.onnx"
python3 bench/serve/bodies.py "$W"

up() { # port: waits until it answers /healthz
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "nothing answers on port $1" >&2
  exit 1
}
load() { # port body connections -> "req/s p50 p99 p99.9 errors requests"
  local threads=2
  [ "$3" -lt 2 ] && threads=1
  BODY=$2 wrk -t"$threads" -c"$3" -d"${DURATION}s" --timeout 10s -s bench/serve/post.lua "http://127.0.0.1:$1/v1/predict" |
    awk '/^RESULT/ { $1 = ""; print substr($0, 2) }'
}
pids=()
stop_all() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || :; done; wait 2>/dev/null || :; }
trap stop_all EXIT

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); python $(python3 -c 'import sys, fastapi, uvicorn, onnxruntime; print(sys.version.split()[0], "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__, "onnxruntime", onnxruntime.__version__)')"
echo "# ${DURATION} s per cell after a ${DURATION} s warm-up per server and body; latency in ms"
printf '%-6s %5s %5s | %9s %8s %8s %8s %4s | %9s %8s %8s %8s %4s | %8s\n' model rows conns \
  "ours r/s" p50 p99 p99.9 err "peer r/s" p50 p99 p99.9 err "r/s x"
for model in $MODELS; do
  bin/adagrad4j serve --model "$W/$model" --port "$OURS" --no-watch --quiet > "$W/ours-$model.log" 2>&1 &
  pids+=($!)
  peer=""
  if [ -f "$W/$model.onnx" ]; then
    MODEL_DIR="$W/$model" MODEL="$W/$model.onnx" python3 -m uvicorn --app-dir bench/serve fastapi_onnx:app \
      --host 127.0.0.1 --port "$PEER" --workers 2 --log-level warning --no-access-log > "$W/peer.log" 2>&1 &
    pids+=($!)
    peer=1
    up "$PEER"
  fi
  up "$OURS"
  body=churn
  [ "$model" = churn ] || body=text
  for rows in 1 100; do
    load "$OURS" "$W/$body-$rows.json" 16 >/dev/null
    [ -n "$peer" ] && load "$PEER" "$W/$body-$rows.json" 16 >/dev/null
    for c in $CONC; do
      o=$(load "$OURS" "$W/$body-$rows.json" "$c")
      p="NA NA NA NA NA NA"
      [ -n "$peer" ] && p=$(load "$PEER" "$W/$body-$rows.json" "$c")
      echo "$model $rows $c $o $p" | awk '{ ratio = ($10 == "NA" || $10 == 0) ? "NA" : sprintf("%.2f", $4 / $10)
        printf "%-6s %5d %5d | %9.1f %8s %8s %8s %4s | %9s %8s %8s %8s %4s | %8s\n", $1, $2, $3, $4, $5, $6, $7, $8,
          $10, $11, $12, $13, $14, ratio }'
    done
  done
  stop_all
  pids=()
done
echo "# r/s x: our requests per second over the peer's; err: non-2xx answers and socket errors"
