"""MLP: end-to-end gradients, the parameter contract, determinism, learning."""

import numpy as np
import pytest
from conftest import matches_finite_differences, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib.data import make_spirals
from course_lib.gradcheck import gradient_report
from course_lib.models import (
    BATCH_METHODS,
    MLP,
    MODEL_METHODS,
    LinearRegression,
    Neuron,
    ThreeNeuronNet,
    check_model,
)
from course_lib.optim import SGD


@given(
    seed=seeds,
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4).map(lambda s: s[:-1] + [s[-1] + 1]),
    activation=st.sampled_from(["relu", "sigmoid", "tanh"]),
    n=st.integers(1, 6),
)
def test_mlp_gradients_match_finite_differences(seed, sizes, activation, n):
    rng = np.random.default_rng(seed)
    model = MLP(sizes, activation=activation, seed=rng)
    for b in model.parameters()[1::2]:
        b[:] = rng.normal(size=b.shape) * 0.1  # non-zero biases exercise db too
    X, y = rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], size=n)
    model.loss(X, y)
    model.backward()
    analytic = [g.copy() for g in model.gradients()]
    for param, grad in zip(model.parameters(), analytic, strict=True):
        assert matches_finite_differences(grad, lambda _: model.loss(X, y), param)


def test_parameter_lists_follow_the_layers():
    model = MLP([64, 128, 64, 10])
    shapes = [p.shape for p in model.parameters()]
    assert shapes == [(128, 64), (128,), (64, 128), (64,), (10, 64), (10,)]
    assert model.parameter_names() == ["W1", "b1", "W2", "b2", "W3", "b3"]
    X, y = np.random.default_rng(0).normal(size=(5, 64)), np.arange(5)
    model.loss(X, y)
    model.backward()
    assert [g.shape for g in model.gradients()] == shapes
    assert model.parameters()[0] is model.dense_layers[0].W  # live, not a copy


def test_optimizer_updates_reach_the_model():
    model = MLP([2, 3, 2], seed=0)
    X, y = np.ones((1, 2)), np.array([1])
    before = model.forward(X)
    model.loss(X, y)
    model.backward()
    SGD(0.5).step(model.parameters(), model.gradients())
    assert not np.allclose(model.forward(X), before)


def test_loss_and_backward_twice_give_the_same_gradients():
    rng = np.random.default_rng(1)
    model, X, y = MLP([3, 4, 3], seed=1), rng.normal(size=(6, 3)), rng.integers(0, 3, size=6)
    model.loss(X, y)
    model.backward()
    first = [g.copy() for g in model.gradients()]
    model.loss(X, y)
    model.backward()
    for a, b in zip(first, model.gradients(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_backward_needs_a_loss_first():
    model = MLP([2, 2])
    with pytest.raises(RuntimeError, match=r"call loss\(X, y\) first"):
        model.backward()
    model.loss(np.ones((1, 2)), [0])
    model.backward()
    expected = [g.copy() for g in model.gradients()]
    # A forward pass in between: backward still differentiates the loss.
    model.predict(np.ones((3, 2)))
    model.backward()
    for want, got in zip(expected, model.gradients(), strict=True):
        np.testing.assert_array_equal(got, want)


def test_same_seed_same_model():
    X = np.random.default_rng(0).normal(size=(4, 3))
    a, b, c = MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=5)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(a.forward(X), b.forward(X))
    assert not np.array_equal(a.forward(X), c.forward(X))


def test_predictions():
    model = MLP([2, 4, 3], seed=0)
    X = np.random.default_rng(0).normal(size=(7, 2))
    probs = model.predict_proba(X)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(X), np.argmax(probs, axis=1))
    assert model.predict(X).shape == (7,)


def test_gradient_descent_learns_the_spirals():
    # A broken gradient cannot reach this accuracy: chance level is 1/3.
    X, y = make_spirals(n_per_class=60, noise=0.1, seed=0)
    model, optimizer = MLP([2, 32, 32, 3], seed=0), SGD(0.5)
    first = model.loss(X, y)
    for _ in range(1500):
        model.loss(X, y)
        model.backward()
        optimizer.step(model.parameters(), model.gradients())
    assert model.loss(X, y) < first / 4
    assert np.mean(model.predict(X) == y) > 0.9


