"""Confident learning: the confident joint and pruning by noise rate."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skcurric._confident import confident_joint, prune_by_noise_rate


def _draw(seed, n, n_classes):
    """Labels with every class present, and random out-of-fold probabilities."""
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.arange(n_classes), rng.integers(0, n_classes, n)])
    proba = rng.dirichlet(np.ones(n_classes), size=y.size)
    return y, proba


_CASES = st.tuples(st.integers(0, 10**6), st.integers(0, 60), st.integers(2, 6))


@settings(max_examples=100, deadline=None)
@given(_CASES)
def test_each_row_of_the_joint_counts_the_rows_given_that_class(case):
    y, proba = _draw(*case)
    joint = confident_joint(y, proba)
    counts = np.bincount(y, minlength=proba.shape[1])
    assert (joint >= 0).all()
    # A class whose rows are all below every threshold has an empty row.
    sums = joint.sum(axis=1)
    assert np.allclose(sums[sums > 0], counts[sums > 0])


@settings(max_examples=100, deadline=None)
@given(_CASES)
def test_pruning_drops_at_most_the_joint_off_diagonal_and_keeps_each_class(case):
    y, proba = _draw(*case)
    keep = prune_by_noise_rate(y, proba)
    joint = confident_joint(y, proba)
    assert keep.shape == y.shape and keep.dtype == bool
    for k in range(proba.shape[1]):
        dropped = np.count_nonzero(~keep[y == k])
        cap = sum(round(joint[k, j]) for j in range(proba.shape[1]) if j != k)
        assert dropped <= cap
        assert keep[y == k].any()  # the learner still sees every class


@settings(max_examples=50, deadline=None)
@given(_CASES)
def test_pruning_follows_the_rows_when_they_are_shuffled(case):
    y, proba = _draw(*case)
    order = np.random.default_rng(case[0] + 1).permutation(y.size)
    keep = prune_by_noise_rate(y, proba)
    # Random probabilities have no ties, so the order of the rows is moot.
    np.testing.assert_array_equal(
        prune_by_noise_rate(y[order], proba[order]), keep[order]
    )


def test_probabilities_that_agree_with_every_label_prune_nothing():
    y = np.repeat([0, 1, 2], 5)
    proba = np.full((y.size, 3), 0.05)
    proba[np.arange(y.size), y] = 0.9
    assert prune_by_noise_rate(y, proba).all()
    assert np.allclose(confident_joint(y, proba), np.diag([5, 5, 5]))


def test_rows_confidently_of_another_class_are_pruned():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 20)
    proba = np.full((y.size, 3), 0.05)
    proba[np.arange(y.size), y] = 0.9
    wrong = rng.choice(y.size, 6, replace=False)
    proba[wrong] = 0.05
    proba[wrong, (y[wrong] + 1) % 3] = 0.9  # the model says k + 1
    keep = prune_by_noise_rate(y, proba)
    np.testing.assert_array_equal(np.flatnonzero(~keep), np.sort(wrong))
