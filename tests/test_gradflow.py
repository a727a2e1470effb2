"""Gradient-flow helpers: one number per layer, checked against an independent computation."""

import numpy as np
import pytest

from course_lib.data import make_spirals
from course_lib.gradflow import (
    layer_dZ_norms,
    layer_gradient_norms,
    layer_mean_slopes,
    layer_output_spread,
    layer_pre_activations,
    layer_sample_spread,
    layer_saturation,
)
from course_lib.layers import Dense, Residual, Tanh
from course_lib.models import MLP, Sequential

X, Y = make_spirals(n_per_class=30, seed=0)

# The activations written out again, independently of course_lib: (f, f').
REFERENCE = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
}


def _direct_backward(model, X, y):
    """Plain-numpy forward and backward pass: each layer's gradient dZ_l and input A_(l-1)."""
    f, f_prime = REFERENCE[model.activation]
    Ws = [layer.W for layer in model.dense_layers]
    bs = [layer.b for layer in model.dense_layers]
    inputs, Zs = [X], []
    for W, b in zip(Ws, bs, strict=True):
        Zs.append(inputs[-1] @ W.T + b)
        inputs.append(f(Zs[-1]))
    logits = Zs[-1]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dZ = (probs - np.eye(logits.shape[1])[y]) / len(X)
    dZs = [dZ]
    for k in range(len(Ws) - 1, 0, -1):  # dZ_k = (dZ_(k+1) W_(k+1)) ⊙ f'(Z_k)
        dZ = (dZ @ Ws[k]) * f_prime(Zs[k - 1])
        dZs.append(dZ)
    return dZs[::-1], inputs[:-1]


def test_norms_are_the_dense_layers_gradients():
    model = MLP([2, 8, 8, 3], activation="tanh", seed=0)
    norms = layer_gradient_norms(model, X, Y)
    assert norms.shape == (3,)
    np.testing.assert_allclose(norms, [np.linalg.norm(layer.dW) for layer in model.dense_layers])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_dZ_norms_match_a_direct_backward_pass(activation):
    model = MLP([2, 7, 6, 5, 3], activation=activation, seed=1)
    dZs, inputs = _direct_backward(model, X, Y)
    norms = layer_dZ_norms(model, X, Y)
    assert norms.shape == (4,)
    np.testing.assert_allclose(norms, [np.linalg.norm(dZ) for dZ in dZs], rtol=1e-10)
    # It leaves backward()'s gradients, and each weight gradient is dZ_lᵀ A_(l-1).
    for layer, dZ, A in zip(model.dense_layers, dZs, inputs, strict=True):
        np.testing.assert_allclose(layer.dW, dZ.T @ A, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_dZ_norms_match_finite_differences(activation):
    model = MLP([2, 4, 3, 3], activation=activation, seed=2)
    X_small, y_small = X[:5], Y[:5]
    targets = np.eye(3)[y_small]
    norms = layer_dZ_norms(model, X_small, y_small)

    def loss_from(k, Z):  # the loss as a function of dense layer k's pre-activation
        A = Z
        for layer in model.layers[2 * k + 1 :]:
            A = layer.propagate(A)
        return model.head.propagate(A, targets)

    Z = X_small
    for k, dense in enumerate(model.dense_layers):
        Z = dense.forward(Z if k == 0 else model.layers[2 * k - 1].forward(Z))
        numeric = np.zeros_like(Z)
        h = 1e-6
        for index in np.ndindex(Z.shape):
            up, down = Z.copy(), Z.copy()
            up[index] += h
            down[index] -= h
            numeric[index] = (loss_from(k, up) - loss_from(k, down)) / (2 * h)
        np.testing.assert_allclose(norms[k], np.linalg.norm(numeric), rtol=1e-6)


def test_large_relu_weights_explode_backward_but_not_in_the_weight_gradients():
    model = MLP([2] + [32] * 10 + [3], activation="relu", init=0.5, seed=0)
    dZ, dW = layer_dZ_norms(model, X, Y), layer_gradient_norms(model, X, Y)
    assert np.all(np.diff(dZ) < 0)  # the backward signal grows at every layer towards the input
    assert dZ[0] > 100 * dZ[-1]
    assert 0.3 < dW[0] / dW[-1] < 3  # the forward signal shrinks towards the input as fast
    he = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="relu", seed=0), X, Y)
    assert dW.min() > 100 * he.max()  # what shows is the size: every layer's gradient is huge


def test_xavier_keeps_tanh_level_but_not_sigmoid():
    def ratio(activation):
        norms = layer_dZ_norms(MLP([2] + [32] * 10 + [3], activation=activation, seed=0), X, Y)
        return norms[0] / norms[-1]

    assert 0.3 < ratio("tanh") < 3
    assert ratio("sigmoid") < 4.0**-8  # σ' ≤ 1/4 costs about a factor 4 a layer


def test_deep_sigmoid_gradients_vanish_and_he_relu_keeps_them():
    sigmoid = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="sigmoid", seed=0), X, Y)
    relu = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="relu", seed=0), X, Y)
    assert sigmoid[0] < 1e-4 * sigmoid[-1]  # the first layer hears almost nothing
    assert relu[0] > 0.1 * relu[-1]


def test_large_initial_weights_explode():
    norms = layer_gradient_norms(
        MLP([2] + [32] * 10 + [3], activation="relu", init=1.0, seed=0), X, Y
    )
    assert norms[0] > 1e3


