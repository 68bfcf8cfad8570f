"""Per-sample signals of a fitted classifier: the one place they are computed.

Every estimator in skcurric (the training engine, the difficulty scorer, the
self-paced and curriculum strategies, the pruners) asks this module for
per-sample losses, true-class probabilities, margins, correctness, EL2N and
GraNd. Computation is vectorised and runs over row chunks bounded by
``sklearn.get_config()["working_memory"]``; dense and sparse ``X`` work; labels
are given as indices into the full class list so string labels need no special
case here.

Conventions (documented once, used everywhere)
-----------------------------------------------
scores ``z``
    ``decision_function`` when the learner has it (logits for logistic SGD;
    a binary learner's single column ``d`` is read as ``z = [0, d]``), else
    ``log predict_proba`` (which differs from softmax logits by a per-row
    constant, so margins are identical).
probabilities ``p``
    ``predict_proba`` when the learner has it, else the softmax of ``z``
    (pseudo-probabilities for hinge and perceptron learners).
loss
    log loss ``-log p_y`` (p clipped at the smallest normal float, so at most
    about 708) with ``predict_proba``;
    otherwise the multiclass hinge (Crammer-Singer) ``max(0, 1 - margin)``,
    which is the ordinary hinge ``max(0, 1 - s d)`` for a binary learner.
margin
    ``z_y - max_{k != y} z_k``: positive when correct (Pleiss et al. 2020).
correct
    ``argmax z == y`` (the learner's own prediction rule).
EL2N
    ``|| p - onehot(y) ||_2`` (Paul, Ganguli, Dziugaite 2021).
GraNd
    ``|| d loss / d W_last ||_2`` in closed form: for a linear model
    ``|| r ||_2 * || [x, 1] ||_2`` with ``r`` the residual of the output layer
    (``sigmoid(z) - onehot(y)`` per one-vs-rest output for logistic SGD, a
    single output ``p_1 - y_1`` for binary models, ``p - onehot(y)`` for softmax
    models); for
    :class:`~sklearn.neural_network.MLPClassifier` the same with the last hidden
    layer's activations ``h`` in place of ``x`` (the gradient of the last layer
    only: an approximation of the full-network GraNd, as in Paul et al.'s
    cheap variants); for a skorch network the same with the input ``h`` of
    the last ``torch.nn.Linear`` layer its module runs, provided that
    ``predict_proba`` is the softmax of that layer's output (checked). Other
    learners raise a TypeError.
columns
    As many ``predict_proba`` (or ``decision_function``) columns as classes
    are the classes the skcurric estimator fixed with
    ``partial_fit(classes=...)``, in sorted order, whatever the learner's
    ``classes_`` says (a skorch network's follows the labels of its latest
    call). A learner trained without some class (a small cross-validation
    fold) has fewer columns, one per entry of its ``classes_``: its missing
    columns get probability 0 and margins are taken on ``log max(p, tiny)``
    so the scores stay comparable across folds. Any other width is a
    ValueError naming the learner (the learner protocol,
    ``docs/user_guide/learners.rst``).
"""

import math

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn import config_context, get_config
from sklearn.linear_model import SGDClassifier
from sklearn.linear_model._base import LinearClassifierMixin
from sklearn.utils import gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils.extmath import row_norms, safe_sparse_dot

from .utils._networks import is_network, last_layer_inputs

__all__ = ["SIGNALS", "compute_signals", "encode_labels", "uninformed_loss"]

SIGNALS = ("loss", "p_true", "margin", "correct", "el2n", "grand", "max_proba")

# Probabilities are clipped at the smallest normal float, not at machine
# epsilon: a badly wrong example often has p_y ~ 1e-100, and clipping at eps
# (loss 36.04) would tie half the examples of a noisy problem and erase the
# ranking that self-paced learning and pruning rely on.
_EPS = np.finfo(np.float64).tiny
# Beyond a few thousand rows a vectorised chunk runs no faster, while its
# (rows x classes) temporaries keep growing: cap the chunk below working_memory.
_MAX_CHUNK_ROWS = 16384


