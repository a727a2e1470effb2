"""Checkers for the chapter "Batch, mini-batch, stochastic", with their catalogues of mistakes."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not train.fit's History.updates_per_epoch);
# tests/test_checkers_independent.py tests they agree.
def _updates_per_epoch(n, batch_size):
    return 1 if batch_size is None else math.ceil(n / batch_size)


UPDATES_PER_EPOCH_MISTAKES = [
    Mistake(
        "last batch dropped",
        "n // batch_size rounds down and forgets the last, smaller batch; every sample is "
        "used once per epoch, so round up: math.ceil(n / batch_size).",
        lambda n, batch_size: 1 if batch_size is None else n // batch_size,
    ),
    Mistake(
        "batch size and count swapped",
        "the number of updates is how many batches fit in the data, n / batch_size rounded "
        "up, not the batch size itself.",
        lambda n, batch_size: 1 if batch_size is None else batch_size,
    ),
    Mistake(
        "full batch counted as n updates",
        "batch_size=None means the whole data set in one batch: one update per epoch.",
        lambda n, batch_size: n if batch_size is None else math.ceil(n / batch_size),
    ),
]


@checker(
    reference=_updates_per_epoch,
    cases=[
        {"n": 300, "batch_size": 32},
        {"n": 300, "batch_size": 1},
        {"n": 300, "batch_size": None},
        {"n": 64, "batch_size": 64},
        {"n": 10, "batch_size": 4},
    ],
    mistakes=UPDATES_PER_EPOCH_MISTAKES,
)
def check_updates_per_epoch(fn: Callable) -> Feedback:
    """Check ``fn(n, batch_size)`` → the parameter updates in one epoch (None: full batch)."""


def _epoch_loss(batch_losses, batch_sizes):
    return float(np.sum(np.asarray(batch_losses) * np.asarray(batch_sizes)) / np.sum(batch_sizes))


EPOCH_LOSS_MISTAKES = [
    Mistake(
        "unweighted mean",
        "each batch's loss is a mean over its own samples, so a small last batch would "
        "count as much as a full one; weight each by its size, Σ size·loss / Σ size.",
        lambda batch_losses, batch_sizes: float(np.mean(batch_losses)),
    ),
    Mistake(
        "sum instead of mean",
        "divide the weighted sum by the number of samples, Σ size.",
        lambda batch_losses, batch_sizes: float(
            np.sum(np.asarray(batch_losses) * np.asarray(batch_sizes))
        ),
    ),
    Mistake(
        "divided by the number of batches",
        "the weighted sum Σ size·loss is over samples: divide by Σ size, the number of samples.",
        lambda batch_losses, batch_sizes: float(
            np.sum(np.asarray(batch_losses) * np.asarray(batch_sizes)) / len(batch_sizes)
        ),
    ),
]


@checker(
    reference=_epoch_loss,
    cases=[
        {"batch_losses": np.array([0.5, 0.3, 0.9]), "batch_sizes": np.array([4, 4, 2])},
        {"batch_losses": np.array([1.2]), "batch_sizes": np.array([10])},
        {"batch_losses": np.array([0.2, 0.4, 0.6, 0.1]), "batch_sizes": np.array([32, 32, 32, 4])},
    ],
    mistakes=EPOCH_LOSS_MISTAKES,
)
def check_epoch_loss(fn: Callable) -> Feedback:
    """Check ``fn(batch_losses, batch_sizes)`` → the epoch's mean loss over all its samples."""


# Independent on purpose (own formula, not models.LinearRegression.backward (b = 0));
# tests/test_checkers_independent.py tests they agree.
def _linear_gradient(X, y, w):
    """dL/dw of the mean squared error of ŷ = X w on this batch: 2 Xᵀ(X w − y) / len(y)."""
    return 2.0 * X.T @ (X @ w - y) / len(y)


def _minibatch_epoch(X, y, w, lr, batch_size, order):
    w = np.array(w, dtype=float)
    for first in range(0, len(y), batch_size):
        rows = order[first : first + batch_size]
        w = w - lr * _linear_gradient(X[rows], y[rows], w)
    return w


