"""Bad input and data safety, for every public skcurric estimator.

Estimators are discovered (``tests.conftest.public_estimator_classes``),
not listed, so an estimator added later is covered automatically. Each test
feeds one kind of awkward input and asserts the documented outcome: a
ValueError whose message names the problem, or correct behaviour (inputs left
unmodified, one output row per input row, labels round-tripping through
``classes_``, pruned rows exactly the reported indices).
"""

import inspect
import pickle
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import (
    ConvergenceWarning,
    DataConversionWarning,
    NotFittedError,
)
from sklearn.linear_model import SGDClassifier
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_is_fitted

from tests.conftest import (
    ROW_METHODS,
    WEAK_PROBES_WARN,
    fit_quietly,
    public_estimator_classes,
    quick,
    takes_partial_fit_learner,
    two_blobs,
)

CLASSES = public_estimator_classes()
IDS = [cls.__name__ for cls in CLASSES]

N_SAMPLES, N_FEATURES = 40, 3


def _outputs(est, X):
    """Every row-wise output of a fitted estimator, by method name."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for method in ROW_METHODS:
            if hasattr(est, method):
                out[method] = getattr(est, method)(X)
    return out


def _check_rows(est, X):
    outputs = _outputs(est, X)
    for method, value in outputs.items():
        assert value.shape[0] == X.shape[0], method
    return outputs


def _takes_sample_weight(cls):
    return "sample_weight" in inspect.signature(cls.fit).parameters


def _allows_nan(cls):
    return get_tags(quick(cls)).input_tags.allow_nan


def _supports_sparse(cls):
    return get_tags(quick(cls)).input_tags.sparse


def _assert_close(actual, expected, method):
    """Labels equal, numbers equal up to rounding."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    if expected.dtype.kind in "fc":
        np.testing.assert_allclose(actual, expected, err_msg=method)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=method)


def _assert_equal_data(a, b):
    if sparse.issparse(a):
        assert sparse.issparse(b) and a.format == b.format
        np.testing.assert_array_equal(a.toarray(), b.toarray())
    elif hasattr(a, "equals"):
        assert a.equals(b)
    else:
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------
# Non-finite, empty, too small
# --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
@pytest.mark.parametrize(
    "value, message", [(np.nan, "NaN"), (np.inf, "infinity")], ids=["nan", "inf"]
)
def test_non_finite_X_is_an_error(cls, value, message):
    if value is not np.inf and _allows_nan(cls):
        pytest.skip(f"{cls.__name__}'s learner accepts NaN")
    X, y = two_blobs()
    X[3, 1] = value
    with pytest.raises(ValueError, match=message):
        fit_quietly(quick(cls), X, y)
    # At prediction time too.
    X_ok, _ = two_blobs()
    est, _ = fit_quietly(quick(cls), X_ok, y)
    for method in ROW_METHODS:
        if hasattr(est, method):
            with pytest.raises(ValueError, match=message):
                getattr(est, method)(X)


