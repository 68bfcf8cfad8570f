"""Shared test helpers and fixtures, and the suite's warning policy.

Warning policy: a test that expects a warning asserts it with
``pytest.warns``; any other warning that skcurric itself issues is an error
(``filterwarnings`` in pyproject.toml: ``error::Warning:skcurric``).
Python attributes a warning to the module its ``stacklevel`` points at, which
for skcurric's warnings is the user's code (a test module, or scikit-learn's
``GridSearchCV``), so a module filter alone would never match them.
:func:`_attribute_to_issuer` makes it match: a warning issued by skcurric's
code keeps the file and line that users see, but is attributed to the
skcurric module that issued it.
"""

import importlib
import inspect
import pkgutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, Perceptron, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import HasMethods, StrOptions
from threadpoolctl import threadpool_limits

import skcurric
from skcurric.datasets import make_curriculum_dataset

# One OpenMP / BLAS thread per test process: pytest-xdist already runs one
# worker per core, and OpenMP learners (HistGradientBoosting) spinning a thread
# per core in every worker oversubscribe the cores many times over.
threadpool_limits(1)

_warn = warnings.warn


def _attribute_to_issuer(message, category=None, stacklevel=1, source=None):
    issuer = sys._getframe(1)
    module = issuer.f_globals.get("__name__", "")
    if not module.startswith("skcurric"):
        # +1: this wrapper is one frame more between the caller and warn
        return _warn(message, category, stacklevel + 1, source)
    if isinstance(message, Warning):
        category = type(message)
    elif category is None:
        category = UserWarning
    frame = issuer
    for _ in range(stacklevel - 1):
        if frame.f_back is None:
            break
        frame = frame.f_back
    return warnings.warn_explicit(
        message,
        category,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=module,
        registry=frame.f_globals.setdefault("__warningregistry__", {}),
        module_globals=frame.f_globals,
        source=source,
    )


def pytest_configure(config):
    warnings.warn = _attribute_to_issuer


def pytest_unconfigure(config):
    warnings.warn = _warn


# --------------------------------------------------------------------------
# estimators
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]

PARTIAL_FIT_LEARNERS = [
    SGDClassifier(loss="hinge"),
    Perceptron(),
    # max_iter bounds only fit (the default scorer's out-of-fold probes);
    # skcurric trains the learner by partial_fit, one call per batch. At the
    # default 200 its sparse checks alone took a minute and a half.
    MLPClassifier(hidden_layer_sizes=(8,), learning_rate_init=0.01, max_iter=50),
    MultinomialNB(),
    BernoulliNB(),
]

