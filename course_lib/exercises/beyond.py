"""Checkers for the chapter "Gradient descent beyond networks", with their catalogues of mistakes.

The model is linear regression, ŷ = X w + b with the mean squared error, and its
ridge variant, which adds α‖w‖² to the loss (α is `lam` in the code). Shapes: X (n, d),
y (n,), w (d,), b a number; A = [X 1] is X with a column of ones appended, θ = (w, b).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not models.LinearRegression.backward);
# tests/test_checkers_independent.py tests they agree.
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
        lambda X, y, w, b: (
            _linear_gradient(X, y, w, b, transposed=True) if X.shape[0] == X.shape[1] else None
        ),
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


@checker(
    reference=_linear_regression_gradient,
    cases=[
        {"X": _X_SQUARE, "y": _Y_SQUARE, "w": np.array([0.5, -1.0, 0.25]), "b": 0.3},
        {"X": _X_REG, "y": _Y_REG, "w": np.zeros(2), "b": 0.0},
        {"X": _X_REG, "y": _Y_REG, "w": np.array([1.0, 1.0]), "b": -1.0},
        {
            "X": np.array([[1.0], [2.0], [4.0], [5.0]]),
            "y": np.array([3.0, 4.0, 9.0, 11.0]),
            "w": np.array([1.5]),
            "b": 0.5,
        },
    ],
    mistakes=LINEAR_REGRESSION_GRADIENT_MISTAKES,
)
def check_linear_regression_gradient(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b)`` → (dw, db), the gradient of L = (1/n) Σ (x_i·w + b − y_i)².

    X: (n, d), y: (n,), w: (d,), b: a number. dw = (2/n) Xᵀ(X w + b − y), shape (d,);
    db = (2/n) Σ (X w + b − y), a number.
    """


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
        "the intercept is the coefficient of the column of ones: with the ones appended as "
        "the last column, b = coef[-1] and w = coef[:-1].",
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


@checker(
    reference=_least_squares,
    cases=[
        {"X": _X_LSQ, "y": _Y_LSQ},
        {"X": _X_LSQ3, "y": _Y_LSQ3},
        {"X": np.array([[1.0], [2.0], [3.0], [4.0]]), "y": np.array([3.0, 5.0, 6.0, 9.0])},
    ],
    mistakes=LEAST_SQUARES_MISTAKES,
)
def check_least_squares(fn: Callable) -> Feedback:
    """Check ``fn(X, y)`` → (w, b) minimising (1/n) Σ (x_i·w + b − y_i)², in closed form.

    X: (n, d), y: (n,); returns w: (d,) and the intercept b, a number.
    """


# Independent on purpose (own formula, not the Hessian of models.LinearRegression's loss);
# tests/test_checkers_independent.py tests they agree.
def _hessian(X):
    """The Hessian of the mean squared error of ŷ = A θ: H = (2/n) Aᵀ A, shape (d + 1, d + 1)."""
    A = np.column_stack([X, np.ones(len(X))])
    return 2.0 * A.T @ A / len(X)


def _stable_learning_rate(X):
    return float(2.0 / np.linalg.eigvalsh(_hessian(X)).max())


STABLE_LEARNING_RATE_MISTAKES = [
    Mistake(
        "no column of ones",
        "the bias is a parameter too: the Hessian is (2/n) AᵀA with A = [X 1]. Without the "
        "ones, the curvature along b, and how b couples with w, is missing.",
        lambda X: float(2.0 / np.linalg.eigvalsh(2.0 * X.T @ X / len(X)).max()),
    ),
    Mistake(
        "Hessian without the 2",
        "differentiating (2/n) Aᵀ(Aθ − y) once more gives H = (2/n) AᵀA: the 2 of the "
        "square stays.",
        lambda X: float(2.0 / np.linalg.eigvalsh(_hessian(X) / 2.0).max()),
    ),
    Mistake(
        "Hessian without the 1/n",
        "the loss is a mean, so its Hessian is too: H = (2/n) AᵀA, not 2 AᵀA.",
        lambda X: float(2.0 / np.linalg.eigvalsh(_hessian(X) * len(X)).max()),
    ),
    Mistake(
        "one over λ_max",
        "1 / λ_max is where the steepest direction starts to overshoot; descent still "
        "converges up to 2 / λ_max.",
        lambda X: float(1.0 / np.linalg.eigvalsh(_hessian(X)).max()),
    ),
    Mistake(
        "smallest curvature",
        "the steepest direction, the largest eigenvalue of H, is the first to blow up: "
        "η < 2 / λ_max.",
        lambda X: float(2.0 / np.linalg.eigvalsh(_hessian(X)).min()),
    ),
]


