"""Property tests that fill the gaps left by the module tests.

Already covered elsewhere (not repeated here):

- pacing range [start, 1], monotonicity on a grid, 1 from the ramp on, the
  closed forms: ``test_pacing.py::test_properties_of_every_kind`` and
  ``test_properties_match_the_closed_forms``;
- self-paced weights in [0, 1], selected = ``L < lambda`` for every regime,
  non-increasing in the loss, weights growing with the pace (hard, linear,
  mixture) for paces below 1: ``test_self_paced.py``;
- permutation equivariance of EL2N, forgetting and AUM with an order-free
  probe, and of out-of-fold ``loss`` with leave-one-out:
  ``test_scoring.py``; mislabelled examples rank as hard (AUC > 0.8) for
  eight methods on noisy data: ``test_scoring.py``.

Here: the properties of ``select_indices`` for any scores (exact budget,
unique sorted in-range indices, loose class balance, the ranking of hard /
easy / drop_hardest, stratified's cut, class quotas); vectorised =
elementwise pacing and monotonicity for arbitrary pairs of progress values;
the hard regime as an indicator for any pace (also above 1 and per example);
nested selections for every regime, including the log regime, and for the
selection SelfPacedClassifier really plans from a fixed fitted model; exact
largest-remainder class quotas and ``min_per_class``; ForgettingPruner's
counts and rows over containers; permutation equivariance of
``compute_signals``, of ``TrainingDynamics``, of ``score_samples`` for every
method given fixed fitted probes, and of the remaining dynamics methods with
an order-free probe; and "higher = harder" on a constructed case with a known
answer for every method in ``METHODS``.
"""

import functools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    LogisticRegression,
    Perceptron,
    SGDClassifier,
)
from sklearn.model_selection import LeaveOneOut
from sklearn.naive_bayes import MultinomialNB
from sklearn.neural_network import MLPClassifier

from skcurric import (
    DifficultyScorer,
    ForgettingPruner,
    SelfPacedClassifier,
    select_indices,
    self_paced_weights,
)
from skcurric._dynamics import TrainingDynamics
from skcurric._signals import SIGNALS, compute_signals, encode_labels
from skcurric.pacing import PACING_KINDS, pacing_fraction
from skcurric.pruning import STRATEGIES, _class_quotas
from skcurric.scoring import METHODS
from skcurric.self_paced import (
    REGIMES,
    _PaceData,
    _PaceSettings,
    _PaceState,
    _SelfPacedStrategy,
)
from tests.conftest import WEAK_PROBES_WARN

FAST = settings(max_examples=25, deadline=None)
MEDIUM = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# Pacing functions
# ---------------------------------------------------------------------------

pacing_params = st.fixed_dictionaries(
    {
        "kind": st.one_of(
            st.sampled_from(PACING_KINDS),
            # a callable kind goes through its own code path
            st.just(functools.partial(pacing_fraction, kind="quadratic", start=0.2)),
        ),
        "start": st.floats(1e-3, 1.0),
        "ramp": st.floats(0.05, 3.0),
        "p": st.floats(0.25, 6.0),
        "n_steps": st.integers(1, 12),
    }
)


@MEDIUM
@given(
    params=pacing_params,
    progress=arrays(
        np.float64,
        array_shapes(min_dims=0, max_dims=2, max_side=6),
        elements=st.floats(0.0, 10.0),
    ),
)
def test_pacing_vectorised_equals_elementwise(params, progress):
    # One vectorised call must give what a loop of scalar calls gives: the
    # curriculum evaluates all its minibatch steps at once.
    out = pacing_fraction(progress, **params)
    assert np.shape(out) == progress.shape
    expected = np.empty(progress.shape)
    for idx in np.ndindex(progress.shape):
        scalar = pacing_fraction(float(progress[idx]), **params)
        assert isinstance(scalar, float)
        expected[idx] = scalar
    # equal up to a few ulp: NumPy may use SIMD kernels for exp and log on
    # arrays (bit-identical here, but not promised on every CPU)
    assert_allclose(out, expected, rtol=1e-15, atol=0)


