"""Checkers for the chapter "Handwritten digits"."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


def _confusion(y_true, y_pred, n_classes):
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


CONFUSION_MISTAKES = [
    Mistake(
        "rows and columns swapped",
        "the course's convention: row = true class, column = predicted class; count "
        "counts[true, predicted].",
        lambda y_true, y_pred, n_classes: _confusion(y_true, y_pred, n_classes).T,
    ),
    Mistake(
        "repeated pairs counted once",
        "counts[y_true, y_pred] += 1 with fancy indexing adds 1 only once per distinct pair; "
        "use np.add.at(counts, (y_true, y_pred), 1) or a loop.",
        lambda y_true, y_pred, n_classes: _counted_once(y_true, y_pred, n_classes),
    ),
    Mistake(
        "n_classes ignored",
        "the matrix has n_classes rows and columns even when a class never occurs in "
        "y_true or y_pred (here the last one): size it with n_classes, not with the largest "
        "label seen.",
        lambda y_true, y_pred, n_classes: _sized_by_the_labels(y_true, y_pred, n_classes),
    ),
]


def _sized_by_the_labels(y_true, y_pred, n_classes):
    """The confusion matrix of the classes seen, 0 … largest label, whatever n_classes says."""
    seen = int(max(np.max(y_true), np.max(y_pred))) + 1
    return _confusion(y_true, y_pred, seen) if seen != n_classes else None


def _counted_once(y_true, y_pred, n_classes):
    counts = np.zeros((n_classes, n_classes), dtype=int)
    counts[y_true, y_pred] += 1
    return counts


@checker(
    reference=_confusion,
    cases=[
        {"y_true": np.array([0, 1, 2, 2, 1]), "y_pred": np.array([0, 2, 2, 2, 1]), "n_classes": 3},
        {"y_true": np.array([0, 0, 1, 1, 1]), "y_pred": np.array([1, 1, 1, 0, 1]), "n_classes": 2},
        # Classes 1, 2 and 4 never occur, neither as truth nor as prediction.
        {"y_true": np.array([3, 0]), "y_pred": np.array([3, 3]), "n_classes": 5},
    ],
    mistakes=CONFUSION_MISTAKES,
)
def check_confusion_matrix(fn: Callable) -> Feedback:
    """Check ``fn(y_true, y_pred, n_classes)`` → counts (k, k): #(true i, predicted j) at [i, j].

    k = n_classes, even when a class never occurs (check 3).
    """


def _per_class_accuracy(counts):
    return np.diag(counts) / counts.sum(axis=1)


PER_CLASS_MISTAKES = [
    Mistake(
        "divided by the column sums",
        "each class's accuracy (its recall) divides the correct count by the number of "
        "samples that truly are that class, the row sum; the column sum gives precision.",
        lambda counts: np.diag(counts) / counts.sum(axis=0),
    ),
    Mistake(
        "overall accuracy",
        "return one accuracy per class, shape (k,): the diagonal divided by the row sums.",
        lambda counts: np.trace(counts) / counts.sum(),
    ),
    Mistake(
        "largest count instead of the diagonal",
        "a class's correct predictions are on the diagonal, counts[i, i] (np.diag); the "
        "largest count of row i is its most frequent prediction, which need not be the "
        "right class.",
        lambda counts: counts.max(axis=1) / counts.sum(axis=1),
    ),
    Mistake(
        "divided by the total",
        "divide each class's correct count by that class's own number of samples, its row sum.",
        lambda counts: np.diag(counts) / counts.sum(),
    ),
]


@checker(
    reference=_per_class_accuracy,
    cases=[
        {"counts": np.array([[5, 1, 0], [2, 6, 0], [0, 1, 9]])},
        {"counts": np.array([[3, 1], [0, 4]])},
        # Class 0 is mostly read as class 1: its row's largest count is off the diagonal.
        {"counts": np.array([[1, 4, 0], [0, 5, 1], [2, 0, 3]])},
    ],
    mistakes=PER_CLASS_MISTAKES,
)
def check_per_class_accuracy(fn: Callable) -> Feedback:
    """Check ``fn(counts)`` → per-class accuracy (k,) from a confusion matrix (rows: true class)."""


# Independent on purpose (own formula, not data.standardize);
# tests/test_checkers_independent.py tests they agree.
def _standardize_test(X_train, X_test):
    # A feature constant in training is only centred: course_lib.data.standardize's rule.
    spread = X_train.std(axis=0)
    return (X_test - X_train.mean(axis=0)) / np.where(spread == 0, 1.0, spread)


STANDARDIZE_MISTAKES = [
    Mistake(
        "divided by a zero spread",
        "a feature that never varies in the training set (column 2 here, like the digits' "
        "blank corner pixels) has standard deviation 0, and dividing by it gives inf or NaN. "
        "Divide by 1 there instead, np.where(spread == 0, 1.0, spread): such a feature is "
        "only centred.",
        lambda X_train, X_test: (X_test - X_train.mean(axis=0)) / X_train.std(axis=0),
        when_nonfinite=True,
    ),
    Mistake(
        "test statistics used",
        "use the training set's mean and spread: the test set must be transformed exactly "
        "like the training data, and must not influence anything the model uses.",
        lambda X_train, X_test: (X_test - X_test.mean(axis=0)) / X_test.std(axis=0),
    ),
    Mistake(
        "divided by the variance",
        "divide by the standard deviation, X_train.std(axis=0), not its square.",
        lambda X_train, X_test: (X_test - X_train.mean(axis=0)) / X_train.var(axis=0),
    ),
    Mistake(
        "not centred",
        "subtract the training mean before dividing by the spread.",
        lambda X_train, X_test: X_test / X_train.std(axis=0),
    ),
    Mistake(
        "statistics over the wrong axis",
        "each feature (column) gets its own mean and spread: axis=0.",
        lambda X_train, X_test: (X_test - X_train.mean()) / X_train.std(),
    ),
]

_rng = np.random.default_rng(4)
_TRAIN = _rng.normal(loc=[1.0, -3.0, 10.0], scale=[1.0, 0.5, 4.0], size=(8, 3))
_TEST = _rng.normal(loc=[1.5, -2.0, 8.0], scale=[2.0, 1.0, 1.0], size=(4, 3))
# The third column is 0 in every training row, as three digit pixels are in the chapter's split.
_TRAIN_BLANK = np.column_stack([_TRAIN[:, :2], np.zeros(8)])
_TEST_BLANK = np.column_stack([_TEST[:, :2], [0.0, 2.0, 0.0, 5.0]])


@checker(
    reference=_standardize_test,
    cases=[
        {"X_train": _TRAIN, "X_test": _TEST},
        {"X_train": _TEST, "X_test": _TRAIN},
        {"X_train": _TRAIN_BLANK, "X_test": _TEST_BLANK},
    ],
    mistakes=STANDARDIZE_MISTAKES,
)
def check_standardize_test(fn: Callable) -> Feedback:
    """Check ``fn(X_train, X_test)`` → X_test scaled with X_train's per-feature mean and std.

    A feature constant in training (std 0) is only centred, as in ``data.standardize``.
    """
