"""Base classes shared by skcurric's meta-estimators.

:class:`LearnerMixin` holds what every estimator that wraps a learner needs
(validation of training data, tags copied from the learner, metadata routing);
:class:`MetaClassifierBase` adds the prediction methods, delegated to the
fitted clone ``estimator_`` and available only when the learner has them.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .._signals import encode_labels
from ._callbacks import CallbackSupportMixin
from ._learners import (
    check_sample_weight,
    copy_learner_tags,
    default_learner,
    estimator_has,
)
from ._networks import check_network, is_network, network_dtype
from ._params import NoneSubEstimatorParamsMixin

__all__ = ["LearnerMixin", "MetaClassifierBase"]


class LearnerMixin(CallbackSupportMixin):
    """Shared plumbing for estimators that wrap a scikit-learn learner.

    Subclasses set ``_learner_method`` to the learner method that ``fit``
    calls (``"partial_fit"`` for the epoch-by-epoch estimators, ``"fit"``
    for ones that refit a learner once).
    """

    _learner_method = "partial_fit"
    # scikit-learn's HTML repr links to _get_doc_link(); its default fills
    # {estimator_module} with the defining module (skcurric.self_paced), but the
    # API pages document every estimator under its public path skcurric.<Name>.
    _doc_link_module = "skcurric"
    _doc_link_template = (
        "https://skcurric.readthedocs.io/en/latest/generated/"
        "skcurric.{estimator_name}.html"
    )

    def _learner(self):
        """The wrapped learner, or the default when ``estimator=None``."""
        return self.estimator if self.estimator is not None else default_learner()

    def _allow_nan(self):
        from sklearn.utils import get_tags

        return get_tags(self._learner()).input_tags.allow_nan

    def _validate_xy(self, X, y, *, reset=True):
        """Validate ``X, y`` for classification (ValueErrors name the problem).

        NaN/inf (unless the learner accepts NaN), empty data, lengths that
        differ, 2-D or continuous ``y``.
        """
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse="csr",
            dtype=self._input_dtype(fitted=not reset),
            ensure_all_finite="allow-nan" if self._allow_nan() else True,
            reset=reset,
        )
        check_classification_targets(y)
        return X, y

    def _input_dtype(self, fitted=True):
        """The dtypes ``X`` is validated to: float64 or float32 as given.

        A skorch network's input is converted to its module's dtype (a copy
        of float64 ``X`` as float32 for the default float32 module): torch
        layers refuse input of another dtype. With ``fitted``, the fitted
        learner ``estimator_`` says it if there is one (predictions, a
        stream's later chunks); else an initialised clone of the learner to
        fit (a new fit, whatever was fitted before).
        """
        learner = getattr(self, "estimator_", None) if fitted else None
        dtype = network_dtype(learner if learner is not None else self._learner())
        return [np.float64, np.float32] if dtype is None else dtype

    def _check_learner_data(self, X, y, classes):
        """The learner protocol's checks on the data, before any training.

        A skorch network gets its labels as int64 (its loss's targets) and
        :func:`~skcurric.utils._networks.check_network`'s checks.
        """
        learner = self._learner()
        if not is_network(learner):
            return y
        check_network(learner, X, classes, type(self).__name__)
        return y.astype(np.int64, copy=False)

    def _validate_training_data(self, X, y, *, reset=True):
        """Validate ``X, y``; return X, y, classes, y_index.

        As :meth:`_validate_xy`, and a single class is an error too.
        """
        X, y = self._validate_xy(X, y, reset=reset)
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError(
                f"{type(self).__name__} needs samples of at least 2 classes in y; "
                f"got 1 class: {classes.tolist()}."
            )
        y = self._check_learner_data(X, y, classes)
        return X, y, classes, encode_labels(classes, y)

    def _validate_chunk(self, X, y, classes, *, first):
        """Validate one ``partial_fit`` chunk; return X, y, classes, y_index.

        ``classes`` is required on the first call (at least 2 of them) and,
        when given later, must equal the first call's; every label of ``y``
        must be one of them.
        """
        name = type(self).__name__
        if first:
            if classes is None:
                raise ValueError(
                    f"classes must be passed on the first call to {name}.partial_fit."
                )
            classes = np.unique(np.asarray(classes))
            check_classification_targets(classes)
            if classes.size < 2:
                raise ValueError(
                    f"{name} needs at least 2 classes; classes={classes.tolist()}."
                )
        elif classes is not None and not np.array_equal(
            np.unique(np.asarray(classes)), self.classes_
        ):
            raise ValueError(
                f"classes={np.unique(classes).tolist()} differs from the classes of "
                f"the first call, {self.classes_.tolist()}."
            )
        else:
            classes = self.classes_
        X, y = self._validate_xy(X, y, reset=first)
        unknown = ~np.isin(y, classes)
        if unknown.any():
            raise ValueError(
                f"y contains labels {np.unique(y[unknown])[:5].tolist()} that are not "
                f"in classes={classes.tolist()}."
            )
        if first:
            y = self._check_learner_data(X, y, classes)
        elif is_network(self._learner()):
            y = y.astype(np.int64, copy=False)
        return X, y, classes, np.searchsorted(classes, y)

    def _validate_predict_data(self, X):
        check_is_fitted(self)
        return validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=self._input_dtype(),
            ensure_all_finite="allow-nan" if self._allow_nan() else True,
            reset=False,
        )

    def _fit_metadata(self, n_samples, **params):
        """Validate and route fit metadata; returns the dict of non-None values.

        Without metadata routing, every argument is used as given. With it,
        each passed value must be requested by this estimator
        (``set_fit_request``) or by the wrapped learner for the method ``fit``
        calls (e.g. ``set_partial_fit_request(sample_weight=True)``); an
        unrequested one raises scikit-learn's routing error.
        """
        params = {k: v for k, v in params.items() if v is not None}
        if _routing_enabled() and params:
            process_routing(self, "fit", **params)
        if "sample_weight" in params:
            params["sample_weight"] = check_sample_weight(
                params["sample_weight"], n_samples
            )
        return params

    def get_metadata_routing(self):
        """Metadata routing of this estimator.

        The estimator consumes ``sample_weight`` (and ``difficulty`` /
        ``groups`` where ``fit`` takes them) itself and hands the weights to
        the wrapped learner's ``partial_fit`` (or ``fit``), which is routed
        from ``fit``.

        Returns
        -------
        routing : MetadataRouter
        """
        learner = clone(self._learner())
        # The estimator itself consumes sample_weight and always forwards it,
        # so a learner that left its request unset must not make routing fail:
        # requesting on either this estimator (``set_fit_request``) or on the
        # learner (``set_partial_fit_request``) is enough.
        request = getattr(learner.get_metadata_routing(), self._learner_method, None)
        requests = getattr(request, "requests", {})
        if "sample_weight" in requests and requests["sample_weight"] is None:
            getattr(learner, f"set_{self._learner_method}_request")(sample_weight=False)
        own = self._get_metadata_request()  # a copy: the instance is untouched
        own_fit = getattr(own, "fit", None)
        if (
            own_fit is not None
            and own_fit.requests.get("sample_weight", False) is None
            and requests.get("sample_weight") is True
        ):
            # Requested on the learner only: this estimator, which consumes
            # the weights and hands them on, requests them too, so that a
            # Pipeline or GridSearchCV routes them here as well.
            own_fit.add_request(param="sample_weight", alias=True)
        router = MetadataRouter(owner=self).add_self_request(own)
        router.add(
            estimator=learner,
            method_mapping=MethodMapping().add(
                caller="fit", callee=self._learner_method
            ),
        )
        return router

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        copy_learner_tags(tags, self._learner())
        return tags


class MetaClassifierBase(
    ClassifierMixin,
    MetaEstimatorMixin,
    LearnerMixin,
    NoneSubEstimatorParamsMixin,
    BaseEstimator,
):
    """A classifier whose predictions come from its fitted clone ``estimator_``."""

    def __sklearn_is_fitted__(self):
        # fit stores classes_ last, once training succeeded; attributes that
        # validation sets first (n_features_in_) do not make a fitted model.
        return hasattr(self, "classes_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # ClassifierMixin, first in the MRO, replaces classifier_tags after
        # LearnerMixin copied the learner's (poor_score), so copy them again.
        copy_learner_tags(tags, self._learner())
        return tags

    @available_if(estimator_has("predict"))
    def predict(self, X):
        """Predict class labels with the fitted learner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples to predict.

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        X = self._validate_predict_data(X)
        return self.estimator_.predict(X)

    @available_if(estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the fitted learner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples to predict.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        X = self._validate_predict_data(X)
        return self.estimator_.predict_proba(X)

    @available_if(estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities from the fitted learner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples to predict.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        X = self._validate_predict_data(X)
        return self.estimator_.predict_log_proba(X)

    @available_if(estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision scores from the fitted learner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples to predict.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        X = self._validate_predict_data(X)
        return self.estimator_.decision_function(X)

    @available_if(estimator_has("score"))
    def score(self, X, y, sample_weight=None):
        """Mean accuracy of ``predict(X)`` against ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels of ``X``.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the mean.

        Returns
        -------
        score : float
            Mean accuracy.
        """
        return super().score(X, y, sample_weight=sample_weight)
