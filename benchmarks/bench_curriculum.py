"""Competence curricula against plain SGD and the random control (issue 4).

For every data set, label-noise rate, step budget and seed, side by side in one
process, on the same training data and with the same learner
``SGDClassifier(loss="log_loss", alpha=1e-4)``:

- **plain SGD**: ``partial_fit`` on minibatches over a fresh permutation of
  the training set each epoch (BENCHMARKS.md's baseline), stopped after the
  same number of minibatch steps as the curricula;
- :class:`~skcurric.CurriculumSGDClassifier` with ``order`` in
  ``easy_first`` (curriculum), ``hard_first`` (anti-curriculum) and
  ``random`` (pools of the same sizes drawn at random: the control that Wu et
  al. 2021 show is needed before crediting the ordering), ``pacing`` in
  ``root``, ``linear``, ``step``, ``exponential`` (start 0.1, ramp 0.8,
  class-balanced pools), and ``end_fraction`` 1.0 or 0.6 (never admit the
  hardest 40%; easy_first and random only: for hard_first it would drop the
  easiest examples).

Budgets are 0.25, 1 and 4 epochs' worth of minibatch steps; every run at a
budget makes exactly the same number of per-sample updates as plain SGD
(checked, and printed). Minibatches hold 32 examples on digits and 256 on
make_classification (``SGDClassifier`` updates per sample either way; the
larger batch only cuts the per-call overhead on 14,000 rows).

The difficulty is the estimator's default scorer, computed once per (noise,
seed) on the noisy training set only and passed to ``fit``: the out-of-fold
log loss of the same SGD learner (``DifficultyScorer("loss", cv=5)``). Its
one-off cost is reported beside the training times.

Data: the digits protocol of BENCHMARKS.md (1,797 images, stratified 70/30
split with ``random_state=0``, ``StandardScaler`` fitted on the training part;
label noise r: each training label replaced with probability r by one of the
other classes, noise seed = run seed; clean test labels) and
``make_classification(n_samples=20000, n_features=40, n_informative=20,
n_classes=5, random_state=0)`` under the same split and noise protocol.

Accuracies are test-set medians over the seeds; differences are medians over
seeds of per-seed paired differences, in percentage points. The summary picks
the best setting of each order per row *on the test set*: an optimistic choice,
made equally for easy_first and for the random control.

Targets (issue 4): on digits at 40% noise, the best easy_first setting with
step pacing or end_fraction < 1 reaches plain SGD + 5 points; on clean digits
at the full (4-epoch) budget, easy_first (default root pacing) is within 1
point of plain SGD.

Reference block: a converged ``LogisticRegression`` per (noise, seed), and
plain SGD and three curriculum settings rerun with iterate averaging
(``average=True``): a final SGD iterate is itself noise-sensitive, so a gain
over plain SGD may be one that averaging gives as well.

Quick run (default): root and step pacings on both data sets (enough for both
targets). ``--full`` runs all four pacings.

Run: ``python benchmarks/bench_curriculum.py [--full] [--out FILE] [--seeds ...]``.
"""

import itertools
import math
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    TUNED_ALPHAS,
    Report,
    add_label_noise,
    digits_split,
    header,
    parser,
    synthetic_split,
    table,
)

from skcurric import CurriculumSGDClassifier, DifficultyScorer  # noqa: E402

ALPHA = 1e-4
NOISE = (0.0, 0.2, 0.4)
BUDGETS = (0.25, 1, 4)
ORDERS = ("easy_first", "hard_first", "random")
QUICK_PACINGS = ("root", "step")
FULL_PACINGS = ("root", "linear", "step", "exponential")
ENDS = (1.0, 0.6)
START, RAMP = 0.1, 0.8
DEFAULT = ("easy_first", "root", 1.0)  # the estimator's defaults (ramp aside)
# Curriculum settings rerun with an averaged-SGD learner (a reference block).
AVERAGED = (DEFAULT, ("easy_first", "root", 0.6), ("random", "root", 0.6))
DATASETS = {"digits": 32, "make_classification": 256}  # name -> batch size


