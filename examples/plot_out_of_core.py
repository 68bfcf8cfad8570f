"""
Training out of core, chunk by chunk
====================================

Both curriculum estimators learn from a stream with ``partial_fit``:
:class:`~skcurric.SelfPacedClassifier` scores each chunk with the current
model and trains on the examples under its pace, and
:class:`~skcurric.CurriculumSGDClassifier` ranks each chunk by difficulty and
draws minibatches from its growing pool of easy examples. Neither ever needs
more than the current chunk in memory.

Here the training set, 200,000 x 20 float32 with 10% flipped labels, lives on
disk in a :class:`numpy.memmap`. It is written chunk by chunk, so it is never
held in memory as a whole either. Each estimator makes one pass over it in
chunks of 10,000 rows, as does its control: plain
:class:`~sklearn.linear_model.SGDClassifier` ``partial_fit`` on the same
chunks (the learner both estimators wrap by default). :mod:`tracemalloc`
records the peak memory allocated during the ``partial_fit`` calls (NumPy
arrays included, the pages of the memmap not, since the operating system
maps those in and out). Test accuracy is measured on held-out clean labels
after every chunk. If Dask is installed, the same stream is read from the
blocks of a Dask array.
"""

import tempfile
import tracemalloc
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import SGDClassifier

from skcurric import CurriculumSGDClassifier, SelfPacedClassifier

N_ROWS, N_FEATURES, N_CLASSES = 200_000, 20, 3
CHUNK = 10_000
N_CHUNKS = N_ROWS // CHUNK
NOISE = 0.1
MiB = 2**20

# A fixed linear teacher: the label is the class with the largest noisy score.
teacher = np.random.default_rng(0).standard_normal((N_FEATURES, N_CLASSES))


def make_chunk(rng, n, noise):
    """``n`` rows of the problem; a fraction ``noise`` of labels flipped."""
    X = rng.standard_normal((n, N_FEATURES), dtype=np.float32)
    y = (X @ teacher + 0.5 * rng.standard_normal((n, N_CLASSES))).argmax(axis=1)
    flip = rng.random(n) < noise
    y[flip] = (y[flip] + rng.integers(1, N_CLASSES, flip.sum())) % N_CLASSES
    return X, y.astype(np.int8)


X_test, y_test = make_chunk(np.random.default_rng(1), 20_000, noise=0.0)
classes = np.arange(N_CLASSES)

# %%
# Write the training data to disk, one chunk at a time.

tmp = tempfile.TemporaryDirectory()
X_path, y_path = Path(tmp.name) / "X.f32", Path(tmp.name) / "y.i8"
X_disk = np.memmap(X_path, dtype=np.float32, mode="w+", shape=(N_ROWS, N_FEATURES))
y_disk = np.memmap(y_path, dtype=np.int8, mode="w+", shape=(N_ROWS,))
rng = np.random.default_rng(2)
for start in range(0, N_ROWS, CHUNK):
    X_disk[start : start + CHUNK], y_disk[start : start + CHUNK] = make_chunk(
        rng, CHUNK, NOISE
    )
X_disk.flush(), y_disk.flush()
del X_disk, y_disk
# Read-only from here on: training cannot write to the data by accident.
X_disk = np.memmap(X_path, dtype=np.float32, mode="r", shape=(N_ROWS, N_FEATURES))
y_disk = np.memmap(y_path, dtype=np.int8, mode="r", shape=(N_ROWS,))
data_mib = (X_disk.nbytes + y_disk.nbytes) / MiB
chunk_mib = data_mib / N_CHUNKS
print(f"On disk: {data_mib:.1f} MiB; one chunk: {chunk_mib:.2f} MiB.")

# %%
# One pass over the chunks for each estimator. ``memmap[a:b]`` is a view of
# the file: the rows are read from disk when the estimator touches them.
# ``CurriculumSGDClassifier`` paces over the stream: ``max_iter`` chunks take
# its competence from ``start_fraction`` to 1, so ``max_iter=N_CHUNKS`` paces
# the whole pass like one epoch of ``fit``. Without a ``difficulty`` argument
# it ranks each chunk by the out-of-fold loss (its default scorer). Its
# minibatches of 500 rows make 20 pool steps per chunk: the learner still
# updates once per example, and far fewer ``partial_fit`` calls (each with a
# fixed cost) keep the example fast.


def chunks(X, y):
    for start in range(0, N_ROWS, CHUNK):
        yield X[start : start + CHUNK], y[start : start + CHUNK]


