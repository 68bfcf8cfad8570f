"""Label noise against the tuned baseline (issue 12): every method vs tuned SGD.

The tuned-baseline protocol of BENCHMARKS.md, on the three benchmark data sets
(digits, breast_cancer, a 5-class ``make_classification``) under five noise
settings (none, symmetric 20/40%, asymmetric 20/40%), seeds 0-4. For every
data set x noise setting x seed, side by side in one process on the same
(noisy) training labels:

- **tuned SGD**, the baseline: ``GridSearchCV(SGDClassifier(loss="log_loss",
  max_iter=30, tol=None, random_state=seed), {"alpha": TUNED_ALPHAS}, cv=3)``
  on the noisy labels (stratified folds), refitted on all rows. Its CPU time,
  search + refit, is the time unit. ``alpha*`` is its best alpha.
- **untuned SGD** (``alpha=1e-4``): reference only, never the claim.
- **clean-rows oracle**, the ceiling: the same tuned procedure (its own alpha
  search) on the rows whose labels were not flipped.
- every entry of ``METHODS``: each skcurric estimator wrapping
  ``SGDClassifier(loss="log_loss", alpha=alpha*, max_iter=30, tol=None,
  random_state=seed)`` with its defaults otherwise and ``random_state=seed``;
  ``PrunedClassifier`` once with its default pruner and once dropping the
  noisy tail (``ForgettingPruner(DifficultyScorer("aum", estimator=SGD(alpha*)),
  strategy="drop_hardest", keep_fraction=0.8)``: a fixed guess that a fifth
  of the labels are wrong, the same in every cell, *not* the true rate); and
  cleanlab's ``CleanLearning(SGD(alpha*), seed=seed)`` as the peer.
- a **random-selection control** for every method whose fitted model exposes
  its final selection (``selected_``, or ``sample_indices_`` for pruning): the
  same ``SGD(alpha*)`` trained for the same 30 epochs on a random subset with
  the same number of rows per (noisy) class.

Accuracy is measured on the clean test labels. Per cell the report gives, per
method, the median accuracy over seeds, the median (min, max) of the per-seed
paired differences to tuned SGD in points, and the share of the oracle gap
closed, median(method - tuned) / median(oracle - tuned) ("n/a" where that gap
is under 0.5 points, e.g. clean data). Time: CPU seconds (BLAS on one thread)
of the method's own fit plus the alpha search that found ``alpha*`` (for
tuned SGD: search + refit), as a median ratio to tuned SGD's (min-max); the
data and its noise are prepared before any clock starts.

The label noise comes from ``add_label_noise`` only (its own PCG64 generator
seeded with the run seed); the controls draw their subsets from a local
``RandomState``; nothing here seeds or draws from NumPy's global generator
(creating cleanlab's CleanLearning seeds it: the global state is restored
after it).

cleanlab is a benchmark-only extra, never a dependency of skcurric: install it
with ``pip install cleanlab`` (only its public API is used). Without it the
cleanlab column is skipped with a note.

A new method is one entry in ``METHODS``: a function ``(X, y, alpha, seed)``
returning the fitted model, or ``(model, extra)`` with a dict of extra
per-seed numbers to record. ``SelfPacedClassifierCV`` has its entry already and
runs when skcurric provides it. The "targets" section checks issue 12's
targets for ``--target-method`` (default ``SelfPacedClassifierCV``).

``--learner net`` runs the network section instead (issue 16): a PyTorch
network through skorch (n_features-256-n_classes, ReLU, softmax output, SGD
lr 0.1, batch 32, one epoch per ``partial_fit``; torch's own threads limited
to one) on the same data sets and 70/30 splits as float32 (digits as pixels
/ 16, the others standardised) under no noise and 40% symmetric and
asymmetric noise, seeds 0-4:

- **tuned network**, the baseline and time unit: its number of epochs
  (1-60) chosen by 3-fold stratified CV on the noisy labels
  (each fold trained once, scored after every epoch), then refitted on all
  rows for that many epochs; search + refit timed;
- **network, 30 epochs** untuned (the memorisation reference);
- **clean-rows oracle**: the same tuned procedure on the unflipped rows;
- ``SelfPacedClassifierCV(net, random_state=seed)`` with its defaults
  (``n_warmup="auto"``: 10 warm-up epochs for a network), with
  ``n_warmup=1`` (the previous default), ``shuffle=False`` and
  ``max_iter=40`` (``--methods`` picks some, by full or short name), each
  with a random control: the network for the refit's number of epochs on a
  random per-class subset of its final selection's size.

torch's generator is seeded with the run seed before every fit (skorch draws
weights and minibatch orders from it). The targets checked are issue 16's:
>= 60% of the gap on asym40, >= 40% on sym40, >= -0.5 points clean, CPU
time <= 2x the tuned network's.

Usage::

    python benchmarks/bench_noise.py --learner net [--datasets ...] [--seeds ...]
        [--noise ...] [--methods ...]
        [--out FILE.md] [--json FILE.json]
    python benchmarks/bench_noise.py [--seeds 0 1 2 3 4] [--datasets digits ...]
        [--noise none sym20 sym40 asym20 asym40] [--methods NAME ...]
        [--target-method NAME] [--out FILE.md] [--json FILE.json]
    python benchmarks/bench_noise.py --from-json FILE.json [--out FILE.md]
    python benchmarks/bench_noise.py --learner hgb [--datasets ...] [--noise ...]
        [--seeds ...] [--out FILE.md] [--json FILE.json]

``--learner hgb`` runs the section of issue 15 instead: self-paced boosting
around ``HistGradientBoostingClassifier`` (a learner without ``partial_fit``,
trained in rounds of ``fit``). Per data set x noise setting x seed, side by
side: the **bare** ``HistGradientBoostingClassifier(random_state=seed)`` (its
CPU time is the time unit), the **clean-rows oracle** (the same learner on the
rows whose labels were not flipped), ``SelfPacedClassifierCV(HGB,
random_state=seed)`` with its defaults, its **random control** (the same HGB
on a random per-class subset the size of its final selection) and cleanlab's
``CleanLearning(HGB, seed=seed)``. No alpha search: the learner is used as a
practitioner would, with its defaults. Targets (issue 15): on digits with 40%
asymmetric noise SPL-CV closes >= 50% of the bare-oracle gap at <= 8x one bare
fit; on clean data it is no more than 0.5 points below the bare learner.

``--from-json`` re-prints the report from saved per-seed numbers, without
training anything (to regenerate the docs tables, or to check the targets of
another ``--target-method``). ``--full`` has no larger sizes here: the
default is the whole protocol. Run from the repository root with skcurric
importable (installed, or ``PYTHONPATH=.``).
"""

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    BENCHMARK_DATASETS,
    NOISE_SETTINGS,
    TUNED_ALPHAS,
    Report,
    add_label_noise,
    header,
    parser,
    table,
    timed,
)

