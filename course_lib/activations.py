"""Activation functions and their derivatives.

Each function works element-wise on a number or an array of any shape,
except ``softmax`` and ``log_softmax``, which work along the last axis of a
1-D or 2-D array. Each ``*_grad(z)`` is the element-wise
derivative of the activation *at the pre-activation* ``z``:
``sigmoid_grad(z) = σ'(z) = σ(z)(1 − σ(z))``.

Each function checks its input, then computes with ``course_lib.kernels``,
where every formula lives once. Results are fresh arrays (or Python floats).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import kernels
from ._checks import as_float_array, scalar_or_array


def sigmoid(z: ArrayLike) -> float | np.ndarray:
    """Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), element-wise, in (0, 1).

    Overflow-safe: it only ever exponentiates −|z|, so z = ±1e4 gives 1 and 0.
    """
    return scalar_or_array(kernels.sigmoid(as_float_array(z, "z")))


def sigmoid_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of the sigmoid at z: σ'(z) = σ(z) · (1 − σ(z))."""
    return scalar_or_array(kernels.sigmoid_slope(kernels.sigmoid(as_float_array(z, "z"))))


def relu(z: ArrayLike) -> float | np.ndarray:
    """Rectified linear unit: max(0, z), element-wise."""
    return scalar_or_array(kernels.relu(as_float_array(z, "z")))


def relu_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of ReLU at z: 1 where z > 0, else 0 (we take 0 at z = 0)."""
    return scalar_or_array(kernels.relu_slope(as_float_array(z, "z")).astype(np.float64))


def tanh(z: ArrayLike) -> float | np.ndarray:
    """Hyperbolic tangent, element-wise, in (−1, 1)."""
    return scalar_or_array(kernels.tanh(as_float_array(z, "z")))


def tanh_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of tanh at z: 1 − tanh(z)²."""
    return scalar_or_array(kernels.tanh_slope(kernels.tanh(as_float_array(z, "z"))))


def softmax(z: ArrayLike) -> np.ndarray:
    """Softmax along the last axis: softmax(z)_k = e^(z_k) / Σ_j e^(z_j).

    z: (n, k) logits, one row per sample, or (k,) for a single sample.
    Returns probabilities of the same shape; each row sums to 1.
    Numerically stable: subtracting the row maximum first leaves the result
    unchanged and keeps every exponent ≤ 0, so nothing overflows.
    """
    return kernels.softmax(as_float_array(z, "z", ndim=(1, 2), expected="(n, k) or (k,)"))


def log_softmax(z: ArrayLike) -> np.ndarray:
    """log(softmax(z)) along the last axis, computed stably by log-sum-exp.

    z: (n, k) or (k,). log softmax(z)_k = z_k − max(z) − log Σ_j e^(z_j − max(z)).
    """
    return kernels.log_softmax(as_float_array(z, "z", ndim=(1, 2), expected="(n, k) or (k,)"))
