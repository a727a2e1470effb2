"""Checkers for the chapter "Vanishing and exploding gradients"."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..kernels import sigmoid as _sigmoid
from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not activations.sigmoid_grad);
# tests/test_checkers_independent.py tests they agree.
def _slope_product(weights, z):
    s = _sigmoid(z)
    return float(np.prod(weights * s * (1.0 - s)))


SLOPE_PRODUCT_MISTAKES = [
    Mistake(
        "weights left out",
        "each layer multiplies by its weight and by its activation's slope: w_l σ'(z_l).",
        lambda weights, z: float(np.prod(_sigmoid(z) * (1.0 - _sigmoid(z)))),
    ),
    Mistake(
        "slopes left out",
        "between the weights sit the activations: multiply by σ'(z_l) = σ(z_l)(1 − σ(z_l)) too.",
        lambda weights, z: float(np.prod(weights)),
    ),
    Mistake(
        "sigmoid instead of its slope",
        "the factor is the derivative σ'(z) = σ(z)(1 − σ(z)), not σ(z) itself.",
        lambda weights, z: float(np.prod(weights * _sigmoid(z))),
    ),
    Mistake(
        "sum instead of product",
        "the chain rule multiplies the factors of consecutive layers; it does not add them.",
        lambda weights, z: float(np.sum(weights * _sigmoid(z) * (1.0 - _sigmoid(z)))),
    ),
]


@checker(
    reference=_slope_product,
    cases=[
        {"weights": np.array([1.0, 1.0, 1.0]), "z": np.array([0.0, 0.0, 0.0])},
        {"weights": np.array([2.0, -1.5, 3.0, 0.5]), "z": np.array([0.5, -1.0, 2.0, 0.1])},
        {"weights": np.array([4.0]), "z": np.array([0.0])},
    ],
    mistakes=SLOPE_PRODUCT_MISTAKES,
)
def check_slope_product(fn: Callable) -> Feedback:
    """Check ``fn(weights, z)`` → ∏_l w_l σ'(z_l) for a chain of one-neuron sigmoid layers.

    weights, z: (L,), the weight and the pre-activation of each layer.
    """


# Independent on purpose (own formula, not the spread of layers.Dense(init="he" / "xavier"));
# tests/test_checkers_independent.py tests they agree.
def _init_std(n_in, n_out, activation):
    if activation == "relu":
        return math.sqrt(2.0 / n_in)
    return math.sqrt(2.0 / (n_in + n_out))


INIT_STD_MISTAKES = [
    Mistake(
        "variance instead of standard deviation",
        "He and Xavier give the weights' variance (2/n_in, 2/(n_in + n_out)); the standard "
        "deviation is its square root.",
        lambda n_in, n_out, activation: _init_std(n_in, n_out, activation) ** 2,
    ),
    Mistake(
        "rules swapped",
        "He's 2/n_in is for ReLU (it makes up for the half of the units that are off); "
        "Xavier's 2/(n_in + n_out) is for sigmoid and tanh.",
        lambda n_in, n_out, activation: _init_std(
            n_in, n_out, "sigmoid" if activation == "relu" else "relu"
        ),
    ),
    Mistake(
        "1/n_in for ReLU",
        "for ReLU the variance is 2/n_in: half the units output 0, which halves the signal "
        "each layer unless the weights make up for it.",
        lambda n_in, n_out, activation: (
            math.sqrt(1.0 / n_in) if activation == "relu" else _init_std(n_in, n_out, activation)
        ),
    ),
    Mistake(
        "outputs instead of inputs",
        "He scales by the number of inputs of each neuron, n_in (the terms summed into z).",
        lambda n_in, n_out, activation: (
            math.sqrt(2.0 / n_out) if activation == "relu" else _init_std(n_in, n_out, activation)
        ),
    ),
]


@checker(
    reference=_init_std,
    cases=[
        {"n_in": 64, "n_out": 32, "activation": "relu"},
        {"n_in": 64, "n_out": 32, "activation": "sigmoid"},
        {"n_in": 10, "n_out": 100, "activation": "relu"},
        {"n_in": 300, "n_out": 100, "activation": "tanh"},
    ],
    mistakes=INIT_STD_MISTAKES,
)
def check_init_std(fn: Callable) -> Feedback:
    """Check ``fn(n_in, n_out, activation)`` → the std of He ("relu") or Xavier (otherwise) init."""


def _layers_until(threshold):
    depth = 0  # counted, not rounded from a logarithm: exact at the powers of 1/4
    while 0.25**depth > threshold:
        depth += 1
    return depth


LAYERS_UNTIL_MISTAKES = [
    Mistake(
        "rounded down",
        "after the computed (fractional) number of layers the bound is not yet below the "
        "threshold: round up, math.ceil.",
        lambda threshold: math.floor(math.log(threshold) / math.log(0.25)),
    ),
    Mistake(
        "one layer too many at an exact power",
        "when the threshold is itself a power, (1/4)^D, then D layers already reach it: the "
        "condition is (1/4)^D ≤ threshold, equality included. floor(…) + 1, or a loop that "
        "stops only below the threshold (<), counts one layer more; use math.ceil.",
        lambda threshold: math.floor(math.log(threshold) / math.log(0.25)) + 1,
    ),
    Mistake(
        "slope of 1/2",
        "the sigmoid's slope is at most 1/4 (at z = 0), not 1/2.",
        lambda threshold: math.ceil(math.log(threshold) / math.log(0.5)),
    ),
    Mistake(
        "base-10 count",
        "solve 0.25^D ≤ threshold: D ≥ log(threshold) / log(0.25), "
        "with logarithms of the same base.",
        lambda threshold: math.ceil(-math.log10(threshold)),
    ),
]


@checker(
    reference=_layers_until,
    # 0.25 = (1/4)^1 exactly: one layer reaches it (a count of 2 is off by one).
    cases=[{"threshold": 1e-3}, {"threshold": 1e-6}, {"threshold": 0.01}, {"threshold": 0.25}],
    mistakes=LAYERS_UNTIL_MISTAKES,
)
def check_layers_until(fn: Callable) -> Feedback:
    """Check ``fn(threshold)`` → the fewest sigmoid layers D with 0.25^D ≤ threshold."""


# Independent on purpose (own formula, not optim.clip_grad_norm);
# tests/test_checkers_independent.py tests they agree.
def _clip_global(dW, db, max_norm):
    norm = math.sqrt(float(np.sum(np.square(dW)) + np.sum(np.square(db))))
    factor = max_norm / norm if norm > max_norm else 1.0
    return dW * factor, db * factor


def _global_norm(dW, db):
    return math.sqrt(float(np.sum(dW * dW) + np.sum(db * db)))


def _clipped_with_norm(dW, db, max_norm, norm):
    factor = max_norm / norm if norm > max_norm else 1.0
    return dW * factor, db * factor


def _each_clipped_alone(dW, db, max_norm):
    return tuple(
        g * (max_norm / np.linalg.norm(g) if np.linalg.norm(g) > max_norm else 1.0)
        for g in (dW, db)
    )


def _factor_upside_down(dW, db, max_norm):
    norm = _global_norm(dW, db)
    factor = norm / max_norm if norm > max_norm else 1.0
    return dW * factor, db * factor


CLIP_GLOBAL_MISTAKES = [
    Mistake(
        "each array clipped on its own",
        "clip by the global norm: one norm over dW and db together, √(‖dW‖² + ‖db‖²), and "
        "one factor for both. Clipping each array by its own norm changes the direction of "
        "the step (and lets the total exceed max_norm).",
        _each_clipped_alone,
    ),
    Mistake(
        "scaled when below the threshold",
        "only a gradient whose global norm exceeds max_norm is scaled down; a smaller one "
        "passes unchanged. Scaling it up to max_norm would make every step the same length.",
        lambda dW, db, max_norm: (
            dW * max_norm / _global_norm(dW, db),
            db * max_norm / _global_norm(dW, db),
        ),
    ),
    Mistake(
        "sum of the norms",
        "the global norm is √(‖dW‖² + ‖db‖²), the norm of all the entries as one long "
        "vector, not the sum of the arrays' norms ‖dW‖ + ‖db‖.",
        lambda dW, db, max_norm: _clipped_with_norm(
            dW, db, max_norm, float(np.linalg.norm(dW) + np.linalg.norm(db))
        ),
    ),
    Mistake(
        "squared norm",
        "take the square root: the norm is √(Σ g²), not Σ g².",
        lambda dW, db, max_norm: _clipped_with_norm(dW, db, max_norm, _global_norm(dW, db) ** 2),
    ),
    Mistake(
        "clipped entry by entry",
        "np.clip caps each entry at ±max_norm and changes the step's direction; clipping "
        "by norm multiplies every entry by the same factor max_norm / ‖g‖.",
        lambda dW, db, max_norm: (
            np.clip(dW, -max_norm, max_norm),
            np.clip(db, -max_norm, max_norm),
        ),
    ),
    Mistake(
        "factor upside down",
        "the factor is max_norm / ‖g‖ (below 1 when clipping), not ‖g‖ / max_norm.",
        _factor_upside_down,
    ),
]


@checker(
    reference=_clip_global,
    cases=[
        # Global norm 5.04 > 1; db's own norm, 0.6, is below 1.
        {"dW": np.array([[3.0, 0.0], [0.0, 4.0]]), "db": np.array([0.0, 0.6]), "max_norm": 1.0},
        # Below the threshold: nothing changes.
        {"dW": np.array([[0.1, -0.2], [0.3, 0.0]]), "db": np.array([0.2, 0.1]), "max_norm": 1.0},
        # dW (2.39) and db (1.14) each below 2.5 on their own, together above it (2.64).
        {"dW": np.array([[1.5, -1.0], [1.0, 1.2]]), "db": np.array([-1.1, 0.3]), "max_norm": 2.5},
    ],
    mistakes=CLIP_GLOBAL_MISTAKES,
)
def check_clip_global_norm(fn: Callable) -> Feedback:
    """Check ``fn(dW, db, max_norm)`` → (dW, db) clipped by their global norm.

    Both are multiplied by c / ‖g‖ when the global norm ‖g‖ = √(‖dW‖² + ‖db‖²)
    exceeds c = max_norm, and returned unchanged otherwise.
    """
