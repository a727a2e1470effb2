"""Optimizers: how parameters move once their gradients are known.

The update rule of gradient descent, for every parameter θ (a weight matrix
W or a bias vector b) with gradient g = ∇_θ L and learning rate η:

    θ ← θ − η g

``SGD`` applies it as it is; ``Momentum`` and ``Adam`` refine the step. All
share ``step(params, grads)``, which updates the arrays in place.

An optimizer belongs to the parameter arrays of its first step. Momentum's
velocity and Adam's moments hold one array per parameter, and carried over
to another model they would push it with a history it never had. So a step on
other arrays raises ``ValueError``: make one optimizer per model, or call
``reset()`` to start afresh. ``SGD`` keeps no state but follows the same
rule, so swapping one optimizer for another never changes what a training
loop may do. The first step checks every number; later steps recognise the
arrays by identity (``is``) and check only each gradient's shape, a few
comparisons per step, so a training loop is not slowed down.
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


class Optimizer:
    """What every optimizer shares: a learning rate η > 0, tied to the arrays of its first step.

    ``t`` counts the steps taken on those arrays (t = 1 during the first step);
    ``params`` holds the arrays themselves (None before the first step).
    """

    def __init__(self, lr: float) -> None:
        self.lr = check_positive_float(lr, "lr")
        self.reset()

    def reset(self) -> None:
        """Forget the arrays: the next step starts afresh (t = 1, zero averages), on any arrays."""
        self.params: tuple[np.ndarray, ...] | None = None
        self.t = 0

    def begin_step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Check a step's arguments, then count it: t ← t + 1. Every ``step`` starts here.

        params, grads: equal-length lists of arrays, grads[i] shaped like params[i].
        The first step checks every number and ties the optimizer to these
        arrays; a later step raises ValueError unless params are the same
        arrays (compared by identity, not by value), and checks only the
        gradients' shapes: a NaN in a later gradient reaches θ (``fit`` reports
        it as divergence), the price of a check that costs microseconds.
        """
        if self.params is None:
            _check_params_and_grads(params, grads)
            self.params = tuple(params)
        elif not _same_arrays(params, self.params):
            raise ValueError(_other_arrays_message(self, params))
        elif not _grads_fit(grads, self.params):
            _check_params_and_grads(params, grads)  # raises, naming what is wrong
        self.t += 1


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: θ ← θ − η g, in place.

    lr: the learning rate η, a finite number > 0. SGD keeps no running
    averages, but like every optimizer it belongs to the arrays of its first
    step: a step on another model's arrays raises (call ``reset()`` first).
    """

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every parameter θ in place by its gradient g: θ ← θ − η g.

        params, grads: lists of arrays, grads[i] shaped like params[i] (e.g.
        ``model.parameters()`` and ``model.gradients()``); params must be the
        same arrays at every step.
        """
        self.begin_step(params, grads)  # checks the arrays; t ← t + 1
        for theta, g in zip(params, grads):
            theta -= self.lr * g


