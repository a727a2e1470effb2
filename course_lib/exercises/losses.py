"""Checkers for the "Loss functions" chapter, with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import losses
from ..kernels import log_softmax as _log_softmax
from ..kernels import softmax as _softmax
from .core import Case, Feedback, Mistake, checker

_rng = np.random.default_rng(20261125)  # fixed: every learner gets the same cases
_A = _rng.normal(size=(3, 2))
_B = _rng.normal(size=(3, 2))
_P = _rng.uniform(0.05, 0.95, size=6)
_Y = (_rng.uniform(size=6) < 0.5).astype(float)
_LOGITS = _rng.normal(scale=2.0, size=(4, 3))
_LABELS = np.array([2, 0, 1, 1])
# Soft targets (label smoothing, averaged annotations): the formula holds for any y in [0, 1].
_Y_SOFT = np.array([1.0, 0.0, 0.5, 0.2, 0.9, 0.0])

_REGRESSION_CASES = [
    {"y_pred": np.array([2.5, 0.0, 2.1, 7.8]), "y_true": np.array([3.0, -0.5, 2.0, 7.8])},
    {"y_pred": np.array([1.0]), "y_true": np.array([4.0])},
    {"y_pred": np.array([[0.5], [1.5], [-1.0]]), "y_true": np.array([[1.0], [2.0], [0.5]])},
    {"y_pred": _A, "y_true": _B},
]


_BROADCAST = (
    "(n,) minus (n, 1) broadcasts into an (n, n) table of every prediction minus every "
    "target. Keep both arrays the same shape: do not flatten one of them (.ravel(), "
    ".squeeze(), .flatten()) while the other stays a column."
)


def _as_row(a: np.ndarray) -> np.ndarray | None:
    """A column (n, 1) flattened to (n,): half of the (n,) against (n, 1) mistake."""
    return a.reshape(-1) if a.ndim == 2 and a.shape[1] == 1 else None


MSE_MISTAKES = [
    Mistake(
        "broadcasting (n,) against (n, 1)",
        _BROADCAST,
        lambda p, t: np.mean((p - _as_row(t)) ** 2),
    ),
    Mistake(
        "missing 1/n",
        "you returned the sum of the squared errors; divide by the number of "
        "entries (np.mean does both at once).",
        lambda p, t: np.sum((p - t) ** 2),
    ),
    Mistake(
        "divided by the rows only",
        "you divided by len(y_pred), the number of rows; for a 2-D array, divide "
        "by the number of entries, y_pred.size (or use np.mean).",
        lambda p, t: np.sum((p - t) ** 2) / len(p),
    ),
    Mistake(
        "errors not squared",
        "you averaged the raw errors, so positive and negative ones cancel; "
        "square each error before averaging.",
        lambda p, t: np.mean(p - t),
    ),
    Mistake(
        "absolute instead of squared",
        "that is the mean absolute error; MSE squares each error instead.",
        lambda p, t: np.mean(np.abs(p - t)),
    ),
    Mistake(
        "squared the mean",
        "you squared the average error; square each error first, then average.",
        lambda p, t: np.mean(p - t) ** 2,
    ),
    Mistake(
        "square root taken",
        "that is the root mean squared error; MSE has no square root.",
        lambda p, t: np.sqrt(np.mean((p - t) ** 2)),
    ),
    Mistake(
        "no mean",
        "you returned one squared error per entry; the loss is one number, their mean.",
        lambda p, t: (p - t) ** 2,
    ),
]


MSE_GRAD_MISTAKES = [
    Mistake(  # the targets flattened: entry [i, j] is ŷ_i − y_j
        "broadcasting (n,) against (n, 1)",
        _BROADCAST,
        lambda p, t: 2 * (p - _as_row(t)) / p.size,
    ),
    Mistake(  # the predictions flattened: entry [i, j] is ŷ_j − y_i
        "broadcasting (n,) against (n, 1)",
        _BROADCAST,
        lambda p, t: 2 * (_as_row(p) - t) / p.size,
    ),
    Mistake(
        "missing 2",
        "the derivative of (ŷ − y)² is 2 (ŷ − y): the power rule brings down a 2.",
        lambda p, t: (p - t) / p.size,
    ),
    Mistake(
        "missing 1/n",
        "the loss is a mean, so every entry's gradient carries its 1/N; divide by y_pred.size.",
        lambda p, t: 2 * (p - t),
    ),
    Mistake(
        "divided by the rows only",
        "for a 2-D array N is the number of entries, y_pred.size, not len(y_pred).",
        lambda p, t: 2 * (p - t) / len(p),
    ),
    Mistake(
        "returned the loss",
        "you returned the loss itself; the gradient has one entry per prediction.",
        lambda p, t: np.mean((p - t) ** 2),
    ),
    Mistake(
        "summed the gradient",
        "you summed the gradient into one number; keep one entry per prediction.",
        lambda p, t: np.sum(2 * (p - t) / p.size),
    ),
]


BINARY_CROSS_ENTROPY_MISTAKES = [
    Mistake(
        "no clipping",
        "at p = 0 or 1, log gives −inf (and numpy computes 0 · (−inf) = NaN). Clip p "
        "into [ε, 1 − ε] first, e.g. p = np.clip(p, 1e-12, 1 - 1e-12).",
        lambda p, y: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),
        when_nonfinite=True,
    ),
    Mistake(
        "missing minus sign",
        "log p is negative for p < 1, so the sum is negative; cross-entropy puts a "
        "minus in front to make the loss positive.",
        lambda p, y: np.mean(y * np.log(_clipped(p)) + (1 - y) * np.log(1 - _clipped(p))),
    ),
    Mistake(
        "missing 1/n",
        "you returned the sum over samples; take the mean.",
        lambda p, y: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)),
    ),
    Mistake(
        "only the y = 1 term",
        "samples with y = 0 contribute −log(1 − p); add the (1 − y) log(1 − p) term.",
        lambda p, y: -np.mean(y * np.log(p)),
    ),
    Mistake(
        "p and y swapped",
        "the logarithm belongs to the prediction p, not the target y: −[y log p + ...].",
        lambda p, y: -np.mean(p * np.log(y) + (1 - p) * np.log(1 - y)),
    ),
    Mistake(
        "log base 10",
        "cross-entropy uses the natural logarithm, np.log, not np.log10.",
        lambda p, y: -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)),
    ),
    *(
        Mistake(
            "formula for hard labels only",
            "choosing log p or log(1 − p) by the label (np.where, an if, or rounding y) is "
            "right only for labels 0 and 1. Cross-entropy holds for any target in [0, 1], "
            "such as the soft label 0.5: −[y log p + (1 − y) log(1 − p)] weighs both terms.",
            lambda p, y, picks_p=picks_p: _hard_label_loss(p, y, picks_p(y)),
        )
        for picks_p in (lambda y: y == 1, lambda y: y != 0, lambda y: y > 0.5, lambda y: y >= 0.5)
    ),
    Mistake(
        "formula for hard labels only",
        "−log(p y + (1 − p)(1 − y)) is the log-probability of the label only for labels 0 "
        "and 1. Cross-entropy holds for any target in [0, 1], such as the soft label 0.5: "
        "−[y log p + (1 − y) log(1 − p)] weighs both terms.",
        lambda p, y: -np.mean(np.log(p * y + (1 - p) * (1 - y))) if _soft(y) else None,
    ),
]


def _clipped(p: np.ndarray) -> np.ndarray:
    """p clipped into [ε, 1 − ε], as a learner who got the clipping right writes it."""
    return np.clip(p, 1e-12, 1 - 1e-12)


def _soft(y: np.ndarray) -> bool:
    """Are some targets strictly between 0 and 1?"""
    return bool(np.any((y != 0) & (y != 1)))


def _hard_label_loss(p: np.ndarray, y: np.ndarray, picks_p: np.ndarray) -> float | None:
    """−mean of log p where ``picks_p``, else log(1 − p): right only for labels 0 and 1."""
    if not _soft(y):
        return None
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(np.where(picks_p, np.log(p), np.log(1 - p))))


SOFTMAX_CROSS_ENTROPY_MISTAKES = [
    Mistake(
        "global maximum",
        "subtract each row's own maximum, logits.max(axis=1, keepdims=True), not the "
        "largest entry of the whole matrix: a row far below it underflows to 0 / 0.",
        lambda z, y: -np.mean(_log_softmax_shifted(z, z.max())[np.arange(len(y)), y]),
    ),
    Mistake(  # the same, through probabilities: e^(z − max) / Σ, then log; 0 / 0 in a low row
        "global maximum",
        "subtract each row's own maximum, logits.max(axis=1, keepdims=True), not the "
        "largest entry of the whole matrix: a row far below it underflows to 0 / 0.",
        lambda z, y: -np.mean(np.log(_softmax_shifted(z, z.max()))[np.arange(len(y)), y]),
    ),
    Mistake(
        "overflow",
        "e^1000 overflows to inf, and inf / inf is NaN. Subtract each row's maximum "
        "before exponentiating: softmax does not change, and no exponent is positive "
        "(the log-sum-exp trick).",
        lambda z, y: -np.mean(np.log(_softmax_shifted(z, 0.0))[np.arange(len(y)), y]),
    ),
    Mistake(
        "unshifted log-sum-exp",
        "log Σ e^z is the right formula, but e^1000 overflows to inf before the log can "
        "bring it back (and e^-2000 underflows to 0, whose log is −inf). Subtract each row's "
        "maximum m first: log Σ e^z = m + log Σ e^(z − m), with m = "
        "logits.max(axis=1, keepdims=True).",
        lambda z, y: (
            -np.mean((z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(len(y)), y])
        ),
    ),
    Mistake(
        "log of an underflowed probability",
        "softmax is computed safely, but a probability as small as e^-1000 rounds to 0 "
        "and log(0) = −inf. Compute the log-probabilities directly: log softmax(z) = "
        "(z − max) − log Σ e^(z − max).",
        lambda z, y: -np.mean(np.log(_softmax(z))[np.arange(len(y)), y]),
        when_nonfinite=True,
    ),
    Mistake(
        "wrong softmax axis",
        "you normalised over axis 0, across samples; each sample's probabilities "
        "(a row) must sum to 1: use axis=1 (or axis=-1) with keepdims=True.",
        lambda z, y: -np.mean(np.log(_softmax_axis0(z)[np.arange(len(y)), y])),
    ),
    Mistake(
        "missing keepdims",
        "z.max(axis=1) has shape (n,), and z − z.max(axis=1) lines it up with the "
        "columns, not the rows. Use keepdims=True so that it has shape (n, 1).",
        lambda z, y: (
            -np.mean(_log_softmax_without_keepdims(z)[np.arange(len(y)), y])
            if z.shape[0] == z.shape[1]
            else None
        ),
    ),
    Mistake(
        "whole columns picked",
        "log_probs[:, y] takes whole columns, an (n, n) table; log_probs[np.arange(n), y] "
        "takes entry y[i] of each row i.",
        lambda z, y: -np.mean(_log_softmax(z)[:, y]),
    ),
    Mistake(
        "missing 1/n",
        "you returned the sum over samples; take the mean.",
        lambda z, y: len(y) * losses.softmax_cross_entropy(z, y),
    ),
    Mistake(
        "missing minus sign",
        "log p is negative, so the loss needs a minus in front: −log p of the true class.",
        lambda z, y: -losses.softmax_cross_entropy(z, y),
    ),
    Mistake(
        "log base 10",
        "cross-entropy uses the natural logarithm, np.log, not np.log10.",
        lambda z, y: losses.softmax_cross_entropy(z, y) / np.log(10),
    ),
    Mistake(
        "no log",
        "you averaged the true class's probability; the loss is the mean of −log p.",
        lambda z, y: -np.mean(_softmax(z)[np.arange(len(y)), y]),
    ),
]


@checker(reference=losses.mse, cases=_REGRESSION_CASES, mistakes=MSE_MISTAKES)
def check_mse(fn: Callable) -> Feedback:
    """Check ``fn(y_pred, y_true)`` → the mean squared error (1/N) Σ (ŷ − y)²."""


@checker(reference=losses.mse_grad, cases=_REGRESSION_CASES, mistakes=MSE_GRAD_MISTAKES)
def check_mse_grad(fn: Callable) -> Feedback:
    """Check ``fn(y_pred, y_true)`` → dL/dŷ = 2 (ŷ − y) / N, an array shaped like y_pred."""


@checker(
    reference=losses.binary_cross_entropy,
    cases=[
        {"p": np.array([0.9, 0.2, 0.6, 0.4]), "y": np.array([1.0, 0.0, 1.0, 0.0])},
        {"p": _P, "y": _Y_SOFT},
        {"p": np.array([0.5]), "y": np.array([1.0])},
        # Confidently right: any small clipping margin ε costs about ε here.
        Case(
            {"p": np.array([1.0, 0.0, 0.7]), "y": np.array([1.0, 0.0, 1.0])}, rtol=1e-4, atol=1e-6
        ),
        # Confidently wrong: finite and large; −log ε depends on the ε chosen (27.6 for 1e-12).
        Case({"p": np.array([0.0, 1.0]), "y": np.array([1.0, 0.0])}, rtol=0.7),
    ],
    mistakes=BINARY_CROSS_ENTROPY_MISTAKES,
)
def check_binary_cross_entropy(fn: Callable) -> Feedback:
    """Check ``fn(p, y)`` → −(1/N) Σ [y log p + (1 − y) log(1 − p)], finite at p = 0 or 1.

    y may be a soft target in [0, 1] (check 2 has 0.5 and 0.2), where the formula still holds.
    """


@checker(
    reference=losses.softmax_cross_entropy,
    cases=[
        {"logits": np.array([[2.0, 1.0, 0.1]]), "y": np.array([0])},
        {"logits": _LOGITS, "y": _LABELS},
        {"logits": np.array([[1000.0, 0.0, -1000.0], [3.0, 1000.0, 0.0]]), "y": np.array([0, 2])},
        {  # rows on very different scales
            "logits": np.array([[0.0, 0.0, 1.0], [-2000.0, -2001.0, -2002.0]]),
            "y": np.array([2, 1]),
        },
        {  # as many rows as classes: shape mistakes no longer raise
            "logits": np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 2.0], [3.0, 1.0, 0.5]]),
            "y": np.array([2, 0, 1]),
        },
    ],
    mistakes=SOFTMAX_CROSS_ENTROPY_MISTAKES,
)
def check_softmax_cross_entropy(fn: Callable) -> Feedback:
    """Check ``fn(logits, y)`` → mean cross-entropy of softmax(logits) against integer labels y."""


def _log_softmax_without_keepdims(z: np.ndarray) -> np.ndarray:
    """Log-sum-exp with the row statistics of shape (n,), lined up with the columns."""
    shifted = z - z.max(axis=1)
    return shifted - np.log(np.exp(shifted).sum(axis=1))


def _log_softmax_shifted(z: np.ndarray, shift) -> np.ndarray:
    """Log-sum-exp with one shift for the whole matrix: right only for a per-row shift."""
    shifted = z - shift
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _softmax_shifted(z: np.ndarray, shift) -> np.ndarray:
    """Softmax computed as e^(z − shift) / Σ e^(z − shift): right only for a per-row shift."""
    e = np.exp(z - shift)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_axis0(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
