"""The documentation covers the public API, links to it, and invents no numbers.

These tests read the reStructuredText sources and need no Sphinx; the build
itself (``sphinx-build -W``) runs in ``.ci/docs``.
"""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from sklearn.base import BaseEstimator

import skcurric

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API = DOCS / "api.rst"
README = ROOT / "README.md"

_DIRECTIVE = re.compile(r"^\.\. ([\w:-]+)::\s*(.*?)\s*$")
_OPTION = re.compile(r"^\s+:[\w-]+:")


def _public_modules():
    """skcurric and every submodule whose dotted path has no private part."""
    yield skcurric
    for info in pkgutil.walk_packages(skcurric.__path__, "skcurric."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        yield importlib.import_module(info.name)


def _public_names():
    """``(module name, name, object)`` for every name in a public ``__all__``."""
    out = []
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            out.append((module.__name__, name, getattr(module, name)))
    return out


def _resolve(dotted):
    """The object at a dotted path: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def _api_entries(text):
    """``(full name, autosummary toctree dir or None)`` documented in api.rst.

    Follows ``currentmodule`` / ``automodule``; reads ``autosummary`` entries
    and the ``data``/``auto*`` object directives.
    """
    current = None
    entries = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        i += 1
        if not match:
            continue
        directive, argument = match.groups()
        if directive in ("currentmodule", "automodule", "py:currentmodule"):
            current = argument
            continue
        if directive == "autosummary":
            toctree = None
            while i < len(lines) and (not lines[i].strip() or lines[i][0] == " "):
                line = lines[i]
                i += 1
                if _OPTION.match(line):
                    key, _, value = line.strip()[1:].partition(":")
                    if key == "toctree":
                        toctree = value.strip().rstrip("/")
                    continue
                name = line.strip()
                if name:
                    entries.append((_qualify(current, name), toctree))
            continue
        if directive in (
            "data",
            "autodata",
            "autoclass",
            "autofunction",
            "py:data",
            "py:function",
            "py:class",
        ):
            entries.append((_qualify(current, argument), None))
    return entries


def _qualify(current, name):
    if name.startswith("skcurric.") or name == "skcurric" or current is None:
        return name
    return f"{current}.{name}"


@pytest.fixture(scope="module")
def api_entries():
    return _api_entries(API.read_text())


def test_public_modules_declare_all():
    # A public module without __all__ would escape the coverage test below.
    for module in _public_modules():
        if hasattr(module, "__all__"):
            continue
        own = [
            name
            for name, obj in vars(module).items()
            if not name.startswith("_")
            and (inspect.isclass(obj) or inspect.isfunction(obj))
            and obj.__module__ == module.__name__
        ]
        assert not own, f"{module.__name__} defines {own} but has no __all__"


def test_every_public_name_is_in_the_api_reference(api_entries):
    documented = {}
    for full, _ in api_entries:
        documented[full] = _resolve(full)
    names = _public_names()
    assert len(names) >= 10  # skcurric.__all__ alone has 10
    missing = [
        f"{module}.{name}"
        for module, name, obj in names
        if f"{module}.{name}" not in documented
        and not any(obj is other for other in documented.values())
    ]
    assert not missing, f"public names missing from docs/api.rst: {missing}"


def test_api_reference_entries_resolve(api_entries):
    # A renamed or removed object must not linger in the reference.
    for full, _ in api_entries:
        try:
            _resolve(full)
        except (ImportError, AttributeError) as exc:
            pytest.fail(f"docs/api.rst documents {full!r}, which does not exist: {exc}")


def test_estimator_doc_links_point_to_their_api_pages(api_entries):
    # scikit-learn's HTML repr links each estimator to _get_doc_link(); the
    # page must be the one autosummary writes: <toctree>/<full name>.html.
    pages = {}
    for full, toctree in api_entries:
        if toctree is not None:
            pages.setdefault(id(_resolve(full)), []).append(f"{toctree}/{full}.html")
    estimators = {
        obj
        for _, _, obj in _public_names()
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator)
    }
    assert len(estimators) >= 5
    wrong = {}
    for cls in sorted(estimators, key=lambda c: c.__name__):
        expected = pages.get(id(cls), [])
        assert expected, f"{cls.__name__} has no autosummary page in docs/api.rst"
        link = cls()._get_doc_link()
        if not (
            link.startswith("https://")
            and any(link.endswith("/" + page) for page in expected)
        ):
            wrong[cls.__name__] = (link, expected)
    assert not wrong, f"doc links that miss their API page (link, pages): {wrong}"


# --------------------------------------------------------------------------
# Benchmark tables: copied from the README, never invented
# --------------------------------------------------------------------------


def _norm(cell):
    return " ".join(cell.replace("`", "").split())


def _readme_rows():
    text = README.read_text()
    section = text.split("## What the benchmarks measured", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|"):
            continue
        cells = [_norm(c) for c in line.strip().strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the header rule
        rows.append(tuple(cells))
    return rows


def _rst_table_rows(text):
    """Rows of every ``list-table`` in ``text``, cells normalised."""
    rows = []
    in_table = False
    for line in text.splitlines():
        if line.startswith(".. list-table::"):
            in_table = True
            continue
        if in_table and line and not line[0].isspace():
            in_table = False
        if not in_table:
            continue
        stripped = line.strip()
        if stripped.startswith("* - "):
            rows.append([stripped[4:]])
        elif stripped.startswith("- ") and rows:
            rows[-1].append(stripped[2:])
        elif stripped and rows and not stripped.startswith(":"):
            rows[-1][-1] += " " + stripped
    return [tuple(_norm(c) for c in row) for row in rows]


def test_benchmark_tables_are_the_readmes():
    page = (DOCS / "user_guide" / "when_it_helps.rst").read_text()
    doc_rows = _rst_table_rows(page)
    readme_rows = _readme_rows()
    assert len(readme_rows) >= 10
    # Every table row of the page is a README row (no invented numbers) and
    # every README benchmark row is on the page (none dropped).
    assert set(doc_rows) == set(readme_rows), (
        f"only in docs: {sorted(set(doc_rows) - set(readme_rows))}; "
        f"only in README: {sorted(set(readme_rows) - set(doc_rows))}"
    )
    for script in re.findall(r"bench_\w+\.py", page):
        assert (ROOT / "benchmarks" / script).is_file(), script


def test_rst_table_parser_sees_a_changed_cell():
    # The comparison above must be able to fail.
    text = ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - ``b``\n"
    assert _rst_table_rows(text) == [("a", "b")]
    assert _rst_table_rows(text.replace("b", "c")) != [("a", "b")]


def test_quickstart_includes_the_readme_quick_start():
    # docs/quickstart.rst includes the README from its first ```python fence
    # to the next fence: that block must be the quick start's.
    text = README.read_text()
    first = text.split("```python\n", 1)[1].split("```", 1)[0]
    quick = text.split("## Quick start", 1)[1].split("```python\n", 1)[1]
    assert first == quick.split("```", 1)[0]
    assert "SelfPacedClassifier" in first
    page = (DOCS / "quickstart.rst").read_text()
    assert ".. literalinclude:: ../README.md" in page
    assert ":start-after: ```python" in page


# --------------------------------------------------------------------------
# The code on the pages runs
# --------------------------------------------------------------------------


def _python_blocks(text):
    blocks = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != ".. code-block:: python":
            continue
        body = []
        for follow in lines[i + 1 :]:
            if follow and not follow[0].isspace():
                break
            body.append(follow)
        blocks.append(inspect.cleandoc("\n".join(body)))
    return blocks


# Hand-written pages only (not the build outputs), those with Python code.
PAGES = sorted(
    str(p.relative_to(DOCS))
    for p in DOCS.rglob("*.rst")
    if not {"_build", "generated", "auto_examples", "_templates"} & set(p.parts)
    and _python_blocks(p.read_text())
)


def test_pages_with_code_are_found():
    assert {"quickstart.rst", "user_guide/self_paced.rst"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_code_on_page_runs(page, capsys):
    blocks = _python_blocks((DOCS / page).read_text())
    if any("sklearn.callback" in block for block in blocks):
        # The callback API exists from scikit-learn 1.9 on.
        pytest.importorskip("sklearn.callback")
    if any("import torch" in block for block in blocks):
        # skorch networks need the optional torch extra.
        pytest.importorskip("torch")
        pytest.importorskip("skorch")
    namespace = {}  # blocks of one page build on each other
    for block in blocks:
        exec(compile(block, f"docs/{page}", "exec"), namespace)


# skcurric is not on a package index: extras are installed from a checkout.
_INDEX_INSTALL = re.compile(r"pip install ['\"]?skcurric\[")


def _install_text_files():
    for pattern in ("docs/**/*.rst", "examples/*.rst", "examples/*.py", "*.md"):
        yield from ROOT.glob(pattern)
    yield from (ROOT / "skcurric").rglob("*.py")


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in _install_text_files()
        if "_build" not in p.parts and "auto_examples" not in p.parts
    ],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_install_instructions_install_from_the_checkout(path):
    assert not _INDEX_INSTALL.search(path.read_text()), (
        f'{path.name} says pip install "skcurric[...]"; skcurric installs from a '
        'checkout: pip install ".[...]"'
    )


def _readme_section_rows(title):
    section = README.read_text().split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|"):
            continue
        cells = [_norm(c) for c in line.strip().strip("|").split("|")]
        if not all(set(c) <= set("-: ") for c in cells):
            rows.append(tuple(cells))
    return rows


def test_choosing_page_has_the_readmes_tuned_baseline_table():
    # The tuned-baseline table of README is on the "Choosing a method" page,
    # row for row (both from benchmarks/bench_noise.py, never invented).
    page = (DOCS / "user_guide" / "choosing.rst").read_text()
    readme_rows = _readme_section_rows("Against the tuned baseline")
    assert len(readme_rows) == 16  # header and 3 data sets x 5 noise settings
    assert set(readme_rows) <= set(_rst_table_rows(page))
