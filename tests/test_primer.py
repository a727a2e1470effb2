"""The primer's checkers: references that agree with course_lib, and learners' real bugs named.

The checkers of ``course_lib.exercises.primer`` grade against their own formulas, written
independently of ``course_lib.activations``, ``layers`` and ``models``; here they must give
course_lib's numbers. Then code a learner really writes, each with one bug, must fail with the
mistake named (tests/test_checkers_adversarial.py adds the generated wrong answers).
"""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import activations
from course_lib.exercises import (
    check_count_parameters,
    check_dense_forward,
    check_sigmoid_grad,
    check_softmax,
)
from course_lib.layers import Dense
from course_lib.models import MLP


def test_sigmoid_grad_reference_is_course_libs():
    for case in check_sigmoid_grad.spec.cases:
        (z,) = case.args.values()
        np.testing.assert_allclose(
            check_sigmoid_grad.spec.reference(z), activations.sigmoid_grad(z)
        )


def test_dense_forward_reference_is_a_dense_layers_forward():
    for case in check_dense_forward.spec.cases:
        X, W, b = case.args.values()
        layer = Dense(W.shape[1], W.shape[0])
        layer.W, layer.b = W.copy(), b.copy()
        np.testing.assert_allclose(check_dense_forward.spec.reference(X, W, b), layer.forward(X))


def test_count_parameters_reference_counts_an_mlps_arrays():
    for case in check_count_parameters.spec.cases:
        (sizes,) = case.args.values()
        layers = [Dense(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        counted = sum(p.size for layer in layers for p in layer.parameters())
        assert check_count_parameters.spec.reference(sizes) == counted


def test_softmax_reference_is_course_libs():
    for case in check_softmax.spec.cases:
        (Z,) = case.args.values()
        np.testing.assert_allclose(check_softmax.spec.reference(Z), activations.softmax(Z))


def test_each_checker_passes_course_lib_itself():
    assert check_sigmoid_grad(activations.sigmoid_grad)
    assert check_softmax(activations.softmax)
    assert check_dense_forward(lambda X, W, b: np.einsum("nj,ij->ni", X, W) + b)
    assert sum(p.size for p in MLP([64, 128, 64, 10]).parameters()) == 17_226
    assert check_count_parameters.spec.reference([64, 128, 64, 10]) == 17_226


# --- Code a learner writes, with one bug each -----------------------------------------------------


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_grad_plus(z):
    s = sigmoid(z)
    return s * (1 + s)


def sigmoid_grad_of_z(z):
    return z * (1 - z)


def sigmoid_grad_squared(z):
    return 1 - sigmoid(z) ** 2


def dense_forward_no_transpose(X, W, b):
    return X @ W + b


def dense_forward_no_bias(X, W, b):
    return X @ W.T


def dense_forward_with_sigmoid(X, W, b):
    return sigmoid(X @ W.T + b)


def dense_forward_bias_reshaped(X, W, b):
    return X @ W.T + b.reshape(-1, 1)


def count_without_biases(sizes):
    return sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))


def count_with_input_biases(sizes):
    total = 0
    for n in sizes:
        total += n  # a bias for every neuron, the inputs included
    for i in range(len(sizes) - 1):
        total += sizes[i] * sizes[i + 1]
    return total


def softmax_unshifted(Z):
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def softmax_axis_0(Z):
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_global_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=1, keepdims=True)


def softmax_max_without_keepdims(Z):
    e = np.exp(Z - Z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


def softmax_total_sum(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / np.sum(e)


BUGS = [
    (check_sigmoid_grad, sigmoid_grad_plus, "σ(1 + σ)"),
    (check_sigmoid_grad, sigmoid_grad_of_z, "z in place of σ(z)"),
    (check_sigmoid_grad, sigmoid, "the sigmoid itself"),
    (check_sigmoid_grad, sigmoid_grad_squared, "tanh's derivative"),
    (check_dense_forward, dense_forward_no_transpose, "X @ W instead of X @ W.T"),
    (check_dense_forward, dense_forward_no_bias, "bias forgotten"),
    (check_dense_forward, dense_forward_with_sigmoid, "activation applied"),
    (check_dense_forward, dense_forward_bias_reshaped, "bias as a column"),
    (check_count_parameters, count_without_biases, "biases forgotten"),
    (check_count_parameters, count_with_input_biases, "biases on the inputs"),
    (check_softmax, softmax_unshifted, "no shift"),
    (check_softmax, softmax_axis_0, "softmax over the wrong axis"),
    (check_softmax, softmax_global_max, "shifted by the largest logit of all rows"),
    (check_softmax, softmax_max_without_keepdims, "max without keepdims"),
    (check_softmax, softmax_total_sum, "one sum over the whole batch"),
]


@pytest.mark.parametrize("check, learner, mistake", BUGS, ids=[bug.__name__ for _, bug, _ in BUGS])
def test_a_learners_bug_fails_and_is_named(check, learner, mistake):
    feedback = check(learner)
    assert not feedback.passed
    assert feedback.mistake == mistake, feedback.message


def test_no_shift_is_named_from_its_nan():
    feedback = check_softmax(softmax_unshifted)
    assert "NaN" in feedback.message and "Z.max(axis=1, keepdims=True)" in feedback.message
