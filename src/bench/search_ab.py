"""Summarises a search-ab.sh folder: every <variant>-s<seed>/ against uniform-s1/ (same experiment and model)."""
import glob
import json
import os
import sys


def trials(d):
    with open(os.path.join(d, "trials.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def feasible(t):
    """Trial.counts: feasible and at full fidelity (a screen of a multi-fidelity search is not a measured design)."""
    full = t.get("fidelity") is None or t["fidelity"]["level"] == "full"
    return full and t["state"] == "COMPLETE" and all(v <= 0 for v in t.get("constraints", {}).values())


def cost(t):
    """Budget charge in full evaluations (Trial.cost)."""
    return 1.0 if t.get("fidelity") is None else t["fidelity"]["cost"]


def summary(d):
    ts = [t for t in trials(d) if t["algorithm"] != "dense"]
    best, curve, spent = 0.0, [], 0.0
    for t in ts:
        spent += cost(t)
        if feasible(t):
            best = max(best, t["values"]["throughput"])
        curve.append((spent, best))
    hv = json.load(open(os.path.join(d, "search-summary.json")))["algorithms"][0]["hypervolume"] or 0.0
    acc = max((t for t in ts if feasible(t)), key=lambda t: t["values"]["throughput"], default=None)
    wall = json.load(open(os.path.join(d, "search-summary.json")))["algorithms"][0]["wallSeconds"]
    full = [t for t in ts if cost(t) == 1.0]
    return dict(best=best, curve=curve, hv=hv, n=len(full), spent=spent, screens=len(ts) - len(full), wall=wall,
                infeasible=sum(not feasible(t) for t in full),
                accuracy=acc["values"]["accuracy"] if acc else float("nan"))


def main(out):
    u = summary(os.path.join(out, "uniform-s1"))
    print(f"uniform: best feasible {u['best']:.0f} img/s, HV {u['hv']:.1f}, infeasible {u['infeasible']}/{u['n']}, wall {u['wall']:.0f} s")
    rows = {}
    for d in sorted(glob.glob(os.path.join(out, "*-s*"))):
        if not os.path.isdir(d) or os.path.basename(d) == "uniform-s1" or not os.path.exists(os.path.join(d, "search-summary.json")):
            continue
        name, seed = os.path.basename(d).rsplit("-s", 1)
        r = summary(d)
        reach = next((round(s, 2) for s, c in r["curve"] if c >= 0.9995 * u["best"]), None)
        rows.setdefault(name, []).append(r["best"] / u["best"] if u["best"] else float("nan"))
        print(f"  {name:14s} seed {seed}: best {r['best']:.0f} = x{rows[name][-1]:.3f} uniform (accuracy {r['accuracy']:.4f}), "
              f"HV x{r['hv'] / u['hv'] if u['hv'] else float('nan'):.3f}, infeasible {r['infeasible']}/{r['n']} full, "
              f"{r['screens']} screens, spent {r['spent']:.2f}, wall {r['wall']:.0f} s, reaches uniform's best at evaluation {reach}")
    for name, ratios in rows.items():
        ratios.sort()
        print(f"{name}: median x{ratios[len(ratios) // 2]:.3f} of uniform over {len(ratios)} seeds (min x{ratios[0]:.3f}, max x{ratios[-1]:.3f})")


if __name__ == "__main__":
    main(sys.argv[1])
