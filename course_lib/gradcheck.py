"""Gradient checking: compare analytic gradients with finite differences.

The central difference ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h) has an
error of order h², so with h = 1e-6 in float64 a correct analytic gradient
usually agrees to a relative error of about 1e-8 or better; a wrong one is off
by far more than 1e-6.

Two things limit what finite differences can tell, and ``gradient_report``
accounts for both instead of crying wolf:

- **Round-off.** Each loss value carries a rounding error of a few units of
  machine precision ε times |L|, and the difference divides it by h: a
  gradient entry is only resolved to about ε·|L|/h (2e-10 for |L| = 1). A deep
  sigmoid network's first layers have gradients near that size, so their
  relative error is large even when backprop is right. An entry agrees when
  |analytic − numeric| ≤ ``ROUNDOFF``·ε·|L|/h + ``TOLERANCE``·‖gradient‖
  (the norm of that parameter's whole gradient).
- **Kinks.** Where the loss is not differentiable (a ReLU pre-activation
  within h of 0), the central difference averages the slopes on the two sides
  and matches neither. It shows as one-sided differences (f(x + h) − f(x))/h
  and (f(x) − f(x − h))/h that disagree; such an entry is reported as a kink
  and not checked, provided the analytic value lies between the two one-sided
  slopes (as ReLU's convention f′(0) = 0 makes it).

It also runs loss and backward twice, as two training steps would, and checks
the second gradients: a backward pass that adds to its stored gradients
(``dW += ...``) gives the right numbers once, on a fresh model, and twice them
the next time. The table prints a relative error below ``TOLERANCE`` as
"< 1e-06": its digits are round-off, which differs from one CPU to another.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_positive_float, check_same_shape
from .models import check_model

TOLERANCE = 1e-6
"""Relative error below which a parameter's gradient agrees with finite differences."""

ROUNDOFF = 8.0
"""Safety factor on the rounding error ε·|L| of one loss evaluation (measured: about 1)."""

KINK_NOTE = "kink: a pre-activation within h of 0, finite differences are not valid there"
ROUNDOFF_NOTE = "round-off: the gradient is too small for finite differences to resolve better"
ACCUMULATES_NOTE = (
    "accumulates: a second backward() changed the gradients; they must be overwritten, "
    "not added to (dW = ..., not dW += ...)"
)


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: ArrayLike, eps: float = 1e-6
) -> np.ndarray:
    """Central-difference estimate of ∂f/∂x for every entry of x.

    f: a function of x returning a scalar. x: numbers of any shape. A float64
    numpy array is nudged *in place* (and restored), so f may read it from
    elsewhere, e.g. ``lambda _: model.loss(X, y)`` with x a weight matrix of
    the model; anything else is copied first. Returns an array of x's shape.
    """
    f_plus, f_minus, eps = _nudged_values(f, x, eps)
    return (f_plus - f_minus) / (2.0 * eps)


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
    """One parameter's line in a ``GradientReport``.

    relative_error: over the entries that were checked (kinks left out).
    status: "agree", "round-off" (agrees, but the gradient is so small that
    finite differences resolve it only to a relative error ≥ ``TOLERANCE``),
    "kink" (the checked entries agree; ``kinks`` entries sit at a kink and
    are not checked) or "wrong".
    accumulates: a second ``backward()`` gave other gradients than the first.
    error_bound: the largest relative error the check admits for this
    parameter, √(entries)·(``ROUNDOFF``·ε·|L|/h + ``TOLERANCE``·‖grad‖)/‖grad‖.
    limited: round-off alone may exceed ``TOLERANCE`` here.
    """

    name: str
    shape: tuple[int, ...]
    max_abs_gradient: float
    relative_error: float
    status: str = "agree"
    kinks: int = 0
    accumulates: bool = False
    error_bound: float = 0.0
    limited: bool = False

    @property
    def ok(self) -> bool:
        """False only when there is evidence of a wrong gradient."""
        return self.status != "wrong"

    @property
    def shown_error(self) -> str:
        """The relative error as the table shows it.

        Below ``TOLERANCE`` its digits are round-off, which differs between
        CPUs (numpy's SIMD kernels, BLAS): the table shows "< 1e-06" instead.
        Where round-off limits the check it shows the bound the check admits,
        rounded up; a wrong gradient shows its error.
        """
        if self.status == "wrong":
            return f"{self.relative_error:.1e}"
        if self.limited:
            return (
                "–" if not np.isfinite(self.error_bound) else f"≤ {_round_up(self.error_bound):.0e}"
            )
        if self.relative_error < TOLERANCE:
            return f"< {TOLERANCE:.0e}"
        return f"{self.relative_error:.1e}"

    @property
    def check(self) -> str:
        """The table's check column: ✓, ✓ round-off, ✓ kink: …, or ✗ WRONG."""
        if self.status == "wrong":
            return "✗ WRONG: accumulates" if self.accumulates else "✗ WRONG"
        if self.status == "kink":
            entries = "entry" if self.kinks == 1 else "entries"
            return f"✓ kink: {self.kinks} {entries} not checked"
        if self.status == "round-off":
            return "✓ round-off"
        return "✓"


