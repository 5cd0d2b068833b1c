#!/usr/bin/env bash
# Oracle vs PyTorch (not part of the test suite): images/s of one oracle evaluation (masked eval of EVAL=1000
# validation images + window histograms on 1000 calibration images, batch 128, no fine-tuning) in Java
# (dev.hass.oracle.DjlAccuracyOracle via OracleBench) and in PyTorch (src/bench/oracle_torch.py, 2 threads),
# one after the other in the same run, on lenet5 and resnet8; prints the ratio Java/PyTorch. Then the memory
# check: RSS of the Java oracle over MEM_N lenet5 candidates.
# Usage: src/bench/oracle-compare.sh LENET5_CKPT RESNET8_CKPT [SPEED_N=50] [MEM_N=1000]
# Needs `mvn -q -o -DskipTests package` first and Debian's python3-torch (/usr/bin/python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LENET="$1"; RESNET="$2"; SPEED_N="${3:-50}"; MEM_N="${4:-1000}"
CP="$ROOT/target/hass.jar:$ROOT/target/lib/*"
OUT="$ROOT/target/bench-classes"
mkdir -p "$OUT"
javac -cp "$CP" -d "$OUT" "$ROOT/src/bench/java/dev/hass/bench/OracleBench.java"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
SPLITS="$OUT/splits.txt"
jbench() { # ARCH CKPT N
  java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dbench.splits="$SPLITS" \
    -cp "$OUT:$CP" dev.hass.bench.OracleBench "$1" "$2" "$3" 0
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A J T
for arch in lenet5 resnet8; do
  ckpt=$LENET; [ "$arch" = resnet8 ] && ckpt=$RESNET
  jl=$(jbench "$arch" "$ckpt" "$SPEED_N" | tee -a /dev/stderr | tail -1)
  tl=$(/usr/bin/python3 "$ROOT/src/bench/oracle_torch.py" "$arch" "$SPEED_N" "$SPLITS" | tee -a /dev/stderr | tail -1)
  J[$arch]=$(sed -E 's/.* ([0-9.]+) images\/s.*/\1/' <<<"$jl")
  T[$arch]=$(sed -E 's/.* ([0-9.]+) images\/s.*/\1/' <<<"$tl")
done
echo "# load average after speed runs: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %12s %12s %8s\n' arch java_img/s torch_img/s ratio
for arch in lenet5 resnet8; do
  printf '%-8s %12s %12s %8s\n' "$arch" "${J[$arch]}" "${T[$arch]}" "$(awk -v a="${J[$arch]}" -v b="${T[$arch]}" 'BEGIN{printf "%.2f", a/b}')"
done
if [ "$MEM_N" -gt 0 ]; then
  echo "# memory: Java oracle RSS over $MEM_N lenet5 candidates"
  jbench lenet5 "$LENET" "$MEM_N" | grep -E 'RSS|candidates'
fi
