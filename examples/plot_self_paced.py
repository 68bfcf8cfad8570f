"""
The self-paced learner picks its own curriculum
===============================================

The second demo of the write-up: a self-paced learner (Kumar, Packer and
Koller 2010) trains each epoch only on the examples whose loss is under the
pace :math:`\\lambda`, then raises the pace, :math:`\\lambda \\leftarrow \\mu
\\lambda`. On two overlapping clusters with 20% flipped labels, the panels
show which examples each epoch trained on (large points), and an animated GIF
plays the same epochs. Its control is plain SGD on all the data for the same
number of epochs; accuracy is measured on held-out clean labels, medians over
seeds 0-4. Both use SGD with iterate averaging: the last iterate of SGD with
its default learning rate jumps around so much on noisy labels that neither
result would mean much, and a self-paced learner that starts from a wrong
model keeps selecting what that model finds easy.
"""

import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split

from skcurric import SelfPacedClassifier
from skcurric.datasets import make_curriculum_dataset
from skcurric.plotting import animate_selection, plot_history, plot_selection

EPOCHS = 12


def noisy_split(seed):
    X, y, _, flipped = make_curriculum_dataset(
        600,
        cluster_std=1.5,
        center=1.5,
        label_noise=0.2,
        random_state=seed,
        return_noise_mask=True,
    )
    clean = np.where(flipped, 1 - y, y)
    return train_test_split(
        X, y, clean, flipped, test_size=0.3, stratify=clean, random_state=seed
    )


def sgd(seed=None):
    return SGDClassifier(
        loss="log_loss", average=True, max_iter=EPOCHS, tol=None, random_state=seed
    )


def self_paced(seed):
    # The write-up's pace (lambda_init=0.5, mu=1.3), trained to the budget.
    return SelfPacedClassifier(
        sgd(), lambda_init=0.5, mu=1.3, max_iter=EPOCHS, tol=None, random_state=seed
    )


# %%
# Which examples does each epoch train on? Epoch 1 falls back to the easiest
# half of each class (every loss of the untrained model is ln 2 > 0.5); then
# the pace grows and admits harder examples, while most flipped labels stay
# out.

X_tr, X_te, y_tr, _, _, clean_te, flipped_tr, _ = noisy_split(0)
fig = plot_selection(X_tr, y_tr, self_paced(0), epochs=[1, 3, 6, EPOCHS])

with warnings.catch_warnings():
    # The pace does not admit every example within the budget, on purpose.
    warnings.simplefilter("ignore", ConvergenceWarning)
    spl = self_paced(0).fit(X_tr, y_tr)
print(
    f"Last epoch (seed 0): trained on {spl.selected_[~flipped_tr].mean():.1%} of "
    f"the correctly labelled examples and {spl.selected_[flipped_tr].mean():.1%} "
    "of the flipped ones."
)

# %%
# The pace, the selected fraction of each class and the training accuracy
# (on the noisy labels) per epoch.

plot_history(spl)

# %%
# The same epochs as an animated GIF (``path="....html"`` writes an
# interactive page with play, pause and scrub controls instead).

with tempfile.TemporaryDirectory() as tmp:
    gif = Path(tmp) / "self_paced.gif"
    animate_selection(X_tr, y_tr, self_paced(0), n_epochs=EPOCHS, path=gif, fps=3)
    print(f"GIF written: {EPOCHS} frames, {gif.stat().st_size / 1024:.0f} KiB")

# %%
# Against the control: plain SGD, all data, same number of epochs.

results = {"SelfPacedClassifier": [], "plain SGD (control)": []}
for seed in range(5):
    X_tr, X_te, y_tr, _, _, clean_te, _, _ = noisy_split(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        spl = self_paced(seed).fit(X_tr, y_tr)
        plain = sgd(seed).fit(X_tr, y_tr)
    results["SelfPacedClassifier"].append(spl.score(X_te, clean_te))
    results["plain SGD (control)"].append(plain.score(X_te, clean_te))

diff = np.subtract(*results.values())
print("\n| estimator | test accuracy (clean labels), median of seeds 0-4 |")
print("|---|---|")
for name, acc in results.items():
    print(f"| {name} | {np.median(acc):.3f} |")
print(f"\nMedian paired difference: {np.median(diff) * 100:+.1f} points.")
plt.show()
