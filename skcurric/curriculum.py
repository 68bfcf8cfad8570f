"""Competence-based curricula over ``partial_fit``: ``CurriculumSGDClassifier``.

Where things are: the orders are the table :data:`_ORDERS` (a new order is one
entry there), the pacing kinds are :mod:`skcurric.pacing`'s table; the
minibatch pools of one epoch are :class:`_CompetenceStrategy`, a strategy for
the one training engine (:mod:`skcurric._engine`), run by its one driver
(:mod:`skcurric._driver`).
"""

import dataclasses
import math
from dataclasses import dataclass, fields
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ._driver import Training, drive
from ._engine import Plan, auto_batch_size
from ._signals import compute_signals
from .pacing import PACING_KINDS, pacing_fraction
from .scoring import DifficultyScorer
from .utils._base import MetaClassifierBase
from .utils._callbacks import NO_HOOKS
from .utils._learners import accepts_sample_weight
from .utils._validation import check_difficulty, fit_scorer

__all__ = ["CurriculumSGDClassifier"]


def _easy_first(difficulty, rng):
    # Ties in difficulty are broken at random.
    return np.lexsort((rng.random_sample(difficulty.shape[0]), difficulty))


def _hard_first(difficulty, rng):
    return np.lexsort((rng.random_sample(difficulty.shape[0]), -difficulty))


def _random_order(difficulty, rng):
    return rng.permutation(difficulty.shape[0])


# The orders: ``order(difficulty, rng) -> indices`` in admission order. A new
# order is one entry here (and a line in the class docstring).
_ORDERS = {
    "easy_first": _easy_first,
    "hard_first": _hard_first,
    "random": _random_order,
}

#: Names of the orders.
ORDERS = tuple(_ORDERS)


def _class_balanced(sequence, y_index, n_classes):
    """Interleave the classes so that every prefix keeps their proportions.

    Each sample is keyed by its quantile within its own class, ``(r + 1/2) /
    n_k`` for the ``r``-th (0-based) sample of class ``k`` in ``sequence``;
    sorting by that key keeps each class's own order and gives every prefix of
    length ``m`` about ``m n_k / n`` samples of class ``k`` (Hacohen and
    Weinshall's ``balance_order``, vectorised).
    """
    n = sequence.shape[0]
    yc = y_index[sequence]
    counts = np.bincount(yc, minlength=n_classes)
    by_class = np.argsort(yc, kind="stable")
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    within = np.empty(n, dtype=np.intp)
    within[by_class] = np.arange(n) - first[yc[by_class]]
    key = (within + 0.5) / counts[yc]
    # Stable: between classes at the same quantile the earlier-ranked goes first.
    return sequence[np.argsort(key, kind="stable")]


def _draw_batches(rng, pool_sizes, lengths):
    """Uniform minibatches without replacement, one per step.

    Row ``i`` holds ``lengths[i]`` distinct positions drawn uniformly from
    ``range(pool_sizes[i])`` (``lengths <= pool_sizes``); the rows are
    returned concatenated. The loop runs over steps, never over samples:
    ``Generator.choice`` costs O(batch) per step for large pools (a hash-set
    Floyd sampler), where a vectorised Floyd over all steps would cost
    O(steps * batch^2).
    """
    gen = np.random.default_rng(rng.randint(np.iinfo(np.int32).max))
    return np.concatenate(
        [
            gen.choice(m, size=k, replace=False)
            for m, k in zip(pool_sizes.tolist(), lengths.tolist(), strict=True)
        ]
    ).astype(np.intp, copy=False)


class _StepBudget(NamedTuple):
    """Steps per epoch, total steps and epochs of a budget in epochs."""

    steps_per_epoch: int
    total_steps: int
    n_epochs: int


