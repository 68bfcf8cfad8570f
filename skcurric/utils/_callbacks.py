"""scikit-learn's callback API (``sklearn.callback``, scikit-learn >= 1.9).

Every iterative skcurric estimator reports its fit as a task and each epoch
(or repeat, or fold) as a subtask, so that scikit-learn's callbacks --
``ProgressBar``, ``ScoringMonitor`` or a user's own -- follow it, also when it
is nested in a ``Pipeline`` or ``GridSearchCV`` that propagates them. On
older scikit-learn versions there is no callback API: :func:`begin_fit`
returns :data:`NO_HOOKS`, which does nothing, and the estimators'
``verbose`` output is the progress report.
"""

import copy
from contextlib import contextmanager, nullcontext

try:
    from sklearn.callback import CallbackSupportMixin

    HAS_CALLBACK_API = True
except ImportError:  # scikit-learn < 1.9

    class CallbackSupportMixin:
        """Stand-in when scikit-learn has no callback API: adds nothing."""

    HAS_CALLBACK_API = False

__all__ = [
    "HAS_CALLBACK_API",
    "CallbackSupportMixin",
    "TaskHooks",
    "NO_HOOKS",
    "begin_fit",
    "learner_snapshot",
]


class TaskHooks:
    """The callback context of one task and its subtasks.

    Parameters
    ----------
    context : sklearn.callback.CallbackContext
        The task's context.
    estimator : estimator
        The skcurric estimator that runs the task (passed to the hooks).
    X, y : array-like
        The task's training data, as the user passed it (the hooks may score
        the estimator on it, e.g. ``ScoringMonitor``).
    fitted_attributes : callable or None
        Returns the attributes that make a copy of ``estimator`` usable as it
        is at the end of a subtask (e.g. a snapshot of ``estimator_``); called
        only when a callback asks for the fitted estimator.
    """

    def __init__(self, context, estimator, X, y, fitted_attributes=None):
        self.context = context
        self.estimator = estimator
        self.X = X
        self.y = y
        self.fitted_attributes = fitted_attributes
        self._current = None

    def _kwargs(self):
        return {"estimator": self.estimator, "X": self.X, "y": self.y}

    def child(self, task_name, max_subtasks=0, *, with_data=True):
        """A subtask, to be run with :meth:`run` (possibly in a joblib worker).

        ``with_data=False`` leaves ``X, y`` out of the subtask's hooks, so a
        subtask sent to a joblib worker does not carry a second copy of the
        data.
        """
        context = self.context.subcontext(
            task_name=task_name, max_subtasks=max_subtasks
        )
        if not with_data:
            return TaskHooks(context, self.estimator, None, None)
        return TaskHooks(context, self.estimator, self.X, self.y)

    @contextmanager
    def run(self, sub_estimator=None):
        """Begin this task, yield, end it.

        With ``sub_estimator``, the task is that estimator's fit: the callbacks
        that propagate (e.g. ``ProgressBar``) are handed to it for the
        duration, as scikit-learn's ``Pipeline`` does for its steps.
        """
        # A learner without callback support (SGDClassifier in 1.9) is a plain
        # leaf: nothing to propagate, and no warning about it on every fit.
        propagate = sub_estimator is not None and hasattr(
            sub_estimator, "set_callbacks"
        )
        with (
            self.context.propagate_callback_context(sub_estimator)
            if propagate
            else nullcontext()
        ):
            self.context.call_on_fit_task_begin(**self._kwargs())
            yield self
            self.end()

    def step_begin(self, task_name="epoch"):
        """Start the next leaf subtask (one epoch)."""
        self._current = self.context.subcontext(task_name=task_name)
        self._current.call_on_fit_task_begin(**self._kwargs())

    def step_end(self):
        """End the current leaf subtask; True when a callback asks to stop."""
        current, self._current = self._current, None
        return bool(
            current.call_on_fit_task_end(
                **self._kwargs(), reconstruction_attributes=self.fitted_attributes
            )
        )

    def end(self, fitted_attributes=None):
        """End this task (``fitted_attributes`` overrides the task's own)."""
        self.context.call_on_fit_task_end(
            **self._kwargs(),
            reconstruction_attributes=fitted_attributes or self.fitted_attributes,
        )

    def nested(self, task_name, sub_estimator):
        """A leaf subtask that is a nested estimator's fit (see :meth:`run`)."""
        return self.child(task_name).run(sub_estimator)


class _NoHooks:
    """:class:`TaskHooks` where nothing listens (no callback API): no-ops.

    Stateless, so one instance serves every fit and pickles to any worker.
    """

    def child(self, task_name, max_subtasks=0, *, with_data=True):
        return self

    def run(self, sub_estimator=None):
        return nullcontext(self)

    def nested(self, task_name, sub_estimator):
        return nullcontext(self)

    def step_begin(self, task_name="epoch"):
        pass

    def step_end(self):
        return False

    def end(self, fitted_attributes=None):
        pass


NO_HOOKS = _NoHooks()


def begin_fit(estimator, X, y, *, max_subtasks, fitted_attributes=None):
    """Open the callback context of ``estimator``'s fit (NO_HOOKS without the API).

    Call it inside a method decorated with ``sklearn.base._fit_context``,
    which tears the callbacks down when the fit ends, even on error.
    """
    if not HAS_CALLBACK_API or not hasattr(estimator, "_init_callback_context"):
        return NO_HOOKS
    context = estimator._init_callback_context(max_subtasks=max_subtasks)
    hooks = TaskHooks(context, estimator, X, y, fitted_attributes)
    context.call_on_fit_task_begin(**hooks._kwargs())
    return hooks


def learner_snapshot(learner, classes):
    """``fitted_attributes`` for a meta-estimator whose state is ``learner``.

    ``learner`` is the trained learner, or a callable returning it. It is
    copied when a callback asks for it, so the snapshot stays as it is while
    training goes on.
    """

    def attributes():
        current = learner() if callable(learner) else learner
        return {"estimator_": copy.deepcopy(current), "classes_": classes}

    return attributes
