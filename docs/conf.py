"""Sphinx configuration for skcurric's documentation.

The build needs no network: intersphinx is off unless
``SKCURRIC_DOCS_INTERSPHINX`` is set, MathJax is loaded by the reader's
browser, and every figure is drawn at build time.

``SKCURRIC_DOCS_SKIP_GALLERY=1`` (the CI build, ``.ci/docs``) still writes the
example gallery's pages, so the toctree and every link to an example resolve
in both modes, but does not run the examples (about a minute); without it the
gallery runs ``examples/plot_*.py`` and shows their figures and output.
"""

import os
import sys
from pathlib import Path

# Document the source tree next to these docs, not whichever skcurric happens
# to be installed in the environment.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import skcurric  # noqa: E402

project = "skcurric"
author = "skcurric developers"
copyright = "skcurric developers, BSD-3-Clause"
release = skcurric.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",
    "sphinx_gallery.gen_gallery",
]
autosummary_generate = True
numpydoc_show_class_members = False
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
}
# No network at build time in CI: intersphinx is only used when asked for.
if not os.environ.get("SKCURRIC_DOCS_INTERSPHINX"):
    intersphinx_mapping = {}

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": "/plot_",
    # Each example prints its own versions and seeds; no per-example timing
    # table that would change at every build.
    "min_reported_time": 10_000,
    "write_computation_times": False,
    # Which examples use which object: the "Examples using ..." list on each
    # API page (written next to the autosummary pages, both build outputs).
    "doc_module": ("skcurric",),
    "backreferences_dir": "generated/backreferences",
}
# sphinx-gallery's own switch: False writes the gallery pages (code, text,
# cross-reference targets) without executing the examples.
plot_gallery = "False" if os.environ.get("SKCURRIC_DOCS_SKIP_GALLERY") else "True"

# ``.. plot::`` figures (pacing functions, self-paced weights) are drawn from
# skcurric itself at build time, so they cannot drift from the code.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"figure.figsize": (6, 4)}

html_theme = "pydata_sphinx_theme"
# The demo figures (python -m skcurric demo --out docs/_static/demo).
html_static_path = ["_static"]
html_title = f"skcurric {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
templates_path = ["_templates"]
exclude_patterns = ["_build"]


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Document skcurric's own methods only.

    Members inherited from scikit-learn (``get_params``, ``set_output``, the
    generated ``set_fit_request`` ...) are documented by scikit-learn, and
    their docstrings cross-reference labels of scikit-learn's own docs that
    do not exist here.
    """
    module = getattr(obj, "__module__", None)
    if what == "class" and module and not module.startswith("skcurric"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