def train(model, stream):
    """One pass of partial_fit; the traced peak of the calls and accuracies.

    The peak counts what was allocated since the pass began (the model and
    whatever the calls allocate), so a trace already running elsewhere (a
    documentation builder's) neither adds to it nor gets stopped.
    """
    accuracy, peak = [], 0
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    try:
        for X_chunk, y_chunk in stream:
            tracemalloc.reset_peak()
            model.partial_fit(X_chunk, y_chunk, classes=classes)
            peak = max(peak, tracemalloc.get_traced_memory()[1] - baseline)
            accuracy.append(model.score(X_test, y_test))  # not traced as training
    finally:
        if started:
            tracemalloc.stop()
    return accuracy, peak


models = {
    "plain SGD (control)": SGDClassifier(loss="log_loss", random_state=0),
    "SelfPacedClassifier": SelfPacedClassifier(random_state=0),
    "CurriculumSGDClassifier": CurriculumSGDClassifier(
        max_iter=N_CHUNKS, batch_size=500, random_state=0
    ),
}
results = {name: train(model, chunks(X_disk, y_disk)) for name, model in models.items()}

# %%
# The same stream from the blocks of a Dask array (optional). Each block reads
# its rows from the file when computed, one block at a time with the
# synchronous scheduler, so again one chunk is in memory (now as a copy, which
# counts in the traced peak); same chunks in the same order, so the same model.
#
# The blocks are built with ``from_delayed`` rather than by
# ``dask.array.from_array(X_disk)``: ``from_array`` copies a NumPy array it is
# given, a memmap included, into memory (Dask 2026.8 does), which here would
# load the whole data at once.

try:
    import dask
    import dask.array as da
except ImportError:
    print("Dask is not installed: skipping the Dask array stream.")
else:

    def read_rows(path, dtype, shape, start, stop):
        rows = np.memmap(path, dtype=dtype, mode="r", shape=shape)[start:stop]
        return np.array(rows)  # a copy in memory: the block's own data

    def lazy_array(path, dtype, shape):
        blocks = [
            da.from_delayed(
                dask.delayed(read_rows)(path, dtype, shape, start, start + CHUNK),
                (CHUNK, *shape[1:]),
                dtype,
            )
            for start in range(0, shape[0], CHUNK)
        ]
        return da.concatenate(blocks)

    X_dask = lazy_array(X_path, np.float32, (N_ROWS, N_FEATURES))
    y_dask = lazy_array(y_path, np.int8, (N_ROWS,))

    def dask_blocks():
        for i in range(X_dask.numblocks[0]):
            yield dask.compute(X_dask.blocks[i], y_dask.blocks[i])

    with dask.config.set(scheduler="synchronous"):
        # Compute one block first: Dask imports modules on its first compute,
        # and their memory is no part of training.
        dask.compute(X_dask.blocks[0])
        spl_dask = SelfPacedClassifier(random_state=0)
        results["SelfPacedClassifier, Dask blocks"] = train(spl_dask, dask_blocks())
    same = np.array_equal(
        spl_dask.estimator_.coef_, models["SelfPacedClassifier"].estimator_.coef_
    )
    print(f"Dask-block model identical to the memmap model: {same}")

# %%
# Peak memory during training is a few chunks' worth, far below the data's
# own size. The accuracies are one seed and one pass: this example is about
# memory (the quality benchmarks are in ``benchmarks/``).

print(
    f"\n{N_ROWS:,} x {N_FEATURES} float32 training rows ({NOISE:.0%} flipped "
    f"labels), chunks of {CHUNK:,} rows, one pass; test accuracy on 20,000 "
    "clean rows.\n"
)
print(
    "| method | test accuracy | peak traced MiB | data MiB | chunk MiB | peak / chunk |"
)
print("|---|---|---|---|---|---|")
for name, (accuracy, peak) in results.items():
    print(
        f"| {name} | {accuracy[-1]:.3f} | {peak / MiB:.2f} | {data_mib:.1f} "
        f"| {chunk_mib:.2f} | {peak / MiB / chunk_mib:.1f} |"
    )
largest = max(peak for _, peak in results.values()) / MiB
print(f"\nLargest training peak: {largest / data_mib:.0%} of the data's size.")

# %%
# Test accuracy after each chunk.

fig, ax = plt.subplots(figsize=(6, 3.5))
rows_seen = CHUNK * np.arange(1, N_CHUNKS + 1)
for name, (accuracy, _) in results.items():
    style = ":" if "Dask" in name else "-"
    ax.plot(rows_seen, accuracy, style, marker=".", label=name)
ax.set_xlabel("training rows seen")
ax.set_ylabel("test accuracy (clean labels)")
ax.legend(fontsize="small")
fig.tight_layout()

del X_disk, y_disk  # release the files before the directory goes
tmp.cleanup()
plt.show()