def _step_budget(n_samples, batch_size, budget):
    """The :class:`_StepBudget` of ``budget`` epochs' worth of steps.

    A float budget is a fraction of an epoch's steps; the tolerance keeps an
    integer budget exact under floating point.
    """
    steps_per_epoch = math.ceil(n_samples / batch_size)
    total_steps = max(1, math.ceil(budget * steps_per_epoch - 1e-9))
    return _StepBudget(
        steps_per_epoch, total_steps, math.ceil(total_steps / steps_per_epoch)
    )


# batch_size="auto": the schedule's step, in rows (the former default batch).
AUTO_STEP = 32


@dataclass(frozen=True)
class _CurriculumSettings:
    """The estimator's parameters that the strategy reads, fixed for one call."""

    pacing: object  # a name of PACING_KINDS or a callable
    start_fraction: float
    ramp_fraction: float
    end_fraction: float
    weighting: str
    focal_gamma: float | None
    batch_size: int

    @classmethod
    def from_params(cls, params):
        """The settings from ``estimator.get_params()``."""
        return cls(**{f.name: params[f.name] for f in fields(cls)})


class _CompetenceStrategy:
    """The engine strategy: minibatches from the admitted pool, step by step.

    Step ``t`` of the budget ``T`` admits the first ``m(t)`` samples of the
    ranked ``sequence``; see :class:`CurriculumSGDClassifier` for the rules.
    """

    def __init__(
        self, settings, sequence, y_index, classes, *, budget, span, sample_weight
    ):
        # ``budget`` (epochs' worth of steps) and the progress ``span`` (start,
        # end) it covers: fit runs the whole schedule, (0, 1), over max_iter
        # epochs; one partial_fit call runs one pass over its chunk covering
        # its own share of the schedule.
        self.settings = settings
        self.span = span
        self.sample_weight = sample_weight  # for the weighted training loss
        self.sequence = sequence
        self.y_index = y_index
        self.classes = classes
        n_samples, batch_size = sequence.shape[0], settings.batch_size
        self.budget = _step_budget(n_samples, batch_size, budget)
        steps_per_epoch = self.budget.steps_per_epoch
        # Every full epoch makes n_samples updates, as a shuffled epoch does.
        self.lengths = np.full(steps_per_epoch, min(batch_size, n_samples))
        self.lengths[-1] = n_samples - batch_size * (steps_per_epoch - 1)
        self.n_samples = n_samples
        self.min_pool = min(batch_size, n_samples)
        self.n_admissible = self._pool_size(1.0)

    def _pool_size(self, competence):
        n = self.n_samples
        size = np.ceil(np.asarray(competence) * self.settings.end_fraction * n - 1e-9)
        return np.clip(size.astype(np.intp), self.min_pool, n)

    def plan(self, epoch, rng):
        settings, budget = self.settings, self.budget
        first = epoch * budget.steps_per_epoch
        last = min(first + budget.steps_per_epoch, budget.total_steps)
        if first >= last:
            return None
        steps = np.arange(first, last)
        lo, hi = self.span
        competence = pacing_fraction(
            np.minimum(lo + (hi - lo) * steps / budget.total_steps, 1.0),
            settings.pacing,
            start=settings.start_fraction,
            ramp=settings.ramp_fraction,
        )
        pool = self._pool_size(competence)
        lengths = self.lengths[: last - first]
        soft = settings.weighting == "soft"
        draw_from = np.full_like(pool, self.n_admissible) if soft else pool
        positions = _draw_batches(rng, draw_from, lengths)
        weights = None
        if soft:
            # Outside the pool, weight c(t): F = (1 - c) F_pool + c F_all.
            step_of = np.repeat(np.arange(last - first), lengths)
            outside = positions >= pool[step_of]
            weights = np.where(outside, competence[step_of], 1.0)
        return Plan(
            indices=self.sequence[positions],
            weights=weights,
            signals=("loss", "correct"),
            batch_weight=(None if settings.focal_gamma is None else self.focal_weight),
            note={"competence": float(competence[-1]), "pool_size": int(pool[-1])},
        )

    def focal_weight(self, estimator, X_batch, batch_indices):
        """(1 - p_true)^gamma under the model as it is before this minibatch."""
        p_true = compute_signals(
            estimator, X_batch, self.y_index[batch_indices], self.classes, ("p_true",)
        )["p_true"]
        return (1.0 - p_true) ** self.settings.focal_gamma

    def observe(self, epoch, signals, record):
        w = self.sample_weight
        record["loss"] = float(np.average(signals["loss"], weights=w))
        record["accuracy"] = float(np.average(signals["correct"], weights=w))
        return False


