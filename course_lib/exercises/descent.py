"""Checkers for the chapter "The update rule", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..landscapes import elongated_bowl
from .core import Feedback, Mistake, checker


def parabola_slope(w: np.ndarray) -> np.ndarray:
    """The gradient of f(w) = (w − 3)²: 2 (w − 3)."""
    return 2.0 * (w - 3.0)


def bowl_slope(w: np.ndarray) -> np.ndarray:
    """The gradient of the bowl f(w) = w₁² + 10 w₂²: (2 w₁, 20 w₂)."""
    return np.array([2.0, 20.0]) * w


# Independent on purpose (own formula, not optim.gradient_descent);
# tests/test_checkers_independent.py tests they agree.
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
        "rows share one array",
        "the rows of the path all hold the last point: w -= lr * grad(w) changes w in place, "
        "so each path.append(w) stores the same array again. Make a new array each step, "
        "w = w - lr * grad(w) (or append w.copy()).",
        lambda grad, w0, lr, steps: _aliased_path(grad, w0, lr, steps, keep_start=True),
    ),
    Mistake(
        "rows share one array",
        "the rows of the path all hold the last point, the start included: w -= lr * grad(w) "
        "changes w in place, so each path.append(w) stores the same array again. Make a new "
        "array each step, w = w - lr * grad(w) (or append w.copy()).",
        lambda grad, w0, lr, steps: _aliased_path(grad, w0, lr, steps, keep_start=False),
    ),
    Mistake(
        "gradient at the start only",
        "recompute the gradient at the current point before every step.",
        lambda grad, w0, lr, steps: np.array(
            [np.asarray(w0, float) - k * lr * grad(np.asarray(w0, float)) for k in range(steps + 1)]
        ),
    ),
]


def _aliased_path(grad, w0, lr, steps, *, keep_start):
    """The path of code whose rows are one array updated in place: each row shows its last value."""
    path = _descend(grad, w0, lr, steps)
    aliased = np.repeat(path[-1:], len(path), axis=0)
    if keep_start:
        aliased[0] = path[0]
    return aliased


@checker(
    reference=_descend,
    cases=[
        {"grad": parabola_slope, "w0": np.array([0.0]), "lr": 0.1, "steps": 5},
        {"grad": bowl_slope, "w0": np.array([1.0, 1.0]), "lr": 0.05, "steps": 4},
        {"grad": parabola_slope, "w0": np.array([10.0]), "lr": 0.9, "steps": 3},
    ],
    mistakes=DESCEND_MISTAKES,
)
def check_descend(fn: Callable) -> Feedback:
    """Check ``fn(grad, w0, lr, steps)`` → w0 and the weights after each step: (steps + 1, ...)."""


# Independent on purpose (own formula, not landscapes.Quadratic.stability_bound);
# tests/test_checkers_independent.py tests they agree.
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


@checker(
    reference=_largest_stable_lr,
    cases=[
        {"H": np.array([[4.0]])},
        {"H": np.diag([1.0, 20.0])},
        {"H": elongated_bowl((1.0, 20.0), angle=30.0).H},
        {"H": elongated_bowl((0.5, 8.0), angle=-60.0).H},
    ],
    mistakes=LARGEST_STABLE_LR_MISTAKES,
)
def check_largest_stable_lr(fn: Callable) -> Feedback:
    """Check ``fn(H)`` → the largest η for which descent on ½ wᵀ H w converges: 2 / λ_max(H)."""


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
    *(
        Mistake(
            "oscillating forever missed",
            "at 1 − η λ = −1 exactly (η λ = 2) each step jumps to the mirror point, −w, at "
            "the same distance: it neither shrinks nor grows, so descent oscillates forever. "
            "Test |1 − η λ| == 1 on its own, between converging (< 1) and diverging (> 1).",
            lambda lr, curvature, instead=instead: (
                instead if abs(1 - lr * curvature) == 1 else _regime(lr, curvature)
            ),
        )
        for instead in ("diverges", "oscillates and converges", "converges")
    ),
    Mistake(
        "converging regimes swapped",
        "a positive factor 1 − η λ keeps the weight on its side of the minimum and shrinks "
        "the distance: that converges without oscillating. A negative one flips the side "
        "at every step: that oscillates (and converges while |1 − η λ| < 1).",
        lambda lr, curvature: _swap_converging(_regime(lr, curvature)),
    ),
    Mistake(
        "sign tested before size",
        "test the size |1 − η λ| first: a factor below −1 (η λ > 2) diverges and one of "
        "exactly −1 oscillates forever, although both are negative. Only when |1 − η λ| < 1 "
        "does the sign choose between converging and oscillating while converging.",
        lambda lr, curvature: (
            "oscillates and converges" if 1 - lr * curvature < 0 else _regime(lr, curvature)
        ),
    ),
    Mistake(
        "factor 0 counted as oscillating",
        "at 1 − η λ = 0 (η = 1/λ) the first step lands exactly on the minimum and stays "
        "there: that converges, without oscillating. Test factor >= 0, not > 0.",
        lambda lr, curvature: (
            "oscillates and converges" if 1 - lr * curvature == 0 else _regime(lr, curvature)
        ),
    ),
]


def _swap_converging(regime: str) -> str:
    swap = {"converges": "oscillates and converges", "oscillates and converges": "converges"}
    return swap.get(regime, regime)


@checker(
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
def check_regime(fn: Callable) -> Feedback:
    """Check ``fn(lr, curvature)`` → what descent does on ½ λ w²: one of ``REGIMES``."""


def _steepest_step(gradient, length):
    # −ε ∇L / ‖∇L‖ with ε = length, the length taken over every entry (a layer's gradient is a
    # matrix).
    gradient = np.asarray(gradient, dtype=float)
    return -length * gradient / np.sqrt(np.sum(gradient**2))


STEEPEST_STEP_MISTAKES = [
    Mistake(
        "wrong sign",
        "the gradient points uphill: to first order the loss changes by ‖∇L‖ ε cos φ, most "
        "negative at φ = 180°, so step against it, −ε ∇L / ‖∇L‖.",
        lambda gradient, length: -_steepest_step(gradient, length),
    ),
    Mistake(
        "not normalised",
        "−ε ∇L has length ε ‖∇L‖, not ε: divide by the gradient's length ‖∇L‖ "
        "(np.linalg.norm) so that only its direction is kept.",
        lambda gradient, length: -length * np.asarray(gradient, dtype=float),
    ),
    Mistake(
        "length ignored",
        "−∇L / ‖∇L‖ is the right direction with length 1; multiply it by the step's length ε.",
        lambda gradient, length: _steepest_step(gradient, 1.0),
    ),
    Mistake(
        "divided by the squared length",
        "∇L / (∇L · ∇L) has length 1 / ‖∇L‖; divide by ‖∇L‖ itself, the square root of ∇L · ∇L.",
        lambda gradient, length: (
            -length * np.asarray(gradient, float) / np.sum(np.asarray(gradient, float) ** 2)
        ),
    ),
    Mistake(
        "sign of each entry",
        "−ε sign(∇L) moves every weight by the same amount, a different direction from "
        "−∇L (and a step √d ε long): every weight should move in proportion to its own slope, "
        "−ε ∇L / ‖∇L‖.",
        lambda gradient, length: -length * np.sign(np.asarray(gradient, dtype=float)),
    ),
    Mistake(
        "each row normalised",
        "the length ‖∇L‖ is taken over all the entries of the gradient at once, "
        "np.linalg.norm(gradient) with no axis: normalising each row on its own changes the "
        "direction.",
        lambda gradient, length: (
            None
            if np.ndim(gradient) < 2
            else -length
            * np.asarray(gradient, float)
            / np.linalg.norm(np.asarray(gradient, float), axis=-1, keepdims=True)
        ),
    ),
]


@checker(
    reference=_steepest_step,
    cases=[
        {"gradient": np.array([3.0, -4.0]), "length": 0.5},
        {"gradient": np.array([[1.0, -2.0], [0.5, 4.0]]), "length": 0.2},
        {"gradient": np.array([-0.02, 0.01, 0.02]), "length": 0.1},
        {"gradient": np.array([-2.0]), "length": 0.01},
    ],
    mistakes=STEEPEST_STEP_MISTAKES,
)
def check_steepest_step(fn: Callable) -> Feedback:
    """Check ``fn(gradient, length)`` → the step of length ε = ``length`` that lowers L most to
    first order: −ε ∇L / ‖∇L‖, shaped like ``gradient``."""
