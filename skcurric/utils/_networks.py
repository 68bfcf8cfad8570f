"""PyTorch networks through skorch: what the learner protocol needs of them.

A skorch ``NeuralNetClassifier`` is a scikit-learn classifier with
``partial_fit`` and ``predict_proba``, so it fits skcurric's one loop, with
differences that this module handles in one place (the learner protocol,
``docs/user_guide/learners.rst``):

- its ``predict`` is the argmax column, so its labels must be ``0 .. K-1``
  (integers, passed to the loss as int64 targets);
- its ``partial_fit(classes=)`` is ignored and its ``classes_`` follows the
  labels of the latest call, so the signals read its columns as the classes
  the skcurric estimator fixed (:mod:`skcurric._signals`), never as its
  ``classes_``;
- its ``**fit_params`` go to the module's ``forward``, not to the loss, so it
  takes no ``sample_weight``;
- its module has a dtype (float32 by default), which ``X`` is converted to;
- its default ``train_split`` holds out a fifth of every ``partial_fit``
  call, which would silently drop rows of skcurric's plan: refused;
- its module's output width must be the number of classes.

Nothing here imports torch or skorch unless the learner is a skorch network
(skorch is then already imported), so skcurric needs neither.
"""

import sys
from contextlib import contextmanager, nullcontext

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state

__all__ = [
    "check_network",
    "is_network",
    "last_layer_inputs",
    "network_dtype",
    "network_seed",
]


def is_network(estimator):
    """Whether ``estimator`` is a skorch network (``skorch.NeuralNet``)."""
    skorch = sys.modules.get("skorch")
    return skorch is not None and isinstance(estimator, skorch.NeuralNet)


def _initialized(net):
    """``net`` if initialised (fitted), else an initialised clone of it.

    Cloning first leaves the user's network untouched; skorch's own
    ``partial_fit`` initialises a network the same way on its first call.
    The clone's random weights come from a fork of torch's generator, so
    that these checks draw nothing from the stream the training will use.
    """
    if getattr(net, "initialized_", False):
        return net
    with _forked_generator():
        return clone(net).initialize()


def _forked_generator():
    """A context in which torch's CPU generator is restored on exit.

    skorch draws from it to initialise weights and whenever it iterates a
    DataLoader (a prediction too): a probe run inside draws nothing from the
    stream the user seeded.
    """
    import torch

    return torch.random.fork_rng(devices=[])


def network_seed(estimator, random_state):
    """A context in which torch's generator is seeded to train ``estimator``.

    A skorch network draws its initial weights (and the orders of a shuffled
    DataLoader, and dropout masks) from torch's global generator, which no
    ``random_state`` parameter reaches. skcurric seeds it as it seeds a
    learner's ``random_state`` parameters (see ``seeded_clone``): with an int
    drawn from ``random_state``, inside a fork of the generator. A fit with
    an int ``random_state`` is then reproducible, the fold paths and the
    refit of ``SelfPacedClassifierCV`` start from the same weights, and the
    training draws nothing from the caller's own torch stream (a skorch
    prediction still draws a DataLoader seed from it, unused without
    workers). For any other learner nothing is drawn: their fits are
    unchanged.

    Parameters
    ----------
    estimator : estimator
        The clone about to be trained.
    random_state : int, RandomState instance or None
        Where the seed is drawn from (the owner's RNG).
    """
    if not is_network(estimator):
        return nullcontext()
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    return _seeded_generator(seed)


@contextmanager
def _seeded_generator(seed):
    import torch

    with _forked_generator():
        torch.manual_seed(seed)
        yield


def network_dtype(estimator):
    """The NumPy dtype of a network's parameters, or None for other learners.

    ``X`` is converted to it (a float64 array to a float32 module is copied
    once as float32), as a torch layer refuses input of another dtype.
    """
    if not is_network(estimator):
        return None
    params = list(_initialized(estimator).module_.parameters())
    if not params:
        return None
    import torch

    return torch.empty(0, dtype=params[0].dtype).numpy().dtype


