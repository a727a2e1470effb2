"""Checkers for the chapter "Gradient descent beyond networks", with their catalogues of mistakes.

The models are linear regression, ŷ = X w + b with the mean squared error, and
logistic regression, p = σ(X w + b) with binary cross-entropy. Shapes: X (n, d),
y (n,), w (d,), b a number.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..activations import _sigmoid
from .core import Feedback, Mistake, check_function


def _linear_gradient(X, y, w, b, *, factor=2.0, mean=True, sign=1.0, bias=True, transposed=False):
    """(dL/dw, dL/db) of the MSE of ŷ = X w + b; the keywords make the catalogued mistakes."""
    residual = sign * (X @ w + (b if bias else 0.0) - y)
    scale = factor / (len(y) if mean else 1.0)
    dw = (X if transposed else X.T) @ residual * scale
    return (dw, float(residual.sum() * scale))


def _linear_regression_gradient(X, y, w, b):
    return _linear_gradient(X, y, w, b)


LINEAR_REGRESSION_GRADIENT_MISTAKES = [
    Mistake(
        "missing 2",
        "the derivative of the square (ŷ_i − y_i)² is 2(ŷ_i − y_i): the power rule brings "
        "down a 2, so dL/dw = (2/n) Xᵀ(X w + b − y).",
        lambda X, y, w, b: _linear_gradient(X, y, w, b, factor=1.0),
    ),
    Mistake(
        "missing 1/n",
        "the loss is a mean over the n samples, so its gradient is too: divide the sums "
        "by n = len(y).",
        lambda X, y, w, b: _linear_gradient(X, y, w, b, mean=False),
    ),
    Mistake(
        "wrong sign",
        "the residual is prediction minus target, X w + b − y; (y − ŷ) points uphill.",
        lambda X, y, w, b: _linear_gradient(X, y, w, b, sign=-1.0),
    ),
    Mistake(
        "transposed X",
        "dL/dw needs one entry per feature: Xᵀ r, of shape (d,), sums each feature's "
        "column against the residuals. X @ r only runs when X is square, and mixes samples "
        "with features.",
        lambda X, y, w, b: _linear_gradient(X, y, w, b, transposed=True)
        if X.shape[0] == X.shape[1] else None,
    ),
    Mistake(
        "bias left out of the prediction",
        "the residual uses the whole prediction, ŷ = X w + b; without b both gradients "
        "are those of a different model.",
        lambda X, y, w, b: _linear_gradient(X, y, w, b, bias=False),
    ),
]

_rng = np.random.default_rng(2024)
_X_SQUARE = _rng.normal(size=(3, 3))
_Y_SQUARE = _rng.normal(size=3)
_X_REG = _rng.normal(size=(6, 2))
_Y_REG = _X_REG @ np.array([1.5, -0.5]) + 2.0 + 0.3 * _rng.normal(size=6)


def check_linear_regression_gradient(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b)`` → (dw, db), the gradient of L = (1/n) Σ (x_i·w + b − y_i)².

    X: (n, d), y: (n,), w: (d,), b: a number. dw = (2/n) Xᵀ(X w + b − y), shape (d,);
    db = (2/n) Σ (X w + b − y), a number.
    """
    return check_function(
        fn,
        reference=_linear_regression_gradient,
        cases=[
            {"X": _X_SQUARE, "y": _Y_SQUARE, "w": np.array([0.5, -1.0, 0.25]), "b": 0.3},
            {"X": _X_REG, "y": _Y_REG, "w": np.zeros(2), "b": 0.0},
            {"X": _X_REG, "y": _Y_REG, "w": np.array([1.0, 1.0]), "b": -1.0},
            {"X": np.array([[1.0], [2.0], [4.0], [5.0]]), "y": np.array([3.0, 4.0, 9.0, 11.0]),
             "w": np.array([1.5]), "b": 0.5},
        ],
        mistakes=LINEAR_REGRESSION_GRADIENT_MISTAKES,
    )


def _least_squares(X, y):
    """The least-squares (w, b): lstsq on [X 1], the intercept as the last coefficient."""
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return (coef[:-1], float(coef[-1]))


def _least_squares_without_intercept(X, y):
    return np.linalg.lstsq(X, y, rcond=None)[0]