import skcurric  # noqa: E402
from skcurric import (  # noqa: E402
    CurriculumSGDClassifier,
    DifficultyScorer,
    ForgettingPruner,
    PrunedClassifier,
    SelfPacedClassifier,
)

MAX_ITER = 30
UNTUNED_ALPHA = 1e-4
# PrunedClassifier's "drop the noisy tail" entry: drop the hardest fifth of
# every class. A fixed guess, as a user who does not know the noise rate would
# make; deliberately not the true rate of any cell (0, 0.2 or 0.4).
DROP_KEEP_FRACTION = 0.8
# The time unit and the three reference rows.
TUNED, UNTUNED, ORACLE = "tuned SGD", "untuned SGD (alpha=1e-4)", "clean-rows oracle"
CLEANLAB = "cleanlab CleanLearning"
CONTROL = "control: random subset for "
GAP_MIN = 0.5  # points; below it the oracle gap is too small to share out


def noise_key(kind, rate):
    return "none" if rate == 0 else f"{kind} {rate:.0%}"


NOISE_ALIASES = {
    "none": ("none", 0.0),
    "sym20": ("symmetric", 0.2),
    "sym40": ("symmetric", 0.4),
    "asym20": ("asymmetric", 0.2),
    "asym40": ("asymmetric", 0.4),
}
assert sorted(NOISE_ALIASES.values()) == sorted(NOISE_SETTINGS)


def learner(alpha, seed):
    """The wrapped learner: SGD with log loss, 30 epochs, no early stop."""
    return SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=MAX_ITER, tol=None, random_state=seed
    )


def tune(X, y, seed):
    """3-fold search of alpha, then the refit on all rows, timed apart.

    Returns the refitted model, alpha*, the search's CPU time and the refit's.
    ``GridSearchCV(refit=True)`` does the same work; the two parts are timed
    apart so that every other method can be charged the search alone.
    """
    search = GridSearchCV(
        learner(UNTUNED_ALPHA, seed), {"alpha": TUNED_ALPHAS}, cv=3, refit=False
    )
    t_search = timed(lambda: search.fit(X, y))
    alpha = float(search.best_params_["alpha"])
    model = learner(alpha, seed)
    t_refit = timed(lambda: model.fit(X, y))
    return model, alpha, t_search, t_refit


# ---------------------------------------------------------------------------
# The methods: name -> fit(X, y, alpha, seed) -> model or (model, extra dict).
# ---------------------------------------------------------------------------


def fit_self_paced(X, y, alpha, seed):
    return SelfPacedClassifier(learner(alpha, seed), random_state=seed).fit(X, y)


def fit_self_paced_cv(X, y, alpha, seed):
    model = skcurric.SelfPacedClassifierCV(
        estimator=learner(alpha, seed), random_state=seed
    ).fit(X, y)
    return model, {"pace": float(model.pace_)}


def fit_curriculum(X, y, alpha, seed):
    return CurriculumSGDClassifier(learner(alpha, seed), random_state=seed).fit(X, y)


def fit_pruned(X, y, alpha, seed):
    return PrunedClassifier(learner(alpha, seed), random_state=seed).fit(X, y)


def fit_pruned_drop_tail(X, y, alpha, seed):
    pruner = ForgettingPruner(
        DifficultyScorer("aum", estimator=learner(alpha, seed), random_state=seed),
        keep_fraction=DROP_KEEP_FRACTION,
        strategy="drop_hardest",
        random_state=seed,
    )
    return PrunedClassifier(learner(alpha, seed), pruner=pruner, random_state=seed).fit(
        X, y
    )


def fit_cleanlab(X, y, alpha, seed):
    from cleanlab.classification import CleanLearning

    # Creating a CleanLearning seeds NumPy's global generator with ``seed``
    # (measured: the global stream restarts from seed after the constructor).
    # Restore the global state, so that nothing run after this entry depends
    # on whether cleanlab ran.
    state = np.random.get_state()  # noqa: NPY002 (the legacy global state)
    try:
        # n_jobs=1: cleanlab would otherwise find the label issues in worker
        # processes, whose CPU time this process's clock would not see.
        model = CleanLearning(
            learner(alpha, seed), seed=seed, find_label_issues_kwargs={"n_jobs": 1}
        ).fit(X, y)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    return model, {"kept": float(1 - np.mean(model.label_issues_mask))}


def _has_cleanlab():
    try:
        import cleanlab.classification  # noqa: F401
    except ImportError:
        return False
    return True


METHODS = {
    "SelfPacedClassifier": fit_self_paced,
    "SelfPacedClassifierCV": fit_self_paced_cv,
    "CurriculumSGDClassifier": fit_curriculum,
    "PrunedClassifier": fit_pruned,
    f"PrunedClassifier, drop hardest {1 - DROP_KEEP_FRACTION:.0%} (AUM)": (
        fit_pruned_drop_tail
    ),
    CLEANLAB: fit_cleanlab,
}

# Methods that need something skcurric or the environment may lack, with the
# note printed when they are skipped.
UNAVAILABLE = {
    "SelfPacedClassifierCV": (
        lambda: not hasattr(skcurric, "SelfPacedClassifierCV"),
        "this skcurric has no SelfPacedClassifierCV",
    ),
    CLEANLAB: (
        lambda: not _has_cleanlab(),
        "cleanlab is not installed (a benchmark-only extra: pip install cleanlab)",
    ),
}


def control_rows(y, selected, seed):
    """Sorted random rows with, per (noisy) class, as many as ``selected`` kept.

    The random controls of every section draw them here, from a local
    generator offset from the run seed so the draw shares nothing with the
    estimators' streams.
    """
    rng = np.random.RandomState(seed + 7919)
    take = [
        rng.choice(rows, size=int(selected[rows].sum()), replace=False)
        for rows in (np.flatnonzero(y == label) for label in np.unique(y))
    ]
    return np.sort(np.concatenate(take))


def random_control(X, y, selected, alpha, seed):
    """SGD(alpha*) for the same epochs on a random subset, sized per class.

    The subset keeps, in every (noisy) class, as many rows as the method's
    final selection kept there (:func:`control_rows`).
    """
    take = control_rows(y, selected, seed)
    model = learner(alpha, seed)
    seconds = timed(lambda: model.fit(X[take], y[take]))
    return model, seconds


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


