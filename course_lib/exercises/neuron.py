"""Checkers for the chapter "One neuron learns", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..kernels import sigmoid as _sigmoid
from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not models.Neuron.backward);
# tests/test_checkers_independent.py tests they agree.
def _logistic_gradients(X, y, w, b):
    error = _sigmoid(X @ w + b) - y  # dL/dz for each sample, times n
    return (X.T @ error / len(y), float(np.mean(error)))


LOGISTIC_GRADIENT_MISTAKES = [
    Mistake(
        "MSE's extra factor",
        "with binary cross-entropy the sigmoid's slope cancels: dL/dz = p − y. The extra "
        "p(1 − p) belongs to the squared error through a sigmoid.",
        lambda X, y, w, b: (
            X.T
            @ ((_sigmoid(X @ w + b) - y) * _sigmoid(X @ w + b) * (1 - _sigmoid(X @ w + b)))
            / len(y),
            float(
                np.mean((_sigmoid(X @ w + b) - y) * _sigmoid(X @ w + b) * (1 - _sigmoid(X @ w + b)))
            ),
        ),
    ),
    Mistake(
        "missing 1/n",
        "the loss is a mean over the samples, so its gradient is too: divide by len(y).",
        lambda X, y, w, b: (
            X.T @ (_sigmoid(X @ w + b) - y),
            float(np.sum(_sigmoid(X @ w + b) - y)),
        ),
    ),
    Mistake(
        "wrong sign",
        "the error is prediction minus target, p − y; y − p sends every step uphill.",
        lambda X, y, w, b: (
            X.T @ (y - _sigmoid(X @ w + b)) / len(y),
            float(np.mean(y - _sigmoid(X @ w + b))),
        ),
    ),
    Mistake(
        "logit instead of probability",
        "compare the probability p = σ(X w + b) with y, not the logit z = X w + b.",
        lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), float(np.mean(X @ w + b - y))),
    ),
]

_rng = np.random.default_rng(5)
_X = np.array([[5.0, 7.0], [3.0, 4.0], [8.0, 6.0], [2.0, 3.0]])
_Y = np.array([1.0, 0.0, 1.0, 0.0])
_X3 = _rng.normal(size=(6, 3))
_Y3 = (_rng.uniform(size=6) < 0.5).astype(float)


@checker(
    reference=_logistic_gradients,
    cases=[
        {"X": _X, "y": _Y, "w": np.array([0.5, -0.1]), "b": 0.0},
        {"X": _X3, "y": _Y3, "w": np.array([1.0, -2.0, 0.5]), "b": 0.3},
    ],
    mistakes=LOGISTIC_GRADIENT_MISTAKES,
)
def check_logistic_gradients(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b)`` → (dL/dw, dL/db) for one sigmoid neuron with binary cross-entropy.

    X: (n, d); y: (n,) in {0, 1}; w: (d,); b: a number. dL/dw: (d,), dL/db: a number.
    """


# Independent on purpose (own formula, not models.Neuron.predict);
# tests/test_checkers_independent.py tests they agree.
def _predict(X, w, b):
    return (X @ w + b >= 0).astype(int)


PREDICT_MISTAKES = [
    Mistake(
        "probabilities returned",
        "return class labels, 1 where p ≥ 0.5 and 0 elsewhere, not the probabilities.",
        lambda X, w, b: _sigmoid(X @ w + b),
    ),
    Mistake(
        "threshold on the logit at 0.5",
        "p ≥ 0.5 means z ≥ 0 (σ(0) = 0.5); comparing the logit z with 0.5 moves the boundary.",
        lambda X, w, b: (X @ w + b >= 0.5).astype(int),
    ),
    Mistake(
        "classes swapped",
        "p is the probability of class 1: predict 1 when p ≥ 0.5.",
        lambda X, w, b: (X @ w + b < 0).astype(int),
    ),
    Mistake(
        "strict inequality",
        "a sample exactly on the boundary, z = 0, has p = σ(0) = 0.5, and p ≥ 0.5 makes it "
        "class 1: compare with ≥ (z >= 0), not >.",
        lambda X, w, b: (X @ w + b > 0).astype(int),
    ),
]


@checker(
    reference=_predict,
    cases=[
        {"X": _X, "w": np.array([1.4, 0.5]), "b": -8.0},
        {"X": np.array([[0.3], [0.1], [0.2], [0.6]]), "w": np.array([1.0]), "b": -0.25},
        # Two samples exactly on the boundary, z = 0 (p = 0.5): class 1.
        {
            "X": np.array([[1.0, 2.0], [2.0, 2.0], [0.5, 0.5], [3.0, 0.0]]),
            "w": np.array([1.0, 1.0]),
            "b": -3.0,
        },
    ],
    mistakes=PREDICT_MISTAKES,
)
def check_predict(fn: Callable) -> Feedback:
    """Check ``fn(X, w, b)`` → labels (n,) in {0, 1}: 1 where σ(X w + b) ≥ 0.5."""


def _boundary(study, w, b):
    return -(w[0] * study + b) / w[1]


BOUNDARY_MISTAKES = [
    Mistake(
        "sign",
        "on the boundary w₁·study + w₂·sleep + b = 0, so sleep = −(w₁·study + b) / w₂.",
        lambda study, w, b: (w[0] * study + b) / w[1],
    ),
    Mistake(
        "bias left out",
        "the boundary is where the whole logit is 0, bias included: −(w₁·study + b) / w₂.",
        lambda study, w, b: -(w[0] * study) / w[1],
    ),
    Mistake(
        "divided by the wrong weight",
        "solve for sleep: divide by its own weight, w₂.",
        lambda study, w, b: -(w[1] * study + b) / w[0],
    ),
]


@checker(
    reference=_boundary,
    cases=[
        {"study": 5.0, "w": np.array([1.4028, 0.4947]), "b": -8.0842},
        {"study": np.array([2.0, 4.0, 8.0]), "w": np.array([1.0, 2.0]), "b": -10.0},
    ],
    mistakes=BOUNDARY_MISTAKES,
)
def check_boundary(fn: Callable) -> Feedback:
    """Check ``fn(study, w, b)`` → the sleep hours where σ(w₁·study + w₂·sleep + b) = 0.5."""