@MEDIUM
@given(
    params=pacing_params,
    # fractions of the ramp, with values just below the end of the ramp
    a=st.one_of(st.floats(0.0, 3.0), st.floats(0.999, 1.0)),
    b=st.one_of(st.floats(0.0, 3.0), st.floats(0.999, 1.0)),
)
def test_pacing_monotone_for_any_pair_and_one_from_the_ramp(params, a, b):
    ramp = params["ramp"]
    t1, t2 = sorted((a * ramp, b * ramp))
    f1, f2 = pacing_fraction(t1, **params), pacing_fraction(t2, **params)
    assert f1 <= f2 + 1e-12
    named = not callable(params["kind"])
    low = params["start"] if named else 0.0  # a callable's own start is its own
    for t, f in ((t1, f1), (t2, f2)):
        assert low - 1e-12 <= f <= 1.0
        if t / ramp >= 1.0:
            assert f == 1.0


# ---------------------------------------------------------------------------
# Self-paced weights
# ---------------------------------------------------------------------------

losses_st = arrays(
    np.float64, st.integers(1, 30), elements=st.floats(0.0, 40.0, allow_nan=False)
)


@st.composite
def losses_and_paces(draw, high=50.0):
    """Losses, and a scalar or per-example pace, up to ``high``."""
    losses = draw(losses_st)
    if draw(st.booleans()):
        lam = draw(st.floats(1e-3, high))
    else:
        lam = draw(arrays(np.float64, losses.shape, elements=st.floats(1e-3, high)))
    return losses, lam


@MEDIUM
@given(problem=losses_and_paces())
def test_hard_regime_is_the_indicator_of_loss_below_pace(problem):
    losses, lam = problem
    # a loss equal to its pace is not selected (strict inequality)
    losses = np.append(losses, np.max(lam))
    lam = lam if np.ndim(lam) == 0 else np.append(lam, np.max(lam))
    w = self_paced_weights(losses, lam, regime="hard")
    assert_array_equal(w, (losses < lam).astype(float))


@MEDIUM
@given(
    problem=losses_and_paces(),
    regime=st.sampled_from(["hard", "linear", "mixture"]),
    ratio=st.floats(0.05, 0.95),
)
def test_weights_bounded_and_non_increasing_for_large_and_per_example_paces(
    problem, regime, ratio
):
    # test_self_paced covers a scalar pace below 1; paces grow past 1 in
    # training (lambda <- mu lambda) and are per class with class_balance.
    losses, lam = problem
    w = self_paced_weights(losses, lam, regime=regime, mixture_ratio=ratio)
    assert np.all((w >= 0) & (w <= 1))
    if np.ndim(lam) == 0:
        order = np.argsort(losses, kind="stable")
        assert np.all(np.diff(w[order]) <= 1e-12)


@MEDIUM
@given(
    losses=losses_st,
    lam=st.floats(1e-3, 0.99),
    factor=st.floats(1.0, 20.0),
    regime=st.sampled_from(REGIMES),
    data=st.data(),
)
def test_selected_set_grows_with_the_pace_in_every_regime(
    losses, lam, factor, regime, data
):
    # The log regime's weights need not grow with the pace, but its selected
    # set must, as in every regime.
    high = min(lam * factor, 0.999) if regime == "log" else lam * factor
    groups = data.draw(
        st.none() | arrays(np.int64, losses.shape, elements=st.integers(0, 2))
    )
    gamma = data.draw(st.sampled_from([0.0, 0.3])) if groups is not None else 0.0
    if regime == "log" and gamma:
        # the diversity bonus raises each pace; keep it below 1 for log
        lam, high = lam / 3, high / 3
    kw = {"regime": regime, "groups": groups, "diversity": gamma}
    low_sel = self_paced_weights(losses, lam, **kw) > 0
    high_sel = self_paced_weights(losses, high, **kw) > 0
    assert np.all(high_sel[low_sel])


