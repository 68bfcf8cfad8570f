"""Tests for skcurric.self_paced: the regimes' weights and SelfPacedClassifier."""

import copy
import doctest
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse
from sklearn import config_context
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import skcurric.self_paced as self_paced_module
from skcurric import SelfPacedClassifier, make_curriculum_dataset, self_paced_weights
from skcurric.self_paced import _regime_weights

REGIMES = ["hard", "linear", "log", "mixture"]
LN2 = math.log(2.0)


# ---------------------------------------------------------------------------
# Helpers: learners that record what the engine passes to partial_fit
# ---------------------------------------------------------------------------


class SpySGD(SGDClassifier):
    """Logs (row ids from column 0, sample_weight) of every partial_fit call."""

    calls = []

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        ids = np.rint(np.asarray(X[:, 0]) * 1000).astype(int)
        w = None if sample_weight is None else np.array(sample_weight, dtype=float)
        SpySGD.calls.append((ids, w))
        return super().partial_fit(X, y, classes=classes, sample_weight=sample_weight)


class NoWeightSGD(SGDClassifier):
    """A partial_fit learner that does not take sample_weight."""

    def partial_fit(self, X, y, classes=None):
        return super().partial_fit(X, y, classes=classes)


@pytest.fixture
def spy():
    SpySGD.calls = []
    yield SpySGD
    SpySGD.calls = []


def id_data(n=60, noise=0.2, seed=0):
    """Two blobs with label noise; column 0 holds row id / 1000 (read by SpySGD)."""
    X, y, _ = make_curriculum_dataset(n, label_noise=noise, random_state=seed)
    return np.column_stack([np.arange(n) / 1000, X]), y


def fit_quiet(est, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(*args, **kwargs)


# ---------------------------------------------------------------------------
# self_paced_weights: hand-computed values
# ---------------------------------------------------------------------------


def test_hard_regime_by_hand():
    # Kumar et al.: v = 1 iff L < lambda (strict).
    w = self_paced_weights([0.0, 0.2, 0.5, 0.9], 0.5)
    np.testing.assert_array_equal(w, [1.0, 1.0, 0.0, 0.0])


def test_linear_regime_by_hand():
    w = self_paced_weights([0.0, 0.25, 0.5, 2.0], 0.5, regime="linear")
    np.testing.assert_allclose(w, [1.0, 0.5, 0.0, 0.0])


def test_log_regime_by_hand():
    # zeta = 1 - 0.5 = 0.5: v = log(L + 0.5) / log(0.5)
    w = self_paced_weights([0.0, 0.25, 0.5], 0.5, regime="log")
    np.testing.assert_allclose(w, [1.0, math.log(0.75) / math.log(0.5), 0.0])


def test_mixture_regime_by_hand():
    # lambda1 = 0.8, lambda2 = 0.4, zeta = 0.32 / 0.4 = 0.8
    w = self_paced_weights([0.2, 0.4, 0.5, 0.8, 1.0], 0.8, regime="mixture")
    np.testing.assert_allclose(w, [1.0, 1.0, 0.8 / 0.5 - 1.0, 0.0, 0.0])
    # mixture_ratio moves lambda2: 0.25 * 0.8 = 0.2, zeta = 0.16 / 0.6
    w = self_paced_weights([0.4], 0.8, regime="mixture", mixture_ratio=0.25)
    zeta = 0.16 / 0.6
    np.testing.assert_allclose(w, [zeta / 0.4 - zeta / 0.8])


def test_diversity_by_hand():
    # Jiang et al. 2014b: select i iff L_i < lambda + gamma / (sqrt(r) + sqrt(r-1))
    losses = np.array([0.3, 0.9, 0.5, 1.0, 1.2])
    groups = np.array(["a", "a", "a", "b", "b"])
    # ranks: a -> 0.3:1, 0.5:2, 0.9:3; b -> 1.0:1, 1.2:2
    lam, gamma = 0.4, 0.8
    thresholds = lam + gamma / (np.sqrt([1, 3, 2, 1, 2]) + np.sqrt([0, 2, 1, 0, 1]))
    expected = (losses < thresholds).astype(float)
    w = self_paced_weights(losses, lam, groups=groups, diversity=gamma)
    np.testing.assert_array_equal(w, expected)
    np.testing.assert_array_equal(w, [1, 0, 1, 1, 0])  # one of b gets in
    # Without diversity the groups change nothing.
    np.testing.assert_array_equal(
        self_paced_weights(losses, lam, groups=groups), [1, 0, 0, 0, 0]
    )


def test_per_example_pace():
    w = self_paced_weights([0.5, 0.5], [0.4, 0.6])
    np.testing.assert_array_equal(w, [0.0, 1.0])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"losses": [-0.1], "lam": 1.0}, "non-negative"),
        ({"losses": [np.nan], "lam": 1.0}, "finite"),
        ({"losses": [[0.1]], "lam": 1.0}, "1-D"),
        ({"losses": [0.1], "lam": 0.0}, r"'lam' parameter .* range \(0.0, inf\)"),
        ({"losses": [0.1], "lam": [0.0]}, "finite and > 0"),
        ({"losses": [0.1, 0.2], "lam": [1.0, 2.0, 3.0]}, "one value per loss"),
        ({"losses": [0.1], "lam": 1.0, "regime": "cubic"}, "'regime' parameter"),
        ({"losses": [0.1], "lam": 1.5, "regime": "log"}, "0 < lam < 1"),
        ({"losses": [0.1], "lam": 0.5, "mixture_ratio": 1.0}, "'mixture_ratio' param"),
        ({"losses": [0.1], "lam": 0.5, "diversity": -1.0}, "'diversity' parameter"),
        ({"losses": [0.1, 0.2], "lam": 0.5, "groups": [0]}, "one entry per loss"),
    ],
)
def test_weights_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        self_paced_weights(**kwargs)


def test_log_regime_graduates_to_hard_past_one():
    # The estimator's rule: a pace >= 1 has no log weight; L < lambda gets 1.
    losses = np.array([0.2, 1.5, 3.0])
    np.testing.assert_array_equal(_regime_weights(losses, 2.0, "log", 0.5), [1, 1, 0])
    # and a tiny pace keeps the limit 1 - L / lambda instead of 0 / 0
    np.testing.assert_allclose(
        _regime_weights(np.array([0.0, 5e-301]), 1e-300, "log", 0.5), [1.0, 0.5]
    )