class Momentum(Optimizer):
    """Gradient descent with momentum (the "heavy ball").

    v ← β v + g, then θ ← θ − η v, for each parameter θ with gradient g, with
    v = 0 at the start. The velocity v is a running sum of past gradients that
    decays by β per step: steps add up along directions where the gradient
    keeps its sign and cancel where it flips, which damps the zig-zag across a
    narrow valley. lr: η > 0; beta: β in [0, 1) (β = 0 is plain gradient
    descent). The velocity belongs to the arrays of the first step: a step on
    other arrays raises ValueError (make a new Momentum, or call ``reset()``).
    """

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr)
        self.beta = _check_decay(beta, "beta")

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr}, beta={self.beta})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every parameter θ in place, given its gradient g; the same arrays every step."""
        self.begin_step(params, grads)  # checks the arrays; t ← t + 1
        if self.t == 1:
            self.velocity = [np.zeros_like(theta) for theta in params]  # v = 0 at the start
        for theta, g, v in zip(params, grads, self.velocity):
            v[:] = self.beta * v + g
            theta -= self.lr * v


class Adam(Optimizer):
    """Adam: momentum plus a per-parameter step size from the gradients' recent size.

    With g = ∇_θ L at step t = 1, 2, ...:
        m ← β1 m + (1 − β1) g,        r ← β2 r + (1 − β2) g ⊙ g
        m̂ = m / (1 − β1^t),           r̂ = r / (1 − β2^t)        (undo the zero start)
        θ ← θ − η m̂ / (√r̂ + ε)
    Each entry moves about η per step whatever the scale of its gradient, so a
    steep and a shallow direction progress at similar speeds. m, r and t
    belong to the arrays of the first step: a step on other arrays raises
    ValueError (make a new Adam, or call ``reset()``).
    """

    def __init__(
        self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.beta1 = _check_decay(beta1, "beta1")
        self.beta2 = _check_decay(beta2, "beta2")
        self.eps = check_positive_float(eps, "eps")

    def __repr__(self) -> str:
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every parameter θ in place, given its gradient g; the same arrays every step."""
        self.begin_step(params, grads)  # checks the arrays; t ← t + 1
        if self.t == 1:  # m = 0 and r = 0 at the start
            self.m = [np.zeros_like(theta) for theta in params]
            self.r = [np.zeros_like(theta) for theta in params]
        for theta, g, m, r in zip(params, grads, self.m, self.r):
            m[:] = self.beta1 * m + (1 - self.beta1) * g
            r[:] = self.beta2 * r + (1 - self.beta2) * g * g
            m_hat = m / (1 - self.beta1**self.t)
            r_hat = r / (1 - self.beta2**self.t)
            theta -= self.lr * m_hat / (np.sqrt(r_hat) + self.eps)


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float) -> list[np.ndarray]:
    """Clip by global norm: scale all gradients by one factor so their joint norm is ≤ max_norm.

    grads: a list of arrays (e.g. ``model.gradients()``); max_norm: c > 0. With the
    global norm ‖g‖ = √(Σ_i Σ g_i²) over all the arrays together:
        g_i ← g_i · c / ‖g‖   if ‖g‖ > c,   else g_i unchanged.
    One factor for all keeps the step's direction; only its length is capped.
    Returns new arrays (the inputs are not changed), shaped like ``grads``.
    """
    max_norm = check_positive_float(max_norm, "max_norm")
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or len(grads) == 0:
        raise ValueError(
            f"grads must be a non-empty list of arrays, like model.gradients(); got {grads!r:.60}"
        )
    arrays = [as_float_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
    return _clip_by_global_norm(arrays, max_norm)


def _clip_by_global_norm(grads: Sequence[np.ndarray], max_norm: float) -> list[np.ndarray]:
    """``clip_grad_norm`` without checks: what ``Clipped`` runs every step."""
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads))  # the global norm ‖g‖
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads]


