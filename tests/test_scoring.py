import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import LeaveOneOut
from sklearn.naive_bayes import MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from skcurric import DifficultyScorer, difficulty_agreement
from skcurric.datasets import make_curriculum_dataset
from skcurric.scoring import METHODS
from tests.conftest import WEAK_PROBES_WARN


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_defaults_find_flipped_labels_on_small_real_data(seed):
    # 400 rows of breast_cancer, 20% of the labels flipped: the former
    # defaults (EL2N, plain SGD's last iterate as the probe) ranked them at
    # ROC AUC 0.64-0.84 for these seeds; averaged SGD does not end inverted.
    X, y = load_breast_cancer(return_X_y=True)
    X, y = StandardScaler().fit_transform(X[:400]), y[:400]
    flipped = np.random.default_rng(seed).random(y.size) < 0.2
    noisy_y = np.where(flipped, 1 - y, y)
    scorer = DifficultyScorer(random_state=seed).fit(X, noisy_y)
    assert roc_auc_score(flipped, scorer.scores_) > 0.95


# Plain SGD's out-of-fold models on 15% flipped labels may score below the
# majority class (loss, margin), and skcurric rightly warns.
@WEAK_PROBES_WARN
@pytest.mark.parametrize("method", METHODS)
def test_every_method_scores_every_row_and_is_deterministic(noisy_blobs, method):
    X, y, _, mask = noisy_blobs
    a = DifficultyScorer(method, n_repeats=2, random_state=0).fit(X, y)
    b = DifficultyScorer(method, n_repeats=2, random_state=0).fit(X, y)
    assert a.scores_.shape == (300,) and a.repeat_scores_.shape == (2, 300)
    assert_allclose(a.scores_, b.scores_)
    assert_allclose(a.scores_, a.repeat_scores_.mean(axis=0))
    assert a.transform(X).shape == (300, 1)


@pytest.mark.parametrize(
    "method",
    [
        "loss",
        "margin",
        "teacher",
        "el2n",
        "grand",
        "aum",
        "confidence",
        "learned_epoch",
    ],
)
@WEAK_PROBES_WARN  # as above
def test_mislabelled_examples_rank_as_hard(noisy_blobs, method):
    X, y, _, mask = noisy_blobs
    scores = DifficultyScorer(method, n_repeats=3, random_state=0).fit(X, y).scores_
    assert roc_auc_score(mask, scores) > 0.8


def test_forgetting_and_variability_flag_the_boundary():
    # near the boundary predictions flip between epochs; far away they never do
    X, y, difficulty = make_curriculum_dataset(400, cluster_std=1.5, random_state=1)
    near = difficulty > np.quantile(difficulty, 0.8)
    for method in ("forgetting", "variability"):
        s = DifficultyScorer(method, n_epochs=15, n_repeats=3, random_state=0).fit(X, y)
        assert s.scores_[near].mean() > 2 * s.scores_[~near].mean()


def test_never_learned_policy():
    X, y, _, mask = make_curriculum_dataset(
        200, label_noise=0.1, random_state=2, return_noise_mask=True
    )
    s_max = DifficultyScorer("forgetting", n_epochs=6, random_state=0).fit(X, y)
    s_inf = DifficultyScorer(
        "forgetting", n_epochs=6, never_learned="inf", random_state=0
    ).fit(X, y)
    never = ~np.isfinite(s_inf.scores_)
    assert never.any()
    assert_array_equal(s_max.scores_[never], 6)  # the maximum, never the minimum
    assert_allclose(s_max.scores_[~never], s_inf.scores_[~never])
    assert np.all(s_max.scores_ <= 6) and np.all(
        s_max.scores_ == np.round(s_max.scores_)
    )
    # on the clean part of the well-separated default data nothing is forgotten
    assert s_max.dynamics_["unforgettable"][~mask].mean() > 0.9