# ---------------------------------------------------------------------------
# self_paced_weights: properties
# ---------------------------------------------------------------------------

loss_arrays = arrays(
    np.float64,
    st.integers(1, 30),
    elements=st.floats(0.0, 40.0, allow_nan=False, allow_infinity=False),
)
paces = st.floats(1e-3, 0.999)


@settings(max_examples=60, deadline=None)
@given(losses=loss_arrays, lam=paces, regime=st.sampled_from(REGIMES))
def test_weights_in_unit_interval_and_zero_past_the_pace(losses, lam, regime):
    w = self_paced_weights(losses, lam, regime=regime)
    assert np.all((w >= 0) & (w <= 1))
    assert np.all(w[losses >= lam] == 0)
    # selected (w > 0) is exactly L < lambda in every regime
    np.testing.assert_array_equal(w > 0, losses < lam)
    np.testing.assert_array_equal(self_paced_weights(np.zeros(1), lam, regime), [1.0])


@settings(max_examples=60, deadline=None)
@given(losses=loss_arrays, lam=paces, regime=st.sampled_from(REGIMES))
def test_weights_decrease_with_loss(losses, lam, regime):
    order = np.argsort(losses)
    w = self_paced_weights(losses[order], lam, regime=regime)
    assert np.all(np.diff(w) <= 1e-12)


@settings(max_examples=60, deadline=None)
@given(
    losses=loss_arrays,
    lam=paces,
    factor=st.floats(1.0, 50.0),
    regime=st.sampled_from(["hard", "linear", "mixture"]),
)
def test_weights_grow_with_the_pace(losses, lam, factor, regime):
    low = self_paced_weights(losses, lam, regime=regime)
    high = self_paced_weights(losses, lam * factor, regime=regime)
    assert np.all(high >= low - 1e-12)


@settings(max_examples=60, deadline=None)
@given(losses=loss_arrays, lam=st.floats(1e-3, 30.0))
def test_linear_formula(losses, lam):
    w = self_paced_weights(losses, lam, regime="linear")
    np.testing.assert_allclose(w, np.maximum(0.0, 1.0 - losses / lam), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(lam=st.floats(0.01, 30.0), ratio=st.floats(0.05, 0.95))
def test_mixture_is_continuous_at_both_ends(lam, ratio):
    lam2 = ratio * lam
    eps = 1e-9 * lam
    w = self_paced_weights(
        [lam2 + eps, lam - eps], lam, regime="mixture", mixture_ratio=ratio
    )
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    losses=loss_arrays,
    lam=paces,
    gamma=st.floats(0.0, 5.0),
    n_groups=st.integers(1, 4),
    seed=st.integers(0, 1000),
)
def test_diversity_only_adds_and_first_of_each_group_gets_gamma(
    losses, lam, gamma, n_groups, seed
):
    groups = np.random.RandomState(seed).randint(n_groups, size=losses.size)
    plain = self_paced_weights(losses, lam)
    diverse = self_paced_weights(losses, lam, groups=groups, diversity=gamma)
    assert np.all(diverse >= plain)
    for g in np.unique(groups):
        easiest = np.min(losses[groups == g])
        if easiest < lam + gamma:
            assert diverse[groups == g].max() == 1.0


@pytest.mark.parametrize("class_balance", [True, False])
def test_auto_pace_weights_count_as_repetitions(class_balance):
    # MultinomialNB trains identically on weights and on repeated rows, so the
    # "auto" pace (a weighted quantile) must come out identical too.
    rng = np.random.RandomState(0)
    X = rng.poisson(2, size=(40, 5)).astype(float)
    y = rng.randint(3, size=40)
    sw = rng.randint(0, 4, size=40)
    # A long budget, so the quantile (not the budget floor) sets the pace.
    params = {"max_iter": 40, "class_balance": class_balance, "random_state": 0}
    weighted = fit_quiet(
        SelfPacedClassifier(MultinomialNB(), **params), X, y, sample_weight=sw
    )
    repeated = fit_quiet(
        SelfPacedClassifier(MultinomialNB(), **params),
        np.repeat(X, sw, axis=0),
        np.repeat(y, sw),
    )
    assert weighted.history_[1]["phase"] == "pace"
    np.testing.assert_allclose(
        weighted.history_[1]["lambda"], repeated.history_[1]["lambda"]
    )
    np.testing.assert_allclose(weighted.lambda_, repeated.lambda_)
    np.testing.assert_allclose(
        weighted.predict_proba(X), repeated.predict_proba(X), rtol=1e-10
    )


def test_auto_pace_of_a_class_missing_from_a_chunk_is_the_overall_one():
    X, y = make_classification(
        n_samples=60, n_classes=3, n_informative=4, random_state=0
    )
    clf = SelfPacedClassifier(n_warmup=1, random_state=0)
    clf.partial_fit(X, y, classes=[0, 1, 2])
    clf.partial_fit(X[y != 2], y[y != 2])  # class 2 absent: pace from the rest
    lam = clf.history_[-1]["lambda"]
    assert np.all(np.isfinite(lam)) and np.all(lam > 0)


# ---------------------------------------------------------------------------
# SelfPacedClassifier: the write-up's semantics and the cold start
# ---------------------------------------------------------------------------


def test_float_lambda_reproduces_the_write_up_schedule():
    X, y, _ = make_curriculum_dataset()
    clf = SelfPacedClassifier(lambda_init=0.5, mu=1.3, random_state=0).fit(X, y)
    lams = [row["lambda"] for row in clf.history_]
    np.testing.assert_allclose(lams, 0.5 * 1.3 ** np.arange(len(lams)))
    assert clf.lambda_ == pytest.approx(0.5 * 1.3**clf.n_iter_)
    first = clf.history_[0]
    # The uninformed model's loss is ln 2 > 0.5: nothing passes, the
    # fallback trains the easiest half of each class, and history says so.
    assert first["loss_all"] == pytest.approx(LN2)
    assert first["fallback"] and np.isnan(first["accuracy"])
    assert first["n_selected"] == 100 and first["n_updates"] == 100
    np.testing.assert_allclose(first["fraction_selected"], [0.5, 0.5])
    assert not any(row["fallback"] for row in clf.history_[1:])
    assert clf.history_[-1]["phase"] == "complete"
    assert clf.score(X, y) > 0.95


