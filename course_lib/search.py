"""The inefficient baselines: finding weights by guessing instead of by slopes.

Both searches work on a flat vector of parameters θ (shape (d,)) and a
function ``loss(θ)``; they only ever *evaluate* the loss, never its slope.
Each returns a ``SearchResult`` whose ``history[k]`` is the lowest loss
found after k + 1 evaluations, so it can be plotted against gradient
descent on the same budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, as_generator, check_positive_float, check_positive_int

LossFunction = Callable[[np.ndarray], float]


@dataclass(frozen=True)
class SearchResult:
    """The best parameters found, their loss, and how the search got there."""

    theta: np.ndarray  # (d,)
    loss: float
    history: np.ndarray  # (n_evaluations,): lowest loss after each evaluation
    path: np.ndarray  # (n_improvements, d): each new best point, in the order found

    @property
    def evaluations(self) -> int:
        """How many times the loss was evaluated."""
        return len(self.history)


def random_search(
    loss: LossFunction,
    dim: int,
    evaluations: int,
    *,
    scale: float = 1.0,
    seed: int | np.random.Generator = 0,
) -> SearchResult:
    """Idea 1: draw random parameters, keep the best.

    Each guess is θ ~ N(0, scale² I) in ``dim`` dimensions, independent of
    all the others; after ``evaluations`` guesses the best one is returned
    (the first, if every guess is equally bad, e.g. all with loss inf).
    """
    dim = check_positive_int(dim, "dim")
    evaluations = check_positive_int(evaluations, "evaluations")
    scale = check_positive_float(scale, "scale")
    rng = as_generator(seed)
    best_theta = scale * rng.standard_normal(dim)  # the first guess is the best so far
    best_loss = _evaluate(loss, best_theta)
    history, path = [best_loss], [best_theta]
    while len(history) < evaluations:
        theta = scale * rng.standard_normal(dim)
        value = _evaluate(loss, theta)
        if value < best_loss:
            best_theta, best_loss = theta, value
            path.append(theta)
        history.append(best_loss)
    return SearchResult(best_theta, best_loss, np.array(history), np.array(path))


def guided_random_tweaks(
    loss: LossFunction,
    theta0: ArrayLike,
    evaluations: int,
    *,
    step: float = 0.1,
    patience: int = 50,
    seed: int | np.random.Generator = 0,
) -> SearchResult:
    """Idea 2: nudge the last good parameters at random; keep a nudge only if it helps.

    From θ0, try θ + step · u with u ~ N(0, I); if the loss drops, move there.
    Stop after ``patience`` failed tries in a row (no nearby guess improves:
    a local minimum, as far as guessing can tell) or after ``evaluations``
    evaluations in all, the first one being θ0 itself.
    """
    theta = as_float_array(theta0, "theta0", ndim=1, expected="(d,)").copy()
    evaluations = check_positive_int(evaluations, "evaluations")
    step = check_positive_float(step, "step")
    patience = check_positive_int(patience, "patience")
    rng = as_generator(seed)
    current = _evaluate(loss, theta)
    history, path = [current], [theta]
    failures = 0
    while len(history) < evaluations and failures < patience:
        candidate = theta + step * rng.standard_normal(theta.shape)
        value = _evaluate(loss, candidate)
        if value < current:
            theta, current, failures = candidate, value, 0
            path.append(theta)
        else:
            failures += 1
        history.append(current)
    return SearchResult(theta, current, np.array(history), np.array(path))


def _evaluate(loss: LossFunction, theta: np.ndarray) -> float:
    value = loss(theta)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"loss(theta) must return a number; got {value!r}") from None
    if np.isnan(value):
        raise ValueError(
            "loss(theta) returned NaN; expected a number (inf is allowed: a very bad guess)"
        )
    return value