@checker(
    reference=_stable_learning_rate,
    cases=[{"X": _X_LSQ}, {"X": _X_LSQ3}, {"X": _X_REG}],
    mistakes=STABLE_LEARNING_RATE_MISTAKES,
)
def check_stable_learning_rate(fn: Callable) -> Feedback:
    """Check ``fn(X)`` → the largest η at which full-batch descent on linear regression converges.

    X: (n, d). The loss is the mean squared error of ŷ = X w + b; with A = [X 1],
    its Hessian is H = (2/n) AᵀA, shape (d + 1, d + 1), and the answer is 2 / λ_max(H),
    a number.
    """


def _ridge_gradient(X, y, w, b, lam, *, penalty=2.0, per_sample=False, bias_too=False):
    """(dL/dw, dL/db) of L = (1/n) Σ (x_i·w + b − y_i)² + α‖w‖²; the keywords make mistakes."""
    dw, db = _linear_gradient(X, y, w, b)
    scale = penalty * lam / (len(y) if per_sample else 1.0)
    return (dw + scale * w, db + (scale * b if bias_too else 0.0))


def _ridge_regression_gradient(X, y, w, b, lam):
    return _ridge_gradient(X, y, w, b, lam)


RIDGE_GRADIENT_MISTAKES = [
    Mistake(
        "bias penalised",
        "the penalty α‖w‖² covers the weights only: the bias shifts every prediction "
        "equally and does not make the model more extreme, so db is the same as without "
        "the penalty.",
        lambda X, y, w, b, lam: _ridge_gradient(X, y, w, b, lam, bias_too=True),
    ),
    Mistake(
        "penalty without the 2",
        "α‖w‖² = α Σ_j w_j², and the derivative of α w_j² is 2α w_j.",
        lambda X, y, w, b, lam: _ridge_gradient(X, y, w, b, lam, penalty=1.0),
    ),
    Mistake(
        "penalty divided by n",
        "only the data term is a mean over the samples; the penalty α‖w‖² is added once, "
        "so its gradient is 2λw, with no 1/n.",
        lambda X, y, w, b, lam: _ridge_gradient(X, y, w, b, lam, per_sample=True),
    ),
    Mistake(
        "penalty with the wrong sign",
        "the penalty is added to the loss, so its gradient 2αw is added too: it pulls "
        "every weight towards 0.",
        lambda X, y, w, b, lam: _ridge_gradient(X, y, w, b, lam, penalty=-2.0),
    ),
    Mistake(
        "penalty left out",
        "the loss has a second term, α‖w‖²; its gradient 2αw adds to dw.",
        lambda X, y, w, b, lam: _linear_gradient(X, y, w, b),
    ),
]


@checker(
    reference=_ridge_regression_gradient,
    cases=[
        {"X": _X_REG, "y": _Y_REG, "w": np.array([1.0, -0.5]), "b": 0.5, "lam": 0.3},
        {"X": _X_LSQ3, "y": _Y_LSQ3, "w": np.array([0.2, 0.4, -1.0]), "b": -1.5, "lam": 0.05},
        {"X": _X_REG, "y": _Y_REG, "w": np.array([2.0, 1.0]), "b": 1.0, "lam": 0.0},
    ],
    mistakes=RIDGE_GRADIENT_MISTAKES,
)
def check_ridge_gradient(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, b, lam)`` → (dw, db), L = (1/n) Σ (x_i·w + b − y_i)² + α‖w‖², α = lam.

    X: (n, d), y: (n,), w: (d,), b and lam (λ ≥ 0): numbers. The bias is not
    penalised: dw = (2/n) Xᵀ(X w + b − y) + 2α w, shape (d,); db = (2/n) Σ (X w + b − y).
    """
