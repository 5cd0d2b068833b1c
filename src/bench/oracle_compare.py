"""Oracle vs PyTorch, interleaved: the Java oracle (OracleBench serve) and its PyTorch twin (oracle_torch.py serve)
run as two long-lived processes, and the same candidates go to both in ABBA order (J T, T J, J T, ...), so that
whatever else the machine is doing between one second and the next hits both sides alike. On this 2-core VM
PyTorch's own rate swings 3-4x between runs minutes apart, which made ratios of separate runs meaningless.

Per candidate both sides process the same images (1000 validation + 1000 calibration, batch 128), so the ratio of
one pair is torch seconds / java seconds = Java's speed relative to PyTorch's. Reported: the median pair ratio with
its quartiles, the ratio of the summed times, and each side's images/s at its median candidate.

Usage: /usr/bin/python3 oracle_compare.py --java-cp CP --arch lenet5=CKPT [--arch resnet8=CKPT] [--pairs 40]
       [--warmup 3] [--seed 1]
Only the standard library; run by src/bench/oracle-compare.sh.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = 2000  # validation 1000 + calibration 1000 per candidate, on both sides


class Server:
    def __init__(self, name, argv, env):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.layers = None
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("layers "):
                self.layers = line.split()[1:]
            elif line == "ready":
                break
        else:
            sys.exit("%s server exited before it was ready (exit code %s)" % (name, self.proc.wait()))

    def run(self, candidate):
        self.proc.stdin.write(json.dumps(candidate) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if len(reply) != 2:
            sys.exit("%s server died on candidate %s" % (self.name, candidate))
        return float(reply[0]), float(reply[1])

    def close(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.close()
        self.proc.wait()


def candidates(layers, rnd):
    """Random thresholds like OracleBench's: tau_w in {0, .001, ..., .1}, tau_a in {0, .01, ..., .5}."""
    while True:
        w, a = {}, {}
        for spec in layers:
            name, has_act = spec.split(":")
            w[name] = round(rnd.random() * 100) / 1000.0
            if has_act == "a":
                a[name] = round(rnd.random() * 50) / 100.0
        yield {"w": w, "a": a}


def quartiles(v):
    q = statistics.quantiles(v, n=4)
    return q[0], statistics.median(v), q[2]


def compare(arch, ckpt, args, env):
    splits = os.path.join(tempfile.mkdtemp(prefix="hass-bench-"), "splits.txt")
    java = Server("java", ["java", "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                           "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error", "-Dbench.splits=" + splits,
                           "-cp", args.java_cp, "dev.hass.bench.OracleBench", arch, ckpt, "serve"], env)
    torch = Server("torch", ["/usr/bin/python3", os.path.join(HERE, "oracle_torch.py"), arch, "serve", splits], env)
    try:
        if java.layers != torch.layers:
            sys.exit("%s: the two sides disagree on the prunable layers:\n java  %s\n torch %s"
                     % (arch, java.layers, torch.layers))
        gen = candidates(java.layers, random.Random(args.seed))
        for _ in range(args.warmup):
            c = next(gen)
            java.run(c)
            torch.run(c)
        tj, tt = [], []
        for i in range(args.pairs):
            c = next(gen)
            first, second = (java, torch) if i % 2 == 0 else (torch, java)
            r1, r2 = first.run(c)[0], second.run(c)[0]
            sj, st = (r1, r2) if first is java else (r2, r1)
            tj.append(sj)
            tt.append(st)
            if (i + 1) % 10 == 0 or i + 1 == args.pairs:
                print("# %s pair %3d/%d: java %.3f s, torch %.3f s, ratio %.2f" % (arch, i + 1, args.pairs, sj, st, st / sj),
                      flush=True)
    finally:
        java.close()
        torch.close()
    ratios = [t / j for j, t in zip(tj, tt)]
    lo, med, hi = quartiles(ratios)
    return {"arch": arch, "java": IMAGES / statistics.median(tj), "torch": IMAGES / statistics.median(tt),
            "median": med, "q1": lo, "q3": hi, "sum": sum(tt) / sum(tj), "pairs": args.pairs}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--java-cp", required=True)
    ap.add_argument("--arch", action="append", required=True, help="ARCH=CHECKPOINT_DIR")
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    env = dict(os.environ)
    rows = []
    for spec in args.arch:
        arch, _, ckpt = spec.partition("=")
        rows.append(compare(arch, ckpt, args, env))
    print("%-8s %6s %11s %12s %13s %18s %10s" % ("arch", "pairs", "java_img/s", "torch_img/s", "median_ratio",
                                                 "quartiles", "sum_ratio"))
    for r in rows:
        print("%-8s %6d %11.0f %12.0f %13.2f %18s %10.2f" % (r["arch"], r["pairs"], r["java"], r["torch"], r["median"],
                                                          "%.2f-%.2f" % (r["q1"], r["q3"]), r["sum"]))


if __name__ == "__main__":
    main()
