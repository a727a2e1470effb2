"""Checkers for the chapter "Momentum and Adam", with their catalogues of mistakes.

The step functions a learner writes here return new arrays, a tuple
(θ_new, state_new, ...), instead of updating in place as
``course_lib.optim`` does: a pure function can be graded case by case, and
the checker flags any change to its inputs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..landscapes import elongated_bowl
from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not optim.Momentum);
# tests/test_checkers_independent.py tests they agree.
def _momentum_step(theta, v, grad, lr, beta):
    v_new = beta * v + grad
    return theta - lr * v_new, v_new


def _momentum_stepping_by(velocity):
    """The right step θ − η v_new, after a mistaken ``velocity(v, grad, beta)``."""

    def step(theta, v, grad, lr, beta):
        v_new = velocity(v, grad, beta)
        return theta - lr * v_new, v_new

    return step


def _momentum_velocity_then(step):
    """The right velocity β v + ∇L, then a mistaken ``step(theta, v, v_new, grad, lr)``."""

    def answer(theta, v, grad, lr, beta):
        v_new = beta * v + grad
        return step(theta, v, v_new, grad, lr), v_new

    return answer


def _eta_inside_velocity(theta, v, grad, lr, beta):
    v_new = beta * v - lr * grad
    return theta + v_new, v_new


MOMENTUM_STEP_MISTAKES = [
    Mistake(
        "velocity not decayed",
        "multiply the old velocity by β before adding the gradient, v ← β v + ∇L. "
        "Without the decay, v adds up every gradient ever seen and never forgets.",
        _momentum_stepping_by(lambda v, grad, beta: v + grad),
    ),
    Mistake(
        "β on the gradient",
        "β decays the old velocity: v ← β v + ∇L, not v + β ∇L.",
        _momentum_stepping_by(lambda v, grad, beta: v + beta * grad),
    ),
    Mistake(
        "(1 − β) on the gradient",
        "β v + (1 − β) ∇L is an average of gradients (Adam's first moment). This book's "
        "momentum, like course_lib.optim.Momentum and PyTorch's SGD, sums them: v ← β v + ∇L.",
        _momentum_stepping_by(lambda v, grad, beta: beta * v + (1 - beta) * grad),
    ),
    Mistake(
        "gradient instead of velocity",
        "the step uses the velocity, θ − η v: stepping by the gradient is plain gradient "
        "descent, and the velocity you computed has no effect.",
        _momentum_velocity_then(lambda theta, v, v_new, grad, lr: theta - lr * grad),
    ),
    Mistake(
        "old velocity in the step",
        "update the velocity first, then step with the new one: θ − η v_new, where "
        "v_new = β v + ∇L already contains this step's gradient.",
        _momentum_velocity_then(lambda theta, v, v_new, grad, lr: theta - lr * v),
    ),
    Mistake(
        "wrong sign",
        "the step goes against the velocity, θ − η v, as gradient descent goes against the "
        "gradient; adding it walks uphill.",
        _momentum_velocity_then(lambda theta, v, v_new, grad, lr: theta + lr * v_new),
    ),
    Mistake(
        "η inside the velocity",
        "some texts keep the step itself in v (v ← β v − η ∇L, then θ ← θ + v). Here v "
        "sums gradients and η scales it in the step: v ← β v + ∇L, then θ ← θ − η v.",
        _eta_inside_velocity,
    ),
]


@checker(
    reference=_momentum_step,
    cases=[
        {
            "theta": np.array([1.0, -2.0]),
            "v": np.array([0.5, -1.0]),
            "grad": np.array([2.0, 0.4]),
            "lr": 0.1,
            "beta": 0.9,
        },
        {
            "theta": np.array([[0.3, -0.7, 1.2], [2.0, 0.0, -1.5]]),
            "v": np.zeros((2, 3)),
            "grad": np.array([[1.0, -0.5, 0.25], [-2.0, 3.0, 0.1]]),
            "lr": 0.05,
            "beta": 0.9,
        },
        {
            "theta": np.array([4.0]),
            "v": np.array([-3.0]),
            "grad": np.array([1.5]),
            "lr": 0.2,
            "beta": 0.5,
        },
        {
            "theta": np.array([0.5, 0.5, 0.5]),
            "v": np.array([1.0, 2.0, 3.0]),
            "grad": np.array([-1.0, 0.0, 1.0]),
            "lr": 0.01,
            "beta": 0.99,
        },
    ],
    mistakes=MOMENTUM_STEP_MISTAKES,
)
def check_momentum_step(fn: Callable) -> Feedback:
    """Check ``fn(theta, v, grad, lr, beta)`` → (θ_new, v_new), one step of momentum.

    v_new = β v + ∇L and θ_new = θ − η v_new, for arrays theta, v and grad of
    one shape; the inputs must not be changed.
    """


# Independent on purpose (own formula, not optim.Adam);
# tests/test_checkers_independent.py tests they agree.
def _adam_step(theta, m, r, grad, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * grad
    r_new = beta2 * r + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    r_hat = r_new / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(r_hat) + eps), m_new, r_new


def _adam_with(
    *,
    m_weight=None,
    r_weight=None,
    correct=True,
    t_shift=0,
    scale=np.sqrt,
    eps_used=True,
    sign=-1.0,
):
    """An Adam step that makes one mistake, chosen by keyword (the defaults are right)."""

    def answer(theta, m, r, grad, t, lr, beta1, beta2, eps):
        m_new = beta1 * m + (1 - beta1 if m_weight is None else m_weight) * grad
        r_new = beta2 * r + (1 - beta2 if r_weight is None else r_weight) * grad**2
        m_hat, r_hat = m_new, r_new
        if correct:
            m_hat = m_new / (1 - beta1 ** (t + t_shift))
            r_hat = r_new / (1 - beta2 ** (t + t_shift))
        size = scale(r_hat) + (eps if eps_used else 0.0)
        return theta + sign * lr * m_hat / size, m_new, r_new

    return answer


ADAM_STEP_MISTAKES = [
    Mistake(
        "no bias correction",
        "m and r start at 0, so their first averages are too small by 1 − β^t; divide by "
        "it, m̂ = m / (1 − β1^t) and r̂ = r / (1 − β2^t), before the step. Without it the "
        "first steps are about 3 times too large (with β1 = 0.9, β2 = 0.999).",
        _adam_with(correct=False),
    ),
    Mistake(
        "square root missing",
        "divide by the square root of r̂, √r̂ + ε: r̂ averages squared gradients, and its "
        "square root has the gradient's units, so m̂ / √r̂ is about ±1 per entry.",
        _adam_with(scale=lambda r_hat: r_hat),
    ),
    Mistake(
        "step counted from 0",
        "t numbers the steps from 1: the first update divides by 1 − β^1. With t − 1 (a "
        "counter increased after it is used) the first step divides by zero.",
        _adam_with(t_shift=-1),
    ),
    Mistake(
        "(1 − β) factors dropped",
        "Adam's moments are averages: each new gradient enters with weight 1 − β, "
        "m ← β1 m + (1 − β1) ∇L and r ← β2 r + (1 − β2) (∇L)². The bias correction only "
        "undoes the zero start of such an average.",
        _adam_with(m_weight=1.0, r_weight=1.0),
    ),
    Mistake(
        "wrong sign",
        "the step goes against the first moment, θ − η m̂ / (√r̂ + ε); adding it walks uphill.",
        _adam_with(sign=1.0),
    ),
    Mistake(
        "ε forgotten",
        "an entry whose gradients have all been 0 has m̂ = r̂ = 0, and 0 / 0 is NaN: add ε "
        "to the denominator, √r̂ + ε.",
        _adam_with(eps_used=False),
        when_nonfinite=True,
    ),
]


@checker(
    reference=_adam_step,
    cases=[
        # The first step, with a gradient entry that is exactly 0 (a dead unit's weight).
        {
            "theta": np.array([0.5, -1.0, 2.0]),
            "m": np.zeros(3),
            "r": np.zeros(3),
            "grad": np.array([0.3, -2.0, 0.0]),
            "t": 1,
            "lr": 0.01,
            "beta1": 0.9,
            "beta2": 0.999,
            "eps": 1e-8,
        },
        {
            "theta": np.array([[1.0, -0.5], [0.25, 2.0]]),
            "m": np.array([[0.1, -0.2], [0.05, 0.3]]),
            "r": np.array([[0.02, 0.05], [0.01, 0.1]]),
            "grad": np.array([[0.5, -0.4], [0.2, 1.0]]),
            "t": 3,
            "lr": 0.05,
            "beta1": 0.9,
            "beta2": 0.99,
            "eps": 1e-8,
        },
        # Gradients 1000 times apart: both entries still move by about η.
        {
            "theta": np.array([1.0, 1.0]),
            "m": np.array([0.08, 80.0]),
            "r": np.array([0.01, 1e4]),
            "grad": np.array([0.1, 100.0]),
            "t": 100,
            "lr": 0.001,
            "beta1": 0.9,
            "beta2": 0.999,
            "eps": 1e-8,
        },
        {
            "theta": np.array([-3.0]),
            "m": np.array([0.4]),
            "r": np.array([0.3]),
            "grad": np.array([-0.6]),
            "t": 2,
            "lr": 0.1,
            "beta1": 0.8,
            "beta2": 0.9,
            "eps": 1e-8,
        },
    ],
    mistakes=ADAM_STEP_MISTAKES,
)
def check_adam_step(fn: Callable) -> Feedback:
    """Check ``fn(theta, m, r, grad, t, lr, beta1, beta2, eps)`` → (θ_new, m_new, r_new).

    One Adam step, number t (1 for the first): m_new = β1 m + (1 − β1) g,
    r_new = β2 r + (1 − β2) g², m̂ = m_new / (1 − β1^t), r̂ = r_new / (1 − β2^t),
    θ_new = θ − η m̂ / (√r̂ + ε). Writing √(r̂ + ε) instead is accepted: ε only
    guards against dividing by zero, and on these cases the two differ far
    below the tolerance.
    """


def _momentum_effective_lr(lr, beta):
    return lr / (1 - beta)


MOMENTUM_EFFECTIVE_LR_MISTAKES = [
    Mistake(
        "η/(1 + β)",
        "that is the step along a gradient that flips sign every step, where the velocity "
        "sums to g (1 − β + β² − …) = g / (1 + β). A gradient that keeps its sign adds up: "
        "g (1 + β + β² + …) = g / (1 − β).",
        lambda lr, beta: lr / (1 + beta),
    ),
    Mistake(
        "η·β",
        "β is how much of the old velocity survives one step; the velocity is the sum of "
        "the whole decaying series, g (1 + β + β² + …), a geometric series.",
        lambda lr, beta: lr * beta,
    ),
    Mistake(
        "η·(1 − β)",
        "divide by 1 − β rather than multiply: the series 1 + β + β² + … sums to "
        "1 / (1 − β), which is larger than 1.",
        lambda lr, beta: lr * (1 - beta),
    ),
    Mistake(
        "learning rate left out",
        "the velocity tends to g / (1 − β), and the step is η times the velocity: the "
        "effective learning rate is η / (1 − β).",
        lambda lr, beta: 1 / (1 - beta),
    ),
]


@checker(
    reference=_momentum_effective_lr,
    cases=[
        {"lr": 0.1, "beta": 0.9},
        {"lr": 0.01, "beta": 0.99},
        {"lr": 0.2, "beta": 0.75},
        {"lr": 0.05, "beta": 0.0},
    ],
    mistakes=MOMENTUM_EFFECTIVE_LR_MISTAKES,
)
def check_momentum_effective_lr(fn: Callable) -> Feedback:
    """Check ``fn(lr, beta)`` → η / (1 − β), momentum's step per unit of a constant gradient."""


