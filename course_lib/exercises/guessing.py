"""Checkers for the chapter "Why not just guess?", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


def distance_to_ones(theta: np.ndarray) -> float:
    """A loss with its minimum at θ = (1, 1, ...): Σ (θ_i − 1)²."""
    return float(np.sum((theta - 1.0) ** 2))


def tilted_bowl(theta: np.ndarray) -> float:
    """A loss with its minimum at θ = (2, −1): (θ₁ − 2)² + 3 (θ₂ + 1)²."""
    return float((theta[0] - 2.0) ** 2 + 3.0 * (theta[1] + 1.0) ** 2)


_CANDIDATES = np.array([[0.0, 0.0], [1.5, -0.5], [3.0, 1.0], [0.9, 1.2]])


def _best_guess(candidates, loss):
    return candidates[int(np.argmin([loss(c) for c in candidates]))]


BEST_GUESS_MISTAKES = [
    Mistake(
        "returned the loss",
        "you returned the lowest loss; random search keeps the best *parameters*, the row "
        "of candidates with that loss.",
        lambda candidates, loss: min(loss(c) for c in candidates),
    ),
    Mistake(
        "returned the index",
        "you returned where the best row is; return the row itself, candidates[i].",
        lambda candidates, loss: int(np.argmin([loss(c) for c in candidates])),
    ),
    Mistake(
        "kept the worst",
        "you kept the candidate with the highest loss (argmax); a loss is better when lower.",
        lambda candidates, loss: candidates[int(np.argmax([loss(c) for c in candidates]))],
    ),
]


@checker(
    reference=_best_guess,
    cases=[
        {"candidates": _CANDIDATES, "loss": distance_to_ones},
        {"candidates": _CANDIDATES, "loss": tilted_bowl},
        {"candidates": np.array([[5.0, 5.0, 5.0]]), "loss": distance_to_ones},
    ],
    mistakes=BEST_GUESS_MISTAKES,
)
def check_best_guess(fn: Callable) -> Feedback:
    """Check ``fn(candidates, loss)`` → the row of candidates (m, d) with the lowest loss."""


def _tweak(theta, loss, direction, step):
    candidate = theta + step * direction
    return candidate if loss(candidate) < loss(theta) else theta


TWEAK_MISTAKES = [
    Mistake(
        "never moves",
        "it returns theta even when the candidate theta + step * direction has a lower "
        "loss: compute the candidate, compare the two losses, keep the better.",
        lambda theta, loss, direction, step: theta,
    ),
    Mistake(
        "always accepted",
        "you moved even when the loss went up; keep the tweak only if loss(candidate) < "
        "loss(theta), otherwise return theta unchanged.",
        lambda theta, loss, direction, step: theta + step * direction,
    ),
    Mistake(
        "kept the worse one",
        "the comparison is the wrong way round: keep the candidate when its loss is "
        "*lower* than the current one.",
        lambda theta, loss, direction, step: (
            theta + step * direction if loss(theta + step * direction) > loss(theta) else theta
        ),
    ),
    Mistake(
        "ties accepted",
        "when the candidate's loss equals the current one, nothing is gained: keep theta. "
        "Move only if loss(candidate) < loss(theta), strictly (<, not <=).",
        lambda theta, loss, direction, step: (
            theta + step * direction if loss(theta + step * direction) <= loss(theta) else theta
        ),
    ),
    Mistake(
        "step size ignored",
        "the candidate is theta + step * direction; the direction alone is a step of size 1.",
        lambda theta, loss, direction, step: (
            theta + direction if loss(theta + direction) < loss(theta) else theta
        ),
    ),
    Mistake(
        "wrong sign",
        "the candidate is theta + step * direction, not theta − step * direction.",
        lambda theta, loss, direction, step: (
            theta - step * direction if loss(theta - step * direction) < loss(theta) else theta
        ),
    ),
]


@checker(
    reference=_tweak,
    cases=[
        {
            "theta": np.array([0.0, 0.0]),
            "loss": distance_to_ones,
            "direction": np.array([1.0, 0.5]),
            "step": 0.5,
        },
        {
            "theta": np.array([0.0, 0.0]),
            "loss": distance_to_ones,
            "direction": np.array([-1.0, 0.2]),
            "step": 0.5,
        },
        # A tie: the candidate (3, −1) has the same loss as theta, 1, so theta stays.
        {
            "theta": np.array([1.0, -1.0]),
            "loss": tilted_bowl,
            "direction": np.array([1.0, 0.0]),
            "step": 2.0,
        },
        {
            "theta": np.array([2.5, 0.0]),
            "loss": tilted_bowl,
            "direction": np.array([-0.5, -0.5]),
            "step": 0.4,
        },
    ],
    mistakes=TWEAK_MISTAKES,
)
def check_tweak(fn: Callable) -> Feedback:
    """Check ``fn(theta, loss, direction, step)`` → one guided random tweak.

    It returns theta + step · direction if that lowers the loss strictly, else theta
    (check 3 is a tie).
    """


def _cosine(u, v):
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


COSINE_MISTAKES = [
    Mistake(
        "not normalised",
        "u · v alone grows with the lengths of u and v; divide by |u| |v| so that only the "
        "angle counts.",
        lambda u, v: float(u @ v),
    ),
    Mistake(
        "squared lengths",
        "divide by the lengths |u| |v| (np.linalg.norm), not by their squares.",
        lambda u, v: float(u @ v / (np.sum(u**2) * np.sum(v**2))),
    ),
    Mistake(
        "absolute value",
        "keep the sign: a negative cosine means the vectors point in opposite directions "
        "(for a gradient, that is downhill).",
        lambda u, v: abs(float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))),
    ),
]


@checker(
    reference=_cosine,
    cases=[
        {"u": np.array([3.0, 4.0]), "v": np.array([4.0, 3.0])},
        {"u": np.array([1.0, 0.0, 0.0]), "v": np.array([0.0, 2.0, 0.0])},
        {"u": np.array([1.0, 2.0, -1.0, 0.5]), "v": np.array([-2.0, -1.0, 0.0, 3.0])},
    ],
    mistakes=COSINE_MISTAKES,
)
def check_cosine(fn: Callable) -> Feedback:
    """Check ``fn(u, v)`` → the cosine of the angle between vectors u and v, u·v / (|u| |v|)."""
