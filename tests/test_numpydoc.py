"""numpydoc validation of the public API, in the style of scikit-learn's.

Every parameter is documented with a description, and every documented
parameter exists (numpydoc's PR01, PR02, PR07, PR08, PR09 and GL08).
"""

import inspect

import pytest

numpydoc_validate = pytest.importorskip("numpydoc.validate")

import skcurric  # noqa: E402
from skcurric import pacing  # noqa: E402

CODES = {"PR01", "PR02", "PR07", "PR08", "PR09", "GL08"}

# The training core; the other public classes and functions are added here
# as their docstrings are brought to the same standard.
CLASSES = [skcurric.SelfPacedClassifier, skcurric.CurriculumSGDClassifier]
FUNCTIONS = [skcurric.self_paced_weights, pacing.pacing_fraction]


def _names():
    for cls in CLASSES:
        path = f"{cls.__module__}.{cls.__name__}"
        yield path
        for name, member in inspect.getmembers(cls):
            # Methods defined by skcurric (scikit-learn's own are its own
            # business) that are public.
            if (
                not name.startswith("_")
                and callable(member)
                and getattr(member, "__module__", "").startswith("skcurric")
            ):
                yield f"{path}.{name}"
    for func in FUNCTIONS:
        yield f"{func.__module__}.{func.__name__}"


@pytest.mark.parametrize("name", sorted(set(_names())))
def test_docstring_parameters(name):
    errors = [
        f"{code}: {message}"
        for code, message in numpydoc_validate.validate(name)["errors"]
        if code in CODES
    ]
    assert not errors, "\n".join(errors)