# Independent on purpose (own formula, not landscapes.Quadratic.stability_bound at β = 0);
# tests/test_checkers_independent.py tests they agree.
def _momentum_largest_stable_lr(H, beta):
    return float(2 * (1 + beta) / np.linalg.eigvalsh(H).max())


MOMENTUM_LARGEST_STABLE_LR_MISTAKES = [
    Mistake(
        "plain gradient descent's bound",
        "2 / λ_max is the bound without momentum. Along the steepest direction the "
        "gradient flips sign at every step near the limit, so the velocity only reaches "
        "g / (1 + β): momentum tolerates (1 + β) times more, 2 (1 + β) / λ_max.",
        lambda H, beta: float(2 / np.linalg.eigvalsh(H).max()),
    ),
    Mistake(
        "effective learning rate of a constant gradient",
        "η / (1 − β) is the step along a gradient that keeps its sign, which is not what "
        "happens at the edge of stability: there the gradient flips sign every step and "
        "the velocity sums to g / (1 + β), so the bound is 2 (1 + β) / λ_max.",
        lambda H, beta: float(2 * (1 - beta) / np.linalg.eigvalsh(H).max()),
    ),
    Mistake(
        "smallest curvature",
        "the steepest direction, the largest eigenvalue λ_max, is the one that blows up "
        "first: η < 2 (1 + β) / λ_max.",
        lambda H, beta: float(2 * (1 + beta) / np.linalg.eigvalsh(H).min()),
    ),
    Mistake(
        "diagonal instead of eigenvalues",
        "the curvatures are the eigenvalues of H (np.linalg.eigvalsh), not its diagonal "
        "entries; they differ when the bowl is rotated.",
        lambda H, beta: float(2 * (1 + beta) / np.max(np.diag(H))),
    ),
]


@checker(
    reference=_momentum_largest_stable_lr,
    cases=[
        {"H": np.array([[4.0]]), "beta": 0.9},
        {"H": np.diag([1.0, 20.0]), "beta": 0.9},
        {"H": elongated_bowl((1.0, 20.0), angle=30.0).H, "beta": 0.5},
        {"H": elongated_bowl((0.5, 8.0), angle=-60.0).H, "beta": 0.99},
        {"H": np.diag([2.0, 3.0]), "beta": 0.0},
    ],
    mistakes=MOMENTUM_LARGEST_STABLE_LR_MISTAKES,
)
def check_momentum_largest_stable_lr(fn: Callable) -> Feedback:
    """Check ``fn(H, beta)`` → 2 (1 + β) / λ_max(H), the largest η at which momentum converges."""