def test_gradient_report_on_mlp():
    rng = np.random.default_rng(0)
    model = MLP([3, 4, 2], activation="tanh", seed=0)
    report = gradient_report(model, rng.normal(size=(5, 3)), rng.integers(0, 2, size=5))
    assert report.passed
    assert [row.name for row in report.rows] == ["W1", "b1", "W2", "b2"]


# --- One protocol, no leaking state.

_RNG = np.random.default_rng(7)
_X4 = _RNG.normal(size=(6, 4))
_CASES = {
    "MLP": (lambda: MLP([4, 5, 3], activation="tanh", seed=1), _X4, np.array([0, 1, 2, 0, 1, 2])),
    "Neuron": (lambda: Neuron(4, seed=1), _X4, np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])),
    "LinearRegression": (lambda: LinearRegression(4, seed=1), _X4, _RNG.normal(size=6)),
}


@pytest.mark.parametrize("name", sorted(_CASES))
def test_every_batch_model_follows_the_protocol(name):
    make, X, y = _CASES[name]
    model = make()
    check_model(model, BATCH_METHODS)
    assert gradient_report(model, X, y).passed
    X_ready, targets = model.prepare(X, y)
    assert model.batch_loss(X_ready, targets) == model.loss(X, y)


def test_three_neuron_net_follows_the_model_protocol():
    check_model(ThreeNeuronNet(), MODEL_METHODS)
    assert gradient_report(ThreeNeuronNet(seed=2), np.array([0.5, -1.0, 2.0, 0.1]), 1.5).passed


def test_a_string_is_not_a_model():
    with pytest.raises(
        TypeError, match="model must follow the course_lib model protocol.*has no forward"
    ):
        check_model("mlp")


def _reference_gradients(name):
    """A fresh model of case `name`, its data, and the gradients of one loss and backward."""
    make, X, y = _CASES[name]
    reference = make()
    reference.loss(X, y)
    reference.backward()
    return make, X, y, reference.gradients()


@pytest.mark.parametrize("name", sorted(_CASES))
def test_models_keep_copies_of_the_callers_arrays(name):
    make, X, y, want_gradients = _reference_gradients(name)
    model, X_mine, y_mine = make(), X.copy(), y.copy()
    model.loss(X_mine, y_mine)
    X_mine *= 2
    y_mine *= 0
    model.backward()
    for want, got in zip(want_gradients, model.gradients(), strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", sorted(_CASES))
def test_backward_works_after_predict(name):
    make, X, y, want_gradients = _reference_gradients(name)
    model = make()
    model.loss(X, y)
    model.predict(X[:2] * 3)
    model.backward()
    for want, got in zip(want_gradients, model.gradients(), strict=True):
        np.testing.assert_array_equal(got, want)


def test_an_mlp_too_large_for_memory_fails_before_allocating():
    with pytest.raises(
        ValueError, match=r"sizes \[100000, 100000, 2\] asks for that many weights.*GiB"
    ):
        MLP([10**5, 10**5, 2])


def test_neuron_training_on_large_inputs_does_not_underflow():
    from course_lib.data import make_blobs
    from course_lib.train import fit

    X, y = make_blobs(seed=0)
    with np.errstate(all="raise"):
        history = fit(Neuron(2), X * 50, y, 50, 1.0)
    assert history.epochs == 50 and np.all(np.isfinite(history.loss))  # lr 1 bounces, but finitely


def test_no_module_reaches_into_another_ones_private_names():
    import ast
    import pathlib

    import course_lib

    root = pathlib.Path(course_lib.__file__).parent
    mine = [
        "activations",
        "losses",
        "layers",
        "models",
        "train",
        "gradcheck",
        "gradflow",
        "kernels",
        "source",
        "_checks",
    ]
    found = []
    for name in mine:
        tree = ast.parse((root / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                found += [
                    f"{name}: import {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                    found.append(f"{name}:{node.lineno} .{node.attr}")
    assert found == []