def run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed, methods):
    """Every method on one data set x noise setting x seed."""
    # Data and noise are prepared before any clock starts.
    # Rate 0 ("none") draws no flip whatever the kind; add_label_noise knows
    # only the two kinds.
    kind = "symmetric" if kind == "none" else kind
    y_noisy, flipped = add_label_noise(y_tr, rate, seed, return_mask=True, kind=kind)
    X_clean, y_clean = X_tr[~flipped], y_noisy[~flipped]
    out = {}

    tuned, alpha, t_search, t_refit = tune(X_tr, y_noisy, seed)
    out[TUNED] = {"accuracy": tuned.score(X_te, y_te), "time": t_search + t_refit}
    out["_alpha"] = alpha

    untuned = learner(UNTUNED_ALPHA, seed)
    t = timed(lambda: untuned.fit(X_tr, y_noisy))
    out[UNTUNED] = {"accuracy": untuned.score(X_te, y_te), "time": t}

    if flipped.any():
        oracle, o_alpha, o_search, o_refit = tune(X_clean, y_clean, seed)
        out[ORACLE] = {"accuracy": oracle.score(X_te, y_te), "time": o_search + o_refit}
    else:  # no flipped row: the oracle is tuned SGD itself
        o_alpha = alpha
        out[ORACLE] = dict(out[TUNED])
    out["_oracle_alpha"] = o_alpha

    for name in methods:
        fitted = {}

        def fit(name=name, fitted=fitted):
            fitted["result"] = METHODS[name](X_tr, y_noisy, alpha, seed)

        seconds = timed(fit)
        result = fitted["result"]
        model, extra = result if isinstance(result, tuple) else (result, {})
        row = {"accuracy": model.score(X_te, y_te), "time": seconds + t_search}
        row.update(extra)
        if "pace" not in row and hasattr(model, "pace_"):
            row["pace"] = float(model.pace_)
        selected = _selection(model, y_noisy.size)
        if selected is not None:
            row["kept"] = float(selected.mean())
            row["flipped kept"] = (
                float(selected[flipped].mean()) if flipped.any() else None
            )
            control, c_seconds = random_control(X_tr, y_noisy, selected, alpha, seed)
            out[CONTROL + name] = {
                "accuracy": control.score(X_te, y_te),
                "time": c_seconds + t_search,
                "kept": float(selected.mean()),
            }
        out[name] = row
    return out


def _selection(model, n_rows):
    if hasattr(model, "selected_"):
        return np.asarray(model.selected_, dtype=bool)
    if hasattr(model, "sample_indices_"):
        mask = np.zeros(n_rows, dtype=bool)
        mask[model.sample_indices_] = True
        return mask
    return None


def full_name(name):
    """A method's full name from itself or its short column name."""
    by_short = {short(n): n for n in METHODS}
    return by_short.get(name, name)


def run(args, log):
    asked = [full_name(m) for m in args.methods or METHODS]
    unknown = sorted(set(asked) - set(METHODS))
    if unknown:
        raise SystemExit(
            f"unknown method(s) {unknown}; choose from {list(METHODS)} or their "
            f"short names {[short(n) for n in METHODS]}"
        )
    methods = [m for m in METHODS if m in asked]
    notes = []
    for name, (missing, note) in UNAVAILABLE.items():
        if name in methods and missing():
            methods.remove(name)
            notes.append(f"{name} skipped: {note}.")
    asked_noise = {NOISE_ALIASES[n] for n in args.noise}
    settings = [s for s in NOISE_SETTINGS if s in asked_noise]  # table order
    results, shapes = {}, {}
    for dataset in args.datasets:
        X_tr, X_te, y_tr, y_te = BENCHMARK_DATASETS[dataset]()
        shapes[dataset] = [
            int(X_tr.shape[0]),
            int(X_te.shape[0]),
            int(X_tr.shape[1]),
            int(np.unique(y_tr).size),
        ]
        for kind, rate in settings:
            cell = results.setdefault(dataset, {}).setdefault(
                noise_key(kind, rate), {"alpha": [], "oracle_alpha": [], "methods": {}}
            )
            for seed in args.seeds:
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    # max_iter=30 without early stopping is the protocol's
                    # budget, not a convergence failure to report.
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    out = run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed, methods)
                cell["alpha"].append(out.pop("_alpha"))
                cell["oracle_alpha"].append(out.pop("_oracle_alpha"))
                for name, row in out.items():
                    per = cell["methods"].setdefault(name, {})
                    for key, value in row.items():
                        per.setdefault(key, []).append(value)
                tuned, oracle = out[TUNED]["accuracy"], out[ORACLE]["accuracy"]
                log(
                    f"{dataset}, {noise_key(kind, rate)}, seed {seed}: tuned "
                    f"{tuned:.3f}, oracle {oracle:.3f} "
                    f"[{time.perf_counter() - t0:.1f} s]"
                )
    return {
        "seeds": list(args.seeds),
        "methods": methods,
        "notes": notes,
        "shapes": shapes,
        "versions": header("", args.seeds).split("\n")[2],
        "results": results,
    }


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def pts(x):
    return f"{100 * x:+.1f}"


# Column headers: the full names are long; the legend under each table says
# which is which.
SHORT = {
    TUNED: "tuned",
    ORACLE: "oracle",
    UNTUNED: "untuned",
    "SelfPacedClassifier": "SPL",
    "SelfPacedClassifierCV": "SPL-CV",
    "CurriculumSGDClassifier": "Curriculum",
    "PrunedClassifier": "Pruned",
    f"PrunedClassifier, drop hardest {1 - DROP_KEEP_FRACTION:.0%} (AUM)": "Pruned-tail",
    CLEANLAB: "cleanlab",
}


def short(name):
    if name.startswith(CONTROL):
        return f"ctrl({short(name[len(CONTROL) :])})"
    return SHORT.get(name, name)


def legend(names):
    return "; ".join(f"{short(n)} = {n}" for n in names if short(n) != n) + "."


def column_order(cell):
    names = list(cell["methods"])
    ordered = [TUNED, ORACLE, UNTUNED]
    for name in names:
        if name in ordered or name.startswith(CONTROL):
            continue
        ordered.append(name)
        if CONTROL + name in names:
            ordered.append(CONTROL + name)
    return [n for n in ordered if n in names]


def gap_closed(acc, tuned, oracle):
    """median(method - tuned) / median(oracle - tuned), or None under GAP_MIN."""
    gap = np.median(oracle - tuned)
    if 100 * gap < GAP_MIN:
        return None
    return float(np.median(acc - tuned) / gap)


def quality_cell(name, cell):
    m = cell["methods"]
    acc = np.array(m[name]["accuracy"])
    tuned = np.array(m[TUNED]["accuracy"])
    oracle = np.array(m[ORACLE]["accuracy"])
    text = f"{100 * np.median(acc):.1f}"
    if name == TUNED:
        return text
    d = acc - tuned
    text += f" / {pts(np.median(d))} ({pts(d.min())}, {pts(d.max())})"
    if name == ORACLE:
        return text
    if name == UNTUNED:  # a reference, not a method: no share of the gap
        return text
    closed = gap_closed(acc, tuned, oracle)
    return text + (" / n/a" if closed is None else f" / {100 * closed:.0f}%")


def time_ratios(name, cell):
    m = cell["methods"]
    return np.array(m[name]["time"]) / np.array(m[TUNED]["time"])


