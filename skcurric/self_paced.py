"""Self-paced learning over any ``partial_fit`` classifier.

The model chooses its own curriculum: before every epoch it scores the whole
training set, keeps (or weights) the examples whose loss is under the pace
``lambda``, trains one epoch on them, and raises the pace ``lambda <- mu *
lambda`` (Kumar, Packer and Koller 2010). :func:`self_paced_weights` holds the
closed-form weights of the regimes (Jiang et al. 2014) as a pure function;
:class:`SelfPacedClassifier` is the estimator, a strategy for the one training
engine of skcurric (:mod:`skcurric._engine`).
"""

import math
import warnings
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ._engine import Plan, auto_batch_size, run_epochs
from ._signals import compute_signals
from .utils._base import MetaClassifierBase
from .utils._callbacks import begin_fit, learner_snapshot
from .utils._learners import (
    accepts_sample_weight,
    check_partial_fit,
    check_sample_weight,
    resolve_balanced_class_weight,
    seeded_clone,
)
from .utils._ranking import rank_within_groups

__all__ = ["SelfPacedClassifier", "self_paced_weights"]

REGIMES = ("hard", "linear", "log", "mixture")


# ---------------------------------------------------------------------------
# The regimes: pure functions
# ---------------------------------------------------------------------------


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
        return ranks, (ranks - 1).astype(np.float64)
    w = weights[order]
    before = np.cumsum(w) - w
    group_start = np.arange(order.size) - rank_sorted
    cum_before = np.empty(keys.shape[0])
    cum_before[order] = before - before[group_start]
    return ranks, cum_before


def _diversity_bonus(losses, group_codes):
    """``1 / (sqrt(r) + sqrt(r - 1))`` for the within-group loss rank ``r``."""
    r = _within_groups(losses, group_codes)[0].astype(np.float64)
    return 1.0 / (np.sqrt(r) + np.sqrt(r - 1.0))


def _regime_weights(losses, lam, regime, mixture_ratio):
    """Closed-form weights, elementwise; ``lam`` is a scalar or per-sample array.

    In the log regime a pace ``lam >= 1`` has no log weight (``zeta <= 0``);
    those samples get the hard weight instead (see SelfPacedClassifier).
    """
    lam = np.broadcast_to(np.asarray(lam, dtype=np.float64), losses.shape)
    below = losses < lam
    if regime == "hard":
        return below.astype(np.float64)
    # Branches not taken may divide by 0 or overflow (a tiny pace); np.where
    # discards them, so their warnings are noise.
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if regime == "linear":
            return np.where(below, 1.0 - losses / lam, 0.0)
        if regime == "log":
            # Past lambda = 1 the log regime graduates to the hard one.
            # log(L + zeta) / log(zeta) with zeta = 1 - lam, via log1p so a
            # tiny pace (zeta rounding to 1) keeps its limit 1 - L / lam.
            soft_pace = lam < 1.0
            lam_soft = np.where(soft_pace, lam, 0.5)
            soft = np.log1p(losses - lam_soft) / np.log1p(-lam_soft)
            return np.where(below, np.where(soft_pace, soft, 1.0), 0.0)
        # mixture: lambda1 = lam, lambda2 = mixture_ratio * lam
        lam2 = mixture_ratio * lam
        zeta = lam * lam2 / (lam - lam2)
        mid = zeta / losses - zeta / lam
        return np.where(losses <= lam2, 1.0, np.where(below, mid, 0.0))


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
    if not np.all(np.isfinite(lam)) or np.any(lam <= 0):
        raise ValueError("The pace lam must be finite and > 0.")
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {REGIMES}; got {regime!r}.")
    if not 0.0 < mixture_ratio < 1.0:
        raise ValueError(f"mixture_ratio must be in (0, 1); got {mixture_ratio!r}.")
    if not diversity >= 0:
        raise ValueError(f"diversity must be >= 0; got {diversity!r}.")
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != losses.shape:
            raise ValueError(
                f"groups must have one entry per loss ({losses.shape[0]}); got "
                f"shape {groups.shape}."
            )
        if diversity > 0:
            codes = np.unique(groups, return_inverse=True)[1].ravel()
            lam = lam + diversity * _diversity_bonus(losses, codes)
    if regime == "log" and np.any(lam >= 1):
        raise ValueError(
            "The log regime needs 0 < lam < 1 (zeta = 1 - lam must be positive); "
            f"got a pace of up to {float(np.max(lam)):.4g}."
        )
    return _regime_weights(losses, lam, regime, mixture_ratio)


