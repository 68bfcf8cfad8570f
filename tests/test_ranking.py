import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_array_equal

from skcurric.utils._ranking import rank_within_groups


def test_by_hand():
    groups = np.array([1, 0, 1, 0, 1])
    keys = np.array([0.5, 0.2, 0.1, 0.9, 0.5])
    order, rank = rank_within_groups(groups, keys)
    assert_array_equal(order, [1, 3, 2, 0, 4])  # ties (0.5) keep index order
    assert_array_equal(rank, [0, 1, 0, 1, 2])


@settings(max_examples=60, deadline=None)
@given(
    groups=arrays(np.int64, st.integers(1, 40), elements=st.integers(0, 4)),
    data=st.data(),
)
def test_ranks_count_up_within_each_group(groups, data):
    keys = data.draw(arrays(np.float64, groups.shape, elements=st.floats(-9, 9)))
    order, rank = rank_within_groups(groups, keys)
    assert sorted(order.tolist()) == list(range(groups.size))
    g, k = groups[order], keys[order]
    for code in np.unique(groups):
        in_group = g == code
        assert_array_equal(rank[in_group], np.arange(in_group.sum()))
        assert np.all(np.diff(k[in_group]) >= 0)
