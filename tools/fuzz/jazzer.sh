#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers with Jazzer (ReaderJazzerTest), one target after another.
#
#   tools/fuzz/jazzer.sh                       # every target, 60 s each
#   tools/fuzz/jazzer.sh csvTable libsvm       # some targets
#
# Targets: csvTable numericCsv libsvm idx safetensors. An input that breaks a reader's contract is
# saved under nn/src/test/resources/.../ReaderJazzerTestInputs/TARGET/ and from then on replayed by
# the default test suite (Jazzer's regression mode). The instrumentation covers our classes and
# FastCSV's; without it Jazzer sees only the test class and fuzzes blind.
set -euo pipefail
cd "$(dirname "$0")/../.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csvTable numericCsv libsvm idx safetensors)
mvn -q -o install -DskipTests -pl optim,data,nn -am > /dev/null
status=0
for t in "${targets[@]}"; do
  echo "== $t"
  if ! JAZZER_FUZZ=1 mvn -o test -pl nn -Dtest="ReaderJazzerTest#$t" \
      -Djazzer.instrumentation_includes='io.github.adagrad4j.**:de.siegmar.**' > "nn/target/jazzer-$t.log" 2>&1; then
    status=1
    echo "   FINDING: see nn/target/jazzer-$t.log and the new crash-* input under nn/src/test/resources"
  fi
  grep -E "DONE" "nn/target/jazzer-$t.log" | tail -1 || true
done
exit $status