def test_score_samples_replays_dynamics_and_scores_new_data(noisy_blobs):
    X, y, _, _ = noisy_blobs
    for method in ("forgetting", "aum", "el2n"):
        s = DifficultyScorer(method, n_repeats=2, random_state=0).fit(X, y)
        assert_allclose(s.score_samples(X, y), s.scores_)
    s = DifficultyScorer("loss", random_state=0).fit(X[:200], y[:200])
    new = s.score_samples(X[200:], y[200:])
    assert new.shape == (100,) and np.all(new >= 0)
    assert_allclose(s.score_samples(X[200:]), s.transform(X[200:])[:, 0])
    with pytest.raises(ValueError, match="not seen during fit"):
        s.score_samples(X[:3], [0, 1, 7])


def test_transform_is_label_free_and_named():
    pd = pytest.importorskip("pandas")
    X, y, _ = make_curriculum_dataset(100, random_state=0)
    df = pd.DataFrame(X, columns=["a", "b"])
    s = DifficultyScorer("el2n", random_state=0).set_output(transform="pandas")
    out = s.fit(df, y).transform(df)
    assert list(out.columns) == ["difficulty"]
    assert np.all((out.to_numpy() >= 0) & (out.to_numpy() <= 0.5))  # binary: 1 - max p
    assert_array_equal(s.feature_names_in_, ["a", "b"])


def test_teacher_is_any_fitted_pipeline(noisy_blobs):
    X, y, _, mask = noisy_blobs
    teacher = make_pipeline(StandardScaler(), KNeighborsClassifier(15))
    s = DifficultyScorer("teacher", estimator=teacher, random_state=0).fit(X, y)
    assert roc_auc_score(mask, s.scores_) > 0.8
    assert len(s.estimators_) == 5


def test_sparse_strings_and_learners():
    X, y, _ = make_curriculum_dataset(120, random_state=0)
    labels = np.array(["easy", "hard"])[y]
    Xs = sparse.csr_matrix(np.abs(X))
    for est in (MultinomialNB(), Perceptron(), SGDClassifier(loss="hinge")):
        s = DifficultyScorer("forgetting", estimator=est, random_state=0).fit(
            Xs, labels
        )
        assert_array_equal(s.classes_, ["easy", "hard"])
        assert np.all(np.isfinite(s.scores_))


def test_n_jobs_gives_identical_results(noisy_blobs):
    X, y, _, _ = noisy_blobs
    a = DifficultyScorer("el2n", n_repeats=3, random_state=0).fit(X, y)
    b = DifficultyScorer("el2n", n_repeats=3, n_jobs=2, random_state=0).fit(X, y)
    assert_allclose(a.scores_, b.scores_)


@WEAK_PROBES_WARN  # random labels: the probe may well score below the majority
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 1000), method=st.sampled_from(["el2n", "forgetting", "aum"]))
def test_scores_are_permutation_equivariant(seed, method):
    # MultinomialNB's fit is order-free, so the seeded batch order cannot matter
    rng = np.random.RandomState(seed)
    X = rng.poisson(2.0, size=(40, 5)).astype(float)
    y = rng.randint(0, 3, size=40)
    y[:3] = [0, 1, 2]
    perm = rng.permutation(40)
    s = DifficultyScorer(method, estimator=MultinomialNB(), n_epochs=3, random_state=0)
    a = s.fit(X, y).scores_
    b = s.fit(X[perm], y[perm]).scores_
    assert_allclose(b, a[perm])


def test_out_of_fold_is_permutation_equivariant_with_leave_one_out():
    X, y, _ = make_curriculum_dataset(30, cluster_std=2.0, random_state=0)
    perm = np.random.RandomState(0).permutation(30)
    s = DifficultyScorer("loss", estimator=LogisticRegression(), cv=LeaveOneOut())
    # A left-out row the model gets wrong is a fold at accuracy 0: skcurric
    # warns, in either order.
    with pytest.warns(UserWarning, match="fold model.* below the majority-class"):
        permuted = s.fit(X[perm], y[perm]).scores_
    with pytest.warns(UserWarning, match="fold model.* below the majority-class"):
        assert_allclose(permuted, s.fit(X, y).scores_[perm], rtol=1e-6)


