"""Checkers for the chapter "Hills, valleys and saddles", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..landscapes import elongated_bowl, valleys_1d, valleys_2d
from .core import Feedback, Mistake, checker

CRITICAL_POINTS = ("minimum", "maximum", "saddle")


# Independent on purpose (its own eigenvalue test, not the chapter's code).
def _critical_point(H):
    curvatures = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    if np.all(curvatures > 0):
        return "minimum"
    if np.all(curvatures < 0):
        return "maximum"
    return "saddle"


def _by_signs(values):
    """What the signs of ``values`` would say if they were the curvatures."""
    values = np.asarray(values, dtype=float)
    if np.all(values > 0):
        return "minimum"
    if np.all(values < 0):
        return "maximum"
    return "saddle"


CRITICAL_POINT_MISTAKES = [
    Mistake(
        "diagonal instead of eigenvalues",
        "the curvatures are the eigenvalues of H (np.linalg.eigvalsh), not its diagonal "
        "entries: the diagonal is the curvature along the axes w₁, w₂, …, and a saddle can "
        "curve up along every axis while curving down along a diagonal direction.",
        lambda H: _by_signs(np.diag(np.asarray(H, dtype=float))),
    ),
    Mistake(
        "trace instead of eigenvalues",
        "the trace is the sum of the curvatures: a positive sum does not make every one "
        "positive. Look at the sign of each eigenvalue of H.",
        lambda H: "minimum" if np.trace(H) > 0 else "maximum",
    ),
    Mistake(
        "minimum and maximum swapped",
        "a positive curvature bends the loss up, like a valley floor: all eigenvalues > 0 "
        "is a minimum, all < 0 a maximum.",
        lambda H: {"minimum": "maximum", "maximum": "minimum", "saddle": "saddle"}[
            _critical_point(H)
        ],
    ),
    Mistake(
        "determinant only",
        "the determinant is the product of the eigenvalues: it is positive at a minimum, but "
        "also at a 2-D maximum (two negative curvatures), and its sign says nothing about a "
        "3-D saddle with two negative curvatures. Check the sign of each eigenvalue.",
        lambda H: "minimum" if np.linalg.det(H) > 0 else "saddle",
    ),
    Mistake(
        "saddle forgotten",
        "a point whose curvatures have both signs is neither a minimum nor a maximum: "
        "it is a saddle, a minimum along some directions and a maximum along others.",
        lambda H: "minimum" if np.max(np.linalg.eigvalsh(H)) > 0 else "maximum",
    ),
]


@checker(
    reference=_critical_point,
    cases=[
        {"H": np.array([[2.0]])},
        {"H": np.array([[-3.0]])},
        {"H": np.diag([2.0, 0.5])},
        {"H": np.diag([-1.0, -4.0])},
        {"H": np.array([[1.0, 2.0], [2.0, 1.0]])},  # eigenvalues 3 and −1
        {"H": np.array([[-0.5, 2.0], [2.0, -3.0]])},  # eigenvalues 0.5 and −4
        {"H": np.diag([2.0, -1.0, -3.0])},
        {"H": elongated_bowl((0.5, 6.0), angle=40.0).H},
    ],
    mistakes=CRITICAL_POINT_MISTAKES,
)
def check_critical_point(fn: Callable) -> Feedback:
    """Check ``fn(H)`` → "minimum", "maximum" or "saddle": what a point with Hessian H is.

    H: a symmetric (d, d) Hessian at a point where the gradient is 0, with no zero eigenvalue.
    """


# Independent on purpose (its own loop, not optim.gradient_descent).
def _descend(grad, w0, lr, steps):
    w = np.asarray(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
    return w


def _nearest(point, minima):
    distances = np.linalg.norm(np.asarray(minima, dtype=float) - point, axis=-1)
    return int(np.argmin(distances))


def _ends_in(grad, w0, lr, steps, minima):
    return _nearest(_descend(grad, w0, lr, steps), minima)


ENDS_IN_MISTAKES = [
    Mistake(
        "nearest to the start",
        "the minimum nearest to the start is not always where descent ends: descent follows "
        "the slope, and the slope may lead away to a farther valley. Run the steps first, "
        "then find the minimum nearest to the end.",
        lambda grad, w0, lr, steps, minima: _nearest(np.asarray(w0, dtype=float), minima),
    ),
    Mistake(
        "wrong sign",
        "the update subtracts the gradient, w − η ∇L: adding it walks uphill, out of the valley.",
        lambda grad, w0, lr, steps, minima: _ends_in(
            lambda w: -np.asarray(grad(w)), w0, lr, steps, minima
        ),
    ),
    Mistake(
        "learning rate ignored",
        "each step is η times the gradient; you stepped by the whole gradient.",
        lambda grad, w0, lr, steps, minima: _ends_in(grad, w0, 1.0, steps, minima),
    ),
    Mistake(
        "one step only",
        "take all `steps` updates, recomputing the gradient at each new point, before "
        "looking for the nearest minimum.",
        lambda grad, w0, lr, steps, minima: _ends_in(grad, w0, lr, 1, minima),
    ),
]

_ONE, _TWO, _BOWL = valleys_1d(), valleys_2d(), elongated_bowl((1.0, 20.0), angle=30.0)


# Plain functions, not bound methods: a checker copies its inputs to see whether the
# learner changed them, and a copied bound method no longer compares equal to the original.
def slope_1d(w: np.ndarray) -> np.ndarray:
    """The gradient of the chapter's 1-D landscape, ``valleys_1d()``."""
    return _ONE.grad(w)