def report_dataset(report, dataset, cells, shape):
    n_tr, n_te, n_feat, n_cls = shape
    report.print(
        f"\n## {dataset} ({n_tr} training rows, {n_te} test rows, {n_feat} "
        f"features, {n_cls} classes)\n"
    )
    if n_cls == 2:
        report.print(
            "Two classes: 'the next class' is the only other class, so the "
            "asymmetric rows flip the very labels the symmetric rows of the "
            "same rate flip (same seeds), and repeat them.\n"
        )
    any_cell = next(iter(cells.values()))
    names = column_order(any_cell)
    report.print(
        "Accuracy on the clean test labels, % (median over seeds) / points over "
        "tuned SGD, median (min, max) of per-seed paired differences / % of the "
        "oracle gap closed:\n"
    )
    rows = [
        [key, *(quality_cell(n, cell) for n in names)] for key, cell in cells.items()
    ]
    report.print(table(["noise", *map(short, names)], rows))
    report.print(f"\n{legend(names)}")
    report.print(
        "\nCPU time relative to tuned SGD (its alpha search + refit), median "
        "(min-max); every method's time includes the alpha search:\n"
    )
    timed_names = [n for n in names if n not in (TUNED, ORACLE)]
    rows = []
    for key, cell in cells.items():
        row = [key, f"{np.median(cell['methods'][TUNED]['time']):.2f} s"]
        for n in timed_names:
            r = time_ratios(n, cell)
            row.append(f"{np.median(r):.2f} ({r.min():.2f}-{r.max():.2f})")
        rows.append(row)
    report.print(table(["noise", "tuned (CPU s)", *map(short, timed_names)], rows))
    report.print("\nWhat was chosen, per seed:\n")
    for key, cell in cells.items():
        report.print(
            f"- {key}: alpha* {_fmt_list(cell['alpha'], '{:g}')}; oracle's alpha "
            f"{_fmt_list(cell['oracle_alpha'], '{:g}')}"
        )
        for n in names:
            per = cell["methods"][n]
            parts = []
            if "pace" in per:
                parts.append(f"pace_ {_fmt_list(per['pace'], '{:.2f}')}")
            if "kept" in per and not n.startswith(CONTROL):
                parts.append(f"rows kept {_fmt_list(per['kept'], '{:.0%}')}")
            flipped = [v for v in per.get("flipped kept", []) if v is not None]
            if flipped:
                parts.append(f"flipped rows kept {_fmt_list(flipped, '{:.0%}')}")
            if parts:
                report.print(f"  - {n}: " + "; ".join(parts))


def _fmt_list(values, fmt):
    return "[" + ", ".join(fmt.format(v) for v in values) + "]"


def report_targets(report, data, method):
    """Issue 12's bench_noise targets for ``method``, met or missed per cell."""
    report.print(f"\n## Targets (issue 12) for {method}\n")
    results = data["results"]
    cells = [
        (ds, key, cell)
        for ds, by_noise in results.items()
        for key, cell in by_noise.items()
        if method in cell["methods"]
    ]
    if not cells:
        report.print(
            f"{method} was not run (absent, skipped or not selected): no target "
            "checked."
        )
        return
    if len(data["seeds"]) < 5:
        report.print(
            f"Note: {len(data['seeds'])} seed(s); the targets are defined on "
            "seeds 0-4.\n"
        )
    rows = []

    def add(ds, key, target, value, met):
        rows.append([ds, key, target, value, "met" if met else "MISSED"])

    for ds, key, cell in cells:
        m = cell["methods"]
        acc = np.array(m[method]["accuracy"])
        tuned = np.array(m[TUNED]["accuracy"])
        oracle = np.array(m[ORACLE]["accuracy"])
        closed = gap_closed(acc, tuned, oracle)
        closed_text = "n/a (gap < 0.5)" if closed is None else f"{100 * closed:.0f}%"
        if ds == "digits" and key == "asymmetric 40%":
            add(ds, key, "closes >= 65% of the gap", closed_text, (closed or 0) >= 0.65)
        if key == "symmetric 40%":
            add(
                ds,
                key,
                "closes >= 25% of the gap (digits + 1 other)",
                closed_text,
                closed is not None and closed >= 0.25,
            )
        d = 100 * np.median(acc - tuned)
        add(ds, key, ">= -0.5 points vs tuned", f"{d:+.2f}", d >= -0.5)
        if key.endswith("40%") and CLEANLAB in m:
            mine = 100 * np.median(acc)
            peer = 100 * np.median(m[CLEANLAB]["accuracy"])
            add(
                ds,
                key,
                ">= cleanlab's accuracy",
                f"{mine:.1f} vs {peer:.1f}",
                mine >= peer,
            )
        r = float(np.median(time_ratios(method, cell)))
        add(ds, key, "CPU time <= 2.0x tuned", f"{r:.2f}x", r <= 2.0)
    report.print(table(["data set", "noise", "target", "measured", ""], rows))
    sym40 = [r for r in rows if r[1] == "symmetric 40%" and "gap" in r[2]]
    met_sets = {r[0] for r in sym40 if r[4] == "met"}
    if sym40:
        ok = "digits" in met_sets and len(met_sets) >= 2
        report.print(
            f"\nSymmetric 40% (digits and at least one other data set): "
            f"{'met' if ok else 'MISSED'} (met on {sorted(met_sets) or 'none'})."
        )
    if not any(CLEANLAB in c["methods"] for _, _, c in cells):
        report.print(
            "\ncleanlab did not run: the 'at least cleanlab' target is unchecked."
        )
    missed = sum(r[4] == "MISSED" for r in rows)
    report.print(f"\n{len(rows) - missed} of {len(rows)} checks met, {missed} missed.")
    report.print(
        "\nThe DifficultyScorer and ForgettingPruner targets of issue 12 are "
        "checked by bench_defaults.py (parts a and b), not here."
    )


def print_report(report, data, target_method, elapsed=None):
    report.print(
        "# Label noise against the tuned baseline (bench_noise.py)\n\n"
        + data["versions"]
        + "\n"
    )
    report.print(
        f"Every method wraps SGDClassifier(loss='log_loss', alpha=alpha*, "
        f"max_iter={MAX_ITER}, tol=None); alpha* by 3-fold GridSearchCV over "
        f"{TUNED_ALPHAS} on the noisy training labels. Test labels are clean. "
        "Controls: the same SGD(alpha*) on a random per-class subset the size "
        "of the method's final selection. The drop-hardest pruner keeps "
        f"{DROP_KEEP_FRACTION:.0%} of every class, a fixed guess (not the true "
        "noise rate)."
    )
    for note in data["notes"]:
        report.print(f"\nNote: {note}")
    for dataset, cells in data["results"].items():
        report_dataset(report, dataset, cells, data["shapes"][dataset])
    report_targets(report, data, full_name(target_method))
    if elapsed is not None:
        report.print(f"\nTotal wall-clock time: {elapsed / 60:.1f} min.")


# ---------------------------------------------------------------------------
# The network section (--learner net, issue 16)
# ---------------------------------------------------------------------------

