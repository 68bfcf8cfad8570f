"""The shared validation of difficulty scores, scorers and group labels."""

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator
from sklearn.preprocessing import StandardScaler

from skcurric import DifficultyScorer
from skcurric.datasets import make_curriculum_dataset
from skcurric.utils._validation import check_difficulty, encode_groups, fit_scorer


def test_check_difficulty_copies_and_allows_infinity():
    given = np.array([1.0, np.inf, -np.inf, 0.5])
    checked = check_difficulty(given, 4)
    assert_array_equal(checked, given)
    checked[0] = 7.0
    assert given[0] == 1.0  # a copy: the caller's array never changes
    assert check_difficulty([1, 2, 3], 3).dtype == np.float64


@pytest.mark.parametrize(
    "scores, match",
    [
        (np.arange(19.0), r"difficulty must be 1-D .*expected shape \(20,\), got"),
        (np.ones((20, 2)), r"expected shape \(20,\), got \(20, 2\)"),
        (np.r_[np.nan, np.nan, np.arange(18.0)], r"NaN at 2 position\(s\).*\[0, 1\]"),
        (["a"] * 20, "difficulty must be numeric"),
    ],
)
def test_check_difficulty_names_the_problem(scores, match):
    with pytest.raises(ValueError, match=match):
        check_difficulty(scores, 20)


class _NoScores(BaseEstimator):
    def fit(self, X, y):
        return self


def test_fit_scorer_clones_seeds_and_checks_scores_():
    X, y, _ = make_curriculum_dataset(60, random_state=0)
    scorer = DifficultyScorer("loss", cv=2)
    fitted, scores = fit_scorer(scorer, X, y, random_state=3)
    assert fitted is not scorer and not hasattr(scorer, "scores_")
    assert fitted.random_state is not None
    assert_array_equal(scores, fitted.scores_)
    again = fit_scorer(scorer, X, y, random_state=3)[1]
    assert_array_equal(again, scores)
    with pytest.raises(TypeError, match="_NoScores has no scores_ after fit"):
        fit_scorer(_NoScores(), X, y, random_state=0)
    with pytest.raises(TypeError, match="StandardScaler has no scores_ after fit"):
        fit_scorer(StandardScaler(), X, y, random_state=0)


def test_encode_groups():
    uniques, codes = encode_groups(np.array(["b", "a", "b", "c"]))
    assert uniques.tolist() == ["a", "b", "c"]
    assert codes.tolist() == [1, 0, 1, 2]
    with pytest.raises(ValueError, match="y has labels that cannot be compared"):
        encode_groups(np.array([1, "a", None], dtype=object), "y")
