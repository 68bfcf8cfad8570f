"""``python -m skcurric demo``: difficulty scoring and training on noisy data.

Everything printed is measured in the run itself; nothing is canned.
"""

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

import numpy as np

from . import __version__


def _table(header, rows):
    widths = [
        max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(header)
    ]
    line = (
        "| "
        + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))
        + " |"
    )
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| "
        + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
        + " |"
        for r in rows
    ]
    return "\n".join([line, sep, *body])


def _section(title):
    print(f"\n## {title}\n")


def _auc(roc_auc_score, truth, scores):
    """ROC AUC, or "n/a" when ``truth`` holds one value only (no noise, say)."""
    if np.unique(truth).size < 2:
        return "n/a"
    return f"{roc_auc_score(truth, scores):.3f}"


def _bounded(kind, low, high=None, *, low_open=False, high_open=True):
    """An argparse type: ``kind`` in [low, high] (ends open as asked)."""

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid {kind.__name__} value: {text!r}"
            ) from None
        too_low = value <= low if low_open else value < low
        too_high = high is not None and (value >= high if high_open else value > high)
        if too_low or too_high:
            lo = "(" if low_open else "["
            hi = ")" if high_open or high is None else "]"
            span = f"{lo}{low}, {'inf' if high is None else high}{hi}"
            raise argparse.ArgumentTypeError(f"{text} is outside {span}")
        return value

    return parse


def _out_dir(text):
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} exists and is not a directory")
    return path


def run_demo(args):
    from sklearn.metrics import roc_auc_score

    from .datasets import make_curriculum_dataset
    from .scoring import METHODS, DifficultyScorer, difficulty_agreement

    start = time.perf_counter()
    X, y, difficulty, noisy = make_curriculum_dataset(
        args.n_samples,
        cluster_std=args.cluster_std,
        label_noise=args.label_noise,
        random_state=args.seed,
        return_noise_mask=True,
    )
    print(f"# skcurric {__version__} demo")
    if args.train and args.headline:
        _headline_section(args)
    print(
        f"\nmake_curriculum_dataset(n_samples={args.n_samples}, "
        f"cluster_std={args.cluster_std}, label_noise={args.label_noise}, "
        f"random_state={args.seed}): {int(noisy.sum())} of {len(y)} labels flipped."
    )

    _section("Easy / hard split (geometric difficulty, threshold 0.3)")
    easy = difficulty < 0.3
    print(
        _table(
            ["split", "examples", "flipped labels"],
            [
                ["easy (difficulty < 0.3)", int(easy.sum()), int(noisy[easy].sum())],
                [
                    "hard (difficulty >= 0.3)",
                    int((~easy).sum()),
                    int(noisy[~easy].sum()),
                ],
            ],
        )
    )

    _section(
        f"Difficulty methods (n_repeats={args.n_repeats}, n_epochs={args.n_epochs}):"
        " do they rank the flipped labels as hard?"
    )
    scores, scorers, rows = {}, {}, []
    for method in METHODS:
        t0 = time.perf_counter()
        scorer = DifficultyScorer(
            method,
            n_epochs=args.n_epochs,
            n_repeats=args.n_repeats,
            random_state=args.seed,
        ).fit(X, y)
        seconds = time.perf_counter() - t0
        scores[method], scorers[method] = scorer.scores_, scorer
        finite = np.where(np.isfinite(scorer.scores_), scorer.scores_, np.inf)
        rows.append(
            [
                method,
                _auc(roc_auc_score, noisy, finite),
                _auc(roc_auc_score, difficulty > 0.3, finite),
                f"{seconds:.2f}",
            ]
        )
    print(
        _table(
            [
                "method",
                "ROC AUC vs flipped labels",
                "ROC AUC vs geometric hard",
                "fit s",
            ],
            rows,
        )
    )
    print("\n(0.5 = no better than chance; higher = harder is the convention.)")

    _section("Agreement between methods (Spearman rank correlation)")
    agreement = np.asarray(difficulty_agreement(scores))
    names = list(scores)
    print(
        _table(
            ["", *names],
            [[n, *(f"{v:+.2f}" for v in agreement[i])] for i, n in enumerate(names)],
        )
    )
    accuracy = _training_section(args) if args.train else None
    if args.out is not None:
        _figures_section(args, X, y, noisy, scorers["confidence"], accuracy)
    print(f"\nTotal time: {time.perf_counter() - start:.1f} s")
    return 0


