"""Optimizers: how parameters move once their gradients are known.

The update rule of gradient descent, for every parameter θ (a weight matrix
W or a bias vector b) with gradient ∇_θ L and learning rate η:

    θ ← θ − η ∇_θ L

``SGD`` applies it as it is; ``Momentum`` and ``Adam`` refine the step. All
share ``step(params, grads)``, which updates the arrays in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    check_finite_float,
    check_positive_float,
    check_positive_int,
    describe,
)


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


class Momentum:
    """Gradient descent with momentum (the "heavy ball").

    v ← β v + ∇_θ L, then θ ← θ − η v, for each parameter, with v = 0 at the
    start. The velocity v is a running sum of past gradients that decays by β
    per step: steps add up along directions where the gradient keeps its sign
    and cancel where it flips, which damps the zig-zag across a narrow valley.
    lr: η > 0; beta: β in [0, 1) (β = 0 is plain gradient descent).
    """

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        self.lr = check_positive_float(lr, "lr")
        self.beta = _check_decay(beta, "beta")
        self._velocity: list[np.ndarray] | None = None

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr}, beta={self.beta})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update ``params`` in place; the same list of arrays must come every step."""
        _check_params_and_grads(params, grads)
        self._velocity = _state_for(self._velocity, params, "Momentum")
        self._step(params, grads)

    def _step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        for theta, grad, v in zip(params, grads, self._velocity):
            v *= self.beta
            v += grad
            theta -= self.lr * v


class Adam:
    """Adam: momentum plus a per-parameter step size from the gradients' recent size.

    With g = ∇_θ L at step t = 1, 2, ...:
        m ← β1 m + (1 − β1) g,        v ← β2 v + (1 − β2) g²   (element-wise)
        m̂ = m / (1 − β1^t),           v̂ = v / (1 − β2^t)        (undo the zero start)
        θ ← θ − η m̂ / (√v̂ + ε)
    Each entry moves about η per step whatever the scale of its gradient, so a
    steep and a shallow direction progress at similar speeds.
    """

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr = check_positive_float(lr, "lr")
        self.beta1 = _check_decay(beta1, "beta1")
        self.beta2 = _check_decay(beta2, "beta2")
        self.eps = check_positive_float(eps, "eps")
        self._moments: list[np.ndarray] | None = None
        self._squares: list[np.ndarray] | None = None
        self.t = 0

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update ``params`` in place; the same list of arrays must come every step."""
        _check_params_and_grads(params, grads)
        self._moments = _state_for(self._moments, params, "Adam")
        self._squares = _state_for(self._squares, params, "Adam")
        self._step(params, grads)

    def _step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        if self._moments is None:
            self._moments = [np.zeros_like(p) for p in params]
            self._squares = [np.zeros_like(p) for p in params]
        self.t += 1
        correction1 = 1.0 - self.beta1**self.t
        correction2 = 1.0 - self.beta2**self.t
        for theta, grad, m, v in zip(params, grads, self._moments, self._squares):
            m *= self.beta1
            m += (1.0 - self.beta1) * grad
            v *= self.beta2
            v += (1.0 - self.beta2) * grad * grad
            theta -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)


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
        g = _checked_gradient(grad(x), x, t)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            x = x - lr * g
        _check_not_diverged(x, t, lr)
        path[t] = x
    return path


def _checked_gradient(g, x: np.ndarray, t: int) -> np.ndarray:
    numbers = None if g is None else _as_numbers(g)
    if numbers is None:
        raise TypeError(f"grad(x) must return an array of numbers shaped like x; got {g!r}")
    if numbers.shape != x.shape:
        raise ValueError(f"grad(x) must return the shape of x, {x.shape}; got a {describe(numbers)}")
    if not np.all(np.isfinite(numbers)):
        raise ValueError(f"grad(x) returned NaN or inf at step {t} (x = {x}); check the gradient function")
    return numbers


def _check_not_diverged(x: np.ndarray, t: int, lr: float) -> None:
    if not np.all(np.isfinite(x)):
        raise ValueError(
            f"the iterates diverged: x is no longer finite after step {t} with lr={lr}; "
            "try a smaller learning rate"
        )


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
        as_float_array(theta, f"params[{i}]")  # finite and non-empty
        grad = as_float_array(grad, f"grads[{i}]")
        if grad.shape != theta.shape:
            raise ValueError(
                f"grads[{i}] must have the shape of params[{i}], {theta.shape}; got a {describe(grad)}"
            )


def _as_numbers(value) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _check_decay(beta: float, name: str) -> float:
    value = check_finite_float(beta, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1); got {value}")
    return value


def _state_for(state: list[np.ndarray] | None, params: Sequence[np.ndarray], owner: str):
    """The optimizer's per-parameter state, created on the first step, then checked."""
    if state is None:
        return [np.zeros_like(p) for p in params]
    shapes = [s.shape for s in state]
    if shapes != [p.shape for p in params]:
        raise ValueError(
            f"params must be the same arrays at every step of one {owner} optimizer; its state has "
            f"shapes {shapes}, got params of shapes {[p.shape for p in params]}"
        )
    return state