LEAST_SQUARES_MISTAKES = [
    Mistake(
        "no column of ones",
        "least squares on X alone fits a line through the origin, b = 0. Append a column "
        "of ones, A = [X 1]: its coefficient is the intercept b.",
        lambda X, y: (_least_squares_without_intercept(X, y), 0.0),
    ),
    Mistake(
        "intercept as the mean of y",
        "b = mean(y) is the intercept only when every feature has mean 0; fit w and b "
        "together, with a column of ones appended to X.",
        lambda X, y: (_least_squares_without_intercept(X, y), float(np.mean(y))),
    ),
    Mistake(
        "intercept read from the wrong end",
        "with the ones appended as the last column, the intercept is the last coefficient, "
        "coef[-1], and the weights are coef[:-1].",
        lambda X, y: _intercept_from_the_front(X, y),
    ),
]


def _intercept_from_the_front(X, y):
    """The coefficients of [X 1] read as if the ones had been the first column."""
    coef = np.append(*_least_squares(X, y))
    return (coef[1:], float(coef[0]))


_X_LSQ = 3.0 + _rng.normal(size=(8, 2))  # features far from mean 0, so b ≠ mean(y)
_Y_LSQ = _X_LSQ @ np.array([2.0, -1.0]) + 4.0 + 0.5 * _rng.normal(size=8)
_X_LSQ3 = _rng.uniform(1.0, 5.0, size=(10, 3))
_Y_LSQ3 = _X_LSQ3 @ np.array([0.5, 1.0, -2.0]) - 3.0 + 0.2 * _rng.normal(size=10)


def check_least_squares(fn: Callable) -> Feedback:
    """Check ``fn(X, y)`` → (w, b) minimising (1/n) Σ (x_i·w + b − y_i)², in closed form.

    X: (n, d), y: (n,); returns w: (d,) and the intercept b, a number.
    """
    return check_function(
        fn,
        reference=_least_squares,
        cases=[
            {"X": _X_LSQ, "y": _Y_LSQ},
            {"X": _X_LSQ3, "y": _Y_LSQ3},
            {"X": np.array([[1.0], [2.0], [3.0], [4.0]]), "y": np.array([3.0, 5.0, 6.0, 9.0])},
        ],
        mistakes=LEAST_SQUARES_MISTAKES,
    )


def _logistic_gradient(X, y, w, b, *, dz=None, mean=True):
    """(dL/dw, dL/db) of the mean binary cross-entropy of p = σ(X w + b).

    dz(z, p, y) gives the per-sample dL/dz before the 1/n (right: p − y); the
    keywords make the catalogued mistakes.
    """
    z = X @ w + b
    p = _sigmoid(z)
    dz_values = p - y if dz is None else dz(z, p, y)
    if mean:
        dz_values = dz_values / len(y)
    return (X.T @ dz_values, float(dz_values.sum()))


def _logistic_regression_gradient(X, y, w, b):
    return _logistic_gradient(X, y, w, b)


LOGISTIC_REGRESSION_GRADIENT_MISTAKES = [
    Mistake(
        "sigmoid slope multiplied in",
        "with cross-entropy the sigmoid's slope p(1 − p) cancels against the 1/p of the "
        "logarithm: dL/dz = (p − y)/n. The factor p(1 − p) belongs to the mean squared "
        "error on a sigmoid output.",
        lambda X, y, w, b: _logistic_gradient(X, y, w, b, dz=lambda z, p, y: (p - y) * p * (1 - p)),
    ),
    Mistake(
        "missing 1/n",
        "the loss is a mean over the n samples: divide dL/dz = p − y by n = len(y).",
        lambda X, y, w, b: _logistic_gradient(X, y, w, b, mean=False),
    ),
    Mistake(
        "wrong sign",
        "dL/dz = p − y, predicted probability minus label; y − p points uphill.",
        lambda X, y, w, b: _logistic_gradient(X, y, w, b, dz=lambda z, p, y: y - p),
    ),
    Mistake(
        "labels swapped",
        "p is the probability of class 1, so it is compared with y: p − y. Comparing it "
        "with 1 − y trains the neuron to predict the other class.",
        lambda X, y, w, b: _logistic_gradient(X, y, w, b, dz=lambda z, p, y: p - (1 - y)),
    ),
    Mistake(
        "sigmoid left out",
        "the prediction is p = σ(z), not z itself: use σ(X w + b) − y.",
        lambda X, y, w, b: _logistic_gradient(X, y, w, b, dz=lambda z, p, y: z - y),
    ),
]

