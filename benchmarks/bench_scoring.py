"""Cost of DifficultyScorer against its floor and against a per-sample loop.

For each size, side by side in one process, same data, same seeds:

- ``DifficultyScorer("forgetting", n_epochs=20)`` and
  ``DifficultyScorer("el2n", n_repeats=5)`` (10 epochs each repeat);
- the *bare loop*: the same ``SGDClassifier(loss="log_loss")`` trained by the
  same ``partial_fit`` minibatches over a fresh permutation each epoch, plus one
  ``predict_proba`` pass over the training set per epoch. This is the floor:
  the learner's own work plus the one pass any per-epoch signal needs;
- at n = 10,000 only: the write-up's per-sample Python loop (binary logistic
  regression, one update per sample, forgetting counted from a full pass per
  epoch) on binary data, against the scorer on the same data and epochs.

Targets (issue 2): time at most 1.3x the bare loop; at least 5x faster than the
per-sample loop; peak memory at most 1.5x the bare loop's.

Run: ``python benchmarks/bench_scoring.py [--full] [--out FILE]``.
"""

import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    Report,
    header,
    parser,
    peak_traced_bytes,
    ratio_summary,
    table,
    timed,
)

from skcurric import DifficultyScorer  # noqa: E402
from skcurric._engine import auto_batch_size  # noqa: E402


def dense_data(n, seed, n_classes=5):
    X, y = make_classification(
        n, 50, n_informative=20, n_classes=n_classes, flip_y=0.05, random_state=seed
    )
    return StandardScaler().fit_transform(X), y


def hashed_data(n, seed, n_features=2**18, nnz=50, n_classes=5):
    """A text-like sparse matrix: nnz hashed tokens per row, labels from a hidden
    sparse linear model (generated locally, nothing downloaded)."""
    rng = np.random.RandomState(seed)
    cols = rng.randint(n_features, size=(n, nnz))
    X = sparse.csr_matrix(
        (np.ones(n * nnz), cols.ravel(), np.arange(0, n * nnz + 1, nnz)),
        shape=(n, n_features),
    )
    X.sum_duplicates()
    W = rng.randn(n_features, n_classes) * (rng.rand(n_features, 1) < 0.05)
    y = np.asarray((X @ W).argmax(axis=1)).ravel()
    return X, y


def bare_loop(X, y, n_epochs, seed):
    """The floor: the same partial_fit epochs plus one predict_proba per epoch."""
    rng = np.random.RandomState(seed)
    classes = np.unique(y)
    est = SGDClassifier(loss="log_loss", random_state=seed)
    n = X.shape[0]
    batch = auto_batch_size(X)  # the scorer's batch_size="auto"
    first = True
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            if first:
                est.partial_fit(X[idx], y[idx], classes=classes)
                first = False
            else:
                est.partial_fit(X[idx], y[idx])
        est.predict_proba(X)
    return est


def per_sample_loop(X, y, n_epochs, seed, lr=0.1):
    """Forgetting events the write-up's way: Python loop, one sample at a time."""
    rng = np.random.RandomState(seed)
    n, d = X.shape
    w = rng.randn(d) * 0.01
    b = 0.0
    forgetting = np.zeros(n)
    previous = np.zeros(n, dtype=bool)
    for epoch in range(n_epochs):
        correct = ((X @ w + b) > 0) == y
        if epoch:
            forgetting += previous & ~correct
        previous = correct
        for i in rng.permutation(n):
            p = 1.0 / (1.0 + np.exp(-(X[i] @ w + b)))
            g = p - y[i]
            w -= lr * g * X[i]
            b -= lr * g
    return forgetting


def scorer_fit(method, X, y, seed):
    if method == "forgetting":
        s = DifficultyScorer("forgetting", n_epochs=20, random_state=seed)
    else:
        s = DifficultyScorer("el2n", n_repeats=5, random_state=seed)
    return s.fit(X, y)


def bare_equivalent(method, X, y, seed):
    if method == "forgetting":
        return bare_loop(X, y, 20, seed)
    return [bare_loop(X, y, 10, seed + r) for r in range(5)]