def test_uninformed_loss_of_a_hinge_learner_is_one():
    X, y, _ = make_curriculum_dataset(60)
    clf = fit_quiet(
        SelfPacedClassifier(Perceptron(), lambda_init=1.01, max_iter=1), X, y
    )
    # hinge loss at margin 0 is 1 < 1.01: every example passes at once
    assert clf.history_[0]["loss_all"] == 1.0
    assert clf.history_[0]["phase"] == "complete"
    assert not hasattr(clf, "predict_proba")  # delegated only when available


@pytest.mark.parametrize("class_balance", [True, False])
def test_cold_start_fallback_sizes(class_balance):
    X, y = make_classification(
        n_samples=100, weights=[0.3, 0.7], flip_y=0, random_state=0
    )
    counts = np.bincount(y)
    clf = fit_quiet(
        SelfPacedClassifier(
            lambda_init=0.1,
            start_fraction=0.25,
            max_iter=1,
            class_balance=class_balance,
            random_state=0,
        ),
        X,
        y,
    )
    row = clf.history_[0]
    assert row["fallback"]
    if class_balance:
        expected = np.ceil(0.25 * counts)
        np.testing.assert_array_equal(np.bincount(y[clf.selected_]), expected)
    else:
        assert row["n_selected"] == 25
    assert clf.selected_.sum() == row["n_selected"] == row["n_updates"]


def test_no_class_vanishes_and_no_epoch_is_empty():
    X, y = make_classification(
        n_samples=150, weights=[0.85, 0.15], flip_y=0.1, class_sep=0.5, random_state=1
    )
    clf = fit_quiet(
        SelfPacedClassifier(lambda_init=1e-6, mu=1.05, max_iter=8, random_state=0),
        X,
        y,
    )
    for row in clf.history_:
        assert row["n_updates"] > 0
        assert np.all(row["fraction_selected"] > 0)


def test_auto_pace_selects_start_fraction_per_class():
    X, y = make_classification(
        n_samples=200, n_classes=3, n_informative=4, flip_y=0.1, random_state=0
    )
    # A long budget, so the quantile (not the budget floor) sets the pace.
    clf = fit_quiet(
        SelfPacedClassifier(max_iter=80, start_fraction=0.4, random_state=0), X, y
    )
    warm, first = clf.history_[0], clf.history_[1]
    assert warm["phase"] == "warmup" and np.isnan(warm["lambda"])
    assert warm["n_selected"] == 200
    assert first["phase"] == "pace" and first["lambda"].shape == (3,)
    assert np.all(first["fraction_selected"] >= 0.4)
    assert clf.lambda_.shape == (3,)
    np.testing.assert_allclose(clf.history_[2]["lambda"], first["lambda"] * 1.3)

    glob = fit_quiet(
        SelfPacedClassifier(max_iter=80, class_balance=False, random_state=0), X, y
    )
    assert np.ndim(glob.lambda_) == 0
    assert glob.history_[1]["n_selected"] >= 100


def test_auto_pace_floor_lets_the_pace_finish_within_max_iter():
    # Overconfident SGD fits most examples with loss ~0: the quantile alone
    # would freeze the pace; the floor reaches the largest loss with
    # n_iter_no_change epochs to spare.
    X, y, _ = make_curriculum_dataset(100, label_noise=0.1, random_state=0)
    clf = SelfPacedClassifier(max_iter=20, n_iter_no_change=3, tol=None, random_state=0)
    clf.fit(X, y)
    phases = [row["phase"] for row in clf.history_]
    assert phases[0] == "warmup" and phases[-1] == "complete"
    assert phases.index("complete") <= 20 - 3


# ---------------------------------------------------------------------------
# End of the pace, stopping, warnings
# ---------------------------------------------------------------------------


def test_all_selected_equals_plain_partial_fit_training():
    X, y = make_classification(n_samples=80, random_state=0)
    learner = SGDClassifier(loss="log_loss", shuffle=False)
    clf = SelfPacedClassifier(
        learner, lambda_init=1e6, shuffle=False, tol=None, max_iter=7
    ).fit(X, y)
    plain = clone(learner)
    for _ in range(7):
        plain.partial_fit(X, y, classes=[0, 1])
    np.testing.assert_array_equal(clf.estimator_.coef_, plain.coef_)
    assert clf.n_iter_ == 7
    assert all(row["phase"] == "complete" for row in clf.history_)


def test_stops_when_training_loss_stops_improving():
    X, y = make_classification(n_samples=80, random_state=0)
    clf = SelfPacedClassifier(
        lambda_init=1e6, tol=100.0, n_iter_no_change=3, max_iter=30
    ).fit(X, y)
    assert clf.n_iter_ == 4  # first full epoch sets the best loss, then 3 without
    no_tol = SelfPacedClassifier(lambda_init=1e6, tol=None, max_iter=12).fit(X, y)
    assert no_tol.n_iter_ == 12


def test_convergence_warning_only_when_the_auto_pace_falls_short():
    X, y, _ = make_curriculum_dataset(60, label_noise=0.2, random_state=0)
    with pytest.warns(ConvergenceWarning, match="before the 'auto' pace selected"):
        SelfPacedClassifier(max_iter=2, random_state=0).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="warming up"):
        SelfPacedClassifier(max_iter=1, random_state=0).fit(X, y)
    # A float lambda_init's schedule stops short by the user's choice (to
    # keep the noisy examples out): not a convergence failure.
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        short = SelfPacedClassifier(lambda_init=1e-3, max_iter=3, random_state=0)
        short.fit(X, y)
        SelfPacedClassifier(lambda_init=100.0, max_iter=3).fit(X, y)
    assert short.history_[-1]["phase"] == "pace" and not short.selected_.all()


