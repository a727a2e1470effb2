"""Models: layers put together, with one loss and one backward pass."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, as_generator, as_targets, check_columns, check_positive_int
from .activations import _softmax
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
        X = self._check_X(X)
        targets = as_targets(y, "y", X.shape[0], self.sizes[-1])
        loss = self.head._forward(self._forward(X), targets)
        self._loss_cached = True
        return loss

    def backward(self) -> None:
        """Compute dL/dW and dL/db of every layer for the last ``loss(X, y)``.

        The gradients overwrite the previous ones (read them with ``gradients()``).
        """
        if not self._loss_cached:
            raise RuntimeError(
                "MLP.backward() needs a loss to differentiate: call loss(X, y) first "
                "(forward() and predict() do not keep what backward needs)"
            )
        grad = self.head._backward(self.head._probs)
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
    return [check_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