@functools.cache
def _fitted_three_class_model():
    """A fixed fitted model and its per-sample losses on noisy 3-class data."""
    X, y = make_classification(
        90,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=3,
        n_clusters_per_class=1,
        flip_y=0.1,
        random_state=0,
    )
    est = SGDClassifier(loss="log_loss", random_state=0).fit(X, y)
    classes = np.unique(y)
    y_index = encode_labels(classes, y)
    sig = compute_signals(est, X, y_index, classes, ("loss", "correct"))
    return classes, y_index, sig["loss"], sig["correct"]


def _planned_selection(lam, regime, class_balance, groups=None, diversity=0.0):
    """The rows SelfPacedClassifier would train on next, for a fixed model.

    Built through the estimator's own strategy (the code fit and
    partial_fit run), with the pace fixed at ``lam``.
    """
    classes, y_index, losses, correct = _fitted_three_class_model()
    spl = SelfPacedClassifier(
        lambda_init=lam,
        regime=regime,
        class_balance=class_balance,
        diversity=diversity,
    )
    codes = None if groups is None else np.unique(groups, return_inverse=True)[1]
    strategy = _SelfPacedStrategy(
        _PaceSettings.from_params(spl.get_params()),
        _PaceState(),
        _PaceData(y_index, classes.size, sample_weight=None, group_codes=codes),
        losses=losses,
        correct=correct,
        max_iter=30,
        streaming=False,
    )
    plan = strategy.plan(0, np.random.RandomState(0))
    return strategy.selected.copy(), plan


@MEDIUM
@given(
    # down to paces below every loss of a class: the cold-start fallback
    lam=st.floats(-7.0, np.log10(0.9)).map(lambda e: 10.0**e),
    factor=st.floats(1.0, 30.0),
    regime=st.sampled_from(REGIMES),
    class_balance=st.booleans(),
    diverse=st.booleans(),
)
def test_classifier_selection_from_a_fixed_model_grows_with_the_pace(
    lam, factor, regime, class_balance, diverse
):
    _, y_index, losses, _ = _fitted_three_class_model()
    high = min(lam * factor, 0.95) if regime == "log" else lam * factor
    groups = np.arange(y_index.size) % 4 if diverse else None
    gamma = 0.02 if diverse else 0.0
    low_sel, low_plan = _planned_selection(lam, regime, class_balance, groups, gamma)
    high_sel, _ = _planned_selection(high, regime, class_balance, groups, gamma)
    # The plan trains on exactly the selected rows, once each.
    assert_array_equal(np.sort(low_plan.indices), np.flatnonzero(low_sel))
    # Every row under the smaller pace is under the larger one too.
    pace_rows = self_paced_weights(
        losses, lam, regime=regime, groups=groups, diversity=gamma
    )
    assert np.all(high_sel[pace_rows > 0])
    # The cold-start fallback tops a class up to its easiest start_fraction
    # while the pace selects less, so the selection never shrinks either.
    # Not with diversity, which only tops up a class with nothing selected:
    # its smaller pace can then select more rows of that class than a larger
    # pace that admits one of them.
    if not (diverse and low_plan.note["fallback"]):
        assert np.all(high_sel[low_sel])


# ---------------------------------------------------------------------------
# Selection: select_indices and ForgettingPruner
# ---------------------------------------------------------------------------


@st.composite
def labelled_scores(draw, max_n=60, max_classes=4):
    n = draw(st.integers(4, max_n))
    n_classes = draw(st.integers(2, max_classes))
    y = draw(arrays(np.int64, n, elements=st.integers(0, n_classes - 1)))
    if np.unique(y).size < 2:
        y[:2] = [0, 1]
    # few distinct values so that ties are common
    scores = draw(arrays(np.float64, n, elements=st.integers(0, 5).map(float)))
    return scores, y


