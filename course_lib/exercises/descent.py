"""Checkers for the chapter "The update rule", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..landscapes import elongated_bowl
from .core import Feedback, Mistake, check_function


def parabola_slope(w: np.ndarray) -> np.ndarray:
    """The gradient of f(w) = (w − 3)²: 2 (w − 3)."""
    return 2.0 * (w - 3.0)


def bowl_slope(w: np.ndarray) -> np.ndarray:
    """The gradient of the bowl f(w) = w₁² + 10 w₂²: (2 w₁, 20 w₂)."""
    return np.array([2.0, 20.0]) * w


def _descend(grad, w0, lr, steps):
    path = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


DESCEND_MISTAKES = [
    Mistake(
        "wrong sign",
        "the update subtracts the gradient, w − η ∇L: adding it walks uphill.",
        lambda grad, w0, lr, steps: _descend(lambda w: -grad(w), w0, lr, steps),
    ),
    Mistake(
        "start missing",
        "the path starts with w0 itself: steps updates give steps + 1 points.",
        lambda grad, w0, lr, steps: _descend(grad, w0, lr, steps)[1:],
    ),
    Mistake(
        "one step short",
        "take exactly `steps` updates: the path has steps + 1 points, w0 included.",
        lambda grad, w0, lr, steps: _descend(grad, w0, lr, steps - 1),
    ),
    Mistake(
        "learning rate ignored",
        "each step is η times the gradient; you stepped by the whole gradient.",
        lambda grad, w0, lr, steps: _descend(grad, w0, 1.0, steps),
    ),
    Mistake(
        "gradient at the start only",
        "recompute the gradient at the current point before every step.",
        lambda grad, w0, lr, steps: np.array(
            [np.asarray(w0, float) - k * lr * grad(np.asarray(w0, float)) for k in range(steps + 1)]
        ),
    ),
]


def check_descend(fn: Callable) -> Feedback:
    """Check ``fn(grad, w0, lr, steps)`` → the path w_0, …, w_steps, shape (steps + 1, *w0.shape)."""
    return check_function(
        fn,
        reference=_descend,
        cases=[
            {"grad": parabola_slope, "w0": np.array([0.0]), "lr": 0.1, "steps": 5},
            {"grad": bowl_slope, "w0": np.array([1.0, 1.0]), "lr": 0.05, "steps": 4},
            {"grad": parabola_slope, "w0": np.array([10.0]), "lr": 0.9, "steps": 3},
        ],
        mistakes=DESCEND_MISTAKES,
    )


def _largest_stable_lr(H):
    return float(2.0 / np.linalg.eigvalsh(H).max())


LARGEST_STABLE_LR_MISTAKES = [
    Mistake(
        "one over λ_max",
        "1 / λ_max is where steps start to overshoot and oscillate; descent still "
        "converges up to 2 / λ_max, where |1 − η λ_max| reaches 1.",
        lambda H: float(1.0 / np.linalg.eigvalsh(H).max()),
    ),
    Mistake(
        "smallest curvature",
        "the steepest direction, the largest eigenvalue λ_max, is the one that blows up "
        "first: η < 2 / λ_max.",
        lambda H: float(2.0 / np.linalg.eigvalsh(H).min()),
    ),
    Mistake(
        "diagonal instead of eigenvalues",
        "the curvatures are the eigenvalues of H (np.linalg.eigvalsh), not its diagonal "
        "entries; they differ when the bowl is rotated.",
        lambda H: float(2.0 / np.max(np.diag(H))),
    ),
    Mistake(
        "trace instead of the largest eigenvalue",
        "the trace adds up all curvatures; the bound uses the largest alone, 2 / λ_max.",
        lambda H: float(2.0 / np.trace(H)),
    ),
]


def check_largest_stable_lr(fn: Callable) -> Feedback:
    """Check ``fn(H)`` → the largest η for which descent on ½ wᵀ H w converges: 2 / λ_max(H)."""
    return check_function(
        fn,
        reference=_largest_stable_lr,
        cases=[
            {"H": np.array([[4.0]])},
            {"H": np.diag([1.0, 20.0])},
            {"H": elongated_bowl((1.0, 20.0), angle=30.0).H},
            {"H": elongated_bowl((0.5, 8.0), angle=-60.0).H},
        ],
        mistakes=LARGEST_STABLE_LR_MISTAKES,
    )


REGIMES = ("converges", "oscillates and converges", "oscillates forever", "diverges")


def _regime(lr, curvature):
    factor = 1.0 - lr * curvature  # the distance to the minimum is multiplied by this
    if abs(factor) > 1.0:
        return "diverges"
    if abs(factor) == 1.0:
        return "oscillates forever"
    return "converges" if factor >= 0.0 else "oscillates and converges"


REGIME_MISTAKES = [
    Mistake(
        "bound at 1/λ",
        "overshooting starts at η λ > 1, but each bounce is still smaller while "
        "|1 − η λ| < 1, that is up to η λ < 2: such descent oscillates and converges.",
        lambda lr, curvature: "diverges" if lr * curvature > 1 else "converges",
    ),
    Mistake(
        "sign of the factor ignored",
        "a negative factor 1 − η λ flips the side of the minimum at every step: that is "
        "oscillation, even when it converges.",
        lambda lr, curvature: "converges" if abs(1 - lr * curvature) < 1 else "diverges",
    ),
]


def check_regime(fn: Callable) -> Feedback:
    """Check ``fn(lr, curvature)`` → what descent does on ½ λ w²: one of ``REGIMES``."""
    return check_function(
        fn,
        reference=_regime,
        cases=[
            {"lr": 0.1, "curvature": 2.0},
            {"lr": 0.75, "curvature": 2.0},
            {"lr": 1.5, "curvature": 2.0},
            {"lr": 0.5, "curvature": 4.0},
            {"lr": 0.25, "curvature": 4.0},
        ],
        mistakes=REGIME_MISTAKES,
    )