NET_MAX_EPOCHS = 60  # the tuned network's epoch candidates: 1 .. 60
NET_EPOCHS = 30  # the untuned network (SelfPacedClassifier's max_iter default)
NET_NOISE = ("none", "sym40", "asym40")
TUNED_NET, UNTUNED_NET = "tuned network", f"network, {NET_EPOCHS} epochs"
# SelfPacedClassifierCV around the network: its defaults (n_warmup="auto":
# 10 warm-up epochs around a network, so that it has learned what each class
# shares before the small-loss ranking starts); the previous default of one
# warm-up epoch; and the defaults with the network's own fixed row order
# (shuffle=False, as the tuned network trains: skorch does not shuffle) or a
# longer hold (max_iter=40). Tried on seeds 0-2 before the first run:
# n_warmup 1, 3, 5, 10 with max_iter 30, 40 or 60, candidate grids from 0.3
# or 0.5 by 0.1, cv 3 or 5, shuffle on or off.
SPCV_VARIANTS = {
    "SelfPacedClassifierCV": {},
    "SelfPacedClassifierCV(n_warmup=1)": {"n_warmup": 1},
    "SelfPacedClassifierCV(shuffle=False)": {"shuffle": False},
    "SelfPacedClassifierCV(max_iter=40)": {"max_iter": 40},
    "SelfPacedClassifierCV(max_iter=30)": {"max_iter": 30},
}
NET_SHORT = {
    TUNED_NET: "tuned",
    ORACLE: "oracle",
    UNTUNED_NET: f"net {NET_EPOCHS} ep",
    "SelfPacedClassifierCV": "SPL-CV",
    "SelfPacedClassifierCV(n_warmup=1)": "SPL-CV w1",
    "SelfPacedClassifierCV(shuffle=False)": "SPL-CV noshuf",
    "SelfPacedClassifierCV(max_iter=40)": "SPL-CV it40",
    "SelfPacedClassifierCV(max_iter=30)": "SPL-CV it30",
}