def test_verbose_warm_up_line_omits_undefined_values(capsys):
    X, y = make_classification(n_samples=60, random_state=0)
    groups = np.arange(60) % 3
    clf = SelfPacedClassifier(max_iter=3, diversity=0.1, verbose=1, random_state=0)
    clf.fit(X, y, groups=groups)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "phase=warmup" in lines[0]
    # No pace, accuracy or gamma before the first epoch: left out, not "nan".
    assert "nan" not in lines[0]
    assert "lambda=" not in lines[0] and "accuracy=" not in lines[0]
    assert all(key in lines[1] for key in ("lambda=", "accuracy=", "gamma="))


# ---------------------------------------------------------------------------
# What reaches the learner
# ---------------------------------------------------------------------------


def test_hard_selection_excludes_mislabelled_examples():
    X, y, _, noisy = make_curriculum_dataset(
        200, label_noise=0.2, random_state=0, return_noise_mask=True
    )
    clf = fit_quiet(
        SelfPacedClassifier(lambda_init=0.05, max_iter=10, random_state=0), X, y
    )
    sel = clf.selected_
    assert noisy[sel].mean() < 0.5 * noisy.mean()
    assert sel.sum() >= 0.6 * len(y)


def test_hard_regime_passes_user_weights_only(spy):
    X, y = id_data()
    sw = np.linspace(0.5, 2.0, len(y))
    fit_quiet(
        SelfPacedClassifier(spy(), lambda_init=0.3, max_iter=4, random_state=0),
        X,
        y,
        sample_weight=sw,
    )
    for ids, w in spy.calls:
        np.testing.assert_allclose(w, sw[ids])


def test_soft_regime_weights_reach_the_learner(spy):
    X, y = id_data()
    sw = np.full(len(y), 2.0)
    fit_quiet(
        SelfPacedClassifier(
            spy(loss="log_loss"),
            regime="linear",
            lambda_init=0.3,
            max_iter=3,
            random_state=0,
        ),
        X,
        y,
        sample_weight=sw,
    )
    w = np.concatenate([w for _, w in spy.calls[1:]])  # epoch 1 is the fallback
    assert np.all((w > 0) & (w <= 2.0)) and np.any(w < 2.0)


def test_soft_regime_needs_a_learner_taking_sample_weight():
    X, y, _ = make_curriculum_dataset(60, label_noise=0.2, random_state=0)
    clf = SelfPacedClassifier(NoWeightSGD(), regime="linear")
    with pytest.raises(TypeError, match="NoWeightSGD.partial_fit"):
        fit_quiet(clf, X, y)
    assert not hasattr(clf, "estimator_")  # a failed fit leaves it unfitted
    # the hard regime (fallback included) needs no weights
    fit_quiet(SelfPacedClassifier(NoWeightSGD(), lambda_init=0.1, max_iter=3), X, y)


def test_integer_weights_repeat_rows_for_a_learner_without_sample_weight():
    X, y = make_classification(n_samples=40, random_state=0)
    sw = np.random.RandomState(0).randint(0, 4, size=40)
    kw = {"lambda_init": 1e3, "max_iter": 4, "tol": None, "random_state": 0}
    weighted = SelfPacedClassifier(NoWeightSGD(), **kw).fit(X, y, sample_weight=sw)
    repeated = SelfPacedClassifier(NoWeightSGD(), **kw).fit(
        np.repeat(X, sw, axis=0), np.repeat(y, sw)
    )
    np.testing.assert_array_equal(weighted.estimator_.coef_, repeated.estimator_.coef_)
    assert weighted.history_[0]["n_updates"] == sw.sum()
    with pytest.raises(TypeError, match="only integer sample weights"):
        SelfPacedClassifier(NoWeightSGD()).fit(X, y, sample_weight=sw + 0.5)


def test_zero_weight_examples_are_never_the_fallback(spy):
    X, y = id_data()
    sw = np.ones(len(y))
    sw[::2] = 0.0
    fit_quiet(
        SelfPacedClassifier(spy(), lambda_init=0.1, max_iter=1, random_state=0),
        X,
        y,
        sample_weight=sw,
    )
    ids = np.concatenate([ids for ids, _ in spy.calls])
    assert np.all(sw[ids] > 0)


def test_diversity_selects_one_per_group_first():
    X, y = make_classification(n_samples=60, random_state=0)
    groups = np.repeat(np.arange(6), 10)
    clf = fit_quiet(
        SelfPacedClassifier(
            lambda_init=0.1,
            diversity=1.0,
            max_iter=2,
            class_balance=False,
            random_state=0,
        ),
        X,
        y,
        groups=groups,
    )
    first = clf.history_[0]
    # ln 2 < 0.1 + 1 only for rank 1; rank 2 gets 0.1 + 1 / (1 + sqrt 2) < ln 2
    assert first["n_selected"] == 6 and not first["fallback"]
    assert first["gamma"] == 1.0 and clf.history_[1]["gamma"] == pytest.approx(1.3)


def test_groups_without_diversity_change_nothing():
    X, y = make_classification(n_samples=60, random_state=0)
    kw = {"lambda_init": 0.3, "max_iter": 5, "random_state": 0}
    a = fit_quiet(SelfPacedClassifier(**kw), X, y, groups=np.arange(60) % 4)
    b = fit_quiet(SelfPacedClassifier(**kw), X, y)
    np.testing.assert_array_equal(a.estimator_.coef_, b.estimator_.coef_)


# ---------------------------------------------------------------------------
# partial_fit: streaming
# ---------------------------------------------------------------------------


def test_streaming_over_memmap_chunks(tmp_path):
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=0
    )
    path = tmp_path / "X.dat"
    mm = np.memmap(path, dtype=np.float64, mode="w+", shape=X.shape)
    mm[:] = X
    mm.flush()
    mm = np.memmap(path, dtype=np.float64, mode="r", shape=X.shape)
    clf = SelfPacedClassifier(lambda_init=0.5, mu=1.5, random_state=0)
    for start in range(0, 300, 50):
        clf.partial_fit(
            mm[start : start + 50], y[start : start + 50], classes=[0, 1, 2]
        )
    assert clf.n_iter_ == 6 and len(clf.history_) == 6
    assert [row["epoch"] for row in clf.history_] == [1, 2, 3, 4, 5, 6]
    assert clf.lambda_ == pytest.approx(0.5 * 1.5**6)
    assert clf.history_[0]["fallback"]  # uninformed loss ln 3 > 0.5
    assert not np.isnan(clf.history_[1]["accuracy"])  # chunk scored by the model
    assert clf.selected_.shape == (50,)
    assert clf.score(X, y) > 0.6


