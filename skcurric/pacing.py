"""Pacing functions: which fraction of the difficulty-ranked data is admitted.

A competence curriculum sorts the training set from easy to hard and, at
training progress ``t / T``, lets the learner see only the easiest fraction
``c(t / T)`` of it. This module holds the pacing functions ``c``: pure,
vectorised, with no estimator state, so they can be plotted, tested and reused
(:class:`~skcurric.CurriculumSGDClassifier` calls them once per epoch for all
of its minibatch steps).

All kinds share one parametrisation (Platanios et al. 2019; Wu, Dyer and
Neyshabur 2021): with ``s = progress / ramp`` and ``b = start``, the fraction
is ``b`` at ``s = 0``, grows monotonically, and is capped at 1 for ``s >= 1``.
"""

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["PACING_KINDS", "pacing_fraction"]

# exp(10 s) growth and ln(s + e^-10) in Wu et al. (2021) use this constant.
_WU_RATE = 10.0


@dataclass(frozen=True)
class _PacingKind:
    """One pacing kind: its fraction below the cap and the parameters it reads.

    ``fraction(s, b, p, n_steps)`` is the uncapped fraction at ``s`` in
    [0, 1) for the start ``b``; ``uses`` names the parameters among ``p`` and
    ``n_steps`` that it reads (the others are ignored).
    """

    fraction: object
    uses: tuple = ()


def _linear(s, b, p, n_steps):
    return b + (1.0 - b) * s


def _root(s, b, p, n_steps):
    bp = b**p
    return (bp + (1.0 - bp) * s) ** (1.0 / p)


def _quadratic(s, b, p, n_steps):
    return b + (1.0 - b) * s**2


def _step(s, b, p, n_steps):
    return b + (1.0 - b) * np.floor(n_steps * s) / n_steps


def _exponential(s, b, p, n_steps):
    return b + (1.0 - b) * np.expm1(_WU_RATE * s) / np.expm1(_WU_RATE)


def _logarithmic(s, b, p, n_steps):
    raw = b + (1.0 - b) * (1.0 + np.log(s + np.exp(-_WU_RATE)) / _WU_RATE)
    return np.clip(raw, b, 1.0)


def _geometric(s, b, p, n_steps):
    # b (1 / b)^s, computed in log space (exact at s = 0 and s = 1)
    return np.exp((1.0 - s) * np.log(b))


# The registry: a new kind is one entry here (and its formula in the
# docstring of pacing_fraction, which a test checks).
_KINDS = {
    "linear": _PacingKind(_linear),
    "root": _PacingKind(_root, uses=("p",)),
    "quadratic": _PacingKind(_quadratic),
    "step": _PacingKind(_step, uses=("n_steps",)),
    "exponential": _PacingKind(_exponential),
    "logarithmic": _PacingKind(_logarithmic),
    "geometric": _PacingKind(_geometric),
}

#: Names of the built-in pacing kinds.
PACING_KINDS = tuple(_KINDS)


def _check_progress(progress):
    scalar = np.ndim(progress) == 0
    try:
        arr = np.asarray(progress, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"progress must be a number or an array of numbers, got {progress!r}."
        ) from exc
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError("progress contains NaN or infinity; it must be finite.")
    if arr.size and arr.min() < 0:
        raise ValueError(
            f"progress must be >= 0 (it is t / T), got a minimum of {arr.min()!r}."
        )
    return arr, scalar


