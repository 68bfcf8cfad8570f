"""Self-paced learning over any ``partial_fit`` classifier, or in rounds of ``fit``.

The model chooses its own curriculum: before every epoch it scores the whole
training set, keeps (or weights) the examples whose loss is under the pace
``lambda``, trains one epoch on them, and raises the pace ``lambda <- mu *
lambda`` (Kumar, Packer and Koller 2010). :func:`self_paced_weights` holds the
closed-form weights of the regimes (Jiang et al. 2014) as a pure function;
:class:`SelfPacedClassifier` is the estimator, a strategy for the one training
engine of skcurric (:mod:`skcurric._engine`), run by its one driver
(:mod:`skcurric._driver`).

Where things are: the regimes are the table :data:`_REGIMES` (a new regime is
one entry there); the pace of one epoch (which examples, with which weights)
is :func:`_pace_selection`; the annealing, warm-up and stopping rule are
:class:`_SelfPacedStrategy`.
"""

import warnings
from dataclasses import dataclass, fields
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
from sklearn.base import _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metaestimators import available_if

from ._cross_fit import N_PARTS, split_parts
from ._driver import Training, drive
from ._engine import Plan
from ._signals import compute_signals, uninformed_loss
from .utils._base import MetaClassifierBase
from .utils._learners import (
    RANKINGS,
    accepts_sample_weight,
    estimator_has,
    resolve_ranking,
)
from .utils._networks import is_network
from .utils._ranking import rank_within_groups
from .utils._validation import encode_groups

__all__ = ["SelfPacedClassifier", "self_paced_weights"]


# ---------------------------------------------------------------------------
# The regimes: a table of pure weight functions
# ---------------------------------------------------------------------------


def _hard_weights(losses, lam, mixture_ratio):
    return (losses < lam).astype(np.float64)


def _linear_weights(losses, lam, mixture_ratio):
    return np.where(losses < lam, 1.0 - losses / lam, 0.0)


def _log_weights(losses, lam, mixture_ratio):
    # log(L + zeta) / log(zeta) with zeta = 1 - lam, via log1p so a tiny pace
    # (zeta rounding to 1) keeps its limit 1 - L / lam.
    return np.where(losses < lam, np.log1p(losses - lam) / np.log1p(-lam), 0.0)


def _mixture_weights(losses, lam, mixture_ratio):
    # lambda1 = lam, lambda2 = mixture_ratio * lam
    lam2 = mixture_ratio * lam
    zeta = lam * lam2 / (lam - lam2)
    mid = zeta / losses - zeta / lam
    return np.where(losses <= lam2, 1.0, np.where(losses < lam, mid, 0.0))


@dataclass(frozen=True)
class _Regime:
    """A self-paced regime: its closed-form weights and the limits of its pace.

    Attributes
    ----------
    weights : callable
        ``weights(losses, lam, mixture_ratio) -> v``, elementwise, with
        ``lam`` one pace per example; ``v`` in [0, 1], positive exactly when
        the example is selected.
    soft : bool
        Whether weights between 0 and 1 occur, which reach the learner as
        ``sample_weight`` (a hard regime only selects).
    pace_limit : float or None
        The weights are defined only for a pace below it.
    past_limit : str or None
        The regime whose weights apply to a pace at or past ``pace_limit``
        (the annealed pace may cross it during training).
    limit_reason : str
        Why the limit exists, for error messages.
    """

    weights: object
    soft: bool
    pace_limit: float | None = None
    past_limit: str | None = None
    limit_reason: str = ""


# A new regime is one entry here, plus its formula in the docstring of
# self_paced_weights (tests walk this table: docs, constraints, properties).
_REGIMES = {
    "hard": _Regime(_hard_weights, soft=False),
    "linear": _Regime(_linear_weights, soft=True),
    "log": _Regime(
        _log_weights,
        soft=True,
        pace_limit=1.0,
        past_limit="hard",
        limit_reason="zeta = 1 - lambda must be positive",
    ),
    "mixture": _Regime(_mixture_weights, soft=True),
}

#: Names of the self-paced regimes.
REGIMES = tuple(_REGIMES)


def _regime_weights(losses, lam, regime, mixture_ratio):
    """Closed-form weights, elementwise; ``lam`` is a scalar or per-sample array.

    A pace at or past the regime's ``pace_limit`` gets the weights of its
    ``past_limit`` regime (the log regime graduates to the hard one).
    """
    rule = _REGIMES[regime]
    lam = np.broadcast_to(np.asarray(lam, dtype=np.float64), losses.shape)
    # Branches not taken may divide by 0 or overflow (a tiny pace); np.where
    # discards them, so their warnings are noise.
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if rule.pace_limit is None:
            return rule.weights(losses, lam, mixture_ratio)
        within = lam < rule.pace_limit
        # Past the limit the formula is undefined: evaluate it at a pace
        # inside the limit there, a value np.where then discards.
        safe = np.where(within, lam, rule.pace_limit / 2)
        inside = rule.weights(losses, safe, mixture_ratio)
        past = _REGIMES[rule.past_limit].weights(losses, lam, mixture_ratio)
        return np.where(within, inside, past)


class _GroupRanks(NamedTuple):
    """Loss ranks within groups (see :func:`_within_groups`)."""

    rank: np.ndarray  # 1-based rank of each element in its group
    weight_before: np.ndarray  # weight of the elements ranked before it


def _within_groups(keys, codes, weights=None, tiebreak=None):
    """Order each group ``codes`` by ascending ``keys``, in one lexsort.

    Returns the 1-based rank of every element in its group and the total
    weight of the elements of its group ranked before it (``rank - 1``
    without ``weights``). Ties keep index order unless a random ``tiebreak``
    key is given. No loop over samples.
    """
    extra = () if tiebreak is None else (tiebreak,)
    order, rank_sorted = rank_within_groups(codes, keys, *extra)
    ranks = np.empty(keys.shape[0], dtype=np.intp)
    ranks[order] = rank_sorted + 1
    if weights is None:
        return _GroupRanks(ranks, (ranks - 1).astype(np.float64))
    w = weights[order]
    before = np.cumsum(w) - w
    group_start = np.arange(order.size) - rank_sorted
    cum_before = np.empty(keys.shape[0])
    cum_before[order] = before - before[group_start]
    return _GroupRanks(ranks, cum_before)


def _diversity_bonus(losses, group_codes):
    """``1 / (sqrt(r) + sqrt(r - 1))`` for the within-group loss rank ``r``."""
    r = _within_groups(losses, group_codes).rank.astype(np.float64)
    return 1.0 / (np.sqrt(r) + np.sqrt(r - 1.0))


def _encode_groups(groups, n_samples, per="sample"):
    """Integer codes of ``groups``, one entry ``per`` sample (or loss)."""
    groups = np.asarray(groups)
    if groups.shape != (n_samples,):
        raise ValueError(
            f"groups must have one entry per {per} ({n_samples}); got shape "
            f"{groups.shape}."
        )
    return encode_groups(groups)[1]


