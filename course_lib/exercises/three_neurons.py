"""Checkers for the chapter "Three hidden neurons and the squared error"."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..kernels import sigmoid as _sigmoid
from ..models import ThreeNeuronNet
from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not finite differences of models.ThreeNeuronNet.loss);
# tests/test_checkers_independent.py tests they agree.
def _forward(W1, b1, W2, b2, x):
    a = _sigmoid(W1 @ x + b1)
    return a, float((W2 @ a + b2)[0])


def _dL_dz(W1, b1, W2, b2, x, y):
    a, y_hat = _forward(W1, b1, W2, b2, x)
    return 2.0 * (y_hat - y) * W2[0] * a * (1.0 - a)


def _dL_dw23(W1, b1, W2, b2, x, y):
    return float(_dL_dz(W1, b1, W2, b2, x, y)[1] * x[2])


def _w23_variant(W1, b1, W2, b2, x, y, *, neuron=1, input_=2, slope="a(1 - a)", two=True):
    a, y_hat = _forward(W1, b1, W2, b2, x)
    factor = 2.0 if two else 1.0
    local = {"a(1 - a)": a[neuron] * (1.0 - a[neuron]), "a": a[neuron], None: 1.0}[slope]
    return float(factor * (y_hat - y) * W2[0, neuron] * local * x[input_])


W23_MISTAKES = [
    Mistake(
        "indices swapped",
        "w_ij goes into neuron i from input j: w_23 is neuron 2 (index 1) and input 3 "
        "(index 2), so it uses v_2 = W2[0, 1], a_2 = a[1] and x_3 = x[2].",
        lambda W1, b1, W2, b2, x, y: _w23_variant(W1, b1, W2, b2, x, y, neuron=2, input_=1),
    ),
    Mistake(
        "counted from 1",
        "Python counts from 0: neuron 2 is index 1 and input 3 is index 2.",
        lambda W1, b1, W2, b2, x, y: (
            _w23_variant(W1, b1, W2, b2, x, y, neuron=2, input_=3) if len(x) > 3 else None
        ),
    ),
    Mistake(
        "missing activation derivative",
        "the path passes through neuron 2's sigmoid: multiply by a_2 (1 − a_2).",
        lambda W1, b1, W2, b2, x, y: _w23_variant(W1, b1, W2, b2, x, y, slope=None),
    ),
    Mistake(
        "sigmoid instead of its slope",
        "the local factor of neuron 2 is its sigmoid's slope, σ'(z_2) = a_2 (1 − a_2), not "
        "its output a_2 = σ(z_2).",
        lambda W1, b1, W2, b2, x, y: _w23_variant(W1, b1, W2, b2, x, y, slope="a"),
    ),
    Mistake(
        "missing 2",
        "∂L/∂ŷ = 2(ŷ − y) for L = (ŷ − y)².",
        lambda W1, b1, W2, b2, x, y: _w23_variant(W1, b1, W2, b2, x, y, two=False),
    ),
    Mistake(
        "wrong neuron's path",
        "w_23 flows through neuron 2 only; its gradient uses v_2 and a_2, not another neuron's.",
        lambda W1, b1, W2, b2, x, y: _w23_variant(W1, b1, W2, b2, x, y, neuron=2),
    ),
]


def _cases():
    cases = []
    for seed, y in [(0, 1.0), (3, -0.5), (8, 2.0)]:
        net = ThreeNeuronNet(seed=seed, scale=1.0)
        x = np.random.default_rng(seed + 100).normal(size=4)
        cases.append({"W1": net.W1, "b1": net.b1, "W2": net.W2, "b2": net.b2, "x": x, "y": y})
    return cases


_CASES = _cases()


@checker(reference=_dL_dw23, cases=_CASES, mistakes=W23_MISTAKES)
def check_hidden_weight_gradient(fn: Callable) -> Feedback:
    """Check ``fn(W1, b1, W2, b2, x, y)`` → ∂L/∂w_23, a number, for the three-neuron network."""


def _dL_dW1(W1, b1, W2, b2, x, y):
    return np.outer(_dL_dz(W1, b1, W2, b2, x, y), x)


W1_MISTAKES = [
    Mistake(
        "missing activation derivative",
        "∂L/∂z_i = 2(ŷ − y) u_i a_i(1 − a_i): the sigmoid's slope belongs in it.",
        lambda W1, b1, W2, b2, x, y: np.outer(
            2.0 * (_forward(W1, b1, W2, b2, x)[1] - y) * W2[0], x
        ),
    ),
    Mistake(
        "sigmoid instead of its slope",
        "∂L/∂z_i = 2(ŷ − y) u_i σ'(z_i), and the sigmoid's slope is σ'(z_i) = a_i(1 − a_i), "
        "not its output a_i.",
        lambda W1, b1, W2, b2, x, y: np.outer(
            2.0 * (_forward(W1, b1, W2, b2, x)[1] - y) * W2[0] * _forward(W1, b1, W2, b2, x)[0], x
        ),
    ),
    Mistake(
        "element-wise product instead of outer",
        "∂L/∂W1 pairs every neuron with every input: np.outer(dL_dz, x), shape (3, 4).",
        lambda W1, b1, W2, b2, x, y: _dL_dz(W1, b1, W2, b2, x, y)[:, None] * W1,
    ),
]


@checker(reference=_dL_dW1, cases=_CASES, mistakes=W1_MISTAKES)
def check_W1_gradient(fn: Callable) -> Feedback:
    """Check ``fn(W1, b1, W2, b2, x, y)`` → ∂L/∂W1, shape (3, 4), row i for hidden neuron i."""


def _output_gradients(W1, b1, W2, b2, x, y):
    a, y_hat = _forward(W1, b1, W2, b2, x)
    dL_dy = 2.0 * (y_hat - y)
    return (dL_dy * a[None, :], np.array([dL_dy]))


OUTPUT_MISTAKES = [
    Mistake(
        "pre-activation instead of activation",
        "the output neuron's inputs are the hidden outputs a = σ(z), so ∂ŷ/∂u_i = a_i, not z_i.",
        lambda W1, b1, W2, b2, x, y: (
            2.0 * (_forward(W1, b1, W2, b2, x)[1] - y) * (W1 @ x + b1)[None, :],
            np.array([2.0 * (_forward(W1, b1, W2, b2, x)[1] - y)]),
        ),
    ),
    Mistake(
        "missing 2",
        "∂L/∂ŷ = 2(ŷ − y) for L = (ŷ − y)².",
        lambda W1, b1, W2, b2, x, y: tuple(
            g / 2.0 for g in _output_gradients(W1, b1, W2, b2, x, y)
        ),
    ),
    Mistake(
        "output weights in the gradient",
        "∂ŷ/∂u_i = a_i: the weight u_i itself does not appear in its own gradient.",
        lambda W1, b1, W2, b2, x, y: (
            _output_gradients(W1, b1, W2, b2, x, y)[0] * W2,
            _output_gradients(W1, b1, W2, b2, x, y)[1],
        ),
    ),
]


@checker(reference=_output_gradients, cases=_CASES, mistakes=OUTPUT_MISTAKES)
def check_output_gradients(fn: Callable) -> Feedback:
    """Check ``fn(W1, b1, W2, b2, x, y)`` → (∂L/∂W2 (1, 3), ∂L/∂b2 (1,)), three-neuron network."""