def encode_labels(classes, y):
    """Indices of ``y`` in the sorted ``classes``; ValueError for unseen labels."""
    classes = np.asarray(classes)
    y = np.asarray(y)
    idx = np.searchsorted(classes, y)
    idx = np.clip(idx, 0, len(classes) - 1)
    bad = classes[idx] != y
    if np.any(bad):
        unseen = np.unique(y[bad])[:5]
        raise ValueError(
            f"y contains labels not seen during fit: {unseen.tolist()}; "
            f"known classes are {classes.tolist()}."
        )
    return idx


def _uses_log_loss(estimator):
    """The loss rule: log loss with ``predict_proba``, else the hinge loss."""
    return hasattr(estimator, "predict_proba")


def uninformed_loss(estimator, n_classes):
    """The loss, by the rule above, of a model that scores every class alike.

    What the losses are before any training: ``ln K`` (log loss of uniform
    probabilities over ``K`` classes) for a learner with ``predict_proba``,
    ``1`` (hinge loss at margin 0) otherwise. ``estimator`` need not be fitted.
    """
    return math.log(n_classes) if _uses_log_loss(estimator) else 1.0


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _learner_columns(estimator, classes, width):
    """Where each of the learner's ``width`` output columns sits in ``classes``.

    As many columns as ``classes``: they are the classes the skcurric
    estimator fixed (passed as ``partial_fit(classes=...)``), whatever the
    learner's ``classes_`` says, which for a skorch network follows the labels
    of its latest call. Fewer: a model fitted on a subset of the classes (a
    small fold), whose ``classes_`` must then name one class per column, all
    among ``classes``. Anything else is a ValueError naming the learner and
    what it must provide.
    """
    k = len(classes)
    name = type(estimator).__name__
    learner_classes = getattr(estimator, "classes_", None)
    if width == k:
        if (
            learner_classes is not None
            and len(learner_classes) == k
            and not np.array_equal(np.asarray(learner_classes), classes)
        ):
            raise ValueError(
                f"{name}.classes_ is {np.asarray(learner_classes).tolist()[:10]} "
                f"but the classes are {classes.tolist()[:10]}: a learner must "
                "keep the classes passed to its first partial_fit call "
                "(classes=) as classes_, one output column each, in that order."
            )
        return np.arange(k), True
    method = "predict_proba"
    if not hasattr(estimator, "predict_proba"):
        method = "decision_function"
    if width > k or learner_classes is None or len(learner_classes) != width:
        n_named = "no" if learner_classes is None else len(learner_classes)
        raise ValueError(
            f"{name}.{method} returns {width} column(s) for {k} classes and its "
            f"classes_ names {n_named}: a learner must return one column per "
            f"class, the {k} classes passed to partial_fit(classes=...) in "
            "their sorted order (a model fitted on fewer classes: one per "
            "entry of its classes_). For a skorch network, the module's last "
            f"layer must have {k} outputs."
        )
    learner_classes = np.asarray(learner_classes)
    cols = np.clip(np.searchsorted(classes, learner_classes), 0, k - 1)
    if not np.array_equal(classes[cols], learner_classes):
        raise ValueError(
            f"{name}.classes_ holds {learner_classes.tolist()[:10]}, not all "
            f"among the classes {classes.tolist()[:10]}."
        )
    return cols, False


def _mlp_last_hidden(estimator, X):
    """Activations of the MLP's last hidden layer (the input of the output layer)."""
    act = {
        "identity": lambda a: a,
        "logistic": _sigmoid,
        "tanh": np.tanh,
        "relu": lambda a: np.maximum(a, 0.0),
    }[estimator.activation]
    h = X
    for W, b in zip(estimator.coefs_[:-1], estimator.intercepts_[:-1], strict=True):
        h = act(safe_sparse_dot(h, W) + b)
    return h


