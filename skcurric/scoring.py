"""Per-example difficulty: ``DifficultyScorer`` and ``difficulty_agreement``."""

import copy
import warnings
from numbers import Integral

import numpy as np
from scipy import sparse
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from ._dynamics import SIGNALS_FOR, TrainingDynamics
from ._engine import UniformStrategy, auto_batch_size, run_epochs
from ._signals import compute_signals, encode_labels
from .utils._base import LearnerMixin
from .utils._callbacks import NO_HOOKS, begin_fit
from .utils._learners import (
    check_partial_fit,
    resolve_balanced_class_weight,
    seeded_clone,
)

__all__ = ["DifficultyScorer", "difficulty_agreement"]

OUT_OF_FOLD_METHODS = ("loss", "margin", "teacher")
DYNAMICS_METHODS = ("forgetting", "aum", "confidence", "variability", "learned_epoch")
FINAL_STATE_METHODS = ("el2n", "grand")
METHODS = OUT_OF_FOLD_METHODS + FINAL_STATE_METHODS + DYNAMICS_METHODS


def _oof_difficulty(method, signals):
    """Out-of-fold signals oriented so that higher = harder."""
    if method == "loss":
        return signals["loss"]
    if method == "margin":
        return -signals["margin"]
    return 1.0 - signals["p_true"]  # teacher: 1 - confidence on the true label


def _fit_fold(learner, X, y, train, seed, sample_weight, task=NO_HOOKS):
    est = seeded_clone(learner, seed)
    kwargs = {} if sample_weight is None else {"sample_weight": sample_weight[train]}
    with task.run(est):
        est.fit(X[train], y[train], **kwargs)
    return est


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


def _train_trajectory(
    learner,
    X,
    y,
    y_index,
    classes,
    method,
    n_epochs,
    batch_size,
    seed,
    sample_weight,
    never_learned,
    trajectory_budget,
    task=NO_HOOKS,
):
    """One independently seeded short training, recording its dynamics.

    ``trajectory_budget``: bytes the per-epoch probe copies may take in all
    (``None``: no copies). Over budget, no copy is kept and ``None`` is
    returned in place of the trajectory.
    """
    rng = np.random.RandomState(seed)
    est = resolve_balanced_class_weight(seeded_clone(learner, rng), y_index, classes)
    final_state = method in FINAL_STATE_METHODS
    dynamics = None if final_state else TrainingDynamics(X.shape[0])
    snapshots = [] if trajectory_budget is not None else None
    final = {}

    def on_signals(epoch, signals, record):
        nonlocal snapshots
        record["train_accuracy"] = float(signals["correct"].mean())
        if final_state:
            final[method] = signals[method]
            return
        dynamics.update(signals)
        if snapshots is None:
            return
        if epoch == 0 and _model_bytes(est) * n_epochs > trajectory_budget:
            snapshots = None  # would not fit: score_samples will say so
            return
        snapshots.append(copy.deepcopy(est))

    # EL2N and GraNd need the final state only: one signal pass in all, after
    # the last epoch; the dynamics methods need one pass after every epoch.
    strategy = UniformStrategy(
        X.shape[0],
        (method, "correct") if final_state else SIGNALS_FOR[method],
        on_signals,
        last_epoch=n_epochs - 1 if final_state else None,
    )
    with task.run():
        result = run_epochs(
            est,
            X,
            y,
            y_index,
            classes=classes,
            strategy=strategy,
            max_iter=n_epochs,
            batch_size=batch_size,
            rng=rng,
            sample_weight=sample_weight,
            owner="DifficultyScorer",
            hooks=task,
        )
    if final_state:
        return final[method], est, snapshots, None, result.history
    stats = dynamics.statistics(never_learned)
    stats["unforgettable"] = dynamics.unforgettable
    return (
        dynamics.difficulty(method, never_learned),
        est,
        snapshots,
        stats,
        result.history,
    )