def main(argv=None):
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    report = Report()
    report.print(header("DifficultyScorer cost (bench_scoring.py)", args.seeds))
    sizes = [("dense", 10_000), ("dense", 100_000)]
    if args.full:
        sizes += [("dense", 1_000_000), ("hashed sparse 2^18", 100_000)]

    rows, mem_rows = [], []
    for kind, n in sizes:
        for method in ("forgetting", "el2n"):
            t_s, t_b = [], []
            for seed in args.seeds:
                X, y = dense_data(n, seed) if kind == "dense" else hashed_data(n, seed)
                t_s.append(
                    timed(lambda X=X, y=y, s=seed, m=method: scorer_fit(m, X, y, s))
                )
                t_b.append(
                    timed(
                        lambda X=X, y=y, s=seed, m=method: bare_equivalent(m, X, y, s)
                    )
                )
            ratios = np.array(t_s) / np.array(t_b)
            rows.append(
                [
                    kind,
                    f"{n:,}",
                    method,
                    f"{np.median(t_s):.3f}",
                    f"{np.median(t_b):.3f}",
                    ratio_summary(ratios),
                    "yes" if np.median(ratios) <= 1.3 else "NO",
                ]
            )
            X, y = dense_data(n, 0) if kind == "dense" else hashed_data(n, 0)
            data_bytes = X.data.nbytes + (
                X.indices.nbytes + X.indptr.nbytes if sparse.issparse(X) else 0
            )
            m_s = peak_traced_bytes(lambda X=X, y=y, m=method: scorer_fit(m, X, y, 0))
            m_b = peak_traced_bytes(
                lambda X=X, y=y, m=method: bare_equivalent(m, X, y, 0)
            )
            total_ratio = (data_bytes + m_s) / (data_bytes + m_b)
            mem_rows.append(
                [
                    kind,
                    f"{n:,}",
                    method,
                    f"{data_bytes / 2**20:.1f}",
                    f"{m_s / 2**20:.1f}",
                    f"{m_b / 2**20:.1f}",
                    f"{m_s / m_b:.2f}",
                    f"{total_ratio:.2f}",
                    "yes" if total_ratio <= 1.5 else "NO",
                ]
            )
            print(f"done: {kind} n={n} {method}", file=sys.stderr, flush=True)

    report.print("\n## Time: scorer vs bare loop (median CPU seconds over seeds)\n")
    report.print(
        table(
            [
                "data",
                "n",
                "method",
                "scorer CPU s",
                "bare CPU s",
                "ratio med (min-max)",
                "<= 1.3x",
            ],
            rows,
        )
    )
    report.print(
        "\n## Peak memory (seed 0; tracemalloc peak during fit, data held outside)\n"
    )
    report.print(
        table(
            [
                "data",
                "n",
                "method",
                "data MiB",
                "scorer extra MiB",
                "bare extra MiB",
                "extra ratio",
                "(data+extra) ratio",
                "<= 1.5x",
            ],
            mem_rows,
        )
    )

    # The write-up's per-sample loop, at 10,000 binary samples only.
    loop_rows = []
    t_loop, t_scorer = [], []
    for seed in args.seeds:
        X, y = dense_data(10_000, seed, n_classes=2)
        t_loop.append(timed(lambda X=X, y=y, s=seed: per_sample_loop(X, y, 20, s)))
        t_scorer.append(
            timed(lambda X=X, y=y, s=seed: scorer_fit("forgetting", X, y, s))
        )
    speedup = np.array(t_loop) / np.array(t_scorer)
    loop_rows.append(
        [
            "dense binary",
            "10,000",
            "forgetting, 20 epochs",
            f"{np.median(t_loop):.3f}",
            f"{np.median(t_scorer):.3f}",
            ratio_summary(speedup),
            "yes" if np.median(speedup) >= 5 else "NO",
        ]
    )
    report.print("\n## Speed-up over the write-up's per-sample Python loop\n")
    report.print(
        table(
            [
                "data",
                "n",
                "task",
                "loop CPU s",
                "scorer CPU s",
                "speed-up med (min-max)",
                ">= 5x",
            ],
            loop_rows,
        )
    )
    report.save(args.out)


if __name__ == "__main__":
    main()
