"""PyTorch networks through skorch: every estimator, the learner protocol's checks.

Optional, like the Dask tests: skipped without torch and skorch (the ``torch``
extra, ``pip install ".[torch]"``); ``.ci/run`` installs them and runs this
module in a step of its own. The networks are tiny and CPU-only, torch runs on
one thread; skcurric seeds torch's generator from each estimator's
random_state (skorch draws weights and minibatch orders from it), and the
autouse fixture seeds it for what runs outside.
"""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

torch = pytest.importorskip(
    "torch", reason='the skorch tests need torch and skorch: pip install ".[torch]"'
)
skorch = pytest.importorskip(
    "skorch", reason='the skorch tests need torch and skorch: pip install ".[torch]"'
)

from sklearn.base import clone  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from skcurric import (  # noqa: E402
    CurriculumSGDClassifier,
    DifficultyScorer,
    ForgettingPruner,
    PrunedClassifier,
    SelfPacedClassifier,
    SelfPacedClassifierCV,
)
from skcurric._signals import compute_signals  # noqa: E402

torch.set_num_threads(1)

# Tiny budgets (a few epochs) end before the self-paced pace selects every
# row; skcurric rightly says so, and that is not what these tests are about
# (tests/test_self_paced.py asserts the warning).
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class MLP(torch.nn.Module):
    """64 -> hidden -> n_out, softmax output (skorch's default NLLLoss)."""

    def __init__(self, n_hidden=16, n_out=10, output="softmax"):
        super().__init__()
        self.hidden = torch.nn.Linear(64, n_hidden)
        self.out = torch.nn.Linear(n_hidden, n_out)
        self.output = output

    def forward(self, X):
        z = self.out(torch.relu(self.hidden(X)))
        return torch.softmax(z, -1) if self.output == "softmax" else torch.sigmoid(z)


def net(**params):
    """A small network, one epoch per partial_fit, no internal validation split."""
    settings = {
        "max_epochs": 1,
        "lr": 0.2,
        "batch_size": 32,
        "optimizer": torch.optim.SGD,
        "train_split": None,
        "verbose": 0,
        **params,
    }
    return skorch.NeuralNetClassifier(MLP, **settings)


@pytest.fixture(scope="module")
def digits():
    """400 digits, pixels / 16 as float32, labels 0-9 as int64."""
    X, y = load_digits(return_X_y=True)
    return (X[:400] / 16).astype(np.float32), y[:400].astype(np.int64)


@pytest.fixture(autouse=True)
def seeded():
    torch.manual_seed(0)


ESTIMATORS = {
    "SelfPacedClassifier": lambda: SelfPacedClassifier(net(), max_iter=4),
    "SelfPacedClassifierCV": lambda: SelfPacedClassifierCV(
        net(), fractions=(0.6, 0.8, 1.0), max_iter=5, cv=2
    ),
    "CurriculumSGDClassifier": lambda: CurriculumSGDClassifier(net(), max_iter=3),
    # PrunedClassifier trains its learner with fit: max_epochs epochs.
    "PrunedClassifier": lambda: PrunedClassifier(
        net(max_epochs=8),
        pruner=ForgettingPruner(
            DifficultyScorer("forgetting", estimator=net(), n_epochs=3),
            keep_fraction=0.8,
        ),
    ),
}


@pytest.mark.parametrize("name", ESTIMATORS)
def test_every_classifier_trains_a_network(name, digits):
    X, y = digits
    user_net = ESTIMATORS[name]().estimator
    clf = ESTIMATORS[name]().set_params(random_state=0).fit(X, y)
    assert_array_equal(clf.classes_, np.arange(10))
    proba = clf.predict_proba(X)
    assert proba.shape == (400, 10)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    # Far above chance (0.1) after a few epochs of a 16-unit network.
    assert clf.score(X, y) > 0.5
    # The user's network is cloned, never initialised or trained in place.
    assert not getattr(user_net, "initialized_", False)