# ---------------------------------------------------------------------------
# The strategy handed to the engine
# ---------------------------------------------------------------------------


@dataclass
class _PaceState:
    """What the pace remembers between epochs and between partial_fit calls."""

    lam: float | np.ndarray | None = None  # None until set (auto: after warm-up)
    gamma: float = 0.0
    n_epochs: int = 0  # epochs (fit) or calls (partial_fit) done
    complete: bool = False  # every example was selected once (fit only)
    best_loss: float = np.inf
    n_no_improve: int = 0


class _SelfPacedStrategy:
    """Plans one self-paced epoch from the losses of the model as it is.

    ``losses``/``correct`` are the signals of the current model on the
    training set (the uninformed model's before the first epoch); the engine
    refreshes them after every epoch, which is step (1) for the next one.
    """

    def __init__(
        self,
        spl,
        state,
        *,
        losses,
        correct,
        y_index,
        n_classes,
        sample_weight,
        group_codes,
        max_iter,
        streaming,
        repeats=None,
    ):
        self.spl = spl
        self.repeats = repeats
        self.state = state
        self.losses = losses
        self.correct = correct
        self.y_index = y_index
        self.n_classes = n_classes
        self.sample_weight = sample_weight
        self.group_codes = group_codes
        self.max_iter = max_iter
        self.streaming = streaming
        self.positive = None if sample_weight is None else sample_weight > 0
        self.class_counts = np.bincount(y_index, minlength=n_classes)
        self.signals = ("loss", "correct")
        self.selected = None
        self.phase = None

    # -- pace -------------------------------------------------------------
    def _quantile_paces(self, codes, n_groups):
        """Per group: just above the ``start_fraction`` weighted quantile.

        Vectorised over groups (one sort, no loop over classes or samples);
        also returns each group's largest loss. Zero-weight examples are
        absent from the data, so they do not count; a group with no example
        gets NaN.
        """
        sw = self.sample_weight
        if sw is not None:
            codes = np.where(self.positive, codes, n_groups)  # a dropped group
        _, before = _within_groups(self.losses, codes, sw)
        w = np.ones(codes.size) if sw is None else sw
        total = np.bincount(codes, weights=w, minlength=n_groups + 1)
        # Inverted CDF: the smallest loss whose cumulative weight reaches q.
        reached = (before + w >= self.spl.start_fraction * total[codes]) & (
            codes < n_groups
        )
        quantile = np.full(n_groups + 1, np.inf)
        np.minimum.at(quantile, codes, np.where(reached, self.losses, np.inf))
        largest = np.full(n_groups + 1, -np.inf)
        np.maximum.at(largest, codes, self.losses)
        empty = total[:n_groups] <= 0
        # Just above the quantile, so the quantile itself passes L < lambda.
        lam = np.nextafter(quantile[:n_groups], np.inf)
        lam[empty] = np.nan
        return lam, largest[:n_groups]

    def _initial_pace(self):
        spl = self.spl
        if spl.lambda_init != "auto":
            return float(spl.lambda_init)
        # Pace epochs left in fit (this one included); unknown when streaming.
        left = None if self.streaming else self.max_iter - self.state.n_epochs

        def floored(lam, largest):
            if left is None:
                return lam
            # An overconfident model has most losses at 0, so the quantile is
            # 0 and mu * lambda would never move: start no lower than the
            # pace that reaches the largest loss with n_iter_no_change epochs
            # to spare (the stopping rule's patience), so that training on
            # all data can still converge within max_iter.
            k = max(left - 1 - spl.n_iter_no_change, 0)
            return np.maximum(lam, largest / spl.mu**k)  # NaN stays NaN

        quantile, largest = self._quantile_paces(np.zeros_like(self.y_index), 1)
        overall = floored(quantile, largest)
        if not spl.class_balance:
            return float(overall[0])
        # Every class is floored by the largest loss of all: a class whose
        # own losses were all small at warm-up would otherwise get a pace
        # that ends below losses it reaches later, and never complete.
        lam = floored(self._quantile_paces(self.y_index, self.n_classes)[0], largest)
        # A class absent from the data (or this chunk) gets the overall pace.
        return np.where(np.isnan(lam), overall[0], lam)

    def _pace_groups(self):
        """Group code per example and number of groups that a pace applies to.

        The classes with ``class_balance``, else the whole data set as one.
        """
        if self.spl.class_balance:
            return self.y_index, self.n_classes
        return np.zeros_like(self.y_index), 1

    def _fallback(self, selected):
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
        spl = self.spl
        usable = self.positive if self.positive is not None else True
        effective = selected & usable
        codes, n_groups = self._pace_groups()
        w = np.ones(codes.size) if self.sample_weight is None else self.sample_weight
        total = np.bincount(codes, weights=w, minlength=n_groups)
        quota = spl.start_fraction * total
        have = np.bincount(codes[effective], weights=w[effective], minlength=n_groups)
        if self.group_codes is not None and self.state.gamma > 0:
            # With diversity, few examples per group is the point: only a
            # class with nothing selected is topped up.
            short = (have <= 0) & (total > 0)
        else:
            short = (have < quota) & (total > 0)
        if not short.any():
            return None
        keys = np.where(usable, self.losses, np.inf)
        _, before = _within_groups(
            keys, codes, self.sample_weight, tiebreak=self._rng.random_sample(keys.size)
        )
        extra = short[codes] & (before < quota[codes]) & usable & ~selected
        return extra if extra.any() else None

    def _top_up_weight(self, weights, selected):
        """Per example: the smallest weight its class gave an example that passed.

        A topped-up example is above the pace, so harder than every example
        that passed it; in the soft regimes it must not weigh more than them.
        A class (the whole data set without ``class_balance``) where nothing
        passed gets 1.
        """
        codes, n_groups = self._pace_groups()
        smallest = np.ones(n_groups)
        np.minimum.at(smallest, codes[selected], weights[selected])
        return smallest[codes]

    def plan(self, epoch, rng):
        spl, st = self.spl, self.state
        self._rng = rng
        last = epoch == self.max_iter - 1
        # No signal pass after the very last epoch (nobody reads it) nor in
        # streaming mode (the next chunk is scored when it arrives).
        self.signals = () if (last or self.streaming) else ("loss", "correct")
        n = self.losses.shape[0]
        weights = None
        fallback = False
        lam_record = np.nan
        if spl.lambda_init == "auto" and st.n_epochs < spl.n_warmup:
            self.phase = "warmup"
            selected = np.ones(n, dtype=bool)
        elif st.complete:
            self.phase = "complete"
            selected = np.ones(n, dtype=bool)
            lam_record = np.array(st.lam, copy=True) if np.ndim(st.lam) else st.lam
        else:
            if st.lam is None:
                st.lam = self._initial_pace()
                st.gamma = float(spl.diversity)
            lam_record = np.array(st.lam, copy=True) if np.ndim(st.lam) else st.lam
            lam = st.lam[self.y_index] if np.ndim(st.lam) else st.lam
            if self.group_codes is not None and st.gamma > 0:
                lam = lam + st.gamma * _diversity_bonus(self.losses, self.group_codes)
            weights = _regime_weights(self.losses, lam, spl.regime, spl.mixture_ratio)
            selected = weights > 0
            # Zero-weight examples need not be selected to complete the pace.
            if np.all(selected if self.positive is None else selected | ~self.positive):
                self.phase = "complete"
                weights = None
                st.complete = not self.streaming
            else:
                self.phase = "pace"
                extra = self._fallback(selected)
                if extra is not None:
                    fallback = True
                    weights[extra] = self._top_up_weight(weights, selected)[extra]
                    selected |= extra
        indices = np.flatnonzero(selected)
        if weights is not None and np.all(weights[indices] == 1.0):
            weights = None  # hard selection: no sample_weight needed
        if self.repeats is not None:
            # Integer user weights for a learner without sample_weight: an
            # example of weight w is seen w times (0: not at all).
            indices = np.repeat(indices, self.repeats[indices])
        if spl.shuffle:
            indices = rng.permutation(indices)
        if weights is not None:
            weights = weights[indices]
        self.selected = selected
        n_sel = int(selected.sum())
        fraction = np.bincount(
            self.y_index, weights=selected, minlength=self.n_classes
        ) / np.maximum(self.class_counts, 1)
        note = {
            "phase": self.phase,
            "lambda": lam_record,
            "n_selected": n_sel,
            "fraction_selected": fraction,
            "fallback": fallback,
            "loss_selected": float(self.losses[selected].mean()),
            "loss_all": float(self.losses.mean()),
            "accuracy": (
                np.nan if self.correct is None else float(self.correct.mean())
            ),
        }
        if self.group_codes is not None:
            note["gamma"] = st.gamma if st.lam is not None else np.nan
        return Plan(indices=indices, weights=weights, note=note)

    def observe(self, epoch, signals, record):
        spl, st = self.spl, self.state
        st.n_epochs += 1
        if self.phase != "warmup":
            st.lam = st.lam * spl.mu  # step (4): anneal the pace
            st.gamma *= spl.mu  # SPLD anneals gamma with lambda
        if not signals:
            return False
        self.losses = signals["loss"]
        self.correct = signals["correct"]
        if not st.complete or spl.tol is None:
            return False
        # After the pace admitted everyone: stop like SGD when the training
        # loss no longer improves by tol for n_iter_no_change epochs.
        loss = float(np.average(self.losses, weights=self.sample_weight))
        if loss > st.best_loss - spl.tol:
            st.n_no_improve += 1
        else:
            st.n_no_improve = 0
        st.best_loss = min(st.best_loss, loss)
        return st.n_no_improve >= spl.n_iter_no_change


