"""scikit-learn's estimator checks over every public skcurric estimator.

Estimators are discovered by walking the package, not listed by hand. Each is
checked with its defaults, and the meta-estimators that wrap a ``partial_fit``
learner are checked again around every supported learner. A check may be
expected to fail only where the wrapped scikit-learn learner fails the very
same check in scikit-learn itself: that is measured here, by running the check
on the bare learner, not asserted from a list.
"""

import functools
import importlib
import inspect
import pkgutil
import warnings

import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Perceptron, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from sklearn.neural_network import MLPClassifier
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.estimator_checks import (
    check_estimator,
    check_param_validation,
    parametrize_with_checks,
)

import skcurric

# Checks a wrapper can only pass if its learner does (they compare fits with
# weights against fits on repeated rows, or depend on the learner's own
# numerical behaviour).
INHERITED_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data",
    "check_sample_weight_equivalence_on_sparse_data",
    "check_sample_weights_invariance",
    "check_classifiers_train",
    "check_classifiers_one_label_sample_weights",
    "check_fit2d_1sample",
    "check_estimators_dtypes",
    "check_classifier_data_not_an_array",
    "check_supervised_y_2d",
}

# Checks an estimator fails by design whatever its learner, with the reason.
# A curriculum draws minibatches from pools of a ranking: a row of weight w is
# one entry of the ranking whose updates weigh w, never w entries, so integer
# weights cannot equal repeated rows (zero weights do equal absent rows:
# check_sample_weights_invariance passes, and test_curriculum checks it).
_POOLS = "minibatches are drawn from pools of a ranking: a weight is not a repeated row"

# Failures that come from cross-validation itself, as for scikit-learn's own
# cross-validated meta-estimators: TunedThresholdClassifierCV is expected to
# fail the sample-weight equivalence check in scikit-learn's test suite for
# exactly this reason (rows repeated or given weight 2 fall in other folds).
CROSS_VALIDATED = {
    "check_sample_weight_equivalence_on_dense_data": (
        "cross-validation splits rows, so weighting a row is not the same as "
        "repeating it (scikit-learn's TunedThresholdClassifierCV: same reason)"
    ),
    "check_sample_weight_equivalence_on_sparse_data": (
        "cross-validation splits rows, so weighting a row is not the same as "
        "repeating it (scikit-learn's TunedThresholdClassifierCV: same reason)"
    ),
}


BY_DESIGN = {
    "SelfPacedClassifierCV": CROSS_VALIDATED,
    "CurriculumSGDClassifier": {
        "check_sample_weight_equivalence_on_dense_data": _POOLS,
        "check_sample_weight_equivalence_on_sparse_data": _POOLS,
    },
}

PARTIAL_FIT_LEARNERS = [
    SGDClassifier(loss="hinge"),
    Perceptron(),
    MLPClassifier(hidden_layer_sizes=(8,), learning_rate_init=0.01),
    MultinomialNB(),
    BernoulliNB(),
]

# Behavioural switches checked one by one (a variant per option).
SWITCH_PARAMS = ("method", "regime", "order", "strategy")


def public_estimator_classes():
    """Every public estimator class defined in skcurric, found by walking it."""
    found = {}
    for mod in pkgutil.walk_packages(skcurric.__path__, "skcurric."):
        if any(part.startswith("_") for part in mod.name.split(".")[1:]):
            continue
        module = importlib.import_module(mod.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseEstimator)
                and not name.startswith("_")
                and obj.__module__.startswith("skcurric")
                and not inspect.isabstract(obj)
                and not name.endswith("Base")
                and not name.endswith("Mixin")
            ):
                found[name] = obj
    for name in getattr(skcurric, "__all__", []):
        obj = getattr(skcurric, name)
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            found[name] = obj
    return [found[k] for k in sorted(found)]


def _takes_partial_fit_learner(cls):
    constraints = getattr(cls, "_parameter_constraints", {}).get("estimator", [])
    return any(
        isinstance(c, HasMethods) and "partial_fit" in c.methods for c in constraints
    )


def estimator_instances():
    instances = []
    for cls in public_estimator_classes():
        instances.append(cls())
        constraints = getattr(cls, "_parameter_constraints", {})
        for param in SWITCH_PARAMS:
            for c in constraints.get(param, []):
                if isinstance(c, StrOptions):
                    default = inspect.signature(cls).parameters[param].default
                    for option in sorted(c.options - getattr(c, "deprecated", set())):
                        if option != default:
                            instances.append(cls(**{param: option}))
        if _takes_partial_fit_learner(cls):
            for learner in PARTIAL_FIT_LEARNERS:
                instances.append(cls(estimator=clone(learner)))
    return instances


@functools.cache
def _learner_failures(learner_repr):
    learner = _LEARNERS_BY_REPR[learner_repr]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(clone(learner), on_fail=None)
    return {r["check_name"] for r in results if r["status"] == "failed"}


_LEARNERS_BY_REPR = {}


def expected_failed_checks(estimator):
    """Checks this estimator may fail: by design, or as its wrapped learner does."""
    by_design = dict(BY_DESIGN.get(type(estimator).__name__, {}))
    learner = getattr(estimator, "estimator", None)
    if learner is None and hasattr(estimator, "_learner"):
        learner = estimator._learner()
    if learner is None or not hasattr(learner, "fit"):
        return by_design
    key = repr(learner)
    _LEARNERS_BY_REPR[key] = learner
    failing = _learner_failures(key) & INHERITED_CHECKS
    inherited = {
        name: f"{type(learner).__name__} fails {name} in scikit-learn itself"
        for name in sorted(failing)
    }
    return {**inherited, **by_design}


@parametrize_with_checks(
    estimator_instances(), expected_failed_checks=expected_failed_checks
)
def test_sklearn_compatible_estimator(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


@pytest.mark.parametrize("cls", public_estimator_classes(), ids=lambda c: c.__name__)
def test_param_validation(cls):
    # check_estimator does not run this one (see SKLEARN_CONTRACT.md).
    check_param_validation(cls.__name__, cls())


def test_discovery_finds_the_estimators():
    names = {cls.__name__ for cls in public_estimator_classes()}
    assert "DifficultyScorer" in names
