"""What every skcurric meta-estimator needs to know about the learner it wraps.

One place for: the default learner, the ``partial_fit`` check (and the check
of a learner trained in rounds of ``fit``), whether a method takes
``sample_weight``, how a ``warm_start`` learner grows from one round to the
next, seeding a clone, delegation with ``available_if``, tags copied from the
learner, and sample-weight validation.
"""

import inspect
import math
from dataclasses import dataclass
from numbers import Real

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.ensemble import (
    BaggingClassifier,
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.utils import check_random_state, get_tags
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    has_fit_parameter,
)

from ._networks import is_network

__all__ = [
    "GROWTH",
    "RANKINGS",
    "Growth",
    "accepts_sample_weight",
    "check_partial_fit",
    "check_round_learner",
    "check_sample_weight",
    "copy_learner_tags",
    "default_learner",
    "estimator_has",
    "resolve_balanced_class_weight",
    "resolve_ranking",
    "round_growth",
    "seeded_clone",
]


def default_learner():
    """The learner used when ``estimator=None``: logistic-loss SGD.

    ``log_loss`` gives calibrated-enough probabilities for per-sample losses,
    EL2N and cartography, and ``partial_fit`` for epoch-by-epoch training.
    """
    return SGDClassifier(loss="log_loss")


def check_partial_fit(estimator, owner):
    """Raise a TypeError naming the learner when it has no ``partial_fit``."""
    if not hasattr(estimator, "partial_fit"):
        raise TypeError(
            f"{owner} trains epoch by epoch and needs a classifier with "
            f"partial_fit; {type(estimator).__name__} has none. Use e.g. "
            "SGDClassifier, Perceptron, MLPClassifier, MultinomialNB or "
            "BernoulliNB."
        )
    if not is_classifier(estimator):
        # A regressor's partial_fit takes no classes=: say so before training.
        raise TypeError(
            f"{owner} needs a classifier; {type(estimator).__name__} is not one "
            "(scikit-learn's is_classifier says no)."
        )
    return estimator


def check_round_learner(estimator, owner):
    """Check a learner that ``owner`` trains in rounds of ``fit``; return it.

    A learner with ``partial_fit`` passes as it is (it is trained epoch by
    epoch). Any other classifier needs a ``fit`` that takes
    ``sample_weight``: a round's selection reaches it as weights (0 for the
    rows left out), so ``X`` is never copied. Otherwise a TypeError names the
    learner and says what is needed.
    """
    if not is_classifier(estimator):
        raise TypeError(
            f"{owner} needs a classifier; {type(estimator).__name__} is not one "
            "(scikit-learn's is_classifier says no)."
        )
    if hasattr(estimator, "partial_fit"):
        return estimator
    # has_fit_parameter, not a **kwargs signature: Pipeline.fit takes
    # **params but refuses an unrouted sample_weight (after a first round).
    if not has_fit_parameter(estimator, "sample_weight"):
        raise TypeError(
            f"{owner} trains a learner without partial_fit in rounds of fit, each "
            "on the rows the pace selects passed as sample_weight (0 for the "
            f"others); {type(estimator).__name__}.fit takes no sample_weight. Use "
            "a classifier whose fit takes sample_weight (e.g. "
            "HistGradientBoostingClassifier, RandomForestClassifier, "
            "LogisticRegression) or one with partial_fit."
        )
    return estimator


