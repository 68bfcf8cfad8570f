import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from skcurric.datasets import make_curriculum_dataset


def test_defaults_follow_the_recipe_draw_for_draw():
    X, y, difficulty = make_curriculum_dataset()
    rng = np.random.RandomState(42)
    first = rng.randn(100, 2) * 0.8 + [-2, 0]
    second = rng.randn(100, 2) * 0.8 + [2, 0]
    assert_allclose(X, np.vstack([first, second]))
    assert_array_equal(y, [0] * 100 + [1] * 100)
    inv = 1 / (np.abs(X[:, 0]) + 0.1)
    assert_allclose(difficulty, (inv - inv.min()) / (inv.max() - inv.min()))
    # the true split (the write-up printed 155 / 45)
    assert (difficulty < 0.3).sum() == 185 and (difficulty >= 0.3).sum() == 15


def test_label_noise_and_mask():
    X0, y0, d0 = make_curriculum_dataset(random_state=3)
    X, y, d, mask = make_curriculum_dataset(
        label_noise=0.25, random_state=3, return_noise_mask=True
    )
    assert mask.sum() == 50
    assert_allclose(X, X0)  # noise does not move the features
    assert_array_equal(y[mask], 1 - y0[mask])
    assert_array_equal(y[~mask], y0[~mask])
    # Halves round up, as select_indices does: 5% of 10 flips one label.
    for rate, flipped in [(0.05, 1), (0.25, 3), (0.04, 0)]:
        mask = make_curriculum_dataset(10, label_noise=rate, return_noise_mask=True)[3]
        assert mask.sum() == flipped


def test_odd_sizes_and_harder_settings():
    X, y, d = make_curriculum_dataset(7, cluster_std=2.0, center=0.5)
    assert X.shape == (7, 2) and (y == 0).sum() == 3 and (y == 1).sum() == 4
    assert d.min() == 0 and d.max() == 1


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_samples": 1}, "n_samples"),
        ({"label_noise": -0.1}, "label_noise"),
        ({"label_noise": 1.5}, "label_noise"),
        ({"cluster_std": 0}, "cluster_std"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_curriculum_dataset(**kwargs)