def check_network(estimator, X, classes, owner):
    """Errors, before any training, for a network that cannot follow the protocol.

    Parameters
    ----------
    estimator : estimator
        The learner; anything but a skorch network passes unchecked.
    X : ndarray of shape (n_samples, n_features)
        Validated training data (its first row probes the output width).
    classes : ndarray of shape (n_classes,)
        The classes the skcurric estimator fixed.
    owner : str
        The skcurric estimator's name, for the messages.

    Raises
    ------
    ValueError
        ``train_split`` left on, labels other than ``0 .. K-1``, or a module
        whose output width is not the number of classes.
    """
    if not is_network(estimator):
        return
    name = type(estimator).__name__
    if estimator.train_split is not None:
        raise ValueError(
            f"{owner} decides which rows {name} trains on in every epoch, but "
            f"{name}(train_split={estimator.train_split!r}) would hold out a "
            "validation split of every partial_fit call and never train on "
            f"it. Pass {name}(..., train_split=None); to choose the number of "
            "epochs on held-out data, use SelfPacedClassifierCV or a "
            "cross-validated search over max_iter."
        )
    k = classes.size
    if not (
        np.issubdtype(classes.dtype, np.number)
        and np.array_equal(classes, np.arange(k))
    ):
        raise ValueError(
            f"{name} predicts the index of its largest output column, so its "
            f"labels must be the integers 0 .. {k - 1}; got classes "
            f"{classes.tolist()[:10]}. Encode y first, e.g. with "
            "sklearn.preprocessing.LabelEncoder."
        )
    with _forked_generator():
        width = np.shape(_initialized(estimator).predict_proba(X[:1]))[-1]
    if width != k:
        raise ValueError(
            f"The module of {name} has {width} output(s), but there are {k} "
            f"classes: {owner} reads one predict_proba column per class, so "
            f"the module's last layer must have {k} outputs."
        )


def last_layer_inputs(net, X):
    """Inputs and outputs of the last ``torch.nn.Linear`` layer a network runs.

    The layer is found by running the module (in evaluation mode, without
    gradients, through skorch's ``forward_iter``) with a hook on every
    ``Linear`` layer: the last one called on a batch is the output layer.

    Parameters
    ----------
    net : skorch.NeuralNet
        A fitted network.
    X : ndarray of shape (n_samples, n_features)
        Input rows.

    Returns
    -------
    h_sq : ndarray of shape (n_samples,)
        ``||h||^2`` of the layer's input, plus 1 when the layer has a bias
        (the bias is a weight whose input is 1).
    z : ndarray of shape (n_samples, n_outputs)
        The layer's output (the logits).

    Raises
    ------
    TypeError
        When the module runs no ``Linear`` layer.
    """
    import torch

    calls = []

    def hook(layer, inputs, output):
        calls.append((layer, inputs[0], output))

    handles = [
        layer.register_forward_hook(hook)
        for layer in net.module_.modules()
        if isinstance(layer, torch.nn.Linear)
    ]
    h_sq, z = [], []
    try:
        for _ in net.forward_iter(X, training=False):
            if not calls:
                raise TypeError(
                    f"The module of {type(net).__name__} runs no torch.nn.Linear "
                    "layer, so GraNd has no last layer to be computed for; use "
                    "method='el2n' instead."
                )
            layer, h, out = calls[-1]
            h = h.detach().reshape(h.shape[0], -1).to("cpu", torch.float64)
            sq = (h * h).sum(dim=1) + (0.0 if layer.bias is None else 1.0)
            h_sq.append(sq.numpy())
            z.append(out.detach().to("cpu", torch.float64).numpy())
            calls.clear()
    finally:
        for handle in handles:
            handle.remove()
    return np.concatenate(h_sq), np.concatenate(z)
