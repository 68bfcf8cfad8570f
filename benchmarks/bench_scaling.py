"""Scaling with n: time per sample and peak memory from 10^4 to 10^6 rows.

For each size n and each kind of data, side by side in one process, same
data, same seeds, a fixed budget of 3 epochs for everything:

- ``SelfPacedClassifier(max_iter=3, tol=None)`` (batch size "auto");
- ``CurriculumSGDClassifier(max_iter=3, batch_size=1024)`` with a
  precomputed ``difficulty`` (the generating model's margin, so no scorer
  runs). 1,024 rather than the default 32 rows per minibatch: SGD updates
  once per example either way, and 32-row calls would measure scikit-learn's
  fixed cost per ``partial_fit`` call rather than skcurric;
- ``DifficultyScorer("el2n", n_epochs=3)`` (one signal pass, after the last
  epoch) and ``DifficultyScorer("forgetting", n_epochs=3)`` (a signal pass
  after every epoch, the per-epoch probes kept under
  ``keep_trajectories="auto"``);
- the reference: plain ``SGDClassifier(loss="log_loss")`` ``partial_fit``
  over a fresh shuffle for 3 epochs, in minibatches of the engine's
  "auto" size, nothing else.

All use ``SGDClassifier(loss="log_loss")`` (the default learner), 5 classes.
Data, generated locally in float64 (the dtype the learner computes in, so
no estimator converts it):

- dense: 50 standard normal features, labels the argmax of a random linear
  model plus Gumbel noise (about 1 label in 6 differs from the noiseless
  argmax, for both kinds of data);
- hashed sparse: a text-like CSR matrix of 2^18 columns, 50 hashed tokens per
  row (uniform columns, values +-1/sqrt(50) as with ``FeatureHasher``'s
  alternating signs and l2 normalisation), labels from a hidden sparse linear
  model.

Time: CPU seconds of one ``fit`` (``_common.timed``, BLAS on one thread)
divided by n, median over seeds. Memory: the tracemalloc peak of one ``fit``
(first seed; the data are created beforehand, so they are not counted), divided
by the data's own size (X's arrays plus y).

Targets (issue 7): from the smallest to the largest n, time per sample grows
at most 1.3x; the peak is at most 1.5x the data's size.

Run: ``python benchmarks/bench_scaling.py [--full] [--out FILE]``; default
sizes 10^4 and 10^5 (seeds 0-4), ``--full`` adds 10^6 (first two seeds).
"""

import sys
import warnings
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    Report,
    header,
    parser,
    peak_traced_bytes,
    table,
    timed,
)

from skcurric import (  # noqa: E402
    CurriculumSGDClassifier,
    DifficultyScorer,
    SelfPacedClassifier,
)
from skcurric._engine import auto_batch_size  # noqa: E402

N_EPOCHS = 3
N_CLASSES = 5
N_DENSE_FEATURES = 50
N_HASHED_FEATURES = 2**18
N_TOKENS = 50
CURRICULUM_BATCH = 1024
TIME_TARGET, MEMORY_TARGET = 1.3, 1.5


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _labels(scores, rng):
    """Argmax of noisy scores; the difficulty is minus the noiseless margin."""
    y = (scores + rng.gumbel(size=scores.shape)).argmax(axis=1)
    rows = np.arange(y.size)
    true = scores[rows, y]
    scores[rows, y] = -np.inf
    difficulty = scores.max(axis=1) - true  # higher = harder
    return y, difficulty