def net_split(dataset):
    """A data set as the network takes it (float32 features, int64 labels 0..K-1),
    split as everywhere else: digits as pixels / 16, the others standardised."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    if dataset == "digits":
        X, y = load_digits(return_X_y=True)
        X_tr, X_te, y_tr, y_te = train_test_split(
            X / 16.0, y, test_size=0.3, stratify=y, random_state=0
        )
    else:
        X_tr, X_te, y_tr, y_te = BENCHMARK_DATASETS[dataset]()
    _, y_tr = np.unique(y_tr, return_inverse=True)
    _, y_te = np.unique(y_te, return_inverse=True)
    f32 = np.float32
    return (
        X_tr.astype(f32),
        X_te.astype(f32),
        y_tr.astype(np.int64),
        y_te.astype(np.int64),
    )


def make_net(seed, n_in=64, n_out=10):
    """The network, one epoch per partial_fit; torch seeded with ``seed``."""
    import torch
    from skorch import NeuralNetClassifier

    class MLP(torch.nn.Module):
        def __init__(self, n_hidden=256):
            super().__init__()
            self.hidden = torch.nn.Linear(n_in, n_hidden)
            self.out = torch.nn.Linear(n_hidden, n_out)

        def forward(self, X):
            return torch.softmax(self.out(torch.relu(self.hidden(X))), dim=-1)

    torch.manual_seed(seed)
    return NeuralNetClassifier(
        MLP,
        max_epochs=1,
        lr=0.1,
        batch_size=32,
        optimizer=torch.optim.SGD,
        train_split=None,
        verbose=0,
    )


def train_net(X, y, n_epochs, seed, watch=None):
    """The network trained ``n_epochs`` epochs; with ``watch=(X_val, y_val)``
    also its accuracy there after every epoch."""
    net = make_net(seed, X.shape[1], int(y.max()) + 1)
    scores = []
    for _ in range(n_epochs):
        net.partial_fit(X, y)
        if watch is not None:
            scores.append(net.score(*watch))
    return net, scores


def tune_net(X, y, seed):
    """Epochs by 3-fold CV (one path per fold), then the refit; both timed."""
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y)
    curves = []

    def search():
        for train, test in folds:
            curves.append(
                train_net(X[train], y[train], NET_MAX_EPOCHS, seed, (X[test], y[test]))[
                    1
                ]
            )

    t_search = timed(search)
    mean = np.mean(curves, axis=0)
    epochs = int(np.argmax(mean)) + 1  # ties: the fewest epochs
    fitted = {}
    t_refit = timed(lambda: fitted.update(net=train_net(X, y, epochs, seed)[0]))
    return fitted["net"], epochs, t_search, t_refit


def run_net_cell(X_tr, X_te, y_tr, y_te, noise, seed, variants):
    kind, rate = NOISE_ALIASES[noise]
    kind = "symmetric" if kind == "none" else kind
    y_noisy, flipped = add_label_noise(y_tr, rate, seed, return_mask=True, kind=kind)
    out = {}
    tuned, epochs, t_search, t_refit = tune_net(X_tr, y_noisy, seed)
    t_unit = t_search + t_refit
    out[TUNED_NET] = {"accuracy": tuned.score(X_te, y_te), "time": t_unit}
    out["_epochs"] = epochs
    fitted = {}
    t = timed(lambda: fitted.update(net=train_net(X_tr, y_noisy, NET_EPOCHS, seed)[0]))
    out[UNTUNED_NET] = {"accuracy": fitted["net"].score(X_te, y_te), "time": t}
    if flipped.any():
        oracle, o_epochs, o_search, o_refit = tune_net(
            X_tr[~flipped], y_noisy[~flipped], seed
        )
        out[ORACLE] = {"accuracy": oracle.score(X_te, y_te), "time": o_search + o_refit}
    else:
        o_epochs = epochs
        out[ORACLE] = dict(out[TUNED_NET])
    out["_oracle_epochs"] = o_epochs

    for name, params in variants.items():

        def fit_spcv(params=params):
            fitted["spcv"] = skcurric.SelfPacedClassifierCV(
                make_net(seed, X_tr.shape[1], int(y_tr.max()) + 1),
                random_state=seed,
                **params,
            ).fit(X_tr, y_noisy)

        t = timed(fit_spcv)
        model = fitted["spcv"]
        selected = np.asarray(model.selected_, dtype=bool)
        out[name] = {
            "accuracy": model.score(X_te, y_te),
            "time": t,
            "pace": float(model.pace_),
            "n_iter": int(model.n_iter_),
            "kept": float(selected.mean()),
            "flipped kept": float(selected[flipped].mean()) if flipped.any() else None,
        }
        take = control_rows(y_noisy, selected, seed)
        n_iter = int(model.n_iter_)
        t = timed(
            lambda take=take, n_iter=n_iter: fitted.update(
                ctrl=train_net(X_tr[take], y_noisy[take], n_iter, seed)[0]
            )
        )
        out[CONTROL + name] = {
            "accuracy": fitted["ctrl"].score(X_te, y_te),
            "time": t,
            "kept": float(selected.mean()),
        }
    return out


def net_variants(args):
    """The SelfPacedClassifierCV variants to run: ``--methods`` (full or short
    names) among SPCV_VARIANTS, else all."""
    if not args.methods:
        return dict(SPCV_VARIANTS)
    chosen = {
        n: p
        for n, p in SPCV_VARIANTS.items()
        if n in args.methods or NET_SHORT[n] in args.methods
    }
    if not chosen:
        raise SystemExit(f"--methods matches none of {list(SPCV_VARIANTS)}")
    return chosen


def run_net(args, log):
    import torch

    torch.set_num_threads(1)
    variants = net_variants(args)
    noise = [n for n in NET_NOISE if n in args.noise] or list(NET_NOISE)
    results, shapes = {}, {}
    for dataset in args.datasets:
        X_tr, X_te, y_tr, y_te = net_split(dataset)
        shapes[dataset] = [int(X_tr.shape[0]), int(X_te.shape[0]), int(X_tr.shape[1])]
        for key in noise:
            cell = results.setdefault(dataset, {}).setdefault(
                key, {"epochs": [], "oracle_epochs": [], "methods": {}}
            )
            for seed in args.seeds:
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    out = run_net_cell(X_tr, X_te, y_tr, y_te, key, seed, variants)
                cell["epochs"].append(out.pop("_epochs"))
                cell["oracle_epochs"].append(out.pop("_oracle_epochs"))
                for name, row in out.items():
                    per = cell["methods"].setdefault(name, {})
                    for k, v in row.items():
                        per.setdefault(k, []).append(v)
                m = cell["methods"]
                log(
                    f"net, {dataset}, {key}, seed {seed}: tuned "
                    f"{m[TUNED_NET]['accuracy'][-1]:.3f} "
                    f"({cell['epochs'][-1]} epochs), oracle "
                    f"{m[ORACLE]['accuracy'][-1]:.3f}, "
                    + ", ".join(
                        f"{NET_SHORT[n]} {m[n]['accuracy'][-1]:.3f} "
                        f"(pace {m[n]['pace'][-1]:.2f})"
                        for n in variants
                    )
                    + f" [{time.perf_counter() - t0:.1f} s]"
                )
    return {
        "learner": "net",
        "seeds": list(args.seeds),
        "shapes": shapes,
        "versions": header("", args.seeds).split("\n")[2]
        + f", torch {torch.__version__}",
        "results": results,
    }


def print_net_report(report, data, elapsed=None):
    report.print(
        "# Label noise, a PyTorch network through skorch (bench_noise.py "
        "--learner net)\n\n" + data["versions"] + "\n"
    )
    if "shapes" not in data:  # a run from before the other data sets
        data = {**data, "shapes": {"digits": data["shape"]}}
        data["results"] = {"digits": data["results"]}
    report.print(
        "A network of one hidden layer (n_features-256-n_classes, ReLU, softmax; "
        "SGD lr 0.1, batch 32; one epoch per partial_fit, torch on one thread); "
        "float32 features (digits: pixels / 16; the others standardised). tuned "
        f"network: epochs 1-{NET_MAX_EPOCHS} chosen by 3-fold CV on the noisy "
        "labels, refitted; its search + refit CPU time is the time unit. oracle: "
        "the same on the unflipped rows. SPL-CV rows: SelfPacedClassifierCV(net) "
        "with the settings in the legend; ctrl(...): the network for that row's "
        "number of epochs on a random per-class subset of its selection's size. "
        "Test labels are clean; the tuned network trains its rows in a fixed "
        "order (skorch's default does not shuffle).\n"
    )
    if data.get("note"):
        report.print(f"Note: {data['note']}\n")
    for dataset, cells in data["results"].items():
        n_tr, n_te, *n_feat = data["shapes"][dataset]
        feat = f", {n_feat[0]} features" if n_feat else ""
        report.print(f"## {dataset} ({n_tr} training rows, {n_te} test rows{feat})\n")
        _print_net_cells(report, cells, targets=dataset == "digits")
    if len(data["seeds"]) < 5:
        report.print(f"\nNote: {len(data['seeds'])} seed(s); the targets are on 0-4.")
    if elapsed is not None:
        report.print(f"\nTotal wall-clock time: {elapsed / 60:.1f} min.")


def _print_net_cells(report, cells, targets):
    # The variants this run has (a saved run may predate a variant).
    variants = [n for n in SPCV_VARIANTS if n in next(iter(cells.values()))["methods"]]
    names = [TUNED_NET, ORACLE, UNTUNED_NET]
    for name in variants:
        names += [name, CONTROL + name]
    short_names = [_net_short(n) for n in names]

    def quality(name, cell):
        m = cell["methods"]
        acc = np.array(m[name]["accuracy"])
        tuned = np.array(m[TUNED_NET]["accuracy"])
        oracle = np.array(m[ORACLE]["accuracy"])
        text = f"{100 * np.median(acc):.1f}"
        if name == TUNED_NET:
            return text
        d = acc - tuned
        text += f" / {pts(np.median(d))} ({pts(d.min())}, {pts(d.max())})"
        if name in (ORACLE, UNTUNED_NET):
            return text
        closed = gap_closed(acc, tuned, oracle)
        return text + (" / n/a" if closed is None else f" / {100 * closed:.0f}%")

    report.print(
        "Accuracy on the clean test labels, % (median over seeds) / points over "
        "the tuned network, median (min, max) of per-seed differences / % of "
        "the oracle gap closed:\n"
    )
    rows = [[k, *(quality(n, c) for n in names)] for k, c in cells.items()]
    report.print(table(["noise", *short_names], rows))
    report.print("\nCPU time relative to the tuned network (search + refit):\n")
    rows = []
    for k, c in cells.items():
        m = c["methods"]
        unit = np.array(m[TUNED_NET]["time"])
        row = [k, f"{np.median(unit):.1f} s"]
        for n in names[2:]:
            r = np.array(m[n]["time"]) / unit
            row.append(f"{np.median(r):.2f} ({r.min():.2f}-{r.max():.2f})")
        rows.append(row)
    report.print(table(["noise", "tuned (CPU s)", *short_names[2:]], rows))
    report.print(f"\n{legend_net(names)}")
    report.print("\nWhat was chosen, per seed:\n")
    for k, c in cells.items():
        report.print(
            f"- {k}: tuned epochs {c['epochs']}; oracle epochs {c['oracle_epochs']}"
        )
        for name in variants:
            m = c["methods"][name]
            flipped = [v for v in m["flipped kept"] if v is not None]
            report.print(
                f"  - {NET_SHORT[name]}: pace_ {_fmt_list(m['pace'], '{:.2f}')}, "
                f"epochs {m['n_iter']}, rows kept {_fmt_list(m['kept'], '{:.0%}')}"
                + (
                    f", flipped rows kept {_fmt_list(flipped, '{:.0%}')}"
                    if flipped
                    else ""
                )
            )
    if targets:
        for name in variants:
            report_net_targets(report, cells, name)


def legend_net(names):
    return "; ".join(f"{_net_short(n)} = {n}" for n in names) + "."


def _net_short(name):
    if name.startswith(CONTROL):
        return f"ctrl({NET_SHORT[name[len(CONTROL) :]]})"
    return NET_SHORT[name]


def report_net_targets(report, cells, name):
    """Issue 16's targets for one SelfPacedClassifierCV row."""
    report.print(f"\n## Targets (issue 16) for {name}\n")
    goals = {"asym40": 0.60, "sym40": 0.40}
    rows = []
    for k, c in cells.items():
        m = c["methods"]
        acc = np.array(m[name]["accuracy"])
        tuned = np.array(m[TUNED_NET]["accuracy"])
        oracle = np.array(m[ORACLE]["accuracy"])
        if k in goals:
            closed = gap_closed(acc, tuned, oracle)
            text = "n/a (gap < 0.5)" if closed is None else f"{100 * closed:.0f}%"
            ok = closed is not None and closed >= goals[k]
            rows.append([k, f"closes >= {goals[k]:.0%} of the gap", text, ok])
        else:
            d = 100 * np.median(acc - tuned)
            rows.append([k, ">= -0.5 points vs tuned", f"{d:+.2f}", d >= -0.5])
        r = float(np.median(np.array(m[name]["time"]) / np.array(m[TUNED_NET]["time"])))
        rows.append([k, "CPU time <= 2.0x tuned", f"{r:.2f}x", r <= 2.0])
    report.print(
        table(
            ["noise", "target", "measured", ""],
            [[*r[:3], "met" if r[3] else "MISSED"] for r in rows],
        )
    )
    missed = sum(not r[3] for r in rows)
    report.print(f"\n{len(rows) - missed} of {len(rows)} checks met, {missed} missed.")