def _grand_parts(estimator, X):
    """(residual kind, squared norm of the output layer's input incl. the bias)."""
    name = type(estimator).__name__
    if is_network(estimator):
        # (||h||^2 + bias, logits) of the last Linear layer the module runs.
        return "network", last_layer_inputs(estimator, X)
    if hasattr(estimator, "coefs_") and hasattr(estimator, "out_activation_"):
        h = _mlp_last_hidden(estimator, X)
        return "proba", row_norms(h, squared=True) + 1.0
    if hasattr(estimator, "coef_") and hasattr(estimator, "intercept_"):
        feat = row_norms(X, squared=True) + 1.0
        if name == "SGDClassifier" and getattr(estimator, "loss", None) == "log_loss":
            return "ovr_sigmoid", feat
        if hasattr(estimator, "predict_proba"):
            return "proba", feat
    raise TypeError(
        "GraNd has a closed form only for linear models with probabilities "
        "(e.g. SGDClassifier(loss='log_loss'), LogisticRegression), "
        "MLPClassifier and skorch networks (for their last layer); got "
        f"{name}. Use method='el2n' instead."
    )


def _check_softmax_output(estimator, logits, proba):
    """GraNd of a network's last layer needs ``predict_proba = softmax(z)``.

    Then the gradient of the log loss with respect to the layer's output is
    ``p - onehot(y)``; a module that ends otherwise (a sigmoid, a temperature,
    a layer after the last Linear one) has another gradient: refused.
    """
    if logits.shape != proba.shape or not np.allclose(
        _softmax(logits.copy()), proba, rtol=1e-3, atol=1e-5
    ):
        raise TypeError(
            f"GraNd of {type(estimator).__name__} is computed for the last "
            "torch.nn.Linear layer of its module, whose output z must give "
            "predict_proba = softmax(z) (a module ending in Linear then "
            "softmax, or returning logits with CrossEntropyLoss); this "
            "module's does not. Use method='el2n' instead."
        )


def linear_scores(estimator, X):
    """``decision_function`` of a fitted linear classifier, without re-checking ``X``.

    For a learner that uses scikit-learn's own linear decision rule
    (:class:`~sklearn.linear_model._base.LinearClassifierMixin`, not
    overridden): ``X @ coef_.T + intercept_``, raveled for one column, as
    that method computes it. It re-validates ``X`` on every call, which on
    small data costs more than the product; the engine calls it after every
    epoch on data it validated once. ``None`` for any other learner (or
    input that is not an array), which then goes through its own method.
    """
    if type(estimator).decision_function is not LinearClassifierMixin.decision_function:
        return None
    coef = getattr(estimator, "coef_", None)
    intercept = getattr(estimator, "intercept_", None)
    if coef is None or intercept is None:
        return None
    if not (isinstance(X, np.ndarray) or sparse.issparse(X)) or X.ndim != 2:
        return None
    if X.shape[1] != coef.shape[-1]:
        return None  # the learner's own method names the mismatch
    coef_t = coef.T if coef.ndim == 2 else coef
    scores = safe_sparse_dot(X, coef_t, dense_output=True) + intercept
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim > 1 and scores.shape[1] == 1:
        return scores.reshape(-1)
    return scores


def linear_predict(estimator, X):
    """``predict`` of a linear classifier through :func:`linear_scores`;
    ``None`` where that is ``None`` or the learner overrides ``predict``."""
    if type(estimator).predict is not LinearClassifierMixin.predict:
        return None
    scores = linear_scores(estimator, X)
    if scores is None:
        return None
    index = (scores > 0).astype(np.intp) if scores.ndim == 1 else scores.argmax(axis=1)
    return np.take(estimator.classes_, index, axis=0)


