"""Checkers for the chapter "A three-layer network, step by step"."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


def _augmented_gradient(dz, a):
    return np.outer(dz, np.append(a, 1.0))


AUGMENTED_MISTAKES = [
    Mistake(
        "transposed",
        "the gradient has the shape of [W | b], (n_out, n_in + 1): np.outer(dz, [a | 1]), "
        "not np.outer([a | 1], dz).",
        lambda dz, a: np.outer(np.append(a, 1.0), dz),
    ),
    Mistake(
        "ones column first",
        "the bias is the last column of [W | b], so its input 1 goes last: [a | 1], not [1 | a].",
        lambda dz, a: np.outer(dz, np.append(1.0, a)),
    ),
    Mistake(
        "bias column missing",
        "append a 1 to the activations, [a | 1], so that the last column gives ∂L/∂b = dz.",
        lambda dz, a: np.outer(dz, a),
    ),
    Mistake(
        "element-wise product",
        "every weight w_ij gets dz_i · a_j: that is an outer product, not an element-wise one.",
        lambda dz, a: dz * np.append(a, 1.0) if len(dz) == len(a) + 1 else None,
    ),
]


@checker(
    reference=_augmented_gradient,
    cases=[
        {"dz": np.array([0.5, -0.5, 0.0]), "a": np.array([2.0, 2.0, 0.0])},
        {"dz": np.array([0.5, -0.5, 0.0, -0.5]), "a": np.array([1.0, 2.0, 1.0])},
        {"dz": np.array([0.25, -1.0]), "a": np.array([3.0, -1.0, 0.5, 2.0])},
    ],
    mistakes=AUGMENTED_MISTAKES,
)
def check_augmented_gradient(fn: Callable) -> Feedback:
    """Check ``fn(dz, a)`` → ∂L/∂[W | b] = dz ⊗ [a | 1], shape (n_out, n_in + 1).

    dz: (n_out,), the layer's ∂L/∂z for one sample; a: (n_in,), its input.
    """


# Independent on purpose (own formula, not layers.ReLU.backward);
# tests/test_checkers_independent.py tests they agree.
def _relu_backward(z, da):
    return da * (z > 0)


RELU_BACKWARD_MISTAKES = [
    Mistake(
        "mask missing",
        "ReLU passes the gradient only where the unit was on (z > 0); elsewhere its slope is 0.",
        lambda z, da: da,
    ),
    Mistake(
        "mask from the gradient",
        "the mask comes from the forward pass, z > 0, not from the sign of the incoming "
        "gradient (and backward multiplies by ReLU's slope; it does not apply max(0, ·) to da).",
        lambda z, da: da * (da > 0),
    ),
    Mistake(
        "z = 0 counted as on",
        "at z = 0 ReLU is off (its output is 0); the course, like most libraries, "
        "uses slope 0 there: z > 0.",
        lambda z, da: da * (z >= 0),
    ),
]


@checker(
    reference=_relu_backward,
    cases=[
        {"z": np.array([2.0, 2.0, -1.0]), "da": np.array([0.5, -0.5, 0.3])},
        {"z": np.array([2.0, 1.0, -1.0, 0.0]), "da": np.array([0.5, -0.5, 0.5, -0.5])},
        {"z": np.array([[1.0, -2.0], [-0.5, 3.0]]), "da": np.array([[-1.0, 2.0], [4.0, -3.0]])},
    ],
    mistakes=RELU_BACKWARD_MISTAKES,
)
def check_relu_backward(fn: Callable) -> Feedback:
    """Check ``fn(z, da)`` → ∂L/∂z = da ⊙ (z > 0), for arrays z, da of the same shape."""


# Independent on purpose (own formula, not optim.SGD);
# tests/test_checkers_independent.py tests they agree.
def _update(W, dW, lr):
    return W - lr * dW


UPDATE_MISTAKES = [
    Mistake(
        "wrong sign",
        "gradient descent subtracts: W − η ∂L/∂W; adding climbs the loss.",
        lambda W, dW, lr: W + lr * dW,
    ),
    Mistake(
        "learning rate ignored",
        "scale the step by the learning rate η.",
        lambda W, dW, lr: W - dW,
    ),
    Mistake(
        "returned the step",
        "return the updated weights W − η ∂L/∂W, not just the step η ∂L/∂W.",
        lambda W, dW, lr: lr * dW,
    ),
]


@checker(
    reference=_update,
    cases=[
        {
            "W": np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]),
            "dW": np.array([[1.0, 1.0, 0.0, 0.5], [-1.0, -1.0, 0.0, -0.5]]),
            "lr": 0.1,
        },
        {"W": np.array([[2.0, -1.0]]), "dW": np.array([[0.5, 0.25]]), "lr": 1.0},
    ],
    mistakes=UPDATE_MISTAKES,
)
def check_update(fn: Callable) -> Feedback:
    """Check ``fn(W, dW, lr)`` → W − lr · dW, a new array of W's shape (W unchanged)."""
