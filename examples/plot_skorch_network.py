"""
A PyTorch network under label noise, through skorch
===================================================

A neural network trained on noisy labels first learns what most images of a
class are labelled, then memorises the flipped labels one by one, and its
test accuracy falls as it does. That is why small-loss selection, forgetting
events and EL2N were invented on networks. skorch's ``NeuralNetClassifier``
is a scikit-learn classifier with ``partial_fit``, so skcurric trains a
PyTorch network without a training loop of its own (the
:ref:`learner protocol <learners>` says how to configure it).

Digits (pixels / 16, float32), 40% asymmetric noise on the training labels
(40% of class ``k`` labelled ``k + 1``), a 64-256-10 network (SGD, learning
rate 0.1, batch 32), test labels clean:

- the network alone, 60 epochs on every row: its test accuracy after every
  epoch is the memorisation curve (left);
- its early-stopped version: the number of epochs that scored best on a
  held-out quarter of the *noisy* training labels, refitted on all rows;
- :class:`~skcurric.SelfPacedClassifierCV` around the network, with its
  defaults (10 warm-up epochs for a network, then the fraction of each
  class it keeps, chosen by cross-validation on the noisy labels); right:
  which rows it kept;
- the clean-rows oracle: the network on the unflipped rows only.

This example needs the optional ``torch`` extra: ``pip install ".[torch]"``
(torch and skorch). It runs in about a minute on one CPU thread.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from skorch import NeuralNetClassifier

from skcurric import SelfPacedClassifierCV

torch.set_num_threads(1)
EPOCHS = 60


class MLP(torch.nn.Module):
    def __init__(self, n_hidden=256):
        super().__init__()
        self.hidden = torch.nn.Linear(64, n_hidden)
        self.out = torch.nn.Linear(n_hidden, 10)

    def forward(self, X):
        return torch.softmax(self.out(torch.relu(self.hidden(X))), dim=-1)


def network(seed=0):
    """One epoch per partial_fit, no validation split of skorch's own."""
    # skorch draws weights from torch: seeded here for the networks trained
    # by hand below (skcurric seeds its own clones from random_state)
    torch.manual_seed(seed)
    return NeuralNetClassifier(
        MLP,
        max_epochs=1,
        lr=0.1,
        batch_size=32,
        optimizer=torch.optim.SGD,
        train_split=None,
        verbose=0,
    )


def train(X, y, n_epochs, watch=None):
    """The network after ``n_epochs`` epochs, and its accuracy on ``watch``
    after every epoch."""
    net, curve = network(), []
    for _ in range(n_epochs):
        net.partial_fit(X, y)
        if watch is not None:
            curve.append(net.score(*watch))
    return net, curve


X, y = load_digits(return_X_y=True)
X = (X / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
flipped = np.random.default_rng(0).random(y_tr.size) < 0.4
y_noisy = np.where(flipped, (y_tr + 1) % 10, y_tr)

# %%
# The network alone, and its memorisation curve
# ---------------------------------------------
_, curve = train(X_tr, y_noisy, EPOCHS, watch=(X_te, y_te))
print(
    f"network alone: best test accuracy {max(curve):.3f} (epoch "
    f"{np.argmax(curve) + 1}), {curve[-1]:.3f} after {EPOCHS} epochs"
)

# %%
# Early stopping on a held-out split of the noisy labels
# ------------------------------------------------------
fit_rows, val_rows = train_test_split(
    np.arange(y_tr.size), test_size=0.25, stratify=y_noisy, random_state=0
)
_, val_curve = train(
    X_tr[fit_rows], y_noisy[fit_rows], EPOCHS, watch=(X_tr[val_rows], y_noisy[val_rows])
)
best_epochs = int(np.argmax(val_curve)) + 1
early, _ = train(X_tr, y_noisy, best_epochs)
print(f"early-stopped ({best_epochs} epochs): {early.score(X_te, y_te):.3f}")

# %%
# Self-paced selection, its stopping pace chosen by cross-validation
# ------------------------------------------------------------------
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    spcv = SelfPacedClassifierCV(network(), random_state=0).fit(X_tr, y_noisy)
kept = spcv.selected_
print(
    f"SelfPacedClassifierCV: {spcv.score(X_te, y_te):.3f}, keeps {spcv.pace_:.0%} "
    f"of each class: {kept[~flipped].mean():.0%} of the clean rows, "
    f"{kept[flipped].mean():.0%} of the flipped ones"
)

oracle, _ = train(X_tr[~flipped], y_noisy[~flipped], 40)
print(f"clean-rows oracle (40 epochs): {oracle.score(X_te, y_te):.3f}")

# %%
# The curve beside the selection
# ------------------------------
fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4))
epochs = np.arange(1, EPOCHS + 1)
ax.plot(epochs, curve, color="0.3", label="network alone, by epoch")
for score, label, color in [
    (oracle.score(X_te, y_te), "clean-rows oracle", "tab:green"),
    (spcv.score(X_te, y_te), "SelfPacedClassifierCV", "tab:blue"),
    (early.score(X_te, y_te), f"early-stopped ({best_epochs} epochs)", "tab:orange"),
]:
    ax.axhline(score, color=color, linestyle="--", label=label)
ax.set_xlabel("epochs")
ax.set_ylabel("test accuracy (clean labels)")
ax.set_title("40% asymmetric noise: the network memorises")
ax.legend(loc="lower right", fontsize=8)

classes = np.arange(10)
clean_kept = [kept[(y_noisy == k) & ~flipped].mean() for k in classes]
flipped_kept = [kept[(y_noisy == k) & flipped].mean() for k in classes]
bx.bar(classes - 0.2, clean_kept, width=0.4, label="clean rows", color="tab:green")
bx.bar(classes + 0.2, flipped_kept, width=0.4, label="flipped rows", color="tab:red")
bx.set_xticks(classes)
bx.set_xlabel("noisy label")
bx.set_ylabel("share kept in the last epoch")
bx.set_title(f"SelfPacedClassifierCV keeps {spcv.pace_:.0%} of each class")
bx.set_ylim(0, 1.2)
bx.legend(loc="upper center", ncol=2, fontsize=8)
fig.tight_layout()
plt.show()
