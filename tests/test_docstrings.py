"""Every public class, method and function has a numpydoc docstring that
documents its parameters (in the style of scikit-learn's own
``test_docstrings.py``).

The objects are discovered from the ``__all__`` of each public module, not
listed; each is validated by ``numpydoc.validate.validate`` in a test of its
own, so that a run reports every failing object at once.
"""

import importlib
import inspect
import pkgutil

import pytest

import skcurric

validate = pytest.importorskip(
    "numpydoc.validate", reason="numpydoc is not installed: pip install '.[test]'"
).validate

# The numpydoc error codes that fail the test: a missing docstring, and
# parameters that are undocumented, unknown, out of order, without a type or
# without a description that reads as a sentence. The other codes (summary
# style, section order, See Also) are a matter of taste left to review.
CHECKED_CODES = {
    "GL08",  # the object has no docstring
    "PR01",  # a parameter is not documented
    "PR02",  # a documented parameter does not exist
    "PR03",  # parameters are documented in the wrong order
    "PR04",  # a parameter has no type
    "PR07",  # a parameter has no description
    "PR08",  # a parameter description does not start with a capital letter
    "PR09",  # a parameter description does not end with a period
}


def _public_modules():
    yield skcurric
    for info in pkgutil.walk_packages(skcurric.__path__, "skcurric."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            yield importlib.import_module(info.name)


def _defined_in_skcurric(obj):
    return getattr(obj, "__module__", "").startswith("skcurric")


def public_objects():
    """Import paths of every public class, method and function of skcurric.

    An object exported by several modules is validated once, under the first
    public path found (``skcurric.X`` before ``skcurric.module.X``). Methods
    are those a class defines or takes from a skcurric base class; the ones it
    inherits from scikit-learn are scikit-learn's to document.
    """
    seen, paths = set(), []
    for module in _public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if id(obj) in seen or not _defined_in_skcurric(obj):
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            seen.add(id(obj))
            path = f"{module.__name__}.{name}"
            paths.append(path)
            if inspect.isclass(obj):
                for attr in sorted(vars_of_skcurric_classes(obj)):
                    paths.append(f"{path}.{attr}")
    return paths


def vars_of_skcurric_classes(cls):
    """Public methods and properties ``cls`` gets from skcurric classes."""
    members = {}
    for klass in reversed(cls.__mro__):
        if not _defined_in_skcurric(klass):
            continue
        for attr, member in vars(klass).items():
            if attr.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if inspect.isfunction(member) or isinstance(member, property):
                members[attr] = member
            elif hasattr(member, "__get__") and callable(getattr(member, "fn", None)):
                # scikit-learn's available_if descriptor wraps a method
                members[attr] = member
    return members


PUBLIC_OBJECTS = public_objects()


def test_discovery_finds_classes_methods_and_functions():
    assert "skcurric.SelfPacedClassifier" in PUBLIC_OBJECTS
    assert "skcurric.SelfPacedClassifier.fit" in PUBLIC_OBJECTS
    assert "skcurric.select_indices" in PUBLIC_OBJECTS
    assert "skcurric.plotting.plot_pacing" in PUBLIC_OBJECTS
    # scikit-learn documents what it defines
    assert "skcurric.SelfPacedClassifier.get_params" not in PUBLIC_OBJECTS


@pytest.mark.parametrize("import_path", PUBLIC_OBJECTS)
def test_docstring(import_path):
    result = validate(import_path)
    errors = [
        f"{code}: {message}"
        for code, message in result["errors"]
        if code in CHECKED_CODES
    ]
    assert not errors, f"{import_path} ({result['file']}:{result['file_line']}):\n" + (
        "\n".join(errors)
    )
