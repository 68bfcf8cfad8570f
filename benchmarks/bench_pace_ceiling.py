"""How good is SelfPacedClassifierCV's choice of stop? Chosen vs best in hindsight.

A diagnostic for the misses of issue 12 (bench_noise.py). For every data set x
noise setting x seed of bench_noise's protocol, with the learner
``SGDClassifier(loss="log_loss", alpha=alpha*, max_iter=30, tol=None)`` and
``alpha*`` from the same 3-fold search on the noisy labels:

- **chosen**: ``SelfPacedClassifierCV(SGD(alpha*), confident_pruning=False,
  random_state=seed)``, its stop ``pace_`` picked by cross-validation on the
  noisy labels (without the confident pruning that the estimator tries where
  no stop is kept: this is about the stop);
- **every stop**: for each candidate fraction ``q < 1`` of its default grid,
  the refit that stops at ``q``, i.e. ``SelfPacedClassifier(pace="fraction",
  end_fraction=q)`` with the CV estimator's other parameters (equal to the
  CV's refit by construction, tested), and for ``q = 1`` the learner alone
  (tuned SGD);
- **previous rule**: the stop the rule before the near-tie preference and
  the refit check chose from the same fold scores (the paired gate, then the
  best mean itself), for comparison;
- **best in hindsight**: the most accurate of those stops *on the test
  labels*. No rule could know it; it is the ceiling of any choice of stop
  along this path, so the distance between "chosen" and "best" is what a
  better stopping rule could still win, and the distance between "best" and
  the clean-rows oracle is what it could not.

Accuracy on the clean test labels, medians over seeds of the paired
differences to tuned SGD in points, and the share of the oracle gap closed
(as in bench_noise.py). Run from the repository root with skcurric importable
(installed, or ``PYTHONPATH=.``)::

    python benchmarks/bench_pace_ceiling.py [--seeds 0 1 2 3 4]
        [--datasets digits ...] [--noise asym40 ...] [--out FILE.md]
"""

import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCHMARK_DATASETS,
    Report,
    add_label_noise,
    header,
    parser,
    table,
)
from bench_noise import NOISE_ALIASES, learner, tune  # noqa: E402

from skcurric import SelfPacedClassifier, SelfPacedClassifierCV  # noqa: E402


def run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed):
    """Tuned SGD, the oracle, the chosen stop and every stop, on one cell."""
    kind = "symmetric" if kind == "none" else kind
    y_noisy, flipped = add_label_noise(y_tr, rate, seed, return_mask=True, kind=kind)
    tuned, alpha, _, _ = tune(X_tr, y_noisy, seed)
    acc_tuned = tuned.score(X_te, y_te)
    if flipped.any():
        oracle, *_ = tune(X_tr[~flipped], y_noisy[~flipped], seed)
        acc_oracle = oracle.score(X_te, y_te)
    else:
        acc_oracle = acc_tuned
    # The stop along the path alone: no confident pruning where no stop is
    # kept (bench_spcv_variants.py measures it).
    cv = SelfPacedClassifierCV(
        learner(alpha, seed), confident_pruning=False, random_state=seed
    )
    cv.fit(X_tr, y_noisy)
    # The parameters the CV estimator passes on to its refit (its own list).
    passed_on = SelfPacedClassifierCV._PASSED_ON
    params = {k: v for k, v in cv.get_params(deep=False).items() if k in passed_on}
    params["max_iter"] = cv._max_iter()  # "auto" resolved: an int for the refit
    stops = {}
    for q in cv.cv_results_["fraction"]:
        if q >= 1:
            stops[1.0] = acc_tuned  # pace_ == 1 refits the learner alone
            continue
        model = SelfPacedClassifier(**params, pace="fraction", end_fraction=q)
        stops[float(q)] = model.fit(X_tr, y_noisy).score(X_te, y_te)
    chosen = cv.score(X_te, y_te)
    # The previous rule, on the same fold scores: the paired gate, then the
    # best mean itself (no preference among near-ties).
    grid = cv.cv_results_["fraction"]
    folds = np.vstack([v for k, v in cv.cv_results_.items() if k.startswith("split")])
    mean = folds.mean(axis=0)
    top = int(np.flatnonzero(mean >= mean.max())[-1])
    diff = folds[:, top] - folds[:, -1]
    gate = diff.mean() > diff.std(ddof=1) / np.sqrt(diff.size)
    previous_q = float(grid[top] if gate else grid[-1])
    # The CV's refit is one of the stops (the documented equality).
    assert np.isclose(stops[float(cv.pace_)], chosen), (stops, cv.pace_, chosen)
    best = max(stops, key=lambda q: (stops[q], q))
    return {
        "tuned": acc_tuned,
        "oracle": acc_oracle,
        "chosen": chosen,
        "pace": cv.pace_,
        "best": stops[best],
        "best_q": best,
        "previous": stops[previous_q],
        "fallback": cv.refit_fallback_,
    }