@dataclass(frozen=True)
class Growth:
    """How a ``warm_start`` learner goes on from one round of ``fit`` to the next.

    Attributes
    ----------
    param : str
        The learner's parameter that a round sets.
    unit : str
        What ``param`` counts (for the docs and messages).
    cumulative : bool
        True: ``param`` counts the whole model (trees of an ensemble), so
        round ``r`` (1-based) sets it to ``r * round_size`` and each round
        adds ``round_size`` to the model already fitted. False: ``param`` is
        a budget of one ``fit`` call (solver iterations), set to
        ``round_size`` once; ``warm_start`` starts each call from the
        previous solution.
    auto_divisor : int
        ``round_size="auto"`` is the learner's own value of ``param``
        divided by this (rounded up, at least 1).
    cross_fit_divisor : float or None
        The same for the rankers of cross-fitted ranking (None:
        ``auto_divisor``).
    copy_rows : bool
        True: a round that selects rows with whole weights (the hard regime,
        no user ``sample_weight``) fits the learner on a copy of those rows,
        unweighted, instead of on all rows with the selection as weights:
        for a learner whose weighted ``fit`` costs far more than a copy of
        the selected rows (see :data:`GROWTH`).
    """

    param: str
    unit: str
    cumulative: bool
    auto_divisor: int = 1
    cross_fit_divisor: float | None = None
    # {parameter: (value left at, value used in rounds)}: see prepare_rounds.
    round_defaults: tuple = ()
    copy_rows: bool = False

    def auto_size(self, estimator, cross_fit=False):
        """The ``"auto"`` round size for ``estimator`` (a ranker's with
        ``cross_fit``)."""
        own = int(estimator.get_params()[self.param])
        divisor = self.auto_divisor
        if cross_fit and self.cross_fit_divisor is not None:
            divisor = self.cross_fit_divisor
        return max(1, math.ceil(own / divisor))


_ENSEMBLE = Growth("n_estimators", "estimators", cumulative=True, auto_divisor=10)

# The growth of each warm_start learner, by class (subclasses included); a new
# learner is one entry. Boosting and forests add trees per round (one tenth of
# the learner's own number by default); LogisticRegression starts each round's
# solve from the previous coefficients, with its own max_iter per round.
# HistGradientBoostingClassifier copies the selected rows: with sample_weight
# (scikit-learn >= 1.7) it bins every feature of more than max_bins distinct
# values by 254 weighted percentiles, each a sort of the column, which took
# 47.6 s of a 54 s SelfPacedClassifierCV fit on make_classification (3,500 x
# 20); on a copy of the selected rows, the unweighted binning is one sort.
GROWTH = (
    (
        HistGradientBoostingClassifier,
        Growth(
            "max_iter",
            "boosting iterations",
            cumulative=True,
            auto_divisor=10,
            # Rankers: 8 trees per class and round for the default 100, two
            # rounds per fraction. Measured on digits with 40% asymmetric
            # noise (seeds 0-4, SelfPacedClassifierCV): 5, 7, 8 and 10 trees
            # per round closed 42%, 53%, 61% and 64% of the gap to the
            # clean-rows oracle, at 4.6x, 5.6x, 5.9x and 7.4-8.7x one bare
            # fit (the time grows faster than the trees: a warm-started
            # round predicts the training rows with every tree so far).
            cross_fit_divisor=12.5,
            round_defaults=(
                ("early_stopping", "auto", False),
                ("l2_regularization", 0.0, 0.1),
            ),
            copy_rows=True,
        ),
    ),
    (GradientBoostingClassifier, _ENSEMBLE),
    (RandomForestClassifier, _ENSEMBLE),
    (ExtraTreesClassifier, _ENSEMBLE),
    (BaggingClassifier, _ENSEMBLE),
    (LogisticRegression, Growth("max_iter", "solver iterations", cumulative=False)),
)


def round_copies_rows(estimator):
    """Whether rounds of ``estimator`` fit a copy of the selected rows (see
    :class:`Growth`)."""
    growth = round_growth(estimator)
    return growth is not None and growth.copy_rows


def round_growth(estimator):
    """The :class:`Growth` of ``estimator``, or None (refit from scratch).

    None for a learner without ``warm_start`` or without an entry in
    :data:`GROWTH`: each round then fits it anew on the round's weights.
    """
    if "warm_start" not in estimator.get_params():
        return None
    for cls, growth in GROWTH:
        if isinstance(estimator, cls):
            return growth
    return None


