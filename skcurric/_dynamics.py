"""Running statistics of training dynamics, one row of signals per epoch.

Memory is O(n_samples) whatever the number of epochs: each epoch's
``correct`` and, when given, ``margin`` and ``p_true`` (from
:mod:`skcurric._signals`) update counters, sums and a Welford mean/variance,
then are dropped.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

__all__ = ["STATISTICS", "DynamicsStatistic", "TrainingDynamics"]


@dataclass(frozen=True)
class DynamicsStatistic:
    """How one training-dynamics statistic becomes a difficulty score.

    Attributes
    ----------
    signals : tuple of str
        The per-epoch signals it needs (from :mod:`skcurric._signals`): a
        method computes only these, so forgetting costs one prediction pass
        per epoch, not two.
    difficulty : callable
        Maps the dict of :meth:`TrainingDynamics.statistics` to the
        statistic oriented so that higher = harder.
    """

    signals: tuple[str, ...]
    difficulty: Callable[[dict], np.ndarray]


# The registry of training-dynamics methods: DifficultyScorer offers every
# entry as a method, so a new statistic is one entry here (plus its counter in
# TrainingDynamics when it needs a new one).
STATISTICS = {
    # Forgetting also records the margins: they give the AUM that
    # ForgettingPruner breaks ties with (one more prediction pass per epoch,
    # no more training).
    "forgetting": DynamicsStatistic(("correct", "margin"), itemgetter("forgetting")),
    "aum": DynamicsStatistic(("correct", "margin"), lambda s: -s["aum"]),
    "confidence": DynamicsStatistic(
        ("correct", "p_true"), lambda s: 1.0 - s["confidence"]
    ),
    "variability": DynamicsStatistic(("correct", "p_true"), itemgetter("variability")),
    "learned_epoch": DynamicsStatistic(("correct",), itemgetter("learned_epoch")),
}


class TrainingDynamics:
    """Per-sample forgetting, learning epoch, AUM and cartography statistics.

    Definitions (evaluations after epochs ``t = 1 .. T``):

    - forgetting events (Toneva et al. 2019): number of ``t`` with
      ``correct_{t-1} and not correct_t``;
    - learned epoch: the first ``t`` from which the sample stays correct to
      the end (``1 + last t at which it was wrong``);
    - area under the margin (Pleiss et al. 2020): mean of the margin
      ``z_y - max_{k != y} z_k`` over epochs;
    - confidence, variability, correctness (Swayamdipta et al. 2020): mean
      and (population) standard deviation over epochs of ``p(y | x)``, and the
      fraction of epochs in which the sample was classified correctly.
    """

    def __init__(self, n_samples):
        self.n_epochs = 0
        self.forgetting = np.zeros(n_samples, dtype=np.int64)
        self.ever_correct = np.zeros(n_samples, dtype=bool)
        self.last_wrong = np.zeros(n_samples, dtype=np.int64)
        self.n_correct = np.zeros(n_samples, dtype=np.int64)
        self.margin_sum = None
        self.p_mean = self.p_m2 = None
        self._prev_correct = None

    def update(self, signals):
        """Add one epoch's ``correct`` and, if present, ``margin`` and ``p_true``."""
        correct = signals["correct"]
        t = self.n_epochs + 1
        if self._prev_correct is not None:
            self.forgetting += self._prev_correct & ~correct
        self._prev_correct = correct.copy()
        self.ever_correct |= correct
        self.last_wrong[~correct] = t
        self.n_correct += correct
        if "margin" in signals:
            if self.margin_sum is None:
                self.margin_sum = np.zeros(correct.shape[0])
            self.margin_sum += signals["margin"]
        if "p_true" in signals:
            if self.p_mean is None:
                self.p_mean = np.zeros(correct.shape[0])
                self.p_m2 = np.zeros(correct.shape[0])
            delta = signals["p_true"] - self.p_mean
            self.p_mean += delta / t
            self.p_m2 += delta * (signals["p_true"] - self.p_mean)
        self.n_epochs = t
        return self

    @property
    def unforgettable(self):
        """Learned at some epoch and never forgotten (Toneva et al. 2019)."""
        return self.ever_correct & (self.forgetting == 0)

    def statistics(self, never_learned="max"):
        """The raw statistics, as defined in their papers, as a dict of arrays.

        ``aum`` needs margins, ``confidence`` and ``variability`` need ``p_true``;
        each is present only when those signals were given.

        ``aum``, ``confidence`` and ``correctness`` are higher for easier
        samples; :meth:`difficulty` orients them. ``never_learned`` sets the
        forgetting count of samples never classified correctly (``"max"``:
        ``n_epochs``, as in Toneva et al.'s code; ``"inf"``: infinity) and the
        learned epoch of samples still wrong at the last epoch (``"max"``:
        ``n_epochs + 1``; ``"inf"``: infinity).
        """
        T = self.n_epochs
        big = np.inf if never_learned == "inf" else None
        forgetting = self.forgetting.astype(np.float64)
        forgetting[~self.ever_correct] = T if big is None else big
        learned_epoch = (self.last_wrong + 1).astype(np.float64)
        learned_epoch[self.last_wrong == T] = T + 1 if big is None else big
        stats = {
            "forgetting": forgetting,
            "learned_epoch": learned_epoch,
            "correctness": self.n_correct / T,
        }
        if self.margin_sum is not None:
            stats["aum"] = self.margin_sum / T
        if self.p_mean is not None:
            stats["confidence"] = self.p_mean.copy()
            stats["variability"] = np.sqrt(np.maximum(self.p_m2 / T, 0.0))
        return stats

    def difficulty(self, method, never_learned="max"):
        """One statistic oriented so that higher = harder.

        ``aum`` becomes ``-AUM`` and ``confidence`` becomes ``1 - confidence``;
        forgetting, learned epoch and variability are already oriented (see
        :data:`STATISTICS`).
        """
        if method not in STATISTICS:
            raise ValueError(
                f"Unknown training-dynamics statistic {method!r}; expected one of "
                f"{sorted(STATISTICS)}."
            )
        return STATISTICS[method].difficulty(self.statistics(never_learned))