def test_streaming_auto_warms_up_then_paces():
    X, y = make_classification(n_samples=200, random_state=0)
    clf = SelfPacedClassifier(n_warmup=2, random_state=0)
    for start in range(0, 200, 40):
        clf.partial_fit(X[start : start + 40], y[start : start + 40], classes=[0, 1])
    phases = [row["phase"] for row in clf.history_]
    assert phases[:2] == ["warmup", "warmup"]
    assert phases[2] in ("pace", "complete")
    assert clf.history_[2]["n_selected"] >= 20  # at least the start_fraction


def test_partial_fit_continues_after_fit():
    X, y = make_classification(n_samples=100, random_state=0)
    clf = SelfPacedClassifier(lambda_init=0.5, max_iter=3, tol=None, random_state=0)
    fit_quiet(clf, X, y)
    lam = clf.lambda_
    clf.partial_fit(X[:30], y[:30])
    assert clf.n_iter_ == 4 and len(clf.history_) == 4
    assert clf.history_[-1]["epoch"] == 4
    assert clf.lambda_ == pytest.approx(lam * 1.3)


def test_partial_fit_bad_input():
    X, y = make_classification(n_samples=40, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first"):
        SelfPacedClassifier().partial_fit(X, y)
    clf = SelfPacedClassifier()
    with pytest.raises(ValueError, match=r"labels \[5\] that are not in classes"):
        clf.partial_fit(X, np.where(y == 1, 5, 0), classes=[0, 1])
    assert not hasattr(clf, "estimator_")  # a failed first call leaves it unfitted
    clf.partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="not in classes"):
        clf.partial_fit(X, np.full(40, 7))
    with pytest.raises(ValueError, match="differs from the classes"):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(X[:, :3], y)


# ---------------------------------------------------------------------------
# Bad input to fit
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, match",
    [
        ({"mu": 1.0}, "'mu' parameter"),
        ({"mu": 0.5}, "'mu' parameter"),
        ({"lambda_init": 0.0}, "'lambda_init' parameter"),
        ({"lambda_init": -1.0}, "'lambda_init' parameter"),
        ({"lambda_init": "fast"}, "'lambda_init' parameter"),
        ({"start_fraction": 0.0}, "'start_fraction' parameter"),
        ({"start_fraction": 1.5}, "'start_fraction' parameter"),
        ({"regime": "cubic"}, "'regime' parameter"),
        ({"regime": "log", "lambda_init": 1.5}, r"0 < lambda_init < 1"),
        ({"mixture_ratio": 1.0}, "'mixture_ratio' parameter"),
    ],
)
def test_fit_bad_params(params, match):
    X, y = make_classification(n_samples=30, random_state=0)
    with pytest.raises(ValueError, match=match):
        SelfPacedClassifier(**params).fit(X, y)


def test_learner_whose_fit_takes_no_sample_weight_is_a_type_error():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = make_classification(n_samples=30, random_state=0)
    with pytest.raises(TypeError, match="KNeighborsClassifier.fit takes no sample_w"):
        SelfPacedClassifier(KNeighborsClassifier()).fit(X, y)


def test_a_fit_only_regressor_is_refused():
    from sklearn.ensemble import HistGradientBoostingRegressor

    X, y = make_classification(n_samples=30, random_state=0)
    with pytest.raises(TypeError, match="needs a classifier; HistGradientBoosting"):
        SelfPacedClassifier(HistGradientBoostingRegressor()).fit(X, y)


# --------------------------------------------------------------------------
# Learners without partial_fit: rounds of fit
# --------------------------------------------------------------------------


def test_a_round_is_one_weighted_fit_on_all_rows():
    # A decision tree has neither partial_fit nor warm_start: each round
    # refits it from scratch, so the final model must be the tree fitted once
    # with the last round's weights: the selection times the user's weights,
    # 0 elsewhere.
    from sklearn.tree import DecisionTreeClassifier

    X, y = make_classification(
        n_samples=120, n_classes=3, n_informative=4, random_state=0
    )
    sw = np.random.RandomState(1).uniform(0.5, 2.0, y.size)
    clf = SelfPacedClassifier(
        DecisionTreeClassifier(max_depth=3),
        pace="fraction",
        start_fraction=0.5,
        fraction_step=0.2,
        end_fraction=0.7,
        max_iter=3,
        random_state=0,
    ).fit(X, y, sample_weight=sw)
    assert not clf.selected_.all() and clf.selected_.any()
    alone = DecisionTreeClassifier(
        max_depth=3, random_state=clf.estimator_.random_state
    ).fit(X, y, sample_weight=np.where(clf.selected_, sw, 0.0))
    np.testing.assert_array_equal(clf.estimator_.tree_.value, alone.tree_.value)
    np.testing.assert_array_equal(clf.predict_proba(X), alone.predict_proba(X))
    # A tree fitted on all rows is another model: the weights did matter.
    everything = DecisionTreeClassifier(
        max_depth=3, random_state=clf.estimator_.random_state
    ).fit(X, y, sample_weight=sw)
    assert not np.array_equal(clf.predict_proba(X), everything.predict_proba(X))
    assert [r["n_updates"] for r in clf.history_] == [
        r["n_selected"] for r in clf.history_
    ]
    assert clf.history_[0]["phase"] == "warmup"
    assert not hasattr(clf, "partial_fit")  # no stream without partial_fit


