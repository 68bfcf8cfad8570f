"""The training engine: the one epoch loop over ``partial_fit`` in skcurric.

Every estimator trains the same way. Before each epoch a *strategy* hands the
engine a :class:`Plan` (which sample indices, in what order, with which
weights); the engine feeds them to ``partial_fit`` in minibatches; after the
epoch it computes the per-sample signals the strategy asked for on the whole
training set (:func:`skcurric._signals.compute_signals`, chunked) and gives
them back to the strategy, which may stop training.

A strategy is any object with

``plan(epoch, rng) -> Plan or None``
    The plan of epoch ``epoch`` (0-based, counted within this call); ``None``
    ends training. The plan also names the signals to compute after the
    epoch (``Plan.signals``), which the next plan needs.
``observe(epoch, signals, record) -> bool``
    Sees the signals, may add columns to the epoch's ``record`` (a row of
    ``history_``); returns True to stop.

The engine owns what depends on the learner rather than on the strategy: a
learner whose ``partial_fit`` takes no ``sample_weight`` gets integer user
weights as repeated rows. It never copies ``X`` beyond the current minibatch
(``X[batch]``).

A learner without ``partial_fit`` is trained by :func:`run_rounds`, the same
loop with a *round* for an epoch: one ``fit`` on all rows with the plan as
``sample_weight`` (0 for the rows it leaves out, so ``X`` is never copied),
grown from the previous round where the learner has ``warm_start`` (see
:func:`skcurric.utils._learners.prepare_rounds`). The strategies, the
signals, ``history_``, the callbacks and ``verbose`` are the same.
"""

from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn import config_context
from sklearn.utils import _safe_indexing

from ._signals import compute_signals
from .utils._callbacks import NO_HOOKS
from .utils._learners import accepts_sample_weight

__all__ = [
    "Plan",
    "TrainResult",
    "UniformStrategy",
    "auto_batch_size",
    "run_epochs",
    "run_rounds",
]

# A minibatch copy of at most this many bytes: large enough that the learner's
# per-call overhead (validation, class weights) vanishes, small next to X.
_AUTO_BATCH_BYTES = 16 * 2**20