@pytest.mark.parametrize("method", ["loss", "el2n", "forgetting", "aum", "grand"])
def test_difficulty_scorer_scores_with_a_network(method, digits):
    X, y = digits
    scorer = DifficultyScorer(method, estimator=net(), n_epochs=3, cv=2)
    scores = scorer.set_params(random_state=0).fit(X, y).scores_
    assert scores.shape == (400,)
    assert np.isfinite(scores).all()


def test_curriculum_whose_last_call_misses_classes(digits):
    # The failure: a partial_fit call whose labels miss some classes
    # leaves skorch's classes_ on those labels only, while predict_proba keeps
    # one column per class. 163 rows in steps of 32: the epoch's last call
    # holds 3 rows, so at most 3 classes.
    X, y = digits
    clf = CurriculumSGDClassifier(
        net(), batch_size=32, max_iter=1, class_balance=False, random_state=0
    ).fit(X[:163], y[:163], difficulty=y[:163])
    assert len(clf.estimator_.classes_) <= 3  # the case under test
    assert np.isfinite(clf.history_[-1]["loss"])
    assert clf.predict_proba(X).shape == (400, 10)


def test_streaming_curriculum_over_a_network(digits):
    X, y = digits
    clf = CurriculumSGDClassifier(net(), max_iter=4, random_state=0)
    for chunk in np.array_split(np.arange(400), 4):
        clf.partial_fit(X[chunk], y[chunk], classes=np.arange(10))
    assert clf.n_iter_ == 4
    assert clf.score(X, y) > 0.3


def test_an_initialised_network_is_cloned_not_trained(digits):
    X, y = digits
    user_net = net().initialize()
    before = [p.detach().clone() for p in user_net.module_.parameters()]
    SelfPacedClassifier(user_net, max_iter=2, random_state=0).fit(X, y)
    for old, new in zip(before, user_net.module_.parameters(), strict=True):
        assert torch.equal(old, new)


def test_float64_input_is_converted_to_the_module_dtype(digits):
    X, y = digits
    X64 = X.astype(np.float64)
    torch.manual_seed(3)
    a = SelfPacedClassifier(net(), max_iter=2, random_state=0).fit(X, y)
    torch.manual_seed(3)
    b = SelfPacedClassifier(net(), max_iter=2, random_state=0).fit(X64, y)
    assert X64.dtype == np.float64  # the input is not modified
    # float64 rows that came from float32 convert back exactly: the same fit.
    assert_allclose(a.predict_proba(X), b.predict_proba(X64), rtol=1e-6)


def test_train_split_left_on_is_refused(digits):
    X, y = digits
    with pytest.raises(ValueError, match="train_split=None"):
        SelfPacedClassifier(net(train_split=skorch.dataset.ValidSplit(5))).fit(X, y)
    with pytest.raises(ValueError, match="train_split=None"):
        DifficultyScorer("el2n", estimator=skorch.NeuralNetClassifier(MLP)).fit(X, y)


@pytest.mark.parametrize("n_out", [7, 12])
def test_module_width_other_than_the_classes_is_refused(n_out, digits):
    X, y = digits
    clf = CurriculumSGDClassifier(net(module__n_out=n_out), max_iter=1)
    with pytest.raises(ValueError, match=f"{n_out} output.*10 classes"):
        clf.fit(X, y)


def test_labels_must_be_column_indices(digits):
    X, y = digits
    with pytest.raises(ValueError, match=r"integers 0 \.\. 9.*LabelEncoder"):
        SelfPacedClassifier(net(), max_iter=1).fit(X, y + 1)
    with pytest.raises(ValueError, match="integers 0 .. 1"):
        SelfPacedClassifier(net(module__n_out=2), max_iter=1).fit(
            X, np.where(y < 5, "low", "high")
        )
    # int32 labels 0 .. K-1 are fine: the loss gets them as int64.
    clf = SelfPacedClassifier(net(), max_iter=2, random_state=0)
    assert clf.fit(X, y.astype(np.int32)).score(X, y) > 0.3


