"""Runs real Optuna against journals for the HASS report tests. Prints one JSON object on stdout.

usage: optuna_check.py load JOURNAL STUDY      -- load our journal, describe it, continue it with NSGAIISampler
       optuna_check.py write JOURNAL           -- write a journal with real Optuna (incl. NaN, FAIL, RUNNING)
       optuna_check.py hammer JOURNAL STUDY N  -- N study user attrs, one lock each (concurrency test)
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import optuna  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def storage(path):
    journal = getattr(optuna.storages, "journal", None)
    if journal is not None and hasattr(journal, "JournalFileBackend"):  # Optuna >= 4.0
        backend = journal.JournalFileBackend(path)
    else:  # Optuna 3.x
        backend = optuna.storages.JournalFileStorage(path)
    return optuna.storages.JournalStorage(backend)


def finite(x):
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else x


def feasible(t):
    c = t.system_attrs.get("constraints")
    return c is not None and all(v <= 0 for v in c)


def pareto(trials, directions):
    from optuna.study._multi_objective import _get_pareto_front_trials_by_trials
    return _get_pareto_front_trials_by_trials(trials, directions)


def load(path, name):
    st = storage(path)
    study = optuna.load_study(study_name=name, storage=st)
    trials = study.get_trials(deepcopy=False)
    complete = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    front = pareto([t for t in complete if feasible(t)], study.directions)
    df = study.trials_dataframe()
    out = {
        "version": optuna.__version__,
        "directions": [d.name for d in study.directions],
        "metric_names": study.system_attrs.get("study:metric_names"),
        "n_trials": len(trials),
        "states": {s: sum(1 for t in trials if t.state.name == s) for s in ["COMPLETE", "FAIL", "RUNNING", "PRUNED"]},
        "constraints_on_every_complete": all("constraints" in t.system_attrs for t in complete),
        "best_trials_all": [t.number for t in study.best_trials],
        "feasible_front": [
            {"number": t.number, "hass_trial": t.user_attrs.get("hass_trial"), "values": t.values,
             "params": t.params, "constraints": t.system_attrs["constraints"],
             "gen": t.system_attrs.get("nsga2:generation")}
            for t in front
        ],
        "dataframe_rows": len(df),
        "dataframe_has": sorted(c for c in df.columns if c.startswith("params_tw.") or c.startswith("values")),
        "distributions": {k: type(v).__name__ for k, v in trials[0].distributions.items()},
        "user_attrs0": sorted(trials[0].user_attrs.keys()),
        "datetime_start0": trials[0].datetime_start.isoformat(timespec="microseconds"),
    }
    # Optuna's own NSGA-II continues from the population we wrote (largest generation present)
    sampler = optuna.samplers.NSGAIISampler(population_size=6, seed=3, constraints_func=lambda t: [-1.0, -1.0])
    cont = optuna.load_study(study_name=name, storage=st, sampler=sampler)
    dists = trials[0].distributions
    new = []
    for _ in range(3):
        t = cont.ask()
        params = {}
        for k, d in dists.items():
            params[k] = t.suggest_float(k, d.low, d.high, step=d.step)
        cont.tell(t, [0.9, 20000.0])
        ft = cont.trials[t.number]
        new.append({"number": t.number, "gen": ft.system_attrs.get("nsga2:generation"),
                    "in_range": all(dists[k].low <= v <= dists[k].high for k, v in params.items())})
    out["continued"] = new
    out["n_trials_after"] = len(optuna.load_study(study_name=name, storage=st).trials)
    print(json.dumps(out))


def write(path):
    st = storage(path)
    study = optuna.create_study(study_name="py-made", storage=st, directions=["maximize", "minimize"])
    study.set_metric_names(["accuracy", "latency"]) if hasattr(study, "set_metric_names") else \
        st.set_study_system_attr(study._study_id, "study:metric_names", ["accuracy", "latency"])
    rows = []
    for i in range(4):
        t = study.ask()
        x = t.suggest_float("x", 0.0, 1.0)
        n = t.suggest_int("n", 1, 64, log=True)
        opt = t.suggest_categorical("opt", ["adam", "sgd", 0.5])
        t.set_user_attr("ratio", float("nan") if i == 1 else float("inf") if i == 2 else 0.25 * i)
        st.set_trial_system_attr(t._trial_id, "constraints", [x - 0.5])
        if i == 3:
            study.tell(t, [float("nan"), 1.0])  # Optuna fails a trial with NaN values
        else:
            study.tell(t, [x, float(n)])
        ft = study.trials[t.number]
        rows.append({"number": t.number, "state": ft.state.name, "x": x, "n": n, "opt": opt, "values": ft.values})
    study.ask()  # left RUNNING: not a finished trial
    print(json.dumps({"version": optuna.__version__, "trials": rows}))


def hammer(path, name, n):
    st = storage(path)
    study = optuna.load_study(study_name=name, storage=st)
    for i in range(n):
        study.set_user_attr("py%d" % i, i)
    print(json.dumps({"done": n}))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "load":
        load(sys.argv[2], sys.argv[3])
    elif cmd == "write":
        write(sys.argv[2])
    elif cmd == "hammer":
        hammer(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)
