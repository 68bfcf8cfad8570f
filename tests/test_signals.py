import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn import config_context
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.naive_bayes import MultinomialNB
from sklearn.neural_network import MLPClassifier

from skcurric._signals import SIGNALS, compute_signals, encode_labels


def _linear(cls, coef, intercept, classes, **params):
    """A linear classifier with hand-set weights (no training involved)."""
    est = cls(**params)
    est.coef_ = np.asarray(coef, dtype=float)
    est.intercept_ = np.asarray(intercept, dtype=float)
    est.classes_ = np.asarray(classes)
    est.n_features_in_ = est.coef_.shape[1]
    return est


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_binary_logistic_by_hand():
    est = _linear(LogisticRegression, [[1.0, 0.0]], [0.0], [0, 1])
    X = np.array([[0.0, 0.0], [2.0, 0.0], [-1.0, 3.0]])
    y = np.array([1, 1, 0])
    s = compute_signals(est, X, y, np.array([0, 1]), SIGNALS)
    d = np.array([0.0, 2.0, -1.0])
    p_true = np.array([0.5, _sigmoid(2.0), 1 - _sigmoid(-1.0)])
    assert_allclose(s["p_true"], p_true)
    assert_allclose(s["loss"], -np.log(p_true))
    # binary scores are [0, d]: margin d for class 1, -d for class 0
    assert_allclose(s["margin"], [0.0, 2.0, 1.0])
    assert_array_equal(s["correct"], [False, True, True])
    assert_allclose(s["el2n"], np.sqrt(2) * (1 - p_true))
    # one logistic output: |p_1 - y_1| * ||[x, 1]||
    assert_allclose(s["grand"], (1 - p_true) * np.sqrt([1.0, 5.0, 11.0]))
    assert_allclose(s["max_proba"], np.maximum(_sigmoid(d), 1 - _sigmoid(d)))


def test_multiclass_ovr_sgd_by_hand():
    coef = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]
    est = _linear(
        SGDClassifier, coef, [0.0, 0.5, 0.0], ["a", "b", "c"], loss="log_loss"
    )
    X = np.array([[1.0, 2.0], [0.0, 0.0]])
    y = encode_labels(est.classes_, np.array(["b", "c"]))
    s = compute_signals(est, X, y, est.classes_, ("margin", "loss", "grand", "correct"))
    z = X @ np.array(coef).T + [0.0, 0.5, 0.0]
    assert_allclose(s["margin"], [z[0, 1] - z[0, 0], z[1, 2] - z[1, 1]])
    sig = _sigmoid(z)
    p = sig / sig.sum(axis=1, keepdims=True)  # sklearn's OvR normalisation
    assert_allclose(s["loss"], -np.log([p[0, 1], p[1, 2]]))
    r = sig.copy()
    r[0, 1] -= 1
    r[1, 2] -= 1
    feat = np.sqrt((X**2).sum(1) + 1)
    assert_allclose(s["grand"], np.linalg.norm(r, axis=1) * feat)
    assert_array_equal(s["correct"], [True, False])


def test_hinge_loss_without_predict_proba():
    est = _linear(
        SGDClassifier, [[1.0], [0.0], [-1.0]], [0, 0, 0], [0, 1, 2], loss="hinge"
    )
    assert not hasattr(est, "predict_proba")
    X = np.array([[2.0], [0.2]])
    y = np.array([0, 0])
    s = compute_signals(est, X, y, est.classes_, ("loss", "margin", "p_true"))
    assert_allclose(s["margin"], [2.0, 0.2])
    assert_allclose(s["loss"], [0.0, 0.8])  # Crammer-Singer max(0, 1 - margin)
    # pseudo-probabilities: softmax of the decision scores
    z = np.array([[2.0, 0, -2.0], [0.2, 0, -0.2]])
    assert_allclose(s["p_true"], np.exp(z[:, 0]) / np.exp(z).sum(1))


def test_grand_rejects_other_learners():
    X, y = make_classification(60, 4, random_state=0)
    est = Perceptron(random_state=0).fit(X, y)
    with pytest.raises(TypeError, match="GraNd has a closed form only"):
        compute_signals(est, X, y, np.array([0, 1]), ("grand",))


