"""Data pruning: ``select_indices``, ``ForgettingPruner`` and ``PrunedClassifier``.

A scikit-learn :class:`~sklearn.pipeline.Pipeline` cannot drop rows, so
pruning comes in two forms built on one selection function:

- :class:`ForgettingPruner` is a *sampler* (``fit_resample``), a step of
  :class:`imblearn.pipeline.Pipeline` (duck-typed: imbalanced-learn is not a
  dependency);
- :class:`PrunedClassifier` is a meta-estimator that prunes, then fits a
  classifier on the kept rows: the plain scikit-learn way, usable as the last
  step of a :class:`~sklearn.pipeline.Pipeline` and in
  :class:`~sklearn.model_selection.GridSearchCV`.

Both rank the training examples by a difficulty score (higher = harder, from
:class:`~skcurric.DifficultyScorer` or precomputed) and keep a subset chosen
by :func:`select_indices`.
"""

import inspect
import warnings
from dataclasses import dataclass, fields
from numbers import Integral, Real

import numpy as np
from scipy import sparse
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, _fit_context
from sklearn.model_selection import train_test_split
from sklearn.utils import _safe_indexing, check_random_state, get_tags
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    RealNotInt,
    StrOptions,
    validate_params,
)
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import (
    _check_feature_names_in,
    _num_samples,
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
)

from .scoring import DifficultyScorer
from .utils._base import LearnerMixin, MetaClassifierBase
from .utils._callbacks import begin_fit
from .utils._learners import default_learner, seeded_clone
from .utils._networks import network_seed
from .utils._params import NoneSubEstimatorParamsMixin
from .utils._ranking import rank_within_groups
from .utils._validation import check_difficulty, encode_groups, fit_scorer

__all__ = ["ForgettingPruner", "PrunedClassifier", "select_indices"]

# "auto": kept examples per class below which data counts as scarce.
SCARCE_PER_CLASS = 100

_KEEP_FRACTION = [
    Interval(RealNotInt, 0, 1, closed="right"),
    Interval(Integral, 1, None, closed="left"),
]


# --------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------


def _n_keep(keep_fraction, n_samples):
    """Budget in samples: an integer is a count, a float a fraction of n."""
    if isinstance(keep_fraction, bool):
        raise ValueError(f"keep_fraction must be a number, got {keep_fraction!r}.")
    if isinstance(keep_fraction, Integral):
        if not 1 <= keep_fraction <= n_samples:
            raise ValueError(
                f"keep_fraction={keep_fraction} is a count of samples to keep and "
                f"must be in [1, n_samples={n_samples}]; pass a float in (0, 1] "
                "for a fraction."
            )
        return int(keep_fraction)
    if not isinstance(keep_fraction, Real) or not 0 < keep_fraction <= 1:
        raise ValueError(
            f"keep_fraction must be a float in (0, 1] (a fraction) or an integer "
            f"in [1, n_samples] (a count); got {keep_fraction!r}."
        )
    # Round half up (Python's round() rounds half to even), at least one sample.
    return int(min(n_samples, max(1, np.floor(keep_fraction * n_samples + 0.5))))


def _class_quotas(counts, n_keep, min_per_class):
    """Each class's share of ``n_keep``, proportional to its size.

    Largest-remainder rounding, then every class is raised to
    ``min(count, min_per_class)``, the units taken from the classes with the
    most room above their own minimum.
    """
    floor_min = np.minimum(counts, min_per_class)
    if n_keep < floor_min.sum():
        raise ValueError(
            f"Keeping {n_keep} samples with class_balance=True cannot give each "
            f"of the {counts.size} classes its minimum of {min_per_class} "
            f"sample(s) ({int(floor_min.sum())} needed). Keep more samples or "
            "set class_balance=False."
        )
    share = counts * (n_keep / counts.sum())
    quota = np.floor(share).astype(np.int64)
    rest = n_keep - int(quota.sum())
    quota[np.argsort(quota - share, kind="stable")[:rest]] += 1
    deficit = np.maximum(floor_min - quota, 0)
    quota += deficit
    for _ in range(int(deficit.sum())):  # at most n_classes * min_per_class
        quota[np.argmax(quota - floor_min)] -= 1
    return quota