def _headline_section(args):
    """SelfPacedClassifierCV against the tuned learner, on real data with noise.

    The tuned-baseline protocol of ``benchmarks/bench_noise.py`` on one of its
    cells: digits, 40% asymmetric label noise (class k -> k + 1), 5 seeds.
    """
    import warnings

    from sklearn.datasets import load_digits
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import GridSearchCV, train_test_split
    from sklearn.preprocessing import StandardScaler

    from .self_paced_cv import SelfPacedClassifierCV

    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)

    def sgd(alpha, seed):
        return SGDClassifier(
            loss="log_loss", alpha=alpha, max_iter=30, tol=None, random_state=seed
        )

    def tuned(X, y, seed):
        grid = {"alpha": [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]}
        return GridSearchCV(sgd(1e-4, seed), grid, cv=3).fit(X, y)

    from threadpoolctl import threadpool_limits

    seeds = range(args.seed, args.seed + 5)
    names = [
        "tuned SGD (alpha by 3-fold CV; the baseline)",
        "SelfPacedClassifierCV(SGD(alpha*))",
        "random control: SGD(alpha*) on random rows, same share per class",
        "clean-rows oracle (tuned SGD on the unflipped rows; the ceiling)",
    ]
    acc = {name: [] for name in names}
    seconds = {name: [] for name in names}
    paces = []
    for seed in seeds:
        rng = np.random.default_rng(seed)  # the noise has its own stream
        flip = rng.random(y_tr.size) < 0.4
        y_noisy = np.where(flip, (y_tr + 1) % 10, y_tr)
        # CPU times with BLAS on one thread, as the benchmarks measure them.
        with warnings.catch_warnings(), threadpool_limits(1):
            warnings.simplefilter("ignore")  # SGD's own warnings on noisy folds
            t0 = time.process_time()
            search = tuned(X_tr, y_noisy, seed)
            t_tuned = time.process_time() - t0
            alpha = search.best_params_["alpha"]
            t0 = time.process_time()
            spl = SelfPacedClassifierCV(sgd(alpha, seed), random_state=seed)
            spl.fit(X_tr, y_noisy)
            t_spl = time.process_time() - t0
            keep = np.zeros(y_tr.size, dtype=bool)
            pick = np.random.RandomState(seed)
            for label in np.unique(y_noisy):
                rows = np.flatnonzero(y_noisy == label)
                n_keep = int(np.ceil(round(spl.pace_ * rows.size, 9)))
                keep[pick.choice(rows, n_keep, replace=False)] = True
            t0 = time.process_time()
            control = sgd(alpha, seed).fit(X_tr[keep], y_noisy[keep])
            t_control = time.process_time() - t0
            oracle = tuned(X_tr[~flip], y_noisy[~flip], seed)
        paces.append(spl.pace_)
        for name, model, t in zip(
            names,
            (search, spl, control, oracle),
            (t_tuned, t_tuned + t_spl, t_tuned + t_control, np.nan),
            strict=True,
        ):
            acc[name].append(model.score(X_te, y_te))
            seconds[name].append(t / t_tuned)
    # BENCHMARKS.md: gap closed = median(method - tuned) / median(oracle - tuned)
    tuned_acc = np.asarray(acc[names[0]])
    gap = np.median(np.asarray(acc[names[3]]) - tuned_acc)
    _section(
        "Label noise against the tuned baseline: digits, 40% asymmetric noise "
        f"(class k -> k + 1) on the training labels, seeds {seeds.start}-"
        f"{seeds.stop - 1}, medians"
    )
    rows = []
    for name in names:
        d = 100 * (np.asarray(acc[name]) - tuned_acc)
        closed = np.median(d) / gap if gap > 0 else np.nan
        ratio = np.median(seconds[name])
        rows.append(
            [
                name,
                f"{100 * np.median(acc[name]):.1f}",
                f"{np.median(d):+.1f} ({d.min():+.1f} to {d.max():+.1f})",
                f"{closed:.0f}%",
                "" if np.isnan(ratio) else f"{ratio:.2f}",
            ]
        )
    print(
        _table(
            [
                "model",
                "test accuracy %",
                "points over tuned SGD",
                "oracle gap closed",
                "CPU time / tuned SGD's",
            ],
            rows,
        )
    )
    print(
        "\nChosen pace_ (share of each class trained on) per seed: "
        + ", ".join(f"{p:g}" for p in paces)
        + ". Times include the alpha search. benchmarks/bench_noise.py runs this "
        "protocol on three data sets and five noise settings, with cleanlab as "
        "the peer."
    )


