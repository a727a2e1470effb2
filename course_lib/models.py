"""Models: parameters, a forward pass, one loss and one backward pass.

Every model has the same training interface, which ``train.fit`` and
``gradcheck.gradient_report`` rely on: ``loss(X, y)`` (caches what backward
needs), ``backward()``, ``parameters()`` and ``gradients()`` (live arrays, in
the same order), ``parameter_names()`` and ``predict(X)``. Internally,
``_prepare(X, y)`` validates a data set once and ``_loss(X, targets)`` skips
the checks, for use inside training loops.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    as_generator,
    as_targets,
    check_columns,
    check_finite_float,
    check_in_unit_interval,
    check_positive_float,
    check_positive_int,
)
from .activations import _sigmoid, _softmax
from .losses import _mse, _sigmoid_cross_entropy
from .layers import Dense, Layer, ReLU, Sigmoid, SoftmaxCrossEntropy, Tanh

ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh}
_DEFAULT_INIT = {"relu": "he", "sigmoid": "xavier", "tanh": "xavier"}


class MLP:
    """A multilayer perceptron classifier: Dense → act → … → Dense → softmax.

    ``MLP([64, 128, 64, 10])`` has 64 inputs, hidden layers of 128 and 64
    units, and 10 output logits. Hidden layers use ``activation`` ("relu",
    "sigmoid" or "tanh"); the last Dense layer outputs logits, and ``loss``
    applies softmax + mean cross-entropy. ``init`` defaults to "he" for
    ReLU and "xavier" otherwise (see ``Dense``). ``seed`` (int or
    ``numpy.random.Generator``) fixes every initial weight.

    Shapes: X (n, sizes[0]); logits (n, sizes[-1]); y integer labels (n,)
    or one-hot rows (n, sizes[-1]). Layer l has W_l (sizes[l], sizes[l-1])
    and b_l (sizes[l],).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        seed: int | np.random.Generator = 0,
        init: str | float | None = None,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}; got {activation!r}")
        self.activation = activation
        rng = as_generator(seed)
        init = _DEFAULT_INIT[activation] if init is None else init
        self.layers: list[Layer] = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            self.layers.append(Dense(n_in, n_out, seed=rng, init=init))
            self.layers.append(ACTIVATIONS[activation]())
        self.layers.pop()  # the output layer gives logits: no activation
        self.head = SoftmaxCrossEntropy()
        self._loss_cached = False

    is_classifier = True
    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation!r})"

    @property
    def dense_layers(self) -> list[Dense]:
        """The Dense layers, input side first."""
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Logits for a batch. X: (n, sizes[0]) → (n, sizes[-1])."""
        self._loss_cached = False  # the layers' caches now hold this X, not loss()'s
        return self._forward(self._check_X(X))

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """Mean softmax cross-entropy of the batch; caches what ``backward`` needs."""
        return self._loss(*self._prepare(X, y))

    def backward(self) -> None:
        """Compute dL/dW and dL/db of every layer for the last ``loss(X, y)``.

        The gradients overwrite the previous ones (read them with ``gradients()``).
        """
        if not self._loss_cached:
            raise RuntimeError(
                "MLP.backward() needs a loss to differentiate: call loss(X, y) first "
                "(forward() and predict() do not keep what backward needs)"
            )
        grad = self.head._backward()
        for layer in reversed(self.layers[1:]):
            grad = layer._backward(grad)
        self.layers[0]._backward(grad, need_dX=False)  # nobody uses dL/dX of the input

    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2, ...]: the live arrays, for an optimizer to update in place."""
        return [p for layer in self.dense_layers for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        """[dW1, db1, dW2, db2, ...], in the order of ``parameters()``."""
        return [g for layer in self.dense_layers for g in layer.gradients()]

    def parameter_names(self) -> list[str]:
        """["W1", "b1", "W2", "b2", ...], in the order of ``parameters()``."""
        return [f"{p}{i}" for i in range(1, len(self.dense_layers) + 1) for p in ("W", "b")]

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities softmax(logits). X: (n, sizes[0]) → (n, sizes[-1])."""
        return _softmax(self.forward(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predicted labels, argmax of the logits. X: (n, sizes[0]) → (n,) ints."""
        return np.argmax(self.forward(X), axis=1)

    def _prepare(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Validate a data set once: X (n, sizes[0]) and one-hot targets (n, sizes[-1])."""
        X = self._check_X(X)
        return X, as_targets(y, "y", X.shape[0], self.sizes[-1])

    def _loss(self, X: np.ndarray, targets: np.ndarray) -> float:
        loss = self.head._forward(self._forward(X), targets)
        self._loss_cached = True
        return loss

    def _forward(self, X: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            X = layer._forward(X)
        return X

    def _check_X(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {self.sizes[0]}) (n_samples, n_features)")
        check_columns(X, "X", self.sizes[0], "(n_samples, n_features)")
        return X


def _check_sizes(sizes: Sequence[int]) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a list of layer widths like [64, 128, 10]; got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least 2 widths (inputs and outputs); got {list(sizes)!r}"
        )
    sizes = [check_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    if sizes[-1] < 2:
        raise ValueError(
            f"sizes[-1], the number of classes, must be at least 2; got {sizes[-1]} "
            "(one class leaves nothing to learn; for two classes use 2, or a Neuron)"
        )
    return sizes


class _SingleUnit:
    """What the one-unit models share: z = X w + b, an output ŷ = f(z), and a loss.

    w: (n_features,), drawn from N(0, 1) like the seeds' ``np.random.randn``;
    b: a 0-d array (a number that an optimizer can update in place), 0 at first.
    Subclasses set the output f, the loss, and dL/dz.
    """

    def __init__(self, n_features: int, seed: int | np.random.Generator = 0) -> None:
        self.n_features = check_positive_int(n_features, "n_features")
        self.w = as_generator(seed).standard_normal(self.n_features)
        self.b = np.zeros(())
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros(())
        self._cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_features={self.n_features})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """ŷ = f(X w + b). X: (n, n_features) → (n,)."""
        self._cache = None
        return self._output(self._check_X(X) @ self.w + self.b)

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """The mean loss over the batch; caches what ``backward`` needs. y: (n,)."""
        return self._loss(*self._prepare(X, y))

    def backward(self) -> None:
        """dL/dw = Xᵀ dL/dz and dL/db = Σ dL/dz, for the last ``loss(X, y)``."""
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() needs a loss to differentiate: "
                "call loss(X, y) first"
            )
        X, y_hat, y = self._cache
        dz = self._dz(y_hat, y)
        np.matmul(X.T, dz, out=self.dw)
        self.db[...] = dz.sum()

    def parameters(self) -> list[np.ndarray]:
        """[w, b]: the live arrays."""
        return [self.w, self.b]

    def gradients(self) -> list[np.ndarray]:
        """[dw, db], in the order of ``parameters()``."""
        return [self.dw, self.db]

    def parameter_names(self) -> list[str]:
        return ["w", "b"]

    def _prepare(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        X = self._check_X(X)
        y = as_float_array(y, "y", ndim=1, expected=f"({X.shape[0]},) (n_samples,)")
        if y.shape != (X.shape[0],):
            raise ValueError(
                f"y must have shape ({X.shape[0]},), one target per row of X; got {y.shape}"
            )
        self._check_targets(y)
        return X, y

    def _loss(self, X: np.ndarray, y: np.ndarray) -> float:
        z = X @ self.w + self.b
        y_hat = self._output(z)
        self._cache = (X, y_hat, y)
        return self._loss_value(z, y_hat, y)

    def _check_X(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {self.n_features}) (n_samples, n_features)")
        check_columns(X, "X", self.n_features, "(n_samples, n_features)")
        return X

    def _check_targets(self, y: np.ndarray) -> None:
        pass


class Neuron(_SingleUnit):
    """One sigmoid neuron: p = σ(X w + b), trained with binary cross-entropy.

    This is logistic regression. X: (n, n_features); y: 0/1 targets (n,);
    p: (n,), the probability of class 1. Because sigmoid and cross-entropy
    pair up, dL/dz = (p − y) / n (the seeds' ``error = pred - y``).
    """

    is_classifier = True

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """p = σ(X w + b), shape (n,)."""
        return self.forward(X)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Class labels: 1 where p ≥ 0.5, else 0. Shape (n,)."""
        return (self.forward(X) >= 0.5).astype(int)

    def _output(self, z: np.ndarray) -> np.ndarray:
        return _sigmoid(z)

    def _loss_value(self, z: np.ndarray, p: np.ndarray, y: np.ndarray) -> float:
        return _sigmoid_cross_entropy(z, y)  # from the logits: exact, no clipping

    def _dz(self, p: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (p - y) / len(y)

    def _check_targets(self, y: np.ndarray) -> None:
        check_in_unit_interval(y, "y")


class LinearRegression(_SingleUnit):
    """Linear regression trained by gradient descent: ŷ = X w + b, mean squared error.

    X: (n, n_features); y: real targets (n,). dL/dz = 2 (ŷ − y) / n.
    """

    is_classifier = False

    def predict(self, X: ArrayLike) -> np.ndarray:
        """ŷ = X w + b, shape (n,)."""
        return self.forward(X)

    def _output(self, z: np.ndarray) -> np.ndarray:
        return z

    def _loss_value(self, z: np.ndarray, y_hat: np.ndarray, y: np.ndarray) -> float:
        return _mse(y_hat, y)

    def _dz(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return 2.0 * (y_hat - y) / len(y)


class ThreeNeuronNet:
    """The seeds' network: 4 inputs → 3 hidden sigmoid neurons → 1 linear output.

    For one sample x (4,) and target y (a number):
        z = W1 x + b1,  a = σ(z),  ŷ = W2 a + b2,  L = (ŷ − y)².
    W1: (3, 4), with W1[i−1, j−1] = w_ij, the weight into hidden neuron i from
    input j; b1: (3,); W2: (1, 3); b2: (1,). ``gradients`` computes all 15
    hidden-layer and 4 output-layer derivatives with matrix operations;
    ``gradients_elementwise`` computes the same numbers one weight at a time,
    following the seeds' chain-rule products term by term.
    """

    def __init__(self, seed: int | np.random.Generator = 0, scale: float = 0.5) -> None:
        rng = as_generator(seed)
        scale = check_positive_float(scale, "scale")
        self.W1 = rng.normal(0.0, scale, size=(3, 4))
        self.b1 = rng.normal(0.0, scale, size=3)
        self.W2 = rng.normal(0.0, scale, size=(1, 3))
        self.b2 = rng.normal(0.0, scale, size=1)

    def __repr__(self) -> str:
        return "ThreeNeuronNet(4 → 3 sigmoid → 1)"

    def forward(self, x: ArrayLike) -> float:
        """ŷ = W2 σ(W1 x + b1) + b2 for one sample x of shape (4,)."""
        return float(self._forward(self._check_x(x))[2][0])

    def loss(self, x: ArrayLike, y: float) -> float:
        """L = (ŷ − y)² for one sample x (4,) and its target y."""
        y_pred = self.forward(x)
        return (y_pred - check_finite_float(y, "y")) ** 2

    def gradients(self, x: ArrayLike, y: float) -> dict[str, np.ndarray]:
        """dL/dW1, dL/db1, dL/dW2, dL/db2 in matrix form, keyed "W1", "b1", "W2", "b2".

        dL/dŷ = 2 (ŷ − y); dW2 = dL/dŷ aᵀ; db2 = dL/dŷ;
        dL/da = W2ᵀ dL/dŷ; dL/dz = dL/da ⊙ a (1 − a); dW1 = dL/dz xᵀ; db1 = dL/dz.
        """
        x = self._check_x(x)
        z, a, y_pred = self._forward(x)
        dL_dy = 2.0 * (y_pred - check_finite_float(y, "y"))  # (1,)
        dL_da = self.W2.T @ dL_dy  # (3,)
        dL_dz = dL_da * a * (1.0 - a)  # (3,)
        return {
            "W1": np.outer(dL_dz, x),
            "b1": dL_dz,
            "W2": np.outer(dL_dy, a),
            "b2": dL_dy,
        }

    def gradients_elementwise(self, x: ArrayLike, y: float) -> dict[str, np.ndarray]:
        """The same gradients, one weight at a time, as the seeds write them:

        ∂L/∂w_ij = ∂L/∂ŷ · ∂ŷ/∂a_i · ∂a_i/∂z_i · ∂z_i/∂w_ij
                 = 2(ŷ − y) · w2_i · a_i(1 − a_i) · x_j
        ∂L/∂b_i  = ∂L/∂ŷ · ∂ŷ/∂a_i · ∂a_i/∂z_i · ∂z_i/∂b_i   (∂z_i/∂b_i = 1)
        """
        x = self._check_x(x)
        z, a, y_pred = self._forward(x)
        dL_dy = 2.0 * (y_pred[0] - check_finite_float(y, "y"))
        grads = {"W1": np.zeros((3, 4)), "b1": np.zeros(3), "W2": np.zeros((1, 3)), "b2": np.zeros(1)}
        for i in range(3):  # hidden neuron i + 1
            dy_da = self.W2[0, i]
            da_dz = a[i] * (1.0 - a[i])
            for j in range(4):  # input j + 1
                dz_dw = x[j]
                grads["W1"][i, j] = dL_dy * dy_da * da_dz * dz_dw
            grads["b1"][i] = dL_dy * dy_da * da_dz * 1.0
            grads["W2"][0, i] = dL_dy * a[i]  # ∂ŷ/∂w2_i = a_i
        grads["b2"][0] = dL_dy
        return grads

    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2]: the live arrays."""
        return [self.W1, self.b1, self.W2, self.b2]

    def parameter_names(self) -> list[str]:
        return ["W1", "b1", "W2", "b2"]

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = self.W1 @ x + self.b1
        a = _sigmoid(z)
        return z, a, self.W2 @ a + self.b2

    def _check_x(self, x: ArrayLike) -> np.ndarray:
        x = as_float_array(x, "x", ndim=1, expected="(4,)")
        if x.shape != (4,):
            raise ValueError(f"x must be one sample with 4 inputs, shape (4,); got shape {x.shape}")
        return x
