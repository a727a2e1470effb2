"""Layers: forward formulas and backward passes against finite differences."""

import numpy as np
import pytest
from conftest import away_from_zero, dims, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.layers import Dense, ReLU, Sigmoid, SoftmaxCrossEntropy, Tanh
from course_lib.models import MLP


def test_dense_shapes_and_formula():
    layer = Dense(4, 3, seed=1)
    assert layer.W.shape == (3, 4) and layer.b.shape == (3,)
    layer.b[:] = [1.0, 2.0, 3.0]
    X = np.arange(8.0).reshape(2, 4)
    np.testing.assert_allclose(layer.forward(X), X @ layer.W.T + layer.b)
    # w_ij connects input j to neuron i: only W[1, 2] moves neuron 1 when input 2 moves.
    X2 = X.copy()
    X2[:, 2] += 1.0
    delta = layer.forward(X2) - layer.forward(X)
    np.testing.assert_allclose(delta, np.tile(layer.W[:, 2], (2, 1)))


@given(seed=seeds, n=dims, n_in=dims, n_out=dims)
def test_dense_backward_matches_finite_differences(seed, n, n_in, n_out):
    rng = np.random.default_rng(seed)
    layer = Dense(n_in, n_out, seed=rng)
    layer.b[:] = rng.normal(size=n_out)
    X, R = rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))

    def loss(_):  # L = Σ R ⊙ Z, so dL/dZ = R
        return np.sum(R * layer.forward(X))

    loss(None)
    dX = layer.backward(R)
    assert relative_error(layer.dW, numerical_gradient(loss, layer.W)) < 1e-6
    assert relative_error(layer.db, numerical_gradient(loss, layer.b)) < 1e-6
    assert relative_error(dX, numerical_gradient(loss, X)) < 1e-6


@pytest.mark.parametrize("Layer", [ReLU, Sigmoid, Tanh])
@given(seed=seeds, n=dims, units=dims)
def test_activation_layer_backward_matches_finite_differences(Layer, seed, n, units):
    rng = np.random.default_rng(seed)
    layer = Layer()
    Z, R = away_from_zero(rng, (n, units)), rng.normal(size=(n, units))
    layer.forward(Z)
    dZ = layer.backward(R)
    numeric = numerical_gradient(lambda z: np.sum(R * layer.forward(z)), Z)
    assert relative_error(dZ, numeric) < 1e-6


@given(seed=seeds, n=dims, k=st.integers(2, 6))
def test_softmax_cross_entropy_layer_matches_finite_differences(seed, n, k):
    rng = np.random.default_rng(seed)
    head, Z, y = SoftmaxCrossEntropy(), rng.normal(size=(n, k)) * 2, rng.integers(0, k, size=n)
    head.forward(Z, y)
    numeric = numerical_gradient(lambda z: head.forward(z, y), Z)
    head.forward(Z, y)
    assert relative_error(head.backward(), numeric) < 1e-6


def test_gradients_are_overwritten_not_summed():
    rng = np.random.default_rng(0)
    layer, X, R = Dense(3, 2, seed=0), rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    layer.forward(X)
    layer.backward(R)
    first = [g.copy() for g in layer.gradients()]
    layer.forward(X)
    layer.backward(R)
    for before, after in zip(first, layer.gradients(), strict=True):
        np.testing.assert_array_equal(before, after)


def test_parameters_and_gradients_are_the_live_arrays():
    layer = Dense(3, 2, seed=0)
    assert layer.parameters()[0] is layer.W and layer.parameters()[1] is layer.b
    layer.forward(np.ones((1, 3)))
    layer.backward(np.ones((1, 2)))
    assert layer.gradients()[0] is layer.dW and layer.gradients()[1] is layer.db
    assert ReLU().parameters() == [] and ReLU().gradients() == []


@pytest.mark.parametrize("layer", [Dense(2, 2), ReLU(), Sigmoid(), Tanh()], ids=repr)
def test_backward_before_forward_is_a_clear_error(layer):
    with pytest.raises(RuntimeError, match="before .*forward"):
        layer.backward(np.ones((1, 2)))
    with pytest.raises(RuntimeError, match="before .*forward"):
        SoftmaxCrossEntropy().backward()


@pytest.mark.parametrize("seed", [0, 7])
def test_same_seed_same_weights(seed):
    np.testing.assert_array_equal(Dense(5, 4, seed=seed).W, Dense(5, 4, seed=seed).W)
    assert not np.array_equal(Dense(5, 4, seed=seed).W, Dense(5, 4, seed=seed + 1).W)