class DifficultyScorer(TransformerMixin, LearnerMixin, BaseEstimator):
    """Per-example difficulty of a labelled data set; higher score = harder.

    Two families of methods:

    **Out of fold** (every example scored by a model that never saw it, which
    avoids the memorisation bias of in-sample losses), with ``cv`` folds and
    ``n_repeats`` re-shuffled fold assignments, averaged; the learner needs
    only ``fit``:

    - ``"loss"``: log loss ``-log p_y`` (hinge loss for learners without
      ``predict_proba``, see :mod:`skcurric._signals`);
    - ``"margin"``: ``-(z_y - max_{k != y} z_k)``;
    - ``"teacher"``: ``1 - p_y`` under a separate teacher model (transfer
      teacher, Hacohen & Weinshall 2019); ``estimator`` is the teacher (any
      classifier or Pipeline with ``fit``), ``LogisticRegression`` when
      ``estimator=None``.

    **Training dynamics** of ``n_repeats`` independently seeded trainings of
    ``n_epochs`` epochs each through ``partial_fit`` (the learner needs it),
    recorded after every epoch on the whole training set and averaged over
    repeats:

    - ``"forgetting"``: number of forgetting events, correct at epoch ``t-1``
      and wrong at ``t`` (Toneva et al. 2019). Examples never classified
      correctly get ``n_epochs`` (``never_learned="max"``, as in the
      original code) or ``inf`` (``"inf"``), so they rank as the most
      forgettable, never as the easiest;
    - ``"el2n"``: ``|| p(x) - onehot(y) ||_2`` after the last epoch (Paul,
      Ganguli & Dziugaite 2021, who average about 10 short trainings);
    - ``"grand"``: ``|| grad_W loss ||_2`` of the last layer in closed form,
      ``|| r ||_2 || [x, 1] ||_2`` (same paper; linear models and
      MLPClassifier only);
    - ``"aum"``: ``-AUM``, AUM the mean margin over epochs (Pleiss et al. 2020;
      low AUM flags mislabelled data);
    - ``"confidence"``: ``1 -`` mean over epochs of ``p(y | x)``, and
      ``"variability"``: its standard deviation (dataset cartography,
      Swayamdipta et al. 2020). High variability marks *ambiguous*
      examples; mislabelled ones are usually wrong throughout (low
      confidence, low variability), so look for label noise with
      ``"confidence"`` or ``"aum"``;
    - ``"learned_epoch"``: first epoch from which the example stays correct
      (``n_epochs + 1`` or ``inf`` if wrong at the end).

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
        ``"learned_epoch"`` (see above).
    batch_size : int or "auto", default="auto"
        Minibatch size of the ``partial_fit`` calls; ``"auto"`` sizes one
        minibatch copy to at most 16 MiB (at least 1,024 rows). Only the
        current minibatch of ``X`` is ever copied.
    keep_trajectories : bool or "auto", default="auto"
        Dynamics methods only: keep the probe after every epoch in
        ``trajectories_``, so that :meth:`score_samples` can replay the
        training dynamics on new data. ``"auto"`` keeps them when all of them
        take no more memory than ``X`` itself (a linear model on dense data:
        always; a wide sparse model: not), which keeps the scorer's memory
        bounded by the data's.
    n_jobs : int or None, default=None
        Repeats and folds run in parallel through joblib, so a Dask or Ray
        joblib backend can run them on a cluster.
    random_state : int, RandomState instance or None, default=None
        Seeds the probes (their own ``random_state`` is overridden) and the
        batch orders.

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
        Dynamics methods only: per repeat, one record per epoch.
    estimators_ : list of estimators
        The fitted probes: one per fold and repeat (out-of-fold methods) or
        the final model of each repeat.
    trajectories_ : list of (list of estimators or None)
        Dynamics methods only: the probe after every epoch of every repeat,
        used by :meth:`score_samples` to replay the dynamics on new data;
        ``None`` for a repeat whose probes were not kept (see
        ``keep_trajectories``).
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Only when ``X`` has string column names.

    See Also
    --------
    difficulty_agreement : Spearman agreement between methods.

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
        "method": [StrOptions(set(METHODS))],
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

    @property
    def _learner_method(self):
        return "fit" if self.method in OUT_OF_FOLD_METHODS else "partial_fit"

    def _learner(self):
        if self.estimator is not None:
            return self.estimator
        if self.method == "teacher":
            return LogisticRegression(max_iter=1000)
        # Averaged, not plain, SGD: the averaged iterate does not swing with
        # the last few noisy rows, so the probe never ends inverted (noise
        # detection AUC 0.82-0.99 against 0.58-0.98 for the last iterate,
        # benchmarks/bench_defaults.py).
        return SGDClassifier(loss="log_loss", average=True)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Score every example of ``X, y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the probe's ``fit`` / ``partial_fit``.

        Returns
        -------
        self : DifficultyScorer
        """
        X_in, y_in = X, y
        X, y, classes, y_index = self._validate_training_data(X, y)
        sample_weight = self._fit_metadata(X.shape[0], sample_weight=sample_weight).get(
            "sample_weight"
        )
        learner = self._learner()
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_repeats
        )
        self.classes_ = classes
        oof = self.method in OUT_OF_FOLD_METHODS
        hooks = begin_fit(
            self, X_in, y_in, max_subtasks=None if oof else self.n_repeats
        )
        fit_part = self._fit_out_of_fold if oof else self._fit_dynamics
        probes = fit_part(learner, X, y, y_index, seeds, sample_weight, hooks)
        hooks.end()
        self._warn_on_failed_probes(y_index, *probes)
        self.scores_ = self.repeat_scores_.mean(axis=0)
        return self

    def _fit_out_of_fold(self, learner, X, y, y_index, seeds, sample_weight, hooks):
        if sample_weight is not None and not has_fit_parameter(
            learner, "sample_weight"
        ):
            raise TypeError(
                f"{type(learner).__name__}.fit does not accept sample_weight."
            )
        jobs = []
        for seed in seeds:
            if isinstance(self.cv, Integral):
                splitter = StratifiedKFold(self.cv, shuffle=True, random_state=seed)
            else:
                splitter = check_cv(self.cv, y, classifier=True)
            fold_rng = np.random.RandomState(seed)
            try:
                folds = list(splitter.split(X, y))
            except ValueError as exc:
                # The splitter's message names its own n_splits; say whose it is.
                raise ValueError(
                    f"{type(self).__name__}(cv={self.cv!r}, method={self.method!r}) "
                    f"cannot split these {X.shape[0]} samples: {exc}"
                ) from exc
            jobs.extend(
                (train, test, int(fold_rng.randint(np.iinfo(np.int32).max)))
                for train, test in folds
            )
        # One subtask per fold: the fold's fit, with the callbacks propagated.
        tasks = [hooks.child("fold", with_data=False) for _ in jobs]
        try:
            self.estimators_ = Parallel(n_jobs=self.n_jobs)(
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
                f"{type(self).__name__}(cv={self.cv!r}): fold(s) {single[:5]} train "
                f"on one class only, and {type(learner).__name__} failed: {exc} Use "
                "a stratified or shuffled splitter."
            ) from exc
        n_folds = len(jobs) // self.n_repeats
        accuracies = []
        self.repeat_scores_ = np.full((self.n_repeats, X.shape[0]), np.nan)
        for j, ((_, test, _), est) in enumerate(
            zip(jobs, self.estimators_, strict=True)
        ):
            signals = compute_signals(
                est,
                X[test],
                y_index[test],
                self.classes_,
                ("loss", "margin", "p_true", "correct"),
            )
            self.repeat_scores_[j // n_folds, test] = _oof_difficulty(
                self.method, signals
            )
            accuracies.append(float(signals["correct"].mean()))
        if np.isnan(self.repeat_scores_).any():
            raise ValueError(
                "The cross-validation splitter left some samples without an "
                "out-of-fold score; use a splitter whose test folds cover every "
                "sample (KFold, StratifiedKFold)."
            )
        return "fold model", "held-out", accuracies

    def _warn_on_failed_probes(self, y_index, kind, where, accuracies):
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
            f"DifficultyScorer(method={self.method!r}): {len(failed)} of "
            f"{len(accuracies)} {kind}(s) scored below the majority-class share "
            f"{majority:.2f} on their {where} data (accuracy {min(failed):.2f} at "
            "worst), so their scores may rank easy examples as hard. Plain SGD's "
            "last iterate is unstable on small or noisy data: try "
            "SGDClassifier(loss='log_loss', average=True), more n_repeats, or a "
            "more stable estimator.",
            UserWarning,
            stacklevel=4,  # past fit and its scikit-learn wrapper, to the caller
        )

    def _fit_dynamics(self, learner, X, y, y_index, seeds, sample_weight, hooks):
        check_partial_fit(learner, f"DifficultyScorer(method={self.method!r})")
        batch_size = (
            auto_batch_size(X) if self.batch_size == "auto" else self.batch_size
        )
        keep = self.method in DYNAMICS_METHODS
        if not keep:
            budget = None
        elif isinstance(self.keep_trajectories, str):  # "auto"
            budget = _data_bytes(X)
        else:
            budget = np.inf if self.keep_trajectories else None
        runs = Parallel(n_jobs=self.n_jobs)(
            delayed(_train_trajectory)(
                learner,
                X,
                y,
                y_index,
                self.classes_,
                self.method,
                self.n_epochs,
                batch_size,
                seed,
                sample_weight,
                self.never_learned,
                budget,
                hooks.child("repeat", self.n_epochs, with_data=False),
            )
            for seed in seeds
        )
        self.repeat_scores_ = np.vstack([r[0] for r in runs])
        self.estimators_ = [r[1] for r in runs]
        if keep:
            self.trajectories_ = [r[2] for r in runs]
            stats = [r[3] for r in runs]
            self.dynamics_ = {
                key: np.mean([s[key] for s in stats], axis=0)
                for key in stats[0]
                if key != "unforgettable"
            }
            self.dynamics_["unforgettable"] = np.logical_and.reduce(
                [s["unforgettable"] for s in stats]
            )
        self.history_ = [r[4] for r in runs]
        return "probe", "training", [h[-1]["train_accuracy"] for h in self.history_]

    def _probe_signals(self, estimators, X, y_index, which):
        return [
            compute_signals(est, X, y_index, self.classes_, which) for est in estimators
        ]

    def score_samples(self, X, y=None):
        """Difficulty of new examples under the fitted probes.

        With ``y``, the fitted method is applied to ``(X, y)``: out-of-fold
        methods average every fold model (on new data none of them saw it; on
        the training data this is not ``scores_``, where each row was scored
        only by the models that never trained on it);
        EL2N and GraNd average the final models; dynamics methods replay the
        recorded trajectories, so ``score_samples(X_train, y_train)`` equals
        ``scores_`` for them. Without ``y``, the label-free difficulty of
        :meth:`transform`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
            Labels, all seen during ``fit``.

        Returns
        -------
        scores : ndarray of shape (n_samples,)
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
        if self.method in OUT_OF_FOLD_METHODS:
            parts = [
                _oof_difficulty(self.method, s)
                for s in self._probe_signals(
                    self.estimators_, X, y_index, ("loss", "margin", "p_true")
                )
            ]
        elif self.method in FINAL_STATE_METHODS:
            parts = [
                s[self.method]
                for s in self._probe_signals(
                    self.estimators_, X, y_index, (self.method,)
                )
            ]
        else:
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
                for signals in self._probe_signals(
                    trajectory, X, y_index, SIGNALS_FOR[self.method]
                ):
                    dynamics.update(signals)
                parts.append(dynamics.difficulty(self.method, self.never_learned))
        return np.mean(parts, axis=0)

    def transform(self, X):
        """Label-free difficulty: ``1 - max_k p_k(x)``, averaged over the probes.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

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
        """
        check_is_fitted(self)
        if input_features is not None:
            from sklearn.utils.validation import _check_feature_names_in

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