@validate_params(
    {
        "losses": ["array-like"],
        "lam": [Interval(Real, 0, None, closed="neither"), "array-like"],
        "regime": [StrOptions(set(REGIMES))],
        "mixture_ratio": [Interval(Real, 0, 1, closed="neither")],
        "groups": ["array-like", None],
        "diversity": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def self_paced_weights(
    losses, lam, regime="hard", *, mixture_ratio=0.5, groups=None, diversity=0.0
):
    r"""Optimal self-paced weights :math:`v^*(L; \lambda)` of each example.

    The self-paced objective :math:`\min_{w, v} \sum_i v_i L_i(w) + f(v;
    \lambda)` is minimised over :math:`v` in closed form for a fixed model;
    the regimes differ in the regulariser :math:`f` (Kumar et al. 2010;
    Jiang et al. 2014):

    ``"hard"``
        :math:`v = 1` if :math:`L < \lambda` else :math:`0`.
    ``"linear"``
        :math:`v = \max(0, 1 - L / \lambda)`.
    ``"log"`` (needs :math:`0 < \lambda < 1`, :math:`\zeta = 1 - \lambda`)
        :math:`v = \log(L + \zeta) / \log \zeta` if :math:`L < \lambda` else
        :math:`0`.
    ``"mixture"``
        With :math:`\lambda_1 = \lambda`, :math:`\lambda_2 =`
        ``mixture_ratio`` :math:`\cdot \lambda` and :math:`\zeta = \lambda_1
        \lambda_2 / (\lambda_1 - \lambda_2)`: :math:`v = 1` if :math:`L \le
        \lambda_2`, :math:`0` if :math:`L \ge \lambda_1`, else :math:`\zeta /
        L - \zeta / \lambda_1`.

    With ``groups`` and ``diversity`` :math:`\gamma > 0`, self-paced learning
    with diversity (Jiang et al. 2014b) ranks the examples of each group by
    loss (rank :math:`r = 1, 2, \dots`) and raises each example's pace to
    :math:`\lambda + \gamma / (\sqrt{r} + \sqrt{r - 1})`: the easiest examples
    of every group get in first, so the selection is spread over groups. With
    the hard regime this is exactly the SPLD selection rule; the other
    regimes use the same per-example pace in their formula.

    Parameters
    ----------
    losses : array-like of shape (n_samples,)
        Non-negative per-example losses.
    lam : float or array-like of shape (n_samples,)
        The pace :math:`\lambda > 0` (one per example, e.g. per class, if an
        array).
    regime : {"hard", "linear", "log", "mixture"}, default="hard"
        The self-paced regulariser.
    mixture_ratio : float in (0, 1), default=0.5
        :math:`\lambda_2 / \lambda_1` of the mixture regime.
    groups : array-like of shape (n_samples,), default=None
        Group label of each example, for diversity.
    diversity : float >= 0, default=0.0
        :math:`\gamma` of self-paced learning with diversity; used only with
        ``groups``.

    Returns
    -------
    weights : ndarray of shape (n_samples,)
        Weights in :math:`[0, 1]`; an example is *selected* when its weight
        is positive.

    References
    ----------
    M. P. Kumar, B. Packer, D. Koller. "Self-Paced Learning for Latent
    Variable Models". NeurIPS 2010.

    L. Jiang, D. Meng, T. Mitamura, A. G. Hauptmann. "Easy Samples First:
    Self-paced Reranking for Zero-Example Multimedia Search". ACM MM 2014.

    L. Jiang, D. Meng, S.-I. Yu, Z. Lan, S. Shan, A. G. Hauptmann.
    "Self-Paced Learning with Diversity". NeurIPS 2014 (2014b).

    Examples
    --------
    >>> from skcurric import self_paced_weights
    >>> losses = [0.1, 0.4, 0.8]
    >>> self_paced_weights(losses, 0.5)
    array([1., 1., 0.])
    >>> self_paced_weights(losses, 0.5, regime="linear")
    array([0.8, 0.2, 0. ])
    >>> self_paced_weights(losses, 0.5, regime="mixture")
    array([1.  , 0.25, 0.  ])
    >>> self_paced_weights(losses, 0.5, groups=[0, 0, 1], diversity=0.5)
    array([1., 1., 1.])
    """
    losses = np.asarray(losses, dtype=np.float64)
    if losses.ndim != 1:
        raise ValueError(f"losses must be 1-D, got shape {losses.shape}.")
    if not np.all(np.isfinite(losses)) or np.any(losses < 0):
        raise ValueError("losses must be finite and non-negative.")
    lam = np.asarray(lam, dtype=np.float64)
    if lam.ndim > 1 or (lam.ndim == 1 and lam.shape != losses.shape):
        raise ValueError(
            f"lam must be a scalar or have one value per loss ({losses.shape[0]}); "
            f"got shape {lam.shape}."
        )
    # The parameter check covers a scalar pace; an array needs its values read.
    if not np.all(np.isfinite(lam)) or np.any(lam <= 0):
        raise ValueError("The pace lam must be finite and > 0.")
    if groups is not None:
        codes = _encode_groups(groups, losses.shape[0], per="loss")
        if diversity > 0:
            lam = lam + diversity * _diversity_bonus(losses, codes)
    limit = _REGIMES[regime].pace_limit
    if limit is not None and np.any(lam >= limit):
        raise ValueError(
            f"The {regime} regime needs 0 < lam < {limit:g} "
            f"({_REGIMES[regime].limit_reason}); got a pace of up to "
            f"{float(np.max(lam)):.4g}."
        )
    return _regime_weights(losses, lam, regime, mixture_ratio)


# ---------------------------------------------------------------------------
# The pace of one epoch
# ---------------------------------------------------------------------------


# Warm-up epochs of n_warmup="auto" around a skorch network. A network first
# fits the pattern each class shares and memorises the flipped labels only
# later (Arpit et al. 2017), so its losses separate the mislabelled rows only
# after some epochs; a linear learner is near its optimum after one. Measured
# with 40% asymmetric noise, seeds 0-4 (benchmarks/bench_noise.py --learner
# net, before SelfPacedClassifierCV compared the selection with the network
# alone): 10 warm-up epochs closed 56% (digits) and 70% (make_classification)
# of the gap to the clean-rows oracle, 1 closed 37% and 53%; on breast
# cancer 33% against 41%, within its seed spread.
NETWORK_WARMUP = 10

# Rounds per fraction of epochs_per_fraction="auto" with cross-fitted
# ranking: the rankers re-rank once more on a cleaner selection before the
# pace grows. Measured on digits with 40% asymmetric noise around
# HistGradientBoostingClassifier (seeds 0-4, fraction chosen by 3-fold CV,
# prototype outside the library): one round per fraction closed 41-48% of
# the gap to the clean-rows oracle, two closed 68-76% (at 6.6-7.2x one bare
# fit against 3.4-3.9x).
CROSS_FIT_EPOCHS_PER_FRACTION = 2


def resolve_epochs_per_fraction(epochs_per_fraction, ranking, learner, owner):
    """The epochs per fraction: ``epochs_per_fraction``, or for ``"auto"``
    :data:`CROSS_FIT_EPOCHS_PER_FRACTION` when ``ranking`` resolves to
    cross-fitting for ``learner`` (see ``resolve_ranking``), else 1."""
    if epochs_per_fraction != "auto":
        return epochs_per_fraction
    cross_fit = resolve_ranking(ranking, learner, owner) == "cross_fit"
    return CROSS_FIT_EPOCHS_PER_FRACTION if cross_fit else 1


def resolve_warmup(n_warmup, learner, max_iter):
    """The number of warm-up epochs: ``n_warmup``, or for ``"auto"`` 1, and
    for a skorch network :data:`NETWORK_WARMUP` but at most a third of
    ``max_iter`` (so that a short fit still has its pace)."""
    if n_warmup != "auto":
        return n_warmup
    if not is_network(learner):
        return 1
    return max(1, min(NETWORK_WARMUP, max_iter // 3))


@dataclass(frozen=True)
class _PaceSettings:
    """The estimator's parameters that the pace reads, fixed for one call."""

    regime: str
    pace: str
    lambda_init: object  # float or "auto"
    mu: float
    end_fraction: float
    fraction_step: float
    mixture_ratio: float
    diversity: float
    start_fraction: float
    n_warmup: int
    class_balance: bool
    shuffle: bool
    tol: float | None
    n_iter_no_change: int
    # The fractions a fraction pace selects, one pace epoch each, the last
    # held (SelfPacedClassifierCV passes its candidate grid here).
    schedule: tuple = ()

    @classmethod
    def from_params(cls, params, schedule=None, epochs_per_fraction=1):
        """The settings from ``estimator.get_params()``.

        ``schedule`` defaults to :func:`fraction_schedule` of the parameters;
        each of its fractions is selected for ``epochs_per_fraction`` pace
        epochs.
        """
        values = {f.name: params[f.name] for f in fields(cls) if f.name in params}
        if schedule is None:
            schedule = fraction_schedule(
                params["start_fraction"],
                params["fraction_step"],
                params["end_fraction"],
            )
        schedule = np.repeat(np.asarray(schedule, dtype=float), epochs_per_fraction)
        return cls(**values, schedule=tuple(float(q) for q in schedule))

    @property
    def warms_up(self):
        """Whether the first ``n_warmup`` epochs train on all data.

        A pace set from the losses (a fraction, or ``"auto"``) needs a model
        to measure them with; a float ``lambda_init`` starts at once.
        """
        return self.pace == "fraction" or self.lambda_init == "auto"


@dataclass(frozen=True)
class _PaceData:
    """The training set as the pace sees it (fixed for one call)."""

    y_index: np.ndarray
    n_classes: int
    sample_weight: np.ndarray | None
    group_codes: np.ndarray | None  # with groups (diversity), else None
    # Cross-fitted ranking: each row's part (its losses come from the
    # ranker of its part, so a fraction is taken within each part).
    part: np.ndarray | None = None

    @property
    def positive(self):
        """Examples of positive weight (None: all of them)."""
        return None if self.sample_weight is None else self.sample_weight > 0

    def pace_groups(self, class_balance):
        """Group code per example and number of groups a pace applies to.

        The classes with ``class_balance``, else the whole data set as one.
        """
        if class_balance:
            return self.y_index, self.n_classes
        return np.zeros_like(self.y_index), 1


@dataclass
class _PaceState:
    """What the pace remembers between epochs and between partial_fit calls."""

    lam: float | np.ndarray | None = None  # None until set (auto: after warm-up)
    gamma: float = 0.0
    n_epochs: int = 0  # epochs (fit) or calls (partial_fit) done
    n_pace: int = 0  # epochs of the pace done (the fraction schedule's index)
    complete: bool = False  # every example was selected once (fit only)
    best_loss: float = np.inf
    n_no_improve: int = 0


@dataclass(frozen=True)
class _Selection:
    """What the pace decides for one epoch.

    ``weights`` holds one weight per example (``None``: weight 1 for every
    selected one); ``complete`` says that every example of positive weight
    passed the pace; ``fallback`` that the cold start topped a class up.
    """

    selected: np.ndarray
    weights: np.ndarray | None
    complete: bool
    fallback: bool


def _pace_selection(losses, lam, gamma, data, settings, rng):
    r"""The pace: which examples one epoch trains on, and with which weights.

    Parameters
    ----------
    losses : ndarray of shape (n_samples,)
        Losses of the current model (the uninformed one before epoch 1).
    lam : float or ndarray of shape (n_classes,)
        The pace (per class for an ``"auto"`` pace with ``class_balance``).
    gamma : float
        The current diversity :math:`\gamma` (used with groups).
    data : _PaceData
    settings : _PaceSettings
    rng : numpy.random.RandomState
        Breaks ties of the cold-start fallback.

    Returns
    -------
    _Selection
    """
    lam = lam[data.y_index] if np.ndim(lam) else lam
    if data.group_codes is not None and gamma > 0:
        lam = lam + gamma * _diversity_bonus(losses, data.group_codes)
    weights = _regime_weights(losses, lam, settings.regime, settings.mixture_ratio)
    selected = weights > 0
    positive = data.positive
    # Zero-weight examples need not be selected to complete the pace.
    if np.all(selected if positive is None else selected | ~positive):
        return _Selection(selected, None, complete=True, fallback=False)
    extra = _fallback(losses, selected, gamma, data, settings, rng)
    if extra is None:
        return _Selection(selected, weights, complete=False, fallback=False)
    top_up = _top_up_weight(weights, selected, data, settings)
    weights[extra] = top_up[extra]
    return _Selection(selected | extra, weights, complete=False, fallback=True)


def fraction_schedule(start_fraction, fraction_step, end_fraction):
    """The fractions a fraction pace selects, one per pace epoch.

    ``start_fraction, start_fraction + fraction_step, ...`` while below
    ``end_fraction``, then ``end_fraction`` (held from then on). A start at
    or above the end is the end itself.
    """
    n_steps = max(
        int(np.ceil(round((end_fraction - start_fraction) / fraction_step, 9))), 0
    )
    grid = start_fraction + fraction_step * np.arange(n_steps)
    return np.append(np.round(grid, 12), end_fraction)


def _easiest(losses, fraction, data, settings, rng):
    """The ``fraction`` of lowest losses of each class (of all data without
    ``class_balance``): ``ceil(fraction * n)`` examples of a class of ``n``.

    Zero-weight examples neither count nor are picked; ties are broken at
    random. Returns the selection and, per group, the pace in loss units
    that it amounts to (just above the largest selected loss).

    With cross-fitted ranking (``data.part``) the fraction is taken within
    each part of each class: the losses of two parts come from two rankers,
    and each ranker then keeps every class of the part it trains on.
    """
    codes, n_groups = data.pace_groups(settings.class_balance)
    pace_codes, n_pace_groups = codes, n_groups
    if data.part is not None:
        codes, n_groups = codes * N_PARTS + data.part, n_groups * N_PARTS
    usable = data.positive
    keys = losses if usable is None else np.where(usable, losses, np.inf)
    rank = _within_groups(keys, codes, tiebreak=rng.random_sample(keys.size)).rank
    counts = np.bincount(codes if usable is None else codes[usable], minlength=n_groups)
    # round() first: 0.55 * 120 is 66.00000000000001 in floating point.
    quota = np.ceil(np.round(fraction * counts, 9))
    selected = rank <= quota[codes]
    if usable is not None:
        selected &= usable
    largest = np.full(n_pace_groups, -np.inf)
    np.maximum.at(largest, pace_codes[selected], losses[selected])
    return selected, np.nextafter(largest, np.inf)


def _per_class_or_overall(lam, settings):
    """A per-group pace as stored: per class with ``class_balance``, else one."""
    return lam if settings.class_balance else float(lam[0])


def _fraction_pace(losses, st, data, settings, rng):
    """A pace measured as the fraction of each class selected, lowest loss first.

    Pace epoch ``k`` selects ``schedule[k]`` (the last value from then on);
    the soft regimes weigh the selected examples with the pace in loss units
    that this fraction amounts to.
    """
    fraction = settings.schedule[min(st.n_pace, len(settings.schedule) - 1)]
    selected, lam = _easiest(losses, fraction, data, settings, rng)
    codes, _ = data.pace_groups(settings.class_balance)
    st.lam = _per_class_or_overall(lam, settings)
    weights = None
    if _REGIMES[settings.regime].soft:
        weights = _regime_weights(
            losses, lam[codes], settings.regime, settings.mixture_ratio
        )
        weights = np.where(selected, weights, 0.0)
    complete = st.n_pace >= len(settings.schedule) - 1
    return _Selection(selected, weights, complete=complete, fallback=False), fraction


def _loss_pace(losses, st, data, settings, rng, epochs_left):
    """The textbook pace: ``lambda`` in loss units, annealed by ``mu``.

    With ``end_fraction < 1`` no class is ever selected beyond its
    ``end_fraction`` easiest examples; the pace is complete once it admits
    them all.
    """
    if st.lam is None:
        st.lam = _initial_pace(losses, data, settings, epochs_left)
        st.gamma = float(settings.diversity)
    pace = _pace_selection(losses, st.lam, st.gamma, data, settings, rng)
    if settings.end_fraction >= 1:
        return pace, np.nan
    cap = _easiest(losses, settings.end_fraction, data, settings, rng)[0]
    weights = pace.weights
    if weights is not None:
        weights = np.where(cap, weights, 0.0)
    usable = cap if data.positive is None else cap & data.positive
    complete = bool(np.all(pace.selected | ~usable))
    return _Selection(pace.selected & cap, weights, complete, pace.fallback), np.nan


# A new kind of pace is one entry here: how one pace epoch selects.
_PACES = {"loss": _loss_pace, "fraction": _fraction_pace}

#: Names of the kinds of pace.
PACES = tuple(_PACES)


def _fallback(losses, selected, gamma, data, settings, rng):
    """Cold start: top up short classes to their easiest ``start_fraction``.

    A class (the whole data set without ``class_balance``) whose selected
    examples weigh less than ``start_fraction`` of it trains on its
    easiest ``start_fraction`` instead; returns the examples to add, or
    None. The pace selects the lowest losses, so the union is exactly the
    easiest share, and the selection never shrinks as the pace grows:
    a pace that admits one example of a class that was training on its
    fallback share keeps the share. "Easiest" by loss, ties broken at
    random; with ``sample_weight`` the share is one of the class's total
    weight, and zero-weight examples (absent from the data) are never
    picked.
    """
    sw = data.sample_weight
    usable = data.positive if sw is not None else True
    effective = selected & usable
    codes, n_groups = data.pace_groups(settings.class_balance)
    w = np.ones(codes.size) if sw is None else sw
    total = np.bincount(codes, weights=w, minlength=n_groups)
    quota = settings.start_fraction * total
    have = np.bincount(codes[effective], weights=w[effective], minlength=n_groups)
    if data.group_codes is not None and gamma > 0:
        # With diversity, few examples per group is the point: only a
        # class with nothing selected is topped up.
        short = (have <= 0) & (total > 0)
    else:
        short = (have < quota) & (total > 0)
    if not short.any():
        return None
    keys = np.where(usable, losses, np.inf)
    before = _within_groups(
        keys, codes, sw, tiebreak=rng.random_sample(keys.size)
    ).weight_before
    extra = short[codes] & (before < quota[codes]) & usable & ~selected
    return extra if extra.any() else None


def _top_up_weight(weights, selected, data, settings):
    """Per example: the smallest weight its class gave an example that passed.

    A topped-up example is above the pace, so harder than every example
    that passed it; in the soft regimes it must not weigh more than them.
    A class (the whole data set without ``class_balance``) where nothing
    passed gets 1.
    """
    codes, n_groups = data.pace_groups(settings.class_balance)
    smallest = np.ones(n_groups)
    np.minimum.at(smallest, codes[selected], weights[selected])
    return smallest[codes]


class _QuantilePace(NamedTuple):
    """Per group: the pace just above a loss quantile, and the largest loss."""

    pace: np.ndarray
    largest: np.ndarray


def _quantile_paces(losses, codes, n_groups, data, start_fraction):
    """Per group: just above the ``start_fraction`` weighted quantile.

    Vectorised over groups (one sort, no loop over classes or samples);
    also returns each group's largest loss. Zero-weight examples are
    absent from the data, so they do not count; a group with no example
    gets NaN.
    """
    sw = data.sample_weight
    if sw is not None:
        codes = np.where(data.positive, codes, n_groups)  # a dropped group
    before = _within_groups(losses, codes, sw).weight_before
    w = np.ones(codes.size) if sw is None else sw
    total = np.bincount(codes, weights=w, minlength=n_groups + 1)
    # Inverted CDF: the smallest loss whose cumulative weight reaches q.
    reached = (before + w >= start_fraction * total[codes]) & (codes < n_groups)
    quantile = np.full(n_groups + 1, np.inf)
    np.minimum.at(quantile, codes, np.where(reached, losses, np.inf))
    largest = np.full(n_groups + 1, -np.inf)
    np.maximum.at(largest, codes, losses)
    empty = total[:n_groups] <= 0
    # Just above the quantile, so the quantile itself passes L < lambda.
    lam = np.nextafter(quantile[:n_groups], np.inf)
    lam[empty] = np.nan
    return _QuantilePace(lam, largest[:n_groups])


def _initial_pace(losses, data, settings, epochs_left):
    """The first pace: ``lambda_init``, or the ``"auto"`` quantile pace.

    ``epochs_left`` counts the pace epochs left in ``fit`` (this one
    included); ``None`` when streaming, where the length is unknown.
    """
    if settings.lambda_init != "auto":
        return float(settings.lambda_init)

    def floored(lam, largest):
        if epochs_left is None:
            return lam
        # An overconfident model has most losses at 0, so the quantile is
        # 0 and mu * lambda would never move: start no lower than the
        # pace that reaches the largest loss with n_iter_no_change epochs
        # to spare (the stopping rule's patience), so that training on
        # all data can still converge within max_iter.
        k = max(epochs_left - 1 - settings.n_iter_no_change, 0)
        return np.maximum(lam, largest / settings.mu**k)  # NaN stays NaN

    start = settings.start_fraction
    whole = _quantile_paces(losses, np.zeros_like(data.y_index), 1, data, start)
    overall = floored(whole.pace, whole.largest)
    if not settings.class_balance:
        return float(overall[0])
    # Every class is floored by the largest loss of all: a class whose
    # own losses were all small at warm-up would otherwise get a pace
    # that ends below losses it reaches later, and never complete.
    per_class = _quantile_paces(losses, data.y_index, data.n_classes, data, start)
    lam = floored(per_class.pace, whole.largest)
    # A class absent from the data (or this chunk) gets the overall pace.
    return np.where(np.isnan(lam), overall[0], lam)


# ---------------------------------------------------------------------------
# The strategy handed to the engine
# ---------------------------------------------------------------------------


class _SelfPacedStrategy:
    """Plans one self-paced epoch from the losses of the model as it is.

    ``losses``/``correct`` are the signals of the current model on the
    training set (the uninformed model's before the first epoch); the engine
    refreshes them after every epoch, which is step (1) for the next one.
    """

    def __init__(
        self,
        settings,
        state,
        data,
        *,
        losses,
        correct,
        max_iter,
        streaming,
        stop_when_complete=False,
    ):
        self.settings = settings
        # Cross-fitted ranking: once the pace is complete the rankers have
        # nothing left to decide (the learner is then fitted from scratch on
        # the final selection), so the rounds end.
        self.stop_when_complete = stop_when_complete
        self.state = state
        self.data = data
        self.losses = losses
        self.correct = correct
        self.max_iter = max_iter
        self.streaming = streaming
        self.class_counts = np.bincount(data.y_index, minlength=data.n_classes)
        self.selected = None
        self.phase = None

    def plan(self, epoch, rng):
        settings, st, data = self.settings, self.state, self.data
        last = epoch == self.max_iter - 1
        n = self.losses.shape[0]
        weights = None
        fallback = False
        lam_record = np.nan
        pace_fraction = np.nan
        if settings.warms_up and st.n_epochs < settings.n_warmup:
            self.phase = "warmup"
            selected = np.ones(n, dtype=bool)
        elif st.complete:
            self.phase = "complete"
            if settings.end_fraction < 1:
                # The pace has ended: the easiest end_fraction, re-ranked.
                selected, lam = _easiest(
                    self.losses, settings.end_fraction, data, settings, rng
                )
                if settings.pace == "fraction":
                    st.lam = _per_class_or_overall(lam, settings)
                pace_fraction = settings.end_fraction
            else:
                selected = np.ones(n, dtype=bool)
            lam_record = np.array(st.lam, copy=True) if np.ndim(st.lam) else st.lam
        else:
            select = _PACES[settings.pace]
            if settings.pace == "fraction":
                pace, pace_fraction = select(self.losses, st, data, settings, rng)
            else:
                epochs_left = None if self.streaming else self.max_iter - st.n_epochs
                pace, pace_fraction = select(
                    self.losses, st, data, settings, rng, epochs_left
                )
            st.n_pace += 1
            lam_record = np.array(st.lam, copy=True) if np.ndim(st.lam) else st.lam
            selected, weights, fallback = pace.selected, pace.weights, pace.fallback
            if pace.complete:
                self.phase = "complete"
                st.complete = not self.streaming
            else:
                self.phase = "pace"
        indices = np.flatnonzero(selected)
        if weights is not None:
            weights = weights[indices]
            if np.all(weights == 1.0):
                weights = None  # hard selection: no sample_weight needed
        self.selected = selected
        fraction = np.bincount(
            data.y_index, weights=selected, minlength=data.n_classes
        ) / np.maximum(self.class_counts, 1)
        note = {
            "phase": self.phase,
            "lambda": lam_record,
            "n_selected": int(selected.sum()),
            "fraction_selected": fraction,
            "fallback": fallback,
            "loss_selected": float(self.losses[selected].mean()),
            "loss_all": float(self.losses.mean()),
            "accuracy": (
                np.nan if self.correct is None else float(self.correct.mean())
            ),
        }
        if data.group_codes is not None:
            note["gamma"] = st.gamma if st.lam is not None else np.nan
        if settings.pace == "fraction" or settings.end_fraction < 1:
            note["pace_fraction"] = pace_fraction
        return Plan(
            indices=indices,
            weights=weights,
            # No signal pass after the very last epoch (nobody reads it) nor
            # in streaming mode (the next chunk is scored when it arrives).
            signals=()
            if (last or self.streaming or (self.stop_when_complete and st.complete))
            else ("loss", "correct"),
            shuffle=settings.shuffle,
            note=note,
        )

    def observe(self, epoch, signals, record):
        settings, st = self.settings, self.state
        st.n_epochs += 1
        if self.phase != "warmup" and settings.pace == "loss":
            st.lam = st.lam * settings.mu  # step (4): anneal the pace
            st.gamma *= settings.mu  # SPLD anneals gamma with lambda
        if self.stop_when_complete and st.complete:
            return True
        if not signals:
            return False
        self.losses = signals["loss"]
        self.correct = signals["correct"]
        if not st.complete or settings.tol is None:
            return False
        # After the pace ended: stop like SGD when the training loss (of the
        # examples it keeps: all of them when end_fraction is 1) no longer
        # improves by tol for n_iter_no_change epochs.
        kept = self.selected
        sw = self.data.sample_weight
        loss = float(
            np.average(self.losses[kept], weights=None if sw is None else sw[kept])
        )
        if loss > st.best_loss - settings.tol:
            st.n_no_improve += 1
        else:
            st.n_no_improve = 0
        st.best_loss = min(st.best_loss, loss)
        return st.n_no_improve >= settings.n_iter_no_change


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------


class SelfPacedClassifier(MetaClassifierBase):
    r"""Self-paced learning: the model picks its own easy-to-hard curriculum.

    Each epoch, over any classifier with ``partial_fit`` (for a learner
    without it, a round of ``fit``: see below):

    1. with the model fixed, the loss :math:`L_i` of every training example
       (log loss with ``predict_proba``, else the multiclass hinge loss);
    2. the weights :math:`v_i = v^*(L_i; \lambda)` of the ``regime`` (see
       :func:`self_paced_weights`): ``"hard"`` selects :math:`L_i < \lambda`
       (Kumar et al. 2010), the soft regimes (Jiang et al. 2014) pass
       :math:`v_i` to the learner as ``sample_weight``, multiplied by the
       user's ``sample_weight``;
    3. one epoch of ``partial_fit`` on the selected examples
       (:math:`v_i > 0`), in minibatches;
    4. :math:`\lambda \leftarrow \mu \lambda`.

    An epoch never trains on nothing: while fewer than ``start_fraction`` of
    a class pass the pace, its easiest ``start_fraction`` trains instead (the
    cold start). Once every example is selected, training goes on on all
    data until the training loss stops improving (``tol``,
    ``n_iter_no_change``), as :class:`~sklearn.linear_model.SGDClassifier`
    stops. With the ``"auto"`` pace, a
    :class:`~sklearn.exceptions.ConvergenceWarning` says when ``max_iter`` came
    before the pace selected every example; a float ``lambda_init`` chooses
    the schedule :math:`\lambda_0 \mu^t`, which may stop short on purpose.

    **Learners without partial_fit** (gradient boosting, forests,
    ``LogisticRegression``: any classifier whose ``fit`` takes
    ``sample_weight``) are trained in *rounds*, self-paced learning as the
    alternating minimisation of Kumar et al. (2010): each round is one
    ``fit`` on all rows with the pace's weights as ``sample_weight`` (0 for
    the rows left out, times the user's weights), then steps 1 and 4 as
    above; an epoch of the description is a round. Where the learner has
    ``warm_start``, a round continues the previous model, grown by
    ``round_size`` (self-paced boosting, Pi et al. 2016):

    ==================================  ========================  ============
    learner                             a round grows             ``"auto"``
    ==================================  ========================  ============
    HistGradientBoostingClassifier      ``max_iter`` (trees)      its own / 10
    GradientBoosting-, RandomForest-,   ``n_estimators``          its own / 10
    ExtraTrees-, BaggingClassifier
    LogisticRegression                  ``max_iter``, per round   its own
    ==================================  ========================  ============

    (``LogisticRegression`` starts each round from the previous
    coefficients.) Another learner is refitted from scratch each round. In its clone,
    HistGradientBoostingClassifier's ``early_stopping="auto"`` becomes False
    (a round is a fixed number of trees) and ``l2_regularization=0`` becomes
    0.1 (a row admitted late can be predicted wrong with probability near 1,
    and an unregularised Newton step on it explodes); values set by the user
    are kept. A hard round of HistGradientBoostingClassifier without user
    weights fits a copy of the selected rows, unweighted, instead: with
    weights it bins every feature by weighted percentiles, which made a
    ``SelfPacedClassifierCV`` fit 49x one bare fit on 3,500 rows of
    ``make_classification`` with 40% asymmetric noise, 8.4x with the copy
    (``benchmarks/bench_noise.py --learner hgb``). Such an estimator has no
    ``partial_fit``.

    **Cross-fitted ranking** (``ranking="cross_fit"``, the ``"auto"`` choice
    for HistGradientBoostingClassifier): boosting fits the rows it trains
    on, mislabelled ones included, so their in-sample losses are small and a
    round keeps what it selected first. The rows of each class are dealt at
    random into two halves; two *rankers* (copies of the learner, grown
    round by round as above) each train on the selection within one half
    and give the losses of the other half, which it never trained on
    (cross-fitting, Chernozhukov et al. 2018; out-of-sample label checks as
    in confident learning, Northcutt et al. 2021; two models choosing each
    other's small-loss rows, co-teaching, Han et al. 2018). The pace takes
    its fraction within each half of each class. When the pace is complete
    the rounds end, and ``estimator_`` is the learner fitted once, from
    scratch and with its own parameters, on the final selection
    (``selected_``). Each fraction is held for ``epochs_per_fraction``
    rounds (``"auto"``: 2 here), so that the rankers re-rank once more on
    a cleaner selection before the pace grows. Measured on digits with 40%
    asymmetric noise (seeds 0-4, the fraction chosen by
    :class:`~skcurric.SelfPacedClassifierCV`, ``benchmarks/bench_noise.py
    --learner hgb``): 62% of the gap between the bare learner and the
    clean-rows oracle closed, against 41% with ``ranking="in_sample"``, at
    7.0 times one bare fit against 3.9.

    Read more in the :ref:`User Guide <self_paced>`.

    Parameters
    ----------
    estimator : classifier, default=None
        The learner; ``None`` means ``SGDClassifier(loss="log_loss")``. It is
        cloned, never fitted in place. A learner with ``partial_fit`` is
        trained epoch by epoch; the soft regimes then need a ``partial_fit``
        that takes ``sample_weight``; without one, integer ``sample_weight``
        is applied by repeating rows (MLPClassifier before scikit-learn 1.7).
        A learner without ``partial_fit`` is trained in rounds of ``fit``
        (see above); its ``fit`` must take ``sample_weight``.
    lambda_init : float > 0 or "auto", default="auto"
        The initial pace :math:`\lambda_0`. A float is the pace of epoch 1
        (against the losses of the uninformed model, :math:`\ln K` or 1);
        ``"auto"`` trains ``n_warmup`` epochs on all data, then sets the pace
        just above the ``start_fraction`` quantile of the losses (per class
        with ``class_balance``), floored in ``fit`` so that it can reach the
        largest loss within ``max_iter``. A float is in the learner's loss
        units (log loss with ``predict_proba``, else the multiclass hinge
        loss), so a good value depends on the learner and its scale; a
        ``pace="fraction"`` means the same for every learner.
    mu : float > 1, default=1.3
        Annealing factor of the pace per epoch (``pace="loss"``).
    pace : {"loss", "fraction"}, default="loss"
        What the pace measures. ``"loss"``: a loss threshold
        :math:`\lambda`, started at ``lambda_init`` and annealed by ``mu``
        (the textbook; a float ``lambda_init`` is in the learner's loss
        units, so a good value depends on the learner). ``"fraction"``: the
        fraction of each class selected, lowest loss first under the current
        model and re-ranked every epoch; after ``n_warmup`` epochs on all
        rows it is ``start_fraction``, then grows by ``fraction_step`` per
        epoch up to ``end_fraction`` and is held there (``lambda_init`` and
        ``mu`` are unused). :class:`~skcurric.SelfPacedClassifierCV` chooses
        its ``end_fraction`` by cross-validation.
    end_fraction : float in (0, 1], default=1.0
        Where the pace stops growing: after the warm-up, no epoch trains on
        more than this fraction of each class (of all rows without
        ``class_balance``); the highest losses, re-ranked every epoch, stay
        out. With ``pace="loss"`` it caps the selection of :math:`\lambda`.
        Once the pace reaches it, training goes on with that share until
        ``max_iter`` or the ``tol`` rule.
    fraction_step : float in (0, 1], default=0.05
        Growth of a ``pace="fraction"`` per ``epochs_per_fraction`` epochs.
    epochs_per_fraction : int >= 1 or "auto", default="auto"
        Epochs (rounds) a ``pace="fraction"`` spends at each fraction,
        re-ranked each time, before it grows. ``"auto"``: 2 with
        cross-fitted ranking, else 1.
    ranking : {"auto", "in_sample", "cross_fit"}, default="auto"
        Which losses rank the rows. ``"in_sample"``: the learner's own, on
        every row (the learner as trained so far). ``"cross_fit"``: losses
        of rows that the ranking model never trained on, from two rankers
        trained on halves of the rows (see above); only for a learner
        trained in rounds of ``fit``. ``"auto"``: ``"cross_fit"`` for
        HistGradientBoostingClassifier, else ``"in_sample"``.
    max_iter : int >= 1, default=30
        Maximum number of epochs, warm-up included.
    regime : {"hard", "linear", "log", "mixture"}, default="hard"
        Self-paced regulariser (see :func:`self_paced_weights`).
    mixture_ratio : float in (0, 1), default=0.5
        :math:`\lambda_2 / \lambda_1` of the mixture regime.
    diversity : float >= 0, default=0.0
        :math:`\gamma` of self-paced learning with diversity; used only when
        ``groups`` are passed to ``fit``.
    start_fraction : float in (0, 1], default=0.5
        Fraction of the examples (per class with ``class_balance``) selected
        by the ``"auto"`` pace and by the cold-start fallback.
    n_warmup : int >= 0 or "auto", default="auto"
        Epochs on all data before an ``"auto"`` or fraction pace is set
        (calls of ``partial_fit`` in streaming mode). ``"auto"``: 1, or 10
        (at most ``max_iter // 3``) around a skorch network, which fits what
        each class shares before it memorises flipped labels, so that its
        losses rank the mislabelled rows last only after some epochs (Arpit
        et al. 2017; measured in ``benchmarks/bench_noise.py --learner
        net``). Unused with a float ``lambda_init``.
    class_balance : bool, default=True
        Apply the pace per class: each class has its own ``"auto"`` pace and
        its own cold-start fallback, so no class vanishes from an epoch.
    batch_size : int >= 1 or "auto", default="auto"
        Rows per ``partial_fit`` call; ``"auto"`` takes as many rows as fit in
        a 16 MiB minibatch copy (at least 1,024, at most all): few calls,
        since each has a fixed cost, and a bounded copy.
    shuffle : bool, default=True
        Shuffle the selected examples each epoch (else index order).
    tol : float >= 0 or None, default=1e-3
        Improvement of the training loss below which an epoch counts as no
        improvement, once every example is selected; ``None`` trains to
        ``max_iter``. Unused with cross-fitted ranking, whose rounds end
        when the pace is complete.
    n_iter_no_change : int >= 1, default=5
        Epochs without improvement before stopping.
    round_size : int >= 1 or "auto", default="auto"
        For a ``warm_start`` learner without ``partial_fit``: what one round
        adds (trees of an ensemble, after ``r`` rounds ``r * round_size``;
        solver iterations of ``LogisticRegression``, per round). ``"auto"``:
        see the table above. Unused for a ``partial_fit`` learner.
    random_state : int, RandomState instance or None, default=None
        Seeds the learner's clone, the shuffles and the fallback tie-breaks.
    verbose : int, default=0
        Print one line per epoch when > 0.

    Attributes
    ----------
    estimator_ : classifier
        The fitted clone of ``estimator``.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_iter_ : int
        Epochs run (``fit``), or ``partial_fit`` calls since the first one.
    lambda_ : float or ndarray of shape (n_classes,)
        The pace after the last epoch's annealing (what the next epoch would
        use): one value per class for an ``"auto"`` pace with
        ``class_balance``; NaN if training ended during warm-up.
    selected_ : ndarray of shape (n_samples,) of bool
        Which examples the last epoch trained on (the last chunk's, after
        ``partial_fit``).
    history_ : list of dict
        One row per epoch (``pandas.DataFrame(clf.history_)``): ``epoch``;
        ``phase`` ("warmup", "pace" or "complete"); ``lambda`` (the pace
        used, NaN in warm-up); ``n_selected``; ``fraction_selected`` (ndarray,
        per class); ``fallback`` (cold start used); ``loss_selected`` and
        ``loss_all`` (mean loss of the selected and of all examples) and
        ``accuracy`` (training accuracy), all three measured by the model
        *before* the epoch, the one that made the selection (NaN accuracy
        before the first epoch); ``gamma`` with ``groups``; ``n_updates``
        (examples passed to ``partial_fit``).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during ``fit``, if they are all strings.

    See Also
    --------
    skcurric.self_paced_weights : The regimes' closed-form weights.
    skcurric.DifficultyScorer : Difficulty from training dynamics.

    References
    ----------
    M. P. Kumar, B. Packer, D. Koller. "Self-Paced Learning for Latent
    Variable Models". NeurIPS 2010.

    L. Jiang, D. Meng, T. Mitamura, A. G. Hauptmann. "Easy Samples First:
    Self-paced Reranking for Zero-Example Multimedia Search". ACM MM 2014.

    L. Jiang, D. Meng, S.-I. Yu, Z. Lan, S. Shan, A. G. Hauptmann.
    "Self-Paced Learning with Diversity". NeurIPS 2014 (2014b).

    T. Pi, X. Li, Z. Zhang, D. Meng, F. Wu, J. Xiao, Y. Zhuang. "Self-Paced
    Boost Learning for Classification". IJCAI 2016.

    D. Arpit, S. Jastrzebski, N. Ballas, D. Krueger, E. Bengio, M. S. Kanwal,
    T. Maharaj, A. Fischer, A. Courville, Y. Bengio, S. Lacoste-Julien. "A
    Closer Look at Memorization in Deep Networks". ICML 2017.

    V. Chernozhukov, D. Chetverikov, M. Demirer, E. Duflo, C. Hansen, W.
    Newey, J. Robins. "Double/debiased machine learning for treatment and
    structural parameters". The Econometrics Journal 21(1), 2018.

    C. Northcutt, L. Jiang, I. Chuang. "Confident Learning: Estimating
    Uncertainty in Dataset Labels". JAIR 70, 2021.

    B. Han, Q. Yao, X. Yu, G. Niu, M. Xu, W. Hu, I. Tsang, M. Sugiyama.
    "Co-teaching: Robust Training of Deep Neural Networks with Extremely Noisy
    Labels". NeurIPS 2018.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import Pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skcurric import SelfPacedClassifier
    >>> X, y = make_classification(n_samples=200, random_state=0)

    The write-up's run, ``lambda_init=0.5``: no example of the uninformed
    model (loss ln 2) is under 0.5, so epoch 1 falls back to the easiest half
    of each class, and the pace admits everyone before ``max_iter``.

    >>> clf = SelfPacedClassifier(lambda_init=0.5, mu=1.3, random_state=0)
    >>> clf = clf.fit(X, y)
    >>> clf.history_[0]["n_selected"], clf.history_[0]["fallback"]
    (100, True)
    >>> clf.history_[-1]["phase"]
    'complete'

    Tuning the pace in a pipeline:

    >>> pipe = Pipeline([("scale", StandardScaler()),
    ...                  ("spl", SelfPacedClassifier(random_state=0))])
    >>> grid = {"spl__lambda_init": ["auto", 1.0], "spl__mu": [1.3, 2.0],
    ...         "spl__regime": ["hard", "linear"]}
    >>> search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    >>> sorted(search.best_params_)
    ['spl__lambda_init', 'spl__mu', 'spl__regime']

    Self-paced boosting: rounds of a warm-started gradient boosting, 5 trees
    per class and round (``ranking="in_sample"``: the learner itself grows):

    >>> from sklearn.ensemble import HistGradientBoostingClassifier
    >>> boost = SelfPacedClassifier(HistGradientBoostingClassifier(max_iter=50),
    ...                             pace="fraction", fraction_step=0.1,
    ...                             end_fraction=0.8, max_iter=8, tol=None,
    ...                             ranking="in_sample", random_state=0)
    >>> boost = boost.fit(X, y)
    >>> boost.estimator_.n_iter_
    40

    The default around it cross-fits the ranking: two rankers grow round by
    round, two rounds per fraction (0.5, 0.6, 0.7, 0.8 after one warm-up
    round), and the rounds end when the pace is complete; then the learner is
    fitted once, with its own 50 trees, on the final selection:

    >>> boost = SelfPacedClassifier(HistGradientBoostingClassifier(max_iter=50),
    ...                             pace="fraction", fraction_step=0.1,
    ...                             end_fraction=0.8, random_state=0).fit(X, y)
    >>> boost.n_iter_, boost.estimator_.n_iter_
    (9, 50)
    >>> round(float(boost.selected_.mean()), 1)
    0.8
    """

    _parameter_constraints = {
        # partial_fit: trained epoch by epoch; else fit (with sample_weight):
        # trained in rounds of fit.
        "estimator": [HasMethods(["partial_fit"]), HasMethods(["fit"]), None],
        "lambda_init": [
            StrOptions({"auto"}),
            Interval(Real, 0, None, closed="neither"),
        ],
        "mu": [Interval(Real, 1, None, closed="neither")],
        "pace": [StrOptions(set(PACES))],
        "end_fraction": [Interval(Real, 0, 1, closed="right")],
        "fraction_step": [Interval(Real, 0, 1, closed="right")],
        "epochs_per_fraction": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "ranking": [StrOptions(set(RANKINGS))],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "regime": [StrOptions(set(REGIMES))],
        "mixture_ratio": [Interval(Real, 0, 1, closed="neither")],
        "diversity": [Interval(Real, 0, None, closed="left")],
        "start_fraction": [Interval(Real, 0, 1, closed="right")],
        "n_warmup": [StrOptions({"auto"}), Interval(Integral, 0, None, closed="left")],
        "class_balance": ["boolean"],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "shuffle": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "round_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        lambda_init="auto",
        mu=1.3,
        pace="loss",
        end_fraction=1.0,
        fraction_step=0.05,
        epochs_per_fraction="auto",
        ranking="auto",
        max_iter=30,
        regime="hard",
        mixture_ratio=0.5,
        diversity=0.0,
        start_fraction=0.5,
        n_warmup="auto",
        class_balance=True,
        batch_size="auto",
        shuffle=True,
        tol=1e-3,
        n_iter_no_change=5,
        round_size="auto",
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.lambda_init = lambda_init
        self.mu = mu
        self.pace = pace
        self.end_fraction = end_fraction
        self.fraction_step = fraction_step
        self.epochs_per_fraction = epochs_per_fraction
        self.ranking = ranking
        self.max_iter = max_iter
        self.regime = regime
        self.mixture_ratio = mixture_ratio
        self.diversity = diversity
        self.start_fraction = start_fraction
        self.n_warmup = n_warmup
        self.class_balance = class_balance
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.round_size = round_size
        self.random_state = random_state
        self.verbose = verbose

    @property
    def _learner_method(self):
        # The learner method that receives the weights (metadata routing).
        return "partial_fit" if hasattr(self._learner(), "partial_fit") else "fit"

    # -- the estimator's part of the driver ----------------------------------
    def _check_regime(self, learner):
        """Errors that the regime's rules give before any training."""
        rule = _REGIMES[self.regime]
        limit = rule.pace_limit
        if (
            limit is not None
            and self.pace == "loss"
            and self.lambda_init != "auto"
            and not (self.lambda_init < limit)
        ):
            raise ValueError(
                f"regime={self.regime!r} needs 0 < lambda_init < {limit:g} "
                f"({rule.limit_reason}); got lambda_init={self.lambda_init!r}. "
                "Use a smaller lambda_init or lambda_init='auto'. (When mu grows "
                f"the pace past {limit:g} during training, the {self.regime} "
                f"regime graduates to the {rule.past_limit} one.)"
            )
        # A fit-only learner always takes sample_weight (the driver checks).
        if rule.soft and not accepts_sample_weight(learner, self._learner_method):
            # Fail before training rather than at the first soft epoch.
            raise TypeError(
                f"regime={self.regime!r} passes its weights as sample_weight to "
                f"{type(learner).__name__}.partial_fit, which does not accept it. "
                "Use regime='hard' or a learner whose partial_fit takes "
                "sample_weight."
            )

    def _build(self, run, schedule=None):
        """Checks and the strategy for one ``fit`` or ``partial_fit`` call.

        ``schedule`` replaces the fraction pace's own fractions (the
        candidate path of :class:`SelfPacedClassifierCV`).
        """
        self._check_regime(run.learner if run.first else run.estimator)
        if self.pace == "fraction" and self.diversity > 0:
            raise ValueError(
                f"diversity={self.diversity!r} needs pace='loss': self-paced "
                "learning with diversity raises a loss threshold per group, and "
                "pace='fraction' selects a fraction of each class instead."
            )
        n_classes = run.classes.size
        part = None
        if run.first:
            run.clone_learner()  # its seeds come first from the RNG
            if self._ranking() == "cross_fit":
                sw = run.metadata.get("sample_weight")
                part = split_parts(
                    run.y_index,
                    n_classes,
                    run.rng,
                    positive=None if sw is None else sw > 0,
                    owner=type(self).__name__,
                )
            state = _PaceState()
            losses = np.full(run.n_samples, uninformed_loss(run.learner, n_classes))
            correct = None
        else:
            # Step (1) for this chunk: the current model scores it.
            state = self._pace_state
            signals = compute_signals(
                run.estimator, run.X, run.y_index, run.classes, ("loss", "correct")
            )
            losses, correct = signals["loss"], signals["correct"]
        groups = run.metadata.get("groups")
        sample_weight = run.metadata.get("sample_weight")
        data = _PaceData(
            y_index=run.y_index,
            n_classes=n_classes,
            sample_weight=sample_weight,
            group_codes=None
            if groups is None
            else _encode_groups(groups, run.n_samples),
            part=part,
        )
        max_iter = 1 if run.streaming else self.max_iter
        strategy = _SelfPacedStrategy(
            _PaceSettings.from_params(
                {**self.get_params(deep=False), "n_warmup": self._warmup()},
                schedule,
                self._epochs_per_fraction(),
            ),
            state,
            data,
            losses=losses,
            correct=correct,
            max_iter=max_iter,
            streaming=run.streaming,
            stop_when_complete=part is not None,
        )

        def attributes(result):
            lam = state.lam
            return {
                "selected_": strategy.selected,
                "lambda_": (
                    np.nan
                    if lam is None
                    else (lam.copy() if np.ndim(lam) else float(lam))
                ),
                "_pace_state": state,
            }

        return Training(
            strategy=strategy,
            max_iter=max_iter,
            batch_size=self.batch_size,
            attributes=attributes,
            sample_weight=sample_weight,
            round_size=self.round_size,
            part=part,
        )

    def _ranking(self):
        """``ranking`` resolved for the learner (see ``resolve_ranking``)."""
        return resolve_ranking(self.ranking, self._learner(), type(self).__name__)

    def _epochs_per_fraction(self):
        """``epochs_per_fraction`` as a number (``"auto"`` resolved)."""
        return resolve_epochs_per_fraction(
            self.epochs_per_fraction, self.ranking, self._learner(), type(self).__name__
        )

    def _warmup(self):
        """``n_warmup`` as a number of epochs (``"auto"`` resolved)."""
        return resolve_warmup(self.n_warmup, self._learner(), self.max_iter)

    def _warn_if_not_converged(self):
        r"""Warn when the ``"auto"`` pace failed to admit every example.

        A float ``lambda_init`` sets the schedule :math:`\lambda_0 \mu^t`
        itself, and a schedule that stops short of the hardest examples is a
        choice (to keep mislabelled examples out), not a failure: no warning.
        The ``"auto"`` pace is set to admit everything with
        ``n_iter_no_change`` epochs to spare; when it does not, ``fit`` did
        not converge.
        """
        state = self._pace_state
        if state.complete or (self.pace == "loss" and self.lambda_init != "auto"):
            return
        name = type(self).__name__
        if state.lam is None or (self.pace == "fraction" and state.n_pace == 0):
            message = (
                f"{name} reached max_iter={self.max_iter} while still warming up "
                f"(n_warmup={self._warmup()}), so the pace never started. "
                "Increase max_iter or lower n_warmup."
            )
        elif self.pace == "fraction":
            message = (
                f"{name} reached max_iter={self.max_iter} before the fraction "
                f"pace reached end_fraction={self.end_fraction:g} (it grows by "
                f"fraction_step={self.fraction_step:g} per epoch after "
                f"n_warmup={self._warmup()}). Increase max_iter or fraction_step."
            )
        else:
            message = (
                f"{name} reached max_iter={self.max_iter} before the 'auto' pace "
                "selected every example (the last epoch used "
                f"{self.selected_.mean():.1%} of them): the losses of the "
                "hardest examples grew faster than the pace. Increase max_iter "
                "or mu; or, to keep the hardest examples out on purpose (e.g. "
                "mislabelled ones), set end_fraction, or let "
                "SelfPacedClassifierCV choose it by cross-validation."
            )
        # Past _warn_if_not_converged, fit and its scikit-learn wrapper.
        warnings.warn(message, ConvergenceWarning, stacklevel=4)

    # -- fit -----------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, groups=None):
        """Train the learner with self-paced learning.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights that multiply the self-paced weights :math:`v_i`. Routed
            with metadata routing (``set_fit_request(sample_weight=True)``).
        groups : array-like of shape (n_samples,), default=None
            Group of each example for self-paced learning with diversity
            (with ``diversity > 0``). Routed with metadata routing
            (``set_fit_request(groups=True)``).

        Returns
        -------
        self : SelfPacedClassifier
            The fitted estimator.
        """
        if groups is None and self.diversity > 0:
            warnings.warn(
                f"diversity={self.diversity!r} has no effect: fit got no groups. "
                "Pass groups to fit; in GridSearchCV or cross_validate, which "
                "keep groups for their splitter, enable metadata routing and "
                "call set_fit_request(groups=True).",
                UserWarning,
                stacklevel=3,  # past fit's scikit-learn wrapper, to the caller
            )
        drive(
            self,
            X,
            y,
            build=self._build,
            max_subtasks=self.max_iter,
            fit_only=True,
            sample_weight=sample_weight,
            groups=groups,
        )
        self._warn_if_not_converged()
        return self

    # -- partial_fit -----------------------------------------------------------
    # Streaming needs a learner that trains chunk by chunk; a fit-only one
    # has no partial_fit to go on with, so neither has this estimator.
    @available_if(estimator_has("partial_fit"))
    @_fit_context(prefer_skip_nested_validation=False)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Streaming self-paced learning on one chunk of data.

        Each call scores its chunk with the current model (the uninformed one
        on the first call), trains one pass of ``partial_fit`` on the examples
        under the current pace (with the same regimes, warm-up, class balance
        and cold-start fallback as ``fit``, and training on the whole chunk
        when the pace admits all of it), then anneals
        :math:`\\lambda \\leftarrow \\mu \\lambda`. It can therefore train over
        data that does not fit in memory, chunk by chunk (a memmap, or a Dask
        array built from the files, e.g. with ``dask.array.from_delayed``:
        ``from_array`` copies a memmap into memory). A call after ``fit``
        continues from the fitted pace. A stream
        has no known length, so the ``"auto"`` pace is the plain quantile (no
        budget floor), and a chunk admitted whole does not end the pace for
        the next chunks.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            One chunk of training data.
        y : array-like of shape (n_samples,)
            Its labels, all in ``classes``.
        classes : array-like of shape (n_classes,), default=None
            Every class of the whole stream; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights that multiply the self-paced weights.

        Returns
        -------
        self : SelfPacedClassifier
            The updated estimator.
        """
        if not hasattr(self, "classes_") and self.diversity > 0:
            warnings.warn(
                f"diversity={self.diversity!r} has no effect in partial_fit, which "
                "takes no groups; self-paced learning with diversity needs fit.",
                UserWarning,
                stacklevel=3,  # past partial_fit's scikit-learn wrapper
            )
        drive(
            self,
            X,
            y,
            build=self._build,
            max_subtasks=1,
            streaming=True,
            classes=classes,
            sample_weight=sample_weight,
        )
        return self