def dense_data(n, seed):
    """n x 50 float64 standard normal features, 5 classes."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, N_DENSE_FEATURES))
    W = rng.standard_normal((N_DENSE_FEATURES, N_CLASSES)) * 0.7
    y, difficulty = _labels(X @ W, rng)
    return X, y, difficulty


def hashed_data(n, seed):
    """n x 2^18 CSR, 50 hashed tokens per row, values +-1/sqrt(50)."""
    rng = np.random.default_rng(seed)
    indices = rng.integers(N_HASHED_FEATURES, size=n * N_TOKENS)
    values = rng.choice([-1.0, 1.0], size=n * N_TOKENS) / np.sqrt(N_TOKENS)
    indptr = np.arange(0, n * N_TOKENS + 1, N_TOKENS)
    X = sparse.csr_matrix(
        (values, indices, indptr), shape=(n, N_HASHED_FEATURES), dtype=np.float64
    )
    X.sum_duplicates()  # canonical CSR, as a hasher's output
    # A hidden sparse linear model: 5% of the columns carry signal.
    active = rng.random(N_HASHED_FEATURES) < 0.05
    W = rng.standard_normal((N_HASHED_FEATURES, N_CLASSES)) * active[:, None] * 20
    y, difficulty = _labels(np.asarray(X @ W), rng)
    return X, y, difficulty


DATA = {"dense 50": dense_data, "hashed sparse 2^18": hashed_data}


def data_bytes(X, y):
    if sparse.issparse(X):
        return X.data.nbytes + X.indices.nbytes + X.indptr.nbytes + y.nbytes
    return X.nbytes + y.nbytes


# ---------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------


def sgd_epochs(X, y, difficulty, seed):
    """The reference: partial_fit over a fresh shuffle, N_EPOCHS times."""
    rng = np.random.RandomState(seed)
    clf = SGDClassifier(loss="log_loss", random_state=seed)
    classes = np.unique(y)
    batch = auto_batch_size(X)
    for _ in range(N_EPOCHS):
        order = rng.permutation(X.shape[0])
        for start in range(0, order.size, batch):
            idx = order[start : start + batch]
            clf.partial_fit(X[idx], y[idx], classes=classes)
    return clf


def self_paced(X, y, difficulty, seed):
    with warnings.catch_warnings():
        # 3 epochs are too few for the pace to admit everyone: on purpose.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return SelfPacedClassifier(max_iter=N_EPOCHS, tol=None, random_state=seed).fit(
            X, y
        )


def curriculum(X, y, difficulty, seed):
    return CurriculumSGDClassifier(
        max_iter=N_EPOCHS, batch_size=CURRICULUM_BATCH, random_state=seed
    ).fit(X, y, difficulty=difficulty)


def curriculum_batch_32(X, y, difficulty, seed):
    return CurriculumSGDClassifier(
        max_iter=N_EPOCHS, batch_size=32, random_state=seed
    ).fit(X, y, difficulty=difficulty)


def el2n(X, y, difficulty, seed):
    return DifficultyScorer("el2n", n_epochs=N_EPOCHS, random_state=seed).fit(X, y)


def forgetting(X, y, difficulty, seed):
    return DifficultyScorer("forgetting", n_epochs=N_EPOCHS, random_state=seed).fit(
        X, y
    )


METHODS = {  # the reference first
    "plain SGD partial_fit (reference)": sgd_epochs,
    "SelfPacedClassifier": self_paced,
    "CurriculumSGDClassifier": curriculum,
    "DifficultyScorer el2n": el2n,
    "DifficultyScorer forgetting": forgetting,
    # Not run by default (slow): batch_size=32, the default before "auto".
    "CurriculumSGDClassifier batch_size=32": curriculum_batch_32,
}
DEFAULT_METHODS = list(METHODS)[:-1]


# ---------------------------------------------------------------------------


def model_mib(X, y):
    """Size of the fitted SGD model's coef_ and intercept_ (constant in n)."""
    clf = sgd_epochs(X[:100], y[:100], None, 0)
    return (clf.coef_.nbytes + clf.intercept_.nbytes) / 2**20


