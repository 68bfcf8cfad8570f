"""skcurric: curriculum learning, self-paced learning and data pruning for scikit-learn."""

from ._version import __version__

__all__ = ["__version__"]
