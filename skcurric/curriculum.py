"""Competence-based curricula over ``partial_fit``: ``CurriculumSGDClassifier``."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metadata_routing import MetadataRouter
from sklearn.utils.validation import check_array

from ._engine import Plan, auto_batch_size, run_epochs
from ._signals import compute_signals
from .pacing import PACING_KINDS, pacing_fraction
from .scoring import DifficultyScorer
from .utils._base import MetaClassifierBase
from .utils._callbacks import NO_HOOKS, begin_fit, learner_snapshot
from .utils._learners import (
    accepts_sample_weight,
    check_partial_fit,
    resolve_balanced_class_weight,
    seeded_clone,
)

__all__ = ["CurriculumSGDClassifier"]

ORDERS = ("easy_first", "hard_first", "random")

# batch_size="auto": the schedule's step, in rows (the former default batch).
AUTO_STEP = 32


def _ranked_sequence(difficulty, order, rng):
    """Sample indices in admission order; ties in difficulty are broken at random."""
    n = difficulty.shape[0]
    if order == "random":
        return rng.permutation(n)
    key = difficulty if order == "easy_first" else -difficulty
    return np.lexsort((rng.random_sample(n), key))


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


def _step_budget(n_samples, batch_size, budget):
    """Steps per epoch, total steps and epochs for a budget in epochs.

    A float budget is a fraction of an epoch's steps; the tolerance keeps an
    integer budget exact under floating point.
    """
    steps_per_epoch = math.ceil(n_samples / batch_size)
    total_steps = max(1, math.ceil(budget * steps_per_epoch - 1e-9))
    return steps_per_epoch, total_steps, math.ceil(total_steps / steps_per_epoch)


class _CompetenceStrategy:
    """The engine strategy: minibatches from the admitted pool, step by step.

    Step ``t`` of the budget ``T`` admits the first ``m(t)`` samples of the
    ranked ``sequence``; see :class:`CurriculumSGDClassifier` for the rules.
    """

    signals = ("loss", "correct")

    def __init__(
        self,
        owner,
        sequence,
        y_index,
        classes,
        n_samples,
        *,
        step_size,
        budget=None,
        span=None,
    ):
        # ``budget`` (epochs' worth of steps) and the progress ``span`` (start,
        # end) it covers: fit runs the whole schedule, (0, 1), over max_iter
        # epochs; one partial_fit call runs one pass over its chunk covering
        # its own share of the schedule.
        budget = owner.max_iter if budget is None else budget
        self.span = (0.0, 1.0) if span is None else span
        self.owner = owner
        self.sequence = sequence
        self.y_index = y_index
        self.classes = classes
        batch_size = step_size
        self.steps_per_epoch, self.total_steps, self.n_epochs = _step_budget(
            n_samples, batch_size, budget
        )
        # Every full epoch makes n_samples updates, as a shuffled epoch does.
        self.lengths = np.full(self.steps_per_epoch, min(batch_size, n_samples))
        self.lengths[-1] = n_samples - batch_size * (self.steps_per_epoch - 1)
        self.n_samples = n_samples
        self.min_pool = min(batch_size, n_samples)
        self.n_admissible = self._pool_size(1.0)

    def _pool_size(self, competence):
        owner, n = self.owner, self.n_samples
        size = np.ceil(np.asarray(competence) * owner.end_fraction * n - 1e-9)
        return np.clip(size.astype(np.intp), self.min_pool, n)

    def plan(self, epoch, rng):
        owner = self.owner
        first = epoch * self.steps_per_epoch
        last = min(first + self.steps_per_epoch, self.total_steps)
        if first >= last:
            return None
        steps = np.arange(first, last)
        lo, hi = self.span
        competence = pacing_fraction(
            np.minimum(lo + (hi - lo) * steps / self.total_steps, 1.0),
            owner.pacing,
            start=owner.start_fraction,
            ramp=owner.ramp_fraction,
        )
        pool = self._pool_size(competence)
        lengths = self.lengths[: last - first]
        soft = owner.weighting == "soft"
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
            batch_weight=self.focal_weight if owner.focal_gamma is not None else None,
            note={"competence": float(competence[-1]), "pool_size": int(pool[-1])},
        )

    def focal_weight(self, estimator, X_batch, batch_indices):
        """(1 - p_true)^gamma under the model as it is before this minibatch."""
        p_true = compute_signals(
            estimator, X_batch, self.y_index[batch_indices], self.classes, ("p_true",)
        )["p_true"]
        return (1.0 - p_true) ** self.owner.focal_gamma

    def observe(self, epoch, signals, record):
        record["loss"] = float(signals["loss"].mean())
        record["accuracy"] = float(signals["correct"].mean())
        return False


class CurriculumSGDClassifier(MetaClassifierBase):
    r"""Competence-based curriculum (or anti-curriculum) over a ``partial_fit`` learner.

    The training examples are ranked by a difficulty score (passed to
    :meth:`fit` or computed by ``scorer``); a pacing function
    :math:`c` (:func:`skcurric.pacing.pacing_fraction`) decides how much of the
    ranking the learner may see at each minibatch step. The step budget is
    :math:`T = \lceil \mathrm{max\_iter} \cdot \lceil n / B \rceil \rceil`
    for :math:`n` training samples and batch size :math:`B`. At step
    :math:`t = 0, \dots, T - 1` the admitted pool is the first

    .. math::

        m(t) = \max\bigl(B,\ \lceil c(t / T) \cdot e \cdot n \rceil\bigr)

    samples of the ranking (:math:`e` = ``end_fraction``, capped at
    :math:`n`), and the minibatch is drawn uniformly from the pool (without
    replacement within the batch), as in Platanios et al. (2019). ``order``
    sets the ranking:

    - ``"easy_first"``: lowest difficulty first (the curriculum);
    - ``"hard_first"``: highest difficulty first (the anti-curriculum);
    - ``"random"``: a random ranking fixed before training, so pools are
      random subsets of the same sizes: the control that Wu et al. (2021)
      show is needed before crediting any gain to the ordering.

    ``class_balance=True`` interleaves the classes in the ranking, each in
    its own order, so that every pool keeps the class proportions (Hacohen
    and Weinshall 2019): a pool of :math:`m` holds :math:`m n_k / n` samples
    of class :math:`k` up to rounding (at most :math:`(1 + K n_k / n) / 2`
    off, for :math:`K` classes).
    ``end_fraction < 1`` never admits the hardest (last-ranked)
    :math:`(1 - e) n` samples: the noise-robust setting, where the hardest
    tail holds most mislabelled examples.

    ``weighting="soft"`` is the continuation method (Bengio et al. 2009):
    every admissible sample stays in play, drawn uniformly, with weight 1
    inside the pool and :math:`c(t / T)` outside it, so that the objective
    moves as :math:`F_c = (1 - c) F_\mathrm{pool} + c F_\mathrm{all}` from the
    easy part to the full objective.

    ``focal_gamma`` weights each minibatch by the focal factor
    :math:`(1 - p_\mathrm{true})^\gamma` under the current model (Lin et al.
    2017): an implicit anti-curriculum. With ``order="random"`` and
    ``start_fraction=1`` it is plain focal reweighting.

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
        ``start_fraction``.
    order : {"easy_first", "hard_first", "random"}, default="easy_first"
        The ranking (see above).
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
        within a call the learner visits the rows in its own order
        (``SGDClassifier`` shuffles them unless ``shuffle=False``). Every
        step keeps its own call with ``focal_gamma`` (focal weights need the
        model before each step) and for a learner with its own
        ``batch_size`` (``MLPClassifier`` makes one update per minibatch of
        a call, so merging would cut its updates).
    class_balance : bool, default=True
        Keep the class proportions in every pool (see above).
    weighting : {"subset", "soft"}, default="subset"
        Hard pools, or the continuation weights described above (the learner
        must accept ``sample_weight`` in ``partial_fit``).
    focal_gamma : float >= 0 or None, default=None
        Focal exponent :math:`\gamma`; ``None`` disables focal weights. When
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
        The difficulty scores used for the ranking (a copy).
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
        labelled) after the epoch.
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
    ``fit`` takes no ``sample_weight``: minibatches are sampled from pools, so
    a weight could not stand for a repeated row.

    Curricula are no free lunch. Wu et al. (2021) found no significant gain
    from curricula in standard training, and gains only with small step
    budgets and noisy labels, where the best pacing (a single step) amounts
    to ignoring the noisiest data. ``benchmarks/bench_curriculum.py`` (digits
    and ``make_classification``, medians over seeds 0-4, equal numbers of
    per-sample updates, the random-order control run beside; the tables are
    in the README) found the same here:

    - With clean labels no ordering helped on digits: easy_first was 0.4 to
      2.0 points below plain shuffled SGD and no better than its random
      control, at budgets of one and four epochs.
    - Under label noise the large gains over plain SGD came from
      ``end_fraction < 1`` (never admitting the hardest 40%, where most
      flipped labels rank): at 40% noise and four epochs, 80.6% against
      55.2%, where easy_first with ``end_fraction=1`` reached 58.7%.
    - Much of that gap is the fragility of SGD's last iterate to noisy
      labels. With iterate averaging (``SGDClassifier(average=True)``)
      easy_first with ``end_fraction=0.6`` still gained 3.7 to 16.5 points
      at 40% noise and 0.2 to 6.1 at 20% noise, and lost about 2 points with
      clean labels.
    - Against plain SGD with ``alpha`` tuned by 3-fold CV on the noisy labels
      (same budget), no curriculum was ahead by more than 0.3 points, and
      the best easy_first was 9 points behind at 40% noise: much of the
      robustness is what a stronger regulariser gives.

    Use the ``"random"`` order as the control before crediting a gain to the
    ordering.

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

    def get_metadata_routing(self):
        """Metadata routing of this estimator: it consumes ``difficulty`` only.

        Nothing is routed to the wrapped learner: ``fit`` takes no
        ``sample_weight`` (the curriculum samples minibatches, so a weight
        could not stand for a repeated row; the weights it does pass come from
        ``weighting`` and ``focal_gamma``).

        Returns
        -------
        routing : MetadataRouter
        """
        return MetadataRouter(owner=self).add_self_request(self)

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

    def _check_difficulty(self, difficulty, n_samples, source):
        try:
            difficulty = check_array(
                difficulty,
                ensure_2d=False,
                ensure_all_finite=False,  # +-inf ranks fine (e.g. never-learned)
                dtype=np.float64,
                input_name="difficulty",
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"{source} must be numeric, one score per sample: {exc}"
            ) from exc
        if difficulty.ndim != 1 or difficulty.shape[0] != n_samples:
            raise ValueError(
                f"{source} must hold one score per training sample: expected "
                f"shape ({n_samples},), got {difficulty.shape}."
            )
        nan = np.flatnonzero(np.isnan(difficulty))
        if nan.size:
            raise ValueError(
                f"{source} contains NaN at {nan.size} position(s) (first: "
                f"{nan[:5].tolist()}); every sample needs a difficulty score."
            )
        return np.array(difficulty, dtype=np.float64)  # a copy: inputs stay theirs

    def _score(self, X, y, learner, rng, hooks=NO_HOOKS):
        if self.scorer is None:
            scorer = DifficultyScorer(method="loss", estimator=learner)
        else:
            scorer = self.scorer
        scorer = seeded_clone(scorer, rng)
        with hooks.nested("score", scorer):
            scorer.fit(X, y)
        if not hasattr(scorer, "scores_"):
            raise TypeError(
                f"scorer {type(scorer).__name__} has no scores_ after fit; it must "
                "score every training sample (higher = harder), like "
                "DifficultyScorer."
            )
        return scorer, self._check_difficulty(
            scorer.scores_, X.shape[0], f"{type(scorer).__name__}.scores_"
        )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, difficulty=None):
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

        Returns
        -------
        self : CurriculumSGDClassifier
        """
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_training_data(X, y)
        n_samples = X.shape[0]
        difficulty = self._fit_metadata(n_samples, difficulty=difficulty).get(
            "difficulty"
        )
        learner = check_partial_fit(self._learner(), type(self).__name__)
        self._check_settings(learner)
        rng = check_random_state(self.random_state)
        step, call = self._batch_sizes(X, learner)
        n_epochs = _step_budget(n_samples, step, self.max_iter)[2]
        trained = {}  # this fit's learner, once it exists (for the callbacks)
        hooks = begin_fit(
            self,
            X_in,
            y_in,
            max_subtasks=n_epochs + (difficulty is None),
            fitted_attributes=learner_snapshot(lambda: trained["estimator"], classes),
        )

        if difficulty is None:
            scorer, difficulty = self._score(X, y, learner, rng, hooks)
        else:
            scorer = None
            difficulty = self._check_difficulty(difficulty, n_samples, "difficulty")

        sequence = _ranked_sequence(difficulty, self.order, rng)
        if self.class_balance:
            sequence = _class_balanced(sequence, y_index, classes.size)
        strategy = _CompetenceStrategy(
            self, sequence, y_index, classes, n_samples, step_size=step
        )

        estimator = trained["estimator"] = seeded_clone(learner, rng)
        resolve_balanced_class_weight(estimator, y_index, classes)
        result = run_epochs(
            estimator,
            X,
            y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=strategy.n_epochs,
            batch_size=call,
            rng=rng,
            verbose=self.verbose,
            owner=type(self).__name__,
            hooks=hooks,
        )
        hooks.end()
        # Stored only now: a fit that raised leaves no half-fitted state.
        self.scorer_, self.difficulty_ = scorer, difficulty
        self.estimator_, self.classes_ = estimator, classes
        self.n_iter_ = result.n_iter
        self.n_steps_ = result.n_calls
        self.history_ = result.history
        # A later partial_fit continues at full competence: the schedule is done.
        self._rng, self._n_chunks = rng, math.inf
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y, classes=None, difficulty=None):
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

        Returns
        -------
        self : CurriculumSGDClassifier
            The updated estimator.
        """
        first = not hasattr(self, "estimator_")
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_chunk(X, y, classes, first=first)
        n_samples = X.shape[0]
        learner = check_partial_fit(self._learner(), type(self).__name__)
        if first:
            self._check_settings(learner)
            rng = check_random_state(self.random_state)
            estimator, k = seeded_clone(learner, rng), 0
        else:
            rng, estimator, k = self._rng, self.estimator_, self._n_chunks

        scoring = difficulty is None and self.scorer is not None
        hooks = begin_fit(
            self,
            X_in,
            y_in,
            max_subtasks=1 + scoring,
            fitted_attributes=learner_snapshot(estimator, classes),
        )
        if scoring:
            scorer, scores = self._score(X, y, learner, rng, hooks)
        elif difficulty is None:
            # The current model is the teacher (Hacohen and Weinshall's
            # bootstrapping); before any training every row ties: random order.
            scorer = None
            scores = (
                np.zeros(n_samples)
                if first
                else compute_signals(estimator, X, y_index, classes, ("loss",))["loss"]
            )
        else:
            scorer = None
            scores = self._check_difficulty(difficulty, n_samples, "difficulty")
        sequence = _ranked_sequence(scores, self.order, rng)
        if self.class_balance:
            sequence = _class_balanced(sequence, y_index, classes.size)
        span = (min(k / self.max_iter, 1.0), min((k + 1) / self.max_iter, 1.0))
        step, call = self._batch_sizes(X, learner)
        strategy = _CompetenceStrategy(
            self,
            sequence,
            y_index,
            classes,
            n_samples,
            step_size=step,
            budget=1,
            span=span,
        )
        result = run_epochs(
            estimator,
            X,
            y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=1,
            batch_size=call,
            rng=rng,
            first_call=first,
            verbose=self.verbose,
            owner=type(self).__name__,
            hooks=hooks,
        )
        hooks.end()
        # Stored only now: a failed first call leaves the estimator unfitted.
        if first:
            self.estimator_, self.classes_, self._rng = estimator, classes, rng
            self.n_iter_, self.n_steps_, self.history_ = 0, 0, []
        for row in result.history:
            row["epoch"] += self.n_iter_
        self.history_ = self.history_ + result.history
        self.n_iter_ += result.n_iter
        self.n_steps_ += result.n_calls
        self.scorer_, self.difficulty_ = scorer, scores
        self._n_chunks = k + 1
        return self