def slope_2d(w: np.ndarray) -> np.ndarray:
    """The gradient of the chapter's 2-D landscape, ``valleys_2d()``."""
    return _TWO.grad(w)


def bowl_slope(w: np.ndarray) -> np.ndarray:
    """The gradient of the elongated bowl with curvatures 1 and 20, rotated by 30°."""
    return _BOWL.grad(w)


_MINIMA_1D = np.array([[1.0], [-1.525]])  # the global minimum, then the dip's local one
_MINIMA_2D = np.array([[1.495, 0.0], [-1.191, 0.985], [-1.191, -0.985]])


@checker(
    reference=_ends_in,
    cases=[
        {"grad": slope_1d, "w0": np.array([-0.9]), "lr": 0.1, "steps": 300, "minima": _MINIMA_1D},
        {"grad": slope_1d, "w0": np.array([-1.9]), "lr": 0.1, "steps": 300, "minima": _MINIMA_1D},
        {"grad": slope_1d, "w0": np.array([2.5]), "lr": 0.2, "steps": 300, "minima": _MINIMA_1D},
        {"grad": slope_1d, "w0": np.array([-0.4]), "lr": 0.5, "steps": 300, "minima": _MINIMA_1D},
        {
            "grad": slope_2d,
            "w0": np.array([0.1, 1.2]),
            "lr": 0.1,
            "steps": 300,
            "minima": _MINIMA_2D,
        },
        {
            "grad": slope_2d,
            "w0": np.array([0.0, 0.3]),
            "lr": 0.05,
            "steps": 5,
            "minima": _MINIMA_2D,
        },
        {
            "grad": slope_2d,
            "w0": np.array([-0.3, -0.6]),
            "lr": 0.1,
            "steps": 300,
            "minima": _MINIMA_2D,
        },
    ],
    mistakes=ENDS_IN_MISTAKES,
)
def check_ends_in(fn: Callable) -> Feedback:
    """Check ``fn(grad, w0, lr, steps, minima)`` → the index of the minimum descent ends in.

    Run ``steps`` steps of gradient descent w ← w − η ∇L(w) from w0, then return the
    index k of the row of ``minima`` (shape (k, d)) nearest to the last point, as an int.
    """


# Independent on purpose (its own loop, not optim.Momentum).
def _momentum_path(grad, w0, lr, beta, steps):
    w = np.asarray(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        v = beta * v + grad(w)
        w = w - lr * v
        path.append(w)
    return np.array(path)


def _old_velocity_path(grad, w0, lr, beta, steps):
    w = np.asarray(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        w, v = w - lr * v, beta * v + grad(w)
        path.append(w)
    return np.array(path)


def _averaged_path(grad, w0, lr, beta, steps):
    w = np.asarray(w0, dtype=float)
    v = np.zeros_like(w)
    path = [w]
    for _ in range(steps):
        v = beta * v + (1 - beta) * grad(w)
        w = w - lr * v
        path.append(w)
    return np.array(path)


MOMENTUM_MISTAKES = [
    Mistake(
        "old velocity used",
        "update the velocity first, v ← β v + ∇L(w), then step with the new one, "
        "w ← w − η v: stepping with the old velocity leaves the first step at zero.",
        _old_velocity_path,
    ),
    Mistake(
        "averaged velocity",
        "this course's momentum adds the whole gradient, v ← β v + ∇L(w); the average "
        "β v + (1 − β) ∇L(w) is another convention, whose steps are (1 − β) times as long.",
        _averaged_path,
    ),
    Mistake(
        "no momentum",
        "keep a velocity from step to step: v ← β v + ∇L(w), then w ← w − η v. Stepping by "
        "the gradient alone is plain gradient descent.",
        lambda grad, w0, lr, beta, steps: _momentum_path(grad, w0, lr, 0.0, steps),
    ),
    Mistake(
        "velocity never decays",
        "multiply the old velocity by β before adding the gradient: without β it sums every "
        "gradient ever seen and never forgets.",
        lambda grad, w0, lr, beta, steps: _momentum_path(grad, w0, lr, 1.0, steps),
    ),
    Mistake(
        "wrong sign",
        "step against the velocity, w ← w − η v: adding it walks uphill.",
        lambda grad, w0, lr, beta, steps: _momentum_path(
            lambda w: -np.asarray(grad(w)), w0, lr, beta, steps
        ),
    ),
    Mistake(
        "start missing",
        "the path starts with w0 itself: steps updates give steps + 1 points.",
        lambda grad, w0, lr, beta, steps: _momentum_path(grad, w0, lr, beta, steps)[1:],
    ),
]


@checker(
    reference=_momentum_path,
    cases=[
        {"grad": slope_1d, "w0": np.array([-3.0]), "lr": 0.1, "beta": 0.9, "steps": 6},
        {"grad": slope_2d, "w0": np.array([-2.5, 0.4]), "lr": 0.05, "beta": 0.8, "steps": 5},
        {
            "grad": bowl_slope,
            "w0": np.array([-2.0, 1.8]),
            "lr": 0.02,
            "beta": 0.5,
            "steps": 4,
        },
    ],
    mistakes=MOMENTUM_MISTAKES,
)
def check_momentum_descent(fn: Callable) -> Feedback:
    """Check ``fn(grad, w0, lr, beta, steps)`` → the path of heavy-ball momentum.

    With v = 0 at the start: v ← β v + ∇L(w), then w ← w − η v, ``steps`` times.
    Returns the points w_0, …, w_steps stacked: shape (steps + 1, *w0.shape).
    """
