"""Loss functions and their gradients.

Every loss returns a Python float, and every ``*_grad`` returns
dL/d(first argument), with that argument's shape. Argument order is always
(prediction, target). Two kinds of mean:

* element-wise losses (``mse``, ``binary_cross_entropy``,
  ``sigmoid_cross_entropy``) average over all N entries of their arrays;
* class-distribution losses (``cross_entropy``, ``softmax_cross_entropy``)
  sum over the k classes of a row and average over the n rows.

Notation (the book's): ŷ = y_pred, p = predicted probabilities, z = logits,
y = targets, ε = ``EPS`` (the clipping margin for probabilities).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import kernels
from ._checks import (
    as_float_array,
    as_float_pair,
    as_targets,
    check_distributions,
    check_in_unit_interval,
)

EPS = 1e-12
"""Probabilities are clipped to [EPS, 1 − EPS] before taking logs, so a
prediction of exactly 0 or 1 gives a large but finite loss (−log ε ≈ 27.6)."""


def mse(y_pred: ArrayLike, y_true: ArrayLike) -> float:
    """Mean squared error: L = (1/N) Σ (ŷ − y)², the mean over all N entries.

    y_pred, y_true: the same shape, e.g. (n,) or (n, k); never broadcast.
    """
    y_pred, y_true = as_float_pair(y_pred, y_true, "y_pred", "y_true")  # same shape, or an error
    return kernels.mse(y_pred, y_true)


def mse_grad(y_pred: ArrayLike, y_true: ArrayLike) -> np.ndarray:
    """Gradient of ``mse`` with respect to y_pred: dL/dŷ = 2 (ŷ − y) / N.

    Returns an array with the shape of y_pred.
    """
    return kernels.mse_grad(*as_float_pair(y_pred, y_true, "y_pred", "y_true"))


def binary_cross_entropy(p: ArrayLike, y: ArrayLike) -> float:
    """Binary cross-entropy: L = −(1/N) Σ [y log p + (1 − y) log(1 − p)].

    p: predicted probabilities of class 1, any shape, values in [0, 1]
    (clipped to [ε, 1 − ε], so p = 0 or 1 stays finite).
    y: targets of the same shape, 0 or 1 (soft targets in [0, 1] also work).
    """
    p, y = _clipped_binary_pair(p, y)
    with np.errstate(under="ignore"):  # a tiny soft target times a log: 0 is right
        return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def binary_cross_entropy_grad(p: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of ``binary_cross_entropy`` with respect to p.

    dL/dp = (1/N) · (−y/p + (1 − y)/(1 − p)), evaluated at p clipped to
    [ε, 1 − ε]; so p = 0 with y = 1 gives the steep −1/(N ε), not the 0 that
    the clipped (flat) loss would have there. Returns an array shaped like p.
    """
    p, y = _clipped_binary_pair(p, y)
    with np.errstate(under="ignore"):
        return (-y / p + (1.0 - y) / (1.0 - p)) / p.size


def sigmoid_cross_entropy(z: ArrayLike, y: ArrayLike) -> float:
    """Binary cross-entropy of p = σ(z), computed exactly from the logits z.

    L = (1/N) Σ [log(1 + e^z) − y z], which equals −(1/N) Σ [y log σ(z) +
    (1 − y) log(1 − σ(z))] with no clipping, for any z (log(1 + e^z) is
    computed as ``logaddexp(0, z)``, which cannot overflow).
    z: logits, any shape; y: targets of the same shape, in [0, 1].
    """
    return kernels.sigmoid_cross_entropy(*_logits_and_binary_targets(z, y))


def sigmoid_cross_entropy_grad(z: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of ``sigmoid_cross_entropy`` with respect to z: (σ(z) − y) / N.

    The sigmoid's slope σ'(z) cancels against the 1/p of the logarithm, so
    the gradient is the error p − y, never vanishing while the prediction is
    wrong. Returns an array shaped like z.
    """
    z, y = _logits_and_binary_targets(z, y)
    return kernels.logit_gradient(kernels.sigmoid(z), y, z.size)


def cross_entropy(probs: ArrayLike, y: ArrayLike) -> float:
    """Categorical cross-entropy: L = −(1/n) Σ_i Σ_k y_ik log p_ik.

    probs: (n, k) predicted probabilities, each row summing to 1.
    y: integer labels (n,) with values in 0 .. k−1, or one-hot rows (n, k).
    With integer labels this is −(1/n) Σ_i log p_(i, y_i).
    """
    probs, targets = _classification_pair(probs, y)
    with np.errstate(under="ignore"):
        return float(-np.sum(targets * np.log(np.clip(probs, EPS, 1.0))) / probs.shape[0])


def cross_entropy_grad(probs: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of ``cross_entropy`` with respect to probs: dL/dp_ik = −y_ik / (n p_ik).

    probs: (n, k); y: labels (n,) or one-hot (n, k). Returns (n, k).
    With integer or one-hot labels only the true class gets a gradient;
    softmax's Jacobian then spreads it to every logit (see
    ``softmax_cross_entropy_grad``).
    """
    probs, targets = _classification_pair(probs, y)
    with np.errstate(under="ignore"):
        return -targets / np.clip(probs, EPS, 1.0) / probs.shape[0]


def softmax_cross_entropy(logits: ArrayLike, y: ArrayLike) -> float:
    """Cross-entropy of softmax(logits), computed stably from the logits.

    logits: (n, k) scores z; y: integer labels (n,) or one-hot rows (n, k).
    L = −(1/n) Σ_i Σ_k y_ik log softmax(z_i)_k, with log-softmax computed by
    log-sum-exp, so logits of ±1e4 give a finite loss.
    """
    logits, targets = _logits_pair(logits, y)
    return kernels.softmax_cross_entropy(logits, targets)[0]


def softmax_cross_entropy_grad(logits: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Gradient of ``softmax_cross_entropy`` with respect to the logits.

    dL/dZ = (softmax(Z) − Y) / n, where Y is one-hot(y). Returns (n, k).
    """
    logits, targets = _logits_pair(logits, y)
    return kernels.logit_gradient(kernels.softmax(logits), targets, logits.shape[0])


# --- validation of argument pairs --------------------------------------------


def _clipped_binary_pair(p: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Check p and y (same shape, in [0, 1]); return p clipped to [ε, 1 − ε], and y."""
    p_checked, y_checked = as_float_pair(p, y, "p", "y")
    check_in_unit_interval(p_checked, "p")
    check_in_unit_interval(y_checked, "y")
    return np.clip(p_checked, EPS, 1.0 - EPS), y_checked


def _logits_and_binary_targets(z: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    z, y = as_float_pair(z, y, "z", "y")
    check_in_unit_interval(y, "y")
    return z, y


def _classification_pair(probs: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    probs = as_float_array(probs, "probs", ndim=2, expected="(n, k)")
    check_distributions(
        probs, "probs", hint=" (are these logits? use softmax_cross_entropy(logits, y))"
    )
    return probs, as_targets(y, "y", *probs.shape)


def _logits_pair(logits: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    logits = as_float_array(logits, "logits", ndim=2, expected="(n, k)")
    return logits, as_targets(y, "y", *logits.shape)