@st.composite
def budgets(draw, n, min_total=1):
    """A keep_fraction: an int count or a float fraction, >= ``min_total`` rows."""
    if draw(st.booleans()):
        return draw(st.integers(max(1, min_total), n))
    frac = draw(st.floats(0.01, 1.0))
    if max(1, np.floor(frac * n + 0.5)) < min_total:
        return min_total
    return frac


def _budget(keep, n):
    if isinstance(keep, int):
        return keep
    return int(min(n, max(1, np.floor(keep * n + 0.5))))


@MEDIUM
@given(
    problem=labelled_scores(),
    strategy=st.sampled_from(STRATEGIES),
    min_per_class=st.integers(1, 3),
    seed=st.integers(0, 100),
    data=st.data(),
)
def test_class_quotas_are_largest_remainder_shares_with_a_minimum(
    problem, strategy, min_per_class, seed, data
):
    scores, y = problem
    n = y.size
    classes, counts = np.unique(y, return_counts=True)
    floor_min = np.minimum(counts, min_per_class)
    keep = data.draw(budgets(n, min_total=int(floor_min.sum())))
    m = _budget(keep, n)
    idx = select_indices(
        scores,
        y,
        keep_fraction=keep,
        strategy=strategy,
        class_balance=True,
        min_per_class=min_per_class,
        random_state=seed,
    )
    kept = np.array([(y[idx] == c).sum() for c in classes])
    assert kept.sum() == m == idx.size
    assert np.all(kept >= floor_min) and np.all(kept <= counts)
    share = counts * m / n
    if np.all(np.floor(share) >= floor_min):
        # No minimum binds: each class keeps floor or ceil of its share, and
        # the units left by flooring go to the largest remainders.
        assert np.all((kept == np.floor(share)) | (kept == np.ceil(share)))
        remainder = share - np.floor(share)
        up = kept > np.floor(share)
        if up.any() and (~up).any():
            assert remainder[up].min() >= remainder[~up].max() - 1e-9


# ---------------------------------------------------------------------------
# select_indices: exact budget, ranking, cut and quotas (any scores)
# ---------------------------------------------------------------------------


@st.composite
def selection_problems(draw):
    n = draw(st.integers(2, 60))
    n_classes = draw(st.integers(1, min(4, n)))
    y = np.array(draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))
    # few distinct values, so ties are common
    scores = np.array(
        draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=float
    )
    n_cls = np.unique(y).size
    if draw(st.booleans()):
        keep = draw(st.integers(n_cls, n))
    else:
        keep = draw(st.floats(0.01, 1.0))
        if max(1, np.floor(keep * n + 0.5)) < n_cls:
            keep = n_cls  # the smallest budget class balance allows
    return scores, y, keep


@settings(max_examples=150, deadline=None)
@given(
    problem=selection_problems(),
    strategy=st.sampled_from(STRATEGIES),
    balance=st.booleans(),
    seed=st.integers(0, 10),
)
def test_selection_is_exact_unique_sorted_and_balanced(
    problem, strategy, balance, seed
):
    scores, y, keep = problem
    n = y.size
    m = min(_budget(keep, n), n)
    idx = select_indices(
        scores,
        y,
        keep_fraction=keep,
        strategy=strategy,
        class_balance=balance,
        random_state=seed,
    )
    assert idx.size == m
    assert np.all(np.diff(idx) > 0)  # sorted and unique
    assert idx.min() >= 0 and idx.max() < n
    if balance:
        classes, counts = np.unique(y, return_counts=True)
        kept = np.array([(y[idx] == c).sum() for c in classes])
        assert np.all(kept >= 1)  # never an empty class
        assert np.all(kept <= counts)
        share = counts * m / n
        # proportional up to rounding and the one-per-class minimum
        assert np.all(np.abs(kept - share) < 1 + classes.size)


