#!/bin/sh
# Our Spark estimator against MLlib's LogisticRegression (L-BFGS) in the same Spark session, on the
# spam texts and a synthetic 10^6 x 2^20 sparse logistic task, on local[1], local[2] and a real
# local-cluster[2,1,4096] (two executor JVMs). Needs the spam corpus (tools/data/install_spam_assassin.sh).
#
#   bench/compare_spark.sh [rows] [masters...]
#   WHAT=modes bench/compare_spark.sh 1000000 'local[2]'     sync vs average after 1..5 epochs
#   WHAT=mllib-l2 bench/compare_spark.sh 1000000 'local[2]'  MLlib with stronger L2
#   WHAT=standardization bench/compare_spark.sh 0 'local[2]'  standardization off/on: digits, boston, spam
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)

rows=${1:-1000000}
[ $# -gt 0 ] && shift
masters=${*:-"local[1] local[2] local-cluster[2,1,4096]"}
(cd "$here" && mvn -q -B package -DskipTests)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo) GiB; $(java -version 2>&1 | head -n 1)"
jars=$here/spark/target/spark-home/jars
for m in $masters; do
  echo "=== $m"
  SPARK_HOME=$here/spark/target/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
  java -Xmx8g --add-modules jdk.incubator.vector \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    -Dspark.executor.extraClassPath="$here/bench/target/adagrad4j-bench.jar" -Dspark.executor.memory=4g \
    -cp "$here/bench/target/adagrad4j-bench.jar:$jars/*" io.github.adagrad4j.bench.SparkVsMllib "$m" "$rows" "${WHAT:-all}" \
    2>&1 | grep -v '^WARNING\|WARN\| INFO \|^Using Spark\|^\s*$'
done
