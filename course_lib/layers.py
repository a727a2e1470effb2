"""Layers: the building blocks of a network, each with forward and backward.

Conventions (the book's notation page):

* a batch is a matrix with one sample per row: X has shape (n, n_in);
* a dense layer's weights W have shape (n_out, n_in), so W[i, j] = w_ij is
  the weight *into* neuron i *from* input j, and Z = X Wᵀ + b;
* ``forward`` caches what ``backward`` needs; ``backward`` takes dL/d(output)
  and returns dL/d(input), storing parameter gradients (dW, db) on the layer.

Two levels, one arithmetic: ``forward``/``backward`` check their argument (and
keep their own copy of it), then call ``propagate``/``backpropagate``, which are
the layer's equations without checks: what a model runs inside its training
loop, on arrays it owns. Gradients are new arrays on every backward pass, never
sums, so forward + backward twice gives the same gradients twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import kernels
from ._checks import (
    as_float_array,
    as_generator,
    as_targets,
    check_columns,
    check_memory,
    check_positive_float,
    check_positive_int,
    check_shape,
)

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
    N(0, 2/(n_in + n_out)) (suits sigmoid and tanh), and a number draws from
    a normal distribution with that standard deviation. ``seed`` is an
    int or a ``numpy.random.Generator``.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        *,
        seed: int | np.random.Generator = 0,
        init: str | float = "he",
    ) -> None:
        self.n_in = check_positive_int(n_in, "n_in")
        self.n_out = check_positive_int(n_out, "n_out")
        check_memory(
            self.n_in * self.n_out,
            "Dense(n_in, n_out)",
            f"a weight matrix W of shape ({self.n_out}, {self.n_in})",
            kernels.MAX_BYTES,
        )
        rng = as_generator(seed)
        std = kernels.init_std(_check_init(init), self.n_in, self.n_out)
        self.W = rng.normal(0.0, std, size=(self.n_out, self.n_in))
        self.b = np.zeros(self.n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.X: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Dense(n_in={self.n_in}, n_out={self.n_out})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Z = X Wᵀ + b. X: (n, n_in) → Z: (n, n_out). Keeps a copy of X for backward."""
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {self.n_in}) (n_samples, n_in)")
        check_columns(X, "X", self.n_in, "(n_samples, n_in)")
        with np.errstate(under="ignore"):  # tiny products round to 0: right
            return self.propagate(X.copy())

    def backward(self, dZ: ArrayLike) -> np.ndarray:
        """Store dW = dZᵀ X and db = Σ_rows dZ; return dX = dZ W.

        dZ: (n, n_out) → dX: (n, n_in); dW: (n_out, n_in); db: (n_out,).
        """
        X = self._require(self.X)
        dZ = as_float_array(dZ, "dZ", ndim=2, expected="(n, n_out)")
        check_shape(dZ, "dZ", (X.shape[0], self.n_out), "(n, n_out), the shape of Z = forward(X)")
        with np.errstate(under="ignore"):  # tiny gradients round to 0: right
            return self.backpropagate(dZ)

    def propagate(self, X: np.ndarray) -> np.ndarray:
        """``forward`` without checks or copies: keeps X itself, so pass an array nobody changes."""
        self.X = X
        return X @ self.W.T + self.b  # Z = X Wᵀ + b

    def parameter_gradients(self, dZ: np.ndarray) -> None:
        """The layer's own gradients from dZ = ∂L/∂Z, without checks."""
        self.dW = dZ.T @ self.X  # ∂L/∂W = dZᵀ X
        self.db = dZ.sum(axis=0)  # ∂L/∂b = Σ_rows dZ

    def backpropagate(self, dZ: np.ndarray) -> np.ndarray:
        """``backward`` without checks: the layer's gradients, then ∂L/∂X for the layer below."""
        self.parameter_gradients(dZ)
        return dZ @ self.W  # ∂L/∂X = dZ W

    def parameters(self) -> list[np.ndarray]:
        return [self.W, self.b]

    def gradients(self) -> list[np.ndarray]:
        return [self.dW, self.db]