# Learners without partial_fit, trained in rounds of fit by the estimators
# that take them; small, so that the checks stay quick (with quick budgets).
FIT_ONLY_LEARNERS = [
    LogisticRegression(),
    HistGradientBoostingClassifier(max_iter=5),
    RandomForestClassifier(n_estimators=5),
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


def takes_partial_fit_learner(cls):
    constraints = getattr(cls, "_parameter_constraints", {}).get("estimator", [])
    return any(
        isinstance(c, HasMethods) and "partial_fit" in c.methods for c in constraints
    )


def takes_fit_only_learner(cls):
    """Whether ``cls`` also trains a learner that has only ``fit``."""
    constraints = getattr(cls, "_parameter_constraints", {}).get("estimator", [])
    return takes_partial_fit_learner(cls) and any(
        isinstance(c, HasMethods) and c.methods == ["fit"] for c in constraints
    )


def estimator_instances():
    """Three lists: each class with its defaults, each other option of a
    behavioural switch (with the default learner), and each supported
    ``partial_fit`` learner (with the default options) and fit-only learner
    (with :func:`quick` budgets)."""
    defaults, options, learners = [], [], []
    for cls in public_estimator_classes():
        defaults.append(cls())
        constraints = getattr(cls, "_parameter_constraints", {})
        for param in SWITCH_PARAMS:
            for c in constraints.get(param, []):
                if isinstance(c, StrOptions):
                    default = inspect.signature(cls).parameters[param].default
                    for option in sorted(c.options - getattr(c, "deprecated", set())):
                        if option != default:
                            options.append(cls(**{param: option}))
        if takes_partial_fit_learner(cls):
            for learner in PARTIAL_FIT_LEARNERS:
                learners.append(cls(estimator=clone(learner)))
        if takes_fit_only_learner(cls):
            for learner in FIT_ONLY_LEARNERS:
                learners.append(quick(cls, estimator=clone(learner)))
    return defaults, options, learners


# Outputs that must keep one row per input row.
ROW_METHODS = (
    "predict",
    "predict_proba",
    "decision_function",
    "transform",
    "score_samples",
)

# Tiny training budgets: enough to exercise a fit, not to converge.
# "fractions": the candidate stops of SelfPacedClassifierCV, as few as a
# 3-epoch path reaches after its warm-up epoch, one epoch each (a
# cross-fitted path would otherwise spend two rounds on each).
_QUICK = {
    "max_iter": 3,
    "n_epochs": 3,
    "cv": 2,
    "fractions": (0.5, 1.0),
    "epochs_per_fraction": 1,
    "random_state": 0,
}


def quick(est, **params):
    """A seeded copy of ``est`` (an instance or a class) with tiny budgets.

    Each budget in ``params`` overrides the default tiny one; budgets the
    estimator does not have are left out, any other parameter is set as given.
    """
    est = est() if isinstance(est, type) else clone(est)
    names = est.get_params()
    budgets = {**_QUICK, **{k: v for k, v in params.items() if k in _QUICK}}
    est.set_params(**{k: v for k, v in budgets.items() if k in names})
    return est.set_params(**{k: v for k, v in params.items() if k not in _QUICK})


def fit_quietly(est, X, y, **fit_params):
    """Fit (or ``fit_resample``) with a tiny budget that cannot converge.

    The ConvergenceWarning says exactly that and is not what these tests are
    about; returns ``(est, resampled)``, ``resampled`` None for a classifier.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if hasattr(est, "fit_resample"):
            return est, est.fit_resample(X, y, **fit_params)
        return est.fit(X, y, **fit_params), None


def outputs(est, X):
    """Every row-wise output ``est`` has, by method name."""
    return {m: getattr(est, m)(X) for m in ROW_METHODS if hasattr(est, m)}


# Marks for a test whose subject is not a skcurric warning, on data or
# budgets where skcurric rightly issues it. Each warning is asserted where it
# is the subject: WEAK_PROBES_WARN in
# test_scoring.py::test_a_probe_worse_than_the_majority_class_is_reported,
# SHORT_PACE_WARNS in test_self_paced.py (pytest.warns(ConvergenceWarning)).
WEAK_PROBES_WARN = pytest.mark.filterwarnings(
    "ignore:DifficultyScorer.*scored below the majority-class share:UserWarning"
)
SHORT_PACE_WARNS = pytest.mark.filterwarnings(
    "ignore:.*before the .*pace selected every example"
    ":sklearn.exceptions.ConvergenceWarning"
)


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------


def two_blobs(n=40, n_features=3, *, width=1.0, shift=2.0, seed=0):
    """Two non-negative uniform blobs, classes alternating row by row.

    ``shift`` > ``width`` separates them (fine for every learner, including
    MultinomialNB); ``shift`` < ``width`` makes them overlap, so that some
    examples are hard.
    """
    rng = np.random.RandomState(seed)
    y = np.arange(n) % 2
    X = rng.uniform(0.0, width, size=(n, n_features)) + shift * y[:, None]
    return X, y


def three_classes(n=120, seed=0):
    """A small three-class problem with four informative features of six.

    Standardized, as SGD needs: on the raw features plain SGD's fold models
    can score below the majority class, and skcurric rightly warns.
    """
    X, y = make_classification(
        n_samples=n, n_features=6, n_informative=4, n_classes=3, random_state=seed
    )
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="session")
def noisy_blobs():
    """300 rows of two blobs with 15% flipped labels: ``X, y, centers, mask``."""
    return make_curriculum_dataset(
        300, cluster_std=1.0, label_noise=0.15, random_state=0, return_noise_mask=True
    )