def _uninformed_loss(learner, n_classes):
    """Loss of a model that scores every class alike (no model yet).

    ``ln K`` (log loss of uniform probabilities) for a learner with
    ``predict_proba``; ``1`` (hinge loss at margin 0) otherwise, matching
    the loss :func:`skcurric._signals.compute_signals` uses for that learner.
    """
    return math.log(n_classes) if hasattr(learner, "predict_proba") else 1.0


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------


class SelfPacedClassifier(MetaClassifierBase):
    r"""Self-paced learning: the model picks its own easy-to-hard curriculum.

    Each epoch, over any classifier with ``partial_fit``:

    1. with the model fixed, the loss :math:`L_i` of every training example
       (log loss with ``predict_proba``, else the multiclass hinge loss);
    2. the weights :math:`v_i = v^*(L_i; \lambda)` of the ``regime`` (see
       :func:`self_paced_weights`): ``"hard"`` selects :math:`L_i < \lambda`
       (Kumar et al. 2010), the soft regimes ``"linear"``, ``"log"``,
       ``"mixture"`` (Jiang et al. 2014) pass :math:`v_i` to the learner as
       ``sample_weight``, multiplied by the user's ``sample_weight``;
    3. one epoch of ``partial_fit`` on the selected examples
       (:math:`v_i > 0`), in minibatches;
    4. :math:`\lambda \leftarrow \mu \lambda`.

    This is alternating minimisation of :math:`\sum_i v_i L_i(w) -
    \lambda \sum_i v_i` (hard regime) over the model :math:`w` and the
    weights :math:`v`.

    **The initial pace.** A float ``lambda_init`` keeps the textbook
    semantics exactly: epoch 1 uses :math:`\lambda_0` = ``lambda_init`` and
    epoch :math:`t` uses :math:`\lambda_0 \mu^{t-1}`. Before the first epoch
    there is no model, so the losses are those of the *uninformed* model that
    scores every class alike: :math:`\ln K` for a learner with
    ``predict_proba`` (:math:`K` classes), :math:`1` (hinge loss at margin 0)
    otherwise. With ``lambda_init="auto"`` (default), the first ``n_warmup``
    epochs train on all data, then :math:`\lambda` is set just above the
    ``start_fraction`` quantile of the losses (weighted by
    ``sample_weight``), per class when ``class_balance``, so that this
    fraction is selected: the initialisation used in practice by Kumar et al.
    and Jiang et al. In ``fit`` that pace is floored at
    :math:`\max_i L_i / \mu^{T - 1 - n}`, with :math:`T` the epochs left and
    :math:`n` = ``n_iter_no_change``: an overconfident learner (SGD) fits
    most examples with a loss of numerically 0, so the quantile is 0 and
    :math:`\mu^t \lambda` would never move; the floor lets the pace reach
    the largest loss with ``n_iter_no_change`` epochs on all data to spare
    (the largest of all examples, also for per-class paces; losses move as
    the model trains, so this is not a guarantee, and ``fit`` warns when an
    example was never admitted). (With ``n_warmup=0`` the uninformed
    losses are all equal, every example passes and training is ordinary.)

    **Cold start.** An epoch never trains on nothing. While fewer than
    ``start_fraction`` of the examples pass the pace, the easiest
    ``start_fraction`` of them train instead (ties broken at random), and
    the epoch's row of ``history_`` says ``fallback=True``. With
    ``class_balance=True`` the pace is applied per class: each class has its
    own pace under ``"auto"``, and any class with fewer than
    ``start_fraction`` of its examples selected gets the fallback for that
    class alone, so no class vanishes from an epoch. For the same losses,
    the selection thus never shrinks as :math:`\lambda` grows (between
    epochs the losses change, so it can). In the soft regimes a topped-up
    example gets the smallest weight given to an example of its class that
    passed the pace (1 if none did), so a harder example never weighs more
    than an easier one. (With ``diversity``, where a few examples per group
    is the point, only a class with no example selected gets the
    fallback.)

    **End of the pace.** Once every example is selected, the curriculum is
    over: from then on the model trains on all data with full weight until
    ``max_iter`` or until the training loss (mean of :math:`L_i`, weighted
    by ``sample_weight``) has not improved by ``tol`` for
    ``n_iter_no_change`` epochs, as :class:`~sklearn.linear_model.SGDClassifier`
    stops, so on clean data it ends where plain training ends. A
    :class:`~sklearn.exceptions.ConvergenceWarning` is raised when
    ``max_iter`` is reached before every example was selected.

    **The log regime** needs :math:`0 < \lambda < 1` (:math:`\zeta = 1 -
    \lambda > 0`); a float ``lambda_init >= 1`` is an error. When the pace
    reaches 1 (annealed by :math:`\mu`, or an ``"auto"`` quantile at or above
    1), the log weight is undefined and, as :math:`\lambda \to 1^-`, it
    shrinks to 0 for every :math:`L > 0`; from then on the examples with
    :math:`L < \lambda` get weight 1, i.e. the log regime graduates to the
    hard one.

    **Label noise.** Mislabelled examples keep a high loss, so the pace leaves
    them out, until it admits everything; the default ``"auto"`` pace does so
    ``n_iter_no_change`` epochs before ``max_iter``, after which the noise is
    trained on too. Under heavy noise it comes much earlier: when the
    mislabelled examples and those the warm-up model still gets wrong make up
    about ``start_fraction`` of a class, the start pace already lies at the edge
    of the mislabelled losses (on digits with 40% noise, 25.5 against a median
    of 172, which :math:`\mu = 1.3` passes in about 7 epochs). To keep the noise
    out for the whole budget, use a smaller float ``lambda_init`` chosen by
    cross-validation (as in the example below;
    ``benchmarks/bench_self_paced.py`` measures both). The same benchmark shows
    that plain SGD with its ``alpha`` tuned by the same cross-validation does
    about as well: self-paced learning is a way to get noise robustness without
    tuning the regulariser.

    **Diversity.** With ``groups`` passed to ``fit`` and ``diversity``
    :math:`\gamma > 0`, each example's pace is :math:`\lambda + \gamma /
    (\sqrt{r} + \sqrt{r-1})` with :math:`r` its loss rank in its group:
    self-paced learning with diversity (Jiang et al. 2014b), :math:`\gamma`
    annealed by :math:`\mu` like :math:`\lambda`.

    Parameters
    ----------
    estimator : classifier with partial_fit, default=None
        The learner; ``None`` means ``SGDClassifier(loss="log_loss")``. It is
        cloned, never fitted in place. The soft regimes need a ``partial_fit``
        that takes ``sample_weight``; without one, integer ``sample_weight``
        is applied by repeating rows (MLPClassifier before scikit-learn 1.7).
    lambda_init : float > 0 or "auto", default="auto"
        The initial pace :math:`\lambda_0` (see above).
    mu : float > 1, default=1.3
        Annealing factor of the pace per epoch.
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
    n_warmup : int >= 0, default=1
        Epochs on all data before an ``"auto"`` pace is set (calls of
        ``partial_fit`` in streaming mode). Unused with a float
        ``lambda_init``.
    class_balance : bool, default=True
        Apply the pace per class (see above).
    batch_size : int >= 1 or "auto", default="auto"
        Rows per ``partial_fit`` call; ``"auto"`` takes as many rows as fit in
        a 16 MiB minibatch copy (at least 1,024, at most all): few calls,
        since each has a fixed cost, and a bounded copy.
    shuffle : bool, default=True
        Shuffle the selected examples each epoch (else index order).
    tol : float >= 0 or None, default=1e-3
        Improvement of the training loss below which an epoch counts as no
        improvement, once every example is selected; ``None`` trains to
        ``max_iter``.
    n_iter_no_change : int >= 1, default=5
        Epochs without improvement before stopping.
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
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["partial_fit"]), None],
        "lambda_init": [
            StrOptions({"auto"}),
            Interval(Real, 0, None, closed="neither"),
        ],
        "mu": [Interval(Real, 1, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "regime": [StrOptions(set(REGIMES))],
        "mixture_ratio": [Interval(Real, 0, 1, closed="neither")],
        "diversity": [Interval(Real, 0, None, closed="left")],
        "start_fraction": [Interval(Real, 0, 1, closed="right")],
        "n_warmup": [Interval(Integral, 0, None, closed="left")],
        "class_balance": ["boolean"],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "shuffle": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        lambda_init="auto",
        mu=1.3,
        max_iter=30,
        regime="hard",
        mixture_ratio=0.5,
        diversity=0.0,
        start_fraction=0.5,
        n_warmup=1,
        class_balance=True,
        batch_size="auto",
        shuffle=True,
        tol=1e-3,
        n_iter_no_change=5,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.lambda_init = lambda_init
        self.mu = mu
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
        self.random_state = random_state
        self.verbose = verbose

    # -- helpers -----------------------------------------------------------
    def _check_log_regime(self):
        if (
            self.regime == "log"
            and self.lambda_init != "auto"
            and not self.lambda_init < 1
        ):
            raise ValueError(
                "regime='log' needs 0 < lambda_init < 1 (zeta = 1 - lambda must be "
                f"positive); got lambda_init={self.lambda_init!r}. Use a smaller "
                "lambda_init or lambda_init='auto'. (When mu grows the pace past "
                "1 during training, the log regime graduates to the hard one.)"
            )

    def _batch_size(self, X, repeats):
        if self.batch_size != "auto":
            return self.batch_size
        auto = auto_batch_size(X)  # the engine's rule: a <= 16 MiB minibatch
        if repeats is None:
            return auto
        # Rows repeated for integer weights: size the batch on the rows an
        # epoch really has, as for the repeated data (the engine's rule is
        # min(n, cap) with cap >= 1024; when X fits one batch, the cap is only
        # known to be >= max(n, 1024), a safe lower bound).
        n_rows = int(repeats.sum())
        return min(n_rows, auto if auto < X.shape[0] else max(X.shape[0], 1024))

    def _make_strategy(
        self,
        state,
        classes,
        y_index,
        losses,
        correct,
        sw,
        groups,
        *,
        max_iter,
        streaming,
        repeats=None,
    ):
        return _SelfPacedStrategy(
            self,
            state,
            losses=losses,
            correct=correct,
            y_index=y_index,
            n_classes=classes.size,
            sample_weight=sw,
            group_codes=groups,
            max_iter=max_iter,
            streaming=streaming,
            repeats=repeats,
        )

    def _learner_weights(self, learner, sample_weight):
        """Weights for the engine, and row repeats standing in for them.

        A learner whose ``partial_fit`` takes no ``sample_weight``
        (MLPClassifier before scikit-learn 1.7) can still honour integer
        weights: an example of weight w is repeated w times. Other weights,
        and the soft regimes (their weights are sample weights), are a
        TypeError, raised before any training.
        """
        if accepts_sample_weight(learner):
            return sample_weight, None
        if self.regime != "hard":
            # Fail before training rather than at the first soft epoch.
            raise TypeError(
                f"regime={self.regime!r} passes its weights as sample_weight to "
                f"{type(learner).__name__}.partial_fit, which does not accept it. "
                "Use regime='hard' or a learner whose partial_fit takes "
                "sample_weight."
            )
        if sample_weight is None:
            return None, None
        if not np.all(sample_weight == np.floor(sample_weight)):
            raise TypeError(
                f"{type(learner).__name__}.partial_fit takes no sample_weight, so "
                f"{type(self).__name__} can apply only integer sample weights (by "
                "repeating rows); got non-integer weights. Use a learner whose "
                "partial_fit takes sample_weight."
            )
        return None, sample_weight.astype(np.intp)

    def _finish(self, strategy, result, *, append):
        state = strategy.state
        self.selected_ = strategy.selected
        if append:
            self.history_.extend(result.history)  # no copy per streamed chunk
        else:
            self.history_ = result.history
        self.n_iter_ = (self.n_iter_ if append else 0) + result.n_iter
        if state.lam is None:
            self.lambda_ = np.nan
        else:
            self.lambda_ = state.lam.copy() if np.ndim(state.lam) else float(state.lam)

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
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_training_data(X, y)
        n = X.shape[0]
        meta = self._fit_metadata(n, sample_weight=sample_weight, groups=groups)
        sw = meta.get("sample_weight")
        group_codes = None
        if "groups" in meta:
            groups = np.asarray(meta["groups"])
            if groups.ndim != 1 or groups.shape[0] != n:
                raise ValueError(
                    f"groups must have one entry per sample: X has {n} samples, "
                    f"groups has shape {groups.shape}."
                )
            group_codes = np.unique(groups, return_inverse=True)[1].ravel()
        elif self.diversity > 0:
            warnings.warn(
                f"diversity={self.diversity!r} has no effect: fit got no groups. "
                "Pass groups to fit; in GridSearchCV or cross_validate, which "
                "keep groups for their splitter, enable metadata routing and "
                "call set_fit_request(groups=True).",
                UserWarning,
                stacklevel=3,  # past fit's scikit-learn wrapper, to the caller
            )
        self._check_log_regime()
        learner = check_partial_fit(self._learner(), type(self).__name__)

        rng = check_random_state(self.random_state)
        estimator = seeded_clone(learner, rng)
        resolve_balanced_class_weight(estimator, y_index, classes)
        state = _PaceState()
        losses = np.full(n, _uninformed_loss(estimator, classes.size))
        engine_sw, repeats = self._learner_weights(estimator, sw)
        strategy = self._make_strategy(
            state,
            classes,
            y_index,
            losses,
            None,
            sw,
            group_codes,
            max_iter=self.max_iter,
            streaming=False,
            repeats=repeats,
        )
        hooks = begin_fit(
            self,
            X_in,
            y_in,
            max_subtasks=self.max_iter,
            fitted_attributes=learner_snapshot(estimator, classes),
        )
        result = run_epochs(
            estimator,
            X,
            y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=self.max_iter,
            batch_size=self._batch_size(X, repeats),
            rng=rng,
            sample_weight=engine_sw,
            first_call=True,
            verbose=self.verbose,
            owner=type(self).__name__,
            hooks=hooks,
        )
        hooks.end()
        # Stored only now: a fit that raised leaves no half-fitted state.
        self.estimator_, self.classes_ = estimator, classes
        self._pace_state, self._rng = state, rng
        self._finish(strategy, result, append=False)
        if not state.complete:
            where = (
                "while still warming up (max_iter <= n_warmup)"
                if state.lam is None
                else f"(the last epoch used {strategy.selected.mean():.1%} of them)"
            )
            warnings.warn(
                f"{type(self).__name__} reached max_iter={self.max_iter} before the "
                f"pace selected every example {where}. Increase max_iter or mu, "
                "or set a larger lambda_init.",
                ConvergenceWarning,
                stacklevel=3,  # past fit's scikit-learn wrapper, to the caller
            )
        return self

    # -- partial_fit -----------------------------------------------------------
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
        first = not hasattr(self, "_pace_state")
        name = type(self).__name__
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_chunk(X, y, classes, first=first)
        n = X.shape[0]
        sw = check_sample_weight(sample_weight, n)
        self._check_log_regime()
        if first and self.diversity > 0:
            warnings.warn(
                f"diversity={self.diversity!r} has no effect in partial_fit, which "
                "takes no groups; self-paced learning with diversity needs fit.",
                UserWarning,
                stacklevel=3,  # past partial_fit's scikit-learn wrapper
            )
        if first:
            # Built locally, stored only once the first call has succeeded, so
            # a failed first call leaves the estimator unfitted.
            learner = check_partial_fit(self._learner(), name)
            rng = check_random_state(self.random_state)
            estimator = seeded_clone(learner, rng)
            state = _PaceState()
            losses = np.full(n, _uninformed_loss(estimator, classes.size))
            correct = None
        else:
            rng, estimator, state = self._rng, self.estimator_, self._pace_state
        if not first:
            # Step (1) for this chunk: the current model scores it.
            sig = compute_signals(estimator, X, y_index, classes, ("loss", "correct"))
            losses, correct = sig["loss"], sig["correct"]
        engine_sw, repeats = self._learner_weights(estimator, sw)
        strategy = self._make_strategy(
            state,
            classes,
            y_index,
            losses,
            correct,
            sw,
            None,
            max_iter=1,
            streaming=True,
            repeats=repeats,
        )
        hooks = begin_fit(
            self,
            X_in,
            y_in,
            max_subtasks=1,
            fitted_attributes=learner_snapshot(estimator, classes),
        )
        result = run_epochs(
            estimator,
            X,
            y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=1,
            batch_size=self._batch_size(X, repeats),
            rng=rng,
            sample_weight=engine_sw,
            first_call=first,
            verbose=self.verbose,
            owner=name,
            hooks=hooks,
        )
        hooks.end()
        if first:
            self.estimator_, self.classes_ = estimator, classes
            self._rng, self._pace_state = rng, state
        else:
            # Rows of a stream count on from the previous calls.
            for row in result.history:
                row["epoch"] += self.n_iter_
        self._finish(strategy, result, append=not first)
        return self
