"""Defaults of DifficultyScorer, ForgettingPruner and CurriculumSGDClassifier.

Issue 12, item 2. Every default is measured on the three benchmark data sets
of ``_common.BENCHMARK_DATASETS`` (digits, breast_cancer, a 5-class
``make_classification``; split 70/30 with ``random_state=0`` and scaled as in
BENCHMARKS.md), never on digits alone. Seeds 0-4 by default; every cell is the
median over the seeds with (min-max).

a. **Noise detection by DifficultyScorer.** Training labels flipped at 20%
   symmetric noise on each data set, and at 25% asymmetric noise (class k ->
   k+1) on digits (``add_label_noise``, noise seed = run seed); every method
   scores the noisy training set, and the cell is the ROC AUC of its scores
   against the flip mask (1.0: every flipped label ranked above every kept
   one; 0.5: chance; below 0.5: inverted). Rows: every method with the
   library defaults (``DifficultyScorer(method)``), and with each candidate
   probe passed as ``estimator`` (``teacher`` keeps its own default teacher
   in the probe rows, as its probe is a different model). The last column is
   the CPU time of a default fit relative to one ``fit`` of the probe (the
   default's) on the same data.
b. **ForgettingPruner() keep 30% "hard" against random pruning.** Clean
   training labels; ``ForgettingPruner(keep_fraction=0.3)`` with every other
   parameter at its default, and the same with ties of the forgetting count
   left to chance (the behaviour before the tie-break: the scorer's
   ``scores_`` passed as ``difficulty``); random pruning of the same size
   (``select_indices(strategy="random")``, class-balanced like the pruner),
   5 random subsets per seed, averaged. Test accuracy (%) of
   ``SGDClassifier(loss="log_loss", max_iter=30, tol=None)`` fitted on the
   kept rows; "hard - random" in points, median over seeds.
c. **CurriculumSGDClassifier() fit time** against the wrapped learner's own
   fit at equal epochs: ``SGDClassifier(loss="log_loss", max_iter=10,
   tol=None).fit`` (10 epochs, like the curriculum's default ``max_iter=10``).
   CPU time ratio (``_common.timed``: BLAS on one thread, same process),
   fastest of 3 runs per side and seed; both with the difficulty passed
   (the curriculum's training alone) and the whole default ``fit`` (its
   default scorer included). The default ``batch_size`` against the old 32;
   also on ``make_classification`` 20,000 x 40 (``synthetic_split``).

d. **SelfPacedClassifierCV() against its learner alone.** The estimator as
   a new user runs it: ``SelfPacedClassifierCV(random_state=seed)``, whose
   default learner is ``SGDClassifier(loss="log_loss")`` (not tuned), against
   that learner by itself, seeded as the CV estimator seeds its refit when it
   keeps every row (``SelfPacedClassifierCV(fractions=[1.0],
   random_state=seed)``, which is exactly that fit). Clean labels, symmetric
   and asymmetric 40% noise (``add_label_noise``), on the three benchmark
   data sets and on two bundled ones that chose nothing, iris and wine
   (split and scaled the same way). Cells: points over the learner alone on
   the clean test labels, median (min) over seeds, and the seeds on which
   some rows were left out (``pace_ < 1``, or confident pruning where no
   stop is kept). A second table: the same with the
   gate compared against the path's last candidate on each fold, as before
   it compared against the learner's own fit
   (``bench_spcv_variants.path_last_stop``).

Run: ``python benchmarks/bench_defaults.py [--parts a b c d] [--seeds ...]
[--out FILE]``; a few minutes on 2 cores.
"""

import sys
import warnings
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    BENCHMARK_DATASETS,
    Report,
    add_label_noise,
    header,
    parser,
    ratio_summary,
    split_scaled,
    synthetic_split,
    table,
    timed,
)
from bench_spcv_variants import path_last_stop  # noqa: E402

from skcurric import (  # noqa: E402
    CurriculumSGDClassifier,
    DifficultyScorer,
    ForgettingPruner,
    SelfPacedClassifierCV,
)
from skcurric.pruning import select_indices  # noqa: E402
from skcurric.scoring import METHODS  # noqa: E402