class Clipped:
    """An optimizer whose gradients are clipped by global norm first (``clip_grad_norm``).

    ``Clipped(SGD(0.1), max_norm=1.0)`` steps θ ← θ − η g with g rescaled so
    that ‖g‖ ≤ 1: no step is longer than η · max_norm. It wraps any optimizer
    of this module (and passes ``fit``'s ``optimizer=``); ``lr``, ``t`` and
    ``reset()`` are the wrapped optimizer's.
    """

    def __init__(self, optimizer: Optimizer, max_norm: float) -> None:
        if not isinstance(optimizer, Optimizer):
            raise ValueError(
                "optimizer must be a course_lib.optim optimizer such as SGD(0.1); "
                f"got {optimizer!r:.60}"
            )
        self.optimizer = optimizer
        self.max_norm = check_positive_float(max_norm, "max_norm")

    def __repr__(self) -> str:
        return f"Clipped({self.optimizer!r}, max_norm={self.max_norm})"

    @property
    def lr(self) -> float:
        return self.optimizer.lr

    @property
    def t(self) -> int:
        return self.optimizer.t

    def reset(self) -> None:
        """Reset the wrapped optimizer."""
        self.optimizer.reset()

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Clip grads by their global norm, then let the wrapped optimizer step."""
        if not _grads_fit(grads, tuple(params)):
            _check_params_and_grads(params, grads)  # raises, naming what is wrong
        # Every optimizer subclass defines step; the base class does not.
        self.optimizer.step(  # type: ignore[attr-defined]
            params, _clip_by_global_norm(grads, self.max_norm)
        )


def gradient_descent(
    grad: Callable[[np.ndarray], ArrayLike], w0: ArrayLike, lr: float, steps: int
) -> np.ndarray:
    """Run w ← w − η ∂L/∂w from w0 for ``steps`` steps and return the path.

    grad: the gradient of the loss, w ↦ ∂L/∂w, returning an array of w's
    shape. w0: the start, a number or an array of any shape. lr: η > 0.
    Returns the iterates w_0, w_1, …, w_steps stacked: (steps + 1, *w0.shape).
    Raises ValueError when the iterates diverge (naming the learning rate, and
    the largest stable one when it is known or can be estimated) and when
    grad(w) returns something other than finite numbers of w's shape.
    """
    w = as_float_array(w0, "w0").copy()
    lr = check_positive_float(lr, "lr")
    steps = check_positive_int(steps, "steps")
    path = [w]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging w is reported by the checks
        for _ in range(steps):
            g = _checked_gradient(grad(w), path, grad, lr)
            w = w - lr * g
            _check_not_diverged(w, path, grad, lr)
            path.append(w)
    return np.array(path)


def _checked_gradient(g, path: list[np.ndarray], grad: Callable, lr: float) -> np.ndarray:
    """grad(w) as finite numbers shaped like w, or an error blaming the rate or the function."""
    w, t = path[-1], len(path)
    numbers = None if g is None else _as_numbers(g)
    if numbers is None:
        raise TypeError(f"grad(w) must return an array of numbers shaped like w; got {g!r}")
    if numbers.shape != w.shape:
        raise ValueError(
            f"grad(w) must return the shape of w, {w.shape}; got a {describe(numbers)}"
        )
    if not np.all(np.isfinite(numbers)):
        if _steps_growing(path):
            raise ValueError(
                _divergence(path, grad, lr, f"w = {w} is so large that grad(w) overflowed")
            )
        raise ValueError(
            f"grad(w) returned NaN or inf at step {t} (w = {w}); check the gradient function"
        )
    return numbers


def _check_not_diverged(w: np.ndarray, path: list[np.ndarray], grad: Callable, lr: float) -> None:
    if not np.all(np.isfinite(w)):
        raise ValueError(_divergence(path + [w], grad, lr, "w is no longer finite"))


def _steps_growing(path: list[np.ndarray]) -> bool:
    """Whether the last step was longer than the one before: the signature of a rate too large."""
    if len(path) < 3:
        return False
    before, last = _last_two_steps(path)
    return bool(np.linalg.norm(last) > np.linalg.norm(before))


def _last_two_steps(path: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """w_(t−1) − w_(t−2) and w_t − w_(t−1), divided by the first's largest entry (no overflow)."""
    before, last = path[-2] - path[-3], path[-1] - path[-2]
    scale = np.max(np.abs(before))
    return (before / scale, last / scale) if scale > 0 else (before, last)


def _curvature(path: list[np.ndarray], lr: float) -> float:
    """The curvature along the last steps: on a quadratic, g_t − g_(t−1) = −(s_t − s_(t−1))/η."""
    before, last = _last_two_steps(path)
    return float(np.linalg.norm(last - before) / (lr * np.linalg.norm(before)))