def _water_fill(sizes, budget):
    """Spread ``budget`` evenly over strata of ``sizes`` (Zheng et al. 2023).

    The smallest strata are taken whole while they are below an even share of
    what is left; the rest share the remaining budget evenly.
    """
    quota = np.zeros_like(sizes)
    strata = np.flatnonzero(sizes)
    strata = strata[np.argsort(sizes[strata], kind="stable")]
    left = budget
    for j, s in enumerate(strata):  # loop over strata (<= n_strata), not samples
        quota[s] = min(sizes[s], left // (strata.size - j))
        left -= quota[s]
    for s in strata[::-1]:  # leftovers of the integer division, largest first
        if left == 0:
            break
        extra = min(left, sizes[s] - quota[s])
        quota[s] += extra
        left -= extra
    return quota


def _stratified(scores, keys, budget, hard_cutoff, n_strata):
    """Coverage-centric selection of ``budget`` positions of ``scores``."""
    n = scores.size
    n_drop = min(int(np.floor(hard_cutoff * n)), n - budget)
    order = np.lexsort((keys, -scores))
    rest = order[n_drop:]
    s = scores[rest]
    finite = s[np.isfinite(s)]
    lo, hi = (finite.min(), finite.max()) if finite.size else (0.0, 0.0)
    if hi > lo:
        # Infinite scores fall into the extreme strata.
        pos = (np.clip(s, lo, hi) - lo) / (hi - lo) * n_strata
        stratum = np.minimum(pos.astype(np.int64), n_strata - 1)
    else:
        stratum = np.zeros(s.size, dtype=np.int64)
    quota = _water_fill(np.bincount(stratum, minlength=n_strata), budget)
    sub_order, rank = rank_within_groups(stratum, keys[rest])
    return rest[sub_order[rank < quota[stratum[sub_order]]]]


def _auto_rule(n_keep, n_classes, scarce_per_class):
    """The strategy ``"auto"`` stands for without features (Sorscher et al. 2022)."""
    return "hard" if n_keep / n_classes >= scarce_per_class else "easy"


@dataclass(frozen=True)
class _Selection:
    """What a selection strategy sees: the scores and each group's budget."""

    scores: np.ndarray  # higher = harder
    keys: np.ndarray  # random tie-breaks, one per sample
    group: np.ndarray  # group code of each sample (class, or all 0)
    quota: np.ndarray  # samples to keep per group
    hard_cutoff: float
    n_strata: int
    scarce_per_class: float
    n_classes: int


def _keep_ranked_first(selection, *primary):
    """The first ``quota`` of each group, ranked by ``primary`` then the keys."""
    order, rank = rank_within_groups(selection.group, *primary, selection.keys)
    return order[rank < selection.quota[selection.group[order]]]


def _select_hard(selection):
    return _keep_ranked_first(selection, -selection.scores)


def _select_easy(selection):
    return _keep_ranked_first(selection, selection.scores)


def _select_random(selection):
    return _keep_ranked_first(selection)


def _select_drop_hardest(selection):
    # The complement of the n_g - q_g hardest of each group.
    group, quota = selection.group, selection.quota
    order, rank = rank_within_groups(group, -selection.scores, selection.keys)
    n_drop = np.bincount(group, minlength=quota.size) - quota
    return order[rank >= n_drop[group[order]]]


def _select_stratified(selection):
    parts = []
    for g in range(selection.quota.size):  # loop over groups, not samples
        members = np.flatnonzero(selection.group == g)
        picked = _stratified(
            selection.scores[members],
            selection.keys[members],
            selection.quota[g],
            selection.hard_cutoff,
            selection.n_strata,
        )
        parts.append(members[picked])
    return np.concatenate(parts)


def _select_auto(selection):
    rule = _auto_rule(
        int(selection.quota.sum()), selection.n_classes, selection.scarce_per_class
    )
    return SELECTION_STRATEGIES[rule](selection)


# The registry of selection strategies: a new one is one function and one
# entry here (the parameter constraints and the tests read the keys; document
# it in select_indices).
SELECTION_STRATEGIES = {
    "hard": _select_hard,
    "easy": _select_easy,
    "stratified": _select_stratified,
    "drop_hardest": _select_drop_hardest,
    "random": _select_random,
    "auto": _select_auto,
}
STRATEGIES = tuple(SELECTION_STRATEGIES)


@validate_params(
    {
        "scores": ["array-like"],
        "y": ["array-like"],
        "keep_fraction": _KEEP_FRACTION,
        "strategy": [StrOptions(set(SELECTION_STRATEGIES))],
        "class_balance": ["boolean"],
        "hard_cutoff": [Interval(Real, 0, 1, closed="left")],
        "n_strata": [Interval(Integral, 1, None, closed="left")],
        "min_per_class": [Interval(Integral, 1, None, closed="left")],
        "scarce_per_class": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def select_indices(
    scores,
    y,
    *,
    keep_fraction,
    strategy="hard",
    class_balance=True,
    hard_cutoff=0.1,
    n_strata=50,
    min_per_class=1,
    scarce_per_class=SCARCE_PER_CLASS,
    random_state=None,
):
    """Indices of the examples to keep, given their difficulty scores.

    With ``n`` samples the budget is ``m = keep_fraction`` if it is an
    integer (a count), else ``m = max(1, round(keep_fraction * n))`` (half up).
    Ties between equal scores are broken at random.

    Strategies (scores: higher = harder):

    - ``"hard"``: the ``m`` highest scores (Paul et al. 2021; EL2N/GraNd and
      forgetting-based pruning keep the hard examples);
    - ``"easy"``: the ``m`` lowest scores;
    - ``"stratified"``: coverage-centric selection (Zheng et al. 2023). Drop
      the hardest ``b = min(floor(hard_cutoff * n), n - m)`` examples, cut
      the range of the remaining scores into ``n_strata`` equal-width strata,
      and fill the budget evenly: visiting the non-empty strata from the
      smallest, stratum ``s`` gets ``min(|s|, floor(m_left / strata_left))``
      examples, drawn uniformly at random within it;
    - ``"drop_hardest"``: drop the ``n - m`` highest scores and keep the rest,
      a label-noise filter (mislabelled examples are the hardest to fit):
      set ``keep_fraction`` to one minus the expected noise rate. As a set it
      equals ``"easy"`` up to how ties at the cut are broken; it states the
      intent (a filter), ``"easy"`` the Sorscher et al. scarce-data regime;
    - ``"random"``: ``m`` examples uniformly at random, the baseline every
      report should show next to the others (Sorscher et al. 2022 find it
      strong at high pruning rates);
    - ``"auto"``: Sorscher et al. (2022) show that keeping easy examples is
      best when data is scarce and keeping hard ones when it is abundant.
      This function sees no features, so it applies a rule: ``"hard"`` if the
      kept set has on average at least ``scarce_per_class`` examples per
      class (``m / n_classes >= scarce_per_class``), else ``"easy"``.
      :class:`ForgettingPruner` instead chooses on a held-out split of the
      training data, which is more reliable (a fixed count cannot tell how
      well the model fits the data).

    With ``class_balance=True`` the strategy runs within each class, and
    class ``c`` with ``n_c`` samples keeps its proportional share
    ``m * n_c / n`` (largest-remainder rounding), but never fewer than
    ``min(n_c, min_per_class)``: no class is ever emptied. With
    ``class_balance=False`` the whole set is ranked at once and a class may
    lose all its examples.

    Parameters
    ----------
    scores : array-like of shape (n_samples,)
        Difficulty of each example, higher = harder; ``inf`` is allowed
        (e.g. never-learned examples), NaN is not.
    y : array-like of shape (n_samples,)
        Class labels.
    keep_fraction : float in (0, 1] or int >= 1
        Fraction of the samples to keep, or (an integer) their number.
    strategy : {"hard", "easy", "stratified", "drop_hardest", "random", \
"auto"}, default="hard"
        See above.
    class_balance : bool, default=True
        Give each class its proportional share of the budget.
    hard_cutoff : float in [0, 1), default=0.1
        ``"stratified"`` only: fraction of the hardest examples dropped first
        (Zheng et al.'s beta).
    n_strata : int, default=50
        ``"stratified"`` only: number of score strata (50 in Zheng et al.).
    min_per_class : int, default=1
        With ``class_balance=True``, the fewest examples a class keeps (or
        all of them, if it has fewer).
    scarce_per_class : float, default=100
        ``"auto"`` only: kept examples per class below which data counts as
        scarce and the easy examples are kept.
    random_state : int, RandomState instance or None, default=None
        Breaks ties and draws the ``"random"`` and ``"stratified"`` picks.

    Returns
    -------
    indices : ndarray of int of shape (m,)
        Sorted, unique indices into ``scores`` / ``y``.

    Raises
    ------
    ValueError
        ``keep_fraction`` of 0, above 1 (a float) or above ``n`` (a count);
        an unknown strategy; ``scores`` of the wrong length or with NaN; a
        budget smaller than the number of classes with ``class_balance``.

    References
    ----------
    Paul, Ganguli, Dziugaite, "Deep Learning on a Data Diet", NeurIPS 2021.
    Sorscher et al., "Beyond neural scaling laws: beating power law scaling
    via data pruning", NeurIPS 2022.
    Zheng et al., "Coverage-centric Coreset Selection for High Pruning
    Rates", ICLR 2023.

    Examples
    --------
    >>> from skcurric.pruning import select_indices
    >>> scores = [0.9, 0.1, 0.5, 0.7, 0.2, 0.3]
    >>> y = [0, 0, 0, 1, 1, 1]
    >>> select_indices(scores, y, keep_fraction=0.5, strategy="hard").tolist()
    [0, 2, 3]
    >>> select_indices(scores, y, keep_fraction=2, strategy="easy").tolist()
    [1, 4]
    >>> select_indices(
    ...     scores, y, keep_fraction=2, strategy="hard", class_balance=False
    ... ).tolist()
    [0, 3]
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}.")
    n = y.shape[0]
    if n == 0:
        raise ValueError("select_indices needs at least one sample; got 0.")
    scores = check_difficulty(scores, n, "scores")
    m = _n_keep(keep_fraction, n)
    classes, y_index = encode_groups(y, "y")
    keys = check_random_state(random_state).random_sample(n)
    if class_balance:
        group = y_index.astype(np.int64)
        quota = _class_quotas(np.bincount(group), m, min_per_class)
    else:
        group = np.zeros(n, dtype=np.int64)
        quota = np.array([m])
    selection = _Selection(
        scores,
        keys,
        group,
        quota,
        hard_cutoff,
        n_strata,
        scarce_per_class,
        classes.size,
    )
    return np.sort(SELECTION_STRATEGIES[strategy](selection)).astype(np.intp)


# --------------------------------------------------------------------------
# Shared helpers of the two estimators
# --------------------------------------------------------------------------


def _sampler_tags(tags):
    """``tags`` marked as imbalanced-learn's sampler tags, as its checks read them.

    imbalanced-learn (not a dependency) reads ``sampler_tags.sample_indices``
    and ``input_tags.dataframe`` (which runs its pandas checks), fields of its
    own Tags dataclasses; when it is installed those are used, so they follow
    its version. Without it
    nothing reads them, and scikit-learn's tags are enough.
    """
    tags.estimator_type = "sampler"
    try:
        from imblearn.utils._tags import InputTags, SamplerTags, Tags
    except ImportError:
        return tags
    values = {f.name: getattr(tags, f.name) for f in fields(tags)}
    values["input_tags"] = InputTags(
        **{f.name: getattr(tags.input_tags, f.name) for f in fields(tags.input_tags)},
        dataframe=True,  # fit_resample returns the input's container type
    )
    return Tags(**values, sampler_tags=SamplerTags(sample_indices=True))


def _default_scorer():
    # Plain SGD, not the scorer's averaged default probe: forgetting events
    # need an iterate that moves, and averaged SGD leaves 80-99% of the rows
    # of the benchmark data sets unforgettable (plain SGD: 50-94%).
    return DifficultyScorer("forgetting", estimator=default_learner())


def _break_ties(scores, secondary):
    """``scores`` with ties ordered by ``secondary`` (both: higher = harder).

    Adds less than half the smallest gap between distinct finite scores, in
    proportion to the rank of ``secondary``: rows with different scores keep
    their order (and nearly their values, which ``"stratified"`` bins), rows
    with equal scores are ordered by ``secondary``. Infinite scores stay
    infinite (their ties stay random).
    """
    distinct = np.unique(scores[np.isfinite(scores)])
    gap = np.diff(distinct).min() if distinct.size > 1 else 1.0
    rank = rankdata(secondary, method="dense")
    return scores + 0.5 * gap * (rank - 1) / max(rank.max() - 1, 1)


def _as_labels(y, owner):
    """1-D labels from ``y``; a one-hot (one-vs-all) 2-D ``y`` becomes its argmax."""
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        return column_or_1d(y_arr, warn=True)
    if y_arr.ndim == 2:
        if y_arr.dtype.kind == "f" and not np.isfinite(y_arr).all():
            # Said before type_of_target, whose cast to int warns on NaN.
            raise ValueError(f"Input y contains NaN or infinity ({owner}).")
        if type_of_target(y_arr) == "multilabel-indicator" and np.all(
            y_arr.sum(axis=1) == 1
        ):
            return y_arr.argmax(axis=1)
        raise ValueError(
            f"Multilabel and multioutput targets are not supported by {owner}; "
            f"got y of shape {y_arr.shape} (only a one-vs-all encoding, one 1 "
            "per row, is read as class labels)."
        )
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y_arr.shape}.")
    return y_arr


def _take_rows(data, indices):
    """``data[indices]`` in the container type of ``data``."""
    if sparse.issparse(data) and data.format not in ("csr", "csc", "lil", "dok"):
        # COO/DIA/BSR cannot be indexed by row; go through CSR and back.
        return data.tocsr()[indices].asformat(data.format)
    return _safe_indexing(data, indices)


# --------------------------------------------------------------------------
# ForgettingPruner
# --------------------------------------------------------------------------


class ForgettingPruner(LearnerMixin, NoneSubEstimatorParamsMixin, BaseEstimator):
    """Drop a fraction of the training examples by difficulty: a sampler.

    ``fit(X, y)`` scores every example with a clone of ``scorer`` and keeps
    ``keep_fraction`` of them with :func:`select_indices`;
    ``fit_resample(X, y)`` returns the kept rows in the input's container
    type (NumPy, SciPy sparse, pandas, polars, lists), which makes it a step
    of :class:`imblearn.pipeline.Pipeline` (imbalanced-learn is not needed to
    use it). The score is whatever ``scorer`` computes: by default the number
    of forgetting events of Toneva et al. (2019) with a plain SGD probe, any
    :class:`~skcurric.DifficultyScorer` method or precomputed ``difficulty``
    otherwise.

    Ties in the scores are broken by the area under the margin (the mean
    margin over the same epochs, Pleiss et al. 2020) when the scorer records
    it (``scorer_.dynamics_["aum"]``, as ``DifficultyScorer("forgetting")``
    does), a lower AUM ranking as harder; other ties are broken at random.
    With a linear learner most rows are never forgotten, so without this the
    default ranking is mostly ties and keeping the "hard" 30% is no better
    than random (see the user guide's pruning table).

    Read more in the :ref:`User Guide <pruning>`.

    Parameters
    ----------
    scorer : estimator or None, default=None
        Estimator whose ``fit(X, y)`` sets ``scores_`` (one difficulty per
        row, higher = harder), e.g. :class:`~skcurric.DifficultyScorer`.
        ``None`` means ``DifficultyScorer("forgetting",
        estimator=SGDClassifier(loss="log_loss"))``: plain SGD, whose iterate
        moves enough to forget. Cloned into
        ``scorer_``, with its ``random_state`` set from ``random_state``.
    keep_fraction : float in (0, 1] or int, default=0.7
        Fraction of the samples kept, or (an integer) their number.
    strategy : {"hard", "easy", "stratified", "drop_hardest", "random", \
"auto"}, default="hard"
        Which examples to keep; see :func:`select_indices`. ``"auto"``
        chooses between ``"easy"`` and ``"hard"`` by the held-out accuracy of
        the scorer's probe trained on each selection (see the User Guide).
    class_balance : bool, default=True
        Each class keeps its proportional share (at least one example).
    hard_cutoff : float in [0, 1), default=0.1
        ``strategy="stratified"``: fraction of the hardest examples dropped
        before filling the score strata (Zheng et al. 2023).
    random_state : int, RandomState instance or None, default=None
        Seeds the scorer and the selection (ties, random picks).

    Attributes
    ----------
    scores_ : ndarray of shape (n_samples,)
        Difficulty of each training example (scorer's or precomputed),
        before ties are broken.
    sample_indices_ : ndarray of int of shape (``n_kept_``,)
        Sorted indices of the kept rows.
    n_kept_ : int
        Number of kept rows.
    strategy_ : str
        The strategy applied (what ``"auto"`` chose).
    auto_scores_ : dict
        ``strategy="auto"`` only: held-out accuracy of ``"easy"`` and
        ``"hard"`` (empty when the rule decided).
    unforgettable_fraction_ : float
        Share of the training examples learned and never forgotten when the
        scorer records training dynamics (``scorer_.dynamics_``); NaN
        otherwise (out-of-fold scorers, precomputed ``difficulty``).
    sampling_strategy_ : dict
        Number of kept examples per class (imbalanced-learn's name).
    scorer_ : estimator or None
        The fitted scorer; None when ``difficulty`` was given.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the features seen during ``fit``, only when ``X`` has string
        column names.

    See Also
    --------
    PrunedClassifier : prune, then fit a classifier (a scikit-learn
        Pipeline's last step).
    select_indices : the selection rule.

    Notes
    -----
    A plain scikit-learn Pipeline cannot drop rows: use
    :class:`PrunedClassifier` there. In an imbalanced-learn Pipeline the
    pruner sees the training data only, never the data ``predict`` sees.

    References
    ----------
    Toneva et al., "An Empirical Study of Example Forgetting during Deep
    Neural Network Learning", ICLR 2019.
    Paul, Ganguli, Dziugaite, "Deep Learning on a Data Diet", NeurIPS 2021.
    Sorscher et al., "Beyond neural scaling laws: beating power law scaling
    via data pruning", NeurIPS 2022.
    Zheng et al., "Coverage-centric Coreset Selection for High Pruning
    Rates", ICLR 2023.
    Pleiss et al., "Identifying Mislabeled Data using the Area Under the
    Margin Ranking", NeurIPS 2020.

    Examples
    --------
    >>> from skcurric import ForgettingPruner
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> pruner = ForgettingPruner(keep_fraction=0.5, random_state=0)
    >>> X_kept, y_kept = pruner.fit_resample(X, y)
    >>> X_kept.shape, pruner.n_kept_
    ((100, 2), 100)
    >>> bool((X_kept == X[pruner.sample_indices_]).all())
    True
    >>> sorted(pruner.sampling_strategy_.values())
    [50, 50]
    """

    _learner_method = "fit"
    _parameter_constraints = {
        "scorer": [HasMethods(["fit"]), None],
        "keep_fraction": _KEEP_FRACTION,
        "strategy": [StrOptions(set(SELECTION_STRATEGIES))],
        "class_balance": ["boolean"],
        "hard_cutoff": [Interval(Real, 0, 1, closed="left")],
        "random_state": ["random_state"],
    }
    __metadata_request__fit = {"difficulty": True}

    def __init__(
        self,
        scorer=None,
        *,
        keep_fraction=0.7,
        strategy="hard",
        class_balance=True,
        hard_cutoff=0.1,
        random_state=None,
    ):
        self.scorer = scorer
        self.keep_fraction = keep_fraction
        self.strategy = strategy
        self.class_balance = class_balance
        self.hard_cutoff = hard_cutoff
        self.random_state = random_state

    def _scorer(self):
        return self.scorer if self.scorer is not None else _default_scorer()

    # The "learner" whose input tags (sparse, NaN) the pruner shares is its scorer.
    _learner = _scorer

    def __sklearn_is_fitted__(self):
        # fit stores sample_indices_ last; n_features_in_, which validation
        # sets first, does not make a fitted pruner.
        return hasattr(self, "sample_indices_")

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, difficulty=None):
        """Score the examples (unless ``difficulty`` is given) and select.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels (a one-hot 2-D ``y`` is read as labels).
        difficulty : array-like of shape (n_samples,), default=None
            Precomputed scores (higher = harder); the scorer is then not fit.
            Requested by default for metadata routing.

        Returns
        -------
        self : ForgettingPruner
            The fitted pruner.
        """
        X_in, y_in = X, y
        y = _as_labels(y, type(self).__name__)
        if y.shape[0] != _num_samples(X):
            raise ValueError(
                f"X has {_num_samples(X)} samples but y has {y.shape[0]}; they "
                "must have the same length."
            )
        X, y, classes, _ = self._validate_training_data(X, y)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        hooks = begin_fit(self, X_in, y_in, max_subtasks=int(difficulty is None))
        if difficulty is not None:
            scorer, scores = None, check_difficulty(difficulty, X.shape[0])
        else:
            scorer, scores = fit_scorer(self._scorer(), X, y, seed, hooks)
        ranking = scores
        dynamics = getattr(scorer, "dynamics_", None)
        aum = dynamics.get("aum") if isinstance(dynamics, dict) else None
        if isinstance(aum, np.ndarray) and aum.shape == scores.shape:
            # With linear learners most rows are never forgotten, so the
            # forgetting counts tie; the area under the margin of the same
            # epochs orders the ties (lower = harder), at no extra training.
            ranking = _break_ties(scores, -aum)
        n_keep = _n_keep(self.keep_fraction, X.shape[0])
        if self.strategy == "auto":
            strategy, auto_scores = self._choose_auto(X, y, ranking, n_keep, rng)
        else:
            strategy = self.strategy
        kept = select_indices(
            ranking,
            y,
            keep_fraction=n_keep,
            strategy=strategy,
            class_balance=self.class_balance,
            hard_cutoff=self.hard_cutoff,
            random_state=rng,
        )
        # Stored only now that nothing can fail: a failed fit leaves no
        # half-fitted pruner behind.
        if self.strategy == "auto":
            self.auto_scores_ = auto_scores
        self.scorer_ = scorer
        self.scores_ = scores
        self.strategy_ = strategy
        self.classes_ = classes
        self.n_kept_ = int(kept.size)
        labels, counts = np.unique(y[kept], return_counts=True)
        self.sampling_strategy_ = {
            c.item() if hasattr(c, "item") else c: int(k)
            for c, k in zip(labels, counts, strict=True)
        }
        dynamics = getattr(scorer, "dynamics_", None)
        if isinstance(dynamics, dict) and "unforgettable" in dynamics:
            self.unforgettable_fraction_ = float(np.mean(dynamics["unforgettable"]))
        else:
            self.unforgettable_fraction_ = float("nan")
        self.sample_indices_ = kept
        hooks.end()
        return self

    def _choose_auto(self, X, y, scores, n_keep, rng):
        """Easy or hard, by held-out accuracy of the scorer's probe."""
        n = y.shape[0]
        counts = np.unique(y, return_counts=True)[1]
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if n_keep == n or counts.min() < 5:
            # Everything kept (any strategy will do), or too few rows to split.
            return _auto_rule(n_keep, counts.size, SCARCE_PER_CLASS), {}
        train, val = train_test_split(
            np.arange(n), test_size=0.2, stratify=y, random_state=seed
        )
        budget = max(counts.size, int(np.floor(n_keep * train.size / n + 0.5)))
        scorer = self._scorer()
        probe = scorer._learner() if hasattr(scorer, "_learner") else default_learner()
        results = {}
        for candidate in ("easy", "hard"):
            picked = train[
                select_indices(
                    scores[train],
                    y[train],
                    keep_fraction=budget,
                    strategy=candidate,
                    class_balance=self.class_balance,
                    random_state=seed,
                )
            ]
            kept_classes = np.unique(y[picked])
            if kept_classes.size < 2:  # class_balance=False may keep one class
                results[candidate] = float(np.mean(y[val] == kept_classes[0]))
                continue
            model = seeded_clone(probe, seed)
            with network_seed(model, seed):
                model.fit(X[picked], y[picked])
            results[candidate] = float(model.score(X[val], y[val]))
        return ("hard" if results["hard"] > results["easy"] else "easy"), results

    def fit_resample(self, X, y, difficulty=None):
        """Fit, then return the kept rows of ``X`` and ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels (or their one-hot encoding).
        difficulty : array-like of shape (n_samples,), default=None
            Precomputed scores; see :meth:`fit`.

        Returns
        -------
        X_resampled : same container as X, of shape (``n_kept_``, n_features)
            Exactly ``X[sample_indices_]``.
        y_resampled : same container as y, of shape (``n_kept_``,) (or 2-D)
            Exactly ``y[sample_indices_]``.
        """
        self.fit(X, y, difficulty=difficulty)
        idx = self.sample_indices_
        return _take_rows(X, idx), _take_rows(y, idx)

    def get_metadata_routing(self):
        """Metadata requests: ``difficulty`` is requested by default.

        For ``fit`` and, when imbalanced-learn has registered the method with
        scikit-learn, for ``fit_resample``, so that with
        ``sklearn.set_config(enable_metadata_routing=True)`` an imbalanced-learn
        Pipeline passes ``difficulty`` to this step (without routing,
        imbalanced-learn forwards no parameter to ``fit_resample``). The
        scorer is fitted on ``X, y`` alone: nothing is routed to it.

        Returns
        -------
        routing : MetadataRequest
            The pruner's own requests.
        """
        request = self._get_metadata_request()
        method = getattr(request, "fit_resample", None)
        if method is not None and method.requests.get("difficulty") is None:
            method.add_request(param="difficulty", alias=True)
        return request

    def get_feature_names_out(self, input_features=None):
        """The features are passed through unchanged.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Must match ``feature_names_in_`` when that is set.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The input feature names.
        """
        check_is_fitted(self, "n_features_in_")
        return _check_feature_names_in(self, input_features)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()  # input tags copied from the scorer
        tags.target_tags.required = True
        return _sampler_tags(tags)


# --------------------------------------------------------------------------
# PrunedClassifier
# --------------------------------------------------------------------------


def _check_pruner(pruner):
    """Say what a pruner must be before fitting one that is not."""
    try:
        params = inspect.signature(pruner.fit).parameters
    except (TypeError, ValueError):  # no signature to read: let fit decide
        return pruner
    takes_difficulty = "difficulty" in params or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
    )
    if not takes_difficulty:
        raise TypeError(
            f"pruner={type(pruner).__name__}(...) is not a pruner: a pruner is a "
            "sampler like skcurric.ForgettingPruner, whose fit(X, y, "
            "difficulty=None) sets sample_indices_ (the rows to keep). "
            f"{type(pruner).__name__}.fit takes no difficulty; to choose the "
            "classifier trained on the kept rows, pass it as estimator."
        )
    return pruner


class PrunedClassifier(MetaClassifierBase):
    """Prune the training data, then fit a classifier on the kept rows.

    ``fit(X, y)`` runs a clone of ``pruner`` on ``X, y``, then fits a clone of
    ``estimator`` on ``X[sample_indices_], y[sample_indices_]``
    (``sample_weight`` is sliced the same way; rows of zero weight are
    removed before pruning, so a zero weight equals an absent row). The
    prediction methods delegate to the fitted clone. This is the scikit-learn
    way to prune inside a :class:`~sklearn.pipeline.Pipeline` (as its last
    step) or a :class:`~sklearn.model_selection.GridSearchCV`, where a
    row-dropping step is not allowed. To tune the pruner's parameters, set it
    explicitly: ``PrunedClassifier(pruner=ForgettingPruner())`` with the grid
    ``{"pruner__keep_fraction": [0.5, 0.9]}``.

    Read more in the :ref:`User Guide <pruning>`.

    Parameters
    ----------
    estimator : classifier or None, default=None
        Any classifier with ``fit``. ``None`` means
        ``SGDClassifier(loss="log_loss")``, the probe the default scorer uses,
        so the examples are ranked by the model family that is then trained.
    pruner : ForgettingPruner or None, default=None
        The sampler: anything whose ``fit(X, y, difficulty=None)`` sets
        ``sample_indices_``. ``None`` means ``ForgettingPruner()``. Its
        ``strategy="auto"`` decides with the pruner's own probe, not with
        ``estimator``.
    random_state : int, RandomState instance or None, default=None
        Seeds the clones of ``pruner`` and ``estimator`` (their own
        ``random_state`` parameters are overridden), so a fit depends on this
        parameter alone.
    verbose : int, default=0
        Print one line per stage (pruning, fitting the classifier) when > 0.

    Attributes
    ----------
    estimator_ : classifier
        The clone fitted on the kept rows.
    pruner_ : ForgettingPruner
        The fitted clone of ``pruner`` (its ``scores_``,
        ``unforgettable_fraction_``...).
    sample_indices_ : ndarray of int
        Sorted indices of the training rows the classifier was fitted on.
    classes_ : ndarray of shape (n_classes,)
        The classes seen by ``estimator_``.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the features seen during ``fit``, only when ``X`` has string
        column names.

    See Also
    --------
    ForgettingPruner : the pruner alone, a sampler for imbalanced-learn.
    select_indices : the selection rule.

    Notes
    -----
    Precomputed difficulty scores, ``fit(X, y, difficulty=scores)``, are
    requested by default for metadata routing, so a grid search over the keep
    fraction does not re-score the data for every candidate:
    cross-validation slices them with the folds.

    References
    ----------
    Toneva et al., "An Empirical Study of Example Forgetting during Deep
    Neural Network Learning", ICLR 2019.
    Paul, Ganguli, Dziugaite, "Deep Learning on a Data Diet", NeurIPS 2021.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skcurric import ForgettingPruner, PrunedClassifier
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> clf = PrunedClassifier(
    ...     LogisticRegression(),
    ...     pruner=ForgettingPruner(keep_fraction=0.6, strategy="easy"),
    ...     random_state=0,
    ... ).fit(X, y)
    >>> clf.sample_indices_.shape
    (120,)
    >>> round(clf.score(X, y), 2) > 0.8
    True

    Precomputed scores (here: the distance to the boundary) skip the scorer:

    >>> clf.fit(X, y, difficulty=-abs(X[:, 0])).pruner_.scorer_ is None
    True
    """

    _learner_method = "fit"
    _parameter_constraints = {
        "estimator": [HasMethods(["fit"]), None],
        "pruner": [HasMethods(["fit"]), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }
    __metadata_request__fit = {"difficulty": True}

    def __init__(self, estimator=None, *, pruner=None, random_state=None, verbose=0):
        self.estimator = estimator
        self.pruner = pruner
        self.random_state = random_state
        self.verbose = verbose

    def _pruner(self):
        return self.pruner if self.pruner is not None else ForgettingPruner()

    def _allow_nan(self):
        return super()._allow_nan() and get_tags(self._pruner()).input_tags.allow_nan

    def _say(self, line):
        if self.verbose:
            print(f"[PrunedClassifier] {line}", flush=True)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, difficulty=None):
        """Prune ``X, y``, then fit a clone of ``estimator`` on the kept rows.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sliced to the kept rows and passed to ``estimator.fit``. Rows
            with zero weight are removed before pruning.
        difficulty : array-like of shape (n_samples,), default=None
            Precomputed difficulty (higher = harder) passed to the pruner,
            which then does not score. Requested by default for routing.

        Returns
        -------
        self : PrunedClassifier
            The fitted classifier.
        """
        X_in, y_in = X, y
        X, y, _, _ = self._validate_training_data(X, y)
        params = self._fit_metadata(
            X.shape[0], sample_weight=sample_weight, difficulty=difficulty
        )
        sample_weight = params.get("sample_weight")
        if difficulty is not None:
            difficulty = check_difficulty(difficulty, X.shape[0])
        rng = check_random_state(self.random_state)
        pruner = seeded_clone(_check_pruner(self._pruner()), rng)
        estimator = seeded_clone(self._learner(), rng)

        rows = None  # rows the pruner sees; None = all of them
        if sample_weight is not None and not np.all(sample_weight > 0):
            rows = np.flatnonzero(sample_weight > 0)
        X_p, y_p = (X, y) if rows is None else (X[rows], y[rows])
        d_p = difficulty if rows is None or difficulty is None else difficulty[rows]
        hooks = begin_fit(self, X_in, y_in, max_subtasks=2)
        with hooks.nested("prune", pruner):
            pruner.fit(X_p, y_p, difficulty=d_p)
        if not hasattr(pruner, "sample_indices_"):
            raise TypeError(
                f"The pruner {type(pruner).__name__} set no sample_indices_ in "
                "fit; a pruner must store there the indices of the rows to keep "
                "(like skcurric.ForgettingPruner)."
            )
        kept = np.asarray(pruner.sample_indices_, dtype=np.intp)
        idx = kept if rows is None else rows[kept]
        self._say(f"pruning kept {idx.size} of {X.shape[0]} rows")

        lost = np.setdiff1d(np.unique(y_p), y[idx])
        if lost.size:
            warnings.warn(
                f"Pruning removed every example of class(es) {lost.tolist()}; "
                "the classifier cannot predict them. Use class_balance=True in "
                "the pruner.",
                UserWarning,
                stacklevel=3,  # past fit's scikit-learn wrapper, to the caller
            )
        fit_params = {}
        if sample_weight is not None:
            if not has_fit_parameter(estimator, "sample_weight"):
                raise TypeError(
                    f"{type(estimator).__name__}.fit does not accept "
                    "sample_weight; use a classifier that does, or fit without "
                    "weights."
                )
            fit_params["sample_weight"] = sample_weight[idx]
        with hooks.nested("fit-estimator", estimator), network_seed(estimator, rng):
            estimator.fit(X[idx], y[idx], **fit_params)
        self._say(f"fitted {type(estimator).__name__} on the kept rows")
        # Stored only now that nothing can fail: a failed fit leaves no
        # half-fitted classifier behind.
        self.pruner_ = pruner
        self.estimator_ = estimator
        self.sample_indices_ = idx
        self.classes_ = estimator.classes_
        hooks.end(fitted_attributes=dict)  # fitted as it is: nothing to add
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        pruner = get_tags(self._pruner()).input_tags
        tags.input_tags.sparse = tags.input_tags.sparse and pruner.sparse
        tags.input_tags.allow_nan = tags.input_tags.allow_nan and pruner.allow_nan
        return tags
