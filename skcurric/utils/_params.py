"""Nested parameters of a sub-estimator that defaults to ``None``.

scikit-learn's estimator checks forbid estimator instances as constructor
defaults, so skcurric's sub-estimators (``estimator``, ``pruner``,
``scorer``) default to ``None`` and are built at fit time. Their nested
parameters (``pruner__keep_fraction``) then have nothing to be set on, and
``BaseEstimator.set_params`` fails with ``'NoneType' object has no attribute
'set_params'``. :class:`NoneSubEstimatorParamsMixin` fails at once instead,
with an error that names the parameter to set first.
"""

__all__ = ["NoneSubEstimatorParamsMixin"]


class NoneSubEstimatorParamsMixin:
    """``set_params`` that explains a nested parameter of a ``None`` sub-estimator.

    Put it before ``BaseEstimator`` in the bases. ``get_params(deep=True)`` is
    unchanged: a ``None`` sub-estimator has no nested parameters to list.
    The suggested default is read from the estimator's own factory for it
    (``_learner()`` for ``estimator``, ``_<name>()`` otherwise) when it has
    one, so the message shows what ``None`` stands for.
    """

    def _none_default_repr(self, name):
        factory = getattr(self, "_learner" if name == "estimator" else f"_{name}", None)
        if not callable(factory):
            return None
        try:
            return repr(factory())
        except Exception:  # a factory that needs fitted state: no suggestion
            return None

    def set_params(self, **params):
        """Set the parameters of this estimator.

        As :meth:`sklearn.base.BaseEstimator.set_params`, except that a nested
        parameter (``<name>__<param>``) of a sub-estimator that is ``None``
        raises a ValueError naming the sub-estimator to set first, unless the
        same call sets it.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : estimator instance
            Estimator instance.
        """
        own = self.get_params(deep=False)
        for key in params:
            name, nested, _ = key.partition("__")
            if not nested or name not in own:
                continue  # unknown names get scikit-learn's own error
            current = params.get(name, own[name])
            if current is not None:
                continue
            cls = type(self).__name__
            default = self._none_default_repr(name)
            example = f"{name}={default}" if default else f"{name}=<an estimator>"
            what = f" (None stands for {default}, built at fit time)" if default else ""
            raise ValueError(
                f"Cannot set {key!r} on {cls}: {name} is None{what}, so it has no "
                f"parameters to set. Set {example} first, e.g. "
                f"{cls}({example}) or set_params({example}, {key}=...); in a "
                f"grid search, put {name!r} in the grid or in the estimator."
            )
        return super().set_params(**params)
