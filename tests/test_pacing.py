import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from skcurric.pacing import _KINDS, PACING_KINDS, pacing_fraction

# Hand-computed values at start b = 0.1 (ramp 1, p = 2, one step), s = 0.5.
E5, E10 = math.exp(5), math.exp(10)
REFERENCE_AT_HALF = {
    "linear": 0.1 + 0.9 * 0.5,  # 0.55
    "root": math.sqrt(0.01 + 0.99 * 0.5),  # sqrt(0.505) = 0.71063...
    "quadratic": 0.1 + 0.9 * 0.25,  # 0.325
    "step": 0.1,  # floor(0.5) = 0: still the start
    "exponential": 0.1 + 0.9 * (E5 - 1) / (E10 - 1),  # 0.10602...
    "logarithmic": 0.1 + 0.9 * (1 + 0.1 * math.log(0.5 + math.exp(-10))),  # 0.9376
    "geometric": 0.1 * 10**0.5,  # 0.31623
}


def test_kinds_are_the_documented_ones():
    assert set(PACING_KINDS) == set(REFERENCE_AT_HALF)


@pytest.mark.parametrize("kind", PACING_KINDS)
def test_hand_computed_reference_values(kind):
    assert pacing_fraction(0.5, kind, start=0.1) == pytest.approx(
        REFERENCE_AT_HALF[kind], rel=1e-12
    )
    assert pacing_fraction(0.0, kind, start=0.1) == pytest.approx(0.1, rel=1e-12)
    assert pacing_fraction(1.0, kind, start=0.1) == 1.0


def test_more_hand_computed_values():
    # root-p with p = 3, b = 0.5, s = 0.25: (0.125 + 0.875 / 4)^(1/3)
    assert pacing_fraction(0.25, "root", start=0.5, p=3) == pytest.approx(
        (0.125 + 0.875 / 4) ** (1 / 3)
    )
    # baby steps: 4 increments of (1 - b) / 4
    assert_allclose(
        pacing_fraction([0.0, 0.24, 0.25, 0.6, 0.99], "step", start=0.2, n_steps=4),
        [0.2, 0.2, 0.4, 0.6, 0.8],
    )
    # ramp: s = progress / ramp; linear at progress 0.4, ramp 0.8 -> s = 0.5
    assert pacing_fraction(0.4, "linear", start=0.2, ramp=0.8) == pytest.approx(0.6)
    # the root kind honours p (a peer library hard-codes the square root)
    assert pacing_fraction(0.5, "root", p=1) == pytest.approx(
        pacing_fraction(0.5, "linear")
    )
    assert pacing_fraction(0.5, "root", p=4) != pytest.approx(
        pacing_fraction(0.5, "root", p=2)
    )


def test_logarithmic_is_clipped_to_start_and_one():
    # Without the clip, 1 + 0.1 ln(s + e^-10) exceeds 1 near s = 1.
    s = np.linspace(0, 0.999, 50)
    out = pacing_fraction(s, "logarithmic", start=0.3)
    assert out.min() >= 0.3
    assert out.max() <= 1.0


def test_scalar_in_scalar_out_and_shapes_kept():
    assert isinstance(pacing_fraction(0.3), float)
    grid = np.zeros((2, 3))
    assert pacing_fraction(grid, "linear").shape == (2, 3)
    assert pacing_fraction([], "linear").shape == (0,)


def test_no_overflow_far_beyond_the_ramp():
    with np.errstate(all="raise"):
        assert pacing_fraction(1e6, "exponential") == 1.0
        assert_allclose(
            pacing_fraction([0.0, 500.0], "geometric", start=1e-3), [1e-3, 1]
        )


def test_start_one_admits_everything():
    for kind in PACING_KINDS:
        assert_allclose(pacing_fraction([0, 0.3, 2], kind, start=1.0), 1.0)


def test_callable_gets_ramped_progress_and_is_capped():
    seen = []

    def cubic(s):
        seen.append(np.array(s, copy=True))
        return s**3

    out = pacing_fraction([0.0, 0.25, 0.5, 3.0], cubic, ramp=0.5)
    assert_allclose(seen[0], [0.0, 0.5, 1.0, 1.0])
    assert_allclose(out, [0.0, 0.125, 1.0, 1.0])
    # a named kind bound with partial composes with the outer ramp
    baby = functools.partial(pacing_fraction, kind="step", start=0.2, n_steps=2)
    assert_allclose(pacing_fraction([0.2, 0.3], baby, ramp=0.5), [0.2, 0.6])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"kind": "sqrt"}, r"'kind' parameter .* str among .*'root'.*Got 'sqrt'"),
        ({"kind": 3}, r"'kind' parameter .* or a callable"),
        ({"start": 0.0}, r"'start' parameter .* range \(0.0, 1.0\]"),
        ({"start": 1.5}, r"'start' parameter .* range \(0.0, 1.0\]"),
        ({"start": float("nan")}, r"'start' parameter .* Got nan"),
        ({"ramp": 0}, r"'ramp' parameter .* range \(0.0, inf\)"),
        ({"ramp": -1.0}, "'ramp' parameter"),
        ({"ramp": float("inf")}, "'ramp' parameter"),
        ({"p": 0}, r"'p' parameter .* range \(0.0, inf\)"),
        ({"kind": "root", "p": -2}, "'p' parameter"),
        (
            {"kind": "step", "n_steps": 0},
            r"'n_steps' parameter .* int in the range \[1",
        ),
        ({"kind": "step", "n_steps": 1.5}, r"'n_steps' parameter .* int"),
    ],
)
def test_invalid_parameters_raise_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pacing_fraction(0.5, **kwargs)