def _fit_scorer(scorer, X, y, learner, rng, hooks=NO_HOOKS, sample_weight=None):
    """:func:`~skcurric.utils._validation.fit_scorer`, where ``scorer=None``
    means the out-of-fold loss of clones of ``learner``."""
    if scorer is None:
        scorer = DifficultyScorer(method="loss", estimator=learner)
    return fit_scorer(scorer, X, y, rng, hooks, sample_weight=sample_weight)


class CurriculumSGDClassifier(MetaClassifierBase):
    r"""Competence-based curriculum (or anti-curriculum) over a ``partial_fit`` learner.

    The training examples are ranked by a difficulty score (passed to
    :meth:`fit` or computed by ``scorer``); a pacing function
    :math:`c` (:func:`skcurric.pacing.pacing_fraction`) decides how much of the
    ranking the learner may see at each minibatch step. At step :math:`t` of
    the budget :math:`T = \lceil \mathrm{max\_iter} \cdot \lceil n / B
    \rceil \rceil` (:math:`n` samples, batch size :math:`B`) the admitted
    pool is the first

    .. math::

        m(t) = \max\bigl(B,\ \lceil c(t / T) \cdot e \cdot n \rceil\bigr)

    samples of the ranking (:math:`e` = ``end_fraction``, capped at
    :math:`n`), and the minibatch is drawn uniformly from the pool (without
    replacement within the batch), as in Platanios et al. (2019).

    Read more in the :ref:`User Guide <pacing>`.

    Parameters
    ----------
    estimator : classifier with partial_fit or None, default=None
        The learner; ``None`` means ``SGDClassifier(loss="log_loss")``. It is
        cloned into ``estimator_``, never fitted in place.
    scorer : estimator with fit and ``scores_``, or None, default=None
        Used when :meth:`fit` gets no ``difficulty``: fitted on the training
        data only, its ``scores_`` (higher = harder) rank the samples. ``None``
        means ``DifficultyScorer(method="loss", estimator=<the learner>)``:
        the out-of-fold log loss of clones of the learner. Cloned and seeded
        from ``random_state``.
    pacing : str or callable, default="root"
        A kind of :data:`skcurric.pacing.PACING_KINDS` (``"root"`` with
        ``p = 2``, ``"step"`` with one step) or a callable, called with
        ``s = min(t / (T a), 1)`` (``a`` = ``ramp_fraction``) and returning
        competences in [0, 1]; see :func:`~skcurric.pacing.pacing_fraction`.
    start_fraction : float in (0, 1], default=0.1
        Competence at the first step, :math:`c(0)`.
    ramp_fraction : float > 0, default=0.8
        Fraction of the budget after which the competence is 1.
    end_fraction : float in (0, 1], default=1.0
        Fraction of the ranked data admitted at full competence; at least
        ``start_fraction``. Below 1, the hardest (last-ranked)
        :math:`(1 - e) n` samples are never admitted: the noise-robust
        setting, where the hardest tail holds most mislabelled examples.
    order : {"easy_first", "hard_first", "random"}, default="easy_first"
        The ranking: ``"easy_first"``, lowest difficulty first (the
        curriculum); ``"hard_first"``, highest first (the anti-curriculum);
        ``"random"``, a random ranking fixed before training, so that pools
        are random subsets of the same sizes (the control).
    max_iter : int or float > 0, default=10
        Budget in epochs' worth of steps; a fraction such as ``0.25`` is a
        quarter of an epoch (the small-budget regime of Wu et al. 2021).
    batch_size : int or "auto", default="auto"
        Minibatch size :math:`B`, one step of the schedule. An integer: one
        ``partial_fit`` call per step, :math:`\lceil n / B \rceil` per epoch
        and :math:`n` per-sample updates in all, like a shuffled epoch.
        ``"auto"``: the schedule of :math:`B = 32` (the same pools and rows),
        with consecutive steps fed to ``partial_fit`` together in calls of
        the engine's automatic size (a minibatch copy of at most 16 MiB, at
        least 1,024 rows), since scikit-learn's fixed cost per call made
        32-row calls 15-80 times slower than the learner's own ``fit``;
        within a call the learner visits the rows in its own order. Every
        step keeps its own call with ``focal_gamma`` (focal weights need the
        model before each step) and for a learner with its own
        ``batch_size`` (``MLPClassifier`` makes one update per minibatch of
        a call, so merging would cut its updates).
    class_balance : bool, default=True
        Interleave the classes in the ranking, each in its own order, so that
        every pool keeps the class proportions (Hacohen and Weinshall 2019).
    weighting : {"subset", "soft"}, default="subset"
        Hard pools, or the continuation method (Bengio et al. 2009): every
        admissible sample stays in play, with weight 1 inside the pool and
        :math:`c(t / T)` outside it (the learner must accept
        ``sample_weight`` in ``partial_fit``).
    focal_gamma : float >= 0 or None, default=None
        Focal exponent :math:`\gamma`: each minibatch is weighted by
        :math:`(1 - p_\mathrm{true})^\gamma` under the current model (Lin et
        al. 2017), an implicit anti-curriculum; ``None`` disables it. When
        set, the learner must accept ``sample_weight`` in ``partial_fit``.
    random_state : int, RandomState instance or None, default=None
        Seeds the learner, the scorer, tie-breaking in the ranking and the
        minibatch draws.
    verbose : int, default=0
        Print one line per epoch when > 0.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of the learner.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    difficulty_ : ndarray of shape (n_samples,)
        The difficulty scores used for the ranking (a copy); NaN for rows of
        zero weight when ``scorer`` computed them.
    scorer_ : estimator or None
        The fitted scorer, or ``None`` when ``difficulty`` was passed.
    n_iter_ : int
        Epochs run (the last may be partial when ``max_iter`` is fractional).
    n_steps_ : int
        ``partial_fit`` calls made: the step budget :math:`T` for an integer
        ``batch_size`` (fewer with ``"auto"``, which merges steps), less any
        minibatch whose focal weights were all zero.
    history_ : list of dict
        One row per epoch: ``epoch``, ``n_updates``, ``competence`` and
        ``pool_size`` at the epoch's last step, and the mean training
        ``loss`` and training ``accuracy`` (on all training samples, as
        labelled, weighted by ``sample_weight``) after the epoch.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Only when ``X`` has string column names.

    See Also
    --------
    skcurric.pacing.pacing_fraction : The pacing functions.
    skcurric.DifficultyScorer : Difficulty scores for the ranking.

    Notes
    -----
    Curricula are no free lunch (Wu et al. 2021): run the ``"random"`` order
    as the control before crediting a gain to the ordering; the measured
    effects are in the User Guide.

    References
    ----------
    Y. Bengio, J. Louradour, R. Collobert, J. Weston. "Curriculum Learning",
    ICML 2009.

    E. A. Platanios et al. "Competence-based Curriculum Learning for Neural
    Machine Translation", NAACL 2019.

    G. Hacohen, D. Weinshall. "On The Power of Curriculum Learning in Training
    Deep Networks", ICML 2019.

    X. Wu, E. Dyer, B. Neyshabur. "When Do Curricula Work?", ICLR 2021.

    T.-Y. Lin et al. "Focal Loss for Dense Object Detection", ICCV 2017.

    Examples
    --------
    >>> from skcurric import CurriculumSGDClassifier
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> X, y, difficulty = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> clf = CurriculumSGDClassifier(pacing="linear", random_state=0)
    >>> clf = clf.fit(X, y, difficulty=difficulty)
    >>> [row["pool_size"] for row in clf.history_[:3]]
    [40, 62, 85]
    >>> clf.n_steps_, clf.n_iter_  # 7 steps of 32 rows per epoch, in one call
    (10, 10)
    >>> sorted(clf.history_[-1])
    ['accuracy', 'competence', 'epoch', 'loss', 'n_updates', 'pool_size']
    >>> clf.history_[-1]["competence"], clf.history_[-1]["pool_size"]
    (1.0, 200)
    """

    __metadata_request__fit = {"difficulty": True}

    _parameter_constraints = {
        "estimator": [HasMethods(["partial_fit", "predict"]), None],
        "scorer": [HasMethods(["fit"]), None],
        "pacing": [StrOptions(set(PACING_KINDS)), callable],
        "start_fraction": [Interval(Real, 0, 1, closed="right")],
        "ramp_fraction": [Interval(Real, 0, None, closed="neither")],
        "end_fraction": [Interval(Real, 0, 1, closed="right")],
        "order": [StrOptions(set(ORDERS))],
        "max_iter": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "class_balance": ["boolean"],
        "weighting": [StrOptions({"subset", "soft"})],
        "focal_gamma": [Interval(Real, 0, None, closed="left"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        scorer=None,
        pacing="root",
        start_fraction=0.1,
        ramp_fraction=0.8,
        end_fraction=1.0,
        order="easy_first",
        max_iter=10,
        batch_size="auto",
        class_balance=True,
        weighting="subset",
        focal_gamma=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.scorer = scorer
        self.pacing = pacing
        self.start_fraction = start_fraction
        self.ramp_fraction = ramp_fraction
        self.end_fraction = end_fraction
        self.order = order
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.class_balance = class_balance
        self.weighting = weighting
        self.focal_gamma = focal_gamma
        self.random_state = random_state
        self.verbose = verbose

    def _check_settings(self, learner):
        name = type(self).__name__
        if self.end_fraction < self.start_fraction:
            raise ValueError(
                f"end_fraction={self.end_fraction!r} is below start_fraction="
                f"{self.start_fraction!r}; the admitted share of the data may "
                "only grow."
            )
        needs = []
        if self.weighting == "soft":
            needs.append("weighting='soft' (competence weights outside the pool)")
        if self.focal_gamma is not None:
            needs.append(f"focal_gamma={self.focal_gamma!r} (focal weights)")
        if needs and not accepts_sample_weight(learner):
            raise TypeError(
                f"{name} with {' and '.join(needs)} passes sample_weight to "
                f"{type(learner).__name__}.partial_fit, which does not accept it. "
                "Use a learner whose partial_fit takes sample_weight (e.g. "
                "SGDClassifier) or weighting='subset' and focal_gamma=None."
            )

    def _ranking(self, run, rows, sample_weight):
        """The difficulty of every row of ``run`` and the scorer, if fitted.

        ``difficulty`` when passed; else ``scorer`` fitted on the ranked
        ``rows`` (all rows when None; the rows of positive weight otherwise),
        the others getting NaN; else, streaming with ``scorer=None``, the loss
        under the current model (random order before any training).
        """
        difficulty = run.metadata.get("difficulty")
        if difficulty is not None:
            return None, check_difficulty(difficulty, run.n_samples, "difficulty")
        if self.scorer is not None or not run.streaming:
            if rows is None:
                return _fit_scorer(
                    self.scorer, run.X, run.y, run.learner, run.rng, run.hooks
                )
            scorer, scores = _fit_scorer(
                self.scorer,
                run.X[rows],
                run.y[rows],
                run.learner,
                run.rng,
                run.hooks,
                sample_weight=None if sample_weight is None else sample_weight[rows],
            )
            difficulty = np.full(run.n_samples, np.nan)
            difficulty[rows] = scores
            return scorer, difficulty
        # The current model is the teacher (Hacohen and Weinshall's
        # bootstrapping); before any training every row ties: random order.
        if run.first:
            return None, np.zeros(run.n_samples)
        loss = compute_signals(
            run.estimator, run.X, run.y_index, run.classes, ("loss",)
        )["loss"]
        return None, loss

    def _check_sample_weight(self, run):
        """The user's weights for the engine, and the rows to rank (or None).

        Rows of weight 0 are left out of the ranking, so they are never
        drawn: the curriculum runs as if they were not there. Weights of 0
        and 1 only select rows; other weights multiply a row's curriculum
        weight: a learner whose ``partial_fit`` takes no ``sample_weight``
        gets integer weights as repeated rows (the engine's rule), other
        weights are a TypeError.
        """
        sample_weight = run.metadata.get("sample_weight")
        if sample_weight is None:
            return None, None
        positive = sample_weight > 0
        rows = None if positive.all() else np.flatnonzero(positive)
        if np.all(sample_weight[positive] == 1.0):
            return None, rows
        learner = run.learner if run.first else run.estimator
        integer = np.all(sample_weight == np.floor(sample_weight))
        if not accepts_sample_weight(learner) and not integer:
            raise TypeError(
                f"{type(self).__name__} passes sample_weight to "
                f"{type(learner).__name__}.partial_fit, which does not accept it; "
                "only integer weights (a drawn row of weight w is repeated w "
                "times) can do without. Use a learner whose partial_fit takes "
                "sample_weight."
            )
        return sample_weight, rows

    def _batch_sizes(self, X, learner):
        """The schedule's step and the rows per ``partial_fit`` call."""
        if self.batch_size != "auto":
            return self.batch_size, self.batch_size
        if self.focal_gamma is not None or "batch_size" in learner.get_params():
            # Focal weights need the model before each step; a minibatch
            # learner (MLPClassifier) makes one update per minibatch of a
            # call, so merged steps would cut its number of updates.
            return AUTO_STEP, AUTO_STEP
        return AUTO_STEP, max(AUTO_STEP, auto_batch_size(X))

    def _build(self, run):
        """Checks and the strategy for one ``fit`` or ``partial_fit`` call."""
        if run.first:
            self._check_settings(run.learner)
        sample_weight, rows = self._check_sample_weight(run)
        if run.first and run.streaming:
            run.clone_learner()  # a stream draws its seeds before the ranking
        scorer, difficulty = self._ranking(run, rows, sample_weight)
        if rows is None:
            sequence = _ORDERS[self.order](difficulty, run.rng)
        else:
            sequence = rows[_ORDERS[self.order](difficulty[rows], run.rng)]
        if self.class_balance:
            sequence = _class_balanced(sequence, run.y_index, run.classes.size)
        step, call = self._batch_sizes(run.X, run.learner)
        settings = dataclasses.replace(
            _CurriculumSettings.from_params(self.get_params(deep=False)),
            batch_size=step,
        )
        if run.streaming:
            # Call k (0-based) covers the progress [k / M, (k + 1) / M].
            k = 0 if run.first else self._n_chunks
            span = (min(k / self.max_iter, 1.0), min((k + 1) / self.max_iter, 1.0))
            strategy = _CompetenceStrategy(
                settings,
                sequence,
                run.y_index,
                run.classes,
                budget=1,
                span=span,
                sample_weight=run.metadata.get("sample_weight"),
            )
        else:
            # A later partial_fit continues at full competence: the schedule
            # is done.
            k = math.inf
            strategy = _CompetenceStrategy(
                settings,
                sequence,
                run.y_index,
                run.classes,
                budget=self.max_iter,
                span=(0.0, 1.0),
                sample_weight=run.metadata.get("sample_weight"),
            )
        steps_before = 0 if run.first else self.n_steps_

        def attributes(result):
            return {
                "scorer_": scorer,
                "difficulty_": difficulty,
                "n_steps_": steps_before + result.n_calls,
                "_n_chunks": k + 1,
            }

        return Training(
            strategy=strategy,
            max_iter=strategy.budget.n_epochs,
            batch_size=call,
            attributes=attributes,
            sample_weight=sample_weight,
        )

    def _max_subtasks(self, run):
        """Epochs, plus one for the scorer's fit when it runs."""
        scoring = "difficulty" not in run.metadata and (
            self.scorer is not None or not run.streaming
        )
        if run.streaming:
            return 1 + scoring
        step = self._batch_sizes(run.X, run.learner)[0]
        epochs = _step_budget(run.n_samples, step, self.max_iter)
        return epochs.n_epochs + scoring

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, difficulty=None, sample_weight=None):
        """Train the learner on the curriculum.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse where the learner allows it).
        y : array-like of shape (n_samples,)
            Class labels.
        difficulty : array-like of shape (n_samples,), default=None
            Difficulty of each sample, higher = harder (``inf`` allowed, NaN
            not). Requested by default for metadata routing, so a Pipeline,
            ``GridSearchCV`` or ``cross_validate`` passes it per fold. When
            ``None``, ``scorer`` computes it on ``X, y``.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights that multiply whatever weight the curriculum gives a row
            (1 in a pool, the soft and focal weights). Rows of weight 0 are
            left out of the ranking, the scorer's fit and the pools, as if
            they were not there (their ``difficulty_`` is NaN when scored);
            :math:`n` counts the others. Weights other than 0 and 1 need a
            learner whose ``partial_fit`` takes ``sample_weight``. Routed with
            metadata routing (``set_fit_request(sample_weight=True)``).

        Returns
        -------
        self : CurriculumSGDClassifier
            The fitted estimator.
        """
        drive(
            self,
            X,
            y,
            build=self._build,
            max_subtasks=self._max_subtasks,
            difficulty=difficulty,
            sample_weight=sample_weight,
        )
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y, classes=None, difficulty=None, sample_weight=None):
        r"""Streaming curriculum: one pass over one chunk of data.

        The chunk is ranked by ``difficulty`` (or by ``scorer`` fitted on the
        chunk, as in :meth:`fit`), and one pass of minibatches is drawn from
        its growing pool, exactly as one epoch of :meth:`fit` would on these
        rows. The pacing runs over the stream: call :math:`k` (0-based) covers
        the progress :math:`s \in [k / M, (k + 1) / M]` of the schedule, with
        :math:`M` = ``max_iter``, so that streaming the data in ``max_iter``
        chunks paces like one :meth:`fit` epoch of the same size; from call
        :math:`M` on, and after :meth:`fit`, the competence stays at 1. Pools
        are taken within each chunk, so ``end_fraction`` and
        ``class_balance`` apply per chunk. Data that does not fit in memory
        can thus be trained chunk by chunk (a memmap, or the blocks of a Dask
        array built from the files, e.g. with ``dask.array.from_delayed``:
        ``from_array`` copies a memmap into memory).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            One chunk of training data.
        y : array-like of shape (n_samples,)
            Its labels, all in ``classes``.
        classes : array-like of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.
        difficulty : array-like of shape (n_samples,), default=None
            Difficulty of each row of the chunk (higher = harder). When
            ``None``, a ``scorer`` that was set is fitted on the chunk (which
            must then meet the scorer's own minimum, such as two classes);
            with ``scorer=None`` the chunk is ranked by its loss under the
            current model, the bootstrapping curriculum of Hacohen and
            Weinshall (2019), and in random order on the first call, before
            any training. An out-of-fold scorer per chunk would train
            ``cv`` models per chunk.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the chunk's rows, as in :meth:`fit`.

        Returns
        -------
        self : CurriculumSGDClassifier
            The updated estimator.
        """
        drive(
            self,
            X,
            y,
            build=self._build,
            max_subtasks=self._max_subtasks,
            streaming=True,
            classes=classes,
            difficulty=difficulty,
            sample_weight=sample_weight,
        )
        return self
