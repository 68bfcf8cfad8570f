"""Variants of SelfPacedClassifierCV's choice and refit that were tried and not adopted.

A diagnostic for the remaining misses of issue 12 (symmetric 40% noise, breast
cancer; bench_noise.py), with the protocol of bench_noise.py: for every data
set x noise setting x seed, ``SGDClassifier(loss="log_loss", alpha=alpha*,
max_iter=30, tol=None)`` with ``alpha*`` from the same 3-fold search on the
noisy labels, and the clean-rows oracle. Columns:

- **SPCV**: ``SelfPacedClassifierCV(SGD(alpha*), random_state=seed)`` as
  shipped.
- **alpha re-chosen**: at SPCV's ``pace_ < 1``, ``alpha`` chosen again for
  the selection: on each of SPCV's folds, ``SelfPacedClassifier(pace=
  "fraction", end_fraction=pace_)`` selects the fold's training rows, SGD is
  fitted on them for every ``alpha`` of the search grid and scored on the
  held-out (noisy) labels; the best mean ``alpha`` (ties: the larger) is
  then fitted on SPCV's ``selected_``. The tuned ``alpha*`` absorbs the
  noise; the oracle's search picks 10-1,000 times smaller ones.
- **final fit at pace_**: the path stopped as soon as the pace reaches
  ``pace_`` (no epochs held there, so the selection is re-ranked no more),
  then SGD(alpha*) fitted once, from scratch, on that selection: one ``fit``
  instead of up to 30 epochs of ``partial_fit``, the cheaper refit.
- **cv=5**: ``SelfPacedClassifierCV(cv=5)``: more folds, smaller standard
  errors for the gate.
- **corrected scores**: the held-out scores corrected for the noise before
  the choice. The noise matrix :math:`T_{jk} = P(\\tilde y = k \\mid y = j)`
  is estimated by the confident joint (Northcutt et al. 2021) from the
  held-out probabilities of every fold's last candidate; the held-out
  confusion :math:`M_{pk} = P(h = p, \\tilde y = k)` of each candidate gives
  :math:`A = M T^{-1}` (Natarajan et al. 2013; Patrini et al. 2017) and the
  corrected accuracy :math:`\\mathrm{tr} A`. The gate is SPCV's (paired, one
  standard error, on the noisy scores); the stop is then the best corrected
  mean, instead of the smallest near-tie of the best noisy mean; SPCV's
  refit check follows (the refit's accuracy on its training rows at least
  the folds' noisy mean there less two standard errors, else no selection).
- **gate on path's last**: SPCV's rule before the gate compared with the
  learner's own fit: the gate compares the best candidate's fold scores
  with the path's last candidate (a shorter training on growing fractions),
  not with the learner's own ``fit`` on each fold's training part (what
  ``pace_ = 1`` refits, ``alone_scores_``); the near-tie choice and the
  refit check are SPCV's. The path's internal comparison is confounded with
  the number of epochs, which decides for an untuned learner
  (bench_defaults.py, part d).
- **without confident pruning**: ``SelfPacedClassifierCV(confident_pruning=
  False)``: where no stop is kept, the learner alone, without trying
  confident-learning pruning from the out-of-fold probabilities of the
  gate's own fits (SPCV as shipped before this column's change).
- **estimated rate**: no cross-validation of the stop: the clean fraction
  estimated by the confident joint of 3-fold out-of-fold probabilities,
  snapped to SPCV's grid, as ``end_fraction`` (1 means the learner alone).

Accuracy on the clean test labels (median over seeds), the median (min) of
the per-seed differences to tuned SGD in points, and the share of the
oracle gap closed. Run from the repository root with skcurric importable::

    python benchmarks/bench_spcv_variants.py [--seeds 0 1 2 3 4]
        [--datasets digits ...] [--noise sym40 ...] [--out FILE.md]
"""

import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, check_cv, cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCHMARK_DATASETS,
    TUNED_ALPHAS,
    Report,
    add_label_noise,
    header,
    parser,
    table,
)
from bench_noise import NOISE_ALIASES, gap_closed, learner, tune  # noqa: E402

from skcurric import SelfPacedClassifier, SelfPacedClassifierCV  # noqa: E402
from skcurric._confident import confident_joint  # noqa: E402
from skcurric.self_paced_cv import _beats  # noqa: E402

VARIANTS = (
    "SPCV",
    "alpha re-chosen",
    "final fit at pace_",
    "cv=5",
    "corrected scores",
    "gate on path's last",
    "estimated rate",
    "without confident pruning",
)


class _Recorder:
    """A ``scoring`` callable: accuracy, keeping every held-out (y, proba)."""

    def __init__(self):
        self.calls = []

    def __call__(self, estimator, X, y):
        proba = estimator.predict_proba(X)
        self.calls.append((np.asarray(y), proba))
        return float(np.mean(estimator.classes_[proba.argmax(axis=1)] == y))


def noise_matrix(y_index, proba):
    """Confident-joint estimate of ``T[j, k] = P(noisy k | true j)``."""
    joint = confident_joint(y_index, proba)
    return (joint / np.maximum(joint.sum(axis=0), 1e-12)).T