class Activation(Layer):
    """An element-wise activation A = f(Z); backward returns dZ = dA ⊙ f'(Z).

    Each subclass names its ``function`` f and its ``slope``, f' written with the
    output A (σ' = A(1 − A), tanh' = 1 − A², ReLU' = [A > 0]), both from
    ``course_lib.kernels``. The layer keeps Z and A; ``forward`` returns a copy of A.
    """

    function: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray], np.ndarray]

    def __init__(self) -> None:
        self.A: np.ndarray | None = None
        self.Z: np.ndarray | None = None  # the last input, for gradflow's saturation measures

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def forward(self, Z: ArrayLike) -> np.ndarray:
        """A = f(Z), element-wise. Z: (n, units) → A: (n, units), a fresh array."""
        Z = as_float_array(Z, "Z", ndim=2, expected="(n_samples, n_units)")
        return self.propagate(Z).copy()  # a copy: editing it cannot change what backward uses

    def backward(self, dA: ArrayLike) -> np.ndarray:
        """dZ = dA ⊙ f'(Z). dA: the shape of the forward output."""
        A = self._require(self.A)
        dA = as_float_array(dA, "dA", ndim=2, expected="(n_samples, n_units)")
        check_shape(dA, "dA", A.shape, "the shape of A = forward(Z)")
        with np.errstate(under="ignore"):
            return self.backpropagate(dA)

    def propagate(self, Z: np.ndarray) -> np.ndarray:
        """``forward`` without checks: returns the cached A itself (and keeps Z, not a copy)."""
        self.Z = Z
        self.A = self.function(Z)
        return self.A

    def backpropagate(self, dA: np.ndarray) -> np.ndarray:
        """``backward`` without checks: dZ = dA ⊙ f'(Z)."""
        assert self.A is not None, "propagate runs first"  # unchecked path: backward checks it
        return dA * self.slope(self.A)

    def slopes(self) -> np.ndarray:
        """f'(Z) for the last forward pass, element-wise: the local slopes backward multiplies."""
        return np.asarray(self.slope(self._require(self.A)), dtype=np.float64)


class ReLU(Activation):
    """A = max(0, Z); dZ = dA where Z > 0, else 0."""

    function = staticmethod(kernels.relu)
    slope = staticmethod(kernels.relu_slope)


class Sigmoid(Activation):
    """A = σ(Z); dZ = dA ⊙ A(1 − A)."""

    function = staticmethod(kernels.sigmoid)
    slope = staticmethod(kernels.sigmoid_slope)


class Tanh(Activation):
    """A = tanh(Z); dZ = dA ⊙ (1 − A²)."""

    function = staticmethod(kernels.tanh)
    slope = staticmethod(kernels.tanh_slope)


class LeakyReLU(Activation):
    """A = Z where Z > 0, else alpha·Z (0 < alpha < 1); dZ = dA where Z > 0, else alpha·dA.

    ReLU with a small slope ``alpha`` (default 0.01; PyTorch calls it
    ``negative_slope``) for negative inputs, so a unit that is off still passes a
    little gradient back. A has the sign of Z, so the slope is read from A: 1
    where A > 0, else alpha.
    """

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = check_positive_float(alpha, "alpha")
        if self.alpha >= 1.0:
            raise ValueError(f"alpha must be in (0, 1), the slope for z < 0; got {self.alpha}")

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"

    def function(self, Z: np.ndarray) -> np.ndarray:
        return np.where(Z > 0, Z, self.alpha * Z)

    def slope(self, A: np.ndarray) -> np.ndarray:
        return np.where(A > 0, 1.0, self.alpha)