def _ovr_logistic_proba(d):
    """``SGDClassifier(loss="log_loss").predict_proba`` from its scores ``d``:
    the sigmoid of each one-vs-rest score, normalised over the classes (a row
    whose sigmoids all underflow is uniform); ``[1 - s, s]`` for one score."""
    s = expit(d)  # not _sigmoid's tanh form, which rounds to 0 below about -38
    if s.ndim == 1:
        return np.column_stack([1.0 - s, s])
    total = s.sum(axis=1)
    zero = total == 0
    if zero.any():
        s[zero] = 1.0
        total[zero] = s.shape[1]
    return s / total[:, None]


def _chunk_signals(estimator, X, yi, classes, which):
    n, k = X.shape[0], len(classes)
    rows = np.arange(n)
    has_dec = hasattr(estimator, "decision_function")
    has_proba = hasattr(estimator, "predict_proba")
    if not (has_dec or has_proba):
        raise TypeError(
            f"{type(estimator).__name__} has neither predict_proba nor "
            "decision_function, so no per-sample signal can be computed."
        )
    grand_kind = feat_sq = None
    if "grand" in which:
        grand_kind, feat_sq = _grand_parts(estimator, X)
    # decision_function is a second pass over X: only when a signal needs
    # logits (margins, hinge loss, one-vs-rest GraNd) or there is no proba.
    need_dec = has_dec and (
        not has_proba or "margin" in which or grand_kind == "ovr_sigmoid"
    )

    d = d_full = None
    fast = linear_scores(estimator, X) if has_dec else None
    # Logistic SGD's probabilities are its scores' normalised sigmoids: one
    # pass over X gives both (exactly SGDClassifier.predict_proba).
    ovr_proba = (
        fast is not None
        and type(estimator) is SGDClassifier
        and estimator.loss == "log_loss"
    )
    if need_dec or ovr_proba:
        d = fast
        if d is None:
            d = np.asarray(estimator.decision_function(X), dtype=np.float64)
        if d.ndim == 1:  # binary learners score class 1 only: z = [0, d]
            d_full = np.zeros((n, 2))
            d_full[:, 1] = d
        else:
            d_full = d
    if ovr_proba:
        p_l = _ovr_logistic_proba(d.copy())
    elif has_proba:
        # The NaN rows of older scikit-learn (below) are repaired here, so
        # the division warning that comes with them is not the user's.
        with np.errstate(divide="ignore", invalid="ignore"):
            p_l = np.asarray(estimator.predict_proba(X), dtype=np.float64)
    else:
        p_l = _softmax(d_full.copy())
    if has_proba:
        # scikit-learn < 1.8's SGDClassifier (log loss, one-vs-rest) returns
        # NaN rows when every sigmoid underflows; newer versions return the
        # uniform distribution there, which is what such a row means.
        bad = ~np.isfinite(p_l).all(axis=1)
        if bad.any():
            p_l[bad] = 1.0 / p_l.shape[1]
    cols, complete = _learner_columns(estimator, classes, p_l.shape[1])
    if complete:
        p = p_l
    else:
        p = np.zeros((n, k))
        p[:, cols] = p_l
    # scores for margins and the prediction rule: logits when available
    z = d_full if (d_full is not None and complete) else None

    out = {}
    p_true = p[rows, yi]
    margin = None
    if "margin" in which or ("loss" in which and not _uses_log_loss(estimator)):
        if z is None:
            z = np.log(np.maximum(p, _EPS))
        z_other = z.copy()
        z_other[rows, yi] = -np.inf
        margin = z[rows, yi] - z_other.max(axis=1)
    if "p_true" in which:
        out["p_true"] = p_true
    if "margin" in which:
        out["margin"] = margin
    if "loss" in which:
        if _uses_log_loss(estimator):
            out["loss"] = -np.log(np.maximum(p_true, _EPS))
        else:
            out["loss"] = np.maximum(0.0, 1.0 - margin)
    if "correct" in which:
        # argmax of the logits, else of p: the same rule as predict
        out["correct"] = (z if z is not None else p).argmax(axis=1) == yi
    if "max_proba" in which:
        out["max_proba"] = p.max(axis=1)
    residual = None
    if "el2n" in which or grand_kind in ("proba", "network"):
        # p - onehot(y), formed explicitly: the expanded form sum p^2 - 2 p_y + 1
        # cancels catastrophically when p_y is close to 1.
        residual = p.copy()
        residual[rows, yi] -= 1.0
    if "el2n" in which:
        out["el2n"] = np.sqrt(np.einsum("ij,ij->i", residual, residual))
    if "grand" in which:
        if grand_kind == "network":
            feat_sq, logits = feat_sq
            _check_softmax_output(estimator, logits, p_l)
            r_sq = np.einsum("ij,ij->i", residual, residual)
        elif p_l.shape[1] == 2:
            # binary models have one logistic output: residual p_1 - y_1
            r_sq = (1.0 - p_true) ** 2
        elif grand_kind == "ovr_sigmoid":
            s = _sigmoid(d_full)
            if not complete:
                s_full = np.zeros((n, k))
                s_full[:, cols] = s
                s = s_full
            s[rows, yi] -= 1.0
            r_sq = np.einsum("ij,ij->i", s, s)
        else:
            r_sq = np.einsum("ij,ij->i", residual, residual)
        out["grand"] = np.sqrt(r_sq * feat_sq)
    return out


