"""skcurric: curriculum learning, self-paced learning and data pruning."""

from ._version import __version__
from .datasets import make_curriculum_dataset
from .scoring import DifficultyScorer, difficulty_agreement

__all__ = [
    "DifficultyScorer",
    "__version__",
    "difficulty_agreement",
    "make_curriculum_dataset",
]