@settings(max_examples=150, deadline=None)
@given(problem=selection_problems(), balance=st.booleans(), seed=st.integers(0, 10))
def test_hard_easy_and_drop_hardest_respect_the_ranking(problem, balance, seed):
    scores, y, keep = problem
    groups = np.unique(y) if balance else [None]
    for strategy in ("hard", "easy", "drop_hardest"):
        idx = select_indices(
            scores,
            y,
            keep_fraction=keep,
            strategy=strategy,
            class_balance=balance,
            random_state=seed,
        )
        mask = np.zeros(y.size, dtype=bool)
        mask[idx] = True
        for g in groups:
            in_g = np.ones(y.size, bool) if g is None else y == g
            kept, dropped = scores[mask & in_g], scores[~mask & in_g]
            if kept.size and dropped.size:
                if strategy == "hard":
                    assert kept.min() >= dropped.max()
                else:
                    assert kept.max() <= dropped.min()


@settings(max_examples=100, deadline=None)
@given(
    problem=selection_problems(),
    cutoff=st.floats(0.0, 0.9),
    seed=st.integers(0, 10),
)
def test_stratified_never_keeps_the_cut_hardest(problem, cutoff, seed):
    scores, y, keep = problem
    n = y.size
    m = min(_budget(keep, n), n)
    idx = select_indices(
        scores,
        y,
        keep_fraction=keep,
        strategy="stratified",
        class_balance=False,
        hard_cutoff=cutoff,
        random_state=seed,
    )
    n_drop = min(int(np.floor(cutoff * n)), n - m)
    if n_drop:
        # every kept score is at most the n_drop-th highest score
        assert scores[idx].max() <= np.sort(scores)[::-1][n_drop - 1]


@settings(max_examples=100, deadline=None)
@given(
    counts=st.lists(st.integers(1, 50), min_size=1, max_size=6),
    frac=st.floats(0.0, 1.0),
    min_per_class=st.integers(1, 3),
)
def test_class_quotas_properties(counts, frac, min_per_class):
    counts = np.array(counts)
    floor_min = np.minimum(counts, min_per_class)
    m = int(floor_min.sum() + np.floor(frac * (counts.sum() - floor_min.sum())))
    q = _class_quotas(counts, m, min_per_class)
    assert q.sum() == m
    assert np.all(q >= floor_min) and np.all(q <= counts)


@st.composite
def pruner_problems(draw):
    scores, y = draw(labelled_scores(max_n=50, max_classes=3))
    n_cls = np.unique(y).size
    balance = draw(st.booleans())
    keep = draw(budgets(y.size, min_total=n_cls if balance else 1))
    return scores, y, keep, balance


def _container(X, y, kind):
    if kind == "csr":
        return sparse.csr_matrix(X), y
    if kind == "list":
        return X.tolist(), y.tolist()
    if kind == "pandas":
        pd = pytest.importorskip("pandas")
        return pd.DataFrame(X, columns=["a", "b", "c"]), pd.Series(y, name="t")
    return X, y


def _as_array(data):
    if sparse.issparse(data):
        return data.toarray()
    if hasattr(data, "to_numpy"):
        return data.to_numpy()
    return np.asarray(data)