def auto_batch_size(X):
    """Rows per ``partial_fit`` call so that one minibatch copy is <= 16 MiB.

    At least 1,024 rows (or all of them when there are fewer).
    """
    n = X.shape[0]
    if sparse.issparse(X):
        row_bytes = (X.data.nbytes + X.indices.nbytes) / max(n, 1) + 8
    else:
        row_bytes = X.dtype.itemsize * max(X.shape[1], 1)
    return int(min(n, max(1024, _AUTO_BATCH_BYTES // max(row_bytes, 1))))


def _resolve_batch_size(batch_size, X, repeats):
    """``batch_size``, with ``"auto"`` sized on the rows an epoch really has.

    With rows repeated for integer weights, an epoch has ``repeats.sum()``
    rows: the engine's rule is ``min(n, cap)`` with ``cap >= 1024``; when X
    fits one batch the cap is only known to be ``>= max(n, 1024)``, a safe
    lower bound.
    """
    if batch_size != "auto":
        return batch_size
    auto = auto_batch_size(X)
    if repeats is None:
        return auto
    n_rows = int(repeats.sum())
    return min(n_rows, auto if auto < X.shape[0] else max(X.shape[0], 1024))


def _row_repeats(estimator, sample_weight, owner):
    """Integer weights as row repeats, for a learner without ``sample_weight``.

    Returns ``None`` when the learner takes ``sample_weight`` (or there are no
    weights). An example of weight ``w`` is then seen ``w`` times (0: never);
    other weights are a TypeError, raised before any training.
    """
    if sample_weight is None or accepts_sample_weight(estimator):
        return None
    if not np.all(sample_weight == np.floor(sample_weight)):
        raise TypeError(
            f"{type(estimator).__name__}.partial_fit takes no sample_weight, so "
            f"{owner} can apply only integer sample weights (by repeating rows); "
            "got non-integer weights. Use a learner whose partial_fit takes "
            "sample_weight."
        )
    return sample_weight.astype(np.intp)


@dataclass
class Plan:
    """What the learner sees in one epoch.

    Attributes
    ----------
    indices : ndarray of int
        Training order; repeats are allowed (minibatches drawn with
        replacement from a pool). Must not be empty: an epoch never trains on
        nothing silently.
    weights : ndarray of float or None
        One weight per entry of ``indices``; multiplies the user's
        ``sample_weight``.
    signals : tuple of str
        Signals to compute on the whole training set after this epoch (what
        the next plan and :meth:`observe` need); ``()`` skips the pass.
    shuffle : bool
        Whether the engine shuffles the entries (with ``rng``) before
        training, after repeating rows for integer weights, so that the
        copies of a row are spread over the epoch.
    batch_weight : callable or None
        ``batch_weight(estimator, X_batch, batch_indices) -> weights``, called
        just before each ``partial_fit`` with the learner as it is then
        (focal reweighting needs the current model).
    note : dict
        Extra columns for this epoch's row of ``history_``.
    """

    indices: np.ndarray
    weights: np.ndarray | None = None
    signals: tuple = ()
    shuffle: bool = False
    batch_weight: Any = None
    note: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrainResult:
    """What :func:`run_epochs` returns: epochs run, history rows, partial_fit calls."""

    n_iter: int
    history: list
    n_calls: int


def run_epochs(
    estimator,
    X,
    y,
    y_index,
    *,
    classes,
    strategy,
    max_iter,
    batch_size,
    rng,
    sample_weight=None,
    first_call=True,
    epoch_offset=0,
    verbose=0,
    owner="skcurric",
    hooks=NO_HOOKS,
):
    """Train ``estimator`` in place for up to ``max_iter`` epochs.

    Parameters
    ----------
    estimator : classifier with partial_fit
        A clone owned by the calling estimator (never the user's object).
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Validated training data (CSR when sparse).
    y : ndarray of shape (n_samples,)
        Labels as given (passed to ``partial_fit``).
    y_index : ndarray of shape (n_samples,)
        Index of each label in ``classes`` (for the signals).
    classes : ndarray
        All classes, passed as ``classes=`` on the first ``partial_fit`` call.
    strategy : object
        See the module docstring.
    max_iter : int
        Maximum number of epochs.
    batch_size : int or "auto"
        Minibatch size for ``partial_fit`` calls; ``"auto"``: see
        :func:`auto_batch_size` (on the repeated rows, if any).
    rng : numpy.random.RandomState
        Source of all randomness in the plans.
    sample_weight : ndarray or None
        User weights, multiplied with the plan's weights. For a learner whose
        ``partial_fit`` takes no ``sample_weight`` they must be integers and
        are applied by repeating rows (then a plan may not carry weights).
    first_call : bool
        Whether ``estimator`` has not been trained yet (``classes=`` is passed).
    epoch_offset : int
        Epochs run by earlier calls (a ``partial_fit`` stream): the ``epoch``
        column of ``history`` counts on from it.
    verbose : int
        Print one line per epoch when > 0.
    owner : str
        Name of the calling estimator, used in messages.
    hooks : skcurric.utils._callbacks.TaskHooks, default=NO_HOOKS
        scikit-learn callbacks (scikit-learn >= 1.9): each epoch is a subtask;
        a callback asking to stop ends training after the epoch.

    Returns
    -------
    TrainResult
    """
    if sparse.issparse(X) and X.format != "csr":
        X = X.tocsr()  # row slicing needs CSR; validation normally did this
    takes_weight = accepts_sample_weight(estimator)
    repeats = _row_repeats(estimator, sample_weight, owner)
    if repeats is not None:
        sample_weight = None  # applied as repeated rows instead
    batch_size = _resolve_batch_size(batch_size, X, repeats)
    n_calls = 0

    def one_epoch(epoch, plan):
        """``partial_fit`` over the plan's minibatches; returns the rows fed."""
        nonlocal first_call, n_calls
        indices = np.asarray(plan.indices, dtype=np.intp)
        weights = plan.weights
        if repeats is not None:
            indices = np.repeat(indices, repeats[indices])
        if plan.shuffle:
            order = rng.permutation(indices.size)
            indices = indices[order]
            weights = None if weights is None else weights[order]
        if indices.size == 0:
            raise RuntimeError(
                f"{owner}: the plan for epoch {epoch + 1} selects no sample; "
                "an epoch must never train on nothing silently."
            )
        weighted = (
            sample_weight is not None
            or weights is not None
            or plan.batch_weight is not None
        )
        if weighted and not takes_weight:
            raise TypeError(
                f"{owner} needs to pass sample_weight to "
                f"{type(estimator).__name__}.partial_fit, which does not accept "
                "it. Use a learner whose partial_fit takes sample_weight, or a "
                "setting that needs no weights."
            )
        hooks.step_begin()
        epoch_updates = 0
        for start in range(0, indices.size, batch_size):
            idx = indices[start : start + batch_size]
            Xb = X[idx]  # copies only this minibatch (CSR rows likewise)
            kwargs = {}
            if weighted:
                w = np.ones(idx.size) if sample_weight is None else sample_weight[idx]
                if weights is not None:
                    w = w * weights[start : start + batch_size]
                if plan.batch_weight is not None and not first_call:
                    w = w * plan.batch_weight(estimator, Xb, idx)
                if not np.any(w > 0):
                    del Xb
                    continue  # nothing to learn from this batch
                kwargs["sample_weight"] = w
            if first_call:
                kwargs["classes"] = classes
            estimator.partial_fit(Xb, y[idx], **kwargs)
            # Drop the copy now, or two minibatch copies coexist at the next one.
            del Xb
            first_call = False
            n_calls += 1
            epoch_updates += idx.size
        if first_call:
            raise RuntimeError(
                f"{owner}: every sample of epoch {epoch + 1} had zero weight, so "
                "the learner was never trained."
            )
        return epoch_updates

    n_iter, history = _train_loop(
        estimator,
        X,
        y_index,
        classes,
        strategy,
        max_iter,
        rng,
        one_epoch,
        epoch_offset=epoch_offset,
        verbose=verbose,
        owner=owner,
        hooks=hooks,
    )
    return TrainResult(n_iter=n_iter, history=history, n_calls=n_calls)


def _train_loop(
    estimator,
    X,
    y_index,
    classes,
    strategy,
    max_iter,
    rng,
    train,
    *,
    epoch_offset,
    verbose,
    owner,
    hooks,
    signals=None,
):
    """The one epoch loop, for :func:`run_epochs` and :func:`run_rounds` alike.

    Per epoch (or round): the strategy's plan (``None`` ends training);
    ``train(epoch, plan)``, which trains the learner in place and returns the
    number of rows it learned from; then the signals on all rows (of the
    learner, or ``signals(which)`` when given), the strategy's ``observe``,
    the row of ``history``, the callbacks and the ``verbose`` line. Returns
    ``(n_iter, history)``.
    """
    if signals is None:

        def signals(which):
            return compute_signals(estimator, X, y_index, classes, which)

    history = []
    n_iter = 0
    with ExitStack() as validated:
        for epoch in range(max_iter):
            plan = strategy.plan(epoch, rng)
            if plan is None:
                break
            n_updates = train(epoch, plan)
            n_iter = epoch + 1
            if epoch == 0:
                # The first call has checked the learner's parameters, and the
                # caller checked X (finite unless the learner allows NaN):
                # later calls skip both checks, which on small data cost as
                # much as the epoch itself (a per-call overhead, not a
                # per-row one). Nothing they check changes between epochs.
                validated.enter_context(
                    config_context(assume_finite=True, skip_parameter_validation=True)
                )
            stop = _end_epoch(
                signals,
                strategy,
                plan,
                epoch,
                n_iter,
                n_updates,
                history,
                epoch_offset=epoch_offset,
                verbose=verbose,
                owner=owner,
                hooks=hooks,
            )
            if stop:
                break
    return n_iter, history


def _end_epoch(
    signals,
    strategy,
    plan,
    epoch,
    n_iter,
    n_updates,
    history,
    *,
    epoch_offset,
    verbose,
    owner,
    hooks,
):
    """After an epoch: the signals, the strategy's ``observe``, the row of
    ``history``, the callbacks and the ``verbose`` line; returns whether
    training stops."""
    record = {"epoch": epoch_offset + n_iter, "n_updates": n_updates, **plan.note}
    stop = bool(
        strategy.observe(epoch, signals(plan.signals) if plan.signals else {}, record)
    )
    history.append(record)
    if hooks.step_end():
        stop = True
    if verbose:
        print(f"[{owner}] {_format_record(record)}", flush=True)
    return stop


def run_rounds(
    estimator,
    X,
    y,
    y_index,
    *,
    classes,
    strategy,
    max_iter,
    rng,
    grow,
    sample_weight=None,
    copy_rows=False,
    rankers=None,
    part=None,
    final_fit=True,
    verbose=0,
    owner="skcurric",
    hooks=NO_HOOKS,
):
    """Train a learner without ``partial_fit`` in place, in up to ``max_iter`` rounds.

    A round is :func:`run_epochs`'s epoch for a learner that only has
    ``fit``: the strategy's plan becomes one weight per row (the plan's
    weight, or 1, for a planned row, times the user's ``sample_weight``; 0
    for the others; a row planned twice counts twice), ``grow(estimator,
    round)`` sets how much the round adds to a ``warm_start`` model, and one
    ``fit(X, y, sample_weight=w)`` on all rows trains it (no copy of ``X``,
    unless ``copy_rows``;
    ``sample_weight`` is left out when every weight is 1, so that a round on
    everything is exactly the learner's own ``fit``). Then, as after an
    epoch, the signals on all rows, the strategy's ``observe``, a row of
    ``history`` (``n_updates``: rows of positive weight), the callbacks and
    ``verbose``.

    Parameters
    ----------
    estimator : classifier whose fit takes sample_weight
        A clone owned by the calling estimator, set up for rounds.
    X, y, y_index, classes, strategy, max_iter, rng, verbose, owner, hooks
        As in :func:`run_epochs` (``Plan.shuffle`` has no effect: ``fit``
        sees every row at once; ``Plan.batch_weight`` is refused).
    grow : callable
        ``grow(estimator, round)``, called before each round's ``fit``
        (0-based ``round``).
    sample_weight : ndarray or None
        User weights, multiplied with the plan's weights.
    copy_rows : bool
        Fit a round whose weights are whole numbers (no user weights), with
        every class selected, on a copy of its rows (a row of weight 2 twice),
        unweighted, instead of on all rows with weights: for a learner whose
        weighted ``fit`` costs more than the copy
        (:class:`~skcurric.utils._learners.Growth`). The copy is the round's
        minibatch: at most the selected rows, freed after the round.
    rankers : list of classifiers or None
        Cross-fitted ranking (:mod:`skcurric._cross_fit`): unfitted copies of
        ``estimator``, set up for rounds like it, one per part of ``part``.
        Ranker ``k`` is trained in the rounds instead of ``estimator``, on
        the round's weights of the rows outside part ``k``, and gives the
        signals of the rows of part ``k``. After the last round
        ``estimator`` (not set up for rounds) is fitted once on that round's
        weights.
    part : ndarray of shape (n_samples,) of int or None
        Each row's part (with ``rankers``).
    final_fit : bool
        With ``rankers``: whether ``estimator`` is fitted after the last
        round (else it is left unfitted, for a path scored through its
        rankers only).

    Returns
    -------
    TrainResult
        ``n_calls`` counts the ``fit`` calls.
    """
    n = X.shape[0]
    last = {}

    def fit_weighted(learner, w):
        """One ``fit`` of ``learner`` on the rows of positive weight ``w``."""
        if np.all(w == 1.0):
            learner.fit(X, y)
        elif (
            copy_rows
            and sample_weight is None
            and _whole_and_every_class(w, y_index, classes.size)
        ):
            rows = np.repeat(np.arange(n), w.astype(np.intp))
            learner.fit(_safe_indexing(X, rows), _safe_indexing(y, rows))
        else:
            learner.fit(X, y, sample_weight=w)

    def one_round(epoch, plan):
        """One ``fit`` on all rows, the plan as weights; returns the rows of
        positive weight."""
        if plan.batch_weight is not None:
            raise TypeError(
                f"{owner}: per-batch weights need partial_fit, and "
                f"{type(estimator).__name__} is trained in rounds of fit."
            )
        indices = np.asarray(plan.indices, dtype=np.intp)
        if indices.size == 0:
            raise RuntimeError(
                f"{owner}: the plan for round {epoch + 1} selects no sample; "
                "a round must never train on nothing silently."
            )
        # One weight per row; unplanned rows weigh 0 (bincount sums repeats).
        w = np.bincount(indices, weights=plan.weights, minlength=n).astype(np.float64)
        if sample_weight is not None:
            w *= sample_weight
        if not np.any(w > 0):
            raise RuntimeError(
                f"{owner}: every sample of round {epoch + 1} had zero weight, so "
                "the learner could not be trained."
            )
        hooks.step_begin()
        if rankers is None:
            grow(estimator, epoch)
            fit_weighted(estimator, w)
        else:
            for k, ranker in enumerate(rankers):
                grow(ranker, epoch)
                fit_weighted(ranker, np.where(part != k, w, 0.0))
            last["w"] = w
        return int(np.count_nonzero(w))

    signals = None
    if rankers is not None:
        members = [np.flatnonzero(part == k) for k in range(len(rankers))]

        def signals(which):
            """Each row's signals from the ranker that did not train on it."""
            out = {}
            for ranker, rows in zip(rankers, members, strict=True):
                got = compute_signals(ranker, X, y_index, classes, which, rows=rows)
                for name, values in got.items():
                    out.setdefault(name, np.empty(n, dtype=values.dtype))[rows] = values
            return out

    n_iter, history = _train_loop(
        estimator,
        X,
        y_index,
        classes,
        strategy,
        max_iter,
        rng,
        one_round,
        epoch_offset=0,
        verbose=verbose,
        owner=owner,
        hooks=hooks,
        signals=signals,
    )
    if rankers is None:
        return TrainResult(n_iter=n_iter, history=history, n_calls=n_iter)
    # The model: the learner by itself, from scratch, on the final selection.
    if final_fit:
        fit_weighted(estimator, last["w"])
    n_calls = n_iter * len(rankers) + int(final_fit)
    return TrainResult(n_iter=n_iter, history=history, n_calls=n_calls)


def _whole_and_every_class(w, y_index, n_classes):
    """Whether the weights ``w`` are whole numbers and give every class a row
    (a copy of the weighted rows then trains the same classes, unweighted)."""
    if not np.array_equal(w, np.floor(w)):
        return False
    return bool(np.all(np.bincount(y_index[w > 0], minlength=n_classes) > 0))


def _format_record(record):
    """One line of ``verbose`` output: scalars, and arrays (per class) as ranges.

    Undefined values (NaN: no pace during warm-up, no accuracy before the
    first epoch) are left out.
    """
    cols = []
    for key, value in record.items():
        if _undefined(value):
            continue
        if isinstance(value, np.ndarray) and value.size:
            if value.size == 1 or np.all(value == value.flat[0]):
                value = value.flat[0]
            else:
                cols.append(f"{key}={np.min(value):.4g}..{np.max(value):.4g}")
                continue
        if isinstance(value, float | np.floating):
            cols.append(f"{key}={value:.4g}")
        elif np.isscalar(value):
            cols.append(f"{key}={value}")
    return ", ".join(cols)


def _undefined(value):
    """Whether a history value is NaN (all NaN for an array)."""
    if isinstance(value, float | np.floating | np.ndarray):
        value = np.asarray(value)
        return (
            value.dtype.kind == "f" and value.size > 0 and bool(np.isnan(value).all())
        )
    return False


class UniformStrategy:
    """Every sample once per epoch in a fresh random order; records dynamics.

    Used by :class:`~skcurric.DifficultyScorer` to record training dynamics
    under ordinary shuffled training. With ``last_epoch`` set, signals are
    computed only after that epoch (EL2N and GraNd need the final state only).
    """

    def __init__(self, n_samples, signals, on_signals=None, last_epoch=None):
        self.n_samples = n_samples
        self.signals = tuple(signals)
        self.on_signals = on_signals
        self.last_epoch = last_epoch

    def plan(self, epoch, rng):
        wanted = self.last_epoch is None or epoch == self.last_epoch
        return Plan(
            indices=np.arange(self.n_samples),
            signals=self.signals if wanted else (),
            shuffle=True,
        )

    def observe(self, epoch, signals, record):
        if self.on_signals is not None and signals:
            self.on_signals(epoch, signals, record)
        return False
