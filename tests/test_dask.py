"""skcurric's joblib parallelism runs unchanged on a Dask cluster.

``DifficultyScorer(n_jobs=...)`` sends its repeats and folds through joblib, and
``GridSearchCV`` sends whole fits of skcurric estimators; under
``joblib.parallel_config(backend="dask")`` both go to the workers of a
``distributed`` cluster (separate processes, so every estimator, argument and
result is pickled both ways). The results must be those of the local, serial
run: every task is seeded from ``random_state`` alone, never from the worker
that runs it.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse

distributed = pytest.importorskip(
    "distributed",
    reason='the Dask tests need dask.distributed: pip install ".[dask]"',
)

import joblib  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from skcurric import DifficultyScorer, SelfPacedClassifier  # noqa: E402


@pytest.fixture(scope="module")
def client():
    # Worker processes rather than threads: only then is every task and result
    # really pickled, as on a remote cluster. Two single-threaded workers
    # match the 2-core CI machine; no dashboard, so no port is needed.
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        300, 10, n_informative=5, n_classes=3, flip_y=0.1, random_state=0
    )
    return StandardScaler().fit_transform(X), y


def _on_cluster(client, func):
    """Run ``func`` under the Dask joblib backend and check it used the cluster.

    The workers that ran tasks are read from the scheduler's task stream, so a
    test fails if the work silently stayed in this process. (Which workers
    get the tasks is the scheduler's business, so only that the work reached
    the cluster is checked.)
    """
    with (
        distributed.get_task_stream(client) as stream,
        joblib.parallel_config(backend="dask"),
    ):
        result = func()
    workers = {task["worker"] for task in stream.data}
    assert workers, "no task ran on the Dask cluster"
    assert workers <= set(client.scheduler_info()["workers"]), workers
    return result


@pytest.mark.parametrize(
    "method, params",
    [
        ("el2n", {"n_repeats": 3, "n_epochs": 5}),
        ("forgetting", {"n_repeats": 2, "n_epochs": 5}),
        ("loss", {"n_repeats": 2, "cv": 3}),
    ],
    ids=["el2n-repeats", "forgetting-repeats", "loss-folds"],
)
def test_difficulty_scorer_on_dask_equals_local(client, data, method, params):
    X, y = data
    local = DifficultyScorer(method, n_jobs=1, random_state=0, **params).fit(X, y)
    remote = _on_cluster(
        client,
        lambda: DifficultyScorer(method, n_jobs=-1, random_state=0, **params).fit(X, y),
    )
    assert_allclose(remote.scores_, local.scores_, rtol=1e-12, atol=1e-12)
    assert_allclose(remote.repeat_scores_, local.repeat_scores_, rtol=1e-12, atol=1e-12)
    # The fitted probes came back from the workers usable: they score new data
    # exactly as the local ones (dynamics methods replay their trajectories).
    assert_allclose(
        remote.score_samples(X[:50], y[:50]),
        local.score_samples(X[:50], y[:50]),
        rtol=1e-12,
        atol=1e-12,
    )


def test_difficulty_scorer_on_dask_sparse_input(client, data):
    X, y = data
    Xs = sparse.csr_matrix(np.where(np.abs(X) > 1.0, X, 0.0))
    params = {"n_repeats": 2, "n_epochs": 3, "random_state": 0}
    local = DifficultyScorer("aum", n_jobs=1, **params).fit(Xs, y)
    remote = _on_cluster(
        client, lambda: DifficultyScorer("aum", n_jobs=-1, **params).fit(Xs, y)
    )
    assert_allclose(remote.scores_, local.scores_, rtol=1e-12, atol=1e-12)
    assert_array_equal(
        remote.dynamics_["unforgettable"], local.dynamics_["unforgettable"]
    )


def test_grid_search_of_self_paced_pipeline_on_dask_equals_local(client, data):
    X, y = data
    pipe = Pipeline(
        [("scale", StandardScaler()), ("spl", SelfPacedClassifier(random_state=0))]
    )
    grid = {"spl__lambda_init": ["auto", 0.3, 1.0], "spl__mu": [1.3, 2.0]}
    with warnings.catch_warnings():
        # This grid converges within max_iter; any warning (a ConvergenceWarning,
        # a failed fit) would mean the comparison below is not the one intended.
        warnings.simplefilter("error")
        local = GridSearchCV(pipe, grid, cv=3, n_jobs=1).fit(X, y)
    remote = _on_cluster(
        client, lambda: GridSearchCV(pipe, grid, cv=3, n_jobs=-1).fit(X, y)
    )
    assert_allclose(
        remote.cv_results_["mean_test_score"],
        local.cv_results_["mean_test_score"],
        rtol=0,
        atol=1e-12,
    )
    assert not np.isnan(remote.cv_results_["mean_test_score"]).any()
    assert remote.best_params_ == local.best_params_
    # The refit best model is the same model as the local one.
    assert_array_equal(remote.predict(X), local.predict(X))
    assert_allclose(
        remote.best_estimator_[-1].estimator_.coef_,
        local.best_estimator_[-1].estimator_.coef_,
        rtol=1e-12,
        atol=1e-12,
    )