def compute_signals(estimator, X, y_index, classes, which=("loss",), rows=None):
    """Per-sample signals of a fitted classifier on labelled data.

    Parameters
    ----------
    estimator : fitted classifier
        Any classifier with ``predict_proba`` or ``decision_function`` whose
        ``classes_`` are a subset of ``classes``.
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Validated input.
    y_index : ndarray of shape (n_samples,)
        Index of each sample's label in ``classes`` (see :func:`encode_labels`).
    classes : ndarray of shape (n_classes,)
        Sorted class labels of the whole problem.
    which : iterable of str
        Any of ``SIGNALS``.
    rows : ndarray of int or None, default=None
        Only these rows of ``X`` (and ``y_index``), copied a chunk at a time
        (a cross-fitted ranker scores its part of the rows).

    Returns
    -------
    signals : dict of str to ndarray of shape (n_samples,) or (rows.size,)
        ``correct`` is boolean, the rest float64.
    """
    which = tuple(which)
    unknown = set(which) - set(SIGNALS)
    if unknown:
        raise ValueError(f"Unknown signals {sorted(unknown)}; choose from {SIGNALS}.")
    classes = np.asarray(classes)
    n = X.shape[0] if rows is None else rows.size
    k = len(classes)
    hidden = (
        int(np.sum(np.atleast_1d(estimator.hidden_layer_sizes)))
        if hasattr(estimator, "coefs_")
        else 0
    )
    # Several (n, k) temporaries, plus the sparse chunk copy / hidden layer.
    # A sparse chunk costs its non-zeros (value + index), not its width.
    sparse_row = 12 * X.nnz / max(X.shape[0], 1) if sparse.issparse(X) else 0
    row_bytes = 8 * (8 * k + hidden + 8) + sparse_row
    chunk = get_chunk_n_rows(
        row_bytes,
        max_n_rows=max(min(n, _MAX_CHUNK_ROWS), 1),
        working_memory=get_config()["working_memory"],
    )
    out = {
        name: np.empty(n, dtype=bool if name == "correct" else np.float64)
        for name in which
    }
    # X was validated (finite) by the caller: skip the learner's re-check of
    # every chunk, which otherwise costs as much as the prediction itself.
    with config_context(assume_finite=True):
        for sl in gen_batches(n, chunk):
            take = sl if rows is None else rows[sl]
            part = _chunk_signals(estimator, X[take], y_index[take], classes, which)
            for name in which:
                out[name][sl] = part[name]
    return out
