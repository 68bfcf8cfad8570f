"""scikit-learn's callback API (>= 1.9) and the ``verbose`` fallback.

Every public estimator is discovered (as in test_common), so an estimator
added later is covered too.
"""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skcurric import (
    CurriculumSGDClassifier,
    DifficultyScorer,
    PrunedClassifier,
    SelfPacedClassifier,
)
from skcurric.utils._callbacks import HAS_CALLBACK_API
from tests.conftest import (
    SHORT_PACE_WARNS,
    public_estimator_classes,
    quick,
    three_classes,
)

CLASSES = public_estimator_classes()
needs_api = pytest.mark.skipif(
    not HAS_CALLBACK_API, reason="scikit-learn < 1.9 has no sklearn.callback"
)


def _small(cls):
    """A fast instance of ``cls``."""
    return quick(cls, max_iter=4, cv=3)


class Recorder:
    """A FitCallback that records every begin/end with its task path."""

    def __init__(self, stop_after=None):
        self.events = []
        self.stop_after = stop_after

    def setup(self, estimator, context):
        self.events.append(("setup", type(estimator).__name__))

    def teardown(self, estimator, context):
        self.events.append(("teardown", type(estimator).__name__))

    def on_fit_task_begin(self, estimator, context):
        self.events.append(("begin", context.task_name))

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        self.events.append(("end", context.task_name, fitted_estimator))
        ends = sum(e[:2] == ("end", "epoch") for e in self.events)
        return self.stop_after is not None and ends >= self.stop_after

    def count(self, kind, task):
        return sum(e[:2] == (kind, task) for e in self.events)


@needs_api
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_estimator_reports_its_fit_as_a_task(cls):
    X, y = three_classes()
    rec = Recorder()
    est = _small(cls).set_callbacks(rec)
    est.fit(X, y)
    # Set up and torn down once, and one root "fit" task that begins and ends.
    assert rec.events[0] == ("setup", cls.__name__)
    assert rec.events[-1] == ("teardown", cls.__name__)
    assert rec.count("begin", "fit") == rec.count("end", "fit") == 1
    # Every subtask that began has ended.
    begun = [e[1] for e in rec.events if e[0] == "begin"]
    ended = [e[1] for e in rec.events if e[0] == "end"]
    assert sorted(begun) == sorted(ended)


@needs_api
def test_one_subtask_per_epoch():
    X, y = three_classes()
    for est in (
        SelfPacedClassifier(max_iter=6, tol=None, random_state=0),
        CurriculumSGDClassifier(max_iter=3, random_state=0),
    ):
        rec = Recorder()
        est.set_callbacks(rec).fit(X, y)
        assert rec.count("end", "epoch") == est.n_iter_ == len(est.history_)
    rec = Recorder()
    scorer = DifficultyScorer("forgetting", n_epochs=3, n_repeats=2, random_state=0)
    scorer.set_callbacks(rec).fit(X, y)
    assert rec.count("end", "repeat") == 2
    assert rec.count("end", "epoch") == 6


@needs_api
def test_partial_fit_is_one_task_of_one_epoch():
    X, y = three_classes()
    rec = Recorder()
    clf = SelfPacedClassifier(random_state=0).set_callbacks(rec)
    clf.partial_fit(X[:60], y[:60], classes=np.unique(y))
    clf.partial_fit(X[60:], y[60:])
    assert rec.count("end", "fit") == 2 and rec.count("end", "epoch") == 2


@needs_api
@SHORT_PACE_WARNS  # stopped after 2 of 10 epochs, before the pace was complete
def test_a_callback_can_stop_training():
    X, y = three_classes()
    rec = Recorder(stop_after=2)
    clf = SelfPacedClassifier(max_iter=10, tol=None, random_state=0)
    clf.set_callbacks(rec).fit(X, y)
    assert clf.n_iter_ == 2 and len(clf.history_) == 2


