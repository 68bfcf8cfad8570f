"""Determinism and persistence, for every public skcurric estimator.

Every estimator variant of ``tests.test_common`` (defaults, each switch
option, each supported wrapped learner) is discovered, not listed. The same
``random_state`` must give identical fitted state (``coef_``, ``history_``,
``scores_``, selected indices ... every fitted attribute, compared
recursively) across two fits, whatever the global NumPy seed, and across
``n_jobs`` settings; ``pickle`` and ``clone`` round trips keep predictions
identical; the repr and HTML repr of a fitted estimator render.
"""

import numbers
import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning

from tests.conftest import fit_quietly, outputs, quick
from tests.test_common import estimator_instances

INSTANCES = [est for group in estimator_instances() for est in group]
IDS = [repr(est).replace("\n", "").replace(" ", "") for est in INSTANCES]

N_SAMPLES = 40


def _data(n=N_SAMPLES, seed=0):
    """Two overlapping, non-negative blobs (some examples are hard).

    Class 1 is larger in feature 0, class 0 in feature 1: the feature
    proportions differ, so MultinomialNB can tell them apart too.
    """
    rng = np.random.RandomState(seed)
    y = np.arange(n) % 2
    X = rng.uniform(0.0, 1.5, size=(n, 3))
    X[:, 0] += y
    X[:, 1] += 1 - y
    return X, y


def _fit(est, X, y):
    return fit_quietly(est, X, y)[0]


def _fitted_state(est):
    """Public fitted attributes: names ending in ``_``, not starting with ``_``."""
    return {
        k: v for k, v in vars(est).items() if k.endswith("_") and not k.startswith("_")
    }


def assert_same(a, b, path="est", *, params=True):
    """Recursive exact equality of fitted state (NaN equals NaN).

    With ``params=False`` the parameters of (nested) estimators are not
    compared, only what they learned.
    """
    if isinstance(a, BaseEstimator):
        assert type(a) is type(b), path
        if params:
            assert repr(a.get_params()) == repr(b.get_params()), path
        sa, sb = _fitted_state(a), _fitted_state(b)
        assert sa.keys() == sb.keys(), path
        for k in sa:
            assert_same(sa[k], sb[k], f"{path}.{k}", params=params)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            assert_same(a[k], b[k], f"{path}[{k!r}]", params=params)
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), path
        for i, (x, z) in enumerate(zip(a, b, strict=True)):
            assert_same(x, z, f"{path}[{i}]", params=params)
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), path
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(a, numbers.Number) and not isinstance(a, bool):
        assert a == b or (np.isnan(a) and np.isnan(b)), path
    elif a is None or isinstance(a, (str, bool)):
        assert a == b, path
    else:
        # Loss-function objects and the like: the type is all that is comparable.
        assert type(a) is type(b), path


def _assert_same_outputs(a, b):
    assert a.keys() == b.keys()
    for method in a:
        np.testing.assert_array_equal(a[method], b[method], err_msg=method)


@pytest.mark.parametrize("estimator", INSTANCES, ids=IDS)
def test_same_random_state_same_fit(estimator):
    X, y = _data()
    np.random.seed(1)  # noqa: NPY002 - the legacy global RNG is the point
    first = _fit(quick(estimator), X, y)
    np.random.seed(2)  # noqa: NPY002 - the global RNG must play no part
    second = _fit(quick(estimator), X, y)
    assert_same(first, second)
    _assert_same_outputs(outputs(first, X), outputs(second, X))


@pytest.mark.parametrize("estimator", INSTANCES, ids=IDS)
def test_fit_leaves_the_global_rng_alone(estimator):
    X, y = _data()
    np.random.seed(0)  # noqa: NPY002
    _, keys, pos, *_ = np.random.get_state()  # noqa: NPY002
    _fit(quick(estimator), X, y)
    _, keys_after, pos_after, *_ = np.random.get_state()  # noqa: NPY002
    np.testing.assert_array_equal(keys_after, keys)
    assert pos_after == pos, "fit drew from the global RNG"