@dataclass(frozen=True)
class GradientReport:
    """Per-parameter comparison of backprop with finite differences; prints as a table.

    resolution: how finely finite differences resolve one gradient entry here,
    ``ROUNDOFF``·ε·|L|/h.
    """

    rows: tuple[GradientRow, ...]
    resolution: float = 0.0

    @property
    def passed(self) -> bool:
        """True when no parameter's gradient is wrong (kink entries are not checked)."""
        return all(row.ok for row in self.rows)

    @property
    def kinks(self) -> int:
        """How many entries, over all parameters, sit at a kink and were not checked."""
        return sum(row.kinks for row in self.rows)

    def _notes(self) -> list[str]:
        if self.passed:
            verdict = "all gradients agree" if self.kinks == 0 else "all checked gradients agree"
        else:
            verdict = "some gradients disagree"
        limited = any(row.limited for row in self.rows)
        if limited:
            verdict += (
                f" (relative error < {TOLERANCE:g}, or within round-off where the gradient is "
                "tiny, counts as agreement)"
            )
        else:
            verdict += f" (relative error < {TOLERANCE:g} counts as agreement)"
        notes = [verdict]
        if limited:
            notes.append(f"{ROUNDOFF_NOTE} (about {self.resolution:.0e} per entry here)")
        if self.kinks:
            notes.append(KINK_NOTE)
        if any(row.accumulates for row in self.rows):
            notes.append(ACCUMULATES_NOTE)
        return notes

    def __repr__(self) -> str:
        header = (
            f"{'parameter':<10} {'shape':<12} {'max |dL/dθ|':>12} {'relative error':>15}  check"
        )
        lines = [header, "-" * len(header)]
        for r in self.rows:
            lines.append(
                f"{r.name:<10} {str(r.shape):<12} {r.max_abs_gradient:>12.3e} "
                f"{r.shown_error:>15}  {r.check}"
            )
        return "\n".join(lines + self._notes())

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td><code>{html.escape(r.name)}</code></td><td>{r.shape}</td>"
            f"<td>{r.max_abs_gradient:.3e}</td><td>{html.escape(r.shown_error)}</td>"
            f"<td>{html.escape(r.check.replace('WRONG', 'wrong'))}</td></tr>"
            for r in self.rows
        )
        notes = "".join(
            f"<p>{html.escape(note[0].upper() + note[1:])}.</p>" for note in self._notes()
        )
        return (
            "<table><thead><tr><th>parameter</th><th>shape</th><th>max |dL/dθ|</th>"
            f"<th>relative error</th><th>check</th></tr></thead><tbody>{cells}</tbody></table>"
            f"{notes}"
        )


