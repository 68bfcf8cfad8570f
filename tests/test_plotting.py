"""skcurric.plotting: what each function draws (artists, labels), not pixels."""

import re
import sys
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from skcurric import (  # noqa: E402
    CurriculumSGDClassifier,
    DifficultyScorer,
    SelfPacedClassifier,
)
from skcurric.datasets import make_curriculum_dataset  # noqa: E402
from skcurric.pacing import PACING_KINDS, pacing_fraction  # noqa: E402
from skcurric.plotting import (  # noqa: E402
    animate_selection,
    plot_data_map,
    plot_history,
    plot_pacing,
    plot_prune_curve,
    plot_selection,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    X, y, _, flipped = make_curriculum_dataset(
        120, cluster_std=1.5, label_noise=0.1, random_state=0, return_noise_mask=True
    )
    return X, y, flipped


def _spl(**params):
    return SelfPacedClassifier(lambda_init=0.5, mu=1.3, random_state=0, **params)


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


# -- optional dependency -------------------------------------------------------


def test_missing_matplotlib_names_the_extra(monkeypatch):
    # A None entry in sys.modules makes the import fail, as if not installed.
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=re.escape('pip install ".[examples]"')):
        plot_pacing()


# -- plot_history --------------------------------------------------------------


def test_history_self_paced(data):
    X, y, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = _spl(max_iter=8).fit(X, y)
    fig = plot_history(clf)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["pace λ", "selected fraction", "training accuracy"]
    pace, selected, accuracy = fig.axes
    assert len(pace.get_lines()) == 1  # one float pace
    np.testing.assert_allclose(
        pace.get_lines()[0].get_ydata(), [r["lambda"] for r in clf.history_]
    )
    assert len(selected.get_lines()) == 2  # one line per class
    np.testing.assert_allclose(
        selected.get_lines()[1].get_ydata(),
        [r["fraction_selected"][1] for r in clf.history_],
    )
    assert all(ax.get_xlabel() == "epoch" for ax in fig.axes)
    np.testing.assert_array_equal(
        accuracy.get_lines()[0].get_xdata(), np.arange(1, len(clf.history_) + 1)
    )


def test_history_per_class_pace_and_dataframe(data):
    pd = pytest.importorskip("pandas")
    X, y, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = SelfPacedClassifier(max_iter=6, random_state=0).fit(X, y)
    fig = plot_history(pd.DataFrame(clf.history_))
    # "auto" with class_balance: one pace per class (NaN during warm-up).
    assert len(fig.axes[0].get_lines()) == 2
    assert np.isnan(fig.axes[0].get_lines()[0].get_ydata()[0])


def test_history_curriculum(data):
    X, y, _ = data
    clf = CurriculumSGDClassifier(max_iter=5, random_state=0)
    clf.fit(X, y, difficulty=np.abs(X[:, 0]))
    fig = plot_history(clf)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["competence c(t)", "selected fraction", "training accuracy"]
    pools = np.array([r["pool_size"] for r in clf.history_])
    np.testing.assert_allclose(fig.axes[1].get_lines()[0].get_ydata(), pools / 120)
    # Only a history: the pool is a count unless n_samples is given.
    assert plot_history(clf.history_).axes[1].get_title() == "pool size"
    fig = plot_history(clf.history_, n_samples=120)
    assert fig.axes[1].get_title() == "selected fraction"


def test_history_errors():
    with pytest.raises(ValueError, match="non-empty"):
        plot_history([])
    with pytest.raises(ValueError, match="none of the columns"):
        plot_history([{"epoch": 1, "n_updates": 10}])
    with pytest.raises(TypeError, match="history_"):
        plot_history({"lambda": 1.0})


# -- plot_selection / animate_selection ----------------------------------------


