"""Cross-fitted ranking: parts, rankers, and the self-paced path that uses them."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.datasets import load_digits, make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.preprocessing import scale
from sklearn.tree import DecisionTreeClassifier

from skcurric import SelfPacedClassifier, SelfPacedClassifierCV
from skcurric._cross_fit import RankerEnsemble, split_parts


def _noisy_digits(n=600, rate=0.4, seed=0):
    X, y = load_digits(return_X_y=True)
    X, y = scale(X)[:n], y[:n]
    flip = np.random.default_rng(seed).random(y.size) < rate
    return X, np.where(flip, (y + 1) % 10, y), flip


@settings(max_examples=50, deadline=None)
@given(
    counts=st.lists(st.integers(1, 40), min_size=1, max_size=6),
    n_parts=st.integers(2, 4),
    seed=st.integers(0, 2**31 - 1),
)
def test_parts_split_every_class_evenly(counts, n_parts, seed):
    y_index = np.repeat(np.arange(len(counts)), counts)
    y_index = np.random.RandomState(seed).permutation(y_index)
    if max(counts) < n_parts:  # the last part would get no row
        with pytest.raises(ValueError, match="a ranker would have nothing"):
            split_parts(y_index, len(counts), np.random.RandomState(0), n_parts)
        return
    part = split_parts(
        y_index, len(counts), np.random.RandomState(seed), n_parts=n_parts
    )
    assert part.shape == y_index.shape and set(np.unique(part)) <= set(range(n_parts))
    for c, count in enumerate(counts):
        sizes = np.bincount(part[y_index == c], minlength=n_parts)
        assert sizes.sum() == count and sizes.max() - sizes.min() <= 1
    # Rows of weight 0 are not dealt: the others get the parts they would get
    # without them.
    extra = np.random.RandomState(seed + 1).randint(len(counts), size=7)
    k = min(3, y_index.size)
    padded = np.concatenate([y_index[:k], extra, y_index[k:]])
    positive = np.ones(padded.size, dtype=bool)
    positive[k : k + 7] = False
    again = split_parts(
        padded,
        len(counts),
        np.random.RandomState(seed),
        n_parts=n_parts,
        positive=positive,
    )
    np.testing.assert_array_equal(again[positive], part)
    assert np.all(again[~positive] == 0)


def test_the_ranker_ensemble_is_the_mean_of_its_rankers():
    X, y = make_classification(
        n_samples=120, n_classes=3, n_informative=4, random_state=0
    )
    a = LogisticRegression().fit(X, y)
    b = LogisticRegression().fit(X[y != 2], y[y != 2])  # saw two classes only
    ensemble = RankerEnsemble([a, b], np.array([0, 1, 2]))
    expected = a.predict_proba(X)
    expected[:, :2] += b.predict_proba(X)
    np.testing.assert_allclose(ensemble.predict_proba(X), expected / 2)
    np.testing.assert_array_equal(
        ensemble.predict(X), np.argmax(expected, axis=1).astype(y.dtype)
    )


def test_a_memorising_learner_ranks_the_flipped_rows_better_when_cross_fitted():
    # A forest without bootstrap fits every row it trains on (each tree sees
    # them all), so in-sample losses hide flipped labels; losses from the
    # forest that did not train on a row find them.
    X, y, flip = _noisy_digits(rate=0.3)
    kept = {}
    for ranking in ("in_sample", "cross_fit"):
        forest = RandomForestClassifier(
            n_estimators=20, bootstrap=False, max_features=0.3, random_state=0
        )
        clf = SelfPacedClassifier(
            forest,
            pace="fraction",
            end_fraction=0.6,
            ranking=ranking,
            random_state=0,
        ).fit(X, y)
        kept[ranking] = flip[clf.selected_].mean()
    assert kept["in_sample"] > 0.15
    assert kept["cross_fit"] < 0.3 * kept["in_sample"]


def test_the_model_is_the_learner_fitted_on_the_final_selection():
    X, y, _ = _noisy_digits(400)
    learner = HistGradientBoostingClassifier(max_iter=15, random_state=0)
    clf = SelfPacedClassifier(
        learner, pace="fraction", end_fraction=0.7, random_state=0
    ).fit(X, y)
    assert 0.6 < clf.selected_.mean() < 0.8
    by_hand = clone(learner).fit(X[clf.selected_], y[clf.selected_])
    np.testing.assert_allclose(clf.predict_proba(X), by_hand.predict_proba(X))
    # Its own parameters, not the rounds' (warm start, 0.1 L2 penalty).
    assert not clf.estimator_.warm_start and clf.estimator_.l2_regularization == 0


def test_each_fraction_takes_two_rounds_and_the_rounds_end_with_the_pace():
    X, y, _ = _noisy_digits(300)
    clf = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        pace="fraction",
        fraction_step=0.1,
        end_fraction=0.7,
        max_iter=30,
        random_state=0,
    ).fit(X, y)
    fractions = [r.get("pace_fraction") for r in clf.history_[1:]]
    np.testing.assert_allclose(fractions, [0.5, 0.5, 0.6, 0.6, 0.7, 0.7])
    assert clf.n_iter_ == 7 and clf.history_[0]["phase"] == "warmup"
    one = clf.set_params(epochs_per_fraction=1).fit(X, y)
    assert one.n_iter_ == 4


def test_the_fraction_is_taken_within_each_half_of_each_class():
    X, y, _ = _noisy_digits(300)
    clf = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        pace="fraction",
        start_fraction=0.5,
        end_fraction=0.5,
        random_state=0,
    ).fit(X, y)
    part = split_parts(
        np.searchsorted(clf.classes_, y),
        clf.classes_.size,
        _rng_after_clone(0),
    )
    for c in clf.classes_:
        for k in (0, 1):
            rows = (y == c) & (part == k)
            assert clf.selected_[rows].sum() == np.ceil(0.5 * rows.sum())


def _rng_after_clone(seed):
    """The fit's RNG once the learner's clone drew its seed (as ``fit`` does)."""
    rng = np.random.RandomState(seed)
    rng.randint(np.iinfo(np.int32).max)
    return rng


def test_ranking_auto_cross_fits_gradient_boosting_only():
    X, y = make_classification(n_samples=80, random_state=0)
    hgb = SelfPacedClassifier(HistGradientBoostingClassifier(max_iter=5))
    assert hgb._ranking() == "cross_fit" and hgb._epochs_per_fraction() == 2
    for learner in (SGDClassifier(), LogisticRegression()):
        auto = SelfPacedClassifier(learner)
        assert auto._ranking() == "in_sample" and auto._epochs_per_fraction() == 1
    forest = SelfPacedClassifier(DecisionTreeClassifier(), ranking="cross_fit")
    assert forest._ranking() == "cross_fit"


def test_cross_fit_ranking_needs_a_class_with_a_row_for_each_ranker():
    X, y = np.arange(4.0).reshape(2, 2), np.array([0, 1])
    with pytest.raises(ValueError, match="SelfPacedClassifier: ranking='cross_fit'"):
        SelfPacedClassifier(HistGradientBoostingClassifier()).fit(X, y)
    SelfPacedClassifier(HistGradientBoostingClassifier(), ranking="in_sample").fit(X, y)


@pytest.mark.parametrize("Estimator", [SelfPacedClassifier, SelfPacedClassifierCV])
def test_cross_fit_ranking_needs_a_learner_trained_in_rounds(Estimator):
    X, y = make_classification(n_samples=80, random_state=0)
    with pytest.raises(ValueError, match="ranking='cross_fit'.*SGDClassifier has"):
        Estimator(SGDClassifier(), ranking="cross_fit").fit(X, y)


def test_the_cv_folds_score_the_rankers_and_the_refit_matches():
    X, y, _ = _noisy_digits(450)
    params = {"fractions": [0.6, 0.8, 1.0], "random_state": 2}
    cv = SelfPacedClassifierCV(HistGradientBoostingClassifier(max_iter=10), **params)
    cv._choose = staticmethod(lambda scores: 0)  # pace_ 0.6, whatever the folds
    cv.fit(X, y)
    assert cv.pace_ == 0.6
    single = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        pace="fraction",
        start_fraction=0.6,
        fraction_step=0.2,
        end_fraction=0.6,
        random_state=2,
    ).fit(X, y)
    np.testing.assert_array_equal(cv.selected_, single.selected_)
    np.testing.assert_allclose(cv.predict_proba(X), single.predict_proba(X))
    assert cv.n_iter_ == single.n_iter_ == 3  # warm-up, then 0.6 twice
    scores = np.vstack([cv.cv_results_[f"split{i}_test_score"] for i in range(3)])
    assert np.all((scores > 0.3) & (scores <= 1))


def test_auto_rankers_grow_by_an_eighth_of_the_default_trees():
    from skcurric.utils._learners import prepare_rounds

    for own, size in ((100, 8), (25, 2), (5, 1)):
        ranker = HistGradientBoostingClassifier(max_iter=own)
        grow = prepare_rounds(ranker, "auto", cross_fit=True)
        grow(ranker, 2)  # the third round
        assert ranker.max_iter == 3 * size and ranker.warm_start
    learner = HistGradientBoostingClassifier()
    prepare_rounds(learner, "auto")(learner, 0)
    assert learner.max_iter == 10  # in-sample rounds: a tenth, as before


@pytest.mark.parametrize(
    "params",
    [
        {"regime": "linear", "pace": "fraction", "end_fraction": 0.7},
        {"regime": "mixture", "pace": "fraction", "end_fraction": 0.7},
        {"pace": "loss", "diversity": 0.5, "end_fraction": 0.8},
    ],
    ids=["linear", "mixture", "diversity"],
)
def test_soft_regimes_and_diversity_work_when_cross_fitted(params):
    X, y, _ = _noisy_digits(300)
    groups = np.arange(y.size) % 4
    clf = SelfPacedClassifier(
        HistGradientBoostingClassifier(max_iter=10),
        max_iter=12,
        ranking="cross_fit",
        random_state=0,
        **params,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 12 rounds, loss pace
        clf.fit(X, y, groups=groups)
    assert 0.5 < clf.selected_.mean() <= 0.85
    assert clf.score(X, y) > 0.5
    # The model is the learner fitted on the last round's weights, its own
    # parameters and 10 trees.
    assert clf.estimator_.n_iter_ == 10
