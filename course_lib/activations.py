"""Activation functions and their derivatives.

Each function works element-wise on a number or an array of any shape,
except ``softmax`` and ``log_softmax``, which work along the last axis of a
1-D or 2-D array. Each ``*_grad(z)`` is the element-wise
derivative of the activation *at the pre-activation* ``z``:
``sigmoid_grad(z) = σ'(z) = σ(z)(1 − σ(z))``.

The public functions validate their input; the ``_``-prefixed kernels below
them do the arithmetic and are what the layers call inside training loops.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, scalar_or_array


def sigmoid(z: ArrayLike) -> float | np.ndarray:
    """Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), element-wise, in (0, 1).

    Overflow-safe: it only ever exponentiates −|z|, so z = ±1e4 gives 1 and 0.
    """
    return scalar_or_array(_sigmoid(as_float_array(z, "z")))


def sigmoid_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of the sigmoid at z: σ'(z) = σ(z) · (1 − σ(z))."""
    s = _sigmoid(as_float_array(z, "z"))
    with np.errstate(under="ignore"):
        return scalar_or_array(s * (1.0 - s))


def relu(z: ArrayLike) -> float | np.ndarray:
    """Rectified linear unit: max(0, z), element-wise."""
    return scalar_or_array(_relu(as_float_array(z, "z")))


def relu_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of ReLU at z: 1 where z > 0, else 0 (we take 0 at z = 0)."""
    return scalar_or_array(_relu_grad(as_float_array(z, "z")))


def tanh(z: ArrayLike) -> float | np.ndarray:
    """Hyperbolic tangent, element-wise, in (−1, 1)."""
    return scalar_or_array(np.tanh(as_float_array(z, "z")))


def tanh_grad(z: ArrayLike) -> float | np.ndarray:
    """Derivative of tanh at z: 1 − tanh(z)²."""
    t = np.tanh(as_float_array(z, "z"))
    return scalar_or_array(1.0 - t * t)


def softmax(z: ArrayLike) -> np.ndarray:
    """Softmax along the last axis: softmax(z)_k = e^(z_k) / Σ_j e^(z_j).

    z: (n, k) logits, one row per sample, or (k,) for a single sample.
    Returns probabilities of the same shape; each row sums to 1.
    Numerically stable: subtracting the row maximum first leaves the result
    unchanged and keeps every exponent ≤ 0, so nothing overflows.
    """
    return _softmax(as_float_array(z, "z", ndim=(1, 2), expected="(n, k) or (k,)"))


def log_softmax(z: ArrayLike) -> np.ndarray:
    """log(softmax(z)) along the last axis, computed stably by log-sum-exp.

    z: (n, k) or (k,). log softmax(z)_k = z_k − max(z) − log Σ_j e^(z_j − max(z)).
    """
    return _log_softmax(as_float_array(z, "z", ndim=(1, 2), expected="(n, k) or (k,)"))


# --- unchecked kernels -------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # e^(−|z|) never overflows; it underflows to 0 for |z| > 745, which is the
    # correct limit, so underflow is ignored here rather than reported.
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_grad(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(np.float64)


def _softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    with np.errstate(under="ignore"):  # e^(−large) → 0 is the right answer
        e = np.exp(shifted)
        return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