def prepare_rounds(estimator, round_size, cross_fit=False):
    """Set up ``estimator`` (the owner's clone) for rounds; return the grower.

    The grower, ``grow(estimator, r)``, is called before the ``fit`` of round
    ``r`` (0-based). A learner with a :class:`Growth` gets ``warm_start=True``
    and its growth parameter, and its ``round_defaults``: parameters left at
    the learner's default get the value that rounds need. For
    HistGradientBoostingClassifier: ``early_stopping="auto"`` (on above
    10,000 rows) becomes False, since a round is a fixed number of trees and
    a validation split drawn by the learner would hold out rows the pace
    selected (``early_stopping=True`` is kept: a round may then add fewer
    trees); ``l2_regularization=0`` becomes 0.1, since a row that the pace
    admits late may be predicted wrong with probability close to 1, its
    hessian :math:`p(1 - p)` is then close to 0, and an unregularised Newton
    step on it explodes (measured on digits with 40% noise: raw scores of
    1e4 and the test accuracy falling from 0.78 to 0.21 within one round).
    Without a growth entry the learner is refitted from scratch each round
    (``grow`` does nothing). ``cross_fit``: ``estimator`` is a ranker of
    cross-fitted ranking, whose ``"auto"`` round size is its own (see
    :class:`Growth`).
    """
    growth = round_growth(estimator)
    if growth is None:
        return lambda est, r: None
    if round_size == "auto":
        size = growth.auto_size(estimator, cross_fit)
    else:
        size = int(round_size)
    params = {"warm_start": True}
    current = estimator.get_params()
    for name, left_at, used in growth.round_defaults:
        if current[name] == left_at:
            params[name] = used
    if not growth.cumulative:
        params[growth.param] = size
    estimator.set_params(**params)
    if not growth.cumulative:
        return lambda est, r: None

    def grow(est, r):
        est.set_params(**{growth.param: (r + 1) * size})

    return grow


def accepts_sample_weight(estimator, method="partial_fit"):
    """Whether ``estimator.<method>`` takes ``sample_weight``.

    ``sklearn.utils.validation.has_fit_parameter`` only inspects ``fit``; the
    ``partial_fit`` signatures of scikit-learn learners differ (MLPClassifier
    gained ``sample_weight`` in 1.7), so the signature is read directly;
    ``**kwargs`` counts as taking it, except for a skorch network.
    """
    func = getattr(estimator, method, None)
    if func is None or is_network(estimator):
        # A skorch network's **fit_params go to its module's forward, not to
        # its loss: it takes no sample weights.
        return False
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False
    return "sample_weight" in params or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
    )


def seeded_clone(estimator, random_state, *, keep_given=False):
    """Clone ``estimator`` and set every ``random_state`` parameter from the RNG.

    Nested ``*__random_state`` parameters (a Pipeline, an MLP inside a
    wrapper) are seeded too, so a fit depends on the owner's ``random_state``
    alone, as in scikit-learn's ensembles. Integers are drawn from
    ``random_state``, so independent repeats get independent learners. With
    ``keep_given``, seeds the user set (not ``None``) are kept and only the
    unset ones are drawn: the learner exactly as configured.
    """
    est = clone(estimator)
    rng = check_random_state(random_state)
    seeds = {
        key: int(rng.randint(np.iinfo(np.int32).max))
        for key, value in sorted(est.get_params(deep=True).items())
        if (key == "random_state" or key.endswith("__random_state"))
        and not (keep_given and value is not None)
    }
    if seeds:
        est.set_params(**seeds)
    return est