@needs_api
def test_fitted_estimator_is_a_snapshot_of_each_epoch():
    X, y = three_classes()
    rec = Recorder()
    clf = SelfPacedClassifier(max_iter=4, tol=None, random_state=0)
    clf.set_callbacks(rec).fit(X, y)
    snapshots = [e[2] for e in rec.events if e[:2] == ("end", "epoch")]
    coefs = [s.estimator_.coef_ for s in snapshots]
    # Copies, taken as training went on: they differ, and the last equals
    # the fitted model.
    assert not np.array_equal(coefs[0], coefs[-1])
    np.testing.assert_array_equal(coefs[-1], clf.estimator_.coef_)
    np.testing.assert_array_equal(snapshots[-1].predict(X), clf.predict(X))


@needs_api
def test_scoring_monitor_watches_a_score_per_epoch():
    from sklearn.callback import ScoringMonitor

    X, y = three_classes()
    monitor = ScoringMonitor(scoring="accuracy")
    clf = CurriculumSGDClassifier(max_iter=3, random_state=0).set_callbacks(monitor)
    clf.fit(X, y, difficulty=np.arange(len(y), dtype=float))
    rows = monitor.get_logs().data
    epochs = [r for r in rows if r["task_name"] == "epoch"]
    assert len(epochs) == clf.n_iter_
    root = [r for r in rows if r["task_name"] == "fit"]
    assert root[0]["accuracy"] == pytest.approx(clf.score(X, y))


@needs_api
def test_callbacks_propagate_to_nested_estimators():
    X, y = three_classes()
    rec = Recorder()
    # The scorer inside the curriculum, and a callback-aware final learner
    # inside PrunedClassifier, get their own tasks in the same tree.
    clf = CurriculumSGDClassifier(max_iter=2, random_state=0)
    clf.set_callbacks(rec).fit(X, y)
    assert rec.count("begin", "score") == 1
    pruned = PrunedClassifier(LogisticRegression(max_iter=200), random_state=0)
    rec = Recorder()
    pruned.set_callbacks(rec).fit(X, y)
    assert rec.count("end", "prune") == 1 and rec.count("end", "fit-estimator") == 1


@needs_api
def test_progress_bar_in_a_pipeline_and_grid_search(capsys):
    pytest.importorskip("rich", reason="ProgressBar needs rich")
    from sklearn.callback import ProgressBar

    X, y = three_classes()
    pipe = Pipeline(
        [("scale", StandardScaler()), ("spl", SelfPacedClassifier(random_state=0))]
    )
    grid = GridSearchCV(pipe, {"spl__mu": [1.2, 1.5]}, cv=2)
    grid.set_callbacks(ProgressBar(max_propagation_depth=None)).fit(X, y)
    assert grid.best_estimator_.score(X, y) > 0.5
    SelfPacedClassifier(max_iter=3, random_state=0).set_callbacks(ProgressBar()).fit(
        X, y
    )


@pytest.mark.skipif(HAS_CALLBACK_API, reason="only without sklearn.callback")
def test_no_callback_api_on_older_scikit_learn():
    assert not hasattr(SelfPacedClassifier(), "set_callbacks")


@pytest.mark.parametrize("cls", [SelfPacedClassifier, CurriculumSGDClassifier])
def test_verbose_prints_one_line_per_epoch(cls, capsys):
    X, y = three_classes()
    est = cls(max_iter=4, verbose=1, random_state=0).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    epoch_lines = [line for line in lines if line.startswith(f"[{cls.__name__}]")]
    assert len(epoch_lines) == est.n_iter_
    assert all("epoch=" in line and "loss" in line for line in epoch_lines)
    if cls is SelfPacedClassifier:
        # the pace (per class: a range) and the number selected
        assert all("n_selected=" in line for line in epoch_lines)
        assert any("lambda=" in line for line in epoch_lines)
    cls(max_iter=4, verbose=0, random_state=0).fit(X, y)
    assert capsys.readouterr().out == ""