class LayerNorm(Layer):
    """Standardise each sample's pre-activations: Y = (Z − μ) / √(s² + ε), row by row.

    μ and s² are the mean and variance of one row of Z (n, units) over its units,
    so every sample reaches the next activation with mean 0 and spread 1,
    whatever the weights' scale. (Layer normalisation without its learned gain
    and bias.) Backward, with dY the gradient of the output and means over a row:
    dZ = (dY − mean(dY) − Y · mean(dY ⊙ Y)) / √(s² + ε).
    """

    eps = 1e-5

    def __init__(self) -> None:
        self.Y: np.ndarray | None = None
        self.scale: np.ndarray | None = None

    def __repr__(self) -> str:
        return "LayerNorm()"

    def forward(self, Z: ArrayLike) -> np.ndarray:
        """Y = (Z − μ) / √(s² + ε) per row. Z: (n, units) with units ≥ 2 → Y: (n, units)."""
        Z = as_float_array(Z, "Z", ndim=2, expected="(n_samples, n_units)")
        if Z.shape[1] < 2:
            raise ValueError(
                f"Z must have at least 2 columns (units) to standardise; got {Z.shape}"
            )
        return self.propagate(Z).copy()

    def backward(self, dY: ArrayLike) -> np.ndarray:
        """dZ = (dY − mean(dY) − Y · mean(dY ⊙ Y)) / √(s² + ε), means over each row."""
        Y = self._require(self.Y)
        dY = as_float_array(dY, "dY", ndim=2, expected="(n_samples, n_units)")
        check_shape(dY, "dY", Y.shape, "the shape of Y = forward(Z)")
        return self.backpropagate(dY)

    def propagate(self, Z: np.ndarray) -> np.ndarray:
        """``forward`` without checks."""
        centred = Z - Z.mean(axis=1, keepdims=True)
        self.scale = 1.0 / np.sqrt((centred**2).mean(axis=1, keepdims=True) + self.eps)
        self.Y = centred * self.scale
        return self.Y

    def backpropagate(self, dY: np.ndarray) -> np.ndarray:
        """``backward`` without checks."""
        assert self.Y is not None and self.scale is not None, "propagate runs first"
        Y = self.Y
        return (dY - dY.mean(axis=1, keepdims=True) - Y * (dY * Y).mean(axis=1, keepdims=True)) * (
            self.scale
        )