# The formulas hold for any fitted network; an unconverged one is fine here.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_mlp_grand_uses_last_hidden_layer():
    X, y = make_classification(80, 5, n_classes=3, n_informative=3, random_state=0)
    mlp = MLPClassifier((6,), max_iter=300, random_state=0).fit(X, y)
    s = compute_signals(mlp, X, y, mlp.classes_, ("grand", "p_true"))
    h = np.maximum(X @ mlp.coefs_[0] + mlp.intercepts_[0], 0)
    p = mlp.predict_proba(X)
    r = p.copy()
    r[np.arange(len(y)), y] -= 1
    assert_allclose(s["grand"], np.linalg.norm(r, axis=1) * np.sqrt((h**2).sum(1) + 1))


def test_missing_class_in_learner_is_aligned():
    X, y = make_classification(90, 5, n_classes=3, n_informative=3, random_state=0)
    est = LogisticRegression().fit(X[y != 2], y[y != 2])
    s = compute_signals(est, X, y, np.array([0, 1, 2]), ("p_true", "loss", "margin"))
    assert_allclose(s["p_true"][y == 2], 0.0)
    assert np.all(np.isfinite(s["loss"])) and np.all(np.isfinite(s["margin"]))
    assert np.all(s["margin"][y == 2] < 0)


def test_sparse_equals_dense_and_chunking_is_invisible():
    X, y = make_classification(300, 8, n_classes=3, n_informative=4, random_state=1)
    X = np.abs(X)
    for est in (SGDClassifier(loss="log_loss", random_state=0), MultinomialNB()):
        est.fit(X, y)
        full = compute_signals(
            est, X, y, est.classes_, ("loss", "margin", "el2n", "correct")
        )
        with config_context(working_memory=0.001):  # forces many small chunks
            chunked = compute_signals(
                est,
                sparse.csr_matrix(X),
                y,
                est.classes_,
                ("loss", "margin", "el2n", "correct"),
            )
        for key in full:
            assert_allclose(chunked[key], full[key])


# The formulas hold for any fitted network; an unconverged one is fine here.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_correct_matches_predict():
    X, y = make_classification(200, 6, n_classes=4, n_informative=4, random_state=2)
    for est in (
        SGDClassifier(random_state=0),
        MLPClassifier((5,), max_iter=300, random_state=0),
    ):
        est.fit(X, y)
        s = compute_signals(est, X, y, est.classes_, ("correct",))
        assert_array_equal(s["correct"], est.predict(X) == y)


def test_encode_labels_rejects_unseen():
    assert_array_equal(encode_labels(np.array(["a", "b"]), ["b", "a"]), [1, 0])
    with pytest.raises(ValueError, match="not seen during fit"):
        encode_labels(np.array(["a", "b"]), ["c"])


def test_unknown_signal():
    est = _linear(LogisticRegression, [[1.0]], [0.0], [0, 1])
    with pytest.raises(ValueError, match="Unknown signals"):
        compute_signals(est, np.ones((2, 1)), np.array([0, 1]), est.classes_, ("nope",))


@settings(max_examples=40, deadline=None)
@given(
    w=arrays(np.float64, (3, 2), elements=st.floats(-5, 5)),
    X=arrays(np.float64, (7, 2), elements=st.floats(-5, 5)),
    y=arrays(np.int64, (7,), elements=st.integers(0, 2)),
)
def test_signal_properties(w, X, y):
    est = _linear(LogisticRegression, w, np.zeros(3), [0, 1, 2])
    s = compute_signals(est, X, y, est.classes_, SIGNALS)
    assert np.all((s["p_true"] >= 0) & (s["p_true"] <= 1))
    assert np.all(s["loss"] >= 0)
    assert_allclose(s["loss"], -np.log(np.maximum(s["p_true"], np.finfo(float).tiny)))
    assert np.all((s["el2n"] >= 0) & (s["el2n"] <= np.sqrt(2) + 1e-12))
    assert np.all(s["el2n"] >= 1 - s["p_true"] - 1e-12)
    # a positive margin means the true class wins the argmax
    assert np.all(s["correct"][s["margin"] > 0])
    assert not np.any(s["correct"][s["margin"] < 0])
    assert np.all(s["grand"] >= s["el2n"] - 1e-12)  # ||[x, 1]|| >= 1


class _NaNRowsProba:
    """predict_proba as scikit-learn < 1.8's SGDClassifier gives it when every
    one-vs-rest sigmoid underflows: NaN rows."""

    classes_ = np.array([0, 1, 2])

    def predict_proba(self, X):
        p = np.tile([0.2, 0.3, 0.5], (X.shape[0], 1))
        p[::2] = np.nan
        return p