def test_inputs_are_not_modified(noisy_blobs):
    X, y, _, _ = noisy_blobs
    Xc, yc, w = X.copy(), y.copy(), np.ones(len(y))
    DifficultyScorer("forgetting", random_state=0).fit(X, y, sample_weight=w)
    assert_array_equal(X, Xc) and assert_array_equal(y, yc)
    assert_array_equal(w, 1)


@pytest.mark.parametrize(
    "X, y, error, match",
    [
        ([[np.nan, 1], [1, 2], [2, 3]], [0, 1, 0], ValueError, "NaN"),
        ([[np.inf, 1], [1, 2], [2, 3]], [0, 1, 0], ValueError, "infinity"),
        ([[1, 2], [2, 3], [3, 4]], [1, 1, 1], ValueError, "at least 2 classes"),
        ([[1, 2]], [1], ValueError, "1 class"),
        ([[1, 2], [2, 3], [3, 4]], [0, 1], ValueError, "inconsistent numbers"),
        ([[1, 2], [2, 3]], [[0, 1], [1, 0]], ValueError, "y should be a 1d array"),
        (np.empty((0, 2)), [], ValueError, "0 sample"),
    ],
)
def test_bad_input(X, y, error, match):
    with pytest.raises(error, match=match):
        DifficultyScorer().fit(np.asarray(X, dtype=float), y)


def test_bad_parameters_and_learners(noisy_blobs):
    X, y, _, _ = noisy_blobs
    with pytest.raises(InvalidParameterError, match="method"):
        DifficultyScorer("hardness").fit(X, y)
    with pytest.raises(InvalidParameterError, match="n_repeats"):
        DifficultyScorer(n_repeats=0).fit(X, y)
    with pytest.raises(TypeError, match="partial_fit.*KNeighborsClassifier has none"):
        DifficultyScorer("forgetting", estimator=KNeighborsClassifier()).fit(X, y)
    with pytest.raises(InvalidParameterError, match="estimator"):
        DifficultyScorer("teacher", estimator="a teacher").fit(X, y)
    with pytest.raises(TypeError, match="GraNd"):
        DifficultyScorer("grand", estimator=Perceptron()).fit(X, y)
    with pytest.raises(ValueError, match="zero"):
        DifficultyScorer().fit(X, y, sample_weight=np.zeros(len(y)))
    with pytest.raises(ValueError, match="negative"):
        DifficultyScorer().fit(X, y, sample_weight=-np.ones(len(y)))
    # A cv the data cannot be split into names the scorer's own parameter.
    with pytest.raises(ValueError, match=r"DifficultyScorer\(cv=1000, .*n_splits"):
        DifficultyScorer("loss", cv=1000).fit(X, y)
    # So does a fold whose training part holds a single class.
    order = np.argsort(y, kind="stable")
    half = np.sum(y == y[order[0]])
    folds = [(order[:half], order[half:]), (order[half:], order[:half])]
    with pytest.raises(ValueError, match=r"fold\(s\) \[0, 1\] train on one class only"):
        DifficultyScorer("loss", cv=folds).fit(X, y)


def test_difficulty_agreement():
    a = difficulty_agreement(
        {"x": [1, 2, 3, 4], "y": [2, 1, 4, 3], "z": [np.inf, 3, 2, 1]}
    )
    assert_allclose(np.asarray(a).diagonal(), 1)
    assert_allclose(np.asarray(a)[0, 2], -1)
    assert_allclose(np.asarray(a)[0, 1], 0.6)
    with pytest.raises(ValueError, match="same length"):
        difficulty_agreement({"x": [1, 2], "y": [1, 2, 3]})
    with pytest.raises(ValueError, match="NaN"):
        difficulty_agreement({"x": [1, np.nan]})
    with pytest.raises(ValueError, match="non-empty dict"):
        difficulty_agreement({})