def learner(average=False, alpha=ALPHA):
    return SGDClassifier(loss="log_loss", alpha=alpha, average=average)


def plain_sgd(X, y, budget, batch, seed, average=False, alpha=ALPHA):
    """The baseline: shuffled minibatch partial_fit for the same step budget."""
    rng = np.random.RandomState(seed)
    est = learner(average, alpha).set_params(random_state=seed)
    n = X.shape[0]
    steps = max(1, math.ceil(budget * math.ceil(n / batch) - 1e-9))
    classes = np.unique(y)
    done = updates = 0
    while done < steps:
        order = rng.permutation(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            kwargs = {"classes": classes} if done == 0 else {}
            est.partial_fit(X[idx], y[idx], **kwargs)
            done += 1
            updates += idx.size
            if done == steps:
                break
    return est, updates


def tuned_plain_sgd(X, y, budget, batch, seed):
    """Plain SGD with ``alpha`` chosen by 3-fold CV on the (noisy) training set.

    The same budget in every fold and in the final fit; is a curriculum worth
    more than tuning the regulariser?
    """
    folds = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y))
    scores = []
    for alpha in TUNED_ALPHAS:
        fold_scores = [
            plain_sgd(X[tr], y[tr], budget, batch, seed, alpha=alpha)[0].score(
                X[te], y[te]
            )
            for tr, te in folds
        ]
        scores.append(np.mean(fold_scores))
    alpha = TUNED_ALPHAS[int(np.argmax(scores))]
    return plain_sgd(X, y, budget, batch, seed, alpha=alpha)[0], alpha


def settings(pacings):
    for order, pacing, end in itertools.product(ORDERS, pacings, ENDS):
        if end == 1.0 or order != "hard_first":
            yield order, pacing, end


def curriculum(setting, data, y, difficulty, budget, seed, average=False):
    """Test accuracy of one CurriculumSGDClassifier fit; checks equal budgets."""
    X_tr, X_te, _, y_te, batch, updates = data
    order, pacing, end = setting
    clf = CurriculumSGDClassifier(
        learner(average),
        pacing=pacing,
        start_fraction=START,
        ramp_fraction=RAMP,
        end_fraction=end,
        order=order,
        max_iter=budget,
        batch_size=batch,
        random_state=seed,
    )
    clf.fit(X_tr, y, difficulty=difficulty)
    made = sum(row["n_updates"] for row in clf.history_)
    if made != updates[budget]:
        raise RuntimeError(f"unequal budgets: {made} vs plain {updates[budget]}")
    return clf.score(X_te, y_te)