# (label, kind, rate, data set): the noise settings of part a.
NOISE_CELLS = [
    (f"{name} sym 20%", "symmetric", 0.2, name) for name in BENCHMARK_DATASETS
] + [("digits asym 25%", "asymmetric", 0.25, "digits")]

# Candidate probes for the default (part a), passed as ``estimator``.
# The default is SGDClassifier(loss="log_loss", average=True).
PROBES = {
    "plain SGD (the default before)": lambda: SGDClassifier(loss="log_loss"),
    "averaged SGD, alpha=1e-3": lambda: SGDClassifier(
        loss="log_loss", alpha=1e-3, average=True
    ),
}
KEEP = 0.3
RANDOM_SUBSETS = 5
CURRICULUM_EPOCHS = 10
BEST_OF = 3


def summary(values, fmt="{:.3f}"):
    v = np.asarray(values, dtype=float)
    return f"{fmt.format(np.median(v))} ({fmt.format(v.min())}-{fmt.format(v.max())})"


def load(name):
    return BENCHMARK_DATASETS[name]()


# --------------------------------------------------------------------------
# a. noise detection
# --------------------------------------------------------------------------


def part_a(report, seeds, data):
    rows_def, rows_probe = [], []
    auc = {}  # (row label, cell label) -> list over seeds
    cost = {}  # method -> list of ratios (default probe, all cells)
    for cell, kind, rate, name in NOISE_CELLS:
        X, _, y, _ = data[name]
        for seed in seeds:
            y_noisy, flipped = add_label_noise(
                y, rate, seed, return_mask=True, kind=kind
            )
            for method in METHODS:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # failed-probe warnings
                    scorer = DifficultyScorer(method, random_state=seed)
                    t = timed(partial(scorer.fit, X, y_noisy))
                    probe = scorer._learner().set_params(random_state=seed)
                    t_probe = timed(partial(probe.fit, X, y_noisy))
                    cost.setdefault(method, []).append(t / t_probe)
                    auc.setdefault((f"{method} (default)", cell), []).append(
                        roc_auc_score(flipped, scorer.scores_)
                    )
                    if method == "teacher":
                        continue
                    for label, make in PROBES.items():
                        s = DifficultyScorer(
                            method, estimator=make(), random_state=seed
                        ).fit(X, y_noisy)
                        auc.setdefault((f"{method}, {label}", cell), []).append(
                            roc_auc_score(flipped, s.scores_)
                        )
    cells = [c[0] for c in NOISE_CELLS]
    for method in METHODS:
        key = f"{method} (default)"
        rows_def.append(
            [key]
            + [summary(auc[key, c]) for c in cells]
            + [ratio_summary(cost[method])]
        )
        for label in PROBES:
            key = f"{method}, {label}"
            if (key, cells[0]) in auc:
                rows_probe.append([key] + [summary(auc[key, c]) for c in cells])
    report.print("## a. Noise detection: ROC AUC of the scores against the flips\n")
    report.print(
        "Defaults: `DifficultyScorer(method)` as shipped. Time: a default fit "
        "relative to one `fit` of its default probe, median (min-max) over all "
        "cells and seeds.\n"
    )
    report.print(table(["method"] + cells + ["time / probe fit"], rows_def))
    report.print("\nCandidate probes (`estimator=`), other parameters at default:\n")
    report.print(table(["method, probe"] + cells, rows_probe))
    report.print()
    return auc


# --------------------------------------------------------------------------
# b. ForgettingPruner keep 30% hard against random
# --------------------------------------------------------------------------


def learner(seed):
    return SGDClassifier(loss="log_loss", max_iter=30, tol=None, random_state=seed)


def accuracy_on(rows, X, y, X_te, y_te, seed):
    return 100 * learner(seed).fit(X[rows], y[rows]).score(X_te, y_te)