def _nan_tolerant(cls):
    """``cls`` around HistGradientBoosting wherever it takes a fit-only model."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from skcurric import DifficultyScorer, ForgettingPruner

    hgb = HistGradientBoostingClassifier(max_iter=5, random_state=0)
    scorer = DifficultyScorer("loss", estimator=hgb, cv=2, random_state=0)
    parts = {
        "estimator": hgb,
        "scorer": scorer,
        "pruner": ForgettingPruner(scorer, random_state=0),
    }
    est = quick(cls)
    params = {k: v for k, v in parts.items() if k in est.get_params()}
    if "method" in est.get_params():
        params["method"] = "loss"  # an out-of-fold method: any learner with fit
    try:
        est.set_params(**params)
        est._validate_params()
    except (ValueError, TypeError):
        return None
    return est if get_tags(est).input_tags.allow_nan else None


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_nan_works_when_the_learner_accepts_it(cls):
    est = _nan_tolerant(cls)
    if est is None:
        pytest.skip(f"{cls.__name__} cannot wrap a learner that accepts NaN")
    X, y = two_blobs()
    X[::7, 1] = np.nan
    X_copy = X.copy()
    est, resampled = fit_quietly(est, X, y)
    outputs = _check_rows(est, X)
    np.testing.assert_array_equal(X, X_copy)
    for method, value in outputs.items():
        assert np.all(np.isfinite(np.asarray(value, dtype=float))), method
    if resampled is not None:
        np.testing.assert_array_equal(resampled[0], X[est.sample_indices_])


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_empty_X_is_an_error(cls):
    X = np.empty((0, N_FEATURES))
    y = np.empty(0, dtype=int)
    with pytest.raises(ValueError, match="0 sample"):
        fit_quietly(quick(cls), X, y)
    est, _ = fit_quietly(quick(cls), *two_blobs())
    for method in ROW_METHODS:
        if hasattr(est, method):
            with pytest.raises(ValueError, match="0 sample"):
                getattr(est, method)(X)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_one_sample_is_an_error(cls):
    X, y = two_blobs()
    with pytest.raises(ValueError, match="at least 2 classes"):
        fit_quietly(quick(cls), X[:1], y[:1])
    # Predicting one sample gives one row.
    est, _ = fit_quietly(quick(cls), X, y)
    _check_rows(est, X[:1])
    if hasattr(est, "score_samples"):
        assert est.score_samples(X[:1], y[:1]).shape == (1,)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_one_class_is_an_error(cls):
    X, _ = two_blobs()
    y = np.full(N_SAMPLES, 7)
    with pytest.raises(ValueError, match=r"at least 2 classes.*1 class: \[7\]"):
        fit_quietly(quick(cls), X, y)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_y_of_the_wrong_length_is_an_error(cls):
    X, y = two_blobs()
    with pytest.raises(ValueError, match="inconsistent numbers of samples|length"):
        fit_quietly(quick(cls), X, y[:-1])


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_multioutput_y_is_an_error(cls):
    X, y = two_blobs()
    Y = np.column_stack([y, (np.arange(N_SAMPLES) // 2) % 3])
    with pytest.raises(ValueError, match=r"1d|1-D|[Mm]ultioutput|[Mm]ultilabel"):
        fit_quietly(quick(cls), X, Y)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_column_y_warns_and_fits_like_1d_y(cls):
    X, y = two_blobs()
    est, _ = fit_quietly(quick(cls), X, y)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        est_2d, _ = fit_quietly(quick(cls), X, y[:, None])
    np.testing.assert_array_equal(est_2d.classes_, est.classes_)
    for method, value in _outputs(est, X).items():
        _assert_close(_outputs(est_2d, X)[method], value, method)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_unseen_label_at_scoring_time(cls):
    X, y = two_blobs()
    est, _ = fit_quietly(quick(cls), X, y)
    y_new = y.copy()
    y_new[0] = 5
    if hasattr(est, "score_samples"):
        # Per-sample difficulty needs the label's probability: an error.
        with pytest.raises(ValueError, match=r"not seen during fit|\[5\]"):
            est.score_samples(X, y_new)
    if hasattr(est, "score"):
        # Accuracy is well defined: the unseen label is simply never predicted.
        baseline = est.score(X, y)
        assert est.score(X, y_new) == pytest.approx(
            baseline - (est.predict(X[:1])[0] == y[0]) / N_SAMPLES
        )


# --------------------------------------------------------------------------
# Label types
# --------------------------------------------------------------------------

LABELS = {
    "str": np.array(["cat", "dog"]),
    "object": np.array(["cat", "dog"], dtype=object),
    "bool": np.array([False, True]),
    "int": np.array([-4, 10]),
}


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
@pytest.mark.parametrize("kind", sorted(LABELS))
def test_labels_round_trip_through_classes(cls, kind):
    X, y_index = two_blobs()
    y = LABELS[kind][y_index]
    y_copy = y.copy()
    est, resampled = fit_quietly(quick(cls), X, y)
    np.testing.assert_array_equal(y, y_copy)
    assert list(est.classes_) == list(LABELS[kind])
    if hasattr(est, "predict"):
        pred = est.predict(X)
        assert pred.shape == (N_SAMPLES,)
        assert set(pred.tolist()) <= set(LABELS[kind].tolist())
        # Well separated blobs: the labels come back, not their codes.
        assert np.mean(pred == y) > 0.9
    if resampled is not None:
        np.testing.assert_array_equal(resampled[1], y[est.sample_indices_])
    if hasattr(est, "score_samples"):
        assert est.score_samples(X, y).shape == (N_SAMPLES,)


# --------------------------------------------------------------------------
# Containers: pandas, polars, sparse, memmap, float32
# --------------------------------------------------------------------------


def _frame(lib, X, names):
    if lib == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(X, columns=names)
    pl = pytest.importorskip("polars")
    return pl.DataFrame({n: X[:, i] for i, n in enumerate(names)})


def _series(lib, values):
    if lib == "pandas":
        return pytest.importorskip("pandas").Series(values, name="label")
    return pytest.importorskip("polars").Series("label", values)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_dataframes_with_column_names(cls, lib):
    X, y = two_blobs()
    names = ["width", "height", "depth"]
    frame = _frame(lib, X, names)
    frame_copy = frame.clone() if lib == "polars" else frame.copy()
    labels = _series(lib, np.array(["no", "yes"])[y])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        est, resampled = fit_quietly(quick(cls), frame, labels)
        outputs = _check_rows(est, frame)
    _assert_equal_data(frame, frame_copy)
    assert list(est.classes_) == ["no", "yes"]
    # Feature names follow scikit-learn's own rules: 1.6 reads them from pandas
    # but not from polars, so measure what scikit-learn does with this frame.
    from sklearn.preprocessing import StandardScaler

    sklearn_reads_names = hasattr(StandardScaler().fit(frame), "feature_names_in_")
    if sklearn_reads_names:
        assert list(est.feature_names_in_) == names
    else:
        assert not hasattr(est, "feature_names_in_")
    # Same numbers as the plain array.
    est_np, _ = fit_quietly(quick(cls), X, np.array(["no", "yes"])[y])
    for method, value in _outputs(est_np, X).items():
        _assert_close(outputs[method], value, method)
    if resampled is not None:
        X_res = resampled[0]
        assert type(X_res) is type(frame)
        assert list(X_res.columns) == names
        np.testing.assert_array_equal(np.asarray(X_res), X[est.sample_indices_])
        assert type(resampled[1]) is type(labels)
        np.testing.assert_array_equal(
            np.asarray(resampled[1]), np.asarray(labels)[est.sample_indices_]
        )
    if not sklearn_reads_names:
        return
    # Other column names at prediction time: an error, as in scikit-learn.
    renamed = _frame(lib, X, ["height", "width", "depth"])
    for method in ROW_METHODS:
        if hasattr(est, method):
            with pytest.raises(ValueError, match="feature names"):
                getattr(est, method)(renamed)
    # Unnamed input to a model fit with names warns, and the reverse too.
    for method in ROW_METHODS:
        if hasattr(est, method):
            with pytest.warns(UserWarning, match="does not have valid feature names"):
                getattr(est, method)(X)
            with pytest.warns(UserWarning, match="fitted without feature names"):
                getattr(est_np, method)(frame)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input(cls, fmt):
    if not _supports_sparse(cls):
        pytest.skip(f"{cls.__name__}'s learner does not accept sparse input")
    X, y = two_blobs()
    Xs = sparse.random(N_SAMPLES, N_FEATURES, density=0.5, random_state=0) + X
    Xs = sparse.csr_matrix(Xs).asformat(fmt)
    Xs_copy = Xs.copy()
    est, resampled = fit_quietly(quick(cls), Xs, y)
    _check_rows(est, Xs)
    _assert_equal_data(Xs, Xs_copy)
    if resampled is not None:
        assert sparse.issparse(resampled[0])
        _assert_equal_data(resampled[0], Xs_copy[est.sample_indices_])
    # A model fit on dense data predicts sparse rows as their dense twins.
    est_dense, _ = fit_quietly(quick(cls), Xs.toarray(), y)
    dense_outputs = _outputs(est_dense, Xs.toarray())
    for method, value in _outputs(est_dense, Xs).items():
        _assert_close(value, dense_outputs[method], method)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_read_only_memmap_input(cls, tmp_path):
    X, y = two_blobs()
    path = tmp_path / "X.dat"
    X.tofile(path)
    y.astype(np.int64).tofile(tmp_path / "y.dat")
    X_mm = np.memmap(path, dtype=X.dtype, mode="r", shape=X.shape)
    y_mm = np.memmap(tmp_path / "y.dat", dtype=np.int64, mode="r", shape=y.shape)
    fit_params = {}
    if _takes_sample_weight(cls):
        np.ones(N_SAMPLES).tofile(tmp_path / "w.dat")
        fit_params["sample_weight"] = np.memmap(
            tmp_path / "w.dat", dtype=np.float64, mode="r", shape=(N_SAMPLES,)
        )
    est, resampled = fit_quietly(quick(cls), X_mm, y_mm, **fit_params)
    outputs = _check_rows(est, X_mm)
    est_np, _ = fit_quietly(quick(cls), X, y, **fit_params)
    for method, value in _outputs(est_np, X).items():
        _assert_close(outputs[method], value, method)
    np.testing.assert_array_equal(X_mm, X)
    if resampled is not None:
        np.testing.assert_array_equal(resampled[0], X[est.sample_indices_])


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_float32_input(cls):
    X, y = two_blobs()
    X32 = X.astype(np.float32)
    X32_copy = X32.copy()
    est, resampled = fit_quietly(quick(cls), X32, y)
    outputs = _check_rows(est, X32)
    np.testing.assert_array_equal(X32, X32_copy)
    if "predict" in outputs:
        assert np.mean(outputs["predict"] == y) > 0.9
    for method, value in outputs.items():
        assert np.all(np.isfinite(np.asarray(value, dtype=float))), method
    if resampled is not None:
        np.testing.assert_array_equal(resampled[0], X32[est.sample_indices_])


# --------------------------------------------------------------------------
# sample_weight
# --------------------------------------------------------------------------

BAD_WEIGHTS = {
    "negative": (lambda w: np.where(np.arange(w.size) == 2, -1.0, w), "negative"),
    "nan": (lambda w: np.where(np.arange(w.size) == 2, np.nan, w), "NaN"),
    "zero": (np.zeros_like, "zero"),
}


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
@pytest.mark.parametrize("kind", sorted(BAD_WEIGHTS))
def test_bad_sample_weight_is_an_error(cls, kind):
    if not _takes_sample_weight(cls):
        pytest.skip(f"{cls.__name__}.fit takes no sample_weight")
    X, y = two_blobs()
    make_weights, message = BAD_WEIGHTS[kind]
    sample_weight = make_weights(np.ones(N_SAMPLES))
    sw_copy = sample_weight.copy()
    with pytest.raises(ValueError, match=message):
        fit_quietly(quick(cls), X, y, sample_weight=sample_weight)
    np.testing.assert_array_equal(sample_weight, sw_copy)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_sample_weight_wrong_length_is_an_error(cls):
    if not _takes_sample_weight(cls):
        pytest.skip(f"{cls.__name__}.fit takes no sample_weight")
    X, y = two_blobs()
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        fit_quietly(quick(cls), X, y, sample_weight=np.ones(N_SAMPLES - 1))


# --------------------------------------------------------------------------
# Data safety: never modified, nothing dropped
# --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_inputs_are_never_modified(cls):
    X, y = two_blobs()
    X = np.asfortranarray(X)  # a layout validate_data may convert
    copies = [X.copy(), y.copy()]
    fit_params = {}
    if _takes_sample_weight(cls):
        fit_params["sample_weight"] = np.linspace(0.5, 2.0, N_SAMPLES)
        copies.append(fit_params["sample_weight"].copy())
    est = quick(cls)
    # The user's own estimators (learner, scorer, pruner) are cloned, not fit.
    est.set_params(**_explicit_defaults(est))
    before = {k: pickle.dumps(v) for k, v in est.get_params(deep=False).items()}
    est, _ = fit_quietly(est, X, y, **fit_params)
    _check_rows(est, X)
    if hasattr(est, "score"):
        est.score(X, y)
    if hasattr(est, "score_samples"):
        est.score_samples(X, y)
    for original, copy in zip([X, y, *fit_params.values()], copies, strict=True):
        np.testing.assert_array_equal(original, copy)
    for name, value in est.get_params(deep=False).items():
        assert pickle.dumps(value) == before[name], f"parameter {name} was modified"


def _explicit_defaults(est):
    """Each ``None`` estimator parameter replaced by the default it stands for."""
    params = {}
    for name, value in est.get_params(deep=False).items():
        default = getattr(est, "_learner" if name == "estimator" else f"_{name}", None)
        if value is None and callable(default):
            params[name] = clone(default())
    return params


# --------------------------------------------------------------------------
# partial_fit
# --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [c for c in CLASSES if hasattr(c, "partial_fit")])
def test_partial_fit_bad_input(cls):
    X, y = two_blobs()
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        quick(cls).partial_fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        quick(cls).partial_fit(X, np.zeros(N_SAMPLES), classes=[0])
    est = quick(cls).partial_fit(X, y, classes=[0, 1])
    y_new = y.copy()
    y_new[4] = 5
    with pytest.raises(ValueError, match=r"labels \[5\] that are not in classes"):
        est.partial_fit(X, y_new)
    with pytest.raises(ValueError, match="differs from the classes of the first"):
        est.partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="X has 2 features"):
        est.partial_fit(X[:, :2], y)
    with pytest.raises(ValueError, match="NaN"):
        est.partial_fit(np.where(X > 2.5, np.nan, X), y)
    # A batch of one sample (of one class) is fine after the first call.
    est.partial_fit(X[:1], y[:1])
    assert est.predict(X).shape == (N_SAMPLES,)


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_kept_rows_are_exactly_the_reported_indices(cls):
    X, y = two_blobs()
    est, resampled = fit_quietly(quick(cls), X, y)
    if not hasattr(est, "sample_indices_"):
        pytest.skip(f"{cls.__name__} does not prune")
    if resampled is not None:
        X_res, y_res = resampled
    else:
        # A meta-estimator: its learner must have been fit on exactly the rows.
        learner = _fit_only_learner(cls)
        if learner is None:
            pytest.skip(f"{cls.__name__} takes no fit-only learner to record rows")
        est, _ = fit_quietly(quick(cls, estimator=learner), X, y)
        X_res, y_res = est.estimator_.X_, est.estimator_.y_
    idx = est.sample_indices_
    assert idx.dtype.kind == "i"
    assert np.all(np.diff(idx) > 0), "indices unique and sorted"
    assert idx.min() >= 0 and idx.max() < N_SAMPLES
    assert 0 < idx.size < N_SAMPLES
    np.testing.assert_array_equal(X_res, X[idx])
    np.testing.assert_array_equal(y_res, y[idx])


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_zero_weight_rows_are_never_kept(cls):
    learner = _fit_only_learner(cls)
    if not _takes_sample_weight(cls) or learner is None:
        pytest.skip(f"{cls.__name__} takes no sample_weight or no fit-only learner")
    X, y = two_blobs()
    if not hasattr(fit_quietly(quick(cls), X, y)[0], "sample_indices_"):
        pytest.skip(f"{cls.__name__} does not prune")
    sample_weight = np.r_[np.zeros(10), np.linspace(1.0, 2.0, N_SAMPLES - 10)]
    est, _ = fit_quietly(
        quick(cls, estimator=learner), X, y, sample_weight=sample_weight
    )
    idx = est.sample_indices_
    assert idx.min() >= 10
    np.testing.assert_array_equal(est.estimator_.X_, X[idx])
    np.testing.assert_array_equal(est.estimator_.sample_weight_, sample_weight[idx])


class _RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Remembers the rows (and weights) it was fit on; predicts its first class."""

    def fit(self, X, y, sample_weight=None):
        self.X_, self.y_ = np.array(X), np.array(y)
        self.sample_weight_ = sample_weight
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def _fit_only_learner(cls):
    """A recording learner when ``cls`` wraps any classifier with ``fit``."""
    constraints = getattr(cls, "_parameter_constraints", {}).get("estimator", [])
    for c in constraints:
        if isinstance(c, HasMethods) and set(c.methods) <= {"fit", "predict"}:
            return clone(_RecordingClassifier())
    return None