def main(argv=None):
    p = parser(__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        help="sizes to run instead of the defaults (for profiling)",
    )
    p.add_argument("--data", choices=sorted(DATA), nargs="+", default=list(DATA))
    p.add_argument("--methods", choices=sorted(METHODS), nargs="+")
    args = p.parse_args(argv)
    sizes = args.sizes or ([10**4, 10**5, 10**6] if args.full else [10**4, 10**5])
    names = args.methods or DEFAULT_METHODS
    reference = names[0]

    report = Report()
    report.print(header("Scaling with n (bench_scaling.py)", args.seeds))

    # Imports and first-call caches must not count as the smallest size's cost.
    models = {}
    for kind in args.data:
        X, y, d = DATA[kind](2000, 0)
        for name in names:
            METHODS[name](X, y, d, 0)
        models[kind] = model_mib(X, y)

    # time[kind, name, n]: median CPU seconds per sample; mem[...]: peak / data
    time, mem, n_seeds, size = {}, {}, {}, {}
    for kind in args.data:
        for n in sizes:
            # At 10^6 rows two seeds keep the run within minutes on 2 cores.
            seeds = args.seeds if n < 10**6 else args.seeds[:2]
            n_seeds[n] = len(seeds)
            per_sample = {name: [] for name in names}
            for seed in seeds:
                # One BLAS thread here too: a multithreaded BLAS keeps its
                # threads spinning for a while after a product, and that CPU
                # time would be charged to the fit timed next.
                with threadpool_limits(1):
                    X, y, d = DATA[kind](n, seed)
                for name in names:
                    f = METHODS[name]
                    t = timed(lambda X=X, y=y, d=d, s=seed, f=f: f(X, y, d, s))
                    per_sample[name].append(t / n)
                if seed == seeds[0]:
                    size[kind, n] = data_bytes(X, y)
                    for name in names:
                        f = METHODS[name]
                        peak = peak_traced_bytes(
                            lambda X=X, y=y, d=d, s=seed, f=f: f(X, y, d, s)
                        )
                        mem[kind, name, n] = peak / size[kind, n]
                del X, y, d
            for name in names:
                time[kind, name, n] = float(np.median(per_sample[name]))
            print(f"done: {kind} n={n:,}", file=sys.stderr, flush=True)

    rows = [
        [
            kind,
            f"{n:,}",
            name,
            n_seeds[n],
            f"{time[kind, name, n] * 1e6:.2f}",
            f"{time[kind, name, n] / time[kind, reference, n]:.2f}",
            f"{size[kind, n] / 2**20:.1f}",
            f"{mem[kind, name, n]:.2f}",
        ]
        for kind in args.data
        for name in names
        for n in sizes
    ]
    report.print(
        f"\n## Per size ({N_EPOCHS} epochs; time: median over the seeds shown; "
        "memory: first seed)\n"
    )
    report.print(
        table(
            [
                "data",
                "n",
                "method",
                "seeds",
                "CPU us / sample",
                "time / reference",
                "data MiB",
                "peak / data",
            ],
            rows,
        )
    )

    small, large = sizes[0], sizes[-1]
    rows = []
    for kind in args.data:
        for name in names:
            growth = time[kind, name, large] / time[kind, name, small]
            m_small, m_large = mem[kind, name, small], mem[kind, name, large]
            rows.append(
                [
                    kind,
                    name,
                    f"{time[kind, name, small] * 1e6:.2f}",
                    f"{time[kind, name, large] * 1e6:.2f}",
                    f"{growth:.2f}",
                    "yes" if growth <= TIME_TARGET else "NO",
                    f"{m_small:.2f}",
                    "yes" if m_small <= MEMORY_TARGET else "NO",
                    f"{m_large:.2f}",
                    "yes" if m_large <= MEMORY_TARGET else "NO",
                ]
            )
    report.print(f"\n## Targets: n = {small:,} to {large:,}\n")
    report.print(
        table(
            [
                "data",
                "method",
                f"us / sample, {small:,}",
                f"us / sample, {large:,}",
                "growth",
                f"<= {TIME_TARGET}x",
                f"peak / data, {small:,}",
                f"<= {MEMORY_TARGET}x",
                f"peak / data, {large:,}",
                f"<= {MEMORY_TARGET}x",
            ],
            rows,
        )
    )
    report.print(
        "\nThe fitted SGD model alone (coef_ and intercept_, the same at every n): "
        + ", ".join(f"{kind} {mib:.3g} MiB" for kind, mib in models.items())
        + "."
    )
    report.save(args.out)


if __name__ == "__main__":
    main()