def test_out_of_fold_by_hand_with_a_prior_teacher():
    # Leave-one-out with a class-prior "teacher": each example is scored by the
    # label frequencies of the other three, which can be computed by hand.
    from sklearn.dummy import DummyClassifier

    X = np.zeros((4, 1))
    y = np.array([0, 0, 0, 1])
    kwargs = {"estimator": DummyClassifier(strategy="prior"), "cv": LeaveOneOut()}
    # The fold that leaves out the 1 predicts 0 for it: below the majority.
    weak = "1 of 4 fold model.* below the majority-class share 0.75"
    with pytest.warns(UserWarning, match=weak):
        teacher = DifficultyScorer("teacher", **kwargs).fit(X, y).scores_
    with pytest.warns(UserWarning, match=weak):
        loss = DifficultyScorer("loss", **kwargs).fit(X, y).scores_
    with pytest.warns(UserWarning, match=weak):
        margin = DifficultyScorer("margin", **kwargs).fit(X, y).scores_
    # a 0 left out: the others are [0, 0, 1], p(0) = 2/3
    assert_allclose(teacher[:3], 1 / 3)
    assert_allclose(loss[:3], -np.log(2 / 3))
    assert_allclose(margin[:3], -np.log(2))  # -(log 2/3 - log 1/3)
    # the 1 left out: the teacher never saw class 1, p(1) = 0
    assert_allclose(teacher[3], 1.0)
    assert_allclose(loss[3], -np.log(np.finfo(float).tiny))
    assert margin[3] > 30  # log(1) - log(tiny)


def test_trajectories_are_kept_only_within_the_data_budget():
    # A wide sparse model: 20 copies of its coefficients would dwarf X itself.
    rng = np.random.RandomState(0)
    X = sparse.random(60, 5000, density=0.002, random_state=0, format="csr")
    y = rng.randint(0, 2, 60)
    auto = DifficultyScorer("forgetting", n_epochs=20, random_state=0).fit(X, y)
    assert auto.trajectories_ == [None]
    with pytest.raises(ValueError, match="keep_trajectories=True"):
        auto.score_samples(X, y)
    kept = DifficultyScorer(
        "forgetting", n_epochs=20, keep_trajectories=True, random_state=0
    ).fit(X, y)
    assert len(kept.trajectories_[0]) == 20
    assert_allclose(kept.score_samples(X, y), kept.scores_)
    assert_allclose(kept.scores_, auto.scores_)  # the scores never depend on it
    # A small dense model always fits in the budget under "auto".
    Xd, yd, _ = make_curriculum_dataset(100, random_state=0)
    dense = DifficultyScorer("aum", n_epochs=5, random_state=0).fit(Xd, yd)
    assert len(dense.trajectories_[0]) == 5
    off = DifficultyScorer("aum", keep_trajectories=False, random_state=0).fit(Xd, yd)
    assert off.trajectories_ == [None]


class _Contrarian(LogisticRegression):
    """A probe that learns, then predicts the opposite: worse than chance."""

    def predict_proba(self, X):
        return super().predict_proba(X)[:, ::-1]

    def decision_function(self, X):
        return -super().decision_function(X)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class _ContrarianSGD(SGDClassifier):
    # predict, predict_proba and the signals all go through this.
    def decision_function(self, X):
        return -super().decision_function(X)


