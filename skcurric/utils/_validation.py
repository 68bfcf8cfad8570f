"""Validation shared by the estimators that take difficulty scores or groups.

One place for: a vector of difficulty scores (given by the user or read from a
fitted scorer's ``scores_``), fitting a scorer and checking what it left, and
encoding group labels (classes, or the user's ``groups``) as integer codes.
"""

import numpy as np
from sklearn.utils.validation import check_array

from ._callbacks import NO_HOOKS
from ._learners import accepts_sample_weight, seeded_clone

__all__ = ["check_difficulty", "encode_groups", "fit_scorer"]


def check_difficulty(difficulty, n_samples, source="difficulty"):
    """A float64 copy of ``difficulty``, one score per sample (higher = harder).

    ``+-inf`` is allowed (a never-learned example ranks last), NaN is not: every
    sample needs a place in the ranking.

    Parameters
    ----------
    difficulty : array-like of shape (n_samples,)
        The scores.
    n_samples : int
        The number of training samples they must cover.
    source : str, default="difficulty"
        What the scores are, for the error messages (``"difficulty"``,
        ``"DifficultyScorer.scores_"``...).

    Returns
    -------
    difficulty : ndarray of shape (n_samples,)
        A copy, so that a fitted attribute never changes with the caller's
        array.

    Raises
    ------
    ValueError
        Non-numeric scores, a shape other than ``(n_samples,)``, or NaN.
    """
    try:
        difficulty = check_array(
            difficulty,
            ensure_2d=False,
            ensure_all_finite=False,  # +-inf ranks fine (e.g. never-learned)
            dtype=np.float64,
            input_name=source,
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{source} must be numeric, one score per sample: {exc}"
        ) from exc
    if difficulty.ndim != 1 or difficulty.shape[0] != n_samples:
        raise ValueError(
            f"{source} must be 1-D and hold one score per training sample: "
            f"expected shape ({n_samples},), got {difficulty.shape}."
        )
    nan = np.flatnonzero(np.isnan(difficulty))
    if nan.size:
        raise ValueError(
            f"{source} contains NaN at {nan.size} position(s) (first: "
            f"{nan[:5].tolist()}); every sample needs a difficulty score."
        )
    return np.array(difficulty, dtype=np.float64)  # a copy: inputs stay theirs


def fit_scorer(scorer, X, y, random_state, hooks=NO_HOOKS, sample_weight=None):
    """Fit a seeded clone of ``scorer`` on ``X, y``; return it and its scores.

    Parameters
    ----------
    scorer : estimator
        Anything whose ``fit(X, y)`` sets ``scores_``, one difficulty per row
        (higher = harder), like :class:`~skcurric.DifficultyScorer`.
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Validated training data.
    y : ndarray of shape (n_samples,)
        Class labels.
    random_state : int or RandomState
        Seeds the clone (its own ``random_state`` is overridden).
    hooks : TaskHooks, default=NO_HOOKS
        The owner's callbacks; the scorer's fit is their ``"score"`` subtask.
    sample_weight : ndarray of shape (n_samples,) or None, default=None
        Passed to a scorer whose ``fit`` takes it.

    Returns
    -------
    scorer : estimator
        The fitted clone.
    scores : ndarray of shape (n_samples,)
        Its ``scores_``, checked by :func:`check_difficulty`.

    Raises
    ------
    TypeError
        When the scorer's ``fit`` left no ``scores_``.
    """
    scorer = seeded_clone(scorer, random_state)
    params = {}
    if sample_weight is not None and accepts_sample_weight(scorer, "fit"):
        params["sample_weight"] = sample_weight
    with hooks.nested("score", scorer):
        scorer.fit(X, y, **params)
    name = type(scorer).__name__
    if not hasattr(scorer, "scores_"):
        raise TypeError(
            f"{name} has no scores_ after fit: a scorer's fit must set scores_, "
            "one difficulty per training sample (higher = harder), like "
            "skcurric.DifficultyScorer."
        )
    return scorer, check_difficulty(scorer.scores_, X.shape[0], f"{name}.scores_")


def encode_groups(groups, name="groups"):
    """Integer codes ``0 .. n_groups - 1`` of 1-D labels, and the sorted labels.

    Parameters
    ----------
    groups : array-like of shape (n_samples,)
        Class labels or group labels, of any sortable type.
    name : str, default="groups"
        Their name in the error messages.

    Returns
    -------
    uniques : ndarray of shape (n_groups,)
        The sorted distinct labels.
    codes : ndarray of int of shape (n_samples,)
        ``uniques[codes]`` equals ``groups``.
    """
    groups = np.asarray(groups)
    try:
        uniques, codes = np.unique(groups, return_inverse=True)
    except TypeError as exc:
        raise ValueError(f"{name} has labels that cannot be compared: {exc}") from None
    return uniques, codes.ravel()
