r"""Confident learning: which rows out-of-fold probabilities call mislabelled.

With :math:`\hat p_{ij}` the out-of-fold probability of class :math:`j` for
row :math:`i` (from a model that never trained on that row), the threshold
of class :math:`j` is the mean self-confidence of the rows labelled
:math:`j`, :math:`t_j = \operatorname{mean}_{\tilde y_i = j} \hat p_{ij}`.
A row is *confidently* of class :math:`j` when :math:`\hat p_{ij} \ge t_j`
(the most probable such class when several are). The confident joint
:math:`C_{kj}` counts the rows labelled :math:`k` that are confidently of
class :math:`j`, each row of :math:`C` then rescaled to the number of rows
labelled :math:`k`, so :math:`C_{kj}` estimates how many rows given
:math:`k` truly belong to :math:`j`.

*Pruning by noise rate* then drops, for every pair :math:`k \ne j`, the
:math:`\operatorname{round}(C_{kj})` rows labelled :math:`k` with the
largest margin :math:`\hat p_{ij} - \hat p_{ik}` (the rows the model most
believes to be :math:`j` rather than their label), never the last row of a
class. Written from the paper's definitions (no code of any implementation
was read).

References
----------
.. [1] Northcutt, C., Jiang, L. and Chuang, I. "Confident learning:
   estimating uncertainty in dataset labels", JAIR 70, 2021 (sections 3.1,
   confident joint, and 3.2, "Prune by Noise Rate").
"""

import numpy as np

__all__ = ["confident_joint", "prune_by_noise_rate"]


def confident_joint(y_index, proba):
    """The calibrated confident joint ``C[given, true]``.

    Parameters
    ----------
    y_index : ndarray of shape (n_samples,) of int
        Given labels as indices into the columns of ``proba``; every class
        has at least one row.
    proba : ndarray of shape (n_samples, n_classes)
        Out-of-fold probabilities.

    Returns
    -------
    joint : ndarray of shape (n_classes, n_classes)
        Row ``k`` sums to the number of rows labelled ``k`` (unless none of
        them is confidently of any class: then zeros).
    """
    n_classes = proba.shape[1]
    counts = np.bincount(y_index, minlength=n_classes)
    # mean self-confidence per class, without a loop over rows
    thresholds = np.bincount(
        y_index, weights=proba[np.arange(y_index.size), y_index], minlength=n_classes
    ) / np.maximum(counts, 1)
    above = proba >= thresholds
    confident = above.any(axis=1)
    guess = np.where(above, proba, -np.inf).argmax(axis=1)
    joint = np.zeros((n_classes, n_classes))
    np.add.at(joint, (y_index[confident], guess[confident]), 1.0)
    return joint * (counts / np.maximum(joint.sum(axis=1), 1.0))[:, None]


def prune_by_noise_rate(y_index, proba):
    """Rows kept after pruning by noise rate (see the module docstring).

    Parameters
    ----------
    y_index : ndarray of shape (n_samples,) of int
        Given labels as column indices of ``proba``.
    proba : ndarray of shape (n_samples, n_classes)
        Out-of-fold probabilities.

    Returns
    -------
    keep : ndarray of shape (n_samples,) of bool
        False for the rows pruned; every class keeps at least one row.

    Examples
    --------
    >>> import numpy as np
    >>> from skcurric._confident import prune_by_noise_rate
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> proba = np.array([[.9, .1], [.8, .2], [.1, .9],   # row 2: looks like 1
    ...                   [.2, .8], [.1, .9], [.3, .7]])
    >>> prune_by_noise_rate(y, proba).tolist()
    [True, True, False, True, True, True]
    """
    n_classes = proba.shape[1]
    joint = confident_joint(y_index, proba)
    keep = np.ones(y_index.size, dtype=bool)
    for k in range(n_classes):
        rows = np.flatnonzero(y_index == k)
        if rows.size == 0:
            continue
        for j in range(n_classes):
            n_drop = int(round(joint[k, j])) if j != k else 0
            if n_drop <= 0:
                continue
            margin = proba[rows, j] - proba[rows, k]
            keep[rows[np.argsort(-margin, kind="stable")[:n_drop]]] = False
        if not keep[rows].any():
            # the learner must still see the class: its most confident row
            keep[rows[np.argmax(proba[rows, k])]] = True
    return keep
