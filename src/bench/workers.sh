#!/usr/bin/env bash
# Workers bench (not part of the test suite; docs/clusters.md "Many workers"): one small search in one process with
# 1 libtorch thread, on 1 worker x 1 thread, 2 workers x 1 thread and 1 worker x 2 threads, then evaluations/s per
# mode from each search-summary.json and the mean seconds inside the scorer from each trial log.
# Usage: src/bench/workers.sh CHECKPOINT_DIR OUTDIR   (e.g. target/test-models/lenet5-<key> after the slow tests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CKPT="$(cd "$1" && pwd)"; OUT="$2"
mkdir -p "$OUT"
(cd "$ROOT" && mvn -q -o -B -Dmaven.test.skip=true package)
source "$ROOT/bin/hass-env"
jq --arg c "$CKPT" '.name="bench" | .model.checkpoint=$c | .search.algorithm="all" | .search.populationSize=4
  | .search.evaluations=8 | .oracle.finalistFineTuneSteps=0' "$ROOT/experiments/quickstart.json" > "$OUT/bench.json"
HASS=(java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dhass.home="$ROOT" -jar "$ROOT/target/hass.jar")
run() { local name=$1; shift; rm -rf "$OUT/$name"; "$@" --out "$OUT/$name" --allow-outside > "$OUT/$name.log" 2>&1; echo "$name done"; }
OMP_NUM_THREADS=1 run inproc1 "${HASS[@]}" search "$OUT/bench.json"
run w1t1 "${HASS[@]}" search "$OUT/bench.json" --workers 1 --threads-per-worker 1
run w2t1 "${HASS[@]}" search "$OUT/bench.json" --workers 2 --threads-per-worker 1
run w1t2 "${HASS[@]}" search "$OUT/bench.json" --workers 1 --threads-per-worker 2
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
for d in ["inproc1", "w1t1", "w2t1", "w1t2"]:
    s = json.load(open(f"{out}/{d}/search-summary.json"))
    runs = [a for a in s["algorithms"] if a["algorithm"] != "greedy"]   # greedy: at most 2 candidates at once
    rate = sum(a["evaluations"] for a in runs) / sum(a["wallSeconds"] for a in runs)
    trials = [json.loads(l) for l in open(f"{out}/{d}/trials.jsonl")][1:]
    score = sum(t["oracleSeconds"] + t["dseSeconds"] for t in trials) / len(trials)
    print(f"{d:8s} {rate:.2f} eval/s   {score:.2f} s in the scorer per candidate   wall {s['wallSeconds']:.0f} s   load {open('/proc/loadavg').read().split()[0]}")
PY
