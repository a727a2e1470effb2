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