@MEDIUM
@given(
    problem=pruner_problems(),
    strategy=st.sampled_from(STRATEGIES),
    kind=st.sampled_from(["numpy", "csr", "list", "pandas"]),
    seed=st.integers(0, 100),
)
def test_pruner_keeps_exact_counts_and_exact_rows(problem, strategy, kind, seed):
    scores, y, keep, balance = problem
    n = y.size
    rng = np.random.RandomState(seed)
    # distinct rows, so a row in the output identifies its source row
    X = np.column_stack([np.arange(n), rng.normal(size=(n, 2))])
    Xc, yc = _container(X, y, kind)
    pruner = ForgettingPruner(
        keep_fraction=keep, strategy=strategy, class_balance=balance, random_state=seed
    )
    X_res, y_res = pruner.fit_resample(Xc, yc, difficulty=scores)
    idx = pruner.sample_indices_
    m = _budget(keep, n)
    assert pruner.n_kept_ == idx.size == m
    assert np.all(np.diff(idx) > 0) and idx.min() >= 0 and idx.max() < n
    assert type(X_res) is type(Xc) and type(y_res) is type(yc)
    assert_array_equal(_as_array(X_res), X[idx])  # exact, not approximately
    assert_array_equal(_as_array(y_res), y[idx])
    assert pruner.sampling_strategy_ == {
        int(c): int(k)
        for c, k in zip(*np.unique(y[idx], return_counts=True), strict=True)
    }
    if balance:
        classes, counts = np.unique(y, return_counts=True)
        kept = np.array([pruner.sampling_strategy_.get(int(c), 0) for c in classes])
        assert np.all(kept >= 1)
        assert np.all(np.abs(kept - counts * m / n) < 1 + classes.size)
    if pruner.strategy_ in ("hard", "easy", "drop_hardest"):
        mask = np.zeros(n, bool)
        mask[idx] = True
        for g in np.unique(y) if balance else [None]:
            in_g = np.ones(n, bool) if g is None else y == g
            kept_s, dropped_s = scores[mask & in_g], scores[~mask & in_g]
            if kept_s.size and dropped_s.size:
                if pruner.strategy_ == "hard":
                    assert kept_s.min() >= dropped_s.max()
                else:
                    assert kept_s.max() <= dropped_s.min()


# ---------------------------------------------------------------------------
# Difficulty: permutation equivariance
# ---------------------------------------------------------------------------
#
# Which DifficultyScorer methods are exactly order-equivariant by design?
#
# - Out-of-fold methods (loss, margin, teacher) with an integer ``cv`` use
#   StratifiedKFold(shuffle=True): the folds are drawn over row positions,
#   so permuting the rows changes which model scores which example. They are
#   equivariant only with a splitter whose folds do not depend on the order
#   (LeaveOneOut) and an order-free learner (LogisticRegression's lbfgs sums
#   over rows: equal up to round-off).
# - Training-dynamics and final-state methods train through partial_fit on a
#   seeded permutation of row *positions* every epoch, so permuted data is
#   seen in another order. They are equivariant only with a learner whose
#   partial_fit does not depend on the order (MultinomialNB's counts), never
#   with SGD. GraNd needs a linear model or an MLP, all order-dependent, so
#   it has no such setting.
# - What must hold for every method is the scoring itself: per-sample
#   signals of a fixed fitted model (compute_signals), statistics of fixed
#   trajectories (TrainingDynamics), and hence score_samples given the
#   fitted probes, which replays the trajectories on new data.


def _quiet_fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y)


@functools.cache
def _fixed_models():
    X, y = make_classification(
        80, n_features=3, n_informative=3, n_redundant=0, random_state=1, n_classes=3
    )
    X2, y2 = X[:, :2], (y > 0).astype(int)
    # converged or not after 300 Adam steps, it is a fixed model
    mlp = _quiet_fit(MLPClassifier((5,), max_iter=300, random_state=0), X, y)
    return {
        "sgd_ovr": (SGDClassifier(loss="log_loss", random_state=0).fit(X, y), 3),
        "logistic": (LogisticRegression().fit(X, y), 3),
        "mlp": (mlp, 3),
        "perceptron": (Perceptron(random_state=0).fit(X, y), 3),
        "binary": (SGDClassifier(loss="log_loss", random_state=0).fit(X2, y2), 2),
    }


@MEDIUM
@given(
    model=st.sampled_from(["sgd_ovr", "logistic", "mlp", "perceptron", "binary"]),
    n=st.integers(1, 25),
    data=st.data(),
)
def test_signals_of_a_fixed_model_are_permutation_equivariant(model, n, data):
    est, k = _fixed_models()[model]
    n_features = est.n_features_in_
    X = data.draw(arrays(np.float64, (n, n_features), elements=st.floats(-6, 6)))
    y_index = data.draw(arrays(np.int64, n, elements=st.integers(0, k - 1)))
    perm = data.draw(st.permutations(range(n)))
    # GraNd has no closed form for a perceptron (no probabilities)
    which = [s for s in SIGNALS if model != "perceptron" or s != "grand"]
    classes = np.arange(k)
    a = compute_signals(est, X, y_index, classes, which)
    b = compute_signals(est, X[perm], y_index[perm], classes, which)
    for name in which:
        if name == "correct":
            assert_array_equal(b[name], a[name][perm])
        else:
            assert_allclose(b[name], a[name][perm], rtol=1e-12, atol=1e-12)


