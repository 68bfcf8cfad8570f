"""
Self-paced boosting under label noise
=====================================

Gradient boosting memorises flipped labels. Here
``HistGradientBoostingClassifier`` learns the digits with 40% *asymmetric*
noise (with probability 0.4, a training label of class :math:`k` becomes
:math:`k + 1`), three ways:

- the bare learner on every row;
- :class:`~skcurric.SelfPacedClassifierCV` around it: rounds of
  warm-started boosting (ten trees per class and round), each fitted to the
  share of every class with the lowest loss, that share chosen by
  cross-validation on the noisy labels (self-paced boosting, Pi et al. 2016).
  Boosting fits the rows it trains on, so the losses that rank the rows are
  *cross-fitted*: two boosting models, each trained on the selection within
  one half of the rows, give the losses of the other half (two rounds per
  share). The learner is then fitted once on the final selection;
- the *clean-rows oracle*: the learner on the rows whose labels were not
  flipped, which no method can know.

Accuracy on clean test labels, one seed (``benchmarks/bench_noise.py
--learner hgb`` gives the medians over seeds and data sets).
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skcurric import SelfPacedClassifierCV

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
flip = np.random.default_rng(0).random(y_train.size) < 0.4
y_noisy = np.where(flip, (y_train + 1) % 10, y_train)

bare = HistGradientBoostingClassifier(random_state=0).fit(X_train, y_noisy)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    # Candidate shares 0.5, 0.6, ..., 1 (the default grid steps by 0.05):
    # a path of 13 rounds per fold keeps the example quick.
    spl = SelfPacedClassifierCV(
        HistGradientBoostingClassifier(),
        fractions=[0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        random_state=0,
    ).fit(X_train, y_noisy)
oracle = HistGradientBoostingClassifier(random_state=0).fit(
    X_train[~flip], y_noisy[~flip]
)

scores = {
    "bare learner": bare.score(X_test, y_test),
    f"SelfPacedClassifierCV\n(keeps {spl.pace_:.0%} of each class)": spl.score(
        X_test, y_test
    ),
    "clean-rows oracle": oracle.score(X_test, y_test),
}
for name, score in scores.items():
    print(f"{name.replace(chr(10), ' ')}: {score:.3f}")
print(f"flipped rows among those kept: {flip[spl.selected_].mean():.0%} (of 40%)")

# %%
# The fold scores along the path: each candidate is the share of every class
# kept, scored on held-out (noisy) labels.
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
ax1.barh(list(scores), list(scores.values()), color=["grey", "C0", "C2"])
ax1.set_xlim(0.5, 1.0)
ax1.set_xlabel("accuracy on clean test labels")
ax2.plot(spl.cv_results_["fraction"], spl.cv_results_["mean_test_score"], "o-")
ax2.axvline(spl.pace_, color="C0", linestyle=":", label="chosen pace_")
ax2.set_xlabel("share of each class kept")
ax2.set_ylabel("mean fold score (noisy labels)")
ax2.legend()
fig.tight_layout()
plt.show()