class Residual(Layer):
    """A residual block: Y = X + F(X), where F is ``inner``, layers applied in order.

    F must keep the width: X and F(X) both (n, units). Backward adds the
    identity path's gradient to the one through F: dX = dY + F.backward(dY).
    Even where F's gradient vanishes, dY itself reaches the layer below.
    """

    def __init__(self, inner: list[Layer]) -> None:
        if isinstance(inner, Layer) or not isinstance(inner, (list, tuple)) or not inner:
            raise ValueError(
                "inner must be a non-empty list of layers, like [Dense(32, 32), Tanh()]; "
                f"got {inner!r:.80}"
            )
        for i, layer in enumerate(inner):
            if not isinstance(layer, Layer):
                raise ValueError(f"inner[{i}] must be a course_lib layer; got {layer!r:.60}")
        dense = dense_layers_of(inner)
        if not dense or dense[0].n_in != dense[-1].n_out:
            widths = f"{dense[0].n_in} → {dense[-1].n_out}" if dense else "no Dense layer"
            raise ValueError(
                "inner must contain Dense layers that keep the width, so that X + F(X) adds "
                f"arrays of one shape; got {widths}"
            )
        self.inner = list(inner)
        self.dense_layers = dense
        """The Dense layers of F, in order (those of nested residual blocks included)."""
        self.Y: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"Residual({self.inner!r})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Y = X + F(X). X: (n, units) → Y: (n, units)."""
        width = self.dense_layers[0].n_in
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {width}) (n_samples, units)")
        check_columns(X, "X", width, "(n_samples, units)")
        with np.errstate(under="ignore"):
            return self.propagate(X.copy()).copy()

    def backward(self, dY: ArrayLike) -> np.ndarray:
        """dX = dY + F.backward(dY): the identity path plus the path through F."""
        Y = self._require(self.Y)
        dY = as_float_array(dY, "dY", ndim=2, expected="(n_samples, units)")
        check_shape(dY, "dY", Y.shape, "the shape of Y = forward(X)")
        with np.errstate(under="ignore"):
            return self.backpropagate(dY)

    def propagate(self, X: np.ndarray) -> np.ndarray:
        """``forward`` without checks."""
        F = X
        for layer in self.inner:
            F = layer.propagate(F)  # type: ignore[attr-defined]
        self.Y = X + F  # the identity path plus the inner path
        return self.Y

    def backpropagate(self, dY: np.ndarray) -> np.ndarray:
        """``backward`` without checks."""
        dF = dY
        for layer in reversed(self.inner):
            dF = layer.backpropagate(dF)  # type: ignore[attr-defined]
        return dY + dF  # ∂L/∂X = dY (identity) + dY through F

    def parameters(self) -> list[np.ndarray]:
        return [p for layer in self.inner for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        return [g for layer in self.inner for g in layer.gradients()]


def dense_layers_of(layers: Sequence[Layer]) -> list[Dense]:
    """The Dense layers among ``layers`` (a non-empty list), those inside residual blocks
    included, input side first: the layers whose W and b a model trains."""
    if isinstance(layers, Layer) or not isinstance(layers, (list, tuple)) or not layers:
        raise ValueError(
            f"layers must be a non-empty list of layers, like [Dense(2, 8), ReLU()]; "
            f"got {layers!r:.80}"
        )
    found: list[Dense] = []
    for i, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise ValueError(f"layers[{i}] must be a course_lib layer; got {layer!r:.60}")
        if isinstance(layer, Dense):
            found.append(layer)
        elif isinstance(layer, Residual):
            found.extend(layer.dense_layers)
    return found


class SoftmaxCrossEntropy(Layer):
    """The output layer of a classifier: softmax, then mean cross-entropy.

    ``forward(Z, y)`` returns L = −(1/n) Σ_i log softmax(Z_i)_(y_i);
    ``backward()`` returns dL/dZ = (softmax(Z) − Y) / n with Y = one-hot(y).
    Fusing the two keeps the loss finite for any logits and gives the famous
    simple gradient. The arithmetic is ``kernels.softmax_cross_entropy``'s.
    """

    def __init__(self) -> None:
        self.P: np.ndarray | None = None
        self.Y: np.ndarray | None = None

    def __repr__(self) -> str:
        return "SoftmaxCrossEntropy()"

    def forward(self, Z: ArrayLike, y: ArrayLike) -> float:
        """Z: (n, k) logits; y: labels (n,) or one-hot rows (n, k). Returns the mean loss."""
        Z = as_float_array(Z, "Z", ndim=2, expected="(n, k) (n_samples, n_classes)")
        return self.propagate(Z, as_targets(y, "y", *Z.shape).copy())

    def backward(self) -> np.ndarray:
        """dL/dZ = (softmax(Z) − Y) / n, shape (n, k)."""
        self._require(self.P)
        return self.backpropagate()

    def propagate(self, Z: np.ndarray, Y: np.ndarray) -> float:
        """``forward`` without checks: Y is (n, k) target rows, kept as they are."""
        loss, self.P = kernels.softmax_cross_entropy(Z, Y)
        self.Y = Y
        return loss

    def backpropagate(self) -> np.ndarray:
        """``backward`` without checks: dL/dZ = (P − Y) / n."""
        assert self.P is not None and self.Y is not None, "propagate runs first"  # as above
        return kernels.logit_gradient(self.P, self.Y, len(self.P))


def _check_init(init: str | float) -> str | float:
    """Return ``init`` if it is "he", "xavier" or a positive number; raise otherwise."""
    if isinstance(init, str):
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS} or a positive number; got {init!r}")
        return init
    return check_positive_float(init, "init")
