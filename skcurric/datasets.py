"""Synthetic data with a known notion of difficulty."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["make_curriculum_dataset"]


@validate_params(
    {
        "n_samples": [Interval(Integral, 2, None, closed="left")],
        "cluster_std": [Interval(Real, 0, None, closed="neither")],
        "center": [Interval(Real, 0, None, closed="neither")],
        "label_noise": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
        "return_noise_mask": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def make_curriculum_dataset(
    n_samples=200,
    *,
    cluster_std=0.8,
    center=2.0,
    label_noise=0.0,
    random_state=42,
    return_noise_mask=False,
):
    """Two Gaussian clusters whose difficulty is the closeness to the boundary.

    Class 0 is drawn around ``(-center, 0)`` and class 1 around
    ``(+center, 0)``, both with standard deviation ``cluster_std``; the Bayes
    boundary is the line ``x0 = 0``. The difficulty of a point is the inverse
    of its distance to that line, min-max normalised:

    .. math::

        d_i = \\frac{1}{|x_{i0}| + 0.1}, \\qquad
        \\text{difficulty}_i = \\frac{d_i - \\min d}{\\max d - \\min d}
        \\in [0, 1].

    With the defaults this is the recipe of the write-up that started
    skcurric, draw for draw (``RandomState(42)``, class 0 then class 1). Its
    printed split "155 easy / 45 hard at difficulty < 0.3" is not what that
    recipe gives: the true split is **185 easy / 15 hard**, and the clusters
    are so far apart that every difficulty method and every curriculum looks
    the same on them. Use ``label_noise`` or a larger ``cluster_std`` (or a
    smaller ``center``) to make a data set on which order can matter.

    Parameters
    ----------
    n_samples : int, default=200
        Number of samples, at least 2. Class 0 gets ``n_samples // 2`` and
        class 1 the rest, so an odd count gives class 1 one extra sample.
    cluster_std : float, default=0.8
        Standard deviation of each cluster.
    center : float, default=2.0
        Distance of each cluster centre from the boundary.
    label_noise : float in [0, 1], default=0.0
        Fraction of labels flipped to the other class: exactly
        ``floor(label_noise * n_samples + 1/2)`` samples (halves round up,
        as in :func:`skcurric.select_indices`), chosen uniformly without
        replacement after the features are drawn (so the features do not
        depend on the noise). ``difficulty`` describes the features only.
    random_state : int, RandomState instance or None, default=42
        Seed. The default reproduces the write-up's data.
    return_noise_mask : bool, default=False
        Also return a boolean mask of the flipped labels.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) of int
        Labels, after label noise.
    difficulty : ndarray of shape (n_samples,)
        In [0, 1]; higher is harder.
    noise_mask : ndarray of shape (n_samples,) of bool
        Only with ``return_noise_mask=True``: which labels were flipped.

    Examples
    --------
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> X, y, difficulty = make_curriculum_dataset()
    >>> X.shape
    (200, 2)
    >>> int((difficulty < 0.3).sum()), int((difficulty >= 0.3).sum())
    (185, 15)
    >>> X, y, d, noisy = make_curriculum_dataset(
    ...     label_noise=0.2, return_noise_mask=True)
    >>> int(noisy.sum())
    40
    """
    rng = check_random_state(random_state)
    n0 = n_samples // 2
    n1 = n_samples - n0
    x0 = rng.randn(n0, 2) * cluster_std + np.array([-center, 0.0])
    x1 = rng.randn(n1, 2) * cluster_std + np.array([center, 0.0])
    X = np.vstack([x0, x1])
    y = np.concatenate([np.zeros(n0, dtype=int), np.ones(n1, dtype=int)])

    inv = 1.0 / (np.abs(X[:, 0]) + 0.1)
    span = inv.max() - inv.min()
    difficulty = (inv - inv.min()) / span if span > 0 else np.zeros(n_samples)

    noise_mask = np.zeros(n_samples, dtype=bool)
    n_noisy = int(np.floor(label_noise * n_samples + 0.5))
    if n_noisy:
        noise_mask[rng.choice(n_samples, size=n_noisy, replace=False)] = True
        y[noise_mask] = 1 - y[noise_mask]
    if return_noise_mask:
        return X, y, difficulty, noise_mask
    return X, y, difficulty