def run_dataset(name, pacings, seeds):
    """Accuracies per (noise, budget, setting), one per seed, and the costs."""
    batch = DATASETS[name]
    X_tr, X_te, y_tr, y_te = digits_split() if name == "digits" else synthetic_split()
    acc = {}
    seconds = {"scorer": [], "plain": [], "curriculum": []}
    updates = {}
    chosen_alpha = {}
    data = (X_tr, X_te, y_tr, y_te, batch, updates)
    for noise, seed in itertools.product(NOISE, seeds):
        y_noisy = add_label_noise(y_tr, noise, seed)
        t0 = time.perf_counter()
        scorer = DifficultyScorer("loss", estimator=learner(), random_state=seed)
        difficulty = scorer.fit(X_tr, y_noisy).scores_
        seconds["scorer"].append(time.perf_counter() - t0)
        converged = LogisticRegression(max_iter=2000).fit(X_tr, y_noisy)
        acc.setdefault((noise, "LogisticRegression"), []).append(
            converged.score(X_te, y_te)
        )
        for budget in BUDGETS:
            t0 = time.perf_counter()
            est, updates[budget] = plain_sgd(X_tr, y_noisy, budget, batch, seed)
            seconds["plain"].append(time.perf_counter() - t0)
            acc.setdefault((noise, budget, "plain"), []).append(est.score(X_te, y_te))
            est, alpha = tuned_plain_sgd(X_tr, y_noisy, budget, batch, seed)
            acc.setdefault((noise, budget, "plain, alpha by CV"), []).append(
                est.score(X_te, y_te)
            )
            chosen_alpha.setdefault((noise, budget), []).append(alpha)
            for setting in settings(pacings):
                t0 = time.perf_counter()
                score = curriculum(setting, data, y_noisy, difficulty, budget, seed)
                seconds["curriculum"].append(time.perf_counter() - t0)
                acc.setdefault((noise, budget, setting), []).append(score)
            # Reference: the same comparison with iterate averaging (ASGD).
            est, _ = plain_sgd(X_tr, y_noisy, budget, batch, seed, average=True)
            acc.setdefault((noise, budget, "plain ASGD"), []).append(
                est.score(X_te, y_te)
            )
            for setting in AVERAGED:
                score = curriculum(
                    setting, data, y_noisy, difficulty, budget, seed, average=True
                )
                acc.setdefault((noise, budget, ("ASGD", *setting)), []).append(score)
    acc = {key: np.asarray(values) for key, values in acc.items()}
    acc["chosen alpha"] = chosen_alpha
    return X_tr.shape[0], acc, seconds, updates


def pct(x):
    return f"{100 * x:.1f}"


def rate(noise):
    return f"{100 * noise:.0f}"


def pts(x):
    return f"{100 * x:+.1f}"


def name_of(setting):
    order, pacing, end = setting
    return f"{pacing}, end {end:g}"


def best(acc, noise, budget, pacings, order, where=lambda s: True):
    """The setting of ``order`` with the highest median accuracy in this row."""
    candidates = [s for s in settings(pacings) if s[0] == order and where(s)]
    return max(candidates, key=lambda s: np.median(acc[(noise, budget, s)]))


def summary_rows(acc, pacings, updates):
    rows = []
    for noise, budget in itertools.product(NOISE, BUDGETS):
        plain = acc[(noise, budget, "plain")]
        ef = best(acc, noise, budget, pacings, "easy_first")
        rnd = best(acc, noise, budget, pacings, "random")
        hf = best(acc, noise, budget, pacings, "hard_first")
        ef_acc, rnd_acc = acc[(noise, budget, ef)], acc[(noise, budget, rnd)]
        default = acc[(noise, budget, DEFAULT)]
        same_random = acc[(noise, budget, ("random", *ef[1:]))]
        rows.append(
            [
                rate(noise),
                f"{budget:g}",
                updates[budget],
                pct(np.median(plain)),
                f"{pct(np.median(default))} ({pts(np.median(default - plain))})",
                f"{pct(np.median(ef_acc))} ({name_of(ef)})",
                f"{pct(np.median(rnd_acc))} ({name_of(rnd)})",
                f"{pct(np.median(acc[(noise, budget, hf)]))} ({hf[1]})",
                pts(np.median(ef_acc - plain)),
                pts(np.median(ef_acc - same_random)),
                pct(np.median(acc[(noise, budget, "plain, alpha by CV")])),
            ]
        )
    return rows


SUMMARY_COLUMNS = [
    "noise %",
    "budget (epochs)",
    "updates",
    "plain SGD",
    "easy_first default (vs plain)",
    "best easy_first",
    "best random",
    "best hard_first",
    "best easy_first - plain",
    "best easy_first - random (same setting)",
    "plain SGD, alpha by 3-fold CV",
]