def _spelled_out(est):
    """``est`` with every ``None`` sub-estimator replaced by its default.

    So that an ``n_jobs`` of a nested default (the pruner's scorer, say) is
    reachable through ``set_params``.
    """
    params = {}
    for name, value in est.get_params(deep=False).items():
        default = getattr(est, "_learner" if name == "estimator" else f"_{name}", None)
        if value is None and callable(default):
            value = clone(default())
        if isinstance(value, BaseEstimator):
            params[name] = _spelled_out(clone(value))
    return est.set_params(**params)


def _keys(est, param):
    names = est.get_params(deep=True)
    return [k for k in names if k == param or k.endswith("__" + param)]


N_JOBS_INSTANCES = [
    est for est in INSTANCES if _keys(_spelled_out(clone(est)), "n_jobs")
]


# LogisticRegression (the teacher) deprecates its n_jobs; it is set anyway.
@pytest.mark.filterwarnings("ignore:'n_jobs' has no effect:FutureWarning")
@pytest.mark.parametrize(
    "estimator", N_JOBS_INSTANCES, ids=[repr(e) for e in N_JOBS_INSTANCES]
)
def test_n_jobs_does_not_change_the_fit(estimator):
    X, y = _data()
    est = _spelled_out(quick(estimator))
    # Two repeats, so that there is work to spread over the jobs.
    est.set_params(**dict.fromkeys(_keys(est, "n_repeats"), 2))
    fits = []
    for n_jobs in (1, 2):
        est.set_params(**dict.fromkeys(_keys(est, "n_jobs"), n_jobs))
        fits.append(_fit(clone(est), X, y))
    serial, parallel = fits
    # The n_jobs parameters differ; nothing fitted may.
    assert_same(serial, parallel, params=False)
    _assert_same_outputs(outputs(serial, X), outputs(parallel, X))


@pytest.mark.parametrize("estimator", INSTANCES, ids=IDS)
def test_pickle_round_trip(estimator):
    X, y = _data()
    est = _fit(quick(estimator), X, y)
    restored = pickle.loads(pickle.dumps(est))
    assert_same(est, restored)
    _assert_same_outputs(outputs(est, X), outputs(restored, X))
    # An unfitted estimator pickles too, and fits the same afterwards.
    unfitted = pickle.loads(pickle.dumps(quick(estimator)))
    _assert_same_outputs(outputs(_fit(unfitted, X, y), X), outputs(est, X))


@pytest.mark.parametrize("estimator", INSTANCES, ids=IDS)
def test_clone_round_trip(estimator):
    X, y = _data()
    est = _fit(quick(estimator), X, y)
    copy = clone(est)
    assert not _fitted_state(copy), "clone drops the fitted state"
    assert repr(copy.get_params()) == repr(est.get_params())
    refit = _fit(copy, X, y)
    assert_same(est, refit)
    _assert_same_outputs(outputs(est, X), outputs(refit, X))


@pytest.mark.parametrize("estimator", INSTANCES, ids=IDS)
def test_repr_and_html_repr_render(estimator):
    X, y = _data()
    est = _fit(quick(estimator), X, y)
    name = type(est).__name__
    text = repr(est)
    assert text.startswith(name + "(")
    assert "random_state=0" in text
    html = est._repr_html_()
    assert name in html and "<div" in html
    # The diagram's doc link points at skcurric's API pages.
    assert "skcurric.readthedocs.io/en/latest/generated/skcurric." in html


PARTIAL_FIT_INSTANCES = [est for est in INSTANCES if hasattr(est, "partial_fit")]


@pytest.mark.parametrize(
    "estimator", PARTIAL_FIT_INSTANCES, ids=[repr(e) for e in PARTIAL_FIT_INSTANCES]
)
def test_partial_fit_resumes_identically_after_pickle(estimator):
    X, y = _data()
    est = quick(estimator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.partial_fit(X, y, classes=np.unique(y))
        restored = pickle.loads(pickle.dumps(est))
        est.partial_fit(X[::-1], y[::-1])
        restored.partial_fit(X[::-1], y[::-1])
    assert_same(est, restored)
    _assert_same_outputs(outputs(est, X), outputs(restored, X))