def resolve_balanced_class_weight(estimator, y_index, classes):
    """Turn ``class_weight="balanced"`` into the dict ``fit`` would compute.

    scikit-learn refuses ``"balanced"`` in ``partial_fit``, which sees one
    minibatch at a time; a skcurric ``fit`` sees all of ``y`` first, so it can
    set the weights ``n / (K n_k)`` that the learner's own ``fit`` uses
    (:func:`sklearn.utils.class_weight.compute_class_weight`). ``estimator``
    is the owner's clone; it is changed in place and returned. Streaming
    (``partial_fit``) keeps scikit-learn's error: no call sees all labels.
    """
    if isinstance(getattr(estimator, "class_weight", None), str) and (
        estimator.class_weight == "balanced"
    ):
        weights = compute_class_weight(
            "balanced", classes=np.arange(classes.size), y=y_index
        )
        estimator.set_params(
            class_weight={
                c: float(w) for c, w in zip(classes.tolist(), weights, strict=True)
            }
        )
    return estimator


def estimator_has(attr):
    """``available_if`` check: the fitted learner (else the one to fit) has ``attr``.

    scikit-learn's own helper is private, so skcurric keeps its own. The owner
    must define ``_learner()`` (the wrapped estimator or its default).
    """

    def check(self):
        learner = self.estimator_ if hasattr(self, "estimator_") else self._learner()
        getattr(learner, attr)
        return True

    return check


def copy_learner_tags(tags, learner):
    """Copy the input and classifier tags that follow from the wrapped learner."""
    inner = get_tags(learner)
    tags.input_tags.sparse = inner.input_tags.sparse
    tags.input_tags.allow_nan = inner.input_tags.allow_nan
    tags.input_tags.positive_only = inner.input_tags.positive_only
    if tags.classifier_tags is not None and inner.classifier_tags is not None:
        tags.classifier_tags.poor_score = inner.classifier_tags.poor_score
    return tags


def check_sample_weight(sample_weight, n_samples):
    """Validate ``sample_weight`` without modifying it; ``None`` stays ``None``.

    Scalars broadcast to every sample. Negative, NaN or infinite weights, the
    wrong length, and all-zero weights raise a ValueError naming the problem.
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, Real):
        sample_weight = np.full(n_samples, float(sample_weight))
    sample_weight = check_array(
        sample_weight,
        ensure_2d=False,
        dtype=np.float64,
        input_name="sample_weight",
        copy=False,
    )
    if sample_weight.ndim != 1:
        raise ValueError(f"sample_weight must be 1-D, got shape {sample_weight.shape}.")
    check_consistent_length(np.empty(n_samples), sample_weight)
    if np.any(sample_weight < 0):
        raise ValueError("sample_weight has negative values; weights must be >= 0.")
    if not np.any(sample_weight > 0):
        raise ValueError(
            "Sample weights must contain at least one non-zero number; "
            "all sample_weight values are zero."
        )
    return sample_weight


RANKINGS = ("auto", "in_sample", "cross_fit")


def resolve_ranking(ranking, learner, owner):
    """``ranking`` as ``"in_sample"`` or ``"cross_fit"`` for ``learner``.

    ``"auto"`` is ``"cross_fit"`` for HistGradientBoostingClassifier, which
    memorises the rows it trains on (measured, ``bench_noise.py --learner
    hgb``: on digits with 40% asymmetric noise its in-sample ranking kept
    40-49% of the mislabelled rows at the chosen stop), and
    ``"in_sample"`` otherwise: a ``partial_fit`` learner trains epoch by
    epoch on every row it selects and is ranked as it is (the measured
    paths of the linear learners and networks), and for the other learners
    trained in rounds of ``fit`` cross-fitting has not been measured. An
    explicit ``"cross_fit"`` needs a learner trained in rounds of ``fit``
    (a ValueError otherwise).
    """
    rounds = not hasattr(learner, "partial_fit")
    if ranking == "auto":
        return (
            "cross_fit"
            if rounds and isinstance(learner, HistGradientBoostingClassifier)
            else "in_sample"
        )
    if ranking == "cross_fit" and not rounds:
        raise ValueError(
            f"{owner}: ranking='cross_fit' trains rankers in rounds of fit, and "
            f"{type(learner).__name__} has partial_fit, so it is trained epoch "
            "by epoch; use ranking='in_sample' (or 'auto') with it."
        )
    return ranking
