"""
Do difficulty metrics agree?
============================

The write-up that started skcurric claims that difficulty metrics "largely
agree". Here every :class:`~skcurric.DifficultyScorer` method scores the same
noisy two-cluster data, and we look at (1) how well each one ranks the flipped
labels as hard, (2) the Spearman agreement between methods and (3) the data
map of dataset cartography, where flipped labels should sit at low
confidence (the hard-to-learn region).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score

from skcurric import DifficultyScorer, difficulty_agreement
from skcurric.datasets import make_curriculum_dataset
from skcurric.plotting import plot_data_map
from skcurric.scoring import METHODS

X, y, _, flipped = make_curriculum_dataset(
    600, cluster_std=1.0, label_noise=0.2, random_state=0, return_noise_mask=True
)
scorers = {
    m: DifficultyScorer(m, n_repeats=3, random_state=0).fit(X, y) for m in METHODS
}
scores = {m: scorer.scores_ for m, scorer in scorers.items()}
for method, s in scores.items():
    print(f"{method:>14}: ROC AUC vs flipped labels = {roc_auc_score(flipped, s):.3f}")

agreement = np.asarray(difficulty_agreement(scores))
fig, ax = plt.subplots(figsize=(7, 6))
im = ax.imshow(agreement, vmin=-1, vmax=1, cmap="RdBu_r")
ax.set_xticks(range(len(METHODS)), METHODS, rotation=60, ha="right")
ax.set_yticks(range(len(METHODS)), METHODS)
fig.colorbar(im, ax=ax, label="Spearman rank correlation")
ax.set_title("Agreement between difficulty methods")
fig.tight_layout()

# %%
# The data map (Swayamdipta et al. 2020): mean and standard deviation over
# epochs of the probability of each example's label, coloured by the
# fraction of epochs it was classified correctly. Flipped labels circled.

dynamics = scorers["confidence"].dynamics_
low = dynamics["confidence"] < 0.5
print(
    f"\nconfidence < 0.5: {int(low.sum())} examples, {flipped[low].mean():.0%} of "
    f"them flipped; confidence >= 0.5: {flipped[~low].mean():.1%} flipped"
)
plot_data_map(scorers["confidence"], mark=flipped, mark_label="flipped label")
plt.show()
