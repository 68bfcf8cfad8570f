"""Self-paced learning whose stopping pace is chosen by cross-validation.

:class:`SelfPacedClassifierCV` is to :class:`~skcurric.SelfPacedClassifier`
what :class:`~sklearn.linear_model.LassoCV` is to
:class:`~sklearn.linear_model.Lasso`: one warm-started pace path per fold
scores every candidate stop, and the model is then refitted on all rows with
the chosen one.
"""

import dataclasses
import warnings
from functools import partial
from numbers import Integral

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import has_fit_parameter

from ._confident import prune_by_noise_rate
from ._signals import encode_labels, linear_predict
from .self_paced import (
    SelfPacedClassifier,
    fraction_schedule,
    resolve_epochs_per_fraction,
    resolve_warmup,
)
from .utils._base import MetaClassifierBase
from .utils._callbacks import NO_HOOKS, begin_fit
from .utils._learners import seeded_clone
from .utils._networks import is_network

__all__ = ["SelfPacedClassifierCV"]

# Near-ties of the best candidate, in standard errors of its mean fold score
# (compared with the best mean itself on digits, breast cancer and
# make_classification, seeds 0-9: benchmarks/bench_pace_ceiling.py).
_NEAR_TIE = 0.5
# The gate around a network, in standard errors of the paired differences
# with the network alone after as many epochs: a stronger comparison than the
# path's last candidate (which trained on growing fractions), so a lower bar.
# Chosen offline on the fold scores of digits, breast cancer and
# make_classification (none, sym40, asym40; seeds 0-9, 0-7 for the last):
# 1.0 left breast cancer's symmetric 40% gain on two more seeds.
_NETWORK_GATE = 0.5
# max_iter="auto". Around a network, 60 epochs: the search range of the
# network tuned by itself in benchmarks/bench_noise.py --learner net, which
# its curve alone in the folds replaces. With 30 the network alone on clean
# digits stopped 0.6 points below the tuned one (it chose 47-57 epochs).
DEFAULT_MAX_ITER = 30
NETWORK_MAX_ITER = 60


def check_fractions(fractions):
    """The candidate fractions as a float array: non-empty, increasing, in (0, 1]."""
    grid = np.asarray(fractions, dtype=np.float64)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(
            f"fractions must be a non-empty 1-D sequence of candidate fractions; "
            f"got shape {grid.shape}."
        )
    if not np.all(np.isfinite(grid)) or np.any(grid <= 0) or np.any(grid > 1):
        raise ValueError(f"fractions must lie in (0, 1]; got {grid.tolist()}.")
    if np.any(np.diff(grid) <= 0):
        raise ValueError(
            f"fractions must be strictly increasing (the pace path visits them "
            f"in order); got {grid.tolist()}."
        )
    return grid


class _ScoredPath:
    """Wraps a self-paced strategy: scores the learner after the epochs it watches.

    The fold's path visits the candidate fractions ``every`` pace epochs each
    (``epochs_per_fraction``), after ``n_warmup`` epochs on all rows; after
    the last epoch of candidate ``k`` (0-based epoch
    ``first + (k + 1) * every - 1``, ``first`` = ``n_warmup``) the model as
    it is then is scored on the held-out rows: the learner (exactly the model
    that a fit stopping at that fraction has after the same epoch), or for a
    cross-fitted path the mean of its two rankers (the fit stopping there
    fits the learner on their selection). A network's curve without
    selection is watched from its first epoch (``first`` = 0), without the
    training-set signals (``signals=False``).
    """

    def __init__(
        self,
        strategy,
        run,
        first,
        X_test,
        y_test,
        scorer,
        n_scores,
        signals=True,
        every=1,
    ):
        self.strategy = strategy
        self.signals = signals
        self.every = every
        self.run = run
        self.first = first
        self.X_test = X_test
        self.y_test = y_test
        self.scorer = scorer
        self.scores = np.full(n_scores, np.nan)

    def plan(self, epoch, rng):
        plan = self.strategy.plan(epoch, rng)
        if plan is not None and not self.signals:
            # The network alone (every row in every epoch, no stopping rule)
            # ranks nothing and stops on nothing: its training-set signal
            # pass, most of an epoch's cost again for a network, would only
            # fill a history nobody reads.
            plan = dataclasses.replace(plan, signals=())
        return plan

    def observe(self, epoch, signals, record):
        stop = self.strategy.observe(epoch, signals, record)
        # A candidate is scored after the last of its ``every`` epochs.
        done = epoch - self.first + 1
        k = done // self.every - 1
        if done % self.every == 0 and 0 <= k < self.scores.size:
            score = _score_fold(
                self.scorer,
                self.run.current_model,
                self.X_test,
                self.y_test,
                self.run.estimator,
            )
            self.scores[k] = score
            record["cv_score"] = score
        return stop