def part_b(report, seeds, data):
    rows = []
    for name, (X, X_te, y, y_te) in data.items():
        hard, ties, rand, full = [], [], [], []
        for seed in seeds:
            pruner = ForgettingPruner(keep_fraction=KEEP, random_state=seed).fit(X, y)
            hard.append(accuracy_on(pruner.sample_indices_, X, y, X_te, y_te, seed))
            # Before the tie-break: the same forgetting counts, ties at random.
            old = ForgettingPruner(keep_fraction=KEEP, random_state=seed).fit(
                X, y, difficulty=pruner.scorer_.scores_
            )
            ties.append(accuracy_on(old.sample_indices_, X, y, X_te, y_te, seed))
            subsets = [
                select_indices(
                    pruner.scores_,
                    y,
                    keep_fraction=KEEP,
                    strategy="random",
                    random_state=1000 * seed + r,
                )
                for r in range(RANDOM_SUBSETS)
            ]
            rand.append(
                np.mean([accuracy_on(s, X, y, X_te, y_te, seed) for s in subsets])
            )
            full.append(100 * learner(seed).fit(X, y).score(X_te, y_te))
        hard, ties, rand = map(np.asarray, (hard, ties, rand))
        rows.append(
            [
                name,
                summary(full, "{:.1f}"),
                summary(rand, "{:.1f}"),
                summary(hard, "{:.1f}"),
                summary(hard - rand, "{:+.1f}"),
                summary(ties, "{:.1f}"),
                summary(ties - rand, "{:+.1f}"),
            ]
        )
    report.print('## b. ForgettingPruner(keep_fraction=0.3) "hard" against random\n')
    report.print(
        "Clean labels; test accuracy (%) of SGD(log_loss, 30 epochs) on the kept "
        "rows. random: 5 class-balanced random subsets per seed, averaged. "
        "'ties at random': the forgetting counts alone (before the tie-break).\n"
    )
    report.print(
        table(
            [
                "data",
                "all rows",
                "random 30%",
                "hard 30% (default)",
                "hard - random",
                "hard, ties at random",
                "ties at random - random",
            ],
            rows,
        )
    )
    report.print()


# --------------------------------------------------------------------------
# c. CurriculumSGDClassifier fit time
# --------------------------------------------------------------------------


def best_time(func):
    return min(timed(func) for _ in range(BEST_OF))


def plain_fit(X, y, seed):
    SGDClassifier(
        loss="log_loss", max_iter=CURRICULUM_EPOCHS, tol=None, random_state=seed
    ).fit(X, y)


def partial_fit_epochs(X, y, seed):
    """The floor of any epoch-by-epoch wrapper: the learner's own
    ``partial_fit`` on all rows, once per epoch, nothing else."""
    clf = SGDClassifier(loss="log_loss", random_state=seed)
    classes = np.unique(y)
    for _ in range(CURRICULUM_EPOCHS):
        clf.partial_fit(X, y, classes=classes)


def curriculum_fit(X, y, seed, difficulty=None, **params):
    clf = CurriculumSGDClassifier(random_state=seed, **params)
    return clf.fit(X, y, difficulty=difficulty)


def part_c(report, seeds, data):
    rows = []
    sets = dict(data)
    sets["classification 20000x40"] = synthetic_split()
    for name, (X, X_te, y, y_te) in sets.items():
        r_train, r_train_32, r_full, acc, acc_32, calls = [], [], [], [], [], []
        r_floor = []
        for seed in seeds:
            d = DifficultyScorer("loss", random_state=seed).fit(X, y).scores_
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t_plain = best_time(partial(plain_fit, X, y, seed))
                t_floor = best_time(partial(partial_fit_epochs, X, y, seed))
                t_train = best_time(partial(curriculum_fit, X, y, seed, d))
                t_full = best_time(partial(curriculum_fit, X, y, seed))
                t_32 = timed(partial(curriculum_fit, X, y, seed, d, batch_size=32))
            r_train.append(t_train / t_plain)
            r_floor.append(t_floor / t_plain)
            r_full.append(t_full / t_plain)
            r_train_32.append(t_32 / t_plain)
            clf = curriculum_fit(X, y, seed, d)
            calls.append(clf.n_steps_ / clf.n_iter_)
            acc.append(100 * clf.score(X_te, y_te))
            acc_32.append(
                100 * curriculum_fit(X, y, seed, d, batch_size=32).score(X_te, y_te)
            )
        rows.append(
            [
                f"{name} ({X.shape[0]} x {X.shape[1]})",
                f"{np.median(calls):.0f}",
                ratio_summary(r_floor),
                ratio_summary(r_train),
                ratio_summary(r_full),
                ratio_summary(r_train_32),
                summary(acc, "{:.1f}"),
                summary(acc_32, "{:.1f}"),
            ]
        )
    report.print("## c. CurriculumSGDClassifier() fit time / SGD fit, 10 epochs\n")
    report.print(
        "CPU time ratio, BLAS on one thread, fastest of 3 per side (one run "
        "for batch_size=32); median (min-max) over seeds. 'difficulty given': "
        "the curriculum's training alone (the out-of-fold loss passed as "
        "`difficulty`); 'whole fit': `fit(X, y)`, its default scorer (5-fold "
        "out-of-fold loss) included. 'floor': the learner's own `partial_fit` "
        "on all rows once per epoch, the least any epoch-by-epoch wrapper can "
        "cost. Test accuracy (%) of the default and of "
        "batch_size=32, difficulty given, clean labels.\n"
    )
    report.print(
        table(
            [
                "data (train rows x features)",
                "partial_fit calls per epoch",
                "floor: SGD's own partial_fit, 10 epochs",
                "default, difficulty given",
                "default, whole fit",
                "batch_size=32, difficulty given",
                "accuracy, default",
                "accuracy, batch_size=32",
            ],
            rows,
        )
    )
    report.print()


