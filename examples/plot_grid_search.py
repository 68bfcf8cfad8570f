"""
Tuning the pace with GridSearchCV
=================================

:class:`~skcurric.SelfPacedClassifier` is an ordinary scikit-learn estimator,
so its pace is tuned like any hyper-parameter: here a
:class:`~sklearn.model_selection.GridSearchCV` over the initial pace
``lambda_init`` and the annealing factor ``mu``, inside a
:class:`~sklearn.pipeline.Pipeline` with a scaler, on data with 20% flipped
labels. The cross-validated accuracy (on the noisy validation labels, all
the search can see) is shown as a heatmap. The control is the same pipeline
with plain SGD, the same learner and number of epochs, scored on the same
folds; the best pipeline of each is then scored on held-out clean labels.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_score,
    train_test_split,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skcurric import SelfPacedClassifier

X, y = make_classification(
    1200, n_features=10, n_informative=5, class_sep=1.5, flip_y=0, random_state=0
)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
# Flip 20% of the training labels; the test labels stay clean.
flip = np.random.default_rng(1).random(len(y_tr)) < 0.2
y_noisy = np.where(flip, 1 - y_tr, y_tr)

EPOCHS = 15
sgd = SGDClassifier(loss="log_loss", average=True, max_iter=EPOCHS, tol=None)
pipe = Pipeline(
    [
        ("scale", StandardScaler()),
        ("spl", SelfPacedClassifier(sgd, max_iter=EPOCHS, tol=None, random_state=0)),
    ]
)
grid = {
    "spl__lambda_init": [0.1, 0.3, 0.5, 1.0],
    "spl__mu": [1.1, 1.3, 1.6, 2.0],
}
cv = StratifiedKFold(3, shuffle=True, random_state=0)
with warnings.catch_warnings():
    # Slow paces do not admit every example within the budget: the point.
    warnings.simplefilter("ignore", ConvergenceWarning)
    search = GridSearchCV(pipe, grid, cv=cv).fit(X_tr, y_noisy)

plain = Pipeline([("scale", StandardScaler()), ("sgd", clone(sgd))])
plain_cv = cross_val_score(plain, X_tr, y_noisy, cv=cv).mean()
print(f"best parameters: {search.best_params_}")
print(
    f"mean CV accuracy on the noisy labels: best grid cell {search.best_score_:.3f}"
    f" (optimistic: chosen on the folds it is scored on), plain SGD {plain_cv:.3f}"
)

# %%
# The chosen pace against the control on the clean test labels, refitted with
# seeds 0-4 of the learners.

test = {"SelfPacedClassifier (best pace)": [], "plain SGD (control)": []}
for seed in range(5):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        best = clone(search.best_estimator_).set_params(spl__random_state=seed)
        best.fit(X_tr, y_noisy)
    control = clone(plain).set_params(sgd__random_state=seed).fit(X_tr, y_noisy)
    test["SelfPacedClassifier (best pace)"].append(best.score(X_te, y_te))
    test["plain SGD (control)"].append(control.score(X_te, y_te))
print("\n| model | test accuracy (clean labels), median of seeds 0-4 |")
print("|---|---|")
for name, acc in test.items():
    print(f"| {name} | {np.median(acc):.3f} |")
diff = np.subtract(*test.values())
print(f"\nMedian paired difference: {np.median(diff) * 100:+.1f} points.")

# %%
# Mean CV accuracy over the grid.

lambdas, mus = grid["spl__lambda_init"], grid["spl__mu"]
scores = np.empty((len(lambdas), len(mus)))
for params, score in zip(
    search.cv_results_["params"], search.cv_results_["mean_test_score"], strict=True
):
    scores[lambdas.index(params["spl__lambda_init"]), mus.index(params["spl__mu"])] = (
        score
    )

fig, ax = plt.subplots(figsize=(5.5, 4.5))
im = ax.imshow(scores, cmap="viridis", origin="lower")
ax.set_xticks(range(len(mus)), [f"{m:g}" for m in mus])
ax.set_yticks(range(len(lambdas)), [f"{v:g}" for v in lambdas])
ax.set_xlabel("mu")
ax.set_ylabel("lambda_init")
for i in range(len(lambdas)):
    for j in range(len(mus)):
        ax.text(j, i, f"{scores[i, j]:.3f}", ha="center", va="center", color="w")
fig.colorbar(im, ax=ax, label="mean CV accuracy")
ax.set_title(f"SelfPacedClassifier (plain SGD: {plain_cv:.3f})")
fig.tight_layout()
plt.show()
