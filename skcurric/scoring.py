"""Per-example difficulty: ``DifficultyScorer`` and ``difficulty_agreement``."""

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral
from operator import itemgetter

import numpy as np
from scipy import sparse
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    has_fit_parameter,
)

from ._dynamics import STATISTICS, TrainingDynamics
from ._engine import UniformStrategy, auto_batch_size, run_epochs
from ._signals import compute_signals, encode_labels
from .utils._base import LearnerMixin
from .utils._callbacks import NO_HOOKS, begin_fit
from .utils._learners import (
    check_partial_fit,
    resolve_balanced_class_weight,
    seeded_clone,
)
from .utils._networks import network_seed
from .utils._params import NoneSubEstimatorParamsMixin

__all__ = ["DifficultyScorer", "difficulty_agreement"]


# --------------------------------------------------------------------------
# The registry of difficulty methods
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DifficultyMethod:
    """How one difficulty method is computed.

    Attributes
    ----------
    source : {"out_of_fold", "final_state", "dynamics"}
        What the score is read from: held-out folds of models fitted with
        ``fit``, the last state of short ``partial_fit`` trainings, or the
        statistics of those trainings recorded after every epoch.
    signals : tuple of str
        The per-sample signals of :mod:`skcurric._signals` it reads.
    difficulty : callable
        Maps the dict of signals (for ``"dynamics"``: of
        :meth:`TrainingDynamics.statistics`) to the score, higher = harder.
    learner_method : {"fit", "partial_fit"}
        The method the learner must have.
    default_estimator : callable
        Builds the learner used when ``estimator=None``.
    """

    source: str
    signals: tuple[str, ...]
    difficulty: Callable[[dict], np.ndarray]
    learner_method: str
    default_estimator: Callable[[], object]


def _default_teacher():
    return LogisticRegression(max_iter=1000)


def _default_probe():
    # Averaged, not plain, SGD: the averaged iterate does not swing with the
    # last few noisy rows, so the probe never ends inverted (noise-detection
    # ROC AUC 0.82-0.99 against 0.58-0.98 for the last iterate,
    # benchmarks/bench_defaults.py).
    return SGDClassifier(loss="log_loss", average=True)


def _out_of_fold(signal, difficulty, default=None):
    default = _default_probe if default is None else default
    return DifficultyMethod("out_of_fold", (signal,), difficulty, "fit", default)


def _final_state(signal):
    return DifficultyMethod(
        "final_state", (signal,), itemgetter(signal), "partial_fit", _default_probe
    )


# A new method is one entry here (a training-dynamics statistic: one entry in
# skcurric._dynamics.STATISTICS); the parameter constraints, the docs' list
# and the tests read this table.
DIFFICULTY_METHODS = {
    "loss": _out_of_fold("loss", itemgetter("loss")),
    "margin": _out_of_fold("margin", lambda s: -s["margin"]),
    # teacher: 1 - confidence on the true label
    "teacher": _out_of_fold("p_true", lambda s: 1.0 - s["p_true"], _default_teacher),
    "el2n": _final_state("el2n"),
    "grand": _final_state("grand"),
    **{
        name: DifficultyMethod(
            "dynamics", stat.signals, stat.difficulty, "partial_fit", _default_probe
        )
        for name, stat in STATISTICS.items()
    },
}
METHODS = tuple(DIFFICULTY_METHODS)


# --------------------------------------------------------------------------
# Out-of-fold scores
# --------------------------------------------------------------------------


def _fit_fold(learner, X, y, train, seed, sample_weight, task=NO_HOOKS):
    est = seeded_clone(learner, seed)
    kwargs = {} if sample_weight is None else {"sample_weight": sample_weight[train]}
    with task.run(est), network_seed(est, seed):
        est.fit(X[train], y[train], **kwargs)
    return est


