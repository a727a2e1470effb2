"""Layers: the building blocks of a network, each with forward and backward.

Conventions (the book's notation page):

* a batch is a matrix with one sample per row: X has shape (n, n_in);
* a dense layer's weights W have shape (n_out, n_in), so W[i, j] = w_ij is
  the weight *into* neuron i *from* input j, and Z = X Wᵀ + b;
* ``forward`` caches what ``backward`` needs; ``backward`` takes dL/d(output)
  and returns dL/d(input), storing parameter gradients (dW, db) on the layer.

Gradients are overwritten on every backward pass, never summed, so calling
forward + backward twice gives the same gradients twice.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    as_generator,
    as_targets,
    check_columns,
    check_positive_float,
    check_positive_int,
    check_shape,
)
from .activations import _relu, _sigmoid
from .losses import _softmax_cross_entropy_and_probs, _softmax_cross_entropy_grad_from

INITS = ("he", "xavier")


class Layer:
    """Base class: a layer without parameters has empty parameter lists."""

    def parameters(self) -> list[np.ndarray]:
        """The layer's parameter arrays (live: updating them changes the layer)."""
        return []

    def gradients(self) -> list[np.ndarray]:
        """dL/d(parameter) for each array of ``parameters()``, in the same order."""
        return []

    def _require(self, cached: np.ndarray | None) -> np.ndarray:
        if cached is None:
            name = type(self).__name__
            raise RuntimeError(
                f"{name}.backward() was called before {name}.forward(): run forward first, "
                "so the layer has the values its derivative needs"
            )
        return cached


