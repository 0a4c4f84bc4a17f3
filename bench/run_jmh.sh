#!/usr/bin/env bash
# Runs the JMH kernels (dense step of AdaGrad, Adam, RMSprop, SGD-momentum at 1e5/1e6/1e7 floats on
# 1 and 2 threads, plus the triad bandwidth reference) and prints ns/element per configuration.
# Extra arguments go to JMH, e.g.  bench/run_jmh.sh -p rule=adagrad -p check=IGNORE,THROW
# BENCHMARKS=SparseStepBenchmark bench/run_jmh.sh   runs the sparse embedding-table benchmark instead.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/adagrad4j-bench.jar
[ -f "$JAR" ] || mvn -q -pl bench -am package -DskipTests
mkdir -p bench/results
OUT=bench/results/jmh-$(date -u +%Y%m%dT%H%M%S).json
java -jar "$JAR" "${BENCHMARKS:-DenseStepBenchmark|TriadBenchmark}" -rf json -rff "$OUT" "$@" > "$OUT.log"
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("%-26s %-8s %-13s %9s %3s %10s %8s %10s" % ("benchmark", "check", "rule", "size/rows", "thr", "us/op", "+/-", "ns/elem"))
for r in rows:
    p = r.get("params", {})
    size = int(p.get("size", p.get("rows", 1)))
    m = r["primaryMetric"]
    print("%-26s %-8s %-13s %9d %3s %10.1f %8.1f %10.3f" % (r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1],
          p.get("check", "-"), p.get("rule", "triad" if "Triad" in r["benchmark"] else "adagrad"), size, p["threads"],
          m["score"], m["scoreError"], m["score"] * 1000 / size if "size" in p else float("nan")))
PY
echo "raw JMH output: $OUT"
