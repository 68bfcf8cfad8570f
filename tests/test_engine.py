import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.linear_model import SGDClassifier

from skcurric._engine import Plan, UniformStrategy, run_epochs
from skcurric._signals import encode_labels


class RecordingLearner(ClassifierMixin, BaseEstimator):
    """A test double that records every partial_fit call (no sample_weight)."""

    def partial_fit(self, X, y, classes=None):
        self.calls_ = getattr(self, "calls_", [])
        self.calls_.append({"n": X.shape[0], "classes": classes, "type": type(X)})
        if classes is not None:
            self.classes_ = np.asarray(classes)
        return self

    def predict_proba(self, X):
        return np.full((X.shape[0], len(self.classes_)), 1 / len(self.classes_))


class FixedPlan:
    def __init__(self, plans):
        self.plans = list(plans)
        self.seen = []

    def plan(self, epoch, rng):
        return self.plans[epoch] if epoch < len(self.plans) else None

    def observe(self, epoch, signals, record):
        self.seen.append(signals)
        record["mean_loss"] = float(signals["loss"].mean()) if signals else None
        return False


def _data(n=50):
    X, y = make_classification(n, 4, random_state=0)
    return X, y, np.array([0, 1]), encode_labels(np.array([0, 1]), y)


def test_classes_on_first_call_and_minibatches():
    X, y, classes, yi = _data(50)
    est = RecordingLearner()
    res = run_epochs(
        est,
        X,
        y,
        yi,
        classes=classes,
        strategy=UniformStrategy(50, ("loss",)),
        max_iter=3,
        batch_size=16,
        rng=np.random.RandomState(0),
    )
    assert res.n_iter == 3 and res.n_calls == 12  # ceil(50 / 16) = 4 per epoch
    assert_array_equal(est.calls_[0]["classes"], classes)
    assert all(c["classes"] is None for c in est.calls_[1:])
    assert max(c["n"] for c in est.calls_) <= 16  # never more than one minibatch
    assert [r["n_updates"] for r in res.history] == [50, 50, 50]


def test_weights_need_sample_weight_support():
    X, y, classes, yi = _data()
    plan = FixedPlan([Plan(np.arange(50), weights=np.ones(50))])
    with pytest.raises(TypeError, match="does not accept"):
        run_epochs(
            RecordingLearner(),
            X,
            y,
            yi,
            classes=classes,
            strategy=plan,
            max_iter=1,
            batch_size=10,
            rng=np.random.RandomState(0),
            owner="Test",
        )


def test_empty_plan_is_an_error():
    X, y, classes, yi = _data()
    with pytest.raises(RuntimeError, match="selects no sample"):
        run_epochs(
            RecordingLearner(),
            X,
            y,
            yi,
            classes=classes,
            strategy=FixedPlan([Plan(np.array([], dtype=int))]),
            max_iter=1,
            batch_size=10,
            rng=np.random.RandomState(0),
        )


def test_zero_weight_epoch_is_an_error():
    X, y, classes, yi = _data()
    plan = FixedPlan([Plan(np.arange(50), weights=np.zeros(50))])
    with pytest.raises(RuntimeError, match="zero weight"):
        run_epochs(
            SGDClassifier(),
            X,
            y,
            yi,
            classes=classes,
            strategy=plan,
            max_iter=1,
            batch_size=10,
            rng=np.random.RandomState(0),
        )


def test_plan_order_weights_and_signals_reach_the_strategy():
    X, y, classes, yi = _data()
    plans = [
        Plan(
            np.array([3, 1, 4, 1, 5]),
            weights=np.arange(1.0, 6.0),
            signals=("loss", "correct"),
            note={"k": 1},
        )
    ]
    strategy = FixedPlan(plans)
    seen = []

    class Spy(SGDClassifier):
        def partial_fit(self, X, y, classes=None, sample_weight=None):
            seen.append((X.copy(), sample_weight.copy()))
            return super().partial_fit(
                X, y, classes=classes, sample_weight=sample_weight
            )

    res = run_epochs(
        Spy(random_state=0),
        X,
        y,
        yi,
        classes=classes,
        strategy=strategy,
        max_iter=5,
        batch_size=2,
        rng=np.random.RandomState(0),
        sample_weight=np.full(50, 2.0),
    )
    assert res.n_iter == 1  # the strategy returned None for epoch 2
    assert_allclose(np.vstack([s[0] for s in seen]), X[[3, 1, 4, 1, 5]])
    assert_allclose(np.concatenate([s[1] for s in seen]), 2 * np.arange(1.0, 6.0))
    assert res.history[0]["k"] == 1 and res.history[0]["n_updates"] == 5
    assert strategy.seen[0]["loss"].shape == (50,)