@validate_params(
    {
        "progress": ["array-like", Real],
        "kind": [StrOptions(set(PACING_KINDS)), callable],
        "start": [Interval(Real, 0, 1, closed="right")],
        "ramp": [Interval(Real, 0, None, closed="neither")],
        "p": [Interval(Real, 0, None, closed="neither")],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def pacing_fraction(progress, kind="root", *, start=0.1, ramp=1.0, p=2, n_steps=1):
    r"""Fraction of the ranked training data admitted at a given training progress.

    With :math:`s = \mathrm{progress} / \mathrm{ramp}` and :math:`b` =
    ``start``, every kind equals :math:`b` at :math:`s = 0`, is non-decreasing,
    and is capped at 1 for :math:`s \ge 1`:

    ``"linear"``
        :math:`b + (1 - b) s` (Platanios et al. 2019; Wu et al. 2021).
    ``"root"``
        :math:`(b^p + (1 - b^p) s)^{1/p}`, the root-p competence of Platanios
        et al. (2019); ``p = 2`` is their square-root competence.
    ``"quadratic"``
        :math:`b + (1 - b) s^2` (Wu et al. 2021).
    ``"step"``
        :math:`b + (1 - b) \lfloor n s \rfloor / n` with ``n = n_steps``:
        "baby steps"; ``n_steps = 1`` is Wu et al.'s step (``b`` until the
        ramp ends, then everything).
    ``"exponential"``
        :math:`b + (1 - b) (e^{10 s} - 1) / (e^{10} - 1)` (Wu et al. 2021).
    ``"logarithmic"``
        :math:`b + (1 - b) (1 + 0.1 \ln(s + e^{-10}))`, clipped to
        :math:`[b, 1]` (Wu et al. 2021).
    ``"geometric"``
        :math:`b (1 / b)^s`: exponential growth from ``b`` to 1, Hacohen and
        Weinshall's (2019) fixed exponential pacing without its steps.
    callable
        ``kind(s)`` for ``s = min(progress / ramp, 1)`` (an array), returning
        fractions in [0, 1]; the result is set to 1 where ``s >= 1``.
        ``start``, ``p`` and ``n_steps`` belong to the named kinds and are
        not passed to it (bind them yourself, e.g. with
        :func:`functools.partial`).

    Parameters
    ----------
    progress : float or array-like of float
        Training progress ``t / T`` (step over step budget), any value >= 0.
    kind : str or callable, default="root"
        One of :data:`PACING_KINDS`, or a callable (see above).
    start : float in (0, 1], default=0.1
        Fraction admitted at progress 0 (:math:`b`; Platanios et al.'s
        :math:`c_0`).
    ramp : float > 0, default=1.0
        Progress at which everything is admitted (Wu et al.'s :math:`a`).
    p : float > 0, default=2
        Root of the ``"root"`` kind.
    n_steps : int >= 1, default=1
        Number of increments of the ``"step"`` kind.

    Returns
    -------
    fraction : float or ndarray of float
        In ``[0, 1]``; a float for scalar ``progress``, else an array of the
        same shape.

    Raises
    ------
    ValueError
        For an unknown ``kind``, ``start`` outside (0, 1], ``ramp`` not in
        (0, inf), ``p <= 0``, ``n_steps`` not an integer >= 1 (scikit-learn's
        ``InvalidParameterError``, also a TypeError), negative or non-finite
        ``progress``, or a callable returning values outside [0, 1] or of the
        wrong shape.

    References
    ----------
    E. A. Platanios, O. Stretcu, G. Neubig, B. Poczos, T. Mitchell.
    "Competence-based Curriculum Learning for Neural Machine Translation",
    NAACL 2019.

    X. Wu, E. Dyer, B. Neyshabur. "When Do Curricula Work?", ICLR 2021.

    G. Hacohen, D. Weinshall. "On The Power of Curriculum Learning in Training
    Deep Networks", ICML 2019.

    Examples
    --------
    >>> from skcurric.pacing import pacing_fraction
    >>> round(pacing_fraction(0.5, "linear", start=0.1), 4)
    0.55
    >>> round(pacing_fraction(0.5, "root", start=0.1, p=2), 4)  # sqrt(0.505)
    0.7106
    >>> pacing_fraction([0.0, 0.5, 0.8, 2.0], "step", start=0.2, ramp=0.8)
    array([0.2, 0.2, 1. , 1. ])
    """
    arr, scalar = _check_progress(progress)
    start, ramp = float(start), float(ramp)
    if callable(kind):
        out = _call_pacing(kind, np.minimum(arr / ramp, 1.0), arr.shape)
        out[arr / ramp >= 1.0] = 1.0
        return float(out) if scalar else out
    s = arr / ramp
    done = s >= 1.0
    # Evaluate below the cap only, so exp(10 s) never overflows for large s.
    fraction = _KINDS[kind].fraction(np.where(done, 0.0, s), start, float(p), n_steps)
    out = np.where(done, 1.0, fraction)
    # Floating error must not push a fraction past 1 (e.g. root-p near s = 1).
    out = np.minimum(out, 1.0)
    return float(out) if scalar else out


def _call_pacing(func, s, shape):
    out = np.array(func(s), dtype=np.float64)
    if out.shape != shape:
        out = np.broadcast_to(out, shape).copy() if out.ndim == 0 else out
    if out.shape != shape:
        raise ValueError(
            f"The pacing callable returned shape {out.shape} for progress of "
            f"shape {shape}; it must return one fraction per progress value."
        )
    if out.size and not np.all(np.isfinite(out)):
        raise ValueError(
            "The pacing callable must return fractions in [0, 1]; it returned "
            "NaN or infinity."
        )
    if out.size and (out.min() < 0 or out.max() > 1):
        raise ValueError(
            "The pacing callable must return fractions in [0, 1]; got values in "
            f"[{float(out.min())}, {float(out.max())}]."
        )
    return out