# --------------------------------------------------------------------------
# A learner that fails half-way, and a regressor
# --------------------------------------------------------------------------


class _FailingSGD(SGDClassifier):
    """Trains normally for ``fail_after`` partial_fit calls, then raises."""

    def __init__(self, fail_after=2):
        super().__init__(loss="log_loss", random_state=0)
        self.fail_after = fail_after

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        self.n_calls_ = getattr(self, "n_calls_", 0) + 1
        if self.n_calls_ > self.fail_after:
            raise RuntimeError("the learner failed half-way")
        return super().partial_fit(X, y, classes=classes, sample_weight=sample_weight)


TRAINS_A_LEARNER = [c for c in CLASSES if takes_partial_fit_learner(c)]


@pytest.mark.parametrize("cls", TRAINS_A_LEARNER, ids=lambda c: c.__name__)
def test_a_fit_that_fails_half_way_leaves_the_estimator_unfitted(cls):
    X, y = two_blobs()
    est = quick(cls, estimator=_FailingSGD())
    if "method" in est.get_params():
        est.set_params(method="forgetting")  # trains through partial_fit
    with pytest.raises(RuntimeError, match="failed half-way"):
        est.fit(X, y)
    with pytest.raises(NotFittedError):
        check_is_fitted(est)
    if hasattr(est, "partial_fit"):
        # The stream starts afresh with a sound learner.
        est.set_params(estimator=SGDClassifier(random_state=0))
        est.partial_fit(X, y, classes=[0, 1])
        assert est.predict(X).shape == (N_SAMPLES,)


