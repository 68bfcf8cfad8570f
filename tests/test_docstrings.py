"""numpydoc validation of the public docstrings, in the style of scikit-learn's.

Every parameter, return value and attribute of the listed objects has a
description, and every public method has a docstring. The list grows as the
estimators' docstrings are brought up to it.
"""

import inspect

import pytest

import skcurric

numpydoc_validate = pytest.importorskip("numpydoc.validate")

# Errors that mean a missing or wrong entry, not a matter of style.
ERRORS = {
    "GL08",  # no docstring
    "PR01",  # a parameter not documented
    "PR02",  # a documented parameter that does not exist
    "PR07",  # a parameter without description
    "PR08",  # a description that does not start with a capital letter
    "PR09",  # a description that does not end with a period
    "RT03",  # a return value without description
}

VALIDATED = [
    "DifficultyScorer",
    "ForgettingPruner",
    "PrunedClassifier",
    "difficulty_agreement",
    "select_indices",
]


def _objects():
    for name in VALIDATED:
        obj = getattr(skcurric, name)
        yield f"skcurric.{name}"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and callable(member):
                    yield f"skcurric.{name}.{attr}"


@pytest.mark.parametrize("path", list(_objects()))
def test_docstring_documents_every_entry(path):
    result = numpydoc_validate.validate(path)
    errors = [f"{code}: {msg}" for code, msg in result["errors"] if code in ERRORS]
    assert not errors, "\n".join(errors)
