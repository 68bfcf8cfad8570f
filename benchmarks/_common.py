"""Shared helpers for the benchmark scripts: header, tables, timing, memory."""

import argparse
import gc
import platform
import time
import tracemalloc

import numpy as np


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--full", action="store_true", help="run the larger sizes too")
    p.add_argument("--out", help="also write the report (Markdown) to this file")
    p.add_argument(
        "--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="seeds to run"
    )
    return p


def header(title, seeds):
    import scipy
    import sklearn

    import skcurric

    return (
        f"# {title}\n\n"
        f"skcurric {skcurric.__version__}, scikit-learn {sklearn.__version__}, "
        f"NumPy {np.__version__}, SciPy {scipy.__version__}, "
        f"Python {platform.python_version()}; seeds {list(seeds)}.\n"
    )


def table(columns, rows):
    """A Markdown table from a header and rows of already formatted cells."""
    cells = [[str(c) for c in columns]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]

    def fmt(r):
        return (
            "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
        )

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(cells[0]), sep, *(fmt(r) for r in cells[1:])])


def timed(func):
    """CPU seconds of one call, BLAS limited to one thread.

    CPU time rather than wall-clock time: the method and its baseline run one
    after the other on a machine that may be busy, and process time is far
    less sensitive to other load. Both sides are measured the same way.
    """
    from threadpoolctl import threadpool_limits

    gc.collect()
    with threadpool_limits(1):
        start = time.process_time()
        func()
        return time.process_time() - start


def peak_traced_bytes(func):
    """Peak of memory allocated (NumPy included) during one call, in bytes."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def ratio_summary(ratios):
    """'median (min-max)' of a list of ratios."""
    r = np.asarray(ratios)
    return f"{np.median(r):.2f} ({r.min():.2f}-{r.max():.2f})"


class Report:
    """Collects printed text so --out can write exactly what was printed."""

    def __init__(self):
        self.parts = []

    def print(self, text=""):
        print(text, flush=True)
        self.parts.append(text)

    def save(self, path):
        if path:
            with open(path, "w") as fh:
                fh.write("\n".join(self.parts) + "\n")


# The digits protocol of BENCHMARKS.md, shared by every quality benchmark.


def split_scaled(X, y):
    """70/30 stratified split (random_state=0), StandardScaler fit on the train part."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_tr)
    return scaler.transform(X_tr), scaler.transform(X_te), y_tr, y_te


def digits_split():
    from sklearn.datasets import load_digits

    return split_scaled(*load_digits(return_X_y=True))


def synthetic_split():
    """make_classification(20,000 x 40, 5 classes), split the same way."""
    from sklearn.datasets import make_classification

    return split_scaled(
        *make_classification(
            n_samples=20000,
            n_features=40,
            n_informative=20,
            n_classes=5,
            random_state=0,
        )
    )


# The grid over which every benchmark tunes its plain-SGD baseline's alpha by
# 3-fold CV: a curriculum's gain must be more than what tuning gives.
TUNED_ALPHAS = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]


def add_label_noise(y, rate, seed, return_mask=False, kind="symmetric"):
    """Flip a fraction ``rate`` of the labels (BENCHMARKS.md, "Label noise").

    ``kind="symmetric"``: each label, with probability ``rate``, becomes one of
    the *other* classes drawn uniformly, so ``rate`` is the true fraction of
    wrong labels. ``kind="asymmetric"`` (class-conditional): with probability
    ``rate``, class k becomes class k+1 (mod K). Noise seed = run seed, but
    drawn from NumPy's PCG64 generator, not from ``RandomState(seed)``: the
    estimators and baselines seeded with the same run seed use
    ``RandomState(seed)``, and sharing its stream would correlate their
    "random" orders and subsets with which labels were flipped.
    """
    if kind not in ("symmetric", "asymmetric"):
        raise ValueError(f"kind must be 'symmetric' or 'asymmetric'; got {kind!r}")
    rng = np.random.default_rng(seed)
    classes = np.unique(y)
    flip = rng.random(y.size) < rate
    shift = rng.integers(1, classes.size, size=y.size)  # never 0: always wrong
    if kind == "asymmetric":
        shift = np.ones_like(shift)
    pos = np.searchsorted(classes, y)
    noisy = np.where(flip, classes[(pos + shift) % classes.size], y)
    return (noisy, flip) if return_mask else noisy


def breast_cancer_split():
    """load_breast_cancer (569 x 30, 2 classes), split the same way."""
    from sklearn.datasets import load_breast_cancer

    return split_scaled(*load_breast_cancer(return_X_y=True))


def classification_split():
    """make_classification(5,000 x 20, 5 classes, class_sep=2), split the same way.

    A linear model reaches about 83% here (58% at class_sep=1, where label
    noise barely matters). Smaller than :func:`synthetic_split`, so a
    benchmark over many methods,
    noise settings and seeds stays within minutes on 2 cores.
    """
    from sklearn.datasets import make_classification

    return split_scaled(
        *make_classification(
            n_samples=5000,
            n_features=20,
            n_informative=10,
            n_redundant=5,
            n_classes=5,
            class_sep=2.0,
            random_state=0,
        )
    )


# The data sets on which defaults and noisy-label claims are measured: digits
# and two more that need no download (BENCHMARKS.md, "Other data").
BENCHMARK_DATASETS = {
    "digits": digits_split,
    "breast_cancer": breast_cancer_split,
    "classification": classification_split,
}

# Noise settings of the tuned-baseline protocol: (kind, rate).
NOISE_SETTINGS = [
    ("none", 0.0),
    ("symmetric", 0.2),
    ("symmetric", 0.4),
    ("asymmetric", 0.2),
    ("asymmetric", 0.4),
]