def _fold_jobs(scorer, X, y, seeds):
    """``(train, test, seed)`` of every fold of every repeat."""
    jobs = []
    for seed in seeds:
        if isinstance(scorer.cv, Integral):
            splitter = StratifiedKFold(scorer.cv, shuffle=True, random_state=seed)
        else:
            splitter = check_cv(scorer.cv, y, classifier=True)
        fold_rng = np.random.RandomState(seed)
        try:
            folds = list(splitter.split(X, y))
        except ValueError as exc:
            # The splitter's message names its own n_splits; say whose it is.
            raise ValueError(
                f"{type(scorer).__name__}(cv={scorer.cv!r}, method="
                f"{scorer.method!r}) cannot split these {X.shape[0]} samples: {exc}"
            ) from exc
        jobs.extend(
            (train, test, int(fold_rng.randint(np.iinfo(np.int32).max)))
            for train, test in folds
        )
    return jobs


def _fit_out_of_fold(scorer, spec, learner, data, seeds, hooks):
    """Fitted attributes of the out-of-fold methods, and the fold accuracies."""
    X, y, y_index, classes = data.X, data.y, data.y_index, data.classes
    sample_weight = data.sample_weight
    if sample_weight is not None and not has_fit_parameter(learner, "sample_weight"):
        raise TypeError(f"{type(learner).__name__}.fit does not accept sample_weight.")
    jobs = _fold_jobs(scorer, X, y, seeds)
    # One subtask per fold: the fold's fit, with the callbacks propagated.
    tasks = [hooks.child("fold", with_data=False) for _ in jobs]
    try:
        estimators = Parallel(n_jobs=scorer.n_jobs)(
            delayed(_fit_fold)(learner, X, y, train, seed, sample_weight, task)
            for (train, test, seed), task in zip(jobs, tasks, strict=True)
        )
    except ValueError as exc:
        # Most classifiers cannot fit one class (a DummyClassifier can, so
        # such folds are not refused up front); name the folds, not only the
        # learner's own message from inside a worker.
        single = [
            k
            for k, (train, _, _) in enumerate(jobs)
            if np.unique(y_index[train]).size < 2
        ]
        if not single:
            raise
        raise ValueError(
            f"{type(scorer).__name__}(cv={scorer.cv!r}): fold(s) {single[:5]} train "
            f"on one class only, and {type(learner).__name__} failed: {exc} Use "
            "a stratified or shuffled splitter."
        ) from exc
    n_folds = len(jobs) // len(seeds)
    accuracies = []
    repeat_scores = np.full((len(seeds), X.shape[0]), np.nan)
    # With "margin" requested, "correct" follows the logits, as predict does,
    # even for a learner whose predict_proba disagrees with them.
    which = tuple(dict.fromkeys((*spec.signals, "margin", "correct")))
    for j, ((_, test, _), est) in enumerate(zip(jobs, estimators, strict=True)):
        signals = compute_signals(est, X[test], y_index[test], classes, which)
        repeat_scores[j // n_folds, test] = spec.difficulty(signals)
        accuracies.append(float(signals["correct"].mean()))
        scorer._say(
            f"repeat {j // n_folds + 1}, fold {j % n_folds + 1}: held-out "
            f"accuracy {accuracies[-1]:.4g}"
        )
    if np.isnan(repeat_scores).any():
        raise ValueError(
            "The cross-validation splitter left some samples without an "
            "out-of-fold score; use a splitter whose test folds cover every "
            "sample (KFold, StratifiedKFold)."
        )
    fitted = {"repeat_scores_": repeat_scores, "estimators_": estimators}
    return fitted, ("fold model", "held-out", accuracies)


# --------------------------------------------------------------------------
# Training dynamics and final-state scores
# --------------------------------------------------------------------------


def _model_bytes(estimator):
    """Bytes held by a fitted estimator's arrays (its coefficients, layers...)."""
    total = 0
    for value in vars(estimator).values():
        if isinstance(value, np.ndarray):
            total += value.nbytes
        elif isinstance(value, list | tuple):
            total += sum(v.nbytes for v in value if isinstance(v, np.ndarray))
    return total


def _data_bytes(X):
    if sparse.issparse(X):
        return X.data.nbytes + X.indices.nbytes + X.indptr.nbytes
    return X.nbytes


@dataclass(frozen=True)
class _TrainingData:
    """The validated training set, as every fold and repeat receives it."""

    X: object  # ndarray or CSR matrix
    y: np.ndarray
    y_index: np.ndarray  # index of each label in classes
    classes: np.ndarray
    sample_weight: np.ndarray | None


@dataclass(frozen=True)
class _TrainingSettings:
    """What every repeat's training shares (one record, not a dozen arguments)."""

    method: str
    n_epochs: int
    batch_size: int
    never_learned: str
    trajectory_budget: float | None  # bytes for per-epoch copies; None: keep none
    verbose: int


@dataclass(frozen=True)
class _Run:
    """The outcome of one repeat's training."""

    scores: np.ndarray
    estimator: object
    trajectory: list | None  # per-epoch probes, None when not kept
    statistics: dict | None  # dynamics methods only
    history: list


def _train_trajectory(learner, data, seed, settings, task=NO_HOOKS):
    """One independently seeded short training, recording what the method needs.

    Over the trajectory budget, no per-epoch copy is kept and the run's
    ``trajectory`` is ``None``.
    """
    X, y_index, classes = data.X, data.y_index, data.classes
    spec = DIFFICULTY_METHODS[settings.method]
    n_epochs = settings.n_epochs
    rng = np.random.RandomState(seed)
    est = resolve_balanced_class_weight(seeded_clone(learner, rng), y_index, classes)
    final_state = spec.source == "final_state"
    dynamics = None if final_state else TrainingDynamics(X.shape[0])
    budget = settings.trajectory_budget
    snapshots = [] if budget is not None else None
    final = {}

    def on_signals(epoch, signals, record):
        nonlocal snapshots
        record["train_accuracy"] = float(signals["correct"].mean())
        if final_state:
            final.update(signals)
            return
        dynamics.update(signals)
        if snapshots is None:
            return
        if epoch == 0 and _model_bytes(est) * n_epochs > budget:
            snapshots = None  # would not fit: score_samples will say so
            return
        snapshots.append(copy.deepcopy(est))

    # EL2N and GraNd need the final state only: one signal pass in all, after
    # the last epoch; the dynamics methods need one pass after every epoch.
    strategy = UniformStrategy(
        X.shape[0],
        (*spec.signals, "correct") if final_state else spec.signals,
        on_signals,
        last_epoch=n_epochs - 1 if final_state else None,
    )
    with task.run(), network_seed(est, rng):
        result = run_epochs(
            est,
            X,
            data.y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=n_epochs,
            batch_size=settings.batch_size,
            rng=rng,
            sample_weight=data.sample_weight,
            verbose=max(0, settings.verbose - 1),
            owner="DifficultyScorer",
            hooks=task,
        )
    if final_state:
        return _Run(spec.difficulty(final), est, snapshots, None, result.history)
    stats = dynamics.statistics(settings.never_learned)
    stats["unforgettable"] = dynamics.unforgettable
    return _Run(spec.difficulty(stats), est, snapshots, stats, result.history)


def _fit_trajectories(scorer, spec, learner, data, seeds, hooks):
    """Fitted attributes of the dynamics and final-state methods."""
    X = data.X
    check_partial_fit(learner, f"DifficultyScorer(method={scorer.method!r})")
    dynamics = spec.source == "dynamics"
    if not dynamics:
        budget = None
    elif isinstance(scorer.keep_trajectories, str):  # "auto"
        budget = _data_bytes(X)
    else:
        budget = np.inf if scorer.keep_trajectories else None
    settings = _TrainingSettings(
        method=scorer.method,
        n_epochs=scorer.n_epochs,
        batch_size=(
            auto_batch_size(X) if scorer.batch_size == "auto" else scorer.batch_size
        ),
        never_learned=scorer.never_learned,
        trajectory_budget=budget,
        verbose=scorer.verbose,
    )
    runs = Parallel(n_jobs=scorer.n_jobs)(
        delayed(_train_trajectory)(
            learner,
            data,
            seed,
            settings,
            hooks.child("repeat", scorer.n_epochs, with_data=False),
        )
        for seed in seeds
    )
    accuracies = [run.history[-1]["train_accuracy"] for run in runs]
    for r, accuracy in enumerate(accuracies):
        scorer._say(f"repeat {r + 1}: training accuracy {accuracy:.4g}")
    fitted = {
        "repeat_scores_": np.vstack([run.scores for run in runs]),
        "estimators_": [run.estimator for run in runs],
        "history_": [run.history for run in runs],
    }
    if dynamics:
        fitted["trajectories_"] = [run.trajectory for run in runs]
        stats = [run.statistics for run in runs]
        fitted["dynamics_"] = {
            key: np.mean([s[key] for s in stats], axis=0)
            for key in stats[0]
            if key != "unforgettable"
        }
        fitted["dynamics_"]["unforgettable"] = np.logical_and.reduce(
            [s["unforgettable"] for s in stats]
        )
    return fitted, ("probe", "training", accuracies)


# How each source is fitted; every DifficultyMethod.source is a key.
_FIT_BY_SOURCE = {
    "out_of_fold": _fit_out_of_fold,
    "final_state": _fit_trajectories,
    "dynamics": _fit_trajectories,
}


def _warn_on_failed_probes(scorer, y_index, kind, where, accuracies):
    """Warn when a probe does worse than always predicting the majority class.

    Such a probe (plain SGD's last iterate can swing that far on small or
    noisy data) ranks the examples it gets wrong as hard and the others as
    easy, which inverts the difficulty of whatever it misclassifies.
    """
    majority = np.bincount(y_index).max() / y_index.size
    failed = [a for a in accuracies if a < majority]
    if not failed:
        return
    warnings.warn(
        f"DifficultyScorer(method={scorer.method!r}): {len(failed)} of "
        f"{len(accuracies)} {kind}(s) scored below the majority-class share "
        f"{majority:.2f} on their {where} data (accuracy {min(failed):.2f} at "
        "worst), so their scores may rank easy examples as hard. Plain SGD's "
        "last iterate is unstable on small or noisy data: try "
        "SGDClassifier(loss='log_loss', average=True), more n_repeats, or a "
        "more stable estimator.",
        UserWarning,
        stacklevel=4,  # past fit and its scikit-learn wrapper, to the caller
    )


# --------------------------------------------------------------------------
# DifficultyScorer
# --------------------------------------------------------------------------


class DifficultyScorer(
    TransformerMixin, LearnerMixin, NoneSubEstimatorParamsMixin, BaseEstimator
):
    """Per-example difficulty of a labelled data set; higher score = harder.

    **Out-of-fold** methods score every example with models that never saw it
    (``cv`` folds, ``n_repeats`` fold assignments, averaged; the learner needs
    ``fit``): ``"loss"`` (``-log p_y``, the hinge loss without
    ``predict_proba``), ``"margin"`` (``-(z_y - max_{k != y} z_k)``) and
    ``"teacher"`` (``1 - p_y`` under a teacher model, Hacohen & Weinshall
    2019). **Training-dynamics** methods record ``n_repeats`` independently
    seeded trainings of ``n_epochs`` epochs through ``partial_fit``:
    ``"forgetting"`` (forgetting events, Toneva et al. 2019), ``"el2n"`` and
    ``"grand"`` (error and gradient norms after the last epoch, Paul et al.
    2021), ``"aum"`` (minus the area under the margin, Pleiss et al. 2020),
    ``"confidence"`` and ``"variability"`` (dataset cartography, Swayamdipta
    et al. 2020) and ``"learned_epoch"``. The formulas are in the User Guide.

    Read more in the :ref:`User Guide <difficulty>`.

    Parameters
    ----------
    method : str, default="aum"
        One of ``"loss"``, ``"margin"``, ``"teacher"``, ``"forgetting"``,
        ``"el2n"``, ``"grand"``, ``"aum"``, ``"confidence"``,
        ``"variability"``, ``"learned_epoch"``. The default, AUM, ranked
        flipped labels best (or within 0.01 of the best) on every benchmark
        data set, at under one probe fit's cost (see the user guide).
    estimator : estimator or None, default=None
        The probe. ``None`` means ``SGDClassifier(loss="log_loss",
        average=True)`` (and ``LogisticRegression(max_iter=1000)`` for
        ``"teacher"``): averaged SGD, because plain SGD's last iterate can
        swing far on small or noisy data and end inverted. Cloned, never
        fitted in place. ``fit`` warns when a probe (or a fold model, on its
        held-out fold) scores below the majority-class share, since its
        scores then rank what it gets wrong, easy examples included, as
        hard.
    n_epochs : int, default=10
        Epochs of each training, for the training-dynamics methods.
    n_repeats : int, default=1
        Independent trainings (dynamics methods) or fold assignments
        (out-of-fold methods) to average.
    cv : int or cross-validation splitter, default=5
        Folds for the out-of-fold methods. An integer means shuffled
        stratified folds, re-drawn for every repeat.
    never_learned : {"max", "inf"}, default="max"
        Score of never-learned examples for ``"forgetting"`` and
        ``"learned_epoch"``: ``n_epochs`` (``n_epochs + 1`` for the learned
        epoch), as in Toneva et al.'s code, or ``inf``.
    batch_size : int or "auto", default="auto"
        Minibatch size of the ``partial_fit`` calls; ``"auto"`` sizes one
        minibatch copy to at most 16 MiB (at least 1,024 rows).
    keep_trajectories : bool or "auto", default="auto"
        Dynamics methods only: keep the probe after every epoch in
        ``trajectories_``, so that :meth:`score_samples` can replay the
        training dynamics on new data. ``"auto"`` keeps them when all of them
        take no more memory than ``X`` itself.
    n_jobs : int or None, default=None
        Repeats and folds run in parallel through joblib.
    random_state : int, RandomState instance or None, default=None
        Seeds the probes (their own ``random_state`` is overridden) and the
        batch orders.
    verbose : int, default=0
        Print one line per fold (out-of-fold methods) or per repeat when
        > 0, and one per epoch of each training when > 1.

    Attributes
    ----------
    scores_ : ndarray of shape (n_samples,)
        Difficulty of each training example (higher = harder).
    repeat_scores_ : ndarray of shape (n_repeats, n_samples)
        The scores of each repeat.
    dynamics_ : dict of str to ndarray
        Dynamics methods only (EL2N and GraNd need the final state only and
        skip the per-epoch passes). Always ``"forgetting"``,
        ``"learned_epoch"``, ``"correctness"`` and ``"unforgettable"`` (bool:
        learned and never forgotten in every repeat); also ``"aum"`` with
        ``method="aum"`` and ``"forgetting"``, and ``"confidence"``,
        ``"variability"`` with the cartography methods (each method computes
        only the signals it needs).
        Values as defined in their papers (``aum``, ``confidence`` and
        ``correctness`` are higher for easier examples), means over repeats.
    history_ : list of list of dict
        Training methods only: per repeat, one record per epoch.
    estimators_ : list of estimators
        The fitted probes: one per fold and repeat (out-of-fold methods) or
        the final model of each repeat.
    trajectories_ : list of (list of estimators or None)
        Dynamics methods only: the probe after every epoch of every repeat
        (``None`` for a repeat whose probes were not kept).
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the features seen during ``fit``, only when ``X`` has string
        column names.

    See Also
    --------
    difficulty_agreement : Spearman agreement between methods.
    ForgettingPruner : prune the training data by these scores.

    Notes
    -----
    ``fit`` warns when a probe (or a fold model, on its held-out fold) scores
    below the majority-class share: its scores then rank what it gets wrong,
    easy examples included, as hard. ``SGDClassifier(loss="log_loss",
    average=True)`` is a steadier probe than plain SGD.

    References
    ----------
    Toneva et al., "An Empirical Study of Example Forgetting during Deep
    Neural Network Learning", ICLR 2019.
    Paul, Ganguli, Dziugaite, "Deep Learning on a Data Diet", NeurIPS 2021.
    Pleiss et al., "Identifying Mislabeled Data using the Area Under the
    Margin Ranking", NeurIPS 2020.
    Swayamdipta et al., "Dataset Cartography", EMNLP 2020.
    Hacohen & Weinshall, "On The Power of Curriculum Learning in Training
    Deep Networks", ICML 2019.

    Examples
    --------
    >>> from skcurric import DifficultyScorer
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> X, y, _, noisy = make_curriculum_dataset(
    ...     label_noise=0.1, return_noise_mask=True, random_state=0)
    >>> scorer = DifficultyScorer("el2n", n_repeats=3, random_state=0).fit(X, y)
    >>> scorer.scores_.shape
    (200,)
    >>> bool(scorer.scores_[noisy].mean() > scorer.scores_[~noisy].mean())
    True
    >>> scorer.transform(X[:2]).shape
    (2, 1)
    """

    _parameter_constraints = {
        "method": [StrOptions(set(DIFFICULTY_METHODS))],
        "estimator": [HasMethods(["fit"]), None],
        "n_epochs": [Interval(Integral, 1, None, closed="left")],
        "n_repeats": [Interval(Integral, 1, None, closed="left")],
        "cv": ["cv_object"],
        "never_learned": [StrOptions({"max", "inf"})],
        "batch_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "keep_trajectories": ["boolean", StrOptions({"auto"})],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        method="aum",
        *,
        estimator=None,
        n_epochs=10,
        n_repeats=1,
        cv=5,
        never_learned="max",
        batch_size="auto",
        keep_trajectories="auto",
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.method = method
        self.estimator = estimator
        self.n_epochs = n_epochs
        self.n_repeats = n_repeats
        self.cv = cv
        self.never_learned = never_learned
        self.batch_size = batch_size
        self.keep_trajectories = keep_trajectories
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    @property
    def _spec(self):
        return DIFFICULTY_METHODS[self.method]

    @property
    def _learner_method(self):
        return self._spec.learner_method

    def _learner(self):
        if self.estimator is not None:
            return self.estimator
        return self._spec.default_estimator()

    def _say(self, line):
        if self.verbose:
            print(f"[DifficultyScorer(method={self.method!r})] {line}", flush=True)

    def __sklearn_is_fitted__(self):
        # fit stores scores_ last; n_features_in_, which validation sets
        # first, does not make a fitted scorer.
        return hasattr(self, "scores_")

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Score every example of ``X, y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the probe's ``fit`` / ``partial_fit``.

        Returns
        -------
        self : DifficultyScorer
            The fitted scorer.
        """
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_training_data(X, y)
        sample_weight = self._fit_metadata(X.shape[0], sample_weight=sample_weight).get(
            "sample_weight"
        )
        spec = self._spec
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_repeats
        )
        oof = spec.source == "out_of_fold"
        hooks = begin_fit(
            self, X_in, y_in, max_subtasks=None if oof else self.n_repeats
        )
        fitted, probes = _FIT_BY_SOURCE[spec.source](
            self,
            spec,
            self._learner(),
            _TrainingData(X, y, y_index, classes, sample_weight),
            seeds,
            hooks,
        )
        _warn_on_failed_probes(self, y_index, *probes)
        # Stored only now that nothing can fail: a failed fit leaves no
        # half-fitted scorer behind.
        for name, value in fitted.items():
            setattr(self, name, value)
        self.classes_ = classes
        self.scores_ = self.repeat_scores_.mean(axis=0)
        hooks.end()
        return self

    def _probe_signals(self, estimators, X, y_index, which):
        return [
            compute_signals(est, X, y_index, self.classes_, which) for est in estimators
        ]

    def score_samples(self, X, y=None):
        """Difficulty of new examples under the fitted probes.

        With ``y``, the fitted method is applied to ``(X, y)``: out-of-fold
        methods average every fold model (so on the training data this is not
        ``scores_``, where each row was scored only by the models that never
        trained on it); EL2N and GraNd average the final models; dynamics
        methods replay the recorded trajectories, so
        ``score_samples(X_train, y_train)`` equals ``scores_`` for them.
        Without ``y``, the label-free difficulty of :meth:`transform`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to score.
        y : array-like of shape (n_samples,), default=None
            Labels, all seen during ``fit``.

        Returns
        -------
        scores : ndarray of shape (n_samples,)
            Difficulty of each row, higher = harder.
        """
        if y is None:
            return self.transform(X)[:, 0]
        X = self._validate_predict_data(X)
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise ValueError(
                f"y must be 1-D with one label per row of X ({X.shape[0]}); "
                f"got shape {y.shape}."
            )
        y_index = encode_labels(self.classes_, y)
        spec = self._spec
        if spec.source != "dynamics":  # one score per fitted model, averaged
            signals = self._probe_signals(self.estimators_, X, y_index, spec.signals)
            return np.mean([spec.difficulty(s) for s in signals], axis=0)
        if any(t is None for t in self.trajectories_):
            raise ValueError(
                f"DifficultyScorer(method={self.method!r}) kept no per-epoch "
                "probes (keep_trajectories=False, or 'auto' found they would "
                "take more memory than X), so the training dynamics cannot be "
                "replayed on new data; fit with keep_trajectories=True."
            )
        parts = []
        for trajectory in self.trajectories_:
            dynamics = TrainingDynamics(X.shape[0])
            for signals in self._probe_signals(trajectory, X, y_index, spec.signals):
                dynamics.update(signals)
            parts.append(spec.difficulty(dynamics.statistics(self.never_learned)))
        return np.mean(parts, axis=0)

    def transform(self, X):
        """Label-free difficulty: ``1 - max_k p_k(x)``, averaged over the probes.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to score.

        Returns
        -------
        difficulty : ndarray of shape (n_samples, 1)
            Named ``"difficulty"`` by :meth:`get_feature_names_out`.
        """
        X = self._validate_predict_data(X)
        dummy = np.zeros(X.shape[0], dtype=np.intp)
        max_proba = self._probe_signals(self.estimators_, X, dummy, ("max_proba",))
        return (1.0 - np.mean([s["max_proba"] for s in max_proba], axis=0))[:, None]

    def get_feature_names_out(self, input_features=None):
        """The single output column's name: ``["difficulty"]``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Ignored except for validation against the fitted names.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``["difficulty"]``.
        """
        check_is_fitted(self)
        if input_features is not None:
            _check_feature_names_in(self, input_features)
        return np.asarray(["difficulty"], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags


def difficulty_agreement(scores):
    """Spearman rank correlation between difficulty methods.

    Tests the claim that difficulty metrics agree: each pair of score vectors
    is ranked (ties get their average rank; ``inf`` ranks last) and the
    Pearson correlation of the ranks is returned.

    Parameters
    ----------
    scores : dict of str to array-like of shape (n_samples,)
        Method name to scores, all of the same length, at least two samples.

    Returns
    -------
    agreement : pandas.DataFrame or ndarray of shape (n_methods, n_methods)
        A DataFrame indexed by the method names when pandas is installed,
        else an array in the dict's order. A constant score vector has no
        ranking, so its correlations are NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from skcurric import difficulty_agreement
    >>> a = difficulty_agreement({"x": [1, 2, 3], "y": [10, 20, 30], "z": [3, 2, 1]})
    >>> np.asarray(a).round(2).tolist()
    [[1.0, 1.0, -1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]]
    """
    if not isinstance(scores, dict) or not scores:
        raise ValueError("scores must be a non-empty dict of method name to scores.")
    names = list(scores)
    arrays = [np.asarray(scores[name], dtype=np.float64) for name in names]
    n = arrays[0].shape
    for name, arr in zip(names, arrays, strict=True):
        if arr.ndim != 1 or arr.shape != n:
            raise ValueError(
                f"scores[{name!r}] has shape {arr.shape}; every score vector "
                f"must be 1-D of the same length ({n})."
            )
        if np.isnan(arr).any():
            raise ValueError(f"scores[{name!r}] contains NaN.")
    if n[0] < 2:
        raise ValueError("difficulty_agreement needs at least 2 samples.")
    ranks = np.vstack([rankdata(a) for a in arrays])
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(ranks) if len(names) > 1 else np.ones((1, 1))
    corr = np.atleast_2d(corr)
    try:
        import pandas as pd
    except ImportError:
        return corr
    return pd.DataFrame(corr, index=names, columns=names)