def gradient_report(model, X: ArrayLike, y: ArrayLike, eps: float = 1e-6) -> GradientReport:
    """Check every parameter of ``model`` against finite differences, as a table.

    model: anything that follows the model protocol of ``course_lib.models``
    (``loss(X, y)``, ``backward()``, ``parameters()``, ``gradients()``,
    ``parameter_names()``): an ``MLP``, a ``Neuron``, a ``ThreeNeuronNet``.
    Runs loss and backward twice, as training does, and checks the second
    gradients: a backward pass that adds to the stored gradients (``+=``)
    instead of overwriting them is caught even on a fresh model. An entry
    agrees when |analytic − numeric| ≤ ``ROUNDOFF``·ε·|L|/h + ``TOLERANCE``·‖grad‖;
    entries at a kink are reported, not checked (see the module docstring).
    Costs two loss evaluations per parameter entry: use a small model and batch.
    """
    check_model(model)

    def loss(_: object) -> float:  # the nudged array is read by the model itself
        return model.loss(X, y)

    eps = check_positive_float(eps, "eps")
    loss(None)
    model.backward()
    first = [g.copy() for g in model.gradients()]
    base = _scalar(loss(None))
    model.backward()  # a second step's gradients: they must equal the first
    analytic = [g.copy() for g in model.gradients()]
    names = model.parameter_names()
    nudged = [_nudged_values(loss, param, eps)[:2] for param in model.parameters()]
    largest = max([abs(base)] + [float(np.max(np.abs(f))) for pair in nudged for f in pair])
    resolution = ROUNDOFF * np.finfo(float).eps * largest / eps
    rows = tuple(
        _compare(name, grad, grad_before, f_plus, f_minus, base, eps, resolution)
        for name, grad, grad_before, (f_plus, f_minus) in zip(
            names, analytic, first, nudged, strict=True
        )
    )
    loss(None)  # leave the model's caches as they were after one loss(X, y)
    return GradientReport(rows, resolution)


def _compare(
    name: str,
    grad: np.ndarray,
    grad_before: np.ndarray,
    f_plus: np.ndarray,
    f_minus: np.ndarray,
    base: float,
    eps: float,
    resolution: float,
) -> GradientRow:
    """One parameter's row: agree, round-off, kink or wrong (see the module docstring)."""
    numeric = (f_plus - f_minus) / (2.0 * eps)
    # Central differences: round-off ε|L|/h; truncation, of order h², well inside
    # TOLERANCE·‖grad‖. The analytic norm, not the noisy numeric one, sets the scale.
    scale = np.linalg.norm(grad)
    tolerance = resolution + TOLERANCE * scale
    disagree = np.abs(grad - numeric) > tolerance
    # One-sided differences carry twice the round-off. At a kink they differ by the
    # jump in slope, and a correct analytic gradient is one of them (or between).
    forward, backward = (f_plus - base) / eps, (base - f_minus) / eps
    one_sided = 2.0 * resolution + TOLERANCE * scale
    low, high = np.minimum(forward, backward), np.maximum(forward, backward)
    kink = (
        disagree
        & (high - low > 2.0 * one_sided)
        & (grad >= low - one_sided)
        & (grad <= high + one_sided)
    )
    checked = ~kink
    error = relative_error(grad[checked], numeric[checked]) if checked.any() else 0.0
    accumulates = relative_error(grad, grad_before) > TOLERANCE
    root_k, norm = np.sqrt(checked.sum()), np.linalg.norm(grad[checked])
    limited = bool(root_k * resolution >= TOLERANCE * norm)  # deterministic: no noisy input
    bound = float(root_k * tolerance / norm) if norm > 0 else np.inf
    if accumulates or (disagree & checked).any():
        status = "wrong"
    elif kink.any():
        status = "kink"
    elif limited:
        status = "round-off"
    else:
        status = "agree"
    max_abs = float(np.max(np.abs(grad))) if grad.size else 0.0
    return GradientRow(
        name, grad.shape, max_abs, error, status, int(kink.sum()), accumulates, bound, limited
    )


def _round_up(x: float) -> float:
    """x rounded up to one significant digit, so that a printed bound stays a bound."""
    if not np.isfinite(x) or x <= 0:
        return x
    unit = 10.0 ** np.floor(np.log10(x))
    return float(np.ceil(x / unit * (1 - 1e-12)) * unit)


def _nudged_values(
    f: Callable[[np.ndarray], float], x: ArrayLike, eps: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """f(x + eps e_i) and f(x − eps e_i) for every entry i, as arrays of x's shape.

    A float64 numpy array is nudged in place and restored (see
    ``numerical_gradient``); anything else is copied first.
    """
    eps = check_positive_float(eps, "eps")
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        x = as_float_array(x, "x").copy()
    else:
        as_float_array(x, "x")  # validates: finite and non-empty
        if not x.flags.writeable:
            raise ValueError(
                "x is read-only, but it is nudged in place; pass a writable array (x.copy())"
            )
    f_plus, f_minus = np.empty_like(x), np.empty_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        try:
            x[i] = original + eps
            f_plus[i] = _scalar(f(x))
            x[i] = original - eps
            f_minus[i] = _scalar(f(x))
        finally:
            x[i] = original
    return f_plus, f_minus, eps


def _scalar(value: object) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"f(x) must return a finite number; got {value!r}")
    return float(value)