@MEDIUM
@given(
    shape=st.tuples(st.integers(1, 10), st.integers(1, 12)),
    never_learned=st.sampled_from(["max", "inf"]),
    data=st.data(),
)
def test_training_dynamics_are_permutation_equivariant(shape, never_learned, data):
    T, n = shape
    correct = data.draw(arrays(np.bool_, (T, n)))
    margin = data.draw(arrays(np.float64, (T, n), elements=st.floats(-9, 9)))
    p_true = data.draw(arrays(np.float64, (T, n), elements=st.floats(0, 1)))
    perm = np.array(data.draw(st.permutations(range(n))))

    def run(cols):
        dyn = TrainingDynamics(n)
        for c, m, p in zip(correct, margin, p_true, strict=True):
            dyn.update({"correct": c[cols], "margin": m[cols], "p_true": p[cols]})
        return dyn

    a, b = run(np.arange(n)), run(perm)
    for method in ("forgetting", "learned_epoch", "aum", "confidence", "variability"):
        assert_array_equal(
            b.difficulty(method, never_learned),
            a.difficulty(method, never_learned)[perm],
        )
    assert_array_equal(b.unforgettable, a.unforgettable[perm])


@functools.cache
def _fitted_scorer(method):
    X, y = _scorer_data()
    return DifficultyScorer(
        method, n_epochs=4, n_repeats=2, cv=3, keep_trajectories=True, random_state=0
    ).fit(X, y)


@functools.cache
def _scorer_data():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(-1, 1, (30, 2)), rng.normal(1, 1, (30, 2))])
    y = np.repeat([0, 1], 30)
    y[rng.choice(60, 6, replace=False)] ^= 1  # some label noise
    return X, y


@FAST
@given(method=st.sampled_from(METHODS), data=st.data())
def test_score_samples_with_fixed_probes_is_permutation_equivariant(method, data):
    scorer = _fitted_scorer(method)
    X, y = _scorer_data()
    n = data.draw(st.integers(1, 60))
    rows = np.array(data.draw(st.lists(st.integers(0, 59), min_size=n, max_size=n)))
    perm = np.array(data.draw(st.permutations(range(n))))
    Xs, ys = X[rows], y[rows]
    a = scorer.score_samples(Xs, ys)
    b = scorer.score_samples(Xs[perm], ys[perm])
    assert_allclose(b, a[perm], rtol=1e-12, atol=1e-12)
    assert_allclose(scorer.transform(Xs[perm])[:, 0], scorer.transform(Xs)[perm, 0])


# Random labels: the probe may well score below the majority class.
@WEAK_PROBES_WARN
@FAST
@given(
    seed=st.integers(0, 10_000),
    method=st.sampled_from(["confidence", "variability", "learned_epoch"]),
)
def test_remaining_dynamics_methods_equivariant_with_an_order_free_probe(seed, method):
    # test_scoring covers el2n, forgetting and aum in the same setting.
    rng = np.random.RandomState(seed)
    X = rng.poisson(2.0, size=(40, 5)).astype(float)
    y = rng.randint(0, 3, size=40)
    y[:3] = [0, 1, 2]
    perm = rng.permutation(40)
    s = DifficultyScorer(method, estimator=MultinomialNB(), n_epochs=3, random_state=0)
    a = s.fit(X, y).scores_
    b = s.fit(X[perm], y[perm]).scores_
    assert_allclose(b, a[perm], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", ["margin", "teacher"])
def test_out_of_fold_margin_and_teacher_equivariant_with_leave_one_out(method):
    # test_scoring covers "loss"; LOO folds do not depend on the row order.
    rng = np.random.RandomState(0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] + 0.5 * rng.normal(size=30) > 0).astype(int)
    perm = rng.permutation(30)
    s = DifficultyScorer(method, estimator=LogisticRegression(), cv=LeaveOneOut())
    # A left-out row the model gets wrong is a fold at accuracy 0: skcurric
    # warns, in either order.
    with pytest.warns(UserWarning, match="fold model.* below the majority-class"):
        permuted = s.fit(X[perm], y[perm]).scores_
    with pytest.warns(UserWarning, match="fold model.* below the majority-class"):
        assert_allclose(permuted, s.fit(X, y).scores_[perm], rtol=1e-6)


