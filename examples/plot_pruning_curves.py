"""
Pruning curves: which examples to keep?
=======================================

Train on a fraction of the data chosen by difficulty, and compare the
strategies of :func:`~skcurric.select_indices` with random pruning of the
same size, the control every pruning result must beat (Sorscher et al. 2022
find it strong at high pruning rates). Difficulty is EL2N (Paul et al. 2021),
averaged over three short trainings, computed on the training split only; the
digits data, with 10% of the training labels flipped; test accuracy on the
untouched test labels, medians over seeds 0-4.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from skcurric import DifficultyScorer, select_indices
from skcurric.plotting import plot_prune_curve

KEEP = [0.1, 0.2, 0.3, 0.5, 0.7, 0.9]
STRATEGIES = ["hard", "easy", "stratified", "drop_hardest", "random"]
SEEDS = range(5)

X, y = load_digits(return_X_y=True)
rows, full = [], []
for seed in SEEDS:
    # A generator of its own for the noise: drawn from RandomState(seed), the
    # flips would be the very draws select_indices(random_state=seed) uses.
    rng = np.random.default_rng(seed)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_tr)
    X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    noisy = rng.random(len(y_tr)) < 0.1
    y_tr = np.where(noisy, (y_tr + rng.integers(1, 10, len(y_tr))) % 10, y_tr)
    scores = DifficultyScorer("el2n", n_epochs=5, n_repeats=3, random_state=seed)
    scores = scores.fit(X_tr, y_tr).scores_

    def accuracy(idx, seed=seed, X_tr=X_tr, y_tr=y_tr, X_te=X_te, y_te=y_te):
        clf = SGDClassifier(
            loss="log_loss", average=True, max_iter=20, tol=None, random_state=seed
        )
        return clf.fit(X_tr[idx], y_tr[idx]).score(X_te, y_te)

    full.append(accuracy(np.arange(len(y_tr))))
    for strategy in STRATEGIES:
        for keep in KEEP:
            idx = select_indices(
                scores, y_tr, keep_fraction=keep, strategy=strategy, random_state=seed
            )
            rows.append(
                {"strategy": strategy, "keep_fraction": keep, "accuracy": accuracy(idx)}
            )

acc = {
    (r["strategy"], r["keep_fraction"]): [
        q["accuracy"]
        for q in rows
        if (q["strategy"], q["keep_fraction"]) == (r["strategy"], r["keep_fraction"])
    ]
    for r in rows
}
print(f"All training data: median test accuracy {np.median(full):.3f}\n")
print("| keep | " + " | ".join(STRATEGIES) + " |")
print("|---" * (len(STRATEGIES) + 1) + "|")
for keep in KEEP:
    cells = []
    for s in STRATEGIES:
        med = np.median(acc[s, keep])
        diff = np.median(np.subtract(acc[s, keep], acc["random", keep])) * 100
        cells.append(f"{med:.3f}" if s == "random" else f"{med:.3f} ({diff:+.1f})")
    print(f"| {keep:g} | " + " | ".join(cells) + " |")
print("\n(in brackets: median paired difference to random pruning, in points)")

# %%
# The curves, with min-max bands over the seeds.

plot_prune_curve(rows, full=full)
plt.tight_layout()
plt.show()
