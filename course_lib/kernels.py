"""The unchecked fast path: the arithmetic the checked functions and the training loop share.

Each formula of the book that a training step evaluates lives here once, as a
plain function of numpy arrays. Nothing here validates its input: the public
functions of ``activations``, ``losses``, ``layers`` and ``models`` check their
arguments once, then call these; ``train.fit`` checks a data set once, then runs
every batch through them. Call them yourself only with finite float64 arrays of
the shapes documented. Every function returns a fresh array, never its input.

Underflow (e^(−800) → 0, a tiny gradient times a tiny input → 0) is the right
answer wherever it happens here, so it is not reported, even under
``np.errstate(under="raise")``.

Notation (the book's): Z pre-activations, A = f(Z) outputs, X inputs (one
sample per row), W (n_out, n_in), b (n_out,), P predicted probabilities,
Y targets, n the number of rows.
"""

from __future__ import annotations

import numpy as np

MAX_BYTES = 4 * 2**30
"""The most parameter memory a layer or model may ask for (4 GiB); more fails before allocating."""


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """σ(Z) = 1 / (1 + e^(−Z)), element-wise, computed from e^(−|Z|), which never overflows."""
    with np.errstate(under="ignore"):  # e^(−|Z|) → 0 for |Z| > 745: the right limit
        e = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_slope(A: np.ndarray) -> np.ndarray:
    """σ′(Z) written with the output A = σ(Z): σ′ = A (1 − A).

    It cannot underflow: 1 − A is 1 for tiny A.
    """
    return A * (1.0 - A)


def relu(Z: np.ndarray) -> np.ndarray:
    """ReLU(Z) = max(0, Z), element-wise."""
    return np.maximum(Z, 0.0)


def relu_slope(A: np.ndarray) -> np.ndarray:
    """ReLU′ written with the output A = max(0, Z): True (1) where A > 0 (Z > 0), else False (0)."""
    return A > 0


def tanh(Z: np.ndarray) -> np.ndarray:
    """tanh(Z), element-wise.

    numpy's baseline (non-SIMD) tanh flags underflow for tiny |Z|, where tanh(Z) = Z
    is exact; the SIMD kernels do not. Ignoring it gives every CPU the same behaviour.
    """
    with np.errstate(under="ignore"):
        return np.tanh(Z)


def tanh_slope(A: np.ndarray) -> np.ndarray:
    """tanh′(Z) written with the output A = tanh(Z): 1 − A²."""
    with np.errstate(under="ignore"):
        return 1.0 - A * A


def softmax(Z: np.ndarray) -> np.ndarray:
    """softmax along the last axis, e^(z_k − max z) / Σ_j e^(z_j − max z): no exponent above 0."""
    with np.errstate(under="ignore"):
        e = np.exp(Z - Z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z)_k = (z_k − max z) − log Σ_j e^(z_j − max z), along the last axis."""
    shifted = z - z.max(axis=-1, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def mse(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Mean squared error over all N entries: L = (1/N) Σ (ŷ − y)²."""
    with np.errstate(under="ignore"):  # a tiny error squared rounds to 0: right
        return float(np.mean((y_pred - y_true) ** 2))


def mse_grad(y_pred: np.ndarray, y_true: np.ndarray | float) -> np.ndarray:
    """dL/dŷ of the mean squared error: 2 (ŷ − y) / N, shaped like y_pred."""
    with np.errstate(under="ignore"):
        return 2.0 * (y_pred - y_true) / y_pred.size


def sigmoid_cross_entropy(z: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy of σ(z) from the logits: (1/N) Σ [log(1 + e^z) − y z]."""
    with np.errstate(under="ignore"):
        return float(np.mean(np.logaddexp(0.0, z) - y * z))


def softmax_cross_entropy(Z: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
    """The mean loss −(1/n) Σ_i Σ_k Y_ik log P_ik and P = softmax(Z), from one exponentiation.

    Z: (n, k) logits; Y: (n, k) target rows. log P is computed by log-sum-exp,
    as in ``log_softmax``, so any finite logits give a finite loss.
    """
    shifted = Z - Z.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        e = np.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        P = e / total
        loss = -np.sum(Y * (shifted - np.log(total))) / Z.shape[0]
    return float(loss), P


def logit_gradient(P: np.ndarray, Y: np.ndarray, n: int) -> np.ndarray:
    """dL/dZ = (P − Y) / n: cross-entropy of a sigmoid or softmax output, the slope cancelled."""
    with np.errstate(under="ignore"):
        return (P - Y) / n


def init_std(init: str | float, n_in: int, n_out: int) -> float:
    """The spread of initial weights: "he" √(2/n_in), "xavier" √(2/(n_in + n_out)), or σ itself.

    init: "he", "xavier" or an already checked number σ > 0.
    """
    if init == "he":
        return float(np.sqrt(2.0 / n_in))
    if init == "xavier":
        return float(np.sqrt(2.0 / (n_in + n_out)))
    return float(init)