def _gap(diff, gap):
    return "n/a" if gap < 0.005 else f"{100 * diff / gap:.0f}%"


def main():
    p = parser(__doc__.split("\n")[0])
    p.add_argument("--datasets", nargs="+", choices=sorted(BENCHMARK_DATASETS))
    p.add_argument("--noise", nargs="+", choices=list(NOISE_ALIASES))
    args = p.parse_args()
    report = Report()
    report.print(header("Chosen stop vs best stop in hindsight", args.seeds))
    rows = []
    for name in args.datasets or list(BENCHMARK_DATASETS):
        X_tr, X_te, y_tr, y_te = BENCHMARK_DATASETS[name]()
        for key in args.noise or list(NOISE_ALIASES):
            kind, rate = NOISE_ALIASES[key]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                cells = [
                    run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed)
                    for seed in args.seeds
                ]
            tuned = np.array([c["tuned"] for c in cells])
            gap = float(np.median([c["oracle"] for c in cells] - tuned))
            chosen = float(np.median([c["chosen"] for c in cells] - tuned))
            best = float(np.median([c["best"] for c in cells] - tuned))
            prev = float(np.median([c["previous"] for c in cells] - tuned))
            worst = float(np.min([c["chosen"] for c in cells] - tuned))
            worst_prev = float(np.min([c["previous"] for c in cells] - tuned))
            rows.append(
                [
                    name,
                    key,
                    f"{100 * np.median(tuned):.1f}",
                    f"{100 * gap:+.2f}",
                    f"{100 * chosen:+.2f} ({_gap(chosen, gap)})",
                    f"{100 * worst:+.1f}",
                    f"{100 * prev:+.2f} ({_gap(prev, gap)})",
                    f"{100 * worst_prev:+.1f}",
                    f"{100 * best:+.2f} ({_gap(best, gap)})",
                    str(sum(c["fallback"] for c in cells)),
                    ", ".join(f"{c['pace']:.2f}" for c in cells),
                    ", ".join(f"{c['best_q']:.2f}" for c in cells),
                ]
            )
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    report.print(
        "Points over tuned SGD, median of per-seed differences (share of the "
        "oracle gap closed); chosen = SelfPacedClassifierCV's pace_ (its refit "
        "check included); previous rule = the paired gate then the best mean "
        "itself, on the same fold scores (before the near-tie rule and the "
        "refit check); worst seed = the lowest per-seed difference; best = the "
        "most accurate stop on the test labels (hindsight: no rule can know "
        "it); refit fallbacks = seeds whose refit failed the refit check.\n"
    )
    report.print(
        table(
            [
                "data",
                "noise",
                "tuned %",
                "oracle",
                "chosen stop",
                "worst seed",
                "previous rule",
                "its worst seed",
                "best stop (hindsight)",
                "refit fallbacks",
                "pace_ per seed",
                "best stop per seed",
            ],
            rows,
        )
    )
    report.save(args.out)


if __name__ == "__main__":
    main()