def test_selection_panels_match_fit(data):
    X, y, _ = data
    spl = _spl(max_iter=6, tol=None)
    fig = plot_selection(X, y, spl, epochs=[6, 1, 3])
    assert len(fig.axes) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = clone(spl).fit(X, y)
    for ax, epoch in zip(fig.axes, [1, 3, 6], strict=True):
        unselected, selected = _scatters(ax)
        n_sel = fitted.history_[epoch - 1]["n_selected"]
        # The epochs drawn are the epochs fit runs (float lambda_init, tol=None).
        assert len(selected.get_offsets()) == n_sel
        assert len(unselected.get_offsets()) == 120 - n_sel
        assert selected.get_sizes()[0] > unselected.get_sizes()[0]
        title = ax.get_title()
        assert title.startswith(f"epoch {epoch}: λ ")
        assert f"{n_sel}/120 selected" in title
        # Epoch 1 is a cold start: every untrained loss (ln 2) is above 0.5.
        cold = fitted.history_[epoch - 1]["fallback"]
        assert ("(cold start)" in title) == cold == (epoch == 1)
        assert ax.collections[0] not in (unselected, selected)  # shaded regions
    assert not hasattr(spl, "estimator_")  # the template is never fitted


def test_selection_with_training_features(data):
    X, y, _ = data
    X_train = np.c_[X, X[:, 0] ** 2]
    fig = plot_selection(X, y, _spl(), epochs=2, X=X_train)
    (ax,) = fig.axes
    assert len(ax.collections) == 2  # no decision regions: trained on 3 features
    with pytest.raises(ValueError, match="regions=True"):
        plot_selection(X, y, _spl(), epochs=2, X=X_train, regions=True)
    with pytest.raises(ValueError, match="same rows"):
        plot_selection(X, y, _spl(), epochs=2, X=X_train[:10].tolist())


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"X2d": np.zeros((5, 3))}, ValueError, r"shape \(n_samples, 2\)"),
        ({"y": np.zeros(4)}, ValueError, "one label per row"),
        ({"epochs": [0, 2]}, ValueError, "positive integers"),
        ({"estimator": SGDClassifier()}, TypeError, "selected_"),
        ({"estimator": "spl"}, TypeError, "partial_fit"),
    ],
)
def test_selection_errors(kwargs, error, match):
    args = {
        "X2d": np.random.RandomState(0).normal(size=(5, 2)),
        "y": np.array([0, 1, 0, 1, 0]),
        "estimator": _spl(),
        "epochs": [1],
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        plot_selection(args["X2d"], args["y"], args["estimator"], args["epochs"])


def test_animation_gif(data, tmp_path):
    from PIL import Image

    X, y, _ = data
    path = tmp_path / "spl.gif"
    anim = animate_selection(X, y, _spl(), n_epochs=4, path=path)
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 4
    ax = anim._fig.axes[0]
    assert ax.get_title().startswith("epoch 4: ")


def test_animation_html(data, tmp_path):
    X, y, _ = data
    path = tmp_path / "spl.html"
    animate_selection(X, y, _spl(), n_epochs=3, path=path, X=X)
    html = path.read_text(encoding="utf-8")
    # to_jshtml embeds one image per frame and the player's controls.
    assert len(re.findall(r'frames\[\d+\] = "data:image', html)) == 3
    assert "Play" in html or "play" in html


def test_animation_errors(data):
    X, y, _ = data
    with pytest.raises(ValueError, match=r"\.gif or \.html"):
        animate_selection(X, y, _spl(), n_epochs=2, path="out.mp4")
    with pytest.raises(ValueError, match="n_epochs"):
        animate_selection(X, y, _spl(), n_epochs=0)


# -- plot_data_map -------------------------------------------------------------


def test_data_map(data):
    X, y, flipped = data
    scorer = DifficultyScorer("confidence", n_epochs=5, random_state=0).fit(X, y)
    ax = plot_data_map(scorer, mark=flipped, mark_label="flipped")
    points, marked = _scatters(ax)
    dyn = scorer.dynamics_
    np.testing.assert_allclose(
        points.get_offsets(), np.c_[dyn["variability"], dyn["confidence"]]
    )
    np.testing.assert_allclose(points.get_array(), dyn["correctness"])
    assert len(marked.get_offsets()) == flipped.sum()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("variability", "confidence")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["flipped"]
    assert len(ax.figure.axes) == 2  # the map and its colour bar
    # A dynamics_ dict is accepted as well.
    assert len(_scatters(plot_data_map(dyn))) == 1


def test_data_map_errors(data):
    X, y, _ = data
    scorer = DifficultyScorer("el2n", n_epochs=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="method='confidence'"):
        plot_data_map(scorer)
    scorer = DifficultyScorer("variability", n_epochs=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="one entry per example"):
        plot_data_map(scorer, mark=[True, False])


# -- plot_pacing ---------------------------------------------------------------


def test_pacing_all_kinds():
    ax = plot_pacing(start=0.2, ramp=0.8, n_points=11)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(PACING_KINDS)
    progress = np.linspace(0, 1, 11)
    for line, kind in zip(lines, PACING_KINDS, strict=True):
        np.testing.assert_allclose(line.get_xdata(), progress)
        np.testing.assert_allclose(
            line.get_ydata(), pacing_fraction(progress, kind, start=0.2, ramp=0.8)
        )
    assert ax.get_title() == "Pacing functions (start=0.2, ramp=0.8)"


def test_pacing_callable_and_errors():
    def half(s):
        return 0.5 + 0.5 * s

    ax = plot_pacing(["linear", half])
    assert [line.get_label() for line in ax.get_lines()] == ["linear", "half"]
    # pacing_fraction's validation names the parameter and lists the kinds.
    with pytest.raises(ValueError, match="'kind' parameter .* among .*'linear'"):
        plot_pacing(["nope"])
    with pytest.raises(ValueError, match="n_points"):
        plot_pacing(n_points=1)
    with pytest.raises(ValueError, match="at least one"):
        plot_pacing([])
    # One kind by name or as a callable is one curve, not one per letter.
    assert [line.get_label() for line in plot_pacing("linear").get_lines()] == [
        "linear"
    ]
    assert [line.get_label() for line in plot_pacing(half).get_lines()] == ["half"]


# -- plot_prune_curve ----------------------------------------------------------


def test_prune_curve_mapping():
    results = {
        "random": {0.5: [0.8, 0.9, 0.7], 1.0: 0.95},
        "hard": {0.5: [0.6, 0.7, 0.65], 1.0: 0.95},
    }
    fig, ax = plt.subplots()
    assert plot_prune_curve(results, full=[0.95, 0.97], ax=ax) is ax
    hard, control, full = ax.get_lines()
    assert [hard.get_label(), control.get_label(), full.get_label()] == [
        "hard",
        "random (control)",
        "all data",
    ]
    np.testing.assert_allclose(hard.get_ydata(), [0.65, 0.95])  # medians
    np.testing.assert_allclose(control.get_ydata(), [0.8, 0.95])
    assert control.get_linestyle() == "--"
    np.testing.assert_allclose(full.get_ydata(), [0.96, 0.96])
    assert len(ax.collections) == 2  # one min-max band per strategy
    assert ax.get_xlabel() == "fraction of training data kept"


def test_prune_curve_rows():
    rows = [
        {"strategy": s, "keep_fraction": k, "accuracy": a}
        for s, k, a in [("easy", 0.3, 0.5), ("easy", 0.6, 0.7), ("random", 0.3, 0.6)]
    ]
    ax = plot_prune_curve(rows)
    assert [line.get_label() for line in ax.get_lines()] == [
        "easy",
        "random (control)",
    ]
    assert len(ax.collections) == 0  # a single value per point: no band
    pd = pytest.importorskip("pandas")
    ax = plot_prune_curve(pd.DataFrame(rows))
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), [0.3, 0.6])


def test_prune_curve_errors():
    with pytest.raises(ValueError, match="random control"):
        plot_prune_curve({"hard": {0.5: 0.9}})
    with pytest.raises(ValueError, match="empty"):
        plot_prune_curve([])
    with pytest.raises(TypeError, match="strategy, keep_fraction and accuracy"):
        plot_prune_curve([{"strategy": "random"}])
    with pytest.raises(TypeError, match="keep_fraction"):
        plot_prune_curve({"random": [0.9]})
