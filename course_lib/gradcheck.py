"""Gradient checking: compare analytic gradients with finite differences.

The central difference ∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / (2ε) has an
error of order ε², so with ε = 1e-6 in float64 a correct analytic gradient
agrees to a relative error of about 1e-8 or better; a wrong one is off by
far more than 1e-6.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_positive_float, check_same_shape

TOLERANCE = 1e-6
"""Relative error above which a gradient is reported as wrong."""


def numerical_gradient(f: Callable[[np.ndarray], float], x: ArrayLike, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of ∂f/∂x for every entry of x.

    f: a function of x returning a scalar. x: numbers of any shape. A float64
    numpy array is nudged *in place* (and restored), so f may read it from
    elsewhere, e.g. ``lambda _: model.loss(X, y)`` with x a weight matrix of
    the model; anything else is copied first. Returns an array of x's shape.
    """
    eps = check_positive_float(eps, "eps")
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        x = as_float_array(x, "x").copy()
    else:
        as_float_array(x, "x")  # validates: finite and non-empty
        if not x.flags.writeable:
            raise ValueError("x is read-only, but it is nudged in place; pass a writable array (x.copy())")
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        try:
            x[i] = original + eps
            f_plus = _scalar(f(x))
            x[i] = original - eps
            f_minus = _scalar(f(x))
        finally:
            x[i] = original
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    """How far apart two gradients are: ‖a − b‖ / max(‖a‖, ‖b‖), 0 if both are 0.

    a, b: arrays of the same shape (norms are Euclidean over all entries).
    Below 1e-6 means "agree" for float64 central differences.
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    check_same_shape(a, b, "a", "b")
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0.0 else float(np.linalg.norm(a - b) / scale)


@dataclass(frozen=True)
class GradientRow:
    """One parameter's line in a ``GradientReport``."""

    name: str
    shape: tuple[int, ...]
    max_abs_gradient: float
    relative_error: float

    @property
    def ok(self) -> bool:
        return self.relative_error < TOLERANCE


@dataclass(frozen=True)
class GradientReport:
    """Per-parameter comparison of backprop with finite differences; prints as a table."""

    rows: tuple[GradientRow, ...]

    @property
    def passed(self) -> bool:
        """True when every parameter's relative error is below ``TOLERANCE``."""
        return all(row.ok for row in self.rows)

    def __repr__(self) -> str:
        header = f"{'parameter':<10} {'shape':<12} {'max |dL/dθ|':>12} {'relative error':>15}  check"
        lines = [header, "-" * len(header)]
        for r in self.rows:
            lines.append(
                f"{r.name:<10} {str(r.shape):<12} {r.max_abs_gradient:>12.3e} "
                f"{r.relative_error:>15.1e}  {'✓' if r.ok else '✗ WRONG'}"
            )
        verdict = "all gradients agree" if self.passed else "some gradients disagree"
        lines.append(f"{verdict} (relative error < {TOLERANCE:g} counts as agreement)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td><code>{html.escape(r.name)}</code></td><td>{r.shape}</td>"
            f"<td>{r.max_abs_gradient:.3e}</td><td>{r.relative_error:.1e}</td>"
            f"<td>{'✓' if r.ok else '✗ wrong'}</td></tr>"
            for r in self.rows
        )
        verdict = "All gradients agree" if self.passed else "Some gradients disagree"
        return (
            "<table><thead><tr><th>parameter</th><th>shape</th><th>max |dL/dθ|</th>"
            f"<th>relative error</th><th>check</th></tr></thead><tbody>{cells}</tbody></table>"
            f"<p>{verdict} (relative error &lt; {TOLERANCE:g} counts as agreement).</p>"
        )


def gradient_report(model, X: ArrayLike, y: ArrayLike, eps: float = 1e-6) -> GradientReport:
    """Check every parameter of ``model`` against finite differences, as a table.

    model: anything with ``loss(X, y)``, ``backward()``, ``parameters()``,
    ``gradients()`` and optionally ``parameter_names()`` (an ``MLP``, say).
    Costs two loss evaluations per parameter entry: use a small model and batch.
    """
    for method in ("loss", "backward", "parameters", "gradients"):
        if not callable(getattr(model, method, None)):
            raise TypeError(f"model must have a {method}() method; got {type(model).__name__}")

    def loss(_: np.ndarray) -> float:
        return model.loss(X, y)

    loss(None)
    model.backward()
    analytic = [g.copy() for g in model.gradients()]
    names = getattr(model, "parameter_names", lambda: [f"θ{i}" for i in range(len(analytic))])()
    rows = []
    for name, param, grad in zip(names, model.parameters(), analytic):
        numeric = numerical_gradient(loss, param, eps)
        rows.append(
            GradientRow(name, param.shape, float(np.max(np.abs(grad))), relative_error(grad, numeric))
        )
    loss(None)  # leave the model's caches as they were after one loss(X, y)
    return GradientReport(tuple(rows))


def _scalar(value: object) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"f(x) must return a finite number; got {value!r}")
    return float(value)
