"""Checkers for the chapter "What a network is", with their catalogues of mistakes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .core import Feedback, Mistake, checker


# Independent on purpose (own formulas, not course_lib.activations or layers);
# tests/test_primer.py tests they agree with course_lib.
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_grad(z):
    s = _sigmoid(np.asarray(z, dtype=float))
    return s * (1.0 - s)


SIGMOID_GRAD_MISTAKES = [
    Mistake(
        "σ(1 + σ)",
        "the derivation ends with e^(−z) / (1 + e^(−z)) = 1 − σ(z), so σ′ = σ(1 − σ): a minus, "
        "not a plus.",
        lambda z: _sigmoid(z) * (1.0 + _sigmoid(z)),
    ),
    Mistake(
        "z in place of σ(z)",
        "the formula uses the sigmoid's output: σ′(z) = σ(z)(1 − σ(z)), not z(1 − z). "
        "Compute s = sigmoid(z) first, then s * (1 - s).",
        lambda z: z * (1.0 - z),
    ),
    Mistake(
        "the sigmoid itself",
        "you returned σ(z); its slope is σ(z)(1 − σ(z)), at most 0.25 (at z = 0).",
        lambda z: _sigmoid(z),
    ),
    Mistake(
        "factor 1 − σ missing",
        "σ′ = σ(1 − σ) has two factors: σ(z) and 1 − σ(z).",
        lambda z: 1.0 - _sigmoid(z),
    ),
    Mistake(
        "tanh's derivative",
        "1 − σ² has the shape of tanh's slope, 1 − tanh²; the sigmoid's is σ(1 − σ).",
        lambda z: 1.0 - _sigmoid(z) ** 2,
    ),
]


@checker(
    reference=_sigmoid_grad,
    cases=[
        {"z": np.array([0.0, 1.0, -2.0, 3.5])},
        {"z": np.array([[0.5, -0.5], [4.0, -4.0]])},
        {"z": np.array([-30.0, -8.0, 8.0, 30.0])},
    ],
    mistakes=SIGMOID_GRAD_MISTAKES,
)
def check_sigmoid_grad(fn: Callable) -> Feedback:
    """Check ``fn(z)`` → σ′(z) = σ(z)(1 − σ(z)), element-wise, shaped like z."""


def _dense_forward(X, W, b):
    return X @ W.T + b


def _when(condition: bool, value):
    """``value`` where a mistake can happen for these shapes, else None (it cannot)."""
    return value if condition else None


DENSE_FORWARD_MISTAKES = [
    Mistake(
        "X @ W instead of X @ W.T",
        "W has shape (n_out, n_in): row i holds the weights into neuron i. Each sample (a row "
        "of X) must meet each row of W, so Z = X @ W.T + b. X @ W only runs when W is square, "
        "and then it pairs the inputs with the wrong weights.",
        lambda X, W, b: _when(W.shape[0] == W.shape[1], X @ W + b),
    ),
    Mistake(
        "bias forgotten",
        "every neuron adds its bias to its weighted sum: Z = X @ W.T + b.",
        lambda X, W, b: X @ W.T,
    ),
    Mistake(
        "bias subtracted",
        "the bias is added: z = w · x + b.",
        lambda X, W, b: X @ W.T - b,
    ),
    Mistake(
        "bias as a column",
        "b has one entry per neuron, and neurons are the columns of Z: add b as it is, shape "
        "(n_out,), which numpy adds to every row. b[:, None] adds it down the rows instead.",
        lambda X, W, b: _when(X.shape[0] == W.shape[0], X @ W.T + b[:, None]),
    ),
    Mistake(
        "activation applied",
        "this exercise asks for the weighted sums Z = X Wᵀ + b, before any activation; the "
        "layer's activation function comes after, as a layer of its own.",
        lambda X, W, b: _sigmoid(X @ W.T + b),
    ),
    Mistake(
        "element-wise product instead of matrix product",
        "each z_ni is a sum over the inputs, Σ_j x_nj w_ij: that is a matrix product, @, "
        "not the entry by entry product *.",
        lambda X, W, b: _when(X.shape == W.shape, X * W + b),
    ),
]

_rng = np.random.default_rng(20261203)  # fixed: every learner gets the same cases


@checker(
    reference=_dense_forward,
    cases=[
        {
            "X": _rng.normal(size=(3, 3)),
            "W": _rng.normal(size=(3, 3)),
            "b": np.array([0.5, -1.0, 2.0]),
        },
        {
            "X": np.array([[5.0, 7.0], [3.0, 4.0], [8.0, 6.0]]),
            "W": np.array([[0.4, -0.2], [0.1, 0.3], [-0.5, 0.2]]),
            "b": np.array([-0.5, 0.0, 1.0]),
        },
        {
            "X": _rng.normal(size=(2, 4)),
            "W": _rng.normal(size=(2, 4)),
            "b": np.array([1.5, -0.25]),
        },
        {"X": _rng.normal(size=(1, 4)), "W": _rng.normal(size=(3, 4)), "b": _rng.normal(size=3)},
    ],
    mistakes=DENSE_FORWARD_MISTAKES,
)
def check_dense_forward(fn: Callable) -> Feedback:
    """Check ``fn(X, W, b)`` → Z = X Wᵀ + b.

    X: (n, n_in), W: (n_out, n_in), b: (n_out,); Z: (n, n_out).
    """


def _count_parameters(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


def _layer_pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:], strict=True))


COUNT_PARAMETERS_MISTAKES = [
    Mistake(
        "biases forgotten",
        "each layer has a bias per neuron too: n_in · n_out weights plus n_out biases.",
        lambda sizes: sum(i * o for i, o in _layer_pairs(sizes)),
    ),
    Mistake(
        "a bias per input",
        "a layer has one bias per neuron, n_out of them, not one per input.",
        lambda sizes: sum(i * o + i for i, o in _layer_pairs(sizes)),
    ),
    Mistake(
        "biases on the inputs",
        "the input layer is the data: it has no weights and no biases. Only the layers after it "
        "have n_out biases each.",
        lambda sizes: _count_parameters(sizes) + sizes[0],
    ),
    Mistake(
        "one bias per layer",
        "every neuron has its own bias: a layer of n_out neurons has n_out of them.",
        lambda sizes: sum(i * o + 1 for i, o in _layer_pairs(sizes)),
    ),
    Mistake(
        "neurons counted",
        "you counted neurons; the parameters are the weights (one per connection, n_in · n_out "
        "per layer) and the biases (one per neuron).",
        lambda sizes: sum(sizes),
    ),
    Mistake(
        "widths multiplied together",
        "weights connect consecutive layers only: add n_in · n_out + n_out over the layers.",
        lambda sizes: int(np.prod(sizes)),
    ),
]


@checker(
    reference=_count_parameters,
    cases=[
        {"sizes": [3, 4, 2]},
        {"sizes": [4, 3, 1]},
        {"sizes": [64, 128, 64, 10]},
        {"sizes": [784, 10]},
    ],
    mistakes=COUNT_PARAMETERS_MISTAKES,
)
def check_count_parameters(fn: Callable) -> Feedback:
    """Check ``fn(sizes)`` → the number of weights and biases of a dense network of these widths."""


def _softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_with(Z, *, shift="row", axis=1, max_keepdims=True, sum_keepdims=True):
    """Softmax as mistaken code writes it (its errors, NaN included, are the mistake's mark)."""
    if shift == "row":
        Z = Z - Z.max(axis=1 if axis is None else axis, keepdims=max_keepdims)
    elif shift == "all":
        Z = Z - Z.max()
    e = np.exp(Z)
    if axis is None:
        return e / e.sum()
    return e / e.sum(axis=axis, keepdims=sum_keepdims)


SOFTMAX_MISTAKES = [
    Mistake(
        "no shift",
        "e^z overflows to inf for logits above about 709, and inf / inf is NaN (for logits below "
        "about −745 every e^z is 0, and 0 / 0 is NaN). Subtract each row's largest logit first, "
        "Z - Z.max(axis=1, keepdims=True): softmax does not change, and every exponent is ≤ 0.",
        lambda Z: _softmax_with(Z, shift=None),
        when_nonfinite=True,
    ),
    Mistake(
        "shifted by the largest logit of all rows",
        "the shift must be each row's own maximum: with the maximum of the whole batch, a row "
        "whose logits are all far below it gets e^(z − max) = 0 everywhere, and 0 / 0 is NaN. "
        "Use Z.max(axis=1, keepdims=True).",
        lambda Z: _softmax_with(Z, shift="all"),
    ),
    Mistake(
        "softmax over the wrong axis",
        "each row is one sample, and its probabilities over the classes (along the row, axis=1) "
        "must sum to 1; with axis=0 each column (each class, over the samples) sums to 1.",
        lambda Z: _softmax_with(Z, axis=0),
    ),
    Mistake(
        "one sum over the whole batch",
        "normalise each row by its own sum, e.sum(axis=1, keepdims=True): one sum over the whole "
        "array makes all the probabilities of the batch sum to 1 together.",
        lambda Z: _softmax_with(Z, axis=None),
    ),
    Mistake(
        "max without keepdims",
        "Z.max(axis=1) has shape (n,), and Z - Z.max(axis=1) subtracts it along each row, as if "
        "it were one number per class. Keep the axis, Z.max(axis=1, keepdims=True), shape (n, 1), "
        "so that each row loses its own maximum.",
        lambda Z: _when(Z.shape[0] == Z.shape[1], _softmax_with(Z, max_keepdims=False)),
    ),
    Mistake(
        "sum without keepdims",
        "e.sum(axis=1) has shape (n,), and e / e.sum(axis=1) divides along each row, as if it "
        "were one number per class. Keep the axis, e.sum(axis=1, keepdims=True), shape (n, 1).",
        lambda Z: _when(Z.shape[0] == Z.shape[1], _softmax_with(Z, sum_keepdims=False)),
    ),
]


@checker(
    reference=_softmax,
    cases=[
        {"Z": np.array([[1.0, -1.0, 0.5], [3.0, 2.0, -2.0], [0.2, 0.4, -0.6]])},
        {"Z": np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]])},
        {"Z": np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.0]])},
        {"Z": np.array([[5.0, -5.0], [0.5, 0.25], [-3.0, 1.0], [0.0, 2.0]])},
    ],
    mistakes=SOFTMAX_MISTAKES,
    atol=1e-12,
)
def check_softmax(fn: Callable) -> Feedback:
    """Check ``fn(Z)`` → softmax of each row of the logits Z (n, k), computed without overflow."""
