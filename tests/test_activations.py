"""Activations: values, element-wise derivatives against finite differences, stability."""

import numpy as np
import pytest
from conftest import away_from_zero, dims, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib import activations as act
from course_lib.gradcheck import numerical_gradient, relative_error

PAIRS = [
    (act.sigmoid, act.sigmoid_grad),
    (act.relu, act.relu_grad),
    (act.tanh, act.tanh_grad),
]


@pytest.mark.parametrize("f, f_grad", PAIRS, ids=lambda f: getattr(f, "__name__", ""))
@given(seed=seeds, shape=st.lists(dims, min_size=1, max_size=3))
def test_derivative_matches_finite_differences(f, f_grad, seed, shape):
    z = away_from_zero(np.random.default_rng(seed), shape) * 1.5
    # The gradient of Σ f(z) with respect to z is the element-wise derivative f'(z).
    numeric = numerical_gradient(lambda x: np.sum(f(x)), z)
    assert relative_error(f_grad(z), numeric) < 1e-6


@given(seed=seeds, n=dims, k=st.integers(2, 6))
def test_softmax_jacobian_matches_finite_differences(seed, n, k):
    rng = np.random.default_rng(seed)
    z, w = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    s = act.softmax(z)
    # d(Σ w ⊙ softmax(z))/dz = s ⊙ (w − Σ_k s_k w_k), row by row.
    analytic = s * (w - np.sum(s * w, axis=1, keepdims=True))
    numeric = numerical_gradient(lambda x: np.sum(w * act.softmax(x)), z)
    assert relative_error(analytic, numeric) < 1e-6


def test_known_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_grad(0.0) == 0.25
    assert act.tanh_grad(0.0) == 1.0
    np.testing.assert_array_equal(act.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu_grad([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(act.sigmoid(np.log(3.0)), 0.75)
    np.testing.assert_allclose(act.softmax([0.0, np.log(3.0)]), [0.25, 0.75])


def test_scalars_in_scalars_out():
    for f in (act.sigmoid, act.sigmoid_grad, act.relu, act.relu_grad, act.tanh, act.tanh_grad):
        assert isinstance(f(0.3), float)


@given(seed=seeds, n=dims, k=st.integers(1, 6), shift=st.floats(-50, 50))
def test_softmax_rows_are_distributions_and_shift_invariant(seed, n, k, shift):
    z = np.random.default_rng(seed).normal(size=(n, k)) * 5
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.all(s >= 0)
    np.testing.assert_allclose(act.softmax(z + shift), s, atol=1e-12)
    np.testing.assert_allclose(act.log_softmax(z), np.log(s), atol=1e-10)


@pytest.mark.parametrize("big", [1000.0, 1e4])
def test_no_floating_point_error_at_extremes(big):
    z = np.array([[-big, 0.0, big], [big, -big, 0.5]])
    with np.errstate(all="raise"):
        sig = act.sigmoid(z)
        s = act.softmax(z)
        log_s = act.log_softmax(z)
        grads = [act.sigmoid_grad(z), act.tanh(z), act.tanh_grad(z), act.relu_grad(z)]
    np.testing.assert_array_equal(sig[0], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(s[0], [0.0, 0.0, 1.0])
    assert np.all(np.isfinite(log_s))
    np.testing.assert_allclose(log_s[0, 2], 0.0, atol=1e-12)
    assert all(np.all(np.isfinite(g)) for g in grads)


def test_sigmoid_keeps_relative_precision_in_the_left_tail():
    # exp(-|z|) keeps full relative precision far below 1e-16, where 1/(1+e^-z) overflows.
    for z in (-40.0, -700.0):
        np.testing.assert_allclose(act.sigmoid(z), np.exp(z) / (1 + np.exp(z)), rtol=1e-14)


EXTREMES = np.array([-1e4, -800.0, -745.0, -700.0, -1e-310, 0.0, 1e-310, 700.0, 745.0, 800.0, 1e4])


@pytest.mark.parametrize(
    "fn",
    [
        act.sigmoid,
        act.sigmoid_grad,
        act.relu,
        act.relu_grad,
        act.tanh,
        act.tanh_grad,
        act.softmax,
        act.log_softmax,
    ],
)
def test_no_underflow_is_reported_at_extremes(fn):
    with np.errstate(all="raise"):
        out = fn(np.stack([EXTREMES, -EXTREMES]))
    assert np.all(np.isfinite(out))


def test_results_are_fresh_arrays():
    z = np.array([-1.0, 0.5, 2.0])
    for fn in (act.sigmoid, act.relu, act.tanh, act.softmax, act.log_softmax):
        out = fn(z)
        assert not np.shares_memory(out, z)


def test_sigmoid_grad_is_the_kernel_slope_of_the_output():
    from course_lib import kernels

    z = np.linspace(-6, 6, 13)
    np.testing.assert_array_equal(act.sigmoid_grad(z), kernels.sigmoid_slope(kernels.sigmoid(z)))