def corrected_accuracy(y_index, proba, t_inv):
    """``tr(M T^-1)``: the held-out accuracy against the unknown clean labels."""
    n_classes = proba.shape[1]
    confusion = np.zeros((n_classes, n_classes))
    np.add.at(confusion, (proba.argmax(axis=1), y_index), 1.0 / y_index.size)
    return float(np.trace(confusion @ t_inv))


def _se(values):
    """Standard error of the mean over folds."""
    return values.std(ddof=1) / np.sqrt(values.size)


def gate_passes(diff):
    """SPCV's gate: the paired fold gains ``diff`` exceed one standard error."""
    return _beats(diff)


def stopped_at(cv, q, X, y, **extra):
    """``SelfPacedClassifier`` stopped at ``q`` with the parameters the fitted
    SelfPacedClassifierCV ``cv`` passes on to its refit (its refit at ``q``)."""
    passed = {
        key: value
        for key, value in cv.get_params(deep=False).items()
        if key in SelfPacedClassifierCV._PASSED_ON
    }
    passed.update({"max_iter": cv._max_iter(), **extra})
    return SelfPacedClassifier(**passed, pace="fraction", end_fraction=float(q)).fit(
        X, y
    )


def refit_reproduces(model, X, y, fold_scores):
    """SPCV's refit check: on all its training rows the refit scores at least
    the folds' held-out mean at its stop less two standard errors."""
    return model.score(X, y) >= fold_scores.mean() - 2 * _se(fold_scores)


def path_last_stop(cv, X, y):
    """The stop that SPCV's rule takes when its gate compares the best
    candidate with the path's last one on each fold, not with the learner's
    own fit (see "gate on path's last"); ``cv`` is the fitted
    SelfPacedClassifierCV. Returns the stop and the model refitted there
    (None at 1: the learner alone)."""
    grid = cv.cv_results_["fraction"]
    scores = np.vstack([v for k, v in cv.cv_results_.items() if k.startswith("split")])
    mean = scores.mean(axis=0)
    best = int(np.flatnonzero(mean >= mean.max())[-1])
    if best == grid.size - 1 or not gate_passes(scores[:, best] - scores[:, -1]):
        return 1.0, None
    k = int(np.flatnonzero(mean >= mean[best] - 0.5 * _se(scores[:, best]))[0])
    model = stopped_at(cv, grid[k], X, y)
    if not refit_reproduces(model, X, y, scores[:, k]):
        return 1.0, None
    return float(grid[k]), model


