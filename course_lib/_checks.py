"""Input validation shared by every public function of course_lib.

Every check raises ``ValueError`` (or ``TypeError`` for a wrong kind of
object) with a message that names the argument, says what it got and what
was expected. Public functions call these once at their boundary; the
arithmetic of ``course_lib.kernels`` they delegate to trusts its inputs, so hot
loops (training) pay for validation once, not on every step.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

_NUMERIC_KINDS = "iuf"  # signed int, unsigned int, float: booleans are not numbers here


def describe(x: np.ndarray) -> str:
    """Say what an array is, for error messages: '2-D array of shape (3, 4)'."""
    return f"{x.ndim}-D array of shape {x.shape}"


def as_float_array(
    x: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    expected: str | None = None,
) -> np.ndarray:
    """Convert ``x`` to a finite, non-empty float64 array, or raise.

    ``ndim`` restricts the number of dimensions; ``expected`` describes the
    wanted shape in the error message, e.g. ``"(n_samples, n_features)"``.
    """
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError) as exc:  # ragged nested lists
            raise ValueError(f"{name} must be a rectangular array of numbers; got {x!r}") from exc
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must hold real numbers; got an array of dtype {arr.dtype}")
    want = _shape_words(ndim, expected)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            raise ValueError(f"{name} must be {want}; got a {describe(arr)}")
    if arr.size == 0:
        raise ValueError(
            f"{name} is empty ({describe(arr)}); expected {want} with at least one entry"
        )
    arr = arr.astype(np.float64, copy=False)
    if not np.isfinite(arr).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        where = f" at index {bad}" if bad else ""
        raise ValueError(
            f"{name} contains NaN or inf (first{where}: {arr[bad]}); expected finite numbers"
        )
    return arr


def _shape_words(ndim: int | tuple[int, ...] | None, expected: str | None) -> str:
    if expected is not None:
        return f"an array of shape {expected}"
    if ndim is None:
        return "an array"
    if isinstance(ndim, int):
        return f"a {ndim}-D array"
    return " or ".join(f"a {d}-D array" for d in ndim)


def check_columns(x: np.ndarray, name: str, n_columns: int, expected: str) -> None:
    """Raise unless the last axis of ``x`` has ``n_columns`` entries."""
    if x.shape[-1] != n_columns:
        raise ValueError(
            f"{name} must have shape {expected} with {n_columns} columns; got a {describe(x)}"
        )


def check_shape(x: np.ndarray, name: str, shape: tuple[int, ...], meaning: str) -> None:
    """Raise unless ``x.shape == shape``; ``meaning`` says where that shape comes from."""
    if x.shape != shape:
        raise ValueError(f"{name} must have shape {shape} ({meaning}); got a {describe(x)}")


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise unless ``a`` and ``b`` have identical shapes (no broadcasting)."""
    if a.shape != b.shape:
        hint = ""
        if a.size == b.size:
            hint = " (same number of entries: reshape one of them, e.g. with .reshape(-1))"
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape; got {name_a} of shape {a.shape} "
            f"and {name_b} of shape {b.shape}{hint}"
        )


