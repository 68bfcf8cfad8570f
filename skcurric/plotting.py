"""Plots of what skcurric's estimators did: pace, selection, data maps, pruning.

matplotlib is an optional dependency (``pip install matplotlib``, or
``pip install ".[examples]"`` from the root of a skcurric checkout).
It is imported inside each function, so ``import skcurric.plotting`` works
without it and only a call needs it. Every function returns the matplotlib
Figure (several panels) or Axes (one panel) it drew on, so that it can be
adjusted or saved.
"""

import copy
from collections.abc import Mapping
from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.utils.validation import _num_samples

__all__ = [
    "animate_selection",
    "plot_data_map",
    "plot_history",
    "plot_pacing",
    "plot_prune_curve",
    "plot_selection",
]

_INSTALL_HINT = (
    "pip install matplotlib (or, from the root of a skcurric checkout, "
    'pip install ".[examples]")'
)


def _pyplot():
    """matplotlib.pyplot, or an ImportError that says what to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "skcurric.plotting needs matplotlib, which is not installed. Install "
            f"it with: {_INSTALL_HINT}"
        ) from exc
    return plt


def _new_axes(ax, figsize):
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# ---------------------------------------------------------------------------
# plot_history
# ---------------------------------------------------------------------------


def _history_rows(estimator_or_history):
    history = getattr(estimator_or_history, "history_", estimator_or_history)
    if hasattr(history, "to_dict"):  # a pandas DataFrame
        history = history.to_dict("records")
    if isinstance(history, Mapping) or not hasattr(history, "__iter__"):
        raise TypeError(
            "plot_history expects a fitted estimator with history_ or a list of "
            f"per-epoch dicts; got {type(estimator_or_history).__name__}."
        )
    rows = list(history)
    if not rows or not all(isinstance(r, Mapping) for r in rows):
        raise ValueError(
            "plot_history needs a non-empty history: one dict per epoch (a "
            "DifficultyScorer's history_ is one list per repeat; pass one of them)."
        )
    return rows


def _column(rows, key):
    """Per-epoch values of ``key`` as a 2-D float array (epochs, values)."""
    values = [np.atleast_1d(np.asarray(r.get(key, np.nan), dtype=float)) for r in rows]
    width = max(v.size for v in values)
    return np.vstack(
        [np.broadcast_to(v, (width,)) if v.size == 1 else v for v in values]
    )


def plot_history(estimator_or_history, *, n_samples=None, figsize=None):
    """Pace, selected fraction and training accuracy per epoch.

    Reads the ``history_`` of :class:`~skcurric.SelfPacedClassifier` (the pace
    :math:`\\lambda`, per class when it is an array; the fraction of each
    class selected; the training accuracy of the model that made the
    selection) or of :class:`~skcurric.CurriculumSGDClassifier` (the
    competence :math:`c(t)`; the admitted pool as a fraction of the training
    set; the training accuracy after the epoch). One panel per quantity the
    history holds.

    Parameters
    ----------
    estimator_or_history : estimator with ``history_``, list of dict or DataFrame
        A fitted estimator, or its ``history_`` (one row per epoch).
    n_samples : int, default=None
        Training set size, to turn a curriculum's ``pool_size`` into a
        fraction when only a history is given (taken from the estimator's
        ``difficulty_`` otherwise). Without it the pool size is plotted as a
        count.
    figsize : tuple of float, default=None
        Figure size; ``(4 * n_panels, 3.2)`` by default.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One Axes per panel, in ``fig.axes``.

    Raises
    ------
    ValueError
        When the history holds none of the known columns (``lambda``,
        ``competence``, ``fraction_selected``, ``pool_size``, ``accuracy``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skcurric import SelfPacedClassifier
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> from skcurric.plotting import plot_history
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> clf = SelfPacedClassifier(lambda_init=0.5, random_state=0).fit(X, y)
    >>> fig = plot_history(clf)
    >>> [ax.get_title() for ax in fig.axes]
    ['pace λ', 'selected fraction', 'training accuracy']
    """
    rows = _history_rows(estimator_or_history)
    epochs = np.array([r.get("epoch", i + 1) for i, r in enumerate(rows)])
    panels = []
    if any("lambda" in r for r in rows):
        panels.append(("pace λ", _column(rows, "lambda"), "λ (NaN: warm-up)"))
    elif any("competence" in r for r in rows):
        panels.append(("competence c(t)", _column(rows, "competence"), "c(t)"))
    if any("fraction_selected" in r for r in rows):
        panels.append(
            ("selected fraction", _column(rows, "fraction_selected"), "per class")
        )
    elif any("pool_size" in r for r in rows):
        pool = _column(rows, "pool_size")
        difficulty = getattr(estimator_or_history, "difficulty_", None)
        n = n_samples if n_samples is not None else getattr(difficulty, "size", None)
        if n:
            panels.append(("selected fraction", pool / n, "pool / n"))
        else:
            panels.append(("pool size", pool, "examples admitted"))
    if any("accuracy" in r for r in rows):
        panels.append(("training accuracy", _column(rows, "accuracy"), "accuracy"))
    if not panels:
        raise ValueError(
            "The history holds none of the columns plot_history draws (lambda, "
            f"competence, fraction_selected, pool_size, accuracy); it has "
            f"{sorted(rows[0])}."
        )
    plt = _pyplot()
    fig, axes = plt.subplots(
        1, len(panels), figsize=figsize or (4 * len(panels), 3.2), squeeze=False
    )
    for ax, (title, values, ylabel) in zip(axes[0], panels, strict=True):
        many = values.shape[1] > 1
        for j in range(values.shape[1]):
            ax.plot(
                epochs,
                values[:, j],
                marker="o",
                ms=3,
                label=f"class {j}" if many else None,
            )
        if many:
            ax.legend(fontsize="small")
        ax.set_title(title)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Self-paced selection: small multiples and an animation
# ---------------------------------------------------------------------------


def _check_points(X2d, y, X):
    X2d = np.asarray(X2d, dtype=float)
    if X2d.ndim != 2 or X2d.shape[1] != 2:
        raise ValueError(f"X2d must have shape (n_samples, 2); got {X2d.shape}.")
    y = np.asarray(y)
    if y.shape != (X2d.shape[0],):
        raise ValueError(
            f"y must have one label per row of X2d ({X2d.shape[0]}); got shape "
            f"{y.shape}."
        )
    if X is not None and _num_samples(X) != X2d.shape[0]:
        raise ValueError(
            f"X and X2d must have the same rows; got {_num_samples(X)} and "
            f"{X2d.shape[0]}."
        )
    return X2d, y


def _selection_path(estimator, X, y, n_epochs, keep):
    """Train a clone one epoch per ``partial_fit`` call on all of ``X, y``.

    For a self-paced learner each call scores the whole set with the current
    model, selects under the pace, trains one epoch and anneals the pace:
    with a float ``lambda_init`` exactly the epochs of ``fit`` with
    ``tol=None`` (same selections and coefficients, checked in the tests).
    Returns one frame per epoch; a copy of the model only for epochs in
    ``keep``.
    """
    if not hasattr(estimator, "partial_fit"):
        raise TypeError(
            "The estimator must have partial_fit (e.g. SelfPacedClassifier); got "
            f"{type(estimator).__name__}."
        )
    model = clone(estimator)
    classes = np.unique(y)
    frames = []
    for epoch in range(1, n_epochs + 1):
        model.partial_fit(X, y, classes=classes)
        selected = getattr(model, "selected_", None)
        if selected is None:
            raise TypeError(
                f"{type(estimator).__name__} does not record which examples an "
                "epoch selected (selected_); use SelfPacedClassifier."
            )
        row = model.history_[-1] if getattr(model, "history_", None) else {}
        frames.append(
            {
                "epoch": epoch,
                "selected": np.asarray(selected, dtype=bool).copy(),
                "lambda": row.get("lambda", np.nan),
                "phase": row.get("phase", ""),
                "fallback": bool(row.get("fallback", False)),
                "accuracy": float(model.score(X, y)),
                "model": copy.deepcopy(model) if epoch in keep else None,
            }
        )
    return frames


def _format_lambda(lam):
    lam = np.atleast_1d(np.asarray(lam, dtype=float))
    if np.all(np.isnan(lam)):
        return "λ –"
    return "λ " + "/".join(f"{v:.2g}" for v in lam)


def _frame_title(frame, n):
    # A cold start trains on the easiest examples although none is under the
    # pace: say so, or the panel would contradict its lambda.
    cold = " (cold start)" if frame["fallback"] else ""
    return (
        f"epoch {frame['epoch']}: {_format_lambda(frame['lambda'])}{cold}\n"
        f"{int(frame['selected'].sum())}/{n} selected, train acc "
        f"{frame['accuracy']:.2f}"
    )


def _grid(X2d, resolution=150):
    pad = 0.5
    lo, hi = X2d.min(axis=0) - pad, X2d.max(axis=0) + pad
    xx, yy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    return xx, yy


def _draw_regions(ax, model, xx, yy, classes, cmap):
    """Predicted class over the plane, faint, behind the points."""
    pred = model.predict(np.c_[xx.ravel(), yy.ravel()])
    codes = np.searchsorted(classes, pred).reshape(xx.shape)
    return ax.contourf(
        xx,
        yy,
        codes,
        levels=np.arange(classes.size + 1) - 0.5,
        cmap=cmap,
        vmin=0,
        vmax=max(classes.size - 1, 1),
        alpha=0.15,
    )


def _class_cmap(n_classes):
    from matplotlib.colors import ListedColormap

    plt = _pyplot()
    return ListedColormap(plt.get_cmap("tab10").colors[: max(n_classes, 2)])


def _check_epochs(epochs):
    epochs = [epochs] if isinstance(epochs, Integral) else list(epochs)
    if not epochs or any(
        isinstance(e, bool) or not isinstance(e, Integral) or e < 1 for e in epochs
    ):
        raise ValueError(
            f"epochs must be positive integers (1 = after the first epoch); got "
            f"{epochs!r}."
        )
    return sorted({int(e) for e in epochs})


def plot_selection(
    X2d,
    y,
    estimator,
    epochs=(1, 3, 6, 10),
    *,
    X=None,
    regions=None,
    ncols=4,
    figsize=None,
):
    """Small multiples of a self-paced learner's selection, epoch by epoch.

    A clone of ``estimator`` (e.g. :class:`~skcurric.SelfPacedClassifier`)
    is trained one epoch per ``partial_fit`` call on the whole data set, so
    every epoch's selection (``selected_``) can be seen; with a float
    ``lambda_init`` these are exactly the epochs ``fit`` runs with
    ``tol=None``. Each panel shows the points coloured by class, the examples
    the epoch trained on large and the others small, and in its title the
    pace :math:`\\lambda` (one value per class with a per-class pace; "cold
    start" when no example was under it and the easiest ones trained), the
    number selected and the training accuracy after the epoch. This is the
    self-paced demo of the write-up that started skcurric (Kumar, Packer and
    Koller 2010: easy examples first, harder ones as :math:`\\lambda` grows).

    Parameters
    ----------
    X2d : array-like of shape (n_samples, 2)
        Where to draw each example.
    y : array-like of shape (n_samples,)
        Labels (as trained on).
    estimator : classifier with partial_fit and ``selected_``
        Unfitted template; cloned, never fitted in place.
    epochs : int or sequence of int, default=(1, 3, 6, 10)
        Epochs to show (1 = the first epoch).
    X : array-like of shape (n_samples, n_features), default=None
        Training features, when the model learns from more than the two
        plotted coordinates; ``X2d`` by default.
    regions : bool, default=None
        Shade the predicted class over the plane (only possible when training
        on ``X2d``); by default, whenever ``X`` is None.
    ncols : int, default=4
        Panels per row.
    figsize : tuple of float, default=None
        Figure size; 3.2 inches per panel by default.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One Axes per epoch in ``fig.axes``, each with two scatter collections
        (unselected, then selected).

    References
    ----------
    M. P. Kumar, B. Packer, D. Koller. "Self-Paced Learning for Latent
    Variable Models". NeurIPS 2010.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skcurric import SelfPacedClassifier
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> from skcurric.plotting import plot_selection
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> spl = SelfPacedClassifier(lambda_init=0.5, mu=1.3, random_state=0)
    >>> fig = plot_selection(X, y, spl, epochs=[1, 5])
    >>> len(fig.axes)
    2
    >>> fig.axes[0].get_title().splitlines()[1]
    '100/200 selected, train acc 0.88'
    """
    X2d, y = _check_points(X2d, y, X)
    if regions and X is not None:
        raise ValueError("regions=True needs the model to be trained on X2d (X=None).")
    regions = X is None if regions is None else regions
    epochs = _check_epochs(epochs)
    frames = _selection_path(
        estimator, X2d if X is None else X, y, epochs[-1], keep=set(epochs)
    )
    classes, codes = np.unique(y, return_inverse=True)
    cmap = _class_cmap(classes.size)
    plt = _pyplot()
    ncols = max(1, min(ncols, len(epochs)))
    nrows = -(-len(epochs) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=figsize or (3.2 * ncols, 3.2 * nrows),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    grid = _grid(X2d) if regions else None
    for ax, epoch in zip(axes.ravel(), epochs, strict=False):
        frame = frames[epoch - 1]
        if regions:
            _draw_regions(ax, frame["model"], *grid, classes, cmap)
        sel = frame["selected"]
        style = {"c": codes, "cmap": cmap, "vmin": 0, "vmax": max(classes.size - 1, 1)}
        ax.scatter(X2d[~sel, 0], X2d[~sel, 1], s=6, alpha=0.5, **_masked(style, ~sel))
        ax.scatter(
            X2d[sel, 0],
            X2d[sel, 1],
            s=30,
            edgecolors="k",
            linewidths=0.4,
            **_masked(style, sel),
        )
        ax.set_title(_frame_title(frame, y.size), fontsize="small")
    for ax in axes.ravel()[len(epochs) :]:
        ax.remove()
    fig.tight_layout()
    return fig


def _masked(style, mask):
    return {**style, "c": style["c"][mask]}


def animate_selection(
    X2d,
    y,
    estimator,
    n_epochs=10,
    *,
    path=None,
    X=None,
    regions=None,
    fps=2,
    figsize=(5, 4.5),
):
    """Animate a self-paced learner's selection: a GIF or an HTML player.

    The frames are those of :func:`plot_selection` for epochs ``1`` to
    ``n_epochs``, drawn on one Axes: selected examples large, the others
    small, the pace, the number selected and the training accuracy in the
    title. Written as an animated GIF (matplotlib's ``PillowWriter``) when
    ``path`` ends in ``.gif``, or as a self-contained HTML page with play,
    pause and scrub controls (matplotlib's ``Animation.to_jshtml``) when it
    ends in ``.html``: the closest thing to the write-up's click-to-train
    demo.

    Parameters
    ----------
    X2d : array-like of shape (n_samples, 2)
        Where to draw each example.
    y : array-like of shape (n_samples,)
        Labels (as trained on).
    estimator : classifier with partial_fit and ``selected_``
        Unfitted template; cloned, never fitted in place.
    n_epochs : int >= 1, default=10
        Number of epochs, one frame each.
    path : str or path-like, default=None
        File to write (``.gif`` or ``.html``); nothing is written if None.
    X : array-like of shape (n_samples, n_features), default=None
        Training features, as in :func:`plot_selection`; ``X2d`` by default.
    regions : bool, default=None
        Shade the predicted class over the plane, as in
        :func:`plot_selection`; by default, whenever ``X`` is None.
    fps : float, default=2
        Frames per second.
    figsize : tuple of float, default=(5, 4.5)
        Figure size.

    Returns
    -------
    anim : matplotlib.animation.FuncAnimation
        The animation (``anim.to_jshtml()`` displays it in a notebook).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import tempfile, pathlib
    >>> from skcurric import SelfPacedClassifier
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> from skcurric.plotting import animate_selection
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> spl = SelfPacedClassifier(lambda_init=0.5, random_state=0)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     gif = pathlib.Path(tmp) / "spl.gif"
    ...     anim = animate_selection(X, y, spl, n_epochs=3, path=gif)
    ...     gif.read_bytes()[:6]
    b'GIF89a'
    """
    plt = _pyplot()
    from matplotlib.animation import FuncAnimation, PillowWriter

    if isinstance(n_epochs, bool) or not isinstance(n_epochs, Integral) or n_epochs < 1:
        raise ValueError(f"n_epochs must be an integer >= 1; got {n_epochs!r}.")
    kind = None
    if path is not None:
        kind = str(path).lower().rsplit(".", 1)[-1]
        if kind not in ("gif", "html"):
            raise ValueError(f"path must end in .gif or .html; got {str(path)!r}.")
    X2d, y = _check_points(X2d, y, X)
    if regions and X is not None:
        raise ValueError("regions=True needs the model to be trained on X2d (X=None).")
    regions = X is None if regions is None else regions
    frames = _selection_path(
        estimator,
        X2d if X is None else X,
        y,
        n_epochs,
        keep=set(range(1, n_epochs + 1)) if regions else set(),
    )
    classes, codes = np.unique(y, return_inverse=True)
    cmap = _class_cmap(classes.size)
    fig, ax = plt.subplots(figsize=figsize)
    grid = _grid(X2d) if regions else None
    points = ax.scatter(
        X2d[:, 0],
        X2d[:, 1],
        c=codes,
        cmap=cmap,
        vmin=0,
        vmax=max(classes.size - 1, 1),
        edgecolors="k",
        linewidths=0.3,
    )
    shading = []

    def draw(i):
        frame = frames[i]
        points.set_sizes(np.where(frame["selected"], 30.0, 5.0))
        while shading:
            shading.pop().remove()
        if regions:
            shading.append(_draw_regions(ax, frame["model"], *grid, classes, cmap))
        ax.set_title(_frame_title(frame, y.size), fontsize="small")
        return (points,)

    draw(0)
    fig.tight_layout()
    anim = FuncAnimation(
        fig, draw, frames=len(frames), interval=1000.0 / fps, blit=False
    )
    if kind == "gif":
        anim.save(str(path), writer=PillowWriter(fps=fps))
    elif kind == "html":
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(anim.to_jshtml(fps=fps))
    return anim


# ---------------------------------------------------------------------------
# Data map, pacing, pruning
# ---------------------------------------------------------------------------


def plot_data_map(scorer, *, mark=None, mark_label="marked", ax=None):
    """Dataset cartography map: confidence against variability per example.

    Each training example is a point at (variability, confidence), the
    standard deviation and the mean over epochs of the probability of its
    label, coloured by correctness (fraction of epochs classified
    correctly), as in Swayamdipta et al. (2020). Easy-to-learn examples sit
    top left (confident, stable), ambiguous ones to the right (variable),
    hard-to-learn ones bottom left (confidently wrong: often mislabelled).

    Parameters
    ----------
    scorer : fitted DifficultyScorer or mapping
        A :class:`~skcurric.DifficultyScorer` fitted with
        ``method="confidence"`` or ``"variability"`` (whose ``dynamics_``
        hold the three statistics), or such a ``dynamics_`` dict.
    mark : array-like of bool of shape (n_samples,), default=None
        Examples to circle (e.g. the flipped labels, to check where they fall).
    mark_label : str, default="marked"
        Legend label of the marked examples.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure if None.

    Returns
    -------
    ax : matplotlib.axes.Axes

    References
    ----------
    S. Swayamdipta et al. "Dataset Cartography: Mapping and Diagnosing
    Datasets with Training Dynamics". EMNLP 2020.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skcurric import DifficultyScorer
    >>> from skcurric.datasets import make_curriculum_dataset
    >>> from skcurric.plotting import plot_data_map
    >>> X, y, _ = make_curriculum_dataset(cluster_std=1.5, random_state=0)
    >>> scorer = DifficultyScorer("confidence", random_state=0).fit(X, y)
    >>> ax = plot_data_map(scorer)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('variability', 'confidence')
    """
    dynamics = getattr(scorer, "dynamics_", scorer)
    if not isinstance(dynamics, Mapping) or not {
        "confidence",
        "variability",
        "correctness",
    } <= set(dynamics):
        raise ValueError(
            "plot_data_map needs confidence, variability and correctness per "
            "example: fit DifficultyScorer(method='confidence') or "
            "method='variability' (other methods do not record them)."
        )
    confidence = np.asarray(dynamics["confidence"], dtype=float)
    variability = np.asarray(dynamics["variability"], dtype=float)
    correctness = np.asarray(dynamics["correctness"], dtype=float)
    ax = _new_axes(ax, (5.5, 4.5))
    points = ax.scatter(
        variability, confidence, c=correctness, cmap="viridis", vmin=0, vmax=1, s=12
    )
    ax.figure.colorbar(points, ax=ax, label="correctness")
    if mark is not None:
        mark = np.asarray(mark, dtype=bool)
        if mark.shape != confidence.shape:
            raise ValueError(
                f"mark must have one entry per example ({confidence.size}); got "
                f"shape {mark.shape}."
            )
        ax.scatter(
            variability[mark],
            confidence[mark],
            s=40,
            facecolors="none",
            edgecolors="red",
            linewidths=0.8,
            label=mark_label,
        )
        ax.legend(loc="lower right")
    ax.set_xlabel("variability")
    ax.set_ylabel("confidence")
    ax.set_title("Data map")
    return ax


def plot_pacing(
    kinds=None, *, start=0.1, ramp=1.0, p=2, n_steps=1, n_points=201, ax=None
):
    """The pacing functions side by side: admitted fraction against progress.

    Each kind is drawn from :func:`skcurric.pacing.pacing_fraction` (its
    formulas are there) over progress ``t / T`` in ``[0, 1]``.

    Parameters
    ----------
    kinds : str, callable or a sequence of them, default=None
        Kinds to draw; all of :data:`skcurric.pacing.PACING_KINDS` if None.
    start : float in (0, 1], default=0.1
        Fraction admitted at progress 0, passed to
        :func:`~skcurric.pacing.pacing_fraction`.
    ramp : float > 0, default=1.0
        Progress at which everything is admitted, passed to
        :func:`~skcurric.pacing.pacing_fraction`.
    p : float > 0, default=2
        Root of the ``"root"`` kind, passed to
        :func:`~skcurric.pacing.pacing_fraction`.
    n_steps : int >= 1, default=1
        Number of increments of the ``"step"`` kind, passed to
        :func:`~skcurric.pacing.pacing_fraction`.
    n_points : int >= 2, default=201
        Points per curve.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure if None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        One line per kind, labelled with its name.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skcurric.plotting import plot_pacing
    >>> ax = plot_pacing(["linear", "root", "step"], start=0.2, ramp=0.8)
    >>> [line.get_label() for line in ax.get_lines()]
    ['linear', 'root', 'step']
    """
    from .pacing import PACING_KINDS, pacing_fraction

    if kinds is None:
        kinds = PACING_KINDS
    elif isinstance(kinds, str) or callable(kinds):
        kinds = [kinds]  # one kind, not a sequence of its letters
    kinds = list(kinds)
    if not kinds:
        raise ValueError("kinds must name at least one pacing function.")
    if isinstance(n_points, bool) or not isinstance(n_points, Integral) or n_points < 2:
        raise ValueError(f"n_points must be an integer >= 2; got {n_points!r}.")
    progress = np.linspace(0.0, 1.0, n_points)
    ax = _new_axes(ax, (6, 4))
    for kind in kinds:
        fraction = pacing_fraction(
            progress, kind, start=start, ramp=ramp, p=p, n_steps=n_steps
        )
        label = kind if isinstance(kind, str) else getattr(kind, "__name__", "custom")
        ax.plot(progress, fraction, label=label)
    ax.set_xlabel("training progress t / T")
    ax.set_ylabel("fraction of ranked data admitted")
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Pacing functions (start={start:g}, ramp={ramp:g})")
    ax.legend(fontsize="small")
    return ax


def _prune_table(results):
    """{strategy: {keep_fraction: [accuracies]}} from the accepted inputs."""
    if hasattr(results, "to_dict") and not isinstance(results, Mapping):
        results = results.to_dict("records")  # a pandas DataFrame
    table = {}
    if isinstance(results, Mapping):
        for strategy, curve in results.items():
            if not isinstance(curve, Mapping):
                raise TypeError(
                    "results must map each strategy to {keep_fraction: accuracy "
                    f"or list of accuracies}}; got {type(curve).__name__} for "
                    f"{strategy!r}."
                )
            for keep, acc in curve.items():
                table.setdefault(strategy, {}).setdefault(float(keep), []).extend(
                    np.atleast_1d(np.asarray(acc, dtype=float)).tolist()
                )
    else:
        for row in results:
            try:
                strategy, keep, acc = (
                    row["strategy"],
                    row["keep_fraction"],
                    row["accuracy"],
                )
            except (KeyError, TypeError) as exc:
                raise TypeError(
                    "Each result row must have strategy, keep_fraction and accuracy."
                ) from exc
            table.setdefault(strategy, {}).setdefault(float(keep), []).append(
                float(acc)
            )
    if not table:
        raise ValueError("results is empty.")
    return table


def plot_prune_curve(results, *, baseline="random", full=None, ax=None):
    """Accuracy against the kept fraction, one curve per pruning strategy.

    The median over repeats (seeds) is drawn with a band from the smallest
    to the largest value. The ``baseline`` strategy (random pruning) is
    required and drawn dashed in grey: a strategy is only worth its cost
    where it beats random pruning of the same size (Sorscher et al. 2022
    find random strong at high pruning rates).

    Parameters
    ----------
    results : mapping, list of dict or DataFrame
        Either ``{strategy: {keep_fraction: accuracy or list of accuracies}}``
        or rows with ``strategy``, ``keep_fraction`` and ``accuracy``.
    baseline : str, default="random"
        Name of the control strategy; it must be present.
    full : float or array-like, default=None
        Accuracy with all the data (median if several), drawn as a dotted
        horizontal line.
    ax : matplotlib Axes, default=None
        Where to draw; a new figure if None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        One line per strategy labelled with its name (the baseline labelled
        ``"<baseline> (control)"``), plus ``"all data"`` with ``full``.

    Raises
    ------
    ValueError
        When the baseline strategy is missing.

    References
    ----------
    B. Sorscher et al. "Beyond neural scaling laws: beating power law scaling
    via data pruning". NeurIPS 2022.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skcurric.plotting import plot_prune_curve
    >>> results = {"hard": {0.5: [0.80, 0.82], 0.9: 0.90},
    ...            "random": {0.5: [0.84, 0.85], 0.9: 0.89}}
    >>> ax = plot_prune_curve(results, full=0.91)
    >>> [line.get_label() for line in ax.get_lines()]
    ['hard', 'random (control)', 'all data']
    """
    table = _prune_table(results)
    if baseline not in table:
        raise ValueError(
            f"results has no {baseline!r} strategy: a pruning curve needs its "
            f"random control measured beside it (strategies: {sorted(table)})."
        )
    ax = _new_axes(ax, (6, 4))
    order = [s for s in table if s != baseline] + [baseline]
    for strategy in order:
        keeps = sorted(table[strategy])
        accs = [np.asarray(table[strategy][k]) for k in keeps]
        median = np.array([np.median(a) for a in accs])
        control = strategy == baseline
        (line,) = ax.plot(
            keeps,
            median,
            marker="o",
            ms=4,
            linestyle="--" if control else "-",
            color="0.4" if control else None,
            label=f"{strategy} (control)" if control else str(strategy),
        )
        if any(a.size > 1 for a in accs):
            ax.fill_between(
                keeps,
                [a.min() for a in accs],
                [a.max() for a in accs],
                color=line.get_color(),
                alpha=0.15,
                linewidth=0,
            )
    if full is not None:
        ax.axhline(float(np.median(full)), color="k", linestyle=":", label="all data")
    ax.set_xlabel("fraction of training data kept")
    ax.set_ylabel("test accuracy")
    ax.set_title("Pruning curves")
    ax.legend(fontsize="small")
    return ax
