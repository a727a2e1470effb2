"""MLP: end-to-end gradients, the parameter contract, determinism, learning."""

import numpy as np
import pytest
from hypothesis import given, strategies as st

from conftest import seeds
from course_lib.data import make_spirals
from course_lib.gradcheck import gradient_report, numerical_gradient, relative_error
from course_lib.models import MLP
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
    for param, grad in zip(model.parameters(), analytic):
        numeric = numerical_gradient(lambda _: model.loss(X, y), param)
        assert relative_error(grad, numeric) < 1e-6


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
    for a, b in zip(first, model.gradients()):
        np.testing.assert_array_equal(a, b)


def test_backward_needs_a_loss_first():
    model = MLP([2, 2])
    with pytest.raises(RuntimeError, match=r"call loss\(X, y\) first"):
        model.backward()
    model.loss(np.ones((1, 2)), [0])
    model.predict(np.ones((3, 2)))  # a forward pass replaces what backward needs
    with pytest.raises(RuntimeError, match=r"call loss\(X, y\) first"):
        model.backward()


def test_same_seed_same_model():
    X = np.random.default_rng(0).normal(size=(4, 3))
    a, b, c = MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=5)
    for p, q in zip(a.parameters(), b.parameters()):
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