def as_float_pair(a: Any, b: Any, name_a: str, name_b: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert two arguments with ``as_float_array`` and check they have the same shape."""
    a, b = as_float_array(a, name_a), as_float_array(b, name_b)
    check_same_shape(a, b, name_a, name_b)
    return a, b


def check_memory(n_numbers: int, name: str, what: str, limit: int) -> None:
    """Raise before allocating when ``n_numbers`` float64 values would exceed ``limit`` bytes."""
    needed = 8 * n_numbers
    if needed > limit:
        raise ValueError(
            f"{name} asks for {what}: {n_numbers:,} numbers, {needed / 2**30:.1f} GiB, more than "
            f"the {limit / 2**30:g} GiB allowed; use smaller layers"
        )


def check_in_unit_interval(x: np.ndarray, name: str, *, hint: str = "") -> None:
    """Raise unless every entry of ``x`` lies in [0, 1]."""
    if x.min() < 0.0 or x.max() > 1.0:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; got values from {x.min():g} to "
            f"{x.max():g}{hint}"
        )


def check_distributions(p: np.ndarray, name: str, *, hint: str = "") -> None:
    """Raise unless every row of ``p`` is a probability distribution."""
    check_in_unit_interval(p, name, hint=hint)
    sums = p.sum(axis=-1)
    worst = int(np.argmax(np.abs(sums - 1.0)))
    if abs(sums[worst] - 1.0) > 1e-6:
        raise ValueError(
            f"each row of {name} must sum to 1; got row {worst} summing to {sums[worst]:.6g}{hint}"
        )


def as_targets(y: Any, name: str, n_samples: int, n_classes: int) -> np.ndarray:
    """Turn class labels into a (n_samples, n_classes) matrix of target distributions.

    ``y`` is either integer labels of shape (n_samples,) with values in
    0 .. n_classes-1, or one-hot / probability rows of shape
    (n_samples, n_classes). Returns float64 rows that each sum to 1.
    """
    arr = np.asarray(y)
    if arr.ndim == 1:
        labels = as_labels(arr, name, n_samples, n_classes)
        targets = np.zeros((n_samples, n_classes))
        targets[np.arange(n_samples), labels] = 1.0
        return targets
    if arr.ndim == 2:
        targets = as_float_array(arr, name, ndim=2)
        if targets.shape != (n_samples, n_classes):
            raise ValueError(
                f"{name} as one-hot rows must have shape ({n_samples}, {n_classes}) "
                f"(n_samples, n_classes); got a {describe(targets)}"
            )
        check_distributions(targets, name)
        return targets
    raise ValueError(
        f"{name} must be integer labels of shape ({n_samples},) or one-hot rows of shape "
        f"({n_samples}, {n_classes}); got a {describe(arr)}"
    )


def as_labels(y: Any, name: str, n_samples: int, n_classes: int) -> np.ndarray:
    """Validate integer class labels of shape (n_samples,), each in 0 .. n_classes-1."""
    arr = np.asarray(y)
    expected = f"({n_samples},)"
    if arr.ndim != 1 or arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} must be integer labels of shape {expected}; got a {describe(arr)}"
        )
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must hold integer class labels; got an array of dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all() or not np.array_equal(arr, np.round(arr)):
            bad = arr[~np.isfinite(arr) | (arr != np.round(arr))][0]
            raise ValueError(
                f"{name} must hold integer class labels; got the non-integer value {bad}"
            )
    if arr.min() < 0 or arr.max() >= n_classes:  # before the cast, so 1e300 cannot wrap around
        raise ValueError(
            f"{name} must hold labels in 0 .. {n_classes - 1} ({n_classes} classes); "
            f"got values from {arr.min():.15g} to {arr.max():.15g}"
        )
    return arr.astype(np.intp)


def check_positive_int(n: Any, name: str) -> int:
    """Return ``n`` as an int, or raise unless it is a whole number >= 1."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {n!r} of type {type(n).__name__}")
    if n < 1:
        raise ValueError(f"{name} must be a positive integer (>= 1); got {n}")
    return int(n)


def check_finite_float(x: Any, name: str) -> float:
    """Return ``x`` as a float, or raise unless it is a finite real number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a number; got {x!r} of type {type(x).__name__}")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    return value


def check_positive_float(x: Any, name: str) -> float:
    """Return ``x`` as a float, or raise unless it is a finite number > 0."""
    value = check_finite_float(x, name)
    if value <= 0.0:
        raise ValueError(f"{name} must be a finite number > 0; got {value}")
    return value


def check_non_negative_float(x: Any, name: str) -> float:
    """Return ``x`` as a float, or raise unless it is a finite number >= 0."""
    value = check_finite_float(x, name)
    if value < 0.0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value}")
    return value


def as_generator(seed: Any, name: str = "seed") -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from an int seed or an existing Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{name} must be an int or a numpy.random.Generator; got {seed!r} of type "
            f"{type(seed).__name__}"
        )
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative int; got {seed}")
    return np.random.default_rng(int(seed))


def scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(x) if x.ndim == 0 else x
