"""The one fit / partial_fit driver of the engine-based estimators.

Every estimator that trains a learner with :func:`skcurric._engine.run_epochs`
(``SelfPacedClassifier``, ``CurriculumSGDClassifier``, and new ones such as a
cross-validated self-paced classifier) runs the same sequence, written here
once:

1. validate ``X, y`` (a whole training set for ``fit``, one chunk for
   ``partial_fit``, whose classes are fixed by the first call);
2. validate the fit metadata (routed in ``fit`` when metadata routing is on);
3. check the learner (a classifier with ``partial_fit``; or, for an
   estimator that allows it, one whose ``fit`` takes ``sample_weight``) and
   seed the RNG from ``random_state`` (on a stream's first call only; later
   calls go on with the stored RNG and learner);
4. open the callback context (scikit-learn >= 1.9);
5. ``build``: the estimator's own part, which makes the strategy;
6. clone the learner, seeded (and with ``class_weight="balanced"`` resolved
   in ``fit``), unless ``build`` asked for the clone earlier;
7. run the engine (:func:`~skcurric._engine.run_epochs` for a
   ``partial_fit`` learner, :func:`~skcurric._engine.run_rounds` for a
   fit-only one), with the epoch count of a stream going on from the
   previous calls;
8. store the fitted attributes, all at once and last, so that a failed fit
   leaves the estimator as it was.

The estimator supplies ``build`` and receives everything as records (no
positional tuples). ``history_`` grows by ``list.extend`` over a stream,
never copied per call.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.utils import check_random_state

from ._cross_fit import N_PARTS, RankerEnsemble, make_rankers
from ._engine import run_epochs, run_rounds
from .utils._callbacks import begin_fit, learner_snapshot
from .utils._learners import (
    check_partial_fit,
    check_round_learner,
    check_sample_weight,
    prepare_rounds,
    resolve_balanced_class_weight,
    round_copies_rows,
    seeded_clone,
)
from .utils._networks import network_seed

__all__ = ["Training", "TrainingRun", "drive"]


@dataclass
class TrainingRun:
    """What ``build`` gets: the validated data and the run's context.

    Attributes
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Validated training data (CSR when sparse).
    y : ndarray of shape (n_samples,)
        Labels as given.
    classes : ndarray of shape (n_classes,)
        All classes (of the whole stream in ``partial_fit``).
    y_index : ndarray of shape (n_samples,)
        Index of each label in ``classes``.
    metadata : dict
        The fit parameters that were passed (not None), validated:
        ``sample_weight`` as a float array.
    rng : numpy.random.RandomState
        The run's RNG (a stream's, carried over between calls).
    learner : estimator
        The unfitted learner to clone (``estimator`` or the default).
    first : bool
        Whether nothing has been trained yet (``fit``, or a stream's first
        ``partial_fit`` call).
    streaming : bool
        Whether this is a ``partial_fit`` call.
    hooks : skcurric.utils._callbacks.TaskHooks
        The callback context (nested tasks such as a scorer's fit use it).
    estimator : estimator or None
        The learner being trained: the fitted one when a stream goes on, else
        ``None`` until :meth:`clone_learner`.
    rankers : skcurric._cross_fit.RankerEnsemble or None
        The cross-fitted rankers of a path that ranks rows by losses its
        learner did not train on (see :attr:`Training.part`), set by the
        driver.
    """

    X: Any
    y: np.ndarray
    classes: np.ndarray
    y_index: np.ndarray
    metadata: dict
    rng: Any
    learner: Any
    first: bool
    streaming: bool
    hooks: Any
    estimator: Any
    rankers: Any = None

    @property
    def n_samples(self):
        """Number of training rows (of this chunk in ``partial_fit``)."""
        return self.X.shape[0]

    @property
    def current_model(self):
        """The model as training has it now: the learner, or for a
        cross-fitted path the mean of its rankers (whose final selection
        the learner is fitted on after the last round)."""
        return self.estimator if self.rankers is None else self.rankers

    def clone_learner(self):
        """Clone the learner now, seeded from :attr:`rng`; return the clone.

        The driver calls it after ``build``; ``build`` calls it itself when
        the clone's seeds must be drawn before its own use of the RNG. In
        ``fit``, ``class_weight="balanced"`` becomes the weights of the whole
        ``y``; a stream keeps scikit-learn's error, as no call sees all labels.
        """
        if self.estimator is None:
            estimator = seeded_clone(self.learner, self.rng)
            if not self.streaming:
                resolve_balanced_class_weight(estimator, self.y_index, self.classes)
            self.estimator = estimator
        return self.estimator


@dataclass(frozen=True)
class Training:
    """What ``build`` returns: how to run the engine, and what to store.

    Attributes
    ----------
    strategy : object
        The engine strategy (see :mod:`skcurric._engine`).
    max_iter : int
        Maximum number of epochs of this call.
    batch_size : int or "auto"
        Minibatch size of the ``partial_fit`` calls.
    attributes : callable
        ``attributes(result) -> dict``, called after training with the
        :class:`~skcurric._engine.TrainResult`: the estimator's own fitted
        attributes (public and private), stored with the driver's.
    sample_weight : ndarray or None
        User weights for the engine.
    round_size : int or "auto"
        How much a round grows a ``warm_start`` learner trained in rounds of
        ``fit`` (see :func:`skcurric.utils._learners.prepare_rounds`); unused
        for a ``partial_fit`` learner.
    part : ndarray of int or None
        Cross-fitted ranking (a learner trained in rounds of ``fit`` only):
        each row's part (:func:`skcurric._cross_fit.split_parts`); the
        rounds train one ranker per part and fit the learner once on the
        final selection (see :func:`skcurric._engine.run_rounds`).
    """

    strategy: Any
    max_iter: int
    batch_size: Any
    attributes: Callable = field(default=lambda result: {})
    sample_weight: Any = None
    round_size: Any = "auto"
    part: Any = None
    final_fit: bool = True


def drive(
    estimator,
    X,
    y,
    *,
    build,
    max_subtasks,
    streaming=False,
    classes=None,
    fit_only=False,
    **metadata,
):
    """Fit ``estimator`` (or run one ``partial_fit`` call) through the engine.

    Parameters
    ----------
    estimator : skcurric.utils._base.LearnerMixin
        The skcurric estimator being fitted; it has ``random_state`` and
        ``verbose`` parameters. Its fitted attributes are set here, last:
        ``estimator_``, ``classes_``, ``n_iter_``, ``history_``, the RNG of a
        stream (``_rng``), and whatever ``build``'s ``attributes`` returns.
    X, y : array-like
        Training data as the user passed it (given to the callbacks as is).
    build : callable
        ``build(run) -> Training`` with ``run`` a :class:`TrainingRun`: the
        estimator's own checks and strategy. It may call
        ``run.clone_learner()`` to clone the learner at a set point of its
        use of the RNG.
    max_subtasks : int or callable
        Subtasks of the callback context (epochs, plus nested fits), or
        ``max_subtasks(run)`` when it depends on the metadata.
    streaming : bool, default=False
        ``partial_fit`` (a stream's chunk) rather than ``fit``.
    classes : array-like or None, default=None
        The stream's classes (``partial_fit`` only; required on its first
        call).
    fit_only : bool, default=False
        Whether the estimator also trains a learner without ``partial_fit``
        (in rounds of ``fit``); else such a learner is a TypeError.
    **metadata : dict
        Fit parameters such as ``sample_weight``; None values are dropped. In
        ``fit`` they are routed (metadata routing) and validated.

    Returns
    -------
    result : skcurric._engine.TrainResult
        What the engine reports for this call.
    """
    name = type(estimator).__name__
    first = not (streaming and hasattr(estimator, "classes_"))
    X_in, y_in = X, y
    if streaming:
        X, y, classes, y_index = estimator._validate_chunk(X, y, classes, first=first)
        metadata = {k: v for k, v in metadata.items() if v is not None}
        if "sample_weight" in metadata:
            metadata["sample_weight"] = check_sample_weight(
                metadata["sample_weight"], X.shape[0]
            )
    else:
        X, y, classes, y_index = estimator._validate_training_data(X, y)
        metadata = estimator._fit_metadata(X.shape[0], **metadata)
    if fit_only and not streaming:
        learner = check_round_learner(estimator._learner(), name)
    else:
        learner = check_partial_fit(estimator._learner(), name)
    run = TrainingRun(
        X=X,
        y=y,
        classes=classes,
        y_index=y_index,
        metadata=metadata,
        rng=check_random_state(estimator.random_state) if first else estimator._rng,
        learner=learner,
        first=first,
        streaming=streaming,
        hooks=None,
        estimator=None if first else estimator.estimator_,
    )
    run.hooks = begin_fit(
        estimator,
        X_in,
        y_in,
        max_subtasks=max_subtasks(run) if callable(max_subtasks) else max_subtasks,
        fitted_attributes=learner_snapshot(lambda: run.current_model, classes),
    )
    training = build(run)
    trained = run.clone_learner()
    common = {
        "classes": classes,
        "strategy": training.strategy,
        "max_iter": training.max_iter,
        "rng": run.rng,
        "sample_weight": training.sample_weight,
        "verbose": estimator.verbose,
        "owner": name,
        "hooks": run.hooks,
    }
    with network_seed(trained, run.rng):
        if hasattr(trained, "partial_fit"):
            result = run_epochs(
                trained,
                X,
                y,
                y_index,
                batch_size=training.batch_size,
                first_call=first,
                # A stream's rows count on from the epochs of the previous calls.
                epoch_offset=0 if first else estimator.n_iter_,
                **common,
            )
        else:  # a learner with fit only: rounds of fit (see run_rounds)
            rounds = {"copy_rows": round_copies_rows(trained)}
            if training.part is None:
                rounds["grow"] = prepare_rounds(trained, training.round_size)
            else:
                rankers = make_rankers(trained, N_PARTS)
                for ranker in rankers:  # each set up for rounds, by one rule
                    grow = prepare_rounds(ranker, training.round_size, cross_fit=True)
                rounds["grow"] = grow
                rounds.update(
                    rankers=rankers, part=training.part, final_fit=training.final_fit
                )
                run.rankers = RankerEnsemble(rankers, classes)
            result = run_rounds(trained, X, y, y_index, **rounds, **common)
            run.rankers = None  # the learner, fitted on the final selection
    run.hooks.end()
    _store(estimator, run, training.attributes(result), result, first)
    return result


def _store(estimator, run, attributes, result, first):
    """Set the fitted attributes, all together, after training succeeded."""
    if first:
        estimator.history_ = result.history
        estimator.n_iter_ = result.n_iter
    else:
        estimator.history_.extend(result.history)  # no copy per streamed chunk
        estimator.n_iter_ += result.n_iter
    for key, value in attributes.items():
        setattr(estimator, key, value)
    estimator.estimator_, estimator._rng = run.estimator, run.rng
    # classes_ last: it is what makes the estimator fitted.
    estimator.classes_ = run.classes
