"""Data sets: the seeds' toy data and small, seeded generated sets.

Every generator takes an explicit ``seed`` (int or numpy.random.Generator),
so the same call always returns the same data.
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

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

MAX_BYTES = 2**30
"""The most a generated data set may take: 1 GiB of float64; more fails before allocating."""


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
    _check_size(2 * n, "n", f"{n:,} points")
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
    _check_size(
        n_samples * (n_features + 1) + n_features,
        "n_samples" if n_samples >= n_features else "n_features",
        f"{n_samples:,} samples of {n_features:,} features",
    )
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
            "centers must be at least two (x1, x2) pairs, shape (n_classes, 2); "
            f"got {centers_array.shape}"
        )
    spread = check_positive_float(spread, "spread")
    n_classes = len(centers_array)
    _check_size(
        3 * n_per_class * n_classes,
        "n_per_class",
        f"{n_per_class:,} points in each of {n_classes} classes",
    )
    rng = as_generator(seed)
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
    _check_size(
        3 * n_per_class * n_classes,
        "n_per_class" if n_per_class >= n_classes else "n_classes",
        f"{n_per_class:,} points in each of {n_classes:,} classes",
    )
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


def load_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The handwritten digits that scikit-learn ships (no download): 1797 images of 8×8 pixels.

    Returns X: (1797, 64) pixel intensities 0..16, one flattened image per row;
    y: (1797,) integer labels 0..9; images: (1797, 8, 8), the same pixels as
    pictures. The arrays are exactly ``sklearn.datasets.load_digits()``'s, read
    from the CSV file inside the installed scikit-learn without importing it
    (importing scikit-learn takes seconds).
    """
    with gzip.open(_digits_csv(), "rt", encoding="utf-8") as file:
        table = np.loadtxt(file, delimiter=",")  # 65 columns: 64 pixels, then the label
    X = np.ascontiguousarray(table[:, :-1])
    return X, table[:, -1].astype(int), X.reshape(-1, 8, 8).copy()


def _digits_csv() -> Path:
    """Where the installed scikit-learn keeps digits.csv.gz (find_spec: without importing it)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "load_digits reads the digits that scikit-learn ships, "
            "and scikit-learn is not installed; "
            "install it with: pip install scikit-learn"
        )
    path = Path(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz")
    if not path.is_file():
        raise FileNotFoundError(
            f"load_digits expected scikit-learn's digits at {path}; the file is missing"
        )
    return path


def split(
    X: np.ndarray,
    y: np.ndarray,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int | np.random.Generator = 0,
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Shuffle (X, y) with ``seed`` and cut it into training, validation and test sets.

    X: (n, d); y: (n,); fractions: the three shares, summing to 1. Returns
    ((X_train, y_train), (X_val, y_val), (X_test, y_test)).
    """
    X = as_float_array(X, "X", ndim=2, expected="(n_samples, n_features)")
    as_float_array(y, "y", ndim=1, expected=f"({len(X)},)")  # finite numbers; keeps y's own dtype
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), one label per row of X; got {y.shape}")
    shares = as_float_array(fractions, "fractions", ndim=1, expected="(3,)")
    if shares.shape != (3,) or shares.min() <= 0 or abs(shares.sum() - 1.0) > 1e-9:
        raise ValueError(f"fractions must be three positive shares summing to 1; got {fractions}")
    order = as_generator(seed).permutation(len(X))
    cuts = np.round(np.cumsum(shares)[:2] * len(X)).astype(int)
    parts = np.split(order, cuts)
    if min(len(p) for p in parts) == 0:
        raise ValueError(f"fractions {fractions} leave a set empty with only {len(X)} samples")
    return tuple((X[p], y[p]) for p in parts)


def standardize(X_train: np.ndarray, *others: np.ndarray) -> tuple[np.ndarray, ...]:
    """Scale every feature to mean 0 and standard deviation 1, using the training set's statistics.

    X_train: (n, d); others: more arrays with d columns (validation, test),
    transformed with the *training* mean and spread, so nothing about them
    leaks into training. A feature constant in training (the digits' blank
    corner pixels) has spread 0: dividing by it would give inf and NaN, so it
    is only centred, on its exact value (tested as "every value equal", since
    ``std`` of a constant column such as 0.1 can round to 1e-17 instead of 0).
    Returns the transformed X_train followed by the others.
    """
    X_train = as_float_array(X_train, "X_train", ndim=2, expected="(n_samples, n_features)")
    constant = np.all(X_train == X_train[0], axis=0)
    mean = np.where(constant, X_train[0], X_train.mean(axis=0))
    spread = np.where(constant, 1.0, X_train.std(axis=0))
    result = [(X_train - mean) / spread]
    for k, X in enumerate(others):
        X = as_float_array(X, f"others[{k}]", ndim=2, expected=f"(n, {X_train.shape[1]})")
        if X.shape[1] != X_train.shape[1]:
            raise ValueError(
                f"others[{k}] must have {X_train.shape[1]} columns like X_train; "
                f"got shape {X.shape}"
            )
        result.append((X - mean) / spread)
    return tuple(result)


def _check_size(n_numbers: int, name: str, what: str) -> None:
    """Raise before allocating a data set above ``MAX_BYTES`` (``n_numbers`` float64 values)."""
    needed = 8 * n_numbers
    if needed > MAX_BYTES:
        raise ValueError(
            f"{name} asks for {what}: {n_numbers:,} numbers, {needed / 2**30:.1f} GiB, "
            "more than the "
            f"{MAX_BYTES / 2**30:g} GiB a generated data set may take; ask for fewer"
        )