class _FractionPath(SelfPacedClassifier):
    """``SelfPacedClassifier(pace="fraction")`` on a given list of fractions.

    Private: the fold paths and the refit of :class:`SelfPacedClassifierCV`.
    ``_fractions`` replaces the pace's own schedule; with ``_watch`` set to
    ``(X_test, y_test, scorer, n_scores)`` the learner is scored after each
    candidate's epoch (``_every_epoch``: after every epoch), into
    ``_path.scores``.
    """

    _fractions = None
    _watch = None
    _every_epoch = False

    def _build(self, run, schedule=None):
        training = super()._build(run, self._fractions)
        if self._watch is None:
            return training
        first = 0 if self._every_epoch else self._warmup()
        self._path = _ScoredPath(
            training.strategy,
            run,
            first,
            *self._watch,
            signals=not self._every_epoch,
            every=1 if self._every_epoch else self._epochs_per_fraction(),
        )
        # A fold scores the rankers of a cross-fitted path: the learner's fit
        # on their final selection would serve nobody.
        return dataclasses.replace(training, strategy=self._path, final_fit=False)


def _score_fold(scorer, model, X, y, learner):
    """``scorer(model, X, y)``; an error naming ``learner`` if it cannot score."""
    try:
        return scorer(model, X, y)
    except (AttributeError, TypeError, ValueError) as exc:
        raise ValueError(
            f"SelfPacedClassifierCV could not score a fold model of "
            f"{type(learner).__name__} with the given scoring: {exc}"
        ) from exc


def _accuracy(estimator, X, y):
    """Held-out accuracy, as ``ClassifierMixin.score`` computes it, minus its
    checks of the labels (validated once by ``fit``) and, for a linear
    learner, of ``X``: this score runs after every candidate epoch of every
    fold, where those checks cost as much as the epoch itself on small data."""
    pred = linear_predict(estimator, X)  # a linear learner's rule, X unchecked
    if pred is None:
        pred = estimator.predict(X)
    return float(np.mean(pred == y))


def _fold_scorer(learner, scoring):
    """The held-out scorer of a fold path: ``check_scoring``'s, with plain
    accuracy computed directly when that is what it would compute."""
    scorer = check_scoring(learner, scoring=scoring)
    if scoring is None and type(learner).score is ClassifierMixin.score:
        return _accuracy
    return scorer


def _fold_path(path, X, y, sample_weight, train, test, scoring, task):
    """Train the pace path on ``train``; score each candidate stop on ``test``
    (or, for a path with ``_every_epoch``, every epoch)."""
    scorer = _fold_scorer(path._learner(), scoring)
    n_scores = path.max_iter if path._every_epoch else len(path._fractions)
    path._watch = (X[test], y[test], scorer, n_scores)
    sw = None if sample_weight is None else sample_weight[train]
    with task.run(path):
        path.fit(X[train], y[train], sample_weight=sw)
    return path._path.scores


def _beats(diff, gate=1.0):
    """Whether paired fold differences ``diff`` have a mean above ``gate``
    standard errors of it (the gate of every choice here)."""
    se = diff.std(ddof=1) / np.sqrt(diff.size) if diff.size > 1 else 0.0
    return bool(diff.mean() > gate * se)


def _fold_own_fit(
    learner, X, y, sample_weight, train, test, scoring, task, proba=False
):
    """The learner's own fit on the rows ``train`` (seeded as the refit seeds
    it), scored on ``test``: an array of one score, and with ``proba`` the
    fit's probabilities for the ``test`` rows."""
    fit_params = (
        {} if sample_weight is None else {"sample_weight": sample_weight[train]}
    )
    with task.run(learner):
        learner.fit(X[train], y[train], **fit_params)
    scorer = _fold_scorer(learner, scoring)
    score = np.array([_score_fold(scorer, learner, X[test], y[test], learner)])
    return (score, learner.predict_proba(X[test])) if proba else score


