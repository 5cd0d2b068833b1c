#!/usr/bin/env bash
# Oracle vs PyTorch (not part of the test suite). Speed: src/bench/oracle_compare.py sends the same random
# candidates to the Java oracle (dev.hass.oracle.DjlAccuracyOracle via OracleBench serve) and to its PyTorch twin
# (src/bench/oracle_torch.py, 2 threads), alternating candidate by candidate, on lenet5 and resnet8; one candidate =
# masked eval of 1000 validation images + window histograms on 1000 calibration images, batch 128, no fine-tuning.
# Prints the median per-candidate ratio (torch seconds / java seconds) with quartiles. Then the memory check: RSS of
# the Java oracle over MEM_N lenet5 candidates.
# Usage: src/bench/oracle-compare.sh LENET5_CKPT RESNET8_CKPT [PAIRS=40] [MEM_N=1000]
# Needs `mvn -q -o -DskipTests package` first and Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LENET="$1"; RESNET="$2"; PAIRS="${3:-40}"; MEM_N="${4:-1000}"
CP="$ROOT/target/hass.jar:$ROOT/target/lib/*"
OUT="$ROOT/target/bench-classes"
mkdir -p "$OUT"
javac -cp "$CP" -d "$OUT" "$ROOT/src/bench/java/dev/hass/bench/OracleBench.java"
source "$ROOT/bin/hass-env"   # the environment hass runs in; the PyTorch side gets the same
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$ROOT/src/bench/oracle_compare.py" --java-cp "$OUT:$CP" --pairs "$PAIRS" \
  --arch "lenet5=$LENET" --arch "resnet8=$RESNET"
if [ "$MEM_N" -gt 0 ]; then
  echo "# memory: Java oracle RSS over $MEM_N lenet5 candidates"
  java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
    -cp "$OUT:$CP" dev.hass.bench.OracleBench lenet5 "$LENET" "$MEM_N" 0 | grep -E 'RSS|candidates'
fi
