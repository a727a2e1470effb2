"""Gradient flow: how much learning signal reaches each layer of a deep network.

Backpropagation carries the backward signal ∂L/∂Z_l down the network, multiplying it
layer after layer by a weight matrix and by the activation's local slopes f'(Z). If those
factors are mostly smaller than 1 the signal shrinks towards the input (the gradient
*vanishes*); if mostly larger, it grows (it *explodes*). A weight gradient,
∂L/∂W_l = (∂L/∂Z_l)ᵀ A_{l−1}, multiplies that backward signal by the forward one, so the
two can hide each other: read ``layer_dZ_norms`` for the growth or decay with depth.
These helpers measure one number per layer, of an ``MLP`` or a ``Sequential`` (whose
residual blocks' layers count too), except ``layer_dZ_norms``, which reads what ``MLP``
keeps. A unit is **saturated** when its pre-activation z sits where the activation is
flat, its slope f'(z) near 0: ``layer_saturation`` counts them, ``layer_pre_activations``
shows where the z fall.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import check_positive_float
from .models import MLP, Sequential


def layer_gradient_norms(model: MLP | Sequential, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """‖∂L/∂W_l‖ (Frobenius norm) for each dense layer l, input side first.

    Runs one ``loss(X, y)`` and ``backward()``. Returns shape (n_dense_layers,).
    """
    _check_mlp(model)
    model.loss(X, y)
    model.backward()
    return np.array([np.linalg.norm(layer.dW) for layer in model.dense_layers])


def layer_dZ_norms(model: MLP, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """‖∂L/∂Z_l‖ (Frobenius norm) for each dense layer l, input side first: the backward signal.

    Z_l = A_{l−1} W_lᵀ + b_l, shape (n, n_l), is layer l's pre-activation. Backpropagation
    computes ∂L/∂Z_l = (∂L/∂Z_{l+1} W_{l+1}) ⊙ f'(Z_l), one weight matrix and one slope per
    layer, starting from the output's (softmax(Z) − Y)/n. Runs one ``loss(X, y)`` and
    ``backward()``, which keeps ∂L/∂Z_l as ``model.dZ``. Returns shape (n_dense_layers,).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a course_lib.models.MLP; got {type(model).__name__}")
    model.loss(X, y)
    model.backward()
    return np.array([np.linalg.norm(dZ) for dZ in model.dZ])


def layer_mean_slopes(model: MLP | Sequential, X: ArrayLike) -> np.ndarray:
    """The mean local slope f'(Z) of each hidden activation layer, input side first.

    Runs one ``forward(X)``. Returns shape (n_hidden_layers,). For a sigmoid
    the slope is at most 1/4, so each layer can only shrink the gradient.
    """
    _check_mlp(model)
    model.forward(X)
    return np.array([layer.slopes().mean() for layer in model.activation_layers])


def layer_pre_activations(model: MLP | Sequential, X: ArrayLike) -> list[np.ndarray]:
    """Each hidden activation layer's input Z_l (n, units_l), input side first: copies.

    Runs one ``forward(X)``; the activation layers keep their inputs.
    """
    _check_mlp(model)
    model.forward(X)
    return [np.array(layer.Z, dtype=np.float64) for layer in model.activation_layers]


def layer_saturation(model: MLP | Sequential, X: ArrayLike, slope_below: float = 0.1) -> np.ndarray:
    """The share of each hidden layer's units × samples whose slope f'(Z) is below ``slope_below``.

    Such a unit is saturated: it passes back less than ``slope_below`` times the
    gradient it receives. For tanh, f'(z) < 0.1 means |z| > 1.82; for the sigmoid
    (slope at most 1/4), |z| > 2.06. ReLU's flat side (z < 0) counts too. Runs one
    ``forward(X)``. Returns shape (n_hidden_layers,), values in [0, 1].
    """
    slope_below = check_positive_float(slope_below, "slope_below")
    _check_mlp(model)
    model.forward(X)
    return np.array([np.mean(layer.slopes() < slope_below) for layer in model.activation_layers])


def layer_output_spread(model: MLP | Sequential, X: ArrayLike) -> np.ndarray:
    """The standard deviation of each hidden layer's output A_l (all its entries), input side first.

    Runs one forward pass. Returns shape (n_hidden_layers,). Shrinking values
    mean the signal fades on its way forward; growing values, that it blows up.
    It mixes differences between units with differences between samples: whether
    the samples still differ is ``layer_sample_spread``.
    """
    return np.array([A.std() for A in _hidden_outputs(model, X)])


def layer_sample_spread(model: MLP | Sequential, X: ArrayLike) -> np.ndarray:
    """How much the samples still differ at each hidden layer, input side first.

    For the output A_l (n, n_l) of hidden layer l: the standard deviation over the
    samples (axis 0) of each unit, averaged over the units. Near 0, every input
    reaches the layer with the same representation, and no later layer can tell
    them apart. Runs one forward pass. Returns shape (n_hidden_layers,).
    """
    return np.array([A.std(axis=0).mean() for A in _hidden_outputs(model, X)])


def _hidden_outputs(model: MLP | Sequential, X: ArrayLike) -> list[np.ndarray]:
    """Each hidden layer's output A_l after ``model.forward(X)`` (the layers keep them)."""
    _check_mlp(model)
    model.forward(X)
    outputs = []
    for layer in model.activation_layers:
        assert layer.A is not None  # forward(X) just set it
        outputs.append(layer.A)
    return outputs


def _check_mlp(model: MLP | Sequential) -> None:
    if not isinstance(model, (MLP, Sequential)):
        raise TypeError(
            f"model must be a course_lib.models.MLP or Sequential; got {type(model).__name__}"
        )