class SelfPacedClassifierCV(MetaClassifierBase):
    r"""Self-paced learning with the stopping pace chosen by cross-validation.

    The pace is measured as the fraction of each class selected, lowest loss
    first under the current model and re-ranked every epoch
    (:class:`~skcurric.SelfPacedClassifier` with ``pace="fraction"``): after
    ``n_warmup`` epochs on all rows, the path visits the candidate
    ``fractions`` in increasing order, one epoch each. On every fold of
    ``cv`` that path is trained **once** on the training part (warm-started
    from one candidate to the next, as :class:`~sklearn.linear_model.LassoCV`
    follows its regularisation path), and the learner is scored on the
    held-out part after each candidate's epoch, against the labels as given
    (noisy ones included). The chosen stop ``pace_`` is then refitted on all
    rows: the path up to ``pace_``, held until ``max_iter``. The hardest
    ``1 - pace_`` of each class (under label noise, mostly the mislabelled
    rows) are never trained on.

    **The choice.** Let :math:`s_{fk}` be the score of candidate :math:`k`
    on fold :math:`f`, :math:`\bar s_k` its mean over the :math:`F` folds,
    :math:`k^*` the candidate of best mean score (ties: the larger fraction)
    and :math:`K` the largest candidate. First a gate: the paired
    differences :math:`d_f = s_{fk^*} - r_f` must have a mean larger than
    their standard error, else ``pace_`` is :math:`K`. The reference
    :math:`r_f` is what no selection refits, on fold :math:`f`: when the
    candidates end at 1 around a learner with ``partial_fit``, the learner's
    own ``fit`` on the fold's training rows, scored on its held-out rows
    (``alone_scores_``); otherwise the path's last candidate,
    :math:`r_f = s_{fK}`. Selection is kept only where it beats no selection
    by more than the folds' noise: argmax over noisy fold scores alone chose
    harmful stops on small data, and the path's last candidate, after its
    epochs on growing fractions, lands below the learner's own fit (around
    an untuned ``SGDClassifier`` on clean ``make_classification``, the best
    candidate beat the path's last on every seed, then lost 1.5 points to
    the learner alone once refitted; ``benchmarks/bench_defaults.py``). Then
    ``pace_`` is the smallest candidate :math:`k` with
    :math:`\bar s_k \ge \bar s_{k^*} - \tfrac12\,\mathrm{se}_{k^*}`
    (:math:`\mathrm{se}_{k^*}`, the standard error of :math:`\bar s_{k^*}`):
    held-out labels with systematic flips (class :math:`k` read as
    :math:`k+1`) reward a model that learned them and never penalise it, so
    the best mean leans to larger fractions, and near-ties are resolved
    toward more selection.

    **The refit check.** A self-paced path can lock onto a model that
    learned the flipped labels (measured on binary data with 40% of the
    labels flipped: one run in ten fell from 83% to 37% test accuracy). The
    refit at ``pace_ < 1`` must therefore score, on all its training rows,
    at least :math:`\bar s_{k^*}` less two standard errors (it trained on
    most of those rows, so it normally scores higher); otherwise it is not
    the model the folds scored, and the learner is refitted without
    selection (``pace_ == 1``, ``refit_fallback_`` True).

    With the default ``fractions`` (from ``start_fraction`` to 1 by
    ``fraction_step``) and ``pace_ < 1``, the fitted model equals
    ``SelfPacedClassifier(pace="fraction", end_fraction=pace_, ...)`` with
    the same other parameters and ``random_state``. When no candidate below
    1 is chosen (``pace_ == 1``), the refit is the learner's own ``fit`` on
    all rows (its own ``max_iter``, stopping rule and ``random_state``: only
    an unset seed is drawn from this estimator's ``random_state``;
    ``history_`` empty): no selection means exactly the learner by itself,
    where a path that ends on all rows lands a little below it.

    **Confident pruning where no stop is kept.** Around a learner with
    ``partial_fit`` and ``predict_proba`` (``confident_pruning=True``), when
    no stop is kept (``pace_ == 1``, by the choice or by the refit check),
    the own fits of the folds give out-of-fold probabilities for every row,
    and confident learning prunes by noise rate (Northcutt et al. 2021; see
    ``skcurric._confident``): the rows that those probabilities most
    confidently assign to another class, as many per pair of classes as the
    confident joint estimates. The same pruning within each fold's training
    part (from the same probabilities, which the held-out rows helped
    produce) must beat the own fit on the held-out rows by more than one
    standard error of the paired differences (``confident_scores_``); then
    the model is the learner's own ``fit`` on the rows kept (``selected_``,
    ``confident_pruned_`` True), else the learner alone. It is the fallback
    of the path, not its rival: under class-conditional flips the held-out
    labels favour it over the path's stops while the path cleans more
    (digits, 40% of class :math:`k` read as :math:`k+1`: cleanlab's
    ``CleanLearning``, which prunes this way, reaches 80.4% test accuracy
    where the path's stop reaches 87.8%), and on small data, where no stop
    is kept, it gains (breast cancer, 40% flips: from 81.9% to 87.7%;
    ``benchmarks/bench_noise.py``, seeds 0-4, medians). It costs one fit of
    the learner per fold and one on the rows kept.

    **Around a skorch network** the number of epochs is the network's own
    regularisation (it is tuned by early stopping, and it memorises
    mislabelled rows as it trains on), so each fold also trains the network
    by itself on every row for ``max_iter`` epochs, scored after every epoch
    (``alone_scores_``, :math:`a_{fe}` after epoch :math:`e`). The gate's
    differences are then :math:`d_f = s_{fk^*} - a_{f,w+k^*}` with the
    network alone after as many epochs as candidate :math:`k^*` (``w`` =
    ``n_warmup``; :math:`k^*` counted from 1), and their mean must exceed
    half their standard error: a network on every row is a stronger
    comparison than the path's last candidate, whose epochs trained on
    growing fractions, and it ended the false gains of selection on clean
    digits. ``pace_ == 1`` refits the network alone for :math:`e^*` epochs
    on every row, :math:`e^*` the epoch of best mean fold score (ties: the
    fewest), as the network is tuned by early stopping (its ``fit`` would be
    one epoch, ``max_epochs=1``; ``history_`` one row per epoch). The folds
    cost ``max_iter`` epochs more each.

    A learner without ``partial_fit`` (any classifier whose ``fit`` takes
    ``sample_weight``: gradient boosting, forests, ``LogisticRegression``)
    follows the same path in rounds of ``fit``, warm-started where it has
    ``warm_start`` (see :class:`~skcurric.SelfPacedClassifier`): an epoch
    here is a round there, and the refit at ``pace_ == 1`` is the learner's
    own ``fit``. Around HistGradientBoostingClassifier the ranking is
    cross-fitted by default (``ranking="auto"``): two rankers, each trained
    on the selection within one half of the rows, rank the other half, two
    rounds per candidate; a fold scores the mean of its rankers after each
    candidate's second round, and the refit fits the learner once on the
    selection of the path stopped at ``pace_``.

    Read more in the :ref:`User Guide <self_paced_cv>`.

    Parameters
    ----------
    estimator : classifier, default=None
        The learner: one with ``partial_fit`` (trained epoch by epoch), or
        one whose ``fit`` takes ``sample_weight`` (trained in rounds of
        ``fit``); ``None`` means ``SGDClassifier(loss="log_loss")``. Cloned,
        never fitted in place.
    fractions : array-like of float in (0, 1], default=None
        Candidate stops, strictly increasing. ``None``: ``start_fraction``,
        ``start_fraction + fraction_step``, ..., 1.
    cv : int, cross-validation generator or iterable, default=3
        Folds, as in :func:`~sklearn.model_selection.check_cv` (stratified
        for an int).
    scoring : str, callable or None, default=None
        Score of a fold model on its held-out rows; ``None`` is accuracy.
    n_jobs : int or None, default=None
        Folds trained in parallel with joblib (any joblib backend, Dask's
        included).
    max_iter : int >= 1 or "auto", default="auto"
        Epochs of the refit, warm-up included (unless ``pace_ == 1``, see
        above), and of a network's curve alone in every fold. Candidates
        that a path cannot reach within ``max_iter`` epochs are left out,
        with a warning. ``"auto"``: 30, or 60 around a skorch network, whose
        epochs are its regularisation and which its curve alone tunes (see
        above): give a network the epoch budget you would search for it by
        itself.
    start_fraction : float in (0, 1], default=0.5
        First fraction of the default candidates.
    fraction_step : float in (0, 1], default=0.05
        Step between the default candidates.
    epochs_per_fraction : int >= 1 or "auto", default="auto"
        Epochs (rounds) the path spends at each candidate, re-ranked each
        time; the candidate is scored after the last. ``"auto"``: 2 with
        cross-fitted ranking, else 1 (see ``SelfPacedClassifier``).
    ranking : {"auto", "in_sample", "cross_fit"}, default="auto"
        Which losses rank the rows (see ``SelfPacedClassifier``):
        ``"auto"`` cross-fits them around HistGradientBoostingClassifier,
        whose folds then score the mean of the two rankers at each
        candidate, and whose refit fits the learner once on the selection
        of the path stopped at ``pace_``.
    n_warmup : int >= 0 or "auto", default="auto"
        Epochs on all rows before the pace starts; ``"auto"``: 1, or 10
        (at most ``max_iter // 3``) around a skorch network (see
        ``SelfPacedClassifier``).
    regime : {"hard", "linear", "log", "mixture"}, default="hard"
        Self-paced regime (see :func:`~skcurric.self_paced_weights`).
    mixture_ratio : float in (0, 1), default=0.5
        :math:`\lambda_2 / \lambda_1` of the mixture regime (see
        ``SelfPacedClassifier``).
    class_balance : bool, default=True
        The fraction applies to each class (else to all rows).
    batch_size : int >= 1 or "auto", default="auto"
        Rows per ``partial_fit`` call (see ``SelfPacedClassifier``).
    shuffle : bool, default=True
        Shuffle the selected rows each epoch.
    tol : float >= 0 or None, default=1e-3
        Stopping rule of the refit once its pace has ended (see
        ``SelfPacedClassifier``); ``None`` trains to ``max_iter``.
    n_iter_no_change : int >= 1, default=5
        Epochs without improvement before the refit stops.
    round_size : int >= 1 or "auto", default="auto"
        What a round adds to a ``warm_start`` learner without
        ``partial_fit`` (see ``SelfPacedClassifier``).
    confident_pruning : bool, default=True
        Where no stop is kept, try confident-learning pruning from the own
        fits' out-of-fold probabilities (see above); only around a learner
        with ``partial_fit`` and ``predict_proba``, with 1 among the
        candidates.
    random_state : int, RandomState instance or None, default=None
        Seeds every fold path and the refit alike (an int is passed on as it
        is, so the refit equals ``SelfPacedClassifier`` with the same int).
    verbose : int, default=0
        Print one line per epoch of the refit when > 0.

    Attributes
    ----------
    pace_ : float
        The chosen stop: the fraction of each class the model trains on.
    cv_results_ : dict of ndarray
        ``fraction`` (the candidates), ``split{i}_test_score``,
        ``mean_test_score``, ``std_test_score`` and ``rank_test_score``
        (usable as ``pandas.DataFrame(cv.cv_results_)``).
    alone_scores_ : ndarray of shape (n_folds, max_iter), (n_folds, 1) or None
        The held-out score of the learner by itself (every row, no
        selection), per fold: around a skorch network after each epoch;
        around another learner with ``partial_fit``, when the candidates end
        at 1, of its own ``fit`` (one column); else ``None`` (see above).
    estimator_ : classifier
        The refitted clone of ``estimator``.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_iter_ : int
        Epochs of the refit (the learner's ``n_iter_`` when ``pace_ == 1``).
    history_ : list of dict
        One row per epoch of the refit (see ``SelfPacedClassifier``); empty
        when ``pace_ == 1`` and the refit is the learner's own ``fit``.
    selected_ : ndarray of shape (n_samples,) of bool
        The rows the refit's last epoch trained on (the rows kept by
        confident pruning when ``confident_pruned_``).
    confident_pruned_ : bool
        Whether the model is the learner's own ``fit`` on the rows that
        confident pruning kept (see above); ``pace_`` is then 1.
    confident_scores_ : ndarray of shape (n_folds,) or None
        The held-out scores of the learner fitted, on each fold, on the rows
        of its training part that confident pruning kept; ``None`` where it
        was not tried.
    refit_fallback_ : bool
        Whether the refit at the chosen stop failed the refit check (see
        above) and was replaced by the refit without selection.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during ``fit``, if they are all strings.

    See Also
    --------
    skcurric.SelfPacedClassifier : Self-paced learning with a fixed pace.

    References
    ----------
    M. P. Kumar, B. Packer, D. Koller. "Self-Paced Learning for Latent
    Variable Models". NeurIPS 2010.

    L. Jiang, D. Meng, T. Mitamura, A. G. Hauptmann. "Easy Samples First:
    Self-paced Reranking for Zero-Example Multimedia Search". ACM MM 2014.

    T. Pi, X. Li, Z. Zhang, D. Meng, F. Wu, J. Xiao, Y. Zhuang. "Self-Paced
    Boost Learning for Classification". IJCAI 2016.

    C. Northcutt, L. Jiang, I. Chuang. "Confident Learning: Estimating
    Uncertainty in Dataset Labels". JAIR 70, 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import SGDClassifier
    >>> from sklearn.preprocessing import scale
    >>> from skcurric import SelfPacedClassifierCV
    >>> X, y = load_digits(return_X_y=True)
    >>> X = scale(X)
    >>> rng = np.random.default_rng(0)
    >>> flip = rng.random(y.size) < 0.4
    >>> y_noisy = np.where(flip, (y + 1) % 10, y)  # 40% of class k -> k + 1
    >>> learner = SGDClassifier(loss="log_loss", alpha=0.01)
    >>> clf = SelfPacedClassifierCV(learner, random_state=0).fit(X, y_noisy)
    >>> bool(clf.pace_ < 1)
    True
    >>> float(flip[clf.selected_].mean()) < float(flip.mean())
    True
    """

    # The parameters passed on to the path share SelfPacedClassifier's rules.
    _PASSED_ON = (
        "estimator",
        "max_iter",
        "start_fraction",
        "fraction_step",
        "epochs_per_fraction",
        "ranking",
        "n_warmup",
        "regime",
        "mixture_ratio",
        "class_balance",
        "batch_size",
        "shuffle",
        "tol",
        "n_iter_no_change",
        "round_size",
        "random_state",
        "verbose",
    )
    _parameter_constraints = {
        **{k: SelfPacedClassifier._parameter_constraints[k] for k in _PASSED_ON},
        "fractions": ["array-like", None],
        "cv": ["cv_object"],
        "scoring": [StrOptions(set(get_scorer_names())), callable, None],
        "n_jobs": [Integral, None],
        "max_iter": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "confident_pruning": ["boolean"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        fractions=None,
        cv=3,
        scoring=None,
        n_jobs=None,
        max_iter="auto",
        start_fraction=0.5,
        fraction_step=0.05,
        epochs_per_fraction="auto",
        ranking="auto",
        n_warmup="auto",
        regime="hard",
        mixture_ratio=0.5,
        class_balance=True,
        batch_size="auto",
        shuffle=True,
        tol=1e-3,
        n_iter_no_change=5,
        round_size="auto",
        confident_pruning=True,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.fractions = fractions
        self.cv = cv
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.max_iter = max_iter
        self.start_fraction = start_fraction
        self.fraction_step = fraction_step
        self.epochs_per_fraction = epochs_per_fraction
        self.ranking = ranking
        self.n_warmup = n_warmup
        self.regime = regime
        self.mixture_ratio = mixture_ratio
        self.class_balance = class_balance
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.round_size = round_size
        self.confident_pruning = confident_pruning
        self.random_state = random_state
        self.verbose = verbose

    def _warmup(self):
        """``n_warmup`` as a number of epochs (``"auto"`` resolved)."""
        return resolve_warmup(self.n_warmup, self._learner(), self._max_iter())

    def _max_iter(self):
        """``max_iter`` as a number of epochs (``"auto"`` resolved)."""
        if self.max_iter != "auto":
            return self.max_iter
        return NETWORK_MAX_ITER if is_network(self._learner()) else DEFAULT_MAX_ITER

    @property
    def _learner_method(self):
        # The learner method that receives the weights (metadata routing).
        return "partial_fit" if hasattr(self._learner(), "partial_fit") else "fit"

    def _candidates(self):
        """The candidate stops that a path of ``max_iter`` epochs reaches."""
        max_iter = self._max_iter()
        if self.fractions is None:
            grid = fraction_schedule(self.start_fraction, self.fraction_step, 1.0)
        else:
            grid = check_fractions(self.fractions)
        n_warmup = self._warmup()
        every = self._epochs_per_fraction()
        reach = (max_iter - n_warmup) // every
        if reach < 1:
            raise ValueError(
                f"max_iter={max_iter} leaves no epoch for the pace after "
                f"n_warmup={n_warmup} warm-up epochs and {every} epoch(s) per "
                "fraction; raise max_iter."
            )
        if reach < grid.size:
            warnings.warn(
                f"max_iter={max_iter} reaches only the first {reach} of the "
                f"{grid.size} candidate fractions (after {n_warmup} warm-up "
                f"epochs, {every} epoch(s) per fraction); the others are left "
                "out. Raise max_iter to try them.",
                UserWarning,
                stacklevel=3,
            )
            grid = grid[:reach]
        return grid

    def _epochs_per_fraction(self):
        """``epochs_per_fraction`` as a number (see ``SelfPacedClassifier``)."""
        return resolve_epochs_per_fraction(
            self.epochs_per_fraction, self.ranking, self._learner(), type(self).__name__
        )

    def _path_model(self, grid, max_iter, seed, verbose=0):
        """The self-paced model that runs this estimator's path on ``grid``."""
        params = {k: getattr(self, k) for k in self._PASSED_ON}
        params.update(
            max_iter=max_iter,
            random_state=seed,
            verbose=verbose,
            start_fraction=float(grid[0]),
            end_fraction=float(grid[-1]),
        )
        path = _FractionPath(**params, pace="fraction")
        path._fractions = grid
        return path

    def _alone_model(self, n_epochs, seed, verbose=0):
        """The learner by itself through the same engine: every row in each of
        exactly ``n_epochs`` epochs (a network's curve in the folds, and its
        refit when nothing beat it)."""
        alone = self._path_model(np.ones(1), n_epochs, seed, verbose)
        alone.set_params(n_warmup=0, tol=None)
        alone._every_epoch = True
        return alone

    def _splits(self, X, y):
        """The folds; every training part must hold every class."""
        cv = check_cv(self.cv, y, classifier=True)
        advice = (
            "Use fewer folds (the cv parameter) or more rows of the smallest class."
        )
        try:
            splits = list(cv.split(X, y))
        except ValueError as exc:
            raise ValueError(
                f"{type(self).__name__}: cv={self.cv!r} cannot split these "
                f"labels: {exc} {advice}"
            ) from exc
        n_classes = np.unique(y).size
        for f, (train, _) in enumerate(splits):
            if np.unique(y[train]).size < n_classes:
                missing = np.setdiff1d(np.unique(y), y[train])
                raise ValueError(
                    f"{type(self).__name__}: cv={self.cv!r} cannot split these "
                    f"labels: the training part of fold {f} has no row of class "
                    f"{missing.tolist()[:5]}, so its path could not learn it. {advice}"
                )
        return cv, splits

    @staticmethod
    def _choose(scores, alone=None, n_warmup=0, own=None):
        """Index of the chosen candidate: the paired one-standard-error gate,
        then the smallest near-tie of the best (see the class docstring).

        With ``own`` (the learner's own fit scored on each fold), the gate
        compares the best candidate with it, at one standard error; with
        ``alone`` (a network's fold curves by itself, one column per epoch),
        with the network alone after as many epochs (``n_warmup`` + its
        index + 1), at half a standard error; with neither, with the path's
        last candidate."""
        mean = scores.mean(axis=0)
        best = int(np.flatnonzero(mean >= mean.max())[-1])  # ties: larger
        last = scores.shape[1] - 1
        if best == last:
            return last
        n_folds = scores.shape[0]
        if own is not None:
            diff, gate = scores[:, best] - own, 1.0
        elif alone is None:
            diff, gate = scores[:, best] - scores[:, -1], 1.0
        else:
            diff, gate = scores[:, best] - alone[:, n_warmup + best], _NETWORK_GATE
        if not _beats(diff, gate):
            return last
        # Held-out noisy labels reward a model that learned systematic flips
        # (never penalise it), so the best mean leans to larger fractions:
        # among the candidates within half a standard error of it, the
        # smallest is taken.
        se_best = scores[:, best].std(ddof=1) / np.sqrt(n_folds) if n_folds > 1 else 0
        return int(np.flatnonzero(mean >= mean[best] - _NEAR_TIE * se_best)[0])

    @staticmethod
    def _alone_is_own_fit(learner, sw):
        """Whether no selection (``pace_ == 1``) refits the learner's own ``fit``."""
        return (sw is None or has_fit_parameter(learner, "sample_weight")) and (
            # A skorch network's fit trains max_epochs epochs from scratch:
            # one, as skcurric's epochs need, not the network by itself.
            not is_network(learner)
        )

    def _refit(self, learner, grid, best, X, y, sw, seed, hooks, n_alone=None):
        """The model on all rows stopped at ``grid[best]``: (estimator,
        selected, history, n_iter). ``n_alone``: the epochs of a network by
        itself, chosen by the folds."""
        if grid[best] >= 1 and self._alone_is_own_fit(learner, sw):
            # Nothing beat training on every row: the learner's own fit, so
            # that no selection means exactly the learner by itself (the
            # path that ends on all rows lands a little below it).
            return self._refit_own(learner, None, X, y, sw, seed, hooks)
        if grid[best] >= 1 and n_alone is not None:
            # A network with no selection: by itself on every row, for the
            # number of epochs its fold curves chose (as the network is tuned
            # by itself), not the path's epochs on growing fractions.
            path = self._alone_model(n_alone, seed, self.verbose)
        else:
            if grid[best] >= 1:
                # A learner whose fit cannot take the weights, with no
                # selection: max_iter epochs on every row, the learner by
                # itself, not the path's epochs on growing fractions.
                grid, best = np.ones(1), 0
            path = self._path_model(
                grid[: best + 1], self._max_iter(), seed, self.verbose
            )
        with hooks.nested("refit", path):
            path.fit(X, y, sample_weight=sw)
        return path.estimator_, path.selected_, path.history_, path.n_iter_

    def _confident(self, learner, oof, splits, own, classes, X, y, sw, seed, hooks):
        """Confident pruning where no stop is kept: the rows kept (a boolean
        mask) if, pruned the same way within each fold's training part, the
        learner beats its own fit there (``own``) by more than one standard
        error of the paired differences on the held-out rows; else None.
        Sets ``confident_scores_``."""
        y_index = encode_labels(classes, y)
        jobs = [
            (train[prune_by_noise_rate(y_index[train], oof[train])], test)
            for train, test in splits
        ]
        tasks = [hooks.child("fold", with_data=False) for _ in jobs]
        scores = Parallel(n_jobs=self.n_jobs)(
            delayed(_fold_own_fit)(
                seeded_clone(learner, seed, keep_given=True),
                X,
                y,
                sw,
                kept,
                test,
                self.scoring,
                task,
            )
            for (kept, test), task in zip(jobs, tasks, strict=True)
        )
        scores = np.concatenate(scores)
        self.confident_scores_ = scores
        if self.verbose:
            print(
                f"[{type(self).__name__}] confident pruning: mean fold score "
                f"{scores.mean():.4f} against the own fit's {own.mean():.4f}",
                flush=True,
            )
        if not _beats(scores - own[:, 0]):
            return None
        return prune_by_noise_rate(y_index, oof)

    def _no_stop(
        self,
        learner,
        grid,
        oof,
        splits,
        own,
        classes,
        X,
        y,
        sw,
        seed,
        hooks,
        n_alone,
        refit_hooks=None,
    ):
        """The model where no stop is kept: the learner's own fit on the rows
        that confident pruning keeps if it passes its gate (``oof``: the own
        fits' out-of-fold probabilities, None where it is not tried), else
        the learner alone. Returns (estimator, selected, history, n_iter,
        pruned); ``refit_hooks`` (default ``hooks``) see the refit."""
        refit_hooks = hooks if refit_hooks is None else refit_hooks
        if oof is not None:
            keep = self._confident(
                learner, oof, splits, own, classes, X, y, sw, seed, hooks
            )
            if keep is not None:
                refit = self._refit_own(learner, keep, X, y, sw, seed, refit_hooks)
                return (*refit, True)
        last = grid.size - 1
        refit = self._refit(learner, grid, last, X, y, sw, seed, refit_hooks, n_alone)
        return (*refit, False)

    @staticmethod
    def _refit_own(learner, keep, X, y, sw, seed, hooks):
        """The learner's own fit on the rows ``keep`` (a boolean mask; None:
        every row, X uncopied): (estimator, selected, history, n_iter).
        Seeds the user set are kept, as GridSearchCV refits its
        best_estimator_; only unset ones come from ``seed``."""
        if keep is None:
            keep = np.ones(X.shape[0], dtype=bool)
        else:
            X, y, sw = X[keep], y[keep], None if sw is None else sw[keep]
        refit = seeded_clone(learner, seed, keep_given=True)
        with hooks.nested("refit", refit):
            refit.fit(X, y, **({} if sw is None else {"sample_weight": sw}))
        return refit, keep, [], int(np.max(getattr(refit, "n_iter_", 1)))

    def _refit_reproduces(self, estimator, fold_scores, X, y):
        """Whether the refit scores, on all its training rows, at least what
        the folds scored on their held-out rows at the same stop, less two
        standard errors (it was trained on most of those rows, so it normally
        scores higher)."""
        score = _fold_scorer(self._learner(), self.scoring)(estimator, X, y)
        n = fold_scores.size
        se = fold_scores.std(ddof=1) / np.sqrt(n) if n > 1 else 0.0
        return score >= fold_scores.mean() - 2.0 * se

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Choose the stopping pace by cross-validation, then refit on all rows.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels (noisy ones included: they are what the folds score).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the training rows, for the fold paths and the refit
            (the held-out scores are unweighted). Routed with metadata
            routing (``set_fit_request(sample_weight=True)``).

        Returns
        -------
        self : SelfPacedClassifierCV
            The fitted estimator.
        """
        X_in, y_in = X, y
        X, y, classes, _ = self._validate_training_data(X, y)
        sw = self._fit_metadata(X.shape[0], sample_weight=sample_weight).get(
            "sample_weight"
        )
        grid = self._candidates()
        check_scoring(self._learner(), scoring=self.scoring)  # fails early
        _, splits = self._splits(X, y)
        seed = self.random_state
        if seed is not None and not isinstance(seed, Integral):
            # One int for every path, so that folds in joblib workers and the
            # refit draw the same streams as with n_jobs=1.
            seed = int(check_random_state(seed).randint(np.iinfo(np.int32).max))
        path_epochs = self._warmup() + grid.size * self._epochs_per_fraction()
        learner = self._learner()
        jobs = [
            (_fold_path, self._path_model(grid, path_epochs, seed), fold)
            for fold in splits
        ]
        network = is_network(learner)
        # The model that no selection refits, scored on every fold: what
        # selection has to beat (the path's last candidate, after its epochs
        # on growing fractions, lands below it: measured with untuned SGD,
        # whose best candidate then beat it on clean data and lost to the
        # learner alone once refitted; bench_defaults.py part d).
        own = (
            grid.size > 1
            and grid[-1] >= 1
            and hasattr(learner, "partial_fit")
            and self._alone_is_own_fit(learner, sw)
        )
        if network:
            # A network's epochs are its regularisation: it is tuned by
            # itself by early stopping. Each fold also follows it alone on
            # every row, scored after every epoch, and that tuned network is
            # what selection has to beat.
            alone_epochs = self._max_iter()
            jobs += [
                (_fold_path, self._alone_model(alone_epochs, seed), fold)
                for fold in splits
            ]
        # Confident pruning needs the own fits' out-of-fold probabilities.
        confident = own and self.confident_pruning and hasattr(learner, "predict_proba")
        if own:
            own_fit = partial(_fold_own_fit, proba=confident)
            jobs += [
                (own_fit, seeded_clone(learner, seed, keep_given=True), fold)
                for fold in splits
            ]
        hooks = begin_fit(
            self,
            X_in,
            y_in,
            max_subtasks=len(jobs) + 1 + (len(splits) if confident else 0),
        )
        tasks = [hooks.child("fold", with_data=False) for _ in jobs]
        curves = Parallel(n_jobs=self.n_jobs)(
            delayed(job)(model, X, y, sw, train, test, self.scoring, task)
            for (job, model, (train, test)), task in zip(jobs, tasks, strict=True)
        )
        oof = None
        if confident:
            oof = np.empty((X.shape[0], classes.size))
            for (_, test), (_, proba) in zip(
                splits, curves[len(splits) :], strict=True
            ):
                oof[test] = proba
            curves[len(splits) :] = [score for score, _ in curves[len(splits) :]]
        scores = np.vstack(curves[: len(splits)])
        alone = np.vstack(curves[len(splits) :]) if network or own else None
        if np.isnan(scores).any() or (alone is not None and np.isnan(alone).any()):
            raise RuntimeError(
                f"{type(self).__name__}: a fold's pace path ended before its last "
                "candidate (a callback asked it to stop), so not every candidate "
                "could be scored."
            )
        n_alone = None
        if alone is None:
            best = self._choose(scores)
        elif not network:
            best = self._choose(scores, own=alone[:, 0])
        else:
            # ties: the fewest epochs, as a network tuned by early stopping
            n_alone = int(np.argmax(alone.mean(axis=0))) + 1
            best = self._choose(scores, alone, self._warmup())
        if self.verbose:
            print(
                f"[{type(self).__name__}] mean fold scores "
                + ", ".join(
                    f"{q:g}: {s:.4f}" for q, s in zip(grid, scores.mean(0), strict=True)
                )
                + (
                    ""
                    if alone is None
                    else f"; its own fit: {alone.mean():.4f}"
                    if n_alone is None
                    else f"; alone after {n_alone} epochs: "
                    f"{alone.mean(0)[n_alone - 1]:.4f}"
                )
                + f"; chosen pace {grid[best]:g}",
                flush=True,
            )
        self.confident_scores_ = None
        # what no stop refits: confident pruning past its gate, or the learner
        no_stop = partial(
            self._no_stop, learner, grid, oof, splits, alone, classes, X, y, sw, seed
        )
        pruned = False
        if best == grid.size - 1:
            estimator, selected, history, n_iter, pruned = no_stop(hooks, n_alone)
        else:
            estimator, selected, history, n_iter = self._refit(
                learner, grid, best, X, y, sw, seed, hooks, n_alone
            )
        self.refit_fallback_ = False
        if best < grid.size - 1 and not self._refit_reproduces(
            estimator, scores[:, best], X, y
        ):
            # The refit's path diverged from the folds' (self-paced selection
            # can lock onto a model that learned the flipped labels, measured
            # on binary data with 40% flips): it is not the model the folds
            # scored, so no selection is kept.
            if self.verbose:
                print(
                    f"[{type(self).__name__}] the refit at pace {grid[best]:g} "
                    "scores below the folds' held-out scores there: refitting "
                    "without selection",
                    flush=True,
                )
            best = grid.size - 1
            self.refit_fallback_ = True
            # (callbacks have seen the discarded refit as the fit's last step)
            estimator, selected, history, n_iter, pruned = no_stop(
                hooks, n_alone, refit_hooks=NO_HOOKS
            )
        hooks.end()
        mean = scores.mean(axis=0)
        results = {"fraction": grid.copy()}
        for i, row in enumerate(scores):
            results[f"split{i}_test_score"] = row
        results["mean_test_score"] = mean
        results["std_test_score"] = scores.std(axis=0)
        order = np.argsort(-mean, kind="stable")
        rank = np.empty(grid.size, dtype=np.int32)
        rank[order] = np.arange(1, grid.size + 1)
        results["rank_test_score"] = rank
        self.cv_results_ = results
        self.alone_scores_ = alone
        self.pace_ = float(grid[best])
        self.confident_pruned_ = pruned
        self.history_ = history
        self.n_iter_ = n_iter
        self.selected_ = selected
        self.estimator_ = estimator
        self.classes_ = classes  # last: it makes the estimator fitted
        return self