# ---------------------------------------------------------------------------
# Difficulty: higher = harder where the answer is known
# ---------------------------------------------------------------------------


def _flipped_case(seed, n=100, n_flip=3):
    """Two separated clusters; the 3 points nearest each centre get the other label.

    A flipped point sits deep inside the other class (the model is sure of
    the wrong label); a clean point beyond its cluster centre (|x0| > 2) is
    far from the boundary on its own side. Every method must score every
    flipped point above every such clean point.
    """
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal([-2, 0], 0.5, (n, 2)), rng.normal([2, 0], 0.5, (n, 2))])
    y = np.repeat([0, 1], n)
    flipped = np.zeros(2 * n, dtype=bool)
    for c, cx in ((0, -2.0), (1, 2.0)):
        rows = np.flatnonzero(y == c)
        dist = np.hypot(X[rows, 0] - cx, X[rows, 1])
        flipped[rows[np.argsort(dist)[:n_flip]]] = True
    y = np.where(flipped, 1 - y, y)
    clean_far = ~flipped & (np.abs(X[:, 0]) > 2.0)
    return X, y, flipped, clean_far


def _ambiguous_case(seed, n=100, n_pairs=5):
    """Two separated clusters plus duplicated boundary points with both labels."""
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal([-2, 0], 0.5, (n, 2)), rng.normal([2, 0], 0.5, (n, 2))])
    B = np.column_stack([rng.uniform(-0.2, 0.2, n_pairs), rng.normal(0, 0.5, n_pairs)])
    X = np.vstack([X, B, B])
    y = np.r_[np.repeat([0, 1], n), np.zeros(n_pairs, int), np.ones(n_pairs, int)]
    ambiguous = np.r_[np.zeros(2 * n, bool), np.ones(2 * n_pairs, bool)]
    clean_far = ~ambiguous & (np.abs(X[:, 0]) > 2.0)
    return X, y, ambiguous, clean_far


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_higher_is_harder_where_the_answer_is_known(method, seed):
    if method == "variability":
        # Dataset cartography's variability marks *ambiguous* examples (the
        # model's confidence in them keeps changing); a confidently wrong
        # label has low variability (Swayamdipta et al. 2020's hard-to-learn
        # region). Its known case: identical boundary points with both labels,
        # under the default probe, whose decaying but large steps keep moving
        # the boundary. A slow, smooth probe would instead make the clean
        # points' rising confidence the most variable: that is no bug.
        X, y, hard, clean_far = _ambiguous_case(seed)
        scorer = DifficultyScorer("variability", random_state=seed)
    else:
        # A small constant step, so that the probe converges instead of
        # swinging: the known answer is about the method, not about SGD's
        # default schedule (which, with alpha=1e-4, can end an epoch with the
        # whole boundary flipped on this data).
        X, y, hard, clean_far = _flipped_case(seed)
        probe = SGDClassifier(
            loss="log_loss", learning_rate="constant", eta0=0.01, alpha=1e-3
        )
        scorer = DifficultyScorer(
            method, estimator=None if method == "teacher" else probe, random_state=seed
        )
    scores = scorer.fit(X, y).scores_
    assert clean_far.sum() >= 20
    assert scores[hard].min() > scores[clean_far].max()