def detail_rows(acc, pacings):
    rows = []
    for noise, budget in itertools.product(NOISE, BUDGETS):
        plain = acc[(noise, budget, "plain")]
        rows.append(
            [rate(noise), f"{budget:g}", "plain SGD", "", "", pct(np.median(plain))]
            + ["", ""]
        )
        for setting in settings(pacings):
            a = acc[(noise, budget, setting)]
            versus_random = ""
            if setting[0] != "random":
                control = acc[(noise, budget, ("random", *setting[1:]))]
                versus_random = pts(np.median(a - control))
            rows.append(
                [rate(noise), f"{budget:g}", *setting, pct(np.median(a))]
                + [pts(np.median(a - plain)), versus_random]
            )
    return rows


DETAIL_COLUMNS = [
    "noise %",
    "budget",
    "order",
    "pacing",
    "end",
    "accuracy",
    "vs plain",
    "vs random (same setting)",
]


def averaged_rows(acc):
    rows = []
    for noise, budget in itertools.product(NOISE, BUDGETS):
        plain = acc[(noise, budget, "plain ASGD")]
        runs = [acc[(noise, budget, ("ASGD", *s))] for s in AVERAGED]
        rows.append(
            [
                rate(noise),
                f"{budget:g}",
                pct(np.median(acc[(noise, "LogisticRegression")])),
                pct(np.median(acc[(noise, budget, "plain")])),
                pct(np.median(plain)),
                *(pct(np.median(r)) for r in runs),
                pts(np.median(runs[0] - plain)),
                pts(np.median(runs[1] - plain)),
                pts(np.median(runs[1] - runs[2])),
            ]
        )
    return rows


AVERAGED_COLUMNS = [
    "noise %",
    "budget",
    "LogisticRegression (converged)",
    "plain SGD",
    "plain ASGD",
    "ASGD easy_first root end 1",
    "ASGD easy_first root end 0.6",
    "ASGD random root end 0.6",
    "ASGD easy_first end 1 - plain ASGD",
    "ASGD easy_first end 0.6 - plain ASGD",
    "ASGD easy_first end 0.6 - random",
]


def check_targets(acc, pacings):
    """Lines stating each digits target, measured, and whether it was met."""
    lines = []
    for budget in BUDGETS:
        plain = acc[(0.4, budget, "plain")]
        ef = best(
            acc,
            0.4,
            budget,
            pacings,
            "easy_first",
            lambda s: s[1] == "step" or s[2] < 1,
        )
        gain = np.median(acc[(0.4, budget, ef)] - plain)
        lines.append(
            f"- 40% noise, budget {budget:g}: best easy_first with step pacing or "
            f"end < 1 ({name_of(ef)}) is {pts(gain)} points vs plain SGD "
            f"(target >= +5.0): **{'met' if gain >= 0.05 else 'MISSED'}**."
        )
    plain = acc[(0.0, 4, "plain")]
    for pacing in pacings:
        diff = np.median(acc[(0.0, 4, ("easy_first", pacing, 1.0))] - plain)
        verdict = "met" if abs(diff) <= 0.01 else "MISSED"
        target = "target" if pacing == "root" else "same bound, not the target"
        lines.append(
            f"- clean labels, budget 4: easy_first ({pacing}, end 1) is "
            f"{pts(diff)} points vs plain SGD ({target}: within 1.0): "
            f"**{verdict}**."
        )
    return lines


def no_gain_lines(acc, pacings):
    """Where the best curriculum was not at least 1 point above plain and random."""
    lines = []
    for noise, budget in itertools.product(NOISE, BUDGETS):
        plain = acc[(noise, budget, "plain")]
        ef = best(acc, noise, budget, pacings, "easy_first")
        a = acc[(noise, budget, ef)]
        vs_plain = np.median(a - plain)
        vs_random = np.median(a - acc[(noise, budget, ("random", *ef[1:]))])
        if vs_plain < 0.01 or vs_random < 0.01:
            lines.append(
                f"- noise {rate(noise)}%, budget {budget:g}: best easy_first "
                f"({name_of(ef)}) {pts(vs_plain)} vs plain, {pts(vs_random)} vs "
                "its random control."
            )
    return lines or [
        "- none: the best easy_first setting gained >= 1 point everywhere."
    ]