def _divergence(path: list[np.ndarray], grad: Callable, lr: float, symptom: str) -> str:
    """Say that lr is too large, with the largest stable rate when known or estimable."""
    message = (
        f"the iterates diverged: after step {len(path) - 1}, {symptom}. lr={lr} is too large here"
    )
    # grad = bowl.grad of a landscapes.Quadratic knows its bowl's bound exactly.
    known = getattr(getattr(grad, "__self__", None), "stability_bound", None)
    finite = [w for w in path if np.all(np.isfinite(w))]
    if isinstance(known, float):
        message += f": this bowl is stable only for lr < 2/λ_max = {known:.4g}"
    elif len(finite) >= 4:
        # A quadratic diverges along its steepest axis, at a constant curvature λ; on any other
        # function the estimate keeps changing, and no bound is given.
        curvature, previous = _curvature(finite, lr), _curvature(finite[:-1], lr)
        if (
            np.isfinite(curvature)
            and curvature > 0
            and abs(curvature - previous) < 1e-3 * curvature
        ):
            message += (
                f": the steps show a curvature of {curvature:.4g}, and on a bowl that curved "
                f"gradient descent is stable only for lr < 2/{curvature:.4g} = {2 / curvature:.4g}"
            )
    return f"{message}; try a smaller learning rate"


def _check_params_and_grads(params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
    """Raise unless params and grads are matching lists of finite float arrays."""
    for name, seq in (("params", params), ("grads", grads)):
        if isinstance(seq, np.ndarray) or not isinstance(seq, Sequence):
            raise TypeError(
                f"{name} must be a list of arrays, like model.parameters(); "
                f"got {type(seq).__name__}"
            )
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length; got {len(params)} params and "
            f"{len(grads)} grads"
        )
    if len(params) == 0:
        raise ValueError("params is empty; expected at least one parameter array")
    for i, (theta, grad) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(theta, np.ndarray) or theta.dtype.kind != "f":
            got = (
                f"an array of dtype {theta.dtype}" if isinstance(theta, np.ndarray) else repr(theta)
            )
            raise TypeError(
                f"params[{i}] must be a float numpy array to update in place; got {got}"
            )
        as_float_array(theta, f"params[{i}]")  # finite and non-empty
        if not isinstance(grad, np.ndarray):
            raise TypeError(f"grads[{i}] must be a numpy array of numbers; got {grad!r}")
        grad = as_float_array(grad, f"grads[{i}]")
        if grad.shape != theta.shape:
            raise ValueError(
                f"grads[{i}] must have the shape of params[{i}], {theta.shape}; "
                f"got a {describe(grad)}"
            )


def _same_arrays(params: Sequence[np.ndarray], bound: tuple[np.ndarray, ...]) -> bool:
    """Whether params are exactly the arrays of the first step (identity: O(number of arrays))."""
    if not isinstance(params, (list, tuple, Sequence)) or len(params) != len(bound):
        return False
    for theta, first in zip(params, bound, strict=True):
        if theta is not first:
            return False
    return True


def _grads_fit(grads: Sequence[np.ndarray], params: tuple[np.ndarray, ...]) -> bool:
    """Whether grads are numeric arrays shaped like params (shapes only: O(number of arrays))."""
    if not isinstance(grads, (list, tuple, Sequence)) or len(grads) != len(params):
        return False
    for g, theta in zip(grads, params, strict=True):
        if type(g) is not np.ndarray or g.shape != theta.shape or g.dtype.kind not in "fiu":
            return False
    return True


def _other_arrays_message(optimizer: Optimizer, params: Sequence[np.ndarray]) -> str:
    first = [theta.shape for theta in optimizer.params or ()]
    try:
        got = f"arrays of shapes {[np.shape(theta) for theta in params]}"
    except (TypeError, ValueError):
        got = repr(params)
    return (
        f"params must be the arrays this optimizer, {optimizer!r}, took its first step on (shapes "
        f"{first}), compared by identity; got other {got}. "
        f"Its state (step count t = {optimizer.t}, "
        "and any running averages) belongs to those arrays: use a new optimizer for each model, or "
        "call optimizer.reset() first"
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