@pytest.mark.parametrize(
    "init, std", [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 600)), (0.05, 0.05)]
)
def test_initial_weight_spread(init, std):
    W = Dense(400, 200, seed=0, init=init).W
    assert W.std() == pytest.approx(std, rel=0.02)
    assert np.all(Dense(400, 200, seed=0, init=init).b == 0)


def test_backward_checks_the_upstream_gradient_shape():
    layer = Dense(3, 2)
    layer.forward(np.ones((4, 3)))
    with pytest.raises(
        ValueError, match=r"dZ must have shape \(4, 2\).*got a 2-D array of shape \(4, 3\)"
    ):
        layer.backward(np.ones((4, 3)))
    relu = ReLU()
    relu.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dA must have shape \(4, 3\)"):
        relu.backward(np.ones((3, 4)))


# --- No leaking state: layers keep their own copies; outputs are fresh arrays.


@pytest.mark.parametrize("cls", [ReLU, Sigmoid, Tanh])
def test_editing_an_activation_output_leaves_backward_alone(cls):
    Z = np.random.default_rng(0).normal(size=(3, 4))
    dA = np.ones((3, 4))
    fresh = cls()
    fresh.forward(Z)
    want = fresh.backward(dA)
    layer = cls()
    A = layer.forward(Z)
    A[...] = 0.5  # the learner edits the result
    np.testing.assert_array_equal(layer.backward(dA), want)


def test_dense_keeps_its_own_copy_of_X():
    rng = np.random.default_rng(1)
    X, dZ = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    fresh = Dense(3, 2, seed=0)
    fresh.forward(X)
    fresh.backward(dZ)
    layer = Dense(3, 2, seed=0)
    layer.forward(X)
    X *= 2  # the caller reuses its array
    layer.backward(dZ)
    np.testing.assert_array_equal(layer.dW, fresh.dW)


def test_gradients_are_new_arrays_each_backward():
    layer, X, dZ = Dense(3, 2), np.ones((4, 3)), np.ones((4, 2))
    layer.forward(X)
    layer.backward(dZ)
    first = layer.dW
    layer.backward(2 * dZ)
    np.testing.assert_array_equal(first, np.ones((2, 3)) * 4)  # the first result is not overwritten
    np.testing.assert_array_equal(layer.dW, first * 2)


def test_a_dense_layer_too_large_for_memory_fails_before_allocating():
    with pytest.raises(
        ValueError,
        match=r"Dense\(n_in, n_out\) asks for a weight matrix W of shape \(2, 1000000000\).*GiB",
    ):
        Dense(10**9, 2)


@pytest.mark.parametrize("cls", [ReLU, Sigmoid, Tanh])
def test_activation_layers_do_not_underflow_at_extremes(cls):
    Z = np.array([[-1e4, -800.0, -745.0, -1e-310, 0.0, 1e-310, 745.0, 1e4]])
    layer = cls()
    with np.errstate(all="raise"):
        layer.forward(Z)
        dZ = layer.backward(np.full(Z.shape, 1e-300))
    assert np.all(np.isfinite(dZ))


def test_dense_does_not_underflow_on_tiny_values():
    X, dZ = np.full((3, 4), 1e-200), np.full((3, 2), 1e-200)
    layer = Dense(4, 2, seed=0)
    with np.errstate(all="raise"):
        layer.forward(X)
        layer.backward(dZ)
    assert np.all(layer.dW == 0.0)


def test_the_layer_code_a_chapter_shows_reads_as_its_equations():
    import inspect

    gradients = inspect.getsource(Dense.parameter_gradients)
    source = gradients + inspect.getsource(Dense.backpropagate)
    assert "out=" not in source and "need_dX" not in source
    assert "self.dW = dZ.T @ self.X" in gradients and "self.db = dZ.sum(axis=0)" in gradients
    assert "return dZ @ self.W" in inspect.getsource(Dense.backpropagate)


def test_the_first_layer_skips_the_gradient_nobody_uses_but_the_rest_are_unchanged():
    """MLP.backward computes no ∂L/∂X for the data, and every parameter gradient is the same."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    model = MLP([4, 5, 3], seed=1)
    model.loss(X, y)
    model.backward()
    first = model.dense_layers[0]
    dZ = model.dZ[0]
    assert np.array_equal(first.dW, dZ.T @ X) and np.array_equal(first.db, dZ.sum(axis=0))
    calls = []
    original = Dense.backpropagate
    Dense.backpropagate = lambda self, dZ: calls.append(self) or original(self, dZ)
    try:
        model.backward()
    finally:
        Dense.backpropagate = original
    assert first not in calls and len(calls) == 1
