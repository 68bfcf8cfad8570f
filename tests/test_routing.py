"""Metadata routing of sample_weight through a Pipeline, for every estimator."""

import inspect

import numpy as np
import pytest
from sklearn import config_context
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skcurric.datasets import make_curriculum_dataset
from tests.conftest import public_estimator_classes

WEIGHTED = [
    cls
    for cls in public_estimator_classes()
    if "sample_weight" in inspect.signature(cls.fit).parameters
]


@pytest.mark.parametrize("cls", WEIGHTED, ids=lambda c: c.__name__)
def test_sample_weight_is_routed_when_requested(cls):
    X, y, _ = make_curriculum_dataset(120, cluster_std=1.5, random_state=0)
    w = np.linspace(0.5, 2.0, len(y))
    with config_context(enable_metadata_routing=True):
        scaler = StandardScaler().set_fit_request(sample_weight=False)
        est = cls(random_state=0).set_fit_request(sample_weight=True)
        make_pipeline(scaler, est).fit(X, y, sample_weight=w)
        unrequested = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=False), cls()
        )
        with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
            unrequested.fit(X, y, sample_weight=w)


@pytest.mark.parametrize(
    "cls",
    [c for c in WEIGHTED if "estimator" in inspect.signature(c).parameters],
    ids=lambda c: c.__name__,
)
def test_a_request_on_the_learner_alone_is_enough(cls):
    from sklearn.base import clone
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import GridSearchCV

    X, y, _ = make_curriculum_dataset(120, cluster_std=1.5, random_state=0)
    X = StandardScaler().fit_transform(X)
    w = np.linspace(0.5, 2.0, len(y))
    est = cls(estimator=SGDClassifier(loss="log_loss", random_state=0), random_state=0)
    # Without routing the weights are simply used: the reference fit.
    reference = clone(est).fit(X, y, sample_weight=w)
    with config_context(enable_metadata_routing=True):
        learner = est.estimator
        getattr(learner, f"set_{est._learner_method}_request")(sample_weight=True)
        routed = make_pipeline(clone(est)).fit(X, y, sample_weight=w)[-1]
        if hasattr(est, "score"):  # a classifier: in a search, too
            est.set_score_request(sample_weight=False)
            GridSearchCV(est, {"random_state": [0]}, cv=3).fit(X, y, sample_weight=w)
    fitted = [
        m.estimator_ if hasattr(m, "estimator_") else m.estimators_[0]
        for m in (routed, reference)
    ]
    np.testing.assert_allclose(fitted[0].coef_, fitted[1].coef_, rtol=0, atol=0)