# --------------------------------------------------------------------------
# d. SelfPacedClassifierCV() against its learner alone
# --------------------------------------------------------------------------


def _bundled(loader):
    from sklearn import datasets

    return split_scaled(*getattr(datasets, loader)(return_X_y=True))


def part_d(report, seeds, data):
    sets = {**data, "iris": _bundled("load_iris"), "wine": _bundled("load_wine")}
    noises = [("clean", "symmetric", 0.0), ("sym 40%", "symmetric", 0.4)]
    noises.append(("asym 40%", "asymmetric", 0.4))
    rows, rows_own = [], []
    for name, (X, X_te, y_clean, y_te) in sets.items():
        row, row_own = [name], [name]
        for _, kind, rate in noises:
            diffs, selected, diffs_own, selected_own = [], 0, [], 0
            for seed in seeds:
                y = add_label_noise(y_clean, rate, seed, kind=kind)
                cv = SelfPacedClassifierCV(random_state=seed).fit(X, y)
                alone = SelfPacedClassifierCV(fractions=[1.0], random_state=seed)
                base = alone.fit(X, y).score(X_te, y_te)
                diffs.append(100 * (cv.score(X_te, y_te) - base))
                selected += not cv.selected_.all()
                _, model = path_last_stop(cv, X, y)
                acc = base if model is None else model.score(X_te, y_te)
                diffs_own.append(100 * (acc - base))
                selected_own += model is not None
            for out, values, count in (
                (row, diffs, selected),
                (row_own, diffs_own, selected_own),
            ):
                d = np.asarray(values)
                out.append(
                    f"{np.median(d):+.1f} ({d.min():+.1f}), {count}/{len(seeds)}"
                )
        rows.append(row)
        rows_own.append(row_own)
    report.print("## d. SelfPacedClassifierCV() against its learner alone\n")
    report.print(
        "Defaults (the learner SGDClassifier(loss='log_loss'), not tuned); points "
        "over that learner by itself on the clean test labels, median (min) over "
        "seeds, and the seeds on which rows were left out (pace_ < 1, or confident "
        "pruning where no stop is kept). iris and wine chose nothing.\n"
    )
    report.print(table(["data", *(label for label, _, _ in noises)], rows))
    report.print(
        "\nThe same, with the gate compared against the path's last candidate "
        "on each fold, as before it compared against the learner's own fit "
        '(bench_spcv_variants.py, "gate on path\'s last"):\n'
    )
    report.print(table(["data", *(label for label, _, _ in noises)], rows_own))
    report.print()


def main():
    p = parser(__doc__.split("\n")[0])
    p.add_argument("--parts", nargs="+", default=["a", "b", "c", "d"])
    args = p.parse_args()
    report = Report()
    report.print(header("Defaults on three data sets (issue 12, item 2)", args.seeds))
    data = {name: load(name) for name in BENCHMARK_DATASETS}
    if "a" in args.parts:
        part_a(report, args.seeds, data)
    if "b" in args.parts:
        part_b(report, args.seeds, data)
    if "c" in args.parts:
        part_c(report, args.seeds, data)
    if "d" in args.parts:
        part_d(report, args.seeds, data)
    report.save(args.out)


if __name__ == "__main__":
    main()