def test_a_round_on_every_row_is_the_learners_own_fit():
    from sklearn.ensemble import RandomForestClassifier

    X, y = make_classification(n_samples=80, random_state=0)
    forest = RandomForestClassifier(n_estimators=5, random_state=7)
    # One warm-up round on all rows: exactly the forest's own fit, grown
    # to round_size trees.
    clf = SelfPacedClassifier(forest, max_iter=1, round_size=5, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    alone = RandomForestClassifier(
        n_estimators=5, random_state=clf.estimator_.random_state
    ).fit(X, y)
    np.testing.assert_array_equal(clf.predict_proba(X), alone.predict_proba(X))


@pytest.mark.parametrize(
    "learner, round_size, rounds, size",
    [
        # "auto": a tenth of the learner's own number of trees per round.
        ("hgb", "auto", 4, lambda est: est.n_iter_ == 8),
        ("hgb", 3, 4, lambda est: est.n_iter_ == 12),
        ("forest", "auto", 3, lambda est: len(est.estimators_) == 6),
        ("forest", 4, 3, lambda est: len(est.estimators_) == 12),
        # Iterations: a budget per round, from the previous coefficients.
        ("logistic", 7, 3, lambda est: est.max_iter == 7 and est.warm_start),
    ],
)
def test_warm_start_grows_the_model_by_round_size_per_round(
    learner, round_size, rounds, size
):
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier

    learners = {
        "hgb": HistGradientBoostingClassifier(max_iter=20),
        "forest": RandomForestClassifier(n_estimators=20),
        "logistic": LogisticRegression(),
    }
    X, y = make_classification(n_samples=100, random_state=0)
    clf = SelfPacedClassifier(
        learners[learner],
        pace="fraction",
        max_iter=rounds,
        tol=None,
        round_size=round_size,
        ranking="in_sample",  # the learner itself grows round by round
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.n_iter_ == rounds
    assert size(clf.estimator_)
    assert learners[learner].get_params()["warm_start"] is False  # a clone


def test_gradient_boosting_rounds_defaults_and_user_choices():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = make_classification(n_samples=60, random_state=0)

    def fitted(learner):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return (
                SelfPacedClassifier(
                    learner, max_iter=2, ranking="in_sample", random_state=0
                )
                .fit(X, y)
                .estimator_
            )

    est = fitted(HistGradientBoostingClassifier(max_iter=10))
    # Left at their defaults: no early stopping, a bounded Newton step.
    assert est.early_stopping is False and est.l2_regularization == 0.1
    est = fitted(
        HistGradientBoostingClassifier(
            max_iter=10, early_stopping=True, l2_regularization=2.0
        )
    )
    assert est.early_stopping is True and est.l2_regularization == 2.0


@pytest.mark.parametrize("user_weights", [False, True])
def test_boosting_rounds_fit_the_selected_rows(user_weights):
    # HistGradientBoostingClassifier's weighted fit bins every feature by
    # weighted percentiles, far slower than a copy: a hard round fits it on
    # the selected rows, unweighted. With user weights, the weighted fit on
    # all rows stays. Either way: the model boosted on the selection.
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, random_state=0
    )
    sw = np.random.RandomState(1).uniform(0.5, 2.0, y.size) if user_weights else None
    clf = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        pace="fraction",
        start_fraction=0.5,
        end_fraction=0.5,
        max_iter=2,
        tol=None,
        ranking="in_sample",
        random_state=0,
    ).fit(X, y, sample_weight=sw)
    selected = clf.selected_
    assert 0 < selected.mean() < 1
    manual = HistGradientBoostingClassifier(
        max_iter=1,
        warm_start=True,
        early_stopping=False,
        l2_regularization=0.1,
        random_state=clf.estimator_.random_state,
    ).fit(X, y, sample_weight=sw)
    manual.set_params(max_iter=2)
    if user_weights:
        manual.fit(X, y, sample_weight=np.where(selected, sw, 0.0))
    else:
        manual.fit(X[selected], y[selected])
    np.testing.assert_allclose(clf.predict_proba(X), manual.predict_proba(X))
    assert clf.history_[1]["n_updates"] == selected.sum()


def test_every_class_stays_in_every_round_of_a_fit_only_learner():
    # A tiny float pace selects nothing at first: the cold start keeps every
    # class in every round, so no class has only zero-weight rows.
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = make_classification(
        n_samples=150, n_classes=3, n_informative=4, random_state=0
    )
    clf = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        lambda_init=1e-6,
        mu=1.5,
        max_iter=4,
        ranking="in_sample",
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.history_[0]["fallback"]
    for record in clf.history_:
        assert np.all(record["fraction_selected"] > 0)
    assert clf.score(X, y) > 0.5  # 4 trees per class: learnt, not converged


def test_groups_of_the_wrong_length():
    X, y = make_classification(n_samples=30, random_state=0)
    with pytest.raises(ValueError, match="groups must have one entry per sample"):
        SelfPacedClassifier(diversity=1.0).fit(X, y, groups=np.zeros(29))


def test_inputs_are_not_modified_and_read_only_inputs_work():
    X, y = make_classification(n_samples=60, random_state=0)
    sw = np.linspace(0.1, 1.0, 60)
    groups = np.arange(60) % 3
    arrays_in = [X, y, sw, groups]
    copies = [a.copy() for a in arrays_in]
    for a in arrays_in:
        a.flags.writeable = False
    fit_quiet(
        SelfPacedClassifier(diversity=0.5, regime="mixture", max_iter=5),
        X,
        y,
        sample_weight=sw,
        groups=groups,
    )
    for a, c in zip(arrays_in, copies, strict=True):
        np.testing.assert_array_equal(a, c)


# ---------------------------------------------------------------------------
# Data types, learners, determinism
# ---------------------------------------------------------------------------


def test_string_labels_and_sparse_input():
    X, y = make_classification(
        n_samples=80, n_classes=3, n_informative=4, random_state=0
    )
    labels = np.array(["ant", "bee", "cat"])[y]
    clf = fit_quiet(
        SelfPacedClassifier(max_iter=5, random_state=0), sparse.csr_matrix(X), labels
    )
    assert set(clf.predict(sparse.csr_matrix(X))) <= set(labels)
    np.testing.assert_array_equal(clf.classes_, ["ant", "bee", "cat"])