_X_LOG = _rng.normal(size=(6, 2))
_Y_LOG = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
_X_LOG3 = _rng.normal(size=(5, 3))
_Y_LOG3 = np.array([0.0, 1.0, 1.0, 0.0, 1.0])


def check_logistic_regression_gradient(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b)`` → (dw, db) of the mean binary cross-entropy of p = σ(X w + b).

    X: (n, d), y: 0/1 labels (n,), w: (d,), b: a number. With dL/dz = (p − y)/n:
    dw = Xᵀ (p − y)/n, shape (d,); db = Σ (p − y)/n, a number.
    """
    return check_function(
        fn,
        reference=_logistic_regression_gradient,
        cases=[
            {"X": _X_LOG, "y": _Y_LOG, "w": np.array([0.8, -0.4]), "b": 0.2},
            {"X": _X_LOG, "y": _Y_LOG, "w": np.zeros(2), "b": 0.0},
            {"X": _X_LOG3, "y": _Y_LOG3, "w": np.array([1.0, -2.0, 0.5]), "b": -0.5},
        ],
        mistakes=LOGISTIC_REGRESSION_GRADIENT_MISTAKES,
    )


def _accuracy(X, y, w, b):
    # σ(z) ≥ 0.5 exactly when z ≥ 0: the boundary is the line X w + b = 0.
    return float(np.mean((X @ w + b >= 0.0) == y))


ACCURACY_MISTAKES = [
    Mistake(
        "logit compared with 0.5",
        "0.5 is the threshold for the probability p = σ(z); for the logit z = X w + b the "
        "same threshold is 0 (σ(0) = 0.5).",
        lambda X, y, w, b: float(np.mean((X @ w + b >= 0.5) == y)),
    ),
    Mistake(
        "count instead of fraction",
        "accuracy is the fraction of samples classified right, between 0 and 1: take the "
        "mean of the matches, not their sum.",
        lambda X, y, w, b: float(np.sum((X @ w + b >= 0.0) == y)),
    ),
    Mistake(
        "bias left out",
        "the decision boundary is X w + b = 0: without b it is forced through the origin.",
        lambda X, y, w, b: float(np.mean((X @ w >= 0.0) == y)),
    ),
    Mistake(
        "probability compared with 0",
        "σ(z) is always positive, so p ≥ 0 predicts class 1 for everyone; compare p with "
        "0.5 (or z with 0).",
        lambda X, y, w, b: float(np.mean(y == 1)),
    ),
]

# No logit within 0.05 of 0 or 0.5, with and without b, so no case hinges on a tie; on
# the first case each mistake gives its own accuracy.
_X_ACC = np.array([[-0.8, 0.8], [-1.0, -0.3], [-0.7, -0.1], [0.8, 0.4], [-0.3, -0.6],
                   [0.4, 0.1], [0.4, -0.9], [-0.7, -0.4]])
_Y_ACC = np.array([0, 0, 0, 0, 1, 1, 1, 0])
_X_ACC2 = np.array([[0.0, 0.7], [-0.2, 0.3], [-0.5, -0.2], [0.0, -0.7], [-0.2, -0.3],
                    [-0.5, 0.5], [0.2, -0.1], [0.1, -0.1]])
_Y_ACC2 = np.array([0, 0, 0, 0, 0, 1, 1, 0])


def check_accuracy(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b)`` → the fraction of samples a logistic regression classifies right.

    X: (n, d), y: 0/1 labels (n,), w: (d,), b: a number. The prediction is 1 where
    p = σ(X w + b) ≥ 0.5, that is where X w + b ≥ 0, else 0. Returns a number in [0, 1].
    """
    return check_function(
        fn,
        reference=_accuracy,
        cases=[
            {"X": _X_ACC, "y": _Y_ACC, "w": np.array([0.3, -0.3]), "b": -0.3},
            {"X": _X_ACC, "y": _Y_ACC, "w": np.array([-1.5, 0.5]), "b": 0.1},
            {"X": _X_ACC2, "y": _Y_ACC2, "w": np.array([-1.6, 0.3]), "b": -0.3},
        ],
        mistakes=ACCURACY_MISTAKES,
    )
