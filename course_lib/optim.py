"""Optimizers: how parameters move once their gradients are known.

The update rule of gradient descent, for every parameter θ (a weight matrix
W or a bias vector b) with gradient ∇_θ L and learning rate η:

    θ ← θ − η ∇_θ L
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_positive_float, check_positive_int, describe


class SGD:
    """Plain (stochastic) gradient descent: θ ← θ − η ∇_θ L, in place.

    lr: the learning rate η, a finite number > 0.
    """

    def __init__(self, lr: float) -> None:
        self.lr = check_positive_float(lr, "lr")

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update each array of ``params`` in place by its gradient in ``grads``.

        params, grads: equal-length lists of arrays, grads[i] with the shape of
        params[i] (e.g. ``model.parameters()`` and ``model.gradients()``).
        """
        _check_params_and_grads(params, grads)
        self._step(params, grads)

    def _step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        for theta, grad in zip(params, grads):
            theta -= self.lr * grad


def gradient_descent(
    grad: Callable[[np.ndarray], ArrayLike], x0: ArrayLike, lr: float, steps: int
) -> np.ndarray:
    """Run x ← x − η grad(x) from x0 for ``steps`` steps and return the path.

    grad: the gradient of the function being minimised, x ↦ ∇f(x), returning
    an array of x's shape. x0: the start, a number or an array of any shape.
    Returns the iterates x_0, x_1, …, x_steps stacked: (steps + 1, *x0.shape).
    Raises ValueError when an iterate stops being finite (the descent diverged).
    """
    x = as_float_array(x0, "x0").copy()
    lr = check_positive_float(lr, "lr")
    steps = check_positive_int(steps, "steps")
    path = np.empty((steps + 1, *x.shape))
    path[0] = x
    for t in range(1, steps + 1):
        g = np.asarray(grad(x), dtype=float)
        if g.shape != x.shape:
            raise ValueError(f"grad(x) must return the shape of x, {x.shape}; got a {describe(g)}")
        with np.errstate(over="ignore", invalid="ignore"):  # reported just below
            x = x - lr * g
        if not np.all(np.isfinite(x)):
            raise ValueError(
                f"the iterates diverged: x is no longer finite after step {t} with lr={lr}; "
                "try a smaller learning rate"
            )
        path[t] = x
    return path


def _check_params_and_grads(params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
    """Raise unless params and grads are matching lists of finite float arrays."""
    for name, seq in (("params", params), ("grads", grads)):
        if isinstance(seq, np.ndarray) or not isinstance(seq, Sequence):
            raise TypeError(
                f"{name} must be a list of arrays, like model.parameters(); got {type(seq).__name__}"
            )
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length; got {len(params)} params and "
            f"{len(grads)} grads"
        )
    if len(params) == 0:
        raise ValueError("params is empty; expected at least one parameter array")
    for i, (theta, grad) in enumerate(zip(params, grads)):
        if not isinstance(theta, np.ndarray) or theta.dtype.kind != "f":
            got = f"an array of dtype {theta.dtype}" if isinstance(theta, np.ndarray) else repr(theta)
            raise TypeError(f"params[{i}] must be a float numpy array to update in place; got {got}")
        grad = as_float_array(grad, f"grads[{i}]")
        if grad.shape != theta.shape:
            raise ValueError(
                f"grads[{i}] must have the shape of params[{i}], {theta.shape}; got a {describe(grad)}"
            )
