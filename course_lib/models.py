"""Models: parameters, a forward pass, one loss and one backward pass.

Every model follows one protocol, which ``train.fit``, ``gradcheck.gradient_report``
and ``gradflow`` use, through these public methods only:

* ``forward(X)``: the model's output for X (no loss);
* ``loss(X, y)``: the mean loss of a batch, keeping what ``backward`` needs;
* ``backward()``: the gradients of the last ``loss(X, y)``, even after a
  ``forward`` or ``predict`` in between;
* ``parameters()``, ``gradients()``: the parameter arrays (live: an optimizer
  updates them in place) and dL/d(parameter), in the same order; a gradient is
  named for its parameter: ``dW``, ``db``, ``dw``;
* ``parameter_names()``: ["W1", "b1", ...], in the same order.

Models trained on batches (``MLP``, ``Neuron``, ``LinearRegression``) add the two
methods ``fit`` runs per batch: ``prepare(X, y)``, which checks a data set once and
returns copies (X, targets), and ``batch_loss(X, targets)``, ``loss`` without
the checks, for rows of a prepared set. ``loss(X, y)`` is exactly
``batch_loss(*prepare(X, y))``. Models keep copies, never the caller's arrays.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import kernels
from ._checks import (
    as_float_array,
    as_generator,
    as_targets,
    check_columns,
    check_finite_float,
    check_in_unit_interval,
    check_memory,
    check_positive_float,
    check_positive_int,
)
from .layers import (
    Activation,
    Dense,
    Layer,
    ReLU,
    Residual,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
    dense_layers_of,
)

ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh}
_DEFAULT_INIT = {"relu": "he", "sigmoid": "xavier", "tanh": "xavier"}

MODEL_METHODS = ("forward", "loss", "backward", "parameters", "gradients", "parameter_names")
"""The model protocol: what ``gradient_report`` needs."""

BATCH_METHODS = MODEL_METHODS + ("prepare", "batch_loss")
"""The model protocol plus what ``fit`` runs per batch."""


def check_model(model: object, methods: Sequence[str] = MODEL_METHODS) -> None:
    """Raise TypeError unless ``model`` has every method of the protocol ``methods``."""
    missing = [m for m in methods if not callable(getattr(model, m, None))]
    if missing:
        raise TypeError(
            f"model must follow the course_lib model protocol (methods {', '.join(methods)}); "
            f"got {model!r:.60} of type {type(model).__name__}, which has no {', '.join(missing)}"
        )


class Sequential:
    """A classifier built from any layers in order, then softmax + mean cross-entropy.

    ``Sequential([Dense(2, 32), Tanh(), Residual([Dense(32, 32), Tanh()]), Dense(32, 3)])``
    runs the layers one after the other; the last one must be a Dense layer giving
    the logits. It follows the model protocol (``fit``, ``gradient_report`` and
    ``gradflow`` take it); ``MLP`` is a Sequential of Dense and activation layers.
    Shapes: X (n, n_in of the first Dense layer); y labels (n,) or one-hot rows
    (n, n_classes). ``dense_layers`` and ``activation_layers`` list the layers
    inside residual blocks too.
    """

    is_classifier = True

    def __init__(self, layers: Sequence[Layer]) -> None:
        if isinstance(layers, Layer) or not isinstance(layers, (list, tuple)) or not layers:
            raise ValueError(
                "layers must be a non-empty list of layers, like "
                f"[Dense(2, 8), ReLU(), Dense(8, 3)]; got {layers!r:.80}"
            )
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer) or isinstance(layer, SoftmaxCrossEntropy):
                raise ValueError(
                    f"layers[{i}] must be a course_lib layer (the softmax output is added for "
                    f"you); got {layer!r:.60}"
                )
        if not isinstance(layers[-1], Dense):
            raise ValueError(
                f"layers[-1] must be a Dense layer, which gives the logits; got {layers[-1]!r:.60}"
            )
        self.layers = list(layers)
        self.dense_layers = dense_layers_of(self.layers)
        """The Dense layers, input side first, those inside residual blocks included."""
        _check_widths(self.layers)
        self.activation_layers = _activations_of(self.layers)
        """The activation layers, input side first, those inside residual blocks included."""
        self.n_in, self.n_classes = self.dense_layers[0].n_in, self.dense_layers[-1].n_out
        if self.n_classes < 2:
            raise ValueError(
                f"layers[-1] must give at least 2 logits (classes); got {self.n_classes}"
            )
        self.head = SoftmaxCrossEntropy()
        self._last_batch: tuple[np.ndarray, np.ndarray] | None = None
        self._layers_hold_last_batch = False

    def __repr__(self) -> str:
        return f"Sequential({self.layers!r})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Logits for a batch. X: (n, n_in) → (n, n_classes)."""
        A = self._check_X(X).copy()
        self._layers_hold_last_batch = False
        with np.errstate(under="ignore"):
            for layer in self.layers:
                A = layer.propagate(A)
        return A

    def prepare(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Check a data set once; return copies: X (n, n_in) and targets Y (n, n_classes)."""
        X = self._check_X(X)
        return X.copy(), as_targets(y, "y", X.shape[0], self.n_classes).copy()

    def batch_loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """``loss`` without checks, on rows of a ``prepare``d set."""
        A = X
        for layer in self.layers:
            A = layer.propagate(A)
        self._last_batch, self._layers_hold_last_batch = (X, Y), True
        return self.head.propagate(A, Y)

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """Mean softmax cross-entropy of the batch; keeps what ``backward`` needs."""
        X, Y = self.prepare(X, y)
        with np.errstate(under="ignore"):
            return self.batch_loss(X, Y)

    def backward(self) -> None:
        """Compute every layer's parameter gradients for the last ``loss(X, y)``."""
        if self._last_batch is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() needs a loss to differentiate: "
                "call loss(X, y) first"
            )
        with np.errstate(under="ignore"):
            if not self._layers_hold_last_batch:
                self.batch_loss(*self._last_batch)
            grad = self.head.backpropagate()
            for layer in reversed(self.layers):
                grad = layer.backpropagate(grad)

    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2, ...], the Dense layers' live arrays, input side first."""
        return [p for layer in self.dense_layers for p in layer.parameters()]

    def gradients(self) -> list[np.ndarray]:
        """[dW1, db1, dW2, db2, ...], in the order of ``parameters()``."""
        return [g for layer in self.dense_layers for g in layer.gradients()]

    def parameter_names(self) -> list[str]:
        """["W1", "b1", "W2", "b2", ...], in the order of ``parameters()``."""
        return [f"{p}{i}" for i in range(1, len(self.dense_layers) + 1) for p in ("W", "b")]

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities softmax(logits). X: (n, n_in) → (n, n_classes)."""
        return kernels.softmax(self.forward(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predicted labels, argmax of the logits. X: (n, n_in) → (n,) ints."""
        return np.argmax(self.forward(X), axis=1)

    def _check_X(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(X, "X", ndim=2, expected=f"(n, {self.n_in}) (n_samples, n_features)")
        check_columns(X, "X", self.n_in, "(n_samples, n_features)")
        return X


class MLP(Sequential):
    """A multilayer perceptron classifier: Dense → act → … → Dense → softmax.

    ``MLP([64, 128, 64, 10])`` has 64 inputs, hidden layers of 128 and 64
    units, and 10 output logits. Hidden layers use ``activation`` ("relu",
    "sigmoid" or "tanh"); the last Dense layer outputs logits, and ``loss``
    applies softmax + mean cross-entropy. ``init`` defaults to "he" for
    ReLU and "xavier" otherwise (see ``Dense``). ``seed`` (int or
    ``numpy.random.Generator``) fixes every initial weight.

    Shapes: X (n, sizes[0]); logits (n, sizes[-1]); y integer labels (n,)
    or one-hot rows (n, sizes[-1]). Layer l has W_l (sizes[l], sizes[l-1])
    and b_l (sizes[l],). After ``backward()``, ``dZ`` lists dL/dZ_l of each
    Dense layer, input side first (``gradflow`` reads it). Everything else
    (forward, loss, predict, parameters, ...) is ``Sequential``'s, on the
    layers Dense, activation, ..., Dense.
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
        layers: list[Layer] = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            layers.append(Dense(n_in, n_out, seed=rng, init=init))
            layers.append(ACTIVATIONS[activation]())
        layers.pop()  # the output layer gives logits: no activation
        super().__init__(layers)
        self.dZ: list[np.ndarray] = []

    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation!r})"

    def backward(self) -> None:
        """Compute dL/dW and dL/db of every layer for the last ``loss(X, y)``.

        The gradients replace the previous ones (read them with ``gradients()``).
        """
        if self._last_batch is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() needs a loss to differentiate: "
                "call loss(X, y) first"
            )
        with np.errstate(under="ignore"):  # tiny gradients round to 0: right
            if not self._layers_hold_last_batch:  # a forward() since: the layers hold other values
                self.batch_loss(*self._last_batch)
            dZ = self.head.backpropagate()
            self.dZ = [dZ]
            for dense, activation in zip(
                self.dense_layers[:0:-1], self.activation_layers[::-1], strict=True
            ):
                dZ = activation.backpropagate(dense.backpropagate(dZ))
                self.dZ.insert(0, dZ)
            # The first layer's ∂L/∂X would be the gradient with respect to the data, which
            # nobody uses: skipping it saves about a seventh of a training step.
            self.dense_layers[0].parameter_gradients(dZ)


def _activations_of(layers: Sequence[Layer]) -> list[Activation]:
    found: list[Activation] = []
    for layer in layers:
        if isinstance(layer, Activation):
            found.append(layer)
        elif isinstance(layer, Residual):
            found.extend(_activations_of(layer.inner))
    return found


def _check_widths(layers: Sequence[Layer]) -> None:
    """Raise ValueError unless each Dense layer takes the width the layers before it give."""
    width = None
    for i, layer in enumerate(layers):
        dense = dense_layers_of([layer])
        if not dense:
            continue
        if width is not None and dense[0].n_in != width:
            raise ValueError(
                f"layers[{i}] must take {width} inputs, the width of the layer before it; "
                f"got {layer!r:.60} with n_in = {dense[0].n_in}"
            )
        if isinstance(layer, Residual):
            _check_widths(layer.inner)
        width = dense[-1].n_out


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
    weights = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    check_memory(weights, f"sizes {sizes}", "that many weights", kernels.MAX_BYTES)
    return sizes


class _SingleUnit(ABC):
    """What the one-unit models share: z = X w + b, an output ŷ = f(z), and a loss.

    w: (n_features,), drawn from N(0, 1) like the seeds' ``np.random.randn``;
    b: a 0-d array (a number that an optimizer can update in place), 0 at first.
    Subclasses set the output f, the loss, and dL/dz.
    """

    @abstractmethod
    def _output(self, z: np.ndarray) -> np.ndarray:
        """ŷ = f(z), element-wise."""

    @abstractmethod
    def _loss_value(self, z: np.ndarray, y_hat: np.ndarray, y: np.ndarray) -> float:
        """The mean loss of the batch, from z, ŷ = f(z) and the targets y."""

    @abstractmethod
    def _dz(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """dL/dz for each row, from ŷ and the targets y."""

    def __init__(self, n_features: int, seed: int | np.random.Generator = 0) -> None:
        self.n_features = check_positive_int(n_features, "n_features")
        check_memory(self.n_features, "n_features", "that many weights", kernels.MAX_BYTES)
        self.w = as_generator(seed).standard_normal(self.n_features)
        self.b = np.zeros(())
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros(())
        self._cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_features={self.n_features})"

    def forward(self, X: ArrayLike) -> np.ndarray:
        """ŷ = f(X w + b). X: (n, n_features) → (n,)."""
        X = self._check_X(X)
        with np.errstate(under="ignore"):  # tiny products round to 0: right
            return self._output(X @ self.w + self.b)

    def prepare(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Check a data set once; return copies of X (n, n_features) and y (n,)."""
        X = self._check_X(X)
        y = as_float_array(y, "y", ndim=1, expected=f"({X.shape[0]},) (n_samples,)")
        if y.shape != (X.shape[0],):
            raise ValueError(
                f"y must have shape ({X.shape[0]},), one target per row of X; got {y.shape}"
            )
        self._check_targets(y)
        return X.copy(), y.copy()

    def batch_loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """``loss`` without checks, on rows of a ``prepare``d set (kept by reference, no copy)."""
        z = X @ self.w + self.b
        y_hat = self._output(z)
        self._cache = (X, y_hat, y)
        return self._loss_value(z, y_hat, y)

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """The mean loss over the batch; keeps what ``backward`` needs. y: (n,)."""
        X, y = self.prepare(X, y)
        with np.errstate(under="ignore"):  # tiny products round to 0: right
            return self.batch_loss(X, y)

    def backward(self) -> None:
        """dL/dw = Xᵀ dL/dz and dL/db = Σ dL/dz, for the last ``loss(X, y)``."""
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() needs a loss to differentiate: "
                "call loss(X, y) first"
            )
        X, y_hat, y = self._cache
        with np.errstate(under="ignore"):  # tiny gradients round to 0: right
            dz = self._dz(y_hat, y)
            self.dw = X.T @ dz
            self.db = np.array(dz.sum())

    def parameters(self) -> list[np.ndarray]:
        """[w, b]: the live arrays."""
        return [self.w, self.b]

    def gradients(self) -> list[np.ndarray]:
        """[dw, db], in the order of ``parameters()``."""
        return [self.dw, self.db]

    def parameter_names(self) -> list[str]:
        """["w", "b"], in the order of ``parameters()``."""
        return ["w", "b"]

    def _check_X(self, X: ArrayLike) -> np.ndarray:
        X = as_float_array(
            X, "X", ndim=2, expected=f"(n, {self.n_features}) (n_samples, n_features)"
        )
        check_columns(X, "X", self.n_features, "(n_samples, n_features)")
        return X

    @abstractmethod
    def _check_targets(self, y: np.ndarray) -> None:
        """Raise unless y (finite numbers, checked by ``prepare``) are targets of this model."""


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
        return kernels.sigmoid(z)

    def _loss_value(self, z: np.ndarray, p: np.ndarray, y: np.ndarray) -> float:
        return kernels.sigmoid_cross_entropy(z, y)  # from the logits: exact, no clipping

    def _dz(self, p: np.ndarray, y: np.ndarray) -> np.ndarray:
        return kernels.logit_gradient(p, y, len(y))

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
        return kernels.mse(y_hat, y)

    def _dz(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return kernels.mse_grad(y_hat, y)

    def _check_targets(self, y: np.ndarray) -> None:
        """Any finite numbers are targets of a regression: nothing more to check."""


class ThreeNeuronNet:
    """The seeds' network: 4 inputs → 3 hidden sigmoid neurons → 1 linear output.

    For one sample x (4,) and target y (a number):
        z = W1 x + b1,  a = σ(z),  ŷ = W2 a + b2,  L = (ŷ − y)².
    W1: (3, 4), with W1[i−1, j−1] = w_ij, the weight into hidden neuron i from
    input j; b1: (3,); W2: (1, 3); b2: (1,). It follows the model protocol for
    one sample: ``backward`` computes all 15 hidden-layer and 4 output-layer
    derivatives with matrix operations into dW1, db1, dW2, db2;
    ``gradients_elementwise(x, y)`` computes the same numbers one weight at a
    time, following the seeds' chain-rule products term by term.
    """

    def __init__(self, seed: int | np.random.Generator = 0, scale: float = 0.5) -> None:
        rng = as_generator(seed)
        scale = check_positive_float(scale, "scale")
        self.W1 = rng.normal(0.0, scale, size=(3, 4))
        self.b1 = rng.normal(0.0, scale, size=3)
        self.W2 = rng.normal(0.0, scale, size=(1, 3))
        self.b2 = rng.normal(0.0, scale, size=1)
        self.dW1, self.db1 = np.zeros_like(self.W1), np.zeros_like(self.b1)
        self.dW2, self.db2 = np.zeros_like(self.W2), np.zeros_like(self.b2)
        self._cache: tuple[np.ndarray, np.ndarray, np.ndarray, float] | None = None

    def __repr__(self) -> str:
        return "ThreeNeuronNet(4 → 3 sigmoid → 1)"

    def forward(self, x: ArrayLike) -> float:
        """ŷ = W2 σ(W1 x + b1) + b2 for one sample x of shape (4,)."""
        return float(self._forward(self._check_x(x))[1][0])

    def loss(self, x: ArrayLike, y: float) -> float:
        """L = (ŷ − y)² for one sample x (4,) and its target y; keeps what ``backward`` needs."""
        x = self._check_x(x).copy()
        y = check_finite_float(y, "y")
        a, y_hat = self._forward(x)
        self._cache = (x, a, y_hat, y)
        return float(y_hat[0] - y) ** 2

    def backward(self) -> None:
        """dW1, db1, dW2, db2 for the last ``loss(x, y)``, in matrix form.

        ∂L/∂ŷ = 2 (ŷ − y); dW2 = ∂L/∂ŷ aᵀ; db2 = ∂L/∂ŷ;
        ∂L/∂a = W2ᵀ ∂L/∂ŷ; ∂L/∂z = ∂L/∂a ⊙ a (1 − a); dW1 = ∂L/∂z xᵀ; db1 = ∂L/∂z.
        """
        x, a, y_hat, y = self._last_loss()
        dL_dy = kernels.mse_grad(y_hat, y)  # ∂L/∂ŷ = 2 (ŷ − y), shape (1,)
        self.dW2 = np.outer(dL_dy, a)  # ∂L/∂W2 = ∂L/∂ŷ aᵀ
        self.db2 = dL_dy  # ∂L/∂b2 = ∂L/∂ŷ
        dL_da = self.W2.T @ dL_dy  # ∂L/∂a = W2ᵀ ∂L/∂ŷ
        dL_dz = dL_da * kernels.sigmoid_slope(a)  # ∂L/∂z = ∂L/∂a ⊙ a (1 − a)
        self.dW1 = np.outer(dL_dz, x)  # ∂L/∂W1 = ∂L/∂z xᵀ
        self.db1 = dL_dz  # ∂L/∂b1 = ∂L/∂z

    def gradients(self) -> list[np.ndarray]:
        """[dW1, db1, dW2, db2], in the order of ``parameters()``."""
        return [self.dW1, self.db1, self.dW2, self.db2]

    def gradients_elementwise(self, x: ArrayLike, y: float) -> dict[str, np.ndarray]:
        """The same gradients, one weight at a time, as the seeds write them:

        ∂L/∂w_ij = ∂L/∂ŷ · ∂ŷ/∂a_i · ∂a_i/∂z_i · ∂z_i/∂w_ij
                 = 2(ŷ − y) · w2_i · a_i(1 − a_i) · x_j
        ∂L/∂b_i  = ∂L/∂ŷ · ∂ŷ/∂a_i · ∂a_i/∂z_i · ∂z_i/∂b_i   (∂z_i/∂b_i = 1)
        Returns {"dW1": (3, 4), "db1": (3,), "dW2": (1, 3), "db2": (1,)}.
        """
        x = self._check_x(x)
        a, y_hat = self._forward(x)
        dL_dy = kernels.mse_grad(y_hat, check_finite_float(y, "y"))[0]
        grads = {
            "dW1": np.zeros((3, 4)),
            "db1": np.zeros(3),
            "dW2": np.zeros((1, 3)),
            "db2": np.zeros(1),
        }
        for i in range(3):  # hidden neuron i + 1
            dy_da = self.W2[0, i]
            da_dz = kernels.sigmoid_slope(a[i])
            for j in range(4):  # input j + 1
                dz_dw = x[j]
                grads["dW1"][i, j] = dL_dy * dy_da * da_dz * dz_dw
            grads["db1"][i] = dL_dy * dy_da * da_dz * 1.0
            grads["dW2"][0, i] = dL_dy * a[i]  # ∂ŷ/∂w2_i = a_i
        grads["db2"][0] = dL_dy
        return grads

    def parameters(self) -> list[np.ndarray]:
        """[W1, b1, W2, b2]: the live arrays."""
        return [self.W1, self.b1, self.W2, self.b2]

    def parameter_names(self) -> list[str]:
        """["W1", "b1", "W2", "b2"], in the order of ``parameters()``."""
        return ["W1", "b1", "W2", "b2"]

    def _last_loss(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """What the last ``loss(x, y)`` kept: x, a, ŷ and y."""
        if self._cache is None:
            raise RuntimeError("ThreeNeuronNet.backward() needs a loss: call loss(x, y) first")
        return self._cache

    def _forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a = kernels.sigmoid(self.W1 @ x + self.b1)
        return a, self.W2 @ a + self.b2

    def _check_x(self, x: ArrayLike) -> np.ndarray:
        x = as_float_array(x, "x", ndim=1, expected="(4,)")
        if x.shape != (4,):
            raise ValueError(f"x must be one sample with 4 inputs, shape (4,); got shape {x.shape}")
        return x