def test_multinomial_nb_on_counts():
    rng = np.random.RandomState(0)
    X = rng.poisson(3, size=(80, 6)).astype(float)
    y = (X[:, 0] > 3).astype(int)
    clf = fit_quiet(SelfPacedClassifier(MultinomialNB(), max_iter=5), X, y)
    assert clf.predict_proba(X).shape == (80, 2)


def test_same_random_state_same_fit():
    X, y, _ = make_curriculum_dataset(100, label_noise=0.2, random_state=0)
    a = fit_quiet(SelfPacedClassifier(random_state=3, max_iter=8), X, y)
    b = fit_quiet(SelfPacedClassifier(random_state=3, max_iter=8), X, y)
    np.testing.assert_array_equal(a.estimator_.coef_, b.estimator_.coef_)
    assert [r["n_selected"] for r in a.history_] == [
        r["n_selected"] for r in b.history_
    ]


def test_history_converts_to_a_dataframe():
    pd = pytest.importorskip("pandas")
    X, y = make_classification(n_samples=60, random_state=0)
    clf = fit_quiet(SelfPacedClassifier(max_iter=4), X, y)
    df = pd.DataFrame(clf.history_)
    assert len(df) == clf.n_iter_
    for col in (
        "epoch",
        "phase",
        "lambda",
        "n_selected",
        "fraction_selected",
        "fallback",
        "loss_selected",
        "loss_all",
        "accuracy",
        "n_updates",
    ):
        assert col in df.columns


# ---------------------------------------------------------------------------
# The user story: a pipeline tuned by GridSearchCV, routing
# ---------------------------------------------------------------------------


