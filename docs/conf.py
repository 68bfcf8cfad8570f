"""Sphinx configuration for skcurric's documentation."""

import os

import skcurric

project = "skcurric"
author = "skcurric developers"
release = skcurric.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
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

# The example gallery runs the examples; SKCURRIC_DOCS_SKIP_GALLERY=1 skips it.
if not os.environ.get("SKCURRIC_DOCS_SKIP_GALLERY"):
    extensions.append("sphinx_gallery.gen_gallery")
    sphinx_gallery_conf = {
        "examples_dirs": "../examples",
        "gallery_dirs": "auto_examples",
        "filename_pattern": "/plot_",
    }

html_theme = "pydata_sphinx_theme"
templates_path = []
exclude_patterns = ["_build"]
