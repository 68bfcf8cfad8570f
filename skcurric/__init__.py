"""skcurric: curriculum learning, self-paced learning and data pruning."""

from ._version import __version__
from .curriculum import CurriculumSGDClassifier
from .datasets import make_curriculum_dataset
from .pruning import ForgettingPruner, PrunedClassifier, select_indices
from .scoring import DifficultyScorer, difficulty_agreement
from .self_paced import SelfPacedClassifier, self_paced_weights
from .self_paced_cv import SelfPacedClassifierCV

__all__ = [
    "CurriculumSGDClassifier",
    "DifficultyScorer",
    "ForgettingPruner",
    "PrunedClassifier",
    "SelfPacedClassifier",
    "SelfPacedClassifierCV",
    "__version__",
    "difficulty_agreement",
    "make_curriculum_dataset",
    "select_indices",
    "self_paced_weights",
]