def test_nan_probability_rows_count_as_uniform():
    X = np.zeros((4, 2))
    y_index = np.array([0, 1, 2, 2])
    out = compute_signals(
        _NaNRowsProba(), X, y_index, np.array([0, 1, 2]), ("loss", "p_true")
    )
    assert_allclose(out["p_true"], [1 / 3, 0.3, 1 / 3, 0.5])
    assert_allclose(out["loss"], -np.log([1 / 3, 0.3, 1 / 3, 0.5]))


class _FixedProba:
    """A learner with a given ``classes_`` (or none) and ``width`` columns."""

    def __init__(self, width, classes=None):
        self.width = width
        if classes is not None:
            self.classes_ = np.asarray(classes)

    def predict_proba(self, X):
        return np.full((X.shape[0], self.width), 1.0 / self.width)


def test_columns_are_the_fixed_classes_whatever_classes_says():
    # As many columns as classes: they are the classes the estimator passed
    # as partial_fit(classes=...), even when classes_ followed a minibatch
    # that held only some of them (skorch's networks do that).
    X = np.zeros((3, 2))
    out = compute_signals(
        _FixedProba(4, classes=[0, 2]), X, np.array([0, 1, 3]), np.arange(4)
    )
    assert_allclose(out["loss"], np.log(4))


@pytest.mark.parametrize(
    "learner, match",
    [
        (_FixedProba(5, classes=[0, 1, 2, 3, 4]), r"returns 5 column\(s\) for 4"),
        (_FixedProba(3, classes=[0, 1]), r"returns 3 column\(s\) for 4.*names 2"),
        (
            _FixedProba(2),
            r"returns 2 column\(s\) for 4 classes and its classes_ names no",
        ),
        (_FixedProba(2, classes=[0, 7]), r"classes_ holds \[0, 7\], not all among"),
        (_FixedProba(4, classes=[1, 2, 3, 4]), r"classes_ is \[1, 2, 3, 4\] but"),
    ],
    ids=["too-wide", "width-vs-classes_", "no-classes_", "unknown-class", "relabelled"],
)
def test_learner_whose_columns_break_the_protocol_is_named(learner, match):
    with pytest.raises(ValueError, match=match) as info:
        compute_signals(learner, np.zeros((2, 2)), np.array([0, 1]), np.arange(4))
    assert "_FixedProba" in str(info.value)


class _ShiftedScores(SGDClassifier):
    """A subclass with its own decision rule: must not take the linear fast path."""

    def decision_function(self, X):
        return super().decision_function(X) + 1.0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    n_classes=st.sampled_from([2, 3]),
    as_sparse=st.booleans(),
)
def test_linear_shortcut_equals_the_learners_own_methods(seed, n_classes, as_sparse):
    # The signals and the CV's held-out accuracy read a linear learner's
    # scores without its re-validation; they must be exactly its own methods.
    from skcurric._signals import linear_predict, linear_scores

    X, y = make_classification(
        n_samples=60,
        n_features=5,
        n_informative=3,
        n_classes=n_classes,
        random_state=seed,
    )
    Xs = sparse.csr_matrix(X) if as_sparse else X
    for est in (
        SGDClassifier(loss="log_loss", max_iter=3, tol=None, random_state=seed),
        Perceptron(max_iter=3, tol=None, random_state=seed),
        LogisticRegression(max_iter=20),
    ):
        with config_context(assume_finite=True), np.errstate(all="ignore"):
            est.fit(X, y)
        assert_array_equal(linear_scores(est, Xs), est.decision_function(Xs))
        assert_array_equal(linear_predict(est, Xs), est.predict(Xs))
        s = compute_signals(est, Xs, y, est.classes_, ("p_true", "correct"))
        if hasattr(est, "predict_proba"):
            p = est.predict_proba(Xs)[np.arange(len(y)), y]
            assert_allclose(s["p_true"], p, rtol=1e-12, atol=0)
        assert_array_equal(s["correct"], est.predict(Xs) == y)


def test_linear_shortcut_leaves_overridden_rules_to_the_learner():
    from skcurric._signals import linear_predict, linear_scores

    X, y = make_classification(n_samples=40, n_features=4, random_state=0)
    est = _ShiftedScores(loss="log_loss", max_iter=3, tol=None, random_state=0)
    est.fit(X, y)
    assert linear_scores(est, X) is None
    s = compute_signals(est, X, y, est.classes_, ("margin",))
    # binary margin of class 1 is d, of class 0 is -d: the subclass's own d
    d = est.decision_function(X)
    assert_allclose(s["margin"], np.where(y == 1, d, -d))
    assert linear_predict(MultinomialNB().fit(np.abs(X), y), np.abs(X)) is None
