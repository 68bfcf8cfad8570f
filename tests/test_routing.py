"""Metadata routing of sample_weight through a Pipeline, for every estimator."""

import inspect

import numpy as np
import pytest
from sklearn import config_context
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skcurric.datasets import make_curriculum_dataset
from tests.test_common import public_estimator_classes

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
