"""SelfPacedClassifierCV: the pace path per fold, the choice, the refit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.datasets import load_digits, make_classification
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler, scale

from skcurric import SelfPacedClassifier, SelfPacedClassifierCV
from skcurric.self_paced import fraction_schedule


def _noisy_digits(rate=0.4, seed=0):
    """Digits, scaled, with class k -> k + 1 label noise on a ``rate`` of rows."""
    X, y = load_digits(return_X_y=True)
    flip = np.random.default_rng(seed).random(y.size) < rate
    return scale(X), np.where(flip, (y + 1) % 10, y), y, flip


def _sgd(alpha=0.01, seed=0):
    return SGDClassifier(loss="log_loss", alpha=alpha, random_state=seed)


def test_the_model_equals_self_paced_classifier_at_the_chosen_pace():
    X, y, _, _ = _noisy_digits()
    cv = SelfPacedClassifierCV(_sgd(), random_state=3).fit(X, y)
    assert cv.pace_ in cv.cv_results_["fraction"]
    single = SelfPacedClassifier(
        _sgd(), pace="fraction", end_fraction=cv.pace_, random_state=3
    ).fit(X, y)
    np.testing.assert_array_equal(cv.estimator_.coef_, single.estimator_.coef_)
    np.testing.assert_array_equal(cv.selected_, single.selected_)
    assert cv.n_iter_ == single.n_iter_ and len(cv.history_) == len(single.history_)


def test_the_regime_and_its_mixture_ratio_are_passed_on():
    X, y, _, _ = _noisy_digits()
    fits = {}
    for ratio in (0.2, 0.8):
        params = {"regime": "mixture", "mixture_ratio": ratio, "random_state": 3}
        fractions = [0.6, 0.7]  # pace_ < 1: the refit is the self-paced path
        cv = SelfPacedClassifierCV(_sgd(), fractions=fractions, **params).fit(X, y)
        single = SelfPacedClassifier(
            _sgd(),
            pace="fraction",
            start_fraction=0.6,
            fraction_step=0.1,
            end_fraction=cv.pace_,
            max_iter=30,
            **params,
        ).fit(X, y)
        np.testing.assert_array_equal(cv.estimator_.coef_, single.estimator_.coef_)
        fits[ratio] = cv.estimator_.coef_
    assert not np.array_equal(fits[0.2], fits[0.8])


def test_no_selection_is_exactly_the_learner_by_itself():
    X, y = make_classification(
        n_samples=200, n_features=6, class_sep=2.0, random_state=0
    )
    # Scores that favour the largest candidate on every fold: pace_ is 1.
    always_all = staticmethod(lambda scores, *args, **kwargs: scores.shape[1] - 1)
    # A learner with its own seed: the refit is that learner exactly, as
    # GridSearchCV refits best_estimator_ (whatever this estimator's seed).
    learner = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=11)
    for seed in (4, 5):
        cv = SelfPacedClassifierCV(learner, fractions=[0.6, 1.0], random_state=seed)
        cv._choose = always_all
        cv.fit(X, y)
        assert cv.pace_ == 1.0 and cv.history_ == [] and cv.selected_.all()
        alone = clone(learner).fit(X, y)
        np.testing.assert_array_equal(cv.estimator_.coef_, alone.coef_)
        assert cv.n_iter_ == alone.n_iter_
    # A learner whose seed is unset gets one from random_state: reproducible,
    # and different seeds give different models.
    open_seed = SGDClassifier(loss="log_loss", alpha=1e-3)
    coefs = []
    for seed in (4, 4, 5):
        cv = SelfPacedClassifierCV(open_seed, fractions=[0.6, 1.0], random_state=seed)
        cv._choose = always_all
        coefs.append(cv.fit(X, y).estimator_.coef_)
    np.testing.assert_array_equal(coefs[0], coefs[1])
    assert not np.array_equal(coefs[0], coefs[2])
    assert open_seed.random_state is None  # the user's object is untouched


def test_default_accuracy_equals_the_learners_own_score():
    # The fold paths compute plain accuracy directly; it must be what
    # scoring="accuracy" (the learner's score) gives.
    X, y = make_classification(
        n_samples=240, n_features=8, n_informative=5, n_classes=3, random_state=1
    )
    kwargs = {"fractions": [0.5, 0.8, 1.0], "random_state": 3}
    fast = SelfPacedClassifierCV(_sgd(1e-3), **kwargs).fit(X, y)
    slow = SelfPacedClassifierCV(_sgd(1e-3), scoring="accuracy", **kwargs).fit(X, y)
    for key in ("split0_test_score", "split1_test_score", "split2_test_score"):
        np.testing.assert_array_equal(fast.cv_results_[key], slow.cv_results_[key])


def test_each_fold_score_is_the_model_stopped_at_that_candidate():
    # The path is trained once per fold; its score after candidate k's epoch
    # must be the score of a model fitted to stop at candidate k.
    X, y = make_classification(
        n_samples=240, n_features=8, n_informative=5, n_classes=3, random_state=0
    )
    grid = [0.5, 0.7, 0.9, 1.0]
    cv = SelfPacedClassifierCV(
        _sgd(1e-3), fractions=grid, cv=3, n_warmup=1, random_state=7
    ).fit(X, y)
    splits = list(StratifiedKFold(3).split(X, y))
    for f, (train, test) in enumerate(splits):
        for k in range(len(grid)):
            stopped = SelfPacedClassifier(
                _sgd(1e-3),
                pace="fraction",
                start_fraction=grid[0],
                fraction_step=0.2,
                end_fraction=grid[k],
                max_iter=1 + k + 1,
                random_state=7,
            ).fit(X[train], y[train])
            expected = accuracy_score(y[test], stopped.predict(X[test]))
            assert cv.cv_results_[f"split{f}_test_score"][k] == pytest.approx(expected)


def test_cv_results_are_complete_and_ranked():
    X, y, _, _ = _noisy_digits(0.2)
    cv = SelfPacedClassifierCV(_sgd(), cv=4, random_state=0).fit(X, y)
    res = cv.cv_results_
    grid = fraction_schedule(0.5, 0.05, 1.0)
    np.testing.assert_allclose(res["fraction"], grid)
    splits = np.array([res[f"split{i}_test_score"] for i in range(4)])
    np.testing.assert_allclose(res["mean_test_score"], splits.mean(axis=0))
    np.testing.assert_allclose(res["std_test_score"], splits.std(axis=0))
    assert res["rank_test_score"][np.argmax(res["mean_test_score"])] == 1
    assert sorted(res["rank_test_score"]) == list(range(1, grid.size + 1))


def test_under_asymmetric_noise_it_keeps_the_flipped_rows_out():
    X, y, y_true, flip = _noisy_digits(0.4)
    cv = SelfPacedClassifierCV(_sgd(), random_state=0).fit(X, y)
    plain = _sgd().set_params(max_iter=30, tol=None).fit(X, y)
    assert cv.pace_ < 1
    assert flip[cv.selected_].mean() < 0.6 * flip.mean()
    # Against the true labels, on the training rows (no test split needed
    # for a gap this large: 40% of the labels are wrong).
    assert cv.score(X, y_true) > plain.score(X, y_true) + 0.05


@pytest.mark.parametrize(
    "scores, expected",
    [
        # no candidate beats the largest: keep it (no selection)
        (np.full((3, 4), 0.8), 3),
        # a consistent gain at the second candidate: take it
        (
            np.array(
                [[0.6, 0.8, 0.7, 0.5], [0.61, 0.81, 0.7, 0.5], [0.6, 0.79, 0.7, 0.5]]
            ),
            1,
        ),
        # a higher mean that one fold contradicts: within the noise, keep the largest
        (np.array([[0.9, 0.5], [0.5, 0.52], [0.5, 0.52]]), 1),
        # past the gate, exact ties of the best mean go to the smaller fraction
        (np.array([[0.7, 0.9, 0.9, 0.6]] * 3) + [[0.0], [0.01], [0.02]], 1),
        # ... and so do near-ties, within half a standard error of the best
        # (best mean 0.9, its standard error 0.01 / sqrt(3))
        (np.array([[0.7, 0.898, 0.9, 0.6]] * 3) + [[0.0], [0.01], [0.02]], 1),
        # a smaller candidate further away than that is not taken
        (np.array([[0.7, 0.89, 0.9, 0.6]] * 3) + [[0.0], [0.01], [0.02]], 2),
    ],
)
def test_the_paired_one_standard_error_rule(scores, expected):
    assert SelfPacedClassifierCV._choose(np.asarray(scores, dtype=float)) == expected


def test_around_a_network_selection_must_beat_the_network_alone():
    # A consistent gain over the path's last candidate, but not over the
    # network by itself after as many epochs (two warm-up epochs, then the
    # candidates: the second candidate is epoch 4, column 3): no selection.
    scores = np.array(
        [[0.6, 0.8, 0.7, 0.5], [0.61, 0.81, 0.7, 0.5], [0.6, 0.79, 0.7, 0.5]]
    )
    alone = np.full((3, 6), 0.5)
    alone[:, 3] = [0.8, 0.82, 0.8]
    assert SelfPacedClassifierCV._choose(scores, alone, n_warmup=2) == 3
    # ... a consistent gain over it too: selection.
    alone[:, 3] = [0.7, 0.72, 0.7]
    assert SelfPacedClassifierCV._choose(scores, alone, n_warmup=2) == 1
    # ... and a gain of more than half a standard error, not of a whole one
    # (differences 0.02, -0.01, 0.02: mean 0.01, standard error 0.01)
    alone[:, 3] = [0.78, 0.82, 0.77]
    assert SelfPacedClassifierCV._choose(scores, alone, n_warmup=2) == 1
    # The path's last candidate as the best mean is no selection either way.
    last_best = np.array([[0.5, 0.7, 0.9]] * 3) + [[0.0], [0.01], [0.02]]
    assert SelfPacedClassifierCV._choose(last_best, np.zeros((3, 5))) == 2


def test_selection_must_beat_the_learners_own_fit():
    # A consistent gain over the path's last candidate ...
    scores = np.array(
        [[0.6, 0.8, 0.7, 0.5], [0.61, 0.81, 0.7, 0.5], [0.6, 0.79, 0.7, 0.5]]
    )
    assert SelfPacedClassifierCV._choose(scores) == 1
    # ... but none over the learner's own fit on each fold: no selection.
    assert SelfPacedClassifierCV._choose(scores, own=np.array([0.8, 0.8, 0.8])) == 3
    # A gain over it of more than one standard error: selection.
    assert SelfPacedClassifierCV._choose(scores, own=np.array([0.7, 0.72, 0.7])) == 1
    # ... not of half of one (differences 0.02, -0.01, 0.02: mean 0.01,
    # standard error 0.01).
    own = scores[:, 1] - [0.02, -0.01, 0.02]
    assert SelfPacedClassifierCV._choose(scores, own=own) == 3


def test_the_folds_score_the_learners_own_fit_as_no_selection():
    # With 1 among the candidates, the gate's reference on each fold is what
    # pace_ == 1 refits: the learner's own fit on the fold's training rows.
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=5, random_state=0
    )
    learner = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=2)
    cv = SelfPacedClassifierCV(learner, fractions=[0.6, 0.8, 1.0], random_state=0)
    cv.fit(X, y)
    folds = StratifiedKFold(3).split(X, y)
    expected = [
        clone(learner).fit(X[tr], y[tr]).score(X[te], y[te]) for tr, te in folds
    ]
    assert_allclose(cv.alone_scores_[:, 0], expected)


def test_the_own_fit_on_each_fold_takes_the_weights():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=5, random_state=0
    )
    w = np.random.default_rng(0).uniform(0.2, 3.0, y.size)
    learner = SGDClassifier(loss="log_loss", alpha=1e-3, random_state=2)
    cv = SelfPacedClassifierCV(learner, fractions=[0.6, 1.0], random_state=0)
    cv.fit(X, y, sample_weight=w)
    folds = StratifiedKFold(3).split(X, y)
    expected = [
        clone(learner).fit(X[tr], y[tr], sample_weight=w[tr]).score(X[te], y[te])
        for tr, te in folds
    ]
    assert_allclose(cv.alone_scores_[:, 0], expected)
    # Candidates that end below 1: no selection is not among them, and the
    # gate compares with the path's last candidate.
    below = SelfPacedClassifierCV(learner, fractions=[0.6, 0.9], random_state=0)
    assert below.fit(X, y).alone_scores_ is None


def test_on_clean_data_no_stop_of_the_default_path_is_kept():
    # The untuned default learner on clean data: the path's last candidate
    # lands below the learner's own fit, and its best candidate beat that
    # last one on every seed (bench_defaults.py part d) and lost to the
    # learner alone once refitted. Against the own fit, no stop is kept
    # (confident pruning, the fallback after the path, is off here).
    X, y = make_classification(
        n_samples=5000,
        n_features=20,
        n_informative=10,
        n_redundant=5,
        n_classes=5,
        class_sep=2.0,
        random_state=0,
    )
    # bench_defaults.py's training part of it
    X, _, y, _ = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    X = StandardScaler().fit_transform(X)
    for seed in range(3):
        cv = SelfPacedClassifierCV(random_state=seed, confident_pruning=False)
        cv.fit(X, y)
        scores = np.vstack([cv.cv_results_[f"split{i}_test_score"] for i in range(3)])
        assert SelfPacedClassifierCV._choose(scores) < scores.shape[1] - 1
        assert cv.pace_ == 1.0 and cv.selected_.all()


def _noisy_breast_cancer(seed=1):
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    flip = np.random.default_rng(seed).random(y.size) < 0.4
    return scale(X), np.where(flip, 1 - y, y), flip


def test_confident_pruning_fits_the_learner_on_the_rows_it_keeps():
    # Small binary data with 40% flips: no stop of the path beats the own
    # fit, confident pruning does, and the model is the learner's own fit
    # on the rows it kept.
    X, y, flip = _noisy_breast_cancer()
    learner = SGDClassifier(loss="log_loss", alpha=0.1, max_iter=30, tol=None)
    learner.set_params(random_state=0)
    cv = SelfPacedClassifierCV(learner, random_state=0).fit(X, y)
    assert cv.pace_ == 1.0 and cv.confident_pruned_
    assert cv.confident_scores_.shape == (3,)
    assert cv.history_ == [] and 0.4 < cv.selected_.mean() < 0.9
    assert flip[cv.selected_].mean() < 0.5 * flip.mean()
    alone = clone(learner).fit(X[cv.selected_], y[cv.selected_])
    np.testing.assert_array_equal(cv.estimator_.coef_, alone.coef_)
    # Off: the learner by itself, and nothing tried.
    off = SelfPacedClassifierCV(learner, confident_pruning=False, random_state=0)
    off.fit(X, y)
    assert not off.confident_pruned_ and off.confident_scores_ is None
    assert off.selected_.all()
    np.testing.assert_array_equal(off.estimator_.coef_, clone(learner).fit(X, y).coef_)


def test_confident_pruning_is_kept_only_past_its_gate():
    # With the gate's reference far above anything pruning can score, the
    # learner alone is kept, and the pruned folds' scores are reported.
    X, y, _ = _noisy_breast_cancer()
    learner = SGDClassifier(
        loss="log_loss", alpha=0.1, max_iter=30, tol=None, random_state=0
    )
    cv = SelfPacedClassifierCV(learner, random_state=0)
    fold_own = cv._confident.__func__

    def unbeatable(self, learner, oof, splits, own, *args):
        return fold_own(self, learner, oof, splits, own + 1.0, *args)

    cv._confident = unbeatable.__get__(cv)
    cv.fit(X, y)
    assert not cv.confident_pruned_ and cv.selected_.all()
    assert cv.confident_scores_.shape == (3,)


_FOLD_SCORES = st.integers(2, 5).flatmap(
    lambda n_folds: st.integers(2, 6).flatmap(
        lambda n_candidates: arrays(
            np.float64,
            (n_folds, n_candidates),
            elements=st.floats(0, 1, allow_nan=False, width=32),
        )
    )
)


@settings(max_examples=200, deadline=None)
@given(_FOLD_SCORES, st.integers(0, 3), st.floats(0.0, 0.25))
def test_selection_never_wins_where_the_network_alone_is_as_good(scores, w, lead):
    # Whatever the folds, if the network alone scored at least as well as
    # every candidate on every fold after as many epochs, nothing is selected.
    n_folds, n_candidates = scores.shape
    alone = np.zeros((n_folds, w + n_candidates + 2))
    alone[:, w : w + n_candidates] = scores + lead
    assert SelfPacedClassifierCV._choose(scores, alone, n_warmup=w) == n_candidates - 1


@settings(max_examples=200, deadline=None)
@given(_FOLD_SCORES, st.floats(0.0, 0.25))
def test_selection_never_wins_where_the_own_fit_is_as_good(scores, lead):
    # Whatever the folds, if the learner's own fit scored at least as well as
    # the best candidate on every fold, nothing is selected.
    own = scores.max(axis=1) + lead
    assert SelfPacedClassifierCV._choose(scores, own=own) == scores.shape[1] - 1


@settings(max_examples=200, deadline=None)
@given(_FOLD_SCORES)
def test_the_chosen_candidate_is_the_last_or_near_the_best_mean(scores):
    # Either no selection, or a candidate within half a standard error of
    # the best mean (the near-tie rule), never above it.
    k = SelfPacedClassifierCV._choose(scores)
    mean = scores.mean(axis=0)
    assert 0 <= k < scores.shape[1]
    if k < scores.shape[1] - 1:
        best = mean.max()
        se = scores[:, np.argmax(mean)].std(ddof=1) / np.sqrt(scores.shape[0])
        assert mean[k] >= best - 0.5 * se - 1e-12


def test_auto_max_iter_is_thirty_epochs_for_a_linear_learner():
    X, y = make_classification(200, random_state=0)
    clf = SelfPacedClassifierCV(fractions=(0.6, 0.8), cv=2, tol=None, random_state=0)
    assert clf.fit(X, y).n_iter_ == 30
    assert clf.alone_scores_ is None


def test_n_jobs_gives_the_same_model():
    X, y, _, _ = _noisy_digits(0.2)
    one = SelfPacedClassifierCV(_sgd(), random_state=0, n_jobs=1).fit(X, y)
    two = SelfPacedClassifierCV(_sgd(), random_state=0, n_jobs=2).fit(X, y)
    assert one.pace_ == two.pace_
    np.testing.assert_array_equal(one.estimator_.coef_, two.estimator_.coef_)


def test_a_random_state_instance_gives_one_seed_for_all_paths():
    X, y, _, _ = _noisy_digits(0.2)
    a = SelfPacedClassifierCV(_sgd(), random_state=np.random.RandomState(1)).fit(X, y)
    b = SelfPacedClassifierCV(_sgd(), random_state=np.random.RandomState(1)).fit(X, y)
    np.testing.assert_array_equal(a.estimator_.coef_, b.estimator_.coef_)


def test_custom_scoring():
    X, y, _, _ = _noisy_digits(0.2)
    cv = SelfPacedClassifierCV(_sgd(), scoring="neg_log_loss", random_state=0)
    cv.fit(X, y)
    assert np.all(cv.cv_results_["mean_test_score"] < 0)


@pytest.mark.parametrize(
    "fractions, message",
    [
        ([], "non-empty"),
        ([[0.5, 1.0]], "non-empty 1-D"),
        ([0.8, 0.6, 1.0], "strictly increasing"),
        ([0.5, 0.5], "strictly increasing"),
        ([0.0, 0.5], r"\(0, 1\]"),
        ([0.5, 1.2], r"\(0, 1\]"),
        ([0.5, np.nan], r"\(0, 1\]"),
    ],
)
def test_bad_candidate_grids_are_refused(fractions, message):
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match=message):
        SelfPacedClassifierCV(fractions=fractions).fit(X, y)


def test_a_cv_the_classes_cannot_be_split_into_names_cv():
    X, y = make_classification(n_samples=60, random_state=0)
    y[0] = 2  # a class of 1 row: some fold trains without it
    # StratifiedKFold itself warns about the class of 1 row first.
    with (
        pytest.warns(UserWarning, match="least populated class"),
        pytest.raises(ValueError, match=r"cv=3 cannot split.*fold 0 has no row"),
    ):
        SelfPacedClassifierCV(random_state=0).fit(X, y)
    y = np.repeat(np.arange(20), 3)  # 3 rows a class: 5 folds are refused
    with pytest.raises(ValueError, match=r"cv=5 cannot split"):
        SelfPacedClassifierCV(cv=5, random_state=0).fit(X, y)


def test_a_learner_whose_folds_cannot_score_is_named():
    X, y = make_classification(n_samples=90, random_state=0)
    hinge = SGDClassifier(loss="hinge", random_state=0)  # no predict_proba
    with pytest.raises(
        ValueError, match="could not score a fold model of SGDClassifier"
    ):
        SelfPacedClassifierCV(hinge, scoring="neg_log_loss", random_state=0).fit(X, y)


def test_max_iter_too_short_for_the_path():
    X, y = make_classification(n_samples=90, random_state=0)
    with pytest.raises(ValueError, match="no epoch for the pace"):
        SelfPacedClassifierCV(max_iter=1, n_warmup=1).fit(X, y)
    with pytest.warns(UserWarning, match="reaches only the first 3"):
        cv = SelfPacedClassifierCV(max_iter=4, random_state=0).fit(X, y)
    assert cv.cv_results_["fraction"].size == 3 and cv.n_iter_ <= 4


def test_a_learner_whose_fit_takes_no_sample_weight_is_refused():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = make_classification(n_samples=90, random_state=0)
    with pytest.raises(TypeError, match="KNeighborsClassifier.fit takes no sample_w"):
        SelfPacedClassifierCV(KNeighborsClassifier()).fit(X, y)


@pytest.mark.parametrize("learner", ["hgb", "hgb-in-sample", "forest"])
def test_a_fit_only_model_equals_self_paced_classifier_at_the_chosen_pace(learner):
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier

    make = {
        "hgb": lambda: HistGradientBoostingClassifier(max_iter=20),
        "hgb-in-sample": lambda: HistGradientBoostingClassifier(max_iter=20),
        "forest": lambda: RandomForestClassifier(n_estimators=20),
    }[learner]
    X, y, _, _ = _noisy_digits()
    X, y = X[:600], y[:600]
    ranking = "in_sample" if learner == "hgb-in-sample" else "auto"
    # Cross-fitted (hgb by default): two rounds per fraction.
    max_iter = 10 if learner == "hgb" else 6
    params = {
        "fractions": [0.5, 0.7, 0.9, 1.0],
        "max_iter": max_iter,
        "random_state": 3,
        "ranking": ranking,
    }
    cv = SelfPacedClassifierCV(make(), **params)
    cv._choose = staticmethod(lambda *args, **kwargs: 1)  # pace_ 0.7, whatever
    cv.fit(X, y)
    assert cv.pace_ == 0.7
    single = SelfPacedClassifier(
        make(),
        pace="fraction",
        start_fraction=0.5,
        fraction_step=0.2,
        end_fraction=0.7,
        max_iter=max_iter,
        ranking=ranking,
        random_state=3,
    ).fit(X, y)
    np.testing.assert_array_equal(cv.predict_proba(X), single.predict_proba(X))
    np.testing.assert_array_equal(cv.selected_, single.selected_)
    assert cv.n_iter_ == single.n_iter_


class _FoldOrderScorer:
    """Scores candidate k of every fold 1 - 0.1 k (the smallest fraction wins
    the folds by far) and the refit on all n rows ``full``."""

    def __init__(self, n, n_candidates, full):
        self.n, self.n_candidates, self.full, self.calls = n, n_candidates, full, 0

    def __call__(self, estimator, X, y):
        if X.shape[0] == self.n:
            return self.full
        k = self.calls % self.n_candidates
        self.calls += 1
        return 1.0 - 0.1 * k


@pytest.mark.parametrize("full_score, fallback", [(1.0, False), (0.0, True)])
def test_a_refit_that_scores_below_the_folds_is_replaced_without_selection(
    full_score, fallback
):
    X, y = make_classification(n_samples=120, random_state=0)
    grid = [0.5, 0.75, 1.0]
    learner = SGDClassifier(loss="log_loss", random_state=0)
    scorer = _FoldOrderScorer(X.shape[0], len(grid), full_score)
    cv = SelfPacedClassifierCV(
        learner, fractions=grid, scoring=scorer, max_iter=5, random_state=0
    ).fit(X, y)
    assert cv.refit_fallback_ is fallback
    if fallback:
        # the learner by itself, as when no candidate wins the folds
        assert cv.pace_ == 1.0
        assert cv.selected_.all()
        own = clone(learner).fit(X, y)
        assert_allclose(cv.estimator_.coef_, own.coef_)
    else:
        assert cv.pace_ == 0.5
        assert cv.selected_.mean() == pytest.approx(0.5, abs=0.02)
