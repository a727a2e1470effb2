"""Layers: forward formulas and backward passes against finite differences."""

import numpy as np
import pytest
from conftest import away_from_zero, dims, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.layers import (
    Dense,
    LayerNorm,
    LeakyReLU,
    ReLU,
    Residual,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
    dense_layers_of,
)
from course_lib.models import MLP, Sequential


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


# --- Deep networks in practice: leaky ReLU, layer normalisation, residual blocks ---


@given(seed=seeds, n=dims, units=dims, alpha=st.floats(0.01, 0.5))
def test_leaky_relu_backward_matches_finite_differences(seed, n, units, alpha):
    rng = np.random.default_rng(seed)
    layer = LeakyReLU(alpha)
    Z, R = away_from_zero(rng, (n, units)), rng.normal(size=(n, units))
    np.testing.assert_allclose(layer.forward(Z), np.where(Z > 0, Z, alpha * Z))
    dZ = layer.backward(R)
    numeric = numerical_gradient(lambda z: np.sum(R * layer.forward(z)), Z)
    assert relative_error(dZ, numeric) < 1e-6
    assert np.all(dZ[Z < 0] == alpha * R[Z < 0])  # off units still pass α of the gradient


@given(seed=seeds, n=dims, units=st.integers(3, 6), scale=st.floats(0.1, 10.0))
def test_layer_norm_standardises_rows_and_backward_matches_finite_differences(
    seed, n, units, scale
):
    rng = np.random.default_rng(seed)
    layer = LayerNorm()
    Z = rng.normal(size=(n, units)) * scale + rng.normal(size=(n, 1)) * 3
    R = rng.normal(size=(n, units))
    Y = layer.forward(Z)
    centred = Z - Z.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(Y, centred / np.sqrt(centred.var(axis=1, keepdims=True) + 1e-5))
    np.testing.assert_allclose(Y.mean(axis=1), 0, atol=1e-12)
    dZ = layer.backward(R)
    numeric = numerical_gradient(lambda z: np.sum(R * layer.forward(z)), Z)
    assert relative_error(dZ, numeric) < 1e-5  # the rows' offsets cost a digit of the differences


def _residual_block(rng, units, inner_activation):
    return Residual(
        [Dense(units, units, seed=rng), inner_activation(), Dense(units, units, seed=rng)]
    )


@pytest.mark.parametrize("inner_activation", [Tanh, Sigmoid])
@given(seed=seeds, n=dims, units=dims)
def test_residual_backward_matches_finite_differences(inner_activation, seed, n, units):
    rng = np.random.default_rng(seed)
    block = _residual_block(rng, units, inner_activation)
    inner = [block.inner[0], block.inner[2]]
    for dense in inner:
        dense.b[:] = rng.normal(size=units)
    X, R = rng.normal(size=(n, units)), rng.normal(size=(n, units))

    def loss(_):  # L = Σ R ⊙ Y, so dL/dY = R
        return np.sum(R * block.forward(X))

    loss(None)
    dX = block.backward(R)
    for dense in inner:
        assert relative_error(dense.dW, numerical_gradient(loss, dense.W)) < 1e-6
        assert relative_error(dense.db, numerical_gradient(loss, dense.b)) < 1e-6
    assert relative_error(dX, numerical_gradient(loss, X)) < 1e-6
    assert len(block.parameters()) == 4 and block.gradients()[0] is inner[0].dW


def test_residual_adds_the_identity_path_forward_and_backward():
    rng = np.random.default_rng(0)
    block = _residual_block(rng, 4, Tanh)
    X, R = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    F = np.tanh(X @ block.inner[0].W.T) @ block.inner[2].W.T
    np.testing.assert_allclose(block.forward(X), X + F)
    for dense in (block.inner[0], block.inner[2]):
        dense.W[:] = 0.0  # F(X) = 0 and no gradient through F: only the identity is left
    block.forward(X)
    np.testing.assert_array_equal(block.backward(R), R)


def test_residual_and_sequential_reject_blocks_that_change_the_width():
    with pytest.raises(ValueError, match="inner"):
        Residual([Dense(3, 4), Tanh()])
    with pytest.raises(ValueError, match="inner"):
        Residual(Dense(3, 3))
    with pytest.raises(ValueError, match=r"inner\[1\]"):
        Residual([Dense(3, 3), "tanh"])
    with pytest.raises(ValueError, match=r"layers\[2\]"):
        Sequential([Dense(2, 4), Tanh(), Residual([Dense(5, 5)]), Dense(5, 3)])
    with pytest.raises(ValueError, match=r"layers\[-1\]"):
        Sequential([Dense(2, 3), Tanh()])
    with pytest.raises(ValueError, match="alpha"):
        LeakyReLU(1.5)


@given(seed=seeds, n=dims, width=st.integers(3, 5))
def test_sequential_with_residual_and_norm_matches_finite_differences(seed, n, width):
    rng = np.random.default_rng(seed)
    model = Sequential(
        [
            Dense(3, width, seed=rng),
            LayerNorm(),
            Tanh(),
            Residual([Dense(width, width, seed=rng), LeakyReLU(0.1)]),
            Residual([Dense(width, width, seed=rng), LayerNorm(), Sigmoid()]),
            Dense(width, 3, seed=rng),
        ]
    )
    X, y = rng.normal(size=(n, 3)), rng.integers(0, 3, size=n)
    model.loss(X, y)
    model.backward()
    assert model.parameter_names() == [f"{p}{i}" for i in range(1, 5) for p in ("W", "b")]
    for theta, grad in zip(model.parameters(), model.gradients(), strict=True):
        numeric = numerical_gradient(lambda _: model.loss(X, y), theta)
        model.loss(X, y)
        assert relative_error(grad, numeric) < 1e-5


def test_sequential_of_an_mlps_layers_computes_what_the_mlp_does():
    X, y = np.random.default_rng(1).normal(size=(6, 2)), np.array([0, 1, 2, 0, 1, 2])
    mlp = MLP([2, 5, 4, 3], activation="tanh", seed=0)
    model = Sequential(mlp.layers)
    assert model.loss(X, y) == mlp.loss(X, y)
    model.backward()
    grads = [g.copy() for g in model.gradients()]
    mlp.backward()
    for ours, theirs in zip(grads, mlp.gradients(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_dense_layers_of_finds_the_dense_layers_inside_residual_blocks_in_order():
    first, inner_a, inner_b, last = Dense(2, 4), Dense(4, 4), Dense(4, 4), Dense(4, 3)
    block = Residual([inner_a, Tanh(), Residual([inner_b, Tanh()])])
    found = dense_layers_of([first, ReLU(), block, last])
    assert [id(d) for d in found] == [id(first), id(inner_a), id(inner_b), id(last)]
    assert dense_layers_of((Tanh(),)) == []
