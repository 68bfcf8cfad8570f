"""Ranking within groups, vectorised: shared by self-paced pacing and pruning."""

import numpy as np

__all__ = ["rank_within_groups"]


def rank_within_groups(groups, *keys):
    """Sort by ``(groups, *keys)`` and rank every element within its group.

    ``keys`` go from most to least significant, all ascending; remaining ties
    keep index order (``np.lexsort`` is stable). One lexsort, no loop over
    samples or groups.

    Returns
    -------
    order : ndarray of int
        Indices that sort by group, then by the keys.
    rank : ndarray of int
        ``rank[i]`` is the 0-based rank of ``order[i]`` within its group.
    """
    groups = np.asarray(groups)
    order = np.lexsort((*keys[::-1], groups))
    g_sorted = groups[order]
    rank = np.arange(order.size) - np.searchsorted(g_sorted, g_sorted, side="left")
    return order, rank