def run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed):
    kind = "symmetric" if kind == "none" else kind
    y, flipped = add_label_noise(y_tr, rate, seed, return_mask=True, kind=kind)
    tuned, alpha, _, _ = tune(X_tr, y, seed)
    out = {"tuned": tuned.score(X_te, y_te)}
    if flipped.any():
        oracle, *_ = tune(X_tr[~flipped], y[~flipped], seed)
        out["oracle"] = oracle.score(X_te, y_te)
    else:
        out["oracle"] = out["tuned"]

    recorder = _Recorder()
    cv = SelfPacedClassifierCV(
        learner(alpha, seed), scoring=recorder, random_state=seed
    )
    cv.fit(X_tr, y)
    out["SPCV"] = cv.score(X_te, y_te)
    grid = cv.cv_results_["fraction"]

    def refit_at(q):
        if q >= 1:
            return out["tuned"]
        return stopped_at(cv, q, X_tr, y).score(X_te, y_te)

    folds = list(check_cv(3, y, classifier=True).split(X_tr, y))
    if cv.pace_ >= 1:
        out["alpha re-chosen"] = out["final fit at pace_"] = out["tuned"]
    else:
        fold_scores = np.zeros((len(folds), len(TUNED_ALPHAS)))
        for f, (train, test) in enumerate(folds):
            sel = train[stopped_at(cv, cv.pace_, X_tr[train], y[train]).selected_]
            for a, value in enumerate(TUNED_ALPHAS):
                model = learner(value, seed).fit(X_tr[sel], y[sel])
                fold_scores[f, a] = model.score(X_tr[test], y[test])
        mean = fold_scores.mean(axis=0)
        best_alpha = TUNED_ALPHAS[int(np.flatnonzero(mean >= mean.max())[-1])]
        sel = cv.selected_
        model = learner(best_alpha, seed).fit(X_tr[sel], y[sel])
        out["alpha re-chosen"] = model.score(X_te, y_te)
        n_steps = int(np.flatnonzero(np.isclose(grid, cv.pace_))[0]) + 1
        early = stopped_at(
            cv, cv.pace_, X_tr, y, max_iter=cv._warmup() + n_steps, tol=None
        ).selected_
        model = learner(alpha, seed).fit(X_tr[early], y[early])
        out["final fit at pace_"] = model.score(X_te, y_te)

    cv5 = SelfPacedClassifierCV(learner(alpha, seed), cv=5, random_state=seed)
    out["cv=5"] = cv5.fit(X_tr, y).score(X_te, y_te)

    # The recorder saw every fold's candidates in order (n_jobs=None), then
    # the refit check's score on the training rows.
    classes = cv.classes_
    calls = [
        recorder.calls[f * grid.size : (f + 1) * grid.size] for f in range(len(folds))
    ]
    noisy = np.array(
        [[np.mean(classes[p.argmax(1)] == yy) for yy, p in row] for row in calls]
    )
    last = [(np.searchsorted(classes, row[-1][0]), row[-1][1]) for row in calls]
    t = noise_matrix(
        np.concatenate([i for i, _ in last]), np.vstack([p for _, p in last])
    )
    try:
        t_inv = np.linalg.inv(t)
    except np.linalg.LinAlgError:
        t_inv = np.eye(classes.size)
    corrected = np.array(
        [
            [
                corrected_accuracy(np.searchsorted(classes, yy), p, t_inv)
                for yy, p in row
            ]
            for row in calls
        ]
    )
    mean = noisy.mean(axis=0)
    best = int(np.flatnonzero(mean >= mean.max())[-1])
    out["corrected scores"] = out["tuned"]
    if best < grid.size - 1 and gate_passes(noisy[:, best] - noisy[:, -1]):
        cmean = corrected[:, :-1].mean(axis=0)
        k = int(np.flatnonzero(cmean >= cmean.max())[-1])
        refit = stopped_at(cv, grid[k], X_tr, y)
        if refit_reproduces(refit, X_tr, y, noisy[:, k]):
            out["corrected scores"] = refit.score(X_te, y_te)

    _, model = path_last_stop(cv, X_tr, y)
    out["gate on path's last"] = (
        out["tuned"] if model is None else model.score(X_te, y_te)
    )

    proba = cross_val_predict(
        learner(alpha, seed),
        X_tr,
        y,
        cv=StratifiedKFold(3, shuffle=True, random_state=seed),
        method="predict_proba",
    )
    t_oof = noise_matrix(np.searchsorted(classes, y), proba)
    # The estimated clean fraction P(noisy = true) = sum_j P(y = j) T[j, j],
    # the true-class prior recovered from the noisy one (prior_noisy =
    # prior_true T).
    prior = np.bincount(np.searchsorted(classes, y)) / y.size
    prior_true = np.linalg.lstsq(t_oof.T, prior, rcond=None)[0]
    clean = float(np.clip(prior_true @ np.diag(t_oof), 0.0, 1.0))
    q = grid[int(np.argmin(np.abs(grid - clean)))]
    out["estimated rate"] = refit_at(q)
    out["_rate"] = clean

    # Off, the refit where no stop is kept is the learner alone (tuned SGD).
    out["without confident pruning"] = (
        out["tuned"] if cv.confident_pruned_ else out["SPCV"]
    )
    return out


def main():
    p = parser(__doc__.split("\n")[0])
    p.add_argument("--datasets", nargs="+", choices=sorted(BENCHMARK_DATASETS))
    p.add_argument(
        "--noise",
        nargs="+",
        choices=list(NOISE_ALIASES),
        default=["none", "sym40", "asym40"],
    )
    args = p.parse_args()
    report = Report()
    report.print(
        header("SelfPacedClassifierCV: variants tried, not adopted", args.seeds)
    )
    rows = []
    for name in args.datasets or list(BENCHMARK_DATASETS):
        X_tr, X_te, y_tr, y_te = BENCHMARK_DATASETS[name]()
        for key in args.noise:
            kind, rate = NOISE_ALIASES[key]
            if name == "breast_cancer" and kind == "asymmetric":
                continue  # two classes: the same flips as the symmetric rows
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                cells = [
                    run_cell(X_tr, X_te, y_tr, y_te, kind, rate, seed)
                    for seed in args.seeds
                ]
            tuned = np.array([c["tuned"] for c in cells])
            oracle = np.array([c["oracle"] for c in cells])
            row = [
                name,
                key,
                f"{100 * np.median(tuned):.1f}",
                f"{100 * np.median(oracle):.1f}",
            ]
            for variant in VARIANTS:
                acc = np.array([c[variant] for c in cells])
                diff = 100 * (acc - tuned)
                closed = gap_closed(acc, tuned, oracle)
                row.append(
                    f"{100 * np.median(acc):.1f} / {np.median(diff):+.1f} "
                    f"({diff.min():+.1f}) / "
                    + ("n/a" if closed is None else f"{100 * closed:.0f}%")
                )
            row.append(", ".join(f"{c['_rate']:.2f}" for c in cells))
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
    report.print(
        "Accuracy % on the clean test labels (median over seeds) / points over "
        "tuned SGD, median (min) of the per-seed differences / share of the "
        "oracle gap closed (as in bench_noise.py: the median difference over "
        "the median oracle gap). Variants: see the module docstring. 'estimated "
        "clean fraction' is the confident joint's estimate per seed.\n"
    )
    report.print(
        table(
            ["data", "noise", "tuned", "oracle", *VARIANTS, "estimated clean fraction"],
            rows,
        )
    )
    report.save(args.out)


if __name__ == "__main__":
    main()