MINIBATCH_EPOCH_MISTAKES = [
    Mistake(
        "full-data gradient",
        "each update must use only its batch's rows, X[rows] and y[rows]; the gradient of "
        "all the data makes every step a full-batch step.",
        lambda X, y, w, lr, batch_size, order: _full_steps(X, y, w, lr, batch_size),
    ),
    Mistake(
        "one update per epoch",
        "update the weights after every batch, not once at the end of the epoch.",
        lambda X, y, w, lr, batch_size, order: (
            np.asarray(w, float)
            - lr
            * np.mean(
                [
                    _linear_gradient(
                        X[order[f : f + batch_size]],
                        y[order[f : f + batch_size]],
                        np.asarray(w, float),
                    )
                    for f in range(0, len(y), batch_size)
                ],
                axis=0,
            )
        ),
    ),
    Mistake(
        "divided by n",
        "the batch loss is a mean over the batch: divide by the batch's own size, len(rows), "
        "not by the number of samples n.",
        lambda X, y, w, lr, batch_size, order: _minibatch_epoch_scaled(
            X, y, w, lr, batch_size, order
        ),
    ),
    Mistake(
        "last batch dropped",
        "range(0, n, batch_size) and order[first:first + batch_size] include the last, "
        "smaller batch; every sample is used once per epoch.",
        lambda X, y, w, lr, batch_size, order: _without_last_batch(X, y, w, lr, batch_size, order),
    ),
    Mistake(
        "order ignored",
        "take the rows in the shuffled order given, order[first:first + batch_size], not "
        "in their original order.",
        lambda X, y, w, lr, batch_size, order: _minibatch_epoch(
            X, y, w, lr, batch_size, np.arange(len(y))
        ),
    ),
]


def _without_last_batch(X, y, w, lr, batch_size, order):
    """One epoch over the full batches only: the rows order[:kept], with no batch left empty."""
    kept = order[: len(y) - len(y) % batch_size]
    return _minibatch_epoch(X[kept], y[kept], w, lr, batch_size, np.arange(len(kept)))


def _full_steps(X, y, w, lr, batch_size):
    w = np.array(w, dtype=float)
    for _ in range(math.ceil(len(y) / batch_size)):
        w = w - lr * _linear_gradient(X, y, w)
    return w


def _minibatch_epoch_scaled(X, y, w, lr, batch_size, order):
    w = np.array(w, dtype=float)
    for first in range(0, len(y), batch_size):
        rows = order[first : first + batch_size]
        w = w - lr * 2.0 * X[rows].T @ (X[rows] @ w - y[rows]) / len(y)
    return w


_rng = np.random.default_rng(11)
_X = _rng.normal(size=(10, 2))
_Y = _X @ np.array([1.5, -0.5]) + 0.1 * _rng.normal(size=10)


@checker(
    reference=_minibatch_epoch,
    cases=[
        {
            "X": _X,
            "y": _Y,
            "w": np.zeros(2),
            "lr": 0.1,
            "batch_size": 4,
            "order": np.array([3, 7, 0, 9, 1, 5, 2, 8, 6, 4]),
        },
        {
            "X": _X,
            "y": _Y,
            "w": np.array([1.0, 1.0]),
            "lr": 0.05,
            "batch_size": 10,
            "order": np.arange(10),
        },
        {
            "X": _X,
            "y": _Y,
            "w": np.zeros(2),
            "lr": 0.02,
            "batch_size": 1,
            "order": np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]),
        },
    ],
    mistakes=MINIBATCH_EPOCH_MISTAKES,
)
def check_minibatch_epoch(fn: Callable) -> Feedback:
    """Check ``fn(X, y, w, lr, batch_size, order)`` → w after one epoch of mini-batch descent.

    The model is ŷ = X w with the mean squared error; X: (n, d), y: (n,), w: (d,);
    ``order`` (n,) is the epoch's shuffled order of the rows, cut into batches of
    ``batch_size`` (the last may be smaller), one update per batch.
    """
