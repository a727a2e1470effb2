"""Data sets: the seeds' toy data and small, seeded generated sets.

Every generator takes an explicit ``seed`` (int or numpy.random.Generator),
so the same call always returns the same data.
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_float_array,
    as_generator,
    check_finite_float,
    check_non_negative_float,
    check_positive_float,
    check_positive_int,
)

PASS_FAIL_FEATURES = ("study hours", "sleep hours")


def pass_fail() -> tuple[np.ndarray, np.ndarray]:
    """The seeds' pass/fail data: four students, [study hours, sleep hours] → pass (1) / fail (0).

    Returns X: (4, 2) floats and y: (4,) floats in {0, 1}, exactly as in the
    seed's numpy script (y is float because binary cross-entropy takes floats;
    use ``y.astype(int)`` for class labels).
    """
    X = np.array([[5, 7], [3, 4], [8, 6], [2, 3]], dtype=float)
    y = np.array([1, 0, 1, 0], dtype=float)
    return X, y


def noisy_line(
    n: int = 20,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.5,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D regression set: y = slope · x + intercept + Gaussian noise.

    x: (n,) evenly spaced on [0, 2]; y: (n,). ``noise`` is the noise's
    standard deviation (0 allowed for a perfect line).
    """
    n = check_positive_int(n, "n")
    slope = check_finite_float(slope, "slope")
    intercept = check_finite_float(intercept, "intercept")
    noise = check_non_negative_float(noise, "noise")
    rng = as_generator(seed)
    x = np.linspace(0.0, 2.0, n)
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return x, y


def make_regression(
    n_samples: int = 200,
    n_features: int = 2,
    noise: float = 0.5,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A linear "teacher" data set: y = X w* + Gaussian noise, with no intercept.

    X: (n_samples, n_features) standard normal features; w*: (n_features,)
    drawn from N(0, 1/n_features), so X w* has variance about 1 whatever the
    number of features; y: (n_samples,). Returns X, y and w*.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    n_features = check_positive_int(n_features, "n_features")
    noise = check_non_negative_float(noise, "noise")
    rng = as_generator(seed)
    X = rng.standard_normal((n_samples, n_features))
    w_true = rng.standard_normal(n_features) / np.sqrt(n_features)
    y = X @ w_true + noise * rng.standard_normal(n_samples)
    return X, y, w_true


def make_blobs(
    n_per_class: int = 50,
    centers: tuple[tuple[float, float], ...] = ((-1.0, -1.0), (1.0, 1.0)),
    spread: float = 0.8,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clouds in 2-D, one per class: a set a straight line nearly separates.

    centers: one (x1, x2) centre per class; spread: each cloud's standard
    deviation. Returns X: (n_per_class · n_classes, 2) and integer labels y:
    (n_per_class · n_classes,) grouped by class (use ``y.astype(float)`` as
    0/1 targets for a ``Neuron`` when there are two classes).
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    centers_array = as_float_array(centers, "centers", ndim=2, expected="(n_classes, 2)")
    if centers_array.shape[1] != 2 or centers_array.shape[0] < 2:
        raise ValueError(
            f"centers must be at least two (x1, x2) pairs, shape (n_classes, 2); got {centers_array.shape}"
        )
    spread = check_positive_float(spread, "spread")
    rng = as_generator(seed)
    n_classes = len(centers_array)
    X = np.repeat(centers_array, n_per_class, axis=0) + spread * rng.standard_normal(
        (n_per_class * n_classes, 2)
    )
    return X, np.repeat(np.arange(n_classes), n_per_class)


def make_spirals(
    n_per_class: int = 100,
    n_classes: int = 3,
    noise: float = 0.2,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved 2-D spirals, one arm per class: a set no straight line separates.

    Returns X: (n_per_class · n_classes, 2) points within about [−1, 1]², and
    y: integer labels (n_per_class · n_classes,) in 0 .. n_classes−1, grouped
    by class. ``noise`` is the standard deviation of the angle jitter (radians).
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    n_classes = check_positive_int(n_classes, "n_classes")
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2; got {n_classes}")
    noise = check_non_negative_float(noise, "noise")
    rng = as_generator(seed)
    radius = np.linspace(0.05, 1.0, n_per_class)
    X = np.empty((n_per_class * n_classes, 2))
    y = np.repeat(np.arange(n_classes), n_per_class)
    for k in range(n_classes):
        start = 2.0 * np.pi * k / n_classes
        angle = start + 4.0 * radius + noise * rng.standard_normal(n_per_class)
        rows = slice(k * n_per_class, (k + 1) * n_per_class)
        X[rows, 0] = radius * np.cos(angle)
        X[rows, 1] = radius * np.sin(angle)
    return X, y