def test_a_network_takes_no_sample_weight(digits):
    X, y = digits
    with pytest.raises(TypeError, match="sample_weight"):
        SelfPacedClassifier(net(), regime="linear").fit(X, y)
    # Integer weights are repeated rows, as for any learner without them.
    w = np.where(np.arange(400) % 2 == 0, 2, 1)
    clf = SelfPacedClassifier(net(), max_iter=2, random_state=0)
    assert clf.fit(X, y, sample_weight=w).score(X, y) > 0.3


def test_grand_is_the_last_layer_gradient_norm(digits):
    X, y = digits
    model = net().partial_fit(X, y)
    grand = compute_signals(model, X[:20], y[:20], np.arange(10), ("grand",))["grand"]
    # The same norm by autograd, one row at a time.
    module = model.module_
    expected = []
    for row, label in zip(X[:20], y[:20], strict=True):
        module.zero_grad()
        p = module(torch.as_tensor(row[None]))
        torch.nn.functional.nll_loss(torch.log(p), torch.as_tensor([label])).backward()
        sq = module.out.weight.grad.square().sum() + module.out.bias.grad.square().sum()
        expected.append(float(sq.sqrt()))
    assert_allclose(grand, expected, rtol=1e-4)


def test_grand_of_a_module_not_ending_in_softmax_is_refused(digits):
    X, y = digits
    model = net(module__output="sigmoid").partial_fit(X, y)
    with pytest.raises(TypeError, match="softmax.*el2n"):
        compute_signals(model, X, y, np.arange(10), ("grand",))


def test_self_paced_cv_without_selection_trains_a_network_on_every_row(digits):
    # Nothing below 1 is a candidate, so pace_ == 1: the network's own fit
    # would be one epoch; the refit trains it on every row (the network by
    # itself), not along a path of growing fractions, for the number of
    # epochs whose mean held-out score its fold curves put first.
    X, y = digits
    clf = SelfPacedClassifierCV(
        net(), fractions=(1.0,), max_iter=6, cv=2, random_state=0
    ).fit(X, y)
    assert clf.pace_ == 1.0
    assert clf.alone_scores_.shape == (2, 6)
    assert np.isfinite(clf.alone_scores_).all()
    n_epochs = int(np.argmax(clf.alone_scores_.mean(axis=0))) + 1
    assert clf.n_iter_ == n_epochs
    assert [row["n_selected"] for row in clf.history_] == [len(y)] * n_epochs
    assert clf.selected_.all()
    # That is the network trained that many epochs on every row, by hand.
    alone = SelfPacedClassifier(
        net(),
        pace="fraction",
        start_fraction=1.0,
        end_fraction=1.0,
        n_warmup=0,
        max_iter=n_epochs,
        tol=None,
        random_state=0,
    ).fit(X, y)
    assert_allclose(alone.predict_proba(X), clf.predict_proba(X), rtol=1e-6)


def test_self_paced_cv_scores_the_network_alone_on_every_fold(digits):
    # The fold curve of the network alone is its held-out accuracy after
    # each epoch, on the same folds as the pace path.
    X, y = digits
    clf = SelfPacedClassifierCV(
        net(), fractions=(0.8, 1.0), max_iter=4, n_warmup=1, cv=2, random_state=0
    ).fit(X, y)
    assert clf.alone_scores_.shape == (2, 4)
    assert ((clf.alone_scores_ >= 0) & (clf.alone_scores_ <= 1)).all()
    # later epochs of a network on clean digits score higher than its first
    assert (clf.alone_scores_[:, -1] > clf.alone_scores_[:, 0]).all()
    # Around a linear learner, one column: its own fit on each fold.
    linear = SelfPacedClassifierCV(fractions=(0.8, 1.0), max_iter=4, cv=2).fit(X, y)
    assert linear.alone_scores_.shape == (2, 1)