def test_mean_slopes():
    slopes = layer_mean_slopes(MLP([2, 16, 16, 3], activation="sigmoid", seed=0), X)
    assert slopes.shape == (2,) and np.all((0 < slopes) & (slopes <= 0.25))
    relu = layer_mean_slopes(MLP([2, 16, 3], activation="relu", seed=0), X)
    assert 0.0 <= relu[0] <= 1.0


@pytest.mark.parametrize(
    "helper",
    [
        layer_gradient_norms,
        layer_dZ_norms,
        layer_mean_slopes,
        layer_output_spread,
        layer_sample_spread,
    ],
)
def test_needs_an_mlp(helper):
    args = ("a model", X, Y) if helper in (layer_gradient_norms, layer_dZ_norms) else ("a model", X)
    with pytest.raises(TypeError, match="model must be a course_lib.models.MLP"):
        helper(*args)


def test_output_spread_follows_the_initial_scale():
    def spreads(std):
        return layer_output_spread(
            MLP([2] + [64] * 10 + [3], activation="relu", init=std, seed=0), X
        )

    he = spreads(np.sqrt(2 / 64))
    assert spreads(0.05)[-1] < 1e-3 * he[-1]  # too small: the signal fades layer by layer
    assert spreads(0.3)[-1] > 10 * he[-1]  # too large: it grows layer by layer
    assert 0.1 < he[-1] / he[0] < 10  # He keeps the signal's size through the depth
    model = MLP([2, 8, 3], seed=0)
    np.testing.assert_allclose(
        layer_output_spread(model, X),
        [np.maximum(X @ model.layers[0].W.T + model.layers[0].b, 0).std()],
    )


def test_sample_spread_is_the_spread_over_samples_averaged_over_units():
    model = MLP([2, 5, 4, 3], activation="tanh", seed=3)
    A1 = np.tanh(X @ model.layers[0].W.T + model.layers[0].b)
    A2 = np.tanh(A1 @ model.layers[2].W.T + model.layers[2].b)
    expected = [np.mean([np.std(A[:, j]) for j in range(A.shape[1])]) for A in (A1, A2)]
    np.testing.assert_allclose(layer_sample_spread(model, X), expected, rtol=1e-12)
    same_input = np.repeat(X[:1], 10, axis=0)
    assert np.all(layer_sample_spread(model, same_input) < 1e-15)  # identical inputs never differ
    assert np.all(layer_output_spread(model, same_input) > 0)  # while the units still do


def test_deep_sigmoid_inputs_collapse_onto_one_representation():
    model = MLP([2] + [32] * 8 + [3], activation="sigmoid", seed=0)
    across_samples, whole = layer_sample_spread(model, X), layer_output_spread(model, X)
    assert np.all(np.diff(np.log(across_samples)) < np.log(1 / 3))  # over 3× less every layer
    assert across_samples[-1] < 1e-5
    assert whole.min() > 0.01  # the whole matrix's spread hides it: the units differ


def test_pre_activations_are_each_activation_layers_input():
    model = MLP([2, 5, 4, 3], activation="tanh", seed=3)
    Z1 = X @ model.layers[0].W.T + model.layers[0].b
    Z2 = np.tanh(Z1) @ model.layers[2].W.T + model.layers[2].b
    got = layer_pre_activations(model, X)
    assert len(got) == 2
    np.testing.assert_allclose(got[0], Z1, rtol=1e-12)
    np.testing.assert_allclose(got[1], Z2, rtol=1e-12)
    got[0][:] = 0.0  # copies: editing them changes nothing the model keeps
    assert np.any(layer_pre_activations(model, X)[0] != 0)


def test_saturation_counts_units_whose_slope_is_below_the_threshold():
    model = MLP([2, 6, 3], activation="tanh", seed=0)
    Z = X @ model.layers[0].W.T + model.layers[0].b
    for limit in (0.1, 0.5):
        expected = np.mean(1 - np.tanh(Z) ** 2 < limit)  # written out, independently
        assert layer_saturation(model, X, slope_below=limit)[0] == expected
    # Weights N(0, 1) in 32-wide tanh layers put most pre-activations far in the flat tails.
    naive = layer_saturation(MLP([2] + [32] * 5 + [3], activation="tanh", init=1.0, seed=0), X)
    xavier = layer_saturation(MLP([2] + [32] * 5 + [3], activation="tanh", seed=0), X)
    assert np.all(naive[2:] > 0.5) and np.all(xavier < 0.05)
    with pytest.raises(ValueError, match="slope_below"):
        layer_saturation(model, X, slope_below=0.0)


def test_helpers_measure_a_sequential_with_residual_blocks_too():
    rng = np.random.default_rng(0)
    model = Sequential(
        [Dense(2, 8, seed=rng), Tanh()]
        + [Residual([Dense(8, 8, seed=rng), Tanh()]) for _ in range(3)]
        + [Dense(8, 3, seed=rng)]
    )
    norms = layer_gradient_norms(model, X, Y)
    assert len(norms) == 5 and len(layer_saturation(model, X)) == 4
    np.testing.assert_allclose(norms, [np.linalg.norm(d.dW) for d in model.dense_layers])
    assert len(layer_mean_slopes(model, X)) == 4 and len(layer_pre_activations(model, X)) == 4
    with pytest.raises(TypeError, match="MLP"):
        layer_dZ_norms(model, X, Y)  # the backward signal is what MLP keeps
