import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal

from skcurric._dynamics import TrainingDynamics


def _run(correct, margin=None, p_true=None):
    correct = np.asarray(correct, dtype=bool)
    T, n = correct.shape
    margin = np.zeros((T, n)) if margin is None else np.asarray(margin, float)
    p_true = np.full((T, n), 0.5) if p_true is None else np.asarray(p_true, float)
    dyn = TrainingDynamics(n)
    for t in range(T):
        dyn.update({"correct": correct[t], "margin": margin[t], "p_true": p_true[t]})
    return dyn


# columns: always right, flip-flop, never right, learned late, forgotten once
CORRECT = np.array(
    [
        [1, 1, 0, 0, 1],
        [1, 0, 0, 1, 0],
        [1, 1, 0, 1, 1],
        [1, 0, 0, 1, 1],
    ]
)


def test_forgetting_and_learned_epoch_by_hand():
    dyn = _run(CORRECT)
    stats = dyn.statistics("max")
    assert_array_equal(stats["forgetting"], [0, 2, 4, 0, 1])
    assert_array_equal(stats["learned_epoch"], [1, 5, 5, 2, 3])
    assert_array_equal(dyn.unforgettable, [True, False, False, True, False])
    stats = dyn.statistics("inf")
    assert_array_equal(stats["forgetting"], [0, 2, np.inf, 0, 1])
    assert_array_equal(stats["learned_epoch"], [1, np.inf, np.inf, 2, 3])
    assert_allclose(stats["correctness"], [1, 0.5, 0, 0.75, 0.75])


def test_aum_and_cartography_by_hand():
    margin = np.array([[1.0, -2.0], [3.0, 0.0]])
    p = np.array([[0.9, 0.2], [0.7, 0.6]])
    dyn = _run(np.ones((2, 2)), margin, p)
    s = dyn.statistics()
    assert_allclose(s["aum"], [2.0, -1.0])
    assert_allclose(s["confidence"], [0.8, 0.4])
    assert_allclose(s["variability"], [0.1, 0.2])
    assert_allclose(dyn.difficulty("aum"), [-2.0, 1.0])
    assert_allclose(dyn.difficulty("confidence"), [0.2, 0.6])


@settings(max_examples=50, deadline=None)
@given(
    correct=arrays(np.bool_, st.tuples(st.integers(1, 12), st.integers(1, 6))),
    data=st.data(),
)
def test_properties(correct, data):
    T, n = correct.shape
    p = data.draw(arrays(np.float64, (T, n), elements=st.floats(0, 1)))
    dyn = _run(correct, p_true=p)
    f = dyn.statistics()["forgetting"]
    assert np.all(f == np.round(f)) and np.all((f >= 0) & (f <= T))
    learned = dyn.statistics()["learned_epoch"]
    assert np.all((learned >= 1) & (learned <= T + 1))
    assert_allclose(dyn.statistics()["variability"], p.std(axis=0), atol=1e-12)
    assert_allclose(dyn.statistics()["confidence"], p.mean(axis=0), atol=1e-12)
    # an example right at every epoch is unforgettable and learned at epoch 1
    always = correct.all(axis=0)
    assert np.all(dyn.unforgettable[always]) and np.all(learned[always] == 1)


def test_an_unknown_statistic_is_an_error_not_a_fallback():
    import pytest

    dyn = _run(CORRECT)
    with pytest.raises(ValueError, match="Unknown training-dynamics statistic"):
        dyn.difficulty("correctness")