@pytest.mark.parametrize(
    ("max_iter", "expected"), [(30, 10), (40, 10), (12, 4), (2, 1)]
)
def test_auto_warmup_is_longer_for_a_network(max_iter, expected, digits):
    # A network learns what each class shares before it memorises flipped
    # labels: n_warmup="auto" gives it 10 epochs on every row (a third of a
    # short fit), a linear learner one.
    X, y = digits
    clf = SelfPacedClassifier(
        net(), pace="fraction", max_iter=max_iter, tol=None, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[:120], y[:120])
    phases = [row["phase"] for row in clf.history_]
    assert phases[:expected] == ["warmup"] * expected
    assert "warmup" not in phases[expected:]
    linear = SelfPacedClassifier(pace="fraction", max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        linear.fit(X[:120], y[:120])
    assert [row["phase"] for row in linear.history_][:2] == ["warmup", "pace"]


def test_fitted_network_is_reused_for_the_predict_dtype(digits):
    X, y = digits
    clf = SelfPacedClassifier(clone(net()), max_iter=1, random_state=0).fit(X, y)
    assert clf.predict(X.astype(np.float64)).dtype.kind == "i"


def test_the_checks_draw_nothing_from_torchs_generator(digits):
    # The dtype and width probes initialise clones of the network before any
    # training; the stream the user seeded is left for the training itself.
    X, y = digits
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    with pytest.raises(ValueError, match="7 output"):  # after both probes
        SelfPacedClassifier(net(module__n_out=7)).fit(X.astype(np.float64), y)
    assert torch.equal(torch.rand(3), expected)


SEEDED = {
    **ESTIMATORS,
    "DifficultyScorer": lambda: DifficultyScorer(
        "forgetting", estimator=net(), n_epochs=2, n_repeats=1
    ),
}


def _fitted_output(est, X):
    if isinstance(est, DifficultyScorer):
        return est.scores_
    return est.predict_proba(X)


@pytest.mark.parametrize("name", SEEDED)
def test_a_seeded_fit_is_reproducible_whatever_torchs_stream(name, digits):
    # skorch draws weights from torch's global generator, which no
    # random_state parameter reaches: skcurric seeds it from its own
    # random_state, in a fork, whatever the caller's torch stream holds.
    X, y = digits
    outputs = []
    for user_seed in (1, 2):
        torch.manual_seed(user_seed)
        est = SEEDED[name]().set_params(random_state=0).fit(X, y)
        outputs.append(_fitted_output(est, X))
    assert_allclose(outputs[0], outputs[1])
    other = SEEDED[name]().set_params(random_state=1).fit(X, y)
    assert not np.allclose(_fitted_output(other, X), outputs[0])


def test_self_paced_cv_refit_equals_self_paced_for_a_network(digits):
    # The documented equality: the CV's model is SelfPacedClassifier stopped
    # at pace_, with the same parameters and random_state (the network's
    # initial weights included). Candidates below 1 only, so pace_ < 1.
    X, y = digits
    rng = np.random.RandomState(0)
    y_noisy = np.where(rng.rand(y.size) < 0.3, (y + 1) % 10, y)
    params = {"max_iter": 8, "n_warmup": 2, "tol": None, "random_state": 0}
    cv = SelfPacedClassifierCV(net(), fractions=(0.6, 0.8), cv=2, **params)
    cv.fit(X, y_noisy)
    assert cv.pace_ < 1
    spl = SelfPacedClassifier(
        net(),
        pace="fraction",
        start_fraction=0.6,
        fraction_step=0.2,
        end_fraction=cv.pace_,
        **params,
    ).fit(X, y_noisy)
    assert_array_equal(spl.selected_, cv.selected_)
    assert_allclose(spl.predict_proba(X), cv.predict_proba(X), rtol=1e-6)


def test_auto_max_iter_gives_a_network_sixty_epochs(digits):
    # max_iter="auto": a network's curve alone (and its refit budget) runs
    # 60 epochs, the search range of a network tuned by itself.
    X, y = digits
    clf = SelfPacedClassifierCV(net(), fractions=(1.0,), cv=2, random_state=0)
    clf.fit(X[:120], y[:120])
    assert clf.alone_scores_.shape == (2, 60)
    assert clf.n_iter_ == int(np.argmax(clf.alone_scores_.mean(axis=0))) + 1