def test_sparse_minibatches_stay_sparse_and_deterministic():
    X, y, classes, yi = _data(60)
    Xs = sparse.csc_matrix(X)
    coefs = []
    for _ in range(2):
        est = SGDClassifier(random_state=0)
        run_epochs(
            est,
            Xs,
            y,
            yi,
            classes=classes,
            strategy=UniformStrategy(60, ()),
            max_iter=2,
            batch_size=7,
            rng=np.random.RandomState(3),
        )
        coefs.append(est.coef_.copy())
    assert_allclose(coefs[0], coefs[1])
    est = RecordingLearner()
    run_epochs(
        est,
        Xs,
        y,
        yi,
        classes=classes,
        strategy=UniformStrategy(60, ()),
        max_iter=1,
        batch_size=7,
        rng=np.random.RandomState(3),
    )
    assert all(sparse.issparse(c["type"]((1, 1))) for c in est.calls_)


def test_signals_are_computed_only_when_the_plan_asks():
    X, y, classes, yi = _data()
    plans = [Plan(np.arange(50), signals=sig) for sig in [(), ("loss",), ()]]
    strategy = FixedPlan(plans)
    run_epochs(
        SGDClassifier(random_state=0),
        X,
        y,
        yi,
        classes=classes,
        strategy=strategy,
        max_iter=3,
        batch_size=50,
        rng=np.random.RandomState(0),
    )
    assert [sorted(s) for s in strategy.seen] == [[], ["loss"], []]


def test_integer_weights_become_repeated_rows_for_a_learner_without_them():
    X, y, classes, yi = _data()
    weights = np.zeros(50)
    weights[[2, 7]] = [3.0, 1.0]
    weights[10:20] = 2.0
    est = RecordingLearner()
    res = run_epochs(
        est,
        X,
        y,
        yi,
        classes=classes,
        strategy=FixedPlan([Plan(np.arange(50), shuffle=True)]),
        max_iter=1,
        batch_size=100,
        rng=np.random.RandomState(0),
        sample_weight=weights,
    )
    # Weight w: w copies of the row (0: none), as one batch of 24 rows.
    assert res.history[0]["n_updates"] == weights.sum() == 24
    assert [c["n"] for c in est.calls_] == [24]


def test_repeated_rows_are_shuffled_apart_when_the_plan_shuffles():
    X, y, classes, yi = _data()
    X = np.arange(50.0)[:, None]  # row ids, to see the order
    seen = []

    class Spy(RecordingLearner):
        def partial_fit(self, X, y, classes=None):
            seen.append(X[:, 0].astype(int))
            return super().partial_fit(X, y, classes=classes)

    weights = np.full(50, 2.0)
    for shuffle in (False, True):
        seen.clear()
        run_epochs(
            Spy(),
            X,
            y,
            yi,
            classes=classes,
            strategy=FixedPlan([Plan(np.arange(50), shuffle=shuffle)]),
            max_iter=1,
            batch_size=100,
            rng=np.random.RandomState(0),
            sample_weight=weights,
        )
        order = np.concatenate(seen)
        assert_array_equal(np.sort(order), np.repeat(np.arange(50), 2))
        adjacent_copies = np.sum(order[1:] == order[:-1])
        # In plan order the two copies of every row are neighbours; shuffled
        # after repeating, few are.
        assert adjacent_copies < 10 if shuffle else adjacent_copies == 50


def test_non_integer_weights_for_a_learner_without_them_fail_before_training():
    X, y, classes, yi = _data()
    est = RecordingLearner()
    with pytest.raises(TypeError, match="only integer sample weights"):
        run_epochs(
            est,
            X,
            y,
            yi,
            classes=classes,
            strategy=FixedPlan([Plan(np.arange(50))]),
            max_iter=1,
            batch_size=10,
            rng=np.random.RandomState(0),
            sample_weight=np.full(50, 0.5),
            owner="Test",
        )
    assert not hasattr(est, "calls_")


def test_epoch_offset_numbers_the_rows_of_a_stream():
    X, y, classes, yi = _data()
    res = run_epochs(
        SGDClassifier(random_state=0),
        X,
        y,
        yi,
        classes=classes,
        strategy=UniformStrategy(50, ()),
        max_iter=2,
        batch_size=50,
        rng=np.random.RandomState(0),
        epoch_offset=7,
    )
    assert [row["epoch"] for row in res.history] == [8, 9]