@pytest.mark.parametrize(
    "method, probe, sound",
    [
        ("loss", _Contrarian(), LogisticRegression()),
        (
            "el2n",
            _ContrarianSGD(loss="log_loss", average=True),
            SGDClassifier(loss="log_loss", average=True),
        ),
    ],
)
def test_a_probe_worse_than_the_majority_class_is_reported(method, probe, sound):
    X, y, _ = make_curriculum_dataset(random_state=0)
    with pytest.warns(UserWarning, match="below the majority-class share"):
        DifficultyScorer(method, estimator=probe, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        DifficultyScorer(method, estimator=sound, random_state=0).fit(X, y)


def test_every_difficulty_method_is_one_complete_registry_entry():
    from pathlib import Path

    from skcurric._dynamics import STATISTICS
    from skcurric.scoring import _FIT_BY_SOURCE, DIFFICULTY_METHODS

    guide = (
        Path(__file__).resolve().parents[1] / "docs" / "user_guide" / "difficulty.rst"
    ).read_text()
    allowed = DifficultyScorer._parameter_constraints["method"][0].options
    assert set(METHODS) == set(DIFFICULTY_METHODS) == allowed
    assert set(STATISTICS) <= set(METHODS)
    for name, spec in DIFFICULTY_METHODS.items():
        assert spec.source in _FIT_BY_SOURCE, name
        assert spec.learner_method == (
            "fit" if spec.source == "out_of_fold" else "partial_fit"
        ), name
        assert hasattr(spec.default_estimator(), spec.learner_method), name
        assert f'``"{name}"``' in DifficultyScorer.__doc__, name
        assert f'``"{name}"``' in guide, name
        assert DifficultyScorer(name)._learner_method == spec.learner_method


class _FailsAtEpoch(SGDClassifier):
    """Trains, then raises in the third partial_fit call (a learner gone bad)."""

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        self.calls_ = getattr(self, "calls_", 0) + 1
        if self.calls_ == 3:
            raise RuntimeError("the learner failed part-way")
        return super().partial_fit(X, y, classes=classes, sample_weight=sample_weight)


def test_a_failed_fit_leaves_no_fitted_scorer():
    from sklearn.exceptions import NotFittedError
    from sklearn.model_selection import PredefinedSplit
    from sklearn.utils.validation import check_is_fitted

    X, y, _ = make_curriculum_dataset(100, random_state=0)
    scorer = DifficultyScorer(
        "forgetting", estimator=_FailsAtEpoch(loss="log_loss"), n_epochs=5
    )
    with pytest.raises(RuntimeError, match="part-way"):
        scorer.fit(X, y)
    with pytest.raises(NotFittedError):
        check_is_fitted(scorer)
    with pytest.raises(NotFittedError):
        scorer.transform(X)
    # Out of fold: every fold model fits, then the splitter turns out to leave
    # rows unscored; nothing may be stored.
    uncovered = PredefinedSplit(np.r_[np.full(20, -1), np.repeat([0, 1], 40)])
    oof = DifficultyScorer("loss", estimator=LogisticRegression(), cv=uncovered)
    with pytest.raises(ValueError, match="without an out-of-fold score"):
        oof.fit(X, y)
    with pytest.raises(NotFittedError):
        oof.transform(X)


def test_verbose_prints_one_line_per_fold_or_repeat(capsys):
    X, y, _ = make_curriculum_dataset(100, random_state=0)
    DifficultyScorer("loss", cv=3, n_repeats=2, verbose=1, random_state=0).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert all("held-out accuracy" in line for line in lines)
    DifficultyScorer("aum", n_epochs=4, n_repeats=2, verbose=1, random_state=0).fit(
        X, y
    )
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("] ")[1].split(":")[0] for line in lines] == [
        "repeat 1",
        "repeat 2",
    ]
    # verbose=2 adds the engine's line per epoch of each repeat.
    DifficultyScorer("aum", n_epochs=4, n_repeats=2, verbose=2, random_state=0).fit(
        X, y
    )
    assert len(capsys.readouterr().out.splitlines()) == 2 + 2 * 4
    DifficultyScorer("aum", n_epochs=4, random_state=0).fit(X, y)
    assert capsys.readouterr().out == ""
