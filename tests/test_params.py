"""Nested parameters of a sub-estimator left at its default, None."""

import inspect

import pytest
from sklearn.base import clone
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import BernoulliNB

import skcurric
from skcurric import DifficultyScorer, ForgettingPruner, PrunedClassifier
from skcurric.datasets import make_curriculum_dataset
from skcurric.utils._params import NoneSubEstimatorParamsMixin


def _public_estimators_with_none_estimator():
    """Public classes whose ``estimator`` defaults to None and that have the mixin.

    The others fail with scikit-learn's AttributeError until their bases get
    the mixin; each is covered here from the moment it does.
    """
    out = []
    for name in skcurric.__all__:
        cls = getattr(skcurric, name)
        if not inspect.isclass(cls):
            continue
        param = inspect.signature(cls).parameters.get("estimator")
        if param is None or param.default is not None:
            continue
        if issubclass(cls, NoneSubEstimatorParamsMixin):
            out.append(cls)
    return out


def test_the_parametrization_covers_the_estimators_with_the_mixin():
    covered = _public_estimators_with_none_estimator()
    assert PrunedClassifier in covered
    assert DifficultyScorer in covered


@pytest.mark.parametrize("cls", _public_estimators_with_none_estimator())
def test_a_nested_parameter_of_a_none_estimator_names_what_to_set(cls):
    est = cls()
    with pytest.raises(ValueError, match=r"estimator is None.*Set estimator=\w+\("):
        est.set_params(estimator__alpha=0.1)
    assert est.get_params()["estimator"] is None  # nothing was changed
    # Setting the sub-estimator in the same call, or first, works.
    est.set_params(estimator=SGDClassifier(), estimator__alpha=0.1)
    assert est.get_params()["estimator__alpha"] == 0.1
    assert clone(est).set_params(estimator__alpha=0.2).estimator.alpha == 0.2
    # get_params(deep=True) lists no nested parameter of a None estimator.
    assert not any(k.startswith("estimator__") for k in cls().get_params(deep=True))


def test_pruned_classifier_pruner_parameters_in_a_grid_search():
    X, y, _ = make_curriculum_dataset(80, random_state=0)
    grid = {"pruner__keep_fraction": [0.5, 0.9]}
    with pytest.raises(ValueError, match=r"Set pruner=ForgettingPruner\(\) first"):
        GridSearchCV(PrunedClassifier(), grid, cv=2).fit(X, y)
    scorer = DifficultyScorer("forgetting", estimator=BernoulliNB(), n_epochs=3)
    search = GridSearchCV(
        PrunedClassifier(pruner=ForgettingPruner(scorer), random_state=0), grid, cv=2
    ).fit(X, y)
    assert search.best_params_["pruner__keep_fraction"] in (0.5, 0.9)
    # Or the pruner itself in the grid.
    search = GridSearchCV(
        PrunedClassifier(random_state=0),
        {"pruner": [ForgettingPruner(scorer)], **grid},
        cv=2,
    ).fit(X, y)
    assert search.best_estimator_.pruner_.keep_fraction in (0.5, 0.9)


def test_forgetting_pruner_scorer_parameters():
    with pytest.raises(
        ValueError, match=r"Set scorer=DifficultyScorer\(.*method='forgetting'\)"
    ):
        ForgettingPruner().set_params(scorer__n_epochs=3)
    pruner = ForgettingPruner(DifficultyScorer()).set_params(scorer__n_epochs=3)
    assert pruner.scorer.n_epochs == 3
    # Unknown names keep scikit-learn's own error.
    with pytest.raises(ValueError, match="Invalid parameter"):
        ForgettingPruner().set_params(nothing__x=1)
