"""Finite differences and relative errors, checked on functions with known gradients."""

import numpy as np
import pytest
from hypothesis import given

from conftest import dims, seeds
from course_lib.gradcheck import GradientReport, gradient_report, numerical_gradient, relative_error
from course_lib.models import MLP


@given(seed=seeds, n=dims)
def test_numerical_gradient_of_a_quadratic(seed, n):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(n, n)), rng.normal(size=n)
    numeric = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(numeric, (A + A.T) @ x, rtol=1e-6, atol=1e-8)


def test_numerical_gradient_restores_x_and_works_in_place():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = W.copy()
    # f reads W from outside, as with model parameters: the nudges must reach it.
    numeric = numerical_gradient(lambda _: np.sum(W**3), W)
    np.testing.assert_allclose(numeric, 3 * before**2, rtol=1e-8)
    np.testing.assert_array_equal(W, before)
    column = np.ones((3, 3))[:, 1]  # a non-contiguous view is nudged in place too
    assert np.allclose(numerical_gradient(lambda v: np.sum(v**2), column), 2.0)


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.array([1.0, 2.0])

    def f(v):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_needs_a_scalar_function():
    with pytest.raises(ValueError, match="f\\(x\\) must return a finite number"):
        numerical_gradient(lambda v: v * 2, np.ones(3))
    with pytest.raises(ValueError, match="f\\(x\\) must return a finite number"):
        numerical_gradient(lambda v: np.nan, np.ones(3))


def test_relative_error_properties():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, 2 * a) == pytest.approx(0.5)
    assert relative_error(a, 2 * a) == relative_error(2 * a, a)
    assert relative_error(1e-9 * a, 2e-9 * a) == pytest.approx(0.5)  # scale-free
    assert relative_error(a, -a) == pytest.approx(2.0)


class _BrokenMLP(MLP):
    """An MLP whose backward pass forgets the 1/n of the mean for the first bias."""

    def backward(self):
        super().backward()
        self.dense_layers[0].db *= 3


def test_gradient_report_catches_a_wrong_gradient():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(3, 2)), np.array([0, 1, 1])
    report = gradient_report(_BrokenMLP([2, 3, 2], activation="tanh", seed=0), X, y)
    assert isinstance(report, GradientReport)
    assert not report.passed
    assert [row.ok for row in report.rows] == [True, False, True, True]
    assert "✗ WRONG" in repr(report) and "b1" in repr(report)
    assert "✗ wrong" in report._repr_html_()


def test_gradient_report_needs_a_model():
    with pytest.raises(TypeError, match="model must have a loss\\(\\) method"):
        gradient_report(object(), np.ones((1, 2)), [0])