def no_gain_averaged_lines(acc):
    """Where neither averaged easy_first setting beat plain ASGD by 1 point."""
    lines = []
    for noise, budget in itertools.product(NOISE, BUDGETS):
        plain = acc[(noise, budget, "plain ASGD")]
        gains = {
            name_of(s): np.median(acc[(noise, budget, ("ASGD", *s))] - plain)
            for s in AVERAGED
            if s[0] == "easy_first"
        }
        if max(gains.values()) < 0.01:
            lines.append(
                f"- noise {rate(noise)}%, budget {budget:g}: "
                + ", ".join(f"easy_first ({k}) {pts(v)}" for k, v in gains.items())
                + " vs plain ASGD."
            )
    return lines or ["- none: averaged easy_first gained >= 1 point everywhere."]


def main():
    args = parser(__doc__.splitlines()[0]).parse_args()
    pacings = FULL_PACINGS if args.full else QUICK_PACINGS
    report = Report()
    report.print(header("Curriculum benchmark: CurriculumSGDClassifier", args.seeds))
    report.print(
        f"Learner SGDClassifier(loss='log_loss', alpha={ALPHA}); pacings "
        f"{list(pacings)}, start {START}, ramp {RAMP}, class-balanced pools; "
        f"noise {list(NOISE)}; budgets {list(BUDGETS)} epochs; "
        f"{'full' if args.full else 'quick'} run. Accuracy in % on clean test "
        "labels, medians over seeds; differences in points, medians of per-seed "
        "paired differences.\n"
    )
    for name, batch in DATASETS.items():
        t0 = time.perf_counter()
        n, acc, seconds, updates = run_dataset(name, pacings, args.seeds)
        report.print(f"## {name} (n_train = {n}, batch {batch})\n")
        report.print(table(SUMMARY_COLUMNS, summary_rows(acc, pacings, updates)))
        report.print(
            f"\nalpha chosen by 3-fold CV for the last column (grid {TUNED_ALPHAS}), "
            "per (noise, budget), one per seed: "
            + "; ".join(
                f"{rate(noise)} / {budget:g}: {alphas}"
                for (noise, budget), alphas in acc["chosen alpha"].items()
            )
            + "\n"
        )
        if name == "digits":
            report.print("\nTargets (issue 4):\n")
            report.print("\n".join(check_targets(acc, pacings)))
        report.print(
            "\nWhere the best easy_first setting did not beat both plain SGD and its "
            "random control by at least 1 point:\n"
        )
        report.print("\n".join(no_gain_lines(acc, pacings)))
        report.print(
            "\nReference: a converged full-batch LogisticRegression, and the same "
            "learner with iterate averaging (SGDClassifier(average=True), plain "
            "and as the curriculum's learner, same difficulty):\n"
        )
        report.print(table(AVERAGED_COLUMNS, averaged_rows(acc)))
        report.print(
            "\nWith iterate averaging, where no easy_first setting beat plain "
            "ASGD by at least 1 point:\n"
        )
        report.print("\n".join(no_gain_averaged_lines(acc)))
        med = {k: np.median(v) for k, v in seconds.items()}
        report.print(
            f"\nMedian seconds per fit: plain SGD {med['plain']:.3f}, curriculum "
            f"{med['curriculum']:.3f} (over all budgets); difficulty scoring "
            f"(once per noise and seed) {med['scorer']:.3f}. Data set wall time "
            f"{time.perf_counter() - t0:.0f} s.\n"
        )
        report.print(f"<details><summary>every setting ({name})</summary>\n")
        report.print(table(DETAIL_COLUMNS, detail_rows(acc, pacings)))
        report.print("\n</details>\n")
    report.save(args.out)


if __name__ == "__main__":
    main()