@pytest.mark.parametrize("cls", TRAINS_A_LEARNER, ids=lambda c: c.__name__)
def test_a_regressor_is_refused_before_training(cls):
    from sklearn.linear_model import SGDRegressor

    X, y = two_blobs()
    est = quick(cls, estimator=SGDRegressor())
    if "method" in est.get_params():
        est.set_params(method="forgetting")
    with pytest.raises(TypeError, match="needs a classifier; SGDRegressor"):
        est.fit(X, y)


# Balanced class weights trade accuracy for the minority class: the default
# probe's fold models may score below the majority share, and skcurric says so.
@WEAK_PROBES_WARN
@pytest.mark.parametrize("cls", TRAINS_A_LEARNER, ids=lambda c: c.__name__)
def test_balanced_class_weight_means_what_fit_would_compute(cls):
    # scikit-learn refuses class_weight="balanced" in partial_fit; a skcurric
    # fit sees all of y first and uses the weights the learner's fit would.
    from sklearn.utils.class_weight import compute_class_weight

    X, y = two_blobs()
    y = np.where(np.arange(N_SAMPLES) < 30, 0, y)  # imbalanced
    weights = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    explicit = dict(enumerate(weights))
    fits = [
        fit_quietly(
            quick(cls, estimator=SGDClassifier(class_weight=cw, random_state=0)), X, y
        )[0]
        for cw in ("balanced", explicit)
    ]
    np.testing.assert_array_equal(fits[0].predict(X), fits[1].predict(X))
    np.testing.assert_allclose(
        fits[0].estimator_.coef_, fits[1].estimator_.coef_, rtol=0, atol=0
    )
