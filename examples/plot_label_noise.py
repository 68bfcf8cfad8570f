"""
Robustness to label noise
=========================

Curricula and pruning are said to help most when labels are noisy (Wu et al.
2021). Here four ways to train the same linear learner (SGD with iterate
averaging, 10 epochs) face a growing fraction of flipped training labels:

- plain SGD on all the data;
- :class:`~skcurric.SelfPacedClassifier` (default ``"auto"`` pace);
- :class:`~skcurric.CurriculumSGDClassifier`, easy first, never admitting
  the hardest 30% (``end_fraction=0.7``), and its control with a random
  ranking (same pool sizes, so it also leaves out 30%, at random);
- :class:`~skcurric.PrunedClassifier` with a
  :class:`~skcurric.ForgettingPruner` keeping the 70% least forgettable
  examples (``strategy="drop_hardest"``), and its control that keeps a random
  70%.

Accuracy on clean test labels, medians over seeds 0-4.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split

from skcurric import (
    CurriculumSGDClassifier,
    ForgettingPruner,
    PrunedClassifier,
    SelfPacedClassifier,
)

NOISE = [0.0, 0.1, 0.2, 0.3, 0.4]
EPOCHS = 10


def sgd():
    return SGDClassifier(loss="log_loss", average=True, max_iter=EPOCHS, tol=None)


METHODS = {
    "plain SGD": lambda s: sgd().set_params(random_state=s),
    "SelfPacedClassifier": lambda s: SelfPacedClassifier(
        sgd(), max_iter=EPOCHS, random_state=s
    ),
    "curriculum, end 0.7": lambda s: CurriculumSGDClassifier(
        sgd(), max_iter=EPOCHS, end_fraction=0.7, random_state=s
    ),
    "  control: random order": lambda s: CurriculumSGDClassifier(
        sgd(), max_iter=EPOCHS, end_fraction=0.7, order="random", random_state=s
    ),
    "ForgettingPruner, keep 0.7": lambda s: PrunedClassifier(
        sgd(),
        pruner=ForgettingPruner(keep_fraction=0.7, strategy="drop_hardest"),
        random_state=s,
    ),
    "  control: random 0.7": lambda s: PrunedClassifier(
        sgd(),
        pruner=ForgettingPruner(keep_fraction=0.7, strategy="random"),
        random_state=s,
    ),
}

accuracy = {name: np.zeros((5, len(NOISE))) for name in METHODS}
for seed in range(5):
    X, y = make_classification(
        1000, n_features=10, n_informative=5, class_sep=1.5, random_state=seed
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed)
    # A generator of its own, so the flips share no draws with the estimators.
    draws = np.random.default_rng(seed).random(len(y_tr))
    for j, noise in enumerate(NOISE):
        y_noisy = np.where(draws < noise, 1 - y_tr, y_tr)
        for name, make in METHODS.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = make(seed).fit(X_tr, y_noisy)
            accuracy[name][seed, j] = model.score(X_te, y_te)

base = accuracy["plain SGD"]
print("Test accuracy on clean labels, median of seeds 0-4 (in brackets: median")
print("paired difference to plain SGD, in points)\n")
print("| method | " + " | ".join(f"noise {n:.0%}" for n in NOISE) + " |")
print("|---" * (len(NOISE) + 1) + "|")
for name, acc in accuracy.items():
    cells = [
        f"{np.median(acc[:, j]):.3f} ({np.median(acc[:, j] - base[:, j]) * 100:+.1f})"
        for j in range(len(NOISE))
    ]
    print(f"| {name.strip()} | " + " | ".join(cells) + " |")

# %%
# Each method next to its control: a gain over plain SGD that the control
# shares comes from seeing less data, not from the difficulty scores.

fig, ax = plt.subplots(figsize=(7, 4.5))
for name, acc in accuracy.items():
    control = name.startswith("  control")
    ax.plot(
        NOISE,
        np.median(acc, axis=0),
        marker="o",
        linestyle="--" if control else "-",
        label=name.strip(),
    )
ax.set_xlabel("fraction of training labels flipped")
ax.set_ylabel("test accuracy (clean labels)")
ax.set_title("Label-noise robustness, medians over seeds 0-4")
ax.legend(fontsize="small")
fig.tight_layout()
plt.show()
