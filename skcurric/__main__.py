"""``python -m skcurric demo``: difficulty scoring and training on noisy data.

Everything printed is measured in the run itself; nothing is canned.
"""

import argparse
import sys
import time

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
    scores, rows = {}, []
    for method in METHODS:
        t0 = time.perf_counter()
        scorer = DifficultyScorer(
            method,
            n_epochs=args.n_epochs,
            n_repeats=args.n_repeats,
            random_state=args.seed,
        ).fit(X, y)
        seconds = time.perf_counter() - t0
        scores[method] = scorer.scores_
        finite = np.where(np.isfinite(scorer.scores_), scorer.scores_, np.inf)
        rows.append(
            [
                method,
                f"{roc_auc_score(noisy, finite):.3f}",
                f"{roc_auc_score(difficulty > 0.3, finite):.3f}",
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
    if args.train:
        _training_section(args)
    print(f"\nTotal time: {time.perf_counter() - start:.1f} s")
    return 0


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
                DifficultyScorer("aum"), keep_fraction=0.8, strategy="drop_hardest"
            ),
            random_state=s,
        ),
        "  control: random pruning 20%": lambda s: PrunedClassifier(
            plain(s),
            pruner=ForgettingPruner(
                DifficultyScorer("aum"), keep_fraction=0.8, strategy="random"
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
        [
            name,
            f"{np.median(acc):.3f}",
            f"{np.median(np.array(acc) - base) * 100:+.1f}",
        ]
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
                "test accuracy",
                "vs plain, median paired difference (points)",
            ],
            rows,
        )
    )
    print(
        "\nEach method sits next to its random control: a gain over plain SGD"
        " that the control also shows comes from seeing fewer or different"
        " examples, not from the ordering or the scores."
    )


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m skcurric", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="score difficulty on noisy synthetic data")
    demo.add_argument("--n-samples", type=int, default=1000)
    demo.add_argument("--cluster-std", type=float, default=1.0)
    demo.add_argument("--label-noise", type=float, default=0.2)
    demo.add_argument("--n-repeats", type=int, default=3)
    demo.add_argument("--n-epochs", type=int, default=10)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument(
        "--no-train",
        dest="train",
        action="store_false",
        help="skip the training comparison (scoring only)",
    )
    demo.set_defaults(func=run_demo)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
