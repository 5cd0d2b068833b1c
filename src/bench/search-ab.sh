#!/usr/bin/env bash
# Search A/B (not part of the test suite): the uniform sweep against NSGA-II variants at equal budget, same model,
# same machine, one sitting. Each VARIANT is a jq filter applied to the experiment (e.g. '.search.goal="fastest"');
# the variant named "base" is the experiment as it is. Uniform is deterministic, so it runs once; each other variant
# runs for every seed. Prints, per variant and seed, the best feasible throughput as a ratio of uniform's, the
# hypervolume ratio, the infeasible share and the evaluations to reach uniform's best (src/bench/search_ab.py).
# A JAR=path/to/other/hass.jar variant line ("old=JAR:/path/hass.jar") runs another build (e.g. the last release)
# on an experiment file without the new keys.
# Usage: src/bench/search-ab.sh EXPERIMENT.json OUTDIR "SEEDS" NAME=FILTER...
#   e.g. src/bench/search-ab.sh exp.json /tmp/ab "1 2 3" 'hass=.search.goal="fastest"' 'classic=.search.warmStart=0|.search.operators={"sbx":1}'
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EXP="$1"; OUT="$2"; SEEDS="$3"; shift 3
mkdir -p "$OUT"
# a frozen copy of the jar: editing the sources mid-run must not change the code under test
(cd "$ROOT" && mvn -q -o -B -Dmaven.test.skip=true package)
rm -rf "$OUT/jar" && mkdir -p "$OUT/jar" && cp -r "$ROOT/target/hass.jar" "$ROOT/target/lib" "$OUT/jar/"
source "$ROOT/bin/hass-env"
run() {  # run NAME SEED FILE JAR
  local dir="$OUT/$1-s$2"
  [[ -f "$dir/search-summary.json" ]] && return 0
  java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dhass.home="$ROOT" -jar "$4" \
    search "$3" --seed "$2" --out "$dir" > "$dir.log" 2>&1 || { echo "search $1 seed $2 failed: see $dir.log" >&2; return 1; }
  echo "$1 seed $2 done"
}
jq '.search.algorithm="uniform"' "$EXP" > "$OUT/uniform.json"
run uniform 1 "$OUT/uniform.json" "$OUT/jar/hass.jar"
for v in "$@"; do
  name="${v%%=*}"; filter="${v#*=}"; jar="$OUT/jar/hass.jar"
  if [[ "$filter" == JAR:* ]]; then jar="${filter#JAR:}"; filter="."; fi
  [[ "$name" == base ]] && filter="."
  jq ".search.algorithm=\"nsga2\" | $filter" "$EXP" > "$OUT/$name.json"
  for s in $SEEDS; do run "$name" "$s" "$OUT/$name.json" "$jar"; done
done
/usr/bin/python3 "$ROOT/src/bench/search_ab.py" "$OUT"
