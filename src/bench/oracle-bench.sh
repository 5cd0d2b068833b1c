#!/usr/bin/env bash
# Oracle benchmark (not part of the test suite): per-candidate time, images/s and RSS over many candidates.
# Usage: src/bench/oracle-bench.sh ARCH CHECKPOINT_DIR [CANDIDATES] [FINE_TUNE_STEPS]
#        src/bench/oracle-bench.sh ARCH CHECKPOINT_DIR onnx [CANDIDATES]   (ONNX Runtime vs DJL, same network)
# Needs `mvn -q -o -DskipTests package` first (target/hass.jar + target/lib).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CP="$ROOT/target/hass.jar:$ROOT/target/lib/*"
OUT="$ROOT/target/bench-classes"
mkdir -p "$OUT"
javac -cp "$CP" -d "$OUT" "$ROOT/src/bench/java/dev/hass/bench/OracleBench.java"
source "$ROOT/bin/hass-env"   # the environment hass runs in
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$OUT:$CP" dev.hass.bench.OracleBench "$1" "$2" "${3:-200}" "${4:-$([[ "${3:-}" == onnx ]] && echo 20 || echo 0)}"