@pytest.mark.parametrize(
    "progress, match",
    [
        (-0.1, "progress must be >= 0"),
        ([0.1, np.nan], "progress contains NaN"),
        (np.inf, "progress contains NaN or infinity"),
        ("half", "'progress' parameter .* Got 'half'"),
        (["half", "full"], "progress must be a number"),
    ],
)
def test_invalid_progress_raises(progress, match):
    with pytest.raises(ValueError, match=match):
        pacing_fraction(progress)


def test_none_progress_is_a_type_error():
    with pytest.raises(TypeError, match="'progress' parameter .* Got None"):
        pacing_fraction(None)


@pytest.mark.parametrize(
    "func, match",
    [
        (lambda s: s + 0.95, r"fractions in \[0, 1\]; got values"),
        (lambda s: -s, r"fractions in \[0, 1\]"),
        (lambda s: np.full(s.shape, np.nan), r"fractions in \[0, 1\]"),
        (lambda s: np.zeros(7), "returned shape"),
    ],
)
def test_bad_callable_output_raises(func, match):
    with pytest.raises(ValueError, match=match):
        pacing_fraction(np.array([0.1, 0.2]), func)


def test_callable_may_return_a_constant():
    assert_allclose(pacing_fraction([0.1, 0.2, 5.0], lambda s: 0.5), [0.5, 0.5, 1.0])


kinds = st.sampled_from(PACING_KINDS)
starts = st.floats(min_value=1e-3, max_value=1.0)
ramps = st.floats(min_value=0.05, max_value=3.0)
powers = st.floats(min_value=0.25, max_value=6.0)
steps = st.integers(min_value=1, max_value=12)


@settings(max_examples=150, deadline=None)
@given(kind=kinds, start=starts, ramp=ramps, p=powers, n_steps=steps)
def test_properties_of_every_kind(kind, start, ramp, p, n_steps):
    progress = np.concatenate([np.linspace(0.0, 1.5 * ramp, 97), [ramp, 10 * ramp]])
    progress.sort()
    out = pacing_fraction(progress, kind, start=start, ramp=ramp, p=p, n_steps=n_steps)
    # monotone non-decreasing, within [0, 1], b at 0, 1 from the ramp on
    assert np.all(np.diff(out) >= -1e-12)
    assert np.all((out >= 0) & (out <= 1))
    assert out[0] == pytest.approx(start, rel=1e-9)
    assert np.all(out[progress >= ramp] == 1.0)
    # and never below the start
    assert np.all(out >= start - 1e-12)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    s=st.floats(min_value=0.0, max_value=0.999),
    p=powers,
    n_steps=steps,
)
def test_properties_match_the_closed_forms(start, s, p, n_steps):
    b = start
    expected = {
        "linear": b + (1 - b) * s,
        "root": (b**p + (1 - b**p) * s) ** (1 / p),
        "quadratic": b + (1 - b) * s**2,
        "step": b + (1 - b) * math.floor(n_steps * s) / n_steps,
        "exponential": b + (1 - b) * (math.exp(10 * s) - 1) / (math.exp(10) - 1),
        "logarithmic": min(
            1.0, max(b, b + (1 - b) * (1 + 0.1 * math.log(s + math.exp(-10))))
        ),
        "geometric": b * (1 / b) ** s,
    }
    for kind, value in expected.items():
        got = pacing_fraction(s, kind, start=b, p=p, n_steps=n_steps)
        assert got == pytest.approx(min(value, 1.0), rel=1e-9, abs=1e-12), kind


@pytest.mark.parametrize("kind", PACING_KINDS)
def test_every_kind_is_documented_and_reads_only_its_parameters(kind):
    assert f'``"{kind}"``' in pacing_fraction.__doc__
    grid = np.linspace(0.0, 0.99, 23)
    base = pacing_fraction(grid, kind, start=0.2, p=2, n_steps=1)
    for name, other in (("p", {"p": 3}), ("n_steps", {"n_steps": 4})):
        changed = pacing_fraction(
            grid, kind, start=0.2, **{"p": 2, "n_steps": 1, **other}
        )
        # A parameter a kind declares changes it; any other is ignored.
        assert (not np.array_equal(base, changed)) == (name in _KINDS[kind].uses)