# ---------------------------------------------------------------------------
# Issue 15: self-paced boosting around HistGradientBoostingClassifier
# ---------------------------------------------------------------------------

BARE, SPL_CV_HGB = "bare HGB", "SelfPacedClassifierCV(HGB)"
HGB_CONTROL = "control: random subset for SPL-CV(HGB)"
HGB_CLEANLAB = "cleanlab CleanLearning(HGB)"
HGB_SHORT = {
    BARE: "bare",
    ORACLE: "oracle",
    SPL_CV_HGB: "SPL-CV",
    HGB_CONTROL: "ctrl(SPL-CV)",
    HGB_CLEANLAB: "cleanlab",
}


def hgb(seed):
    """The learner of the section: scikit-learn's defaults, seeded."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=seed)


def _fit_timed(make_and_fit):
    box = {}
    seconds = timed(lambda: box.setdefault("model", make_and_fit()))
    return box["model"], seconds


def run_hgb_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed, with_cleanlab):
    """Every HGB method on one data set x noise setting x seed."""
    kind = "symmetric" if kind == "none" else kind
    y_noisy, flipped = add_label_noise(y_tr, rate, seed, return_mask=True, kind=kind)
    out = {}
    bare, t_bare = _fit_timed(lambda: hgb(seed).fit(X_tr, y_noisy))
    out[BARE] = {"accuracy": bare.score(X_te, y_te), "time": t_bare}
    if flipped.any():
        clean = ~flipped
        oracle, t = _fit_timed(lambda: hgb(seed).fit(X_tr[clean], y_noisy[clean]))
        out[ORACLE] = {"accuracy": oracle.score(X_te, y_te), "time": t}
    else:
        out[ORACLE] = dict(out[BARE])
    spl, t = _fit_timed(
        lambda: skcurric.SelfPacedClassifierCV(hgb(seed), random_state=seed).fit(
            X_tr, y_noisy
        )
    )
    selected = np.asarray(spl.selected_, dtype=bool)
    out[SPL_CV_HGB] = {
        "accuracy": spl.score(X_te, y_te),
        "time": t,
        "pace": float(spl.pace_),
        "kept": float(selected.mean()),
        "flipped kept": float(selected[flipped].mean()) if flipped.any() else None,
    }
    take = control_rows(y_noisy, selected, seed)
    control, t = _fit_timed(lambda: hgb(seed).fit(X_tr[take], y_noisy[take]))
    out[HGB_CONTROL] = {"accuracy": control.score(X_te, y_te), "time": t}
    if with_cleanlab:
        from cleanlab.classification import CleanLearning

        state = np.random.get_state()  # noqa: NPY002 (see fit_cleanlab)
        try:
            model, t = _fit_timed(
                lambda: CleanLearning(
                    hgb(seed), seed=seed, find_label_issues_kwargs={"n_jobs": 1}
                ).fit(X_tr, y_noisy)
            )
        finally:
            np.random.set_state(state)  # noqa: NPY002
        out[HGB_CLEANLAB] = {
            "accuracy": model.score(X_te, y_te),
            "time": t,
            "kept": float(1 - np.mean(model.label_issues_mask)),
        }
    return out


def run_hgb(args, log):
    with_cleanlab = _has_cleanlab()
    notes = [] if with_cleanlab else [f"{HGB_CLEANLAB} skipped: not installed."]
    asked_noise = {NOISE_ALIASES[n] for n in args.noise}
    settings = [s for s in NOISE_SETTINGS if s in asked_noise]
    results, shapes = {}, {}
    for dataset in args.datasets:
        X_tr, X_te, y_tr, y_te = BENCHMARK_DATASETS[dataset]()
        shapes[dataset] = [
            int(X_tr.shape[0]),
            int(X_te.shape[0]),
            int(X_tr.shape[1]),
            int(np.unique(y_tr).size),
        ]
        for kind, rate in settings:
            cell = results.setdefault(dataset, {}).setdefault(
                noise_key(kind, rate), {"methods": {}}
            )
            for seed in args.seeds:
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    out = run_hgb_cell(
                        X_tr, X_te, y_tr, y_te, kind, rate, seed, with_cleanlab
                    )
                for name, row in out.items():
                    per = cell["methods"].setdefault(name, {})
                    for key, value in row.items():
                        per.setdefault(key, []).append(value)
                log(
                    f"HGB {dataset}, {noise_key(kind, rate)}, seed {seed}: "
                    + ", ".join(
                        f"{HGB_SHORT[n]} {r['accuracy']:.3f}" for n, r in out.items()
                    )
                    + f" [{time.perf_counter() - t0:.1f} s]"
                )
    return {
        "learner": "hgb",
        "seeds": list(args.seeds),
        "notes": notes,
        "shapes": shapes,
        "versions": header("", args.seeds).split("\n")[2],
        "results": results,
    }


def print_hgb_report(report, data, elapsed=None):
    report.print(
        "# Self-paced boosting under label noise (bench_noise.py --learner hgb)"
        "\n\n" + data["versions"] + "\n"
    )
    report.print(
        "Every method wraps HistGradientBoostingClassifier(random_state=seed) "
        "with its defaults; test labels are clean. The time unit is one fit "
        "of the bare learner on the noisy labels. The control trains the same "
        "learner on a random per-class subset the size of SPL-CV's final "
        "selection."
    )
    for note in data["notes"]:
        report.print(f"\nNote: {note}")
    rows_targets = []
    for dataset, cells in data["results"].items():
        n_tr, n_te, n_feat, n_cls = data["shapes"][dataset]
        report.print(
            f"\n## {dataset} ({n_tr} training rows, {n_te} test rows, {n_feat} "
            f"features, {n_cls} classes)\n"
        )
        names = [n for n in HGB_SHORT if n in next(iter(cells.values()))["methods"]]
        report.print(
            "Accuracy on the clean test labels, % (median over seeds) / points "
            "over the bare learner, median (min, max) of per-seed differences / "
            "% of the oracle gap closed:\n"
        )
        rows, time_rows = [], []
        for key, cell in cells.items():
            m = cell["methods"]
            base = np.array(m[BARE]["accuracy"])
            oracle = np.array(m[ORACLE]["accuracy"])
            row, trow = [key], [key, f"{np.median(m[BARE]['time']):.2f} s"]
            for n in names:
                acc = np.array(m[n]["accuracy"])
                text = f"{100 * np.median(acc):.1f}"
                if n != BARE:
                    d = acc - base
                    text += f" / {pts(np.median(d))} ({pts(d.min())}, {pts(d.max())})"
                if n not in (BARE, ORACLE):
                    closed = gap_closed(acc, base, oracle)
                    text += " / n/a" if closed is None else f" / {100 * closed:.0f}%"
                row.append(text)
                if n != BARE:
                    r = np.array(m[n]["time"]) / np.array(m[BARE]["time"])
                    trow.append(f"{np.median(r):.2f} ({r.min():.2f}-{r.max():.2f})")
            rows.append(row)
            time_rows.append(trow)
            spl = m[SPL_CV_HGB]
            acc = np.array(spl["accuracy"])
            closed = gap_closed(acc, base, oracle)
            ratio = float(np.median(np.array(spl["time"]) / np.array(m[BARE]["time"])))
            d = 100 * np.median(acc - base)
            if key == "none":
                rows_targets.append(
                    [dataset, key, ">= -0.5 points vs bare", f"{d:+.2f}", d >= -0.5]
                )
            if dataset == "digits" and key == "asymmetric 40%":
                rows_targets.append(
                    [
                        dataset,
                        key,
                        "closes >= 50% of the gap",
                        "n/a" if closed is None else f"{100 * closed:.0f}%",
                        (closed or 0) >= 0.5,
                    ]
                )
                rows_targets.append(
                    [dataset, key, "CPU time <= 8x bare", f"{ratio:.2f}x", ratio <= 8]
                )
        report.print(table(["noise", *(HGB_SHORT[n] for n in names)], rows))
        report.print(
            "\n" + "; ".join(f"{HGB_SHORT[n]} = {n}" for n in names if n != BARE)
        )
        report.print("\nCPU time relative to one bare fit, median (min-max):\n")
        report.print(
            table(
                ["noise", "bare (CPU s)", *(HGB_SHORT[n] for n in names if n != BARE)],
                time_rows,
            )
        )
        report.print("\nWhat was chosen, per seed:\n")
        for key, cell in cells.items():
            spl = cell["methods"][SPL_CV_HGB]
            flipped = [v for v in spl["flipped kept"] if v is not None]
            text = (
                f"- {key}: pace_ {_fmt_list(spl['pace'], '{:.2f}')}; rows kept "
                f"{_fmt_list(spl['kept'], '{:.0%}')}"
            )
            if flipped:
                text += f"; flipped rows kept {_fmt_list(flipped, '{:.0%}')}"
            report.print(text)
    report.print("\n## Targets (issue 15) for SelfPacedClassifierCV(HGB)\n")
    if len(data["seeds"]) < 5:
        report.print(
            f"Note: {len(data['seeds'])} seed(s); the targets are defined on "
            "seeds 0-4.\n"
        )
    report.print(
        table(
            ["data set", "noise", "target", "measured", ""],
            [[*r[:4], "met" if r[4] else "MISSED"] for r in rows_targets],
        )
    )
    if elapsed is not None:
        report.print(f"\nTotal wall-clock time: {elapsed / 60:.1f} min.")


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument(
        "--datasets",
        nargs="+",
        default=list(BENCHMARK_DATASETS),
        choices=list(BENCHMARK_DATASETS),
        help="data sets to run (default: all)",
    )
    p.add_argument(
        "--noise",
        nargs="+",
        default=list(NOISE_ALIASES),
        choices=list(NOISE_ALIASES),
        help="noise settings to run (default: all)",
    )
    p.add_argument(
        "--methods",
        nargs="+",
        metavar="NAME",
        help="methods to run besides the baselines, full or short (column) names "
        # argparse %-formats help texts: "20%" would break --help.
        f"(default: all of {list(METHODS)})".replace("%", "%%"),
    )
    p.add_argument(
        "--target-method",
        default="SelfPacedClassifierCV",
        help="the method whose issue-12 targets are checked, full or short name "
        "(default: SelfPacedClassifierCV)",
    )
    p.add_argument(
        "--learner",
        choices=["sgd", "net", "hgb"],
        default="sgd",
        help="sgd: the protocol above; net: the skorch network section (needs "
        'torch and skorch: pip install ".[torch]"); hgb: self-paced boosting '
        "around HistGradientBoostingClassifier (issue 15)",
    )
    p.add_argument("--json", help="also save every per-seed number to this file")
    p.add_argument(
        "--from-json",
        metavar="FILE",
        help="print the report from a saved --json file instead of running",
    )
    args = p.parse_args()
    report = Report()
    if args.from_json:
        with open(args.from_json) as fh:
            data = json.load(fh)
        if data.get("learner") == "net":
            print_net_report(report, data, data.get("elapsed_s"))
        elif data.get("learner") == "hgb":
            print_hgb_report(report, data, data.get("elapsed_s"))
        else:
            print_report(report, data, args.target_method, data.get("elapsed_s"))
        report.save(args.out)
        return

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    runner = {"net": run_net, "hgb": run_hgb}.get(args.learner, run)
    data = runner(args, log)
    elapsed = time.perf_counter() - start
    data["elapsed_s"] = elapsed
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(data, fh, indent=1)
    if args.learner == "net":
        print_net_report(report, data, elapsed)
    elif args.learner == "hgb":
        print_hgb_report(report, data, elapsed)
    else:
        print_report(report, data, args.target_method, elapsed)
    report.save(args.out)


if __name__ == "__main__":
    main()
