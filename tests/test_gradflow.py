"""Gradient-flow helpers: one number per layer, matching the layers' own gradients."""

import numpy as np
import pytest

from course_lib.data import make_spirals
from course_lib.gradflow import layer_gradient_norms, layer_mean_slopes, layer_output_spread
from course_lib.models import MLP

X, Y = make_spirals(n_per_class=30, seed=0)


def test_norms_are_the_dense_layers_gradients():
    model = MLP([2, 8, 8, 3], activation="tanh", seed=0)
    norms = layer_gradient_norms(model, X, Y)
    assert norms.shape == (3,)
    np.testing.assert_allclose(norms, [np.linalg.norm(layer.dW) for layer in model.dense_layers])


def test_deep_sigmoid_gradients_vanish_and_he_relu_keeps_them():
    sigmoid = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="sigmoid", seed=0), X, Y)
    relu = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="relu", seed=0), X, Y)
    assert sigmoid[0] < 1e-4 * sigmoid[-1]  # the first layer hears almost nothing
    assert relu[0] > 0.1 * relu[-1]


def test_large_initial_weights_explode():
    norms = layer_gradient_norms(MLP([2] + [32] * 10 + [3], activation="relu", init=1.0, seed=0), X, Y)
    assert norms[0] > 1e3


def test_mean_slopes():
    slopes = layer_mean_slopes(MLP([2, 16, 16, 3], activation="sigmoid", seed=0), X)
    assert slopes.shape == (2,) and np.all((0 < slopes) & (slopes <= 0.25))
    relu = layer_mean_slopes(MLP([2, 16, 3], activation="relu", seed=0), X)
    assert 0.0 <= relu[0] <= 1.0


def test_needs_an_mlp():
    with pytest.raises(TypeError, match="model must be a course_lib.models.MLP"):
        layer_gradient_norms("a model", X, Y)


def test_output_spread_follows_the_initial_scale():
    def spreads(std):
        return layer_output_spread(MLP([2] + [64] * 10 + [3], activation="relu", init=std, seed=0), X)

    he = spreads(np.sqrt(2 / 64))
    assert spreads(0.05)[-1] < 1e-3 * he[-1]  # too small: the signal fades layer by layer
    assert spreads(0.3)[-1] > 10 * he[-1]  # too large: it grows layer by layer
    assert 0.1 < he[-1] / he[0] < 10  # He keeps the signal's size through the depth
    model = MLP([2, 8, 3], seed=0)
    np.testing.assert_allclose(layer_output_spread(model, X), [np.maximum(X @ model.layers[0].W.T + model.layers[0].b, 0).std()])