class Dense(Layer):
    """Fully connected layer: Z = X Wᵀ + b.

    W: (n_out, n_in), b: (n_out,), X: (n, n_in), Z: (n, n_out).
    ``init`` sets the spread of the initial weights (biases start at 0):
    "he" draws W from N(0, 2/n_in) (suits ReLU), "xavier" from
    N(0, 2/(n_in + n_out)) (suits sigmoid and tanh), and a number σ draws
    from N(0, σ²). ``seed`` is an int or a ``numpy.random.Generator``.
    """

    def __init__(
        self, n_in: int, n_out: int, *, seed: int | np.random.Generator = 0, init: str | float = "he"
    ) -> None:
        self.n_in = check_positive_int(n_in, "n_in")
        self.n_out = check_positive_int(n_out, "n_out")
        rng = as_generator(seed)
        self.W = rng.normal(0.0, _init_std(init, self.n_in, self.n_out), size=(self.n_out, self.n_in))
        self.b = np.zeros(self.n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self._X: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense(n_in={self.n_in}, n_out={self.n_out})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Z = X Wᵀ + b. X: (n, n_in) → Z: (n, n_out)."""
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {self.n_in}) (n_samples, n_in)")
        check_columns(X, "X", self.n_in, "(n_samples, n_in)")
        return self._forward(X)

    def backward(self, dZ: ArrayLike) -> np.ndarray:
        """Store dW = dZᵀ X and db = Σ_rows dZ; return dX = dZ W.

        dZ: (n, n_out) → dX: (n, n_in); dW: (n_out, n_in); db: (n_out,).
        """
        X = self._require(self._X)
        dZ = as_float_array(dZ, "dZ", ndim=2, expected="(n, n_out)")
        check_shape(dZ, "dZ", (X.shape[0], self.n_out), "(n, n_out), the shape of Z = forward(X)")
        return self._backward(dZ)

    def parameters(self) -> list[np.ndarray]:
        return [self.W, self.b]

    def gradients(self) -> list[np.ndarray]:
        return [self.dW, self.db]

    def _forward(self, X: np.ndarray) -> np.ndarray:
        self._X = X
        Z = X @ self.W.T
        Z += self.b  # in place: no second temporary array
        return Z

    def _backward(self, dZ: np.ndarray, need_dX: bool = True) -> np.ndarray | None:
        # Written into the existing arrays: an optimizer holding dW sees the new values.
        np.matmul(dZ.T, self._X, out=self.dW)
        dZ.sum(axis=0, out=self.db)
        return dZ @ self.W if need_dX else None


class _Activation(Layer):
    """An element-wise activation A = f(Z); backward returns dZ = dA ⊙ f'(Z)."""

    def __init__(self) -> None:
        self._cache: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def forward(self, Z: ArrayLike) -> np.ndarray:
        """A = f(Z), element-wise. Z: (n, units) → A: (n, units)."""
        return self._forward(as_float_array(Z, "Z", ndim=2, expected="(n_samples, n_units)"))

    def backward(self, dA: ArrayLike) -> np.ndarray:
        """dZ = dA ⊙ f'(Z). dA: the shape of the forward output."""
        cached = self._require(self._cache)
        dA = as_float_array(dA, "dA", ndim=2, expected="(n_samples, n_units)")
        check_shape(dA, "dA", cached.shape, "the shape of A = forward(Z)")
        return self._backward(dA.copy())  # the kernel may overwrite its argument

    def slopes(self) -> np.ndarray:
        """f'(Z) for the last forward pass, element-wise: the local slopes backward multiplies by."""
        self._require(self._cache)
        return np.asarray(self._slope(), dtype=float)

    def _backward(self, dA: np.ndarray) -> np.ndarray:
        # Inside a network dA is a fresh array nobody else holds: scale it in place.
        dA *= self._slope()
        return dA


class ReLU(_Activation):
    """A = max(0, Z); dZ = dA where Z > 0, else 0."""

    def _forward(self, Z: np.ndarray) -> np.ndarray:
        self._cache = Z > 0  # all that the slope needs: where the unit is on
        return _relu(Z)

    def _slope(self) -> np.ndarray:
        return self._cache  # 1 (True) where Z > 0, else 0 (False)


class Sigmoid(_Activation):
    """A = σ(Z); dZ = dA ⊙ A(1 − A)."""

    def _forward(self, Z: np.ndarray) -> np.ndarray:
        self._cache = _sigmoid(Z)
        return self._cache

    def _slope(self) -> np.ndarray:
        A = self._cache
        with np.errstate(under="ignore"):
            return A * (1.0 - A)


class Tanh(_Activation):
    """A = tanh(Z); dZ = dA ⊙ (1 − A²)."""

    def _forward(self, Z: np.ndarray) -> np.ndarray:
        self._cache = np.tanh(Z)
        return self._cache

    def _slope(self) -> np.ndarray:
        A = self._cache
        return 1.0 - A * A


class SoftmaxCrossEntropy(Layer):
    """The output layer of a classifier: softmax, then mean cross-entropy.

    ``forward(Z, y)`` returns L = −(1/n) Σ_i log softmax(Z_i)_(y_i);
    ``backward()`` returns dL/dZ = (softmax(Z) − Y) / n with Y = one-hot(y).
    Fusing the two keeps the loss finite for any logits and gives the famous
    simple gradient. The arithmetic is ``losses.softmax_cross_entropy``'s.
    """

    def __init__(self) -> None:
        self._probs: np.ndarray | None = None
        self._targets: np.ndarray | None = None

    def __repr__(self) -> str:
        return "SoftmaxCrossEntropy()"

    def forward(self, Z: ArrayLike, y: ArrayLike) -> float:
        """Z: (n, k) logits; y: labels (n,) or one-hot rows (n, k). Returns the mean loss."""
        Z = as_float_array(Z, "Z", ndim=2, expected="(n, k) (n_samples, n_classes)")
        return self._forward(Z, as_targets(y, "y", *Z.shape))

    def backward(self) -> np.ndarray:
        """dL/dZ = (softmax(Z) − Y) / n, shape (n, k)."""
        self._require(self._probs)
        return self._backward()

    def _forward(self, Z: np.ndarray, targets: np.ndarray) -> float:
        loss, self._probs = _softmax_cross_entropy_and_probs(Z, targets)
        self._targets = targets
        return loss

    def _backward(self) -> np.ndarray:
        return _softmax_cross_entropy_grad_from(self._probs, self._targets)


def _init_std(init: str | float, n_in: int, n_out: int) -> float:
    if isinstance(init, str):
        if init == "he":
            return float(np.sqrt(2.0 / n_in))
        if init == "xavier":
            return float(np.sqrt(2.0 / (n_in + n_out)))
        raise ValueError(f"init must be one of {INITS} or a positive number; got {init!r}")
    return check_positive_float(init, "init")
