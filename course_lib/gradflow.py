"""Gradient flow: how much learning signal reaches each layer of a deep network.

Backpropagation multiplies, layer after layer, by a weight matrix and by the
activation's local slopes f'(Z). If those factors are mostly smaller than 1
the gradient shrinks towards the input (it *vanishes*); if mostly larger, it
grows (it *explodes*). These helpers measure both, one number per layer.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .layers import _Activation
from .models import MLP


def layer_gradient_norms(model: MLP, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """‖∂L/∂W_l‖ (Frobenius norm) for each dense layer l, input side first.

    Runs one ``loss(X, y)`` and ``backward()``. Returns shape (n_dense_layers,).
    """
    _check_mlp(model)
    model.loss(X, y)
    model.backward()
    return np.array([np.linalg.norm(layer.dW) for layer in model.dense_layers])


def layer_mean_slopes(model: MLP, X: ArrayLike) -> np.ndarray:
    """The mean local slope f'(Z) of each hidden activation layer, input side first.

    Runs one ``forward(X)``. Returns shape (n_hidden_layers,). For a sigmoid
    the slope is at most 1/4, so each layer can only shrink the gradient.
    """
    _check_mlp(model)
    model.forward(X)
    return np.array([layer.slopes().mean() for layer in model.layers if isinstance(layer, _Activation)])


def layer_output_spread(model: MLP, X: ArrayLike) -> np.ndarray:
    """The standard deviation of each hidden layer's output A_l, input side first.

    Runs one forward pass. Returns shape (n_hidden_layers,). Shrinking values
    mean the signal fades on its way forward; growing values, that it blows up.
    """
    _check_mlp(model)
    A = model._check_X(X)
    spreads = []
    for layer in model.layers:
        A = layer._forward(A)
        if isinstance(layer, _Activation):
            spreads.append(A.std())
    model._loss_cached = False
    return np.array(spreads)


def _check_mlp(model: MLP) -> None:
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a course_lib.models.MLP; got {type(model).__name__}")