def _training_section(args):
    """Each estimator against plain SGD and its random control, same budget."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import train_test_split

    from .curriculum import CurriculumSGDClassifier
    from .datasets import make_curriculum_dataset
    from .pruning import ForgettingPruner, PrunedClassifier
    from .scoring import DifficultyScorer
    from .self_paced import SelfPacedClassifier

    epochs = 20

    def learner(seed):
        # Averaged SGD for every method alike: the last iterate of plain SGD on
        # noisy labels swings from run to run (test accuracy 0.08-0.98 on this
        # data), which would drown every comparison in seed noise.
        return SGDClassifier(loss="log_loss", average=True, random_state=seed)

    def plain(seed):
        return learner(seed).set_params(max_iter=epochs, tol=None)

    methods = {
        "plain averaged SGD (all data, shuffled)": plain,
        "SelfPacedClassifier": lambda s: SelfPacedClassifier(
            learner(s), max_iter=epochs, random_state=s
        ),
        "CurriculumSGDClassifier easy_first, end 0.8": lambda s: (
            CurriculumSGDClassifier(
                learner(s), max_iter=epochs, end_fraction=0.8, random_state=s
            )
        ),
        "  control: order=random, end 0.8": lambda s: CurriculumSGDClassifier(
            learner(s),
            max_iter=epochs,
            end_fraction=0.8,
            order="random",
            random_state=s,
        ),
        "PrunedClassifier drop_hardest 20% (AUM)": lambda s: PrunedClassifier(
            plain(s),
            pruner=ForgettingPruner(
                DifficultyScorer("aum", estimator=learner(s)),
                keep_fraction=0.8,
                strategy="drop_hardest",
            ),
            random_state=s,
        ),
        "  control: random pruning 20%": lambda s: PrunedClassifier(
            plain(s),
            pruner=ForgettingPruner(
                DifficultyScorer("aum", estimator=learner(s)),
                keep_fraction=0.8,
                strategy="random",
            ),
            random_state=s,
        ),
    }
    seeds = range(args.seed, args.seed + 5)
    accuracy = {name: [] for name in methods}
    for seed in seeds:
        X, y, _, flipped = make_curriculum_dataset(
            args.n_samples,
            cluster_std=args.cluster_std,
            label_noise=args.label_noise,
            random_state=seed,
            return_noise_mask=True,
        )
        clean = np.where(flipped, 1 - y, y)
        X_tr, X_te, y_tr, _, _, clean_te = train_test_split(
            X, y, clean, test_size=0.3, stratify=clean, random_state=seed
        )
        for name, make in methods.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                # Estimators get another seed than the data: sharing one
                # RandomState stream would tie their "random" controls to the
                # flipped labels.
                model = make(seed + 10_000).fit(X_tr, y_tr)
            accuracy[name].append(model.score(X_te, clean_te))
    base = np.array(accuracy["plain averaged SGD (all data, shuffled)"])
    rows = [
        [name, f"{100 * np.median(acc):.2f}", *_vs_plain(acc, base)]
        for name, acc in accuracy.items()
    ]
    _section(
        f"Training on the noisy labels: {epochs} epochs of averaged SGD in every "
        f"method, accuracy on clean test labels (median of seeds "
        f"{seeds.start}-{seeds.stop - 1})"
    )
    print(
        _table(
            [
                "estimator",
                "test accuracy, % (median)",
                "vs plain, points: median paired difference (min, max)",
                "mean paired difference",
            ],
            rows,
        )
    )
    print(
        "\nEach method sits next to its random control: a gain over plain SGD"
        " that the control also shows comes from seeing fewer or different"
        " examples, not from the ordering or the scores."
    )
    return accuracy


def _figures_section(args, X, y, noisy, cartography, accuracy):
    """Write the key figures as PNG into ``args.out`` (matplotlib needed)."""
    from sklearn.linear_model import SGDClassifier

    from .curriculum import CurriculumSGDClassifier
    from .plotting import _pyplot, plot_data_map, plot_selection
    from .self_paced import SelfPacedClassifier

    plt = _pyplot()  # a clear ImportError naming the extra without matplotlib
    plt.switch_backend("Agg")
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name, caption):
        fig.savefig(out / name, dpi=args.dpi, bbox_inches="tight")
        plt.close(fig)
        written.append((name, caption))

    # 1. The self-paced demo: which examples each epoch trained on.
    spl = SelfPacedClassifier(
        SGDClassifier(loss="log_loss", average=True),
        lambda_init=0.5,
        mu=1.3,
        random_state=args.seed,
    )
    fig = plot_selection(X, y, spl, epochs=(1, 3, 6, 10))
    fig.suptitle(
        "SelfPacedClassifier(lambda_init=0.5, mu=1.3): large points = trained on "
        "this epoch",
        fontsize="medium",
    )
    fig.tight_layout()
    save(
        fig,
        "selection.png",
        "Self-paced selection, epochs 1, 3, 6 and 10 (the write-up's pace): the "
        "learner starts from the examples it finds easy and admits harder ones "
        "as the pace grows.",
    )

    # 2. Curriculum vs random order, same budget and pool sizes.
    ncols = 1 if accuracy is None else 2
    fig, axes = plt.subplots(1, ncols, figsize=(5.5 * ncols, 4), squeeze=False)
    ax = axes[0, 0]
    for order, style in (("easy_first", "-"), ("random", "--")):
        clf = CurriculumSGDClassifier(
            SGDClassifier(loss="log_loss", average=True),
            max_iter=20,
            end_fraction=0.8,
            order=order,
            random_state=args.seed,
        ).fit(X, y)
        epochs = [row["epoch"] for row in clf.history_]
        ax.plot(
            epochs,
            [row["accuracy"] for row in clf.history_],
            style,
            label=f"order={order!r}",
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("training accuracy (noisy labels)")
    ax.set_title("CurriculumSGDClassifier, end_fraction=0.8")
    ax.legend()
    if accuracy is not None:
        ax = axes[0, 1]
        names = list(accuracy)
        for i, name in enumerate(names):
            ax.plot(accuracy[name], [i] * len(accuracy[name]), "o", alpha=0.5)
            ax.plot([np.median(accuracy[name])], [i], "k|", markersize=18)
        ax.set_yticks(range(len(names)), [n.strip() for n in names])
        ax.invert_yaxis()
        ax.set_xlabel("accuracy on clean test labels (dots: seeds; bar: median)")
        ax.set_title("Each method next to its random control")
    fig.tight_layout()
    save(
        fig,
        "curriculum_vs_random.png",
        "Curriculum (easy first) against the random-order control with the same "
        "pool sizes, and every method of the training table per seed.",
    )

    # 3. The dataset-cartography map, flipped labels circled.
    ax = plot_data_map(cartography, mark=noisy, mark_label="flipped label")
    ax.set_title("Data map (DifficultyScorer('confidence'))")
    save(
        ax.figure,
        "data_map.png",
        "Dataset cartography: flipped labels sit bottom left (confidently "
        "wrong, hard to learn).",
    )

    _section(f"Figures (written to {out})")
    for name, caption in written:
        print(f"![{caption}]({name})\n")


# The module docstring is reStructuredText (the API docs render it); --help is
# read in a terminal, so it gets the same text without the markup.
_DESCRIPTION = (__doc__ or "").replace("``", "")  # None under python -OO


def _vs_plain(accuracy, plain):
    """Paired differences to plain SGD, in points: "median (min, max)" and mean.

    Two decimals: on a few hundred test rows one row is a fraction of a point,
    so one decimal rounds different results to the same "+0.0". The mean is
    shown too because the median of per-seed differences is often exactly 0
    (it is one of the differences) for methods whose accuracies do differ.
    """
    d = 100 * (np.asarray(accuracy) - np.asarray(plain))
    return (
        f"{np.median(d):+.2f} ({d.min():+.2f}, {d.max():+.2f})",
        f"{d.mean():+.2f}",
    )


def build_parser():
    # Run as the console script `skcurric`, or as `python -m skcurric`.
    script = Path(sys.argv[0]).name == "skcurric"
    parser = argparse.ArgumentParser(
        prog="skcurric" if script else "python -m skcurric",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "--version", action="version", version=f"skcurric {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="score difficulty on noisy synthetic data")
    demo.add_argument(
        "--n-samples",
        type=_bounded(int, 60),
        default=1000,
        help="points in the data set, at least 60 (default: 1000)",
    )
    demo.add_argument(
        "--cluster-std",
        type=_bounded(float, 0.0, low_open=True),
        default=1.0,
        help="spread of each cluster, > 0 (default: 1.0)",
    )
    demo.add_argument(
        "--label-noise",
        type=_bounded(float, 0.0, 0.5),
        default=0.2,
        help="fraction of flipped labels, in [0, 0.5) (default: 0.2)",
    )
    demo.add_argument(
        "--n-repeats",
        type=_bounded(int, 1),
        default=3,
        help="repeats per difficulty method, >= 1 (default: 3)",
    )
    demo.add_argument(
        "--n-epochs",
        type=_bounded(int, 1),
        default=10,
        help="epochs per training-dynamics run, >= 1 (default: 10)",
    )
    demo.add_argument(
        "--seed",
        type=_bounded(int, 0, 2**32 - 5),
        default=0,
        help="random seed, >= 0; the training part uses seed to seed + 4 (default: 0)",
    )
    demo.add_argument(
        "--no-train",
        dest="train",
        action="store_false",
        help="skip the training comparison (scoring only)",
    )
    demo.add_argument(
        "--no-headline",
        dest="headline",
        action="store_false",
        help="skip the leading comparison with the tuned learner on digits",
    )
    demo.add_argument(
        "--out",
        type=_out_dir,
        default=None,
        metavar="DIR",
        help="also write the key figures (PNG) and this report (report.md) to DIR;"
        ' needs matplotlib (from a checkout: pip install ".[examples]")',
    )
    demo.add_argument(
        "--dpi", type=_bounded(int, 1), default=100, help=argparse.SUPPRESS
    )
    demo.set_defaults(func=run_demo)
    return parser


class _Tee(io.TextIOBase):
    """Write to the terminal and keep a copy (the Markdown report)."""

    def __init__(self, stream):
        self.stream, self.copy = stream, io.StringIO()

    def write(self, text):
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()


def main(argv=None):
    args = build_parser().parse_args(argv)
    if getattr(args, "out", None) is None:
        return args.func(args)
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        status = args.func(args)
    (args.out / "report.md").write_text(tee.copy.getvalue(), encoding="utf-8")
    print(f"\nReport: {args.out / 'report.md'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
