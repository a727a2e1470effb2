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


# Independent on purpose (own formula, not train.fit's weight decay);
# tests/test_checkers_independent.py tests they agree.
def _weight_decay_step(W, b, dW, db, lr, weight_decay):
    # The gradient of L + (α/2)‖W‖² is ∇L + αW; the bias is not decayed.
    return (1.0 - lr * weight_decay) * W - lr * dW, b - lr * db


def _decay_then(factor):
    """A step whose weight update uses the decay factor ``factor(lr, weight_decay)``."""

    def step(W, b, dW, db, lr, weight_decay):
        return factor(lr, weight_decay) * W - lr * dW, b - lr * db

    return step


WEIGHT_DECAY_MISTAKES = [
    Mistake(
        "bias decayed",
        "weight decay shrinks the weights W only: the penalty (α/2)‖W‖² does not contain b, "
        "so the bias takes the plain step b − η db.",
        lambda W, b, dW, db, lr, weight_decay: (
            (1 - lr * weight_decay) * W - lr * dW,
            (1 - lr * weight_decay) * b - lr * db,
        ),
    ),
    Mistake(
        "wrong sign of the decay",
        "the penalty's gradient αW is added to ∇L and the sum is subtracted: "
        "W − η(∇L + αW) = (1 − ηα)W − η∇L. The weights shrink, they do not grow by 1 + ηα.",
        _decay_then(lambda lr, weight_decay: 1 + lr * weight_decay),
    ),
    Mistake(
        "η missing from the decay factor",
        "the learning rate multiplies the whole gradient ∇L + αW, so the factor is 1 − ηα, "
        "not 1 − α.",
        _decay_then(lambda lr, weight_decay: 1 - weight_decay),
    ),
    Mistake(
        "half the decay",
        "the derivative of (α/2)‖W‖² = (α/2) Σ w² is αW: the 2 of the square cancels the "
        "1/2. The factor is 1 − ηα, not 1 − ηα/2.",
        _decay_then(lambda lr, weight_decay: 1 - lr * weight_decay / 2),
    ),
    Mistake(
        "decayed after the step",
        "(1 − ηα)(W − η dW) also shrinks this step's gradient. The rule is "
        "W − η(dW + αW) = (1 − ηα)W − η dW: decay the old weights, then subtract η dW.",
        lambda W, b, dW, db, lr, weight_decay: (
            (1 - lr * weight_decay) * (W - lr * dW),
            b - lr * db,
        ),
    ),
    Mistake(
        "gradient step missing",
        "weight decay comes in addition to the gradient step: W ← (1 − ηα)W − η dW.",
        lambda W, b, dW, db, lr, weight_decay: ((1 - lr * weight_decay) * W, b - lr * db),
    ),
]


@checker(
    reference=_weight_decay_step,
    cases=[
        {
            "W": np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]),
            "b": np.array([0.5, -1.5]),
            "dW": np.array([[0.2, 0.4, -0.6], [-1.0, 0.3, 0.1]]),
            "db": np.array([0.25, -0.5]),
            "lr": 0.1,
            "weight_decay": 0.5,
        },
        {
            "W": np.array([[4.0, -3.0]]),
            "b": np.array([2.0]),
            "dW": np.array([[1.0, 1.0]]),
            "db": np.array([-1.0]),
            "lr": 0.5,
            "weight_decay": 0.2,
        },
        {  # α = 0: plain gradient descent
            "W": np.array([[0.3], [-0.7]]),
            "b": np.array([1.0, 1.0]),
            "dW": np.array([[2.0], [-2.0]]),
            "db": np.array([0.5, 0.5]),
            "lr": 0.05,
            "weight_decay": 0.0,
        },
    ],
    mistakes=WEIGHT_DECAY_MISTAKES,
)
def check_weight_decay_step(fn: Callable) -> Feedback:
    """Check ``fn(W, b, dW, db, lr, weight_decay)`` → (W, b) after one SGD step with weight decay.

    W ← (1 − ηα) W − η dW (the gradient of L + (α/2)‖W‖²); b ← b − η db (not decayed).
    """


# Independent on purpose (own loop, not History.best_epoch);
# tests/test_checkers_independent.py tests they agree.
def _stopping_epoch(train_loss, val_loss):
    best = 0
    for epoch, loss in enumerate(val_loss):
        if loss < val_loss[best]:
            best = epoch
    return best + 1  # epochs count from 1


def _before_first_rise(val_loss):
    """The epoch before the validation loss first goes up (the last epoch if it never does)."""
    for epoch in range(1, len(val_loss)):
        if val_loss[epoch] > val_loss[epoch - 1]:
            return epoch  # the 1-based number of the epoch before the rise
    return len(val_loss)


STOPPING_EPOCH_MISTAKES = [
    Mistake(
        "chosen on the training loss",
        "the training loss keeps falling while the network memorises its training images, so "
        "its lowest value is near the last epoch. Choose where the validation loss is lowest.",
        lambda train_loss, val_loss: int(np.argmin(train_loss)) + 1,
    ),
    Mistake(
        "counted from 0",
        "np.argmin gives a position counted from 0; epochs are counted from 1, so add 1.",
        lambda train_loss, val_loss: int(np.argmin(val_loss)),
    ),
    Mistake(
        "highest validation loss",
        "keep the epoch with the lowest validation loss (np.argmin), not the highest.",
        lambda train_loss, val_loss: int(np.argmax(val_loss)) + 1,
    ),
    Mistake(
        "stopped at the first rise",
        "one epoch of rising validation loss is often noise (here it falls lower again "
        "later): look at the whole curve and take its lowest point, as early stopping with "
        "patience does.",
        lambda train_loss, val_loss: _before_first_rise(val_loss),
    ),
    Mistake(
        "last epoch",
        "training to the end keeps the last parameters; early stopping keeps those of the "
        "epoch with the lowest validation loss.",
        lambda train_loss, val_loss: len(val_loss),
    ),
]


@checker(
    reference=_stopping_epoch,
    cases=[
        {
            "train_loss": np.array([1.2, 0.6, 0.35, 0.2, 0.12, 0.07, 0.04]),
            "val_loss": np.array([1.3, 0.8, 0.55, 0.5, 0.52, 0.56, 0.61]),
        },
        {  # a bump at epoch 3, then a lower minimum at epoch 6
            "train_loss": np.array([2.0, 1.0, 0.7, 0.5, 0.3, 0.2, 0.1, 0.05]),
            "val_loss": np.array([2.1, 1.2, 1.25, 0.9, 0.8, 0.75, 0.8, 0.9]),
        },
        {
            # mini-batch training: the training loss need not be lowest at the last epoch
            "train_loss": np.array([0.9, 0.5, 0.3, 0.2, 0.25]),
            "val_loss": np.array([0.8, 0.6, 0.7, 0.8, 0.9]),
        },
    ],
    mistakes=STOPPING_EPOCH_MISTAKES,
)
def check_stopping_epoch(fn: Callable) -> Feedback:
    """Check ``fn(train_loss, val_loss)`` → the epoch (from 1) whose validation loss is lowest.

    The losses are per epoch, epoch 1 first; early stopping keeps that epoch's parameters.
    """
