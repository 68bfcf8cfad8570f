"""The suite's warning policy (tests/conftest.py, pyproject.toml) holds.

A skcurric warning that a test does not assert with ``pytest.warns`` fails
the test, although its ``stacklevel`` attributes it to the caller's module;
warnings issued by other libraries keep their usual attribution.
"""

import re
import warnings
from pathlib import Path

import pytest
from sklearn.datasets import make_classification

import skcurric
from skcurric import SelfPacedClassifier

X, y = make_classification(n_samples=40, random_state=0)


def _warn_about_diversity():
    # diversity without groups has no effect: skcurric warns, with a
    # stacklevel that points here, at its caller.
    SelfPacedClassifier(diversity=1.0, max_iter=2, lambda_init=10.0).fit(X, y)


def test_an_unasserted_skcurric_warning_is_an_error():
    with pytest.raises(UserWarning, match="diversity=1.0 has no effect"):
        _warn_about_diversity()


def test_an_asserted_skcurric_warning_passes():
    with pytest.warns(UserWarning, match="diversity=1.0 has no effect"):
        _warn_about_diversity()


def test_the_warning_points_at_the_callers_line_and_names_skcurric():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _warn_about_diversity()
    (w,) = [w for w in caught if "diversity" in str(w.message)]
    assert w.filename == __file__  # what a user sees: their own line
    # ... while filters match the module that issued it
    with warnings.catch_warnings():
        warnings.filterwarnings("error", module="skcurric")
        with pytest.raises(UserWarning):
            _warn_about_diversity()
        warnings.filterwarnings("ignore", module="skcurric")
        _warn_about_diversity()  # silenced by the module filter, no error


def test_other_libraries_warnings_keep_their_attribution():
    def third_party():
        warnings.warn("from elsewhere", RuntimeWarning, stacklevel=2)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        third_party()
    (w,) = caught
    assert w.filename == __file__ and w.category is RuntimeWarning


def test_skcurric_calls_warn_through_the_warnings_module():
    # The conftest wrapper replaces warnings.warn; a name imported with
    # "from warnings import warn" would bypass it, and the policy with it.
    package = Path(skcurric.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*from warnings import", path.read_text(), re.M)
    ]
    assert not offenders, offenders