def test_pipeline_grid_search_over_the_pace():
    X, y = make_classification(n_samples=90, random_state=0)
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            ("spl", SelfPacedClassifier(max_iter=8, random_state=0)),
        ]
    )
    grid = {
        "spl__lambda_init": ["auto", 0.5],
        "spl__mu": [1.3, 2.0],
        "spl__regime": ["hard", "linear"],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    assert set(search.best_params_) == set(grid)
    assert len(search.cv_results_["params"]) == 8
    assert search.score(X, y) > 0.7


def test_sample_weight_and_groups_are_routed():
    X, y = make_classification(n_samples=60, random_state=0)
    sw = np.ones(60)
    groups = np.arange(60) % 3
    with config_context(enable_metadata_routing=True):
        # The learner consumes the weights in partial_fit; it says so.
        learner = SGDClassifier(loss="log_loss").set_partial_fit_request(
            sample_weight=True
        )
        spl = (
            SelfPacedClassifier(learner, diversity=0.5, max_iter=4)
            .set_fit_request(sample_weight=True, groups=True)
            .set_score_request(sample_weight=False)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            GridSearchCV(spl, {"mu": [1.3, 2.0]}, cv=GroupKFold(3)).fit(
                X, y, sample_weight=sw, groups=groups
            )
        # not requested: scikit-learn's routing error names the metadata
        with pytest.raises(ValueError, match="sample_weight"):
            GridSearchCV(SelfPacedClassifier(max_iter=2), {"mu": [1.3]}).fit(
                X, y, sample_weight=sw
            )


def test_docstring_examples_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = doctest.testmod(self_paced_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("regime", ["linear", "log", "mixture"])
def test_soft_fallback_never_weighs_a_harder_example_more(spy, regime):
    X, y = id_data(200)
    classes = np.unique(y)
    clf = SelfPacedClassifier(
        spy(loss="log_loss", alpha=0.5), regime=regime, lambda_init=0.2, random_state=0
    )
    clf.partial_fit(X, y, classes=classes)  # cold start: the easiest half
    for _ in range(3):
        model = copy.deepcopy(clf.estimator_)
        p = model.predict_proba(X)[np.arange(len(y)), np.searchsorted(classes, y)]
        loss = -np.log(np.maximum(p, np.finfo(float).tiny))
        spy.calls = []
        clf.partial_fit(X, y)
        ids = np.concatenate([ids for ids, _ in spy.calls])
        w = np.concatenate([np.ones(len(i)) if w is None else w for i, w in spy.calls])
        assert clf.history_[-1]["fallback"]
        for c in range(len(classes)):
            mine = y[ids] == classes[c]
            order = np.argsort(loss[ids[mine]], kind="stable")
            # Within a class, weight never rises with the loss.
            assert np.all(np.diff(w[mine][order]) <= 1e-12)


def test_default_pace_admits_every_class_of_clean_digits():
    # Per-class paces are floored by the largest loss of all: a class whose
    # own warm-up losses were all small used to end below losses it reached
    # later, and the fit warned that the pace never completed.
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    for seed in range(4):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            clf = SelfPacedClassifier(random_state=seed).fit(X, y)
        assert clf.history_[-1]["phase"] == "complete"


def test_diversity_without_groups_says_it_has_no_effect():
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.warns(UserWarning, match=r"diversity=1.0 has no effect.*groups"):
        fit_quiet(SelfPacedClassifier(diversity=1.0, max_iter=2), X, y)
    with pytest.warns(UserWarning, match=r"no effect in partial_fit"):
        SelfPacedClassifier(diversity=1.0).partial_fit(X, y, classes=[0, 1])


# ---------------------------------------------------------------------------
# The regime table: every entry is documented, validated and behaves as declared
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(self_paced_module._REGIMES))
def test_every_regime_is_documented_accepted_and_as_declared(name):
    rule = self_paced_module._REGIMES[name]
    assert f'``"{name}"``' in self_paced_weights.__doc__
    assert (
        f'"{name}"' in SelfPacedClassifier.__doc__.split("regime : {")[1].split("}")[0]
    )
    assert SelfPacedClassifier._parameter_constraints["regime"][0].is_satisfied_by(name)
    losses = np.linspace(0.0, 2.0, 201)
    lam = 0.9 if rule.pace_limit is None else 0.9 * rule.pace_limit
    w = self_paced_weights(losses, lam, name)
    assert np.all((w >= 0) & (w <= 1))
    assert np.all(w[losses >= lam] == 0) and w[0] == 1
    # soft: some weight strictly between 0 and 1; hard: a 0/1 selection.
    assert bool(np.any((w > 0) & (w < 1))) == rule.soft
    if rule.pace_limit is not None:
        assert rule.past_limit in self_paced_module._REGIMES
        with pytest.raises(ValueError, match=f"0 < lam < {rule.pace_limit:g}"):
            self_paced_weights(losses, rule.pace_limit, name)
        with pytest.raises(ValueError, match=f"0 < lambda_init < {rule.pace_limit:g}"):
            SelfPacedClassifier(regime=name, lambda_init=rule.pace_limit).fit(
                *make_classification(n_samples=20, random_state=0)
            )
        # Past its limit (the annealed pace), the regime's weights are those
        # of past_limit.
        past = _regime_weights(losses, 2 * rule.pace_limit, name, 0.5)
        expected = _regime_weights(losses, 2 * rule.pace_limit, rule.past_limit, 0.5)
        np.testing.assert_array_equal(past, expected)


def test_regime_names_are_the_table():
    assert tuple(self_paced_module._REGIMES) == self_paced_module.REGIMES
    assert set(REGIMES) == set(self_paced_module.REGIMES)


# ---------------------------------------------------------------------------
# pace="fraction" and end_fraction
# ---------------------------------------------------------------------------


def test_fraction_schedule():
    from skcurric.self_paced import fraction_schedule

    np.testing.assert_allclose(
        fraction_schedule(0.5, 0.1, 1.0), [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    )
    np.testing.assert_allclose(fraction_schedule(0.5, 0.2, 0.8), [0.5, 0.7, 0.8])
    np.testing.assert_allclose(fraction_schedule(0.5, 0.05, 0.5), [0.5])
    np.testing.assert_allclose(fraction_schedule(0.9, 0.05, 0.6), [0.6])


@pytest.mark.parametrize("class_balance", [True, False])
def test_the_fraction_pace_selects_exact_shares_then_holds(class_balance):
    X, y = make_classification(
        n_samples=300,
        n_features=6,
        n_informative=4,
        n_classes=3,
        weights=[0.5, 0.3, 0.2],
        random_state=0,
    )
    clf = SelfPacedClassifier(
        pace="fraction",
        start_fraction=0.4,
        fraction_step=0.2,
        end_fraction=0.8,
        max_iter=7,
        tol=None,
        class_balance=class_balance,
        random_state=0,
    ).fit(X, y)
    counts = np.bincount(y)
    phases = [row["phase"] for row in clf.history_]
    assert phases == [
        "warmup",
        "pace",
        "pace",
        "complete",
        "complete",
        "complete",
        "complete",
    ]
    for row, q in zip(clf.history_[1:], [0.4, 0.6, 0.8, 0.8, 0.8, 0.8], strict=True):
        assert row["pace_fraction"] == pytest.approx(q)
        if class_balance:
            expected = np.ceil(np.round(q * counts, 9)) / counts
            np.testing.assert_allclose(row["fraction_selected"], expected)
        else:
            assert row["n_selected"] == np.ceil(round(q * y.size, 9))
    assert clf.selected_.sum() == row["n_selected"]
    # lambda_ is the loss the last selection amounts to (per class)
    assert np.all(np.asarray(clf.lambda_) > 0)


def test_the_fraction_pace_keeps_the_highest_losses_out():
    X, y = make_classification(
        n_samples=400, n_features=8, class_sep=2.0, random_state=1
    )
    rng = np.random.default_rng(0)
    flip = rng.random(y.size) < 0.3
    y_noisy = np.where(flip, 1 - y, y)
    learner = SGDClassifier(loss="log_loss", alpha=0.01, random_state=0)
    clf = SelfPacedClassifier(
        learner, pace="fraction", end_fraction=0.6, max_iter=20, random_state=0
    ).fit(X, y_noisy)
    assert flip[clf.selected_].mean() < 0.5 * flip.mean()


@pytest.mark.parametrize("regime", ["linear", "log", "mixture"])
def test_soft_regimes_weigh_the_fraction_selection(regime):
    X, y = make_classification(n_samples=200, n_features=6, random_state=0)
    clf = SelfPacedClassifier(
        pace="fraction", regime=regime, end_fraction=0.7, max_iter=8, random_state=0
    ).fit(X, y)
    for row in clf.history_[1:]:
        expected = np.ceil(np.round(row["pace_fraction"] * np.bincount(y), 9))
        np.testing.assert_allclose(row["fraction_selected"] * np.bincount(y), expected)


def test_end_fraction_caps_the_loss_pace():
    X, y = make_classification(n_samples=300, n_features=6, random_state=0)
    clf = SelfPacedClassifier(end_fraction=0.7, max_iter=15, tol=None, random_state=0)
    clf.fit(X, y)
    cap = np.ceil(np.round(0.7 * np.bincount(y), 9)) / np.bincount(y)
    for row in clf.history_[1:]:  # after the warm-up epoch on all rows
        assert np.all(row["fraction_selected"] <= cap + 1e-12)
    # the pace ends at the cap: held there, not a failure to converge
    assert clf.history_[-1]["phase"] == "complete"
    np.testing.assert_allclose(clf.history_[-1]["fraction_selected"], cap)


def test_diversity_needs_the_loss_pace():
    X, y = make_classification(n_samples=100, random_state=0)
    groups = np.arange(100) % 4
    with pytest.raises(ValueError, match="diversity=0.5 needs pace='loss'"):
        SelfPacedClassifier(pace="fraction", diversity=0.5).fit(X, y, groups=groups)


def test_the_fraction_pace_ignores_lambda_init_limits():
    # lambda_init is in loss units and unused by a fraction pace: the log
    # regime's lambda_init < 1 rule does not apply.
    X, y = make_classification(n_samples=100, random_state=0)
    SelfPacedClassifier(
        pace="fraction", regime="log", lambda_init=5.0, random_state=0
    ).fit(X, y)


def test_a_fraction_pace_cut_short_by_max_iter_warns_with_its_own_advice():
    X, y = make_classification(n_samples=100, random_state=0)
    with pytest.warns(ConvergenceWarning, match="before the fraction pace reached"):
        SelfPacedClassifier(pace="fraction", max_iter=4, random_state=0).fit(X, y)
