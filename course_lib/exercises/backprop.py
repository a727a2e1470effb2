"""Checkers for the backpropagation chapters: local slopes, a layer's backward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..kernels import sigmoid as _sigmoid
from .core import Feedback, Mistake, checker


# Independent on purpose (own formula, not activations.sigmoid_grad);
# tests/test_checkers_independent.py tests they agree.
def _neuron_gradients(x, w, b, y):
    """For L = (σ(w x + b) − y)²: dL/dw and dL/db, by the chain rule."""
    a = _sigmoid(w * x + b)
    dL_dz = 2.0 * (a - y) * a * (1.0 - a)  # dL/da · da/dz
    return (float(dL_dz * x), float(dL_dz))


def _neuron_variant(x, w, b, y, *, slope="a(1 - a)", two=True, sign=1.0, dz_dw=None, use_z=False):
    z = w * x + b
    a = _sigmoid(z)
    out = z if use_z else a
    dL_da = (2.0 if two else 1.0) * (out - y) * sign
    dL_dz = dL_da * {"a(1 - a)": a * (1.0 - a), "a": a, None: 1.0}[slope]
    return (float(dL_dz * (x if dz_dw is None else dz_dw)), float(dL_dz))


NEURON_GRADIENT_MISTAKES = [
    Mistake(
        "missing activation derivative",
        "the chain passes through the sigmoid: multiply by da/dz = σ(z)(1 − σ(z)) = a(1 − a).",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, slope=None),
    ),
    Mistake(
        "sigmoid instead of its slope",
        "da/dz is the sigmoid's slope, σ'(z) = σ(z)(1 − σ(z)) = a(1 − a), not the sigmoid "
        "a = σ(z) itself.",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, slope="a"),
    ),
    Mistake(
        "missing 2",
        "dL/da for L = (a − y)² is 2(a − y): the power rule brings down a 2.",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, two=False),
    ),
    Mistake(
        "wrong sign",
        "dL/da = 2(a − y), prediction minus target; (y − a) flips every gradient.",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, sign=-1.0),
    ),
    Mistake(
        "dz/dw taken as 1",
        "z = w x + b, so dz/dw = x (and dz/db = 1): the weight's gradient carries its input.",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, dz_dw=1.0),
    ),
    Mistake(
        "pre-activation used as the prediction",
        "the loss compares the neuron's output a = σ(z) with y, not z itself.",
        lambda x, w, b, y: _neuron_variant(x, w, b, y, use_z=True),
    ),
]


@checker(
    reference=_neuron_gradients,
    cases=[
        {"x": 1.5, "w": 0.8, "b": -0.5, "y": 1.0},
        {"x": -2.0, "w": 0.3, "b": 0.4, "y": 0.0},
        {"x": 0.5, "w": -1.2, "b": 2.0, "y": 0.25},
    ],
    mistakes=NEURON_GRADIENT_MISTAKES,
)
def check_neuron_gradients(fn: Callable) -> Feedback:
    """Check ``fn(x, w, b, y)`` → (dL/dw, dL/db) for L = (σ(w x + b) − y)², all numbers."""


# Independent on purpose (own formula, not layers.Sigmoid.backward);
# tests/test_checkers_independent.py tests they agree.
def _sigmoid_backward(A, dA):
    return dA * A * (1.0 - A)


SIGMOID_BACKWARD_MISTAKES = [
    Mistake(
        "missing activation derivative",
        "dZ = dA ⊙ σ'(Z): passing dA straight through skips the sigmoid's slope.",
        lambda A, dA: dA,
    ),
    Mistake(
        "sigmoid instead of its slope",
        "A is the sigmoid's output σ(Z); its slope is σ'(Z) = A(1 − A), so dZ = dA ⊙ A(1 − A), "
        "not dA ⊙ A.",
        lambda A, dA: dA * A,
    ),
    Mistake(
        "sigmoid applied twice",
        "A is already σ(Z), so σ'(Z) = A(1 − A); σ(A)(1 − σ(A)) applies the sigmoid a second time.",
        lambda A, dA: dA * _sigmoid(A) * (1.0 - _sigmoid(A)),
    ),
    Mistake(
        "upstream gradient dropped",
        "the local slope A(1 − A) must be multiplied by the gradient arriving from above, dA.",
        lambda A, dA: A * (1.0 - A),
    ),
    Mistake(
        "tanh's derivative",
        "1 − A² is tanh's slope; the sigmoid's is A(1 − A).",
        lambda A, dA: dA * (1.0 - A**2),
    ),
    Mistake(
        "matrix product instead of element-wise",
        "each unit has its own slope: multiply element by element (*), not with @.",
        lambda A, dA: dA @ (A * (1.0 - A)).T if dA.shape[0] == dA.shape[1] else None,
    ),
]

_rng = np.random.default_rng(7)
_A = _sigmoid(_rng.normal(size=(4, 3)))
_DA = _rng.normal(size=(4, 3))
_SQUARE_A = _sigmoid(_rng.normal(size=(3, 3)))
_SQUARE_DA = _rng.normal(size=(3, 3))


@checker(
    reference=_sigmoid_backward,
    cases=[
        {"A": _A, "dA": _DA},
        {"A": _SQUARE_A, "dA": _SQUARE_DA},
        {"A": np.array([[0.5]]), "dA": np.array([[2.0]])},
    ],
    mistakes=SIGMOID_BACKWARD_MISTAKES,
)
def check_sigmoid_backward(fn: Callable) -> Feedback:
    """Check ``fn(A, dA)`` → dZ = dA ⊙ A(1 − A), where A = σ(Z); A, dA, dZ: (n, units)."""


# Independent on purpose (own formula, not layers.Dense.backward);
# tests/test_checkers_independent.py tests they agree.
def _dense_backward(X, W, dZ):
    return (dZ @ W, dZ.T @ X, dZ.sum(axis=0))


DENSE_BACKWARD_MISTAKES = [
    Mistake(
        "transposed weight matrix",
        "with Z = X Wᵀ + b and W of shape (n_out, n_in), dX = dZ W, of shape (n, n_in); "
        "dZ Wᵀ only fits when W is square, and then gives the wrong numbers.",
        lambda X, W, dZ: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)),
    ),
    Mistake(
        "transposed dW",
        "dW must have W's shape (n_out, n_in): dZᵀ X, not Xᵀ dZ.",
        lambda X, W, dZ: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)),
    ),
    Mistake(
        "mean instead of sum for db",
        "the loss's 1/n is already inside dZ; db sums dZ over the samples: dZ.sum(axis=0).",
        lambda X, W, dZ: (dZ @ W, dZ.T @ X, dZ.mean(axis=0)),
    ),
    Mistake(
        "db summed over the wrong axis",
        "each neuron has one bias: sum dZ over the samples (axis=0), giving shape (n_out,).",
        lambda X, W, dZ: (dZ @ W, dZ.T @ X, dZ.sum(axis=1)),
    ),
    Mistake(
        "dW divided by n",
        "dZ already carries the loss's 1/n (it is the gradient of a mean over the samples): "
        "dW = dZᵀ X sums over the samples, with no second 1/n; dividing again makes dW n "
        "times too small.",
        lambda X, W, dZ: (dZ @ W, dZ.T @ X / len(X), dZ.sum(axis=0)),
    ),
    Mistake(
        "extra 1/n",
        "dZ already carries the loss's 1/n; dividing again by n makes the gradients too small.",
        lambda X, W, dZ: (dZ @ W, dZ.T @ X / len(X), dZ.sum(axis=0) / len(X)),
    ),
]

_X = _rng.normal(size=(5, 3))
_W = _rng.normal(size=(2, 3))
_DZ = _rng.normal(size=(5, 2))
_W_SQUARE = _rng.normal(size=(3, 3))
_DZ_SQUARE = _rng.normal(size=(5, 3))


@checker(
    reference=_dense_backward,
    cases=[{"X": _X, "W": _W_SQUARE, "dZ": _DZ_SQUARE}, {"X": _X, "W": _W, "dZ": _DZ}],
    mistakes=DENSE_BACKWARD_MISTAKES,
)
def check_dense_backward(fn: Callable) -> Feedback:
    """Check ``fn(X, W, dZ)`` → (dX, dW, db) for Z = X Wᵀ + b.

    X: (n, n_in), W: (n_out, n_in), dZ = dL/dZ: (n, n_out); returns dX (n, n_in),
    dW (n_out, n_in) and db (n_out,).
    """


# Independent on purpose: the sum over samples written out, not dZ.T @ X.
def _weight_gradient_by_samples(X, dZ):
    dW = np.zeros((dZ.shape[1], X.shape[1]))
    for x_s, delta_s in zip(X, dZ, strict=True):
        dW += np.outer(delta_s, x_s)  # sample s's share: δ_si x_sj
    return dW


WEIGHT_GRADIENT_BY_SAMPLES_MISTAKES = [
    Mistake(
        "overwritten, not summed",
        "dW = np.outer(...) inside the loop keeps only the last sample's share; every sample "
        "reaches the loss through w_ij, so the shares add up: dW += np.outer(dZ[s], X[s]).",
        lambda X, dZ: np.outer(dZ[-1], X[-1]) if len(X) > 1 else None,
    ),
    Mistake(
        "first sample only",
        "a return inside the loop stops after the first sample; return dW after the loop, "
        "when every sample's share has been added.",
        lambda X, dZ: np.outer(dZ[0], X[0]) if len(X) > 1 else None,
    ),
    Mistake(
        "averaged over the samples",
        "dZ already carries the loss's 1/n (it is the gradient of a mean over the samples): "
        "the samples' shares add up, with no second 1/n.",
        lambda X, dZ: _weight_gradient_by_samples(X, dZ) / len(X),
    ),
    Mistake(
        "outer product the wrong way round",
        "dW has W's shape (n_out, n_in): row i belongs to neuron i, so sample s adds "
        "np.outer(dZ[s], X[s]), entry (i, j) = δ_si x_sj; np.outer(X[s], dZ[s]) is its transpose.",
        lambda X, dZ: _weight_gradient_by_samples(dZ, X),
    ),
]

_X_SAMPLES = _rng.normal(size=(4, 3))
_DZ_SAMPLES = _rng.normal(size=(4, 2))
_X_SQUARE_SAMPLES = _rng.normal(size=(3, 3))
_DZ_SQUARE_SAMPLES = _rng.normal(size=(3, 3))


@checker(
    reference=_weight_gradient_by_samples,
    cases=[
        {"X": _X_SAMPLES, "dZ": _DZ_SAMPLES},
        {"X": _X_SQUARE_SAMPLES, "dZ": _DZ_SQUARE_SAMPLES},
        {"X": np.array([[1.0, 2.0, -1.0]]), "dZ": np.array([[0.5, -2.0]])},
    ],
    mistakes=WEIGHT_GRADIENT_BY_SAMPLES_MISTAKES,
)
def check_weight_gradient_by_samples(fn: Callable) -> Feedback:
    """Check ``fn(X, dZ)`` → dW, the weight gradient as a sum over the samples s of δ_s x_sᵀ.

    X: (n, n_in), dZ = dL/dZ: (n, n_out); returns dW: (n_out, n_in), entry (i, j) = Σ_s δ_si x_sj.
    """
