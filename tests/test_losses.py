"""Losses: worked values, gradients against finite differences, stability."""

import numpy as np
import pytest
from conftest import dims, seeds
from hypothesis import given
from hypothesis import strategies as st

from course_lib import losses
from course_lib.activations import softmax
from course_lib.gradcheck import numerical_gradient, relative_error

shapes = st.lists(dims, min_size=1, max_size=2)


@given(seed=seeds, shape=shapes)
def test_mse_grad_matches_finite_differences(seed, shape):
    rng = np.random.default_rng(seed)
    y_pred, y_true = rng.normal(size=shape), rng.normal(size=shape)
    numeric = numerical_gradient(lambda p: losses.mse(p, y_true), y_pred)
    assert relative_error(losses.mse_grad(y_pred, y_true), numeric) < 1e-6


@given(seed=seeds, shape=shapes, soft=st.booleans())
def test_binary_cross_entropy_grad_matches_finite_differences(seed, shape, soft):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=shape)
    y = rng.uniform(size=shape) if soft else (rng.uniform(size=shape) < 0.5).astype(float)
    numeric = numerical_gradient(lambda q: losses.binary_cross_entropy(q, y), p)
    assert relative_error(losses.binary_cross_entropy_grad(p, y), numeric) < 1e-6


@given(seed=seeds, n=dims, k=st.integers(2, 6))
def test_cross_entropy_grad_matches_finite_differences(seed, n, k):
    rng = np.random.default_rng(seed)
    probs = softmax(rng.normal(size=(n, k)))
    y = rng.integers(0, k, size=n)
    # cross_entropy itself rejects rows that do not sum to 1, which a nudge
    # breaks, so differentiate its formula, −(1/n) Σ_i log p_(i, y_i), directly.
    numeric = numerical_gradient(lambda q: -np.sum(np.log(q[np.arange(n), y])) / n, probs)
    assert relative_error(losses.cross_entropy_grad(probs, y), numeric) < 1e-6


@given(seed=seeds, n=dims, k=st.integers(2, 6), one_hot=st.booleans())
def test_softmax_cross_entropy_grad_matches_finite_differences(seed, n, k, one_hot):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, k)) * 3
    labels = rng.integers(0, k, size=n)
    y = np.eye(k)[labels] if one_hot else labels
    numeric = numerical_gradient(lambda z: losses.softmax_cross_entropy(z, y), logits)
    analytic = losses.softmax_cross_entropy_grad(logits, y)
    assert relative_error(analytic, numeric) < 1e-6
    np.testing.assert_allclose(analytic, (softmax(logits) - np.eye(k)[labels]) / n)


def test_worked_values():
    # The chapter's MSE example: errors −0.5, 0.5, 0.1, 0 → (0.25 + 0.25 + 0.01 + 0) / 4.
    assert losses.mse([2.5, 0.0, 2.1, 7.8], [3.0, -0.5, 2.0, 7.8]) == pytest.approx(0.1275)
    np.testing.assert_allclose(losses.mse_grad([1.0, 3.0], [0.0, 0.0]), [1.0, 3.0])
    assert losses.binary_cross_entropy([0.5], [1.0]) == pytest.approx(np.log(2))
    # The seed's softmax example: Y_pred = [0.5, 0.5, 0], Y_target = [0, 1, 0].
    assert losses.cross_entropy([[0.5, 0.5, 0.0]], [[0, 1, 0]]) == pytest.approx(np.log(2))
    assert losses.cross_entropy([[0.5, 0.5, 0.0]], [1]) == pytest.approx(np.log(2))


def test_labels_and_one_hot_agree():
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    one_hot = np.eye(4)[labels]
    assert losses.softmax_cross_entropy(logits, labels) == losses.softmax_cross_entropy(
        logits, one_hot
    )
    probs = softmax(logits)
    assert losses.cross_entropy(probs, labels) == pytest.approx(
        losses.softmax_cross_entropy(logits, labels)
    )


@pytest.mark.parametrize("big", [1000.0, 1e4])
def test_softmax_cross_entropy_is_finite_for_huge_logits(big):
    logits = np.array([[big, -big, 0.0], [-big, big, 0.0]])
    with np.errstate(all="raise"):
        right = losses.softmax_cross_entropy(logits, [0, 1])
        wrong = losses.softmax_cross_entropy(logits, [1, 0])
        grad = losses.softmax_cross_entropy_grad(logits, [1, 0])
    assert right == pytest.approx(0.0, abs=1e-12)
    assert wrong == pytest.approx(2 * big)  # −log softmax = the logit gap, no overflow
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad[0], [0.5, -0.5, 0.0])


def test_binary_cross_entropy_is_finite_at_zero_and_one():
    p, y = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    with np.errstate(all="raise"):
        loss = losses.binary_cross_entropy(p, y)
        grad = losses.binary_cross_entropy_grad(p, y)
    assert np.isfinite(loss) and loss > 10  # two confidently wrong predictions
    assert np.all(np.isfinite(grad))
    assert losses.binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-9)


def test_no_broadcasting_between_column_and_row():
    with pytest.raises(
        ValueError, match=r"y_pred and y_true must have the same shape.*\(3, 1\).*\(3,\)"
    ):
        losses.mse(np.zeros((3, 1)), np.zeros(3))


def test_logits_passed_as_probabilities_get_a_hint():
    with pytest.raises(ValueError, match="softmax_cross_entropy"):
        losses.cross_entropy([[2.0, -1.0, 0.5]], [0])


TINY = np.array([-1e-300, 0.0, 1e-300, 3e-310])


@pytest.mark.parametrize(
    "fn",
    [losses.mse, losses.mse_grad, losses.sigmoid_cross_entropy, losses.sigmoid_cross_entropy_grad],
)
def test_regression_and_logit_losses_do_not_underflow(fn):
    with np.errstate(all="raise"):
        fn(TINY, np.full(4, 1e-300))
        fn(np.array([-1e4, -800.0, 800.0, 1e4]), np.array([0.0, 1.0, 0.0, 1.0]))


@pytest.mark.parametrize("fn", [losses.binary_cross_entropy, losses.binary_cross_entropy_grad])
def test_binary_cross_entropy_does_not_underflow(fn):
    with np.errstate(all="raise"):
        fn(np.array([0.0, 1e-320, 1e-300, 0.5, 1.0]), np.array([0.0, 1.0, 1e-320, 1.0, 1.0]))


@pytest.mark.parametrize("fn", [losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad])
def test_softmax_cross_entropy_does_not_underflow(fn):
    logits = np.array([[1e4, 0.0, -1e4], [-800.0, 800.0, 0.0]])
    with np.errstate(all="raise"):
        fn(logits, np.array([2, 0]))


def test_cross_entropy_does_not_underflow():
    probs = np.array([[1.0, 0.0, 0.0], [1e-320, 1.0 - 1e-16, 1e-16]])
    with np.errstate(all="raise"):
        losses.cross_entropy(probs, np.array([1, 0]))
        losses.cross_entropy_grad(probs, np.array([1, 0]))


def test_labels_far_out_of_range_are_reported_not_wrapped():
    with pytest.raises(
        ValueError,
        match=r"y must hold labels in 0 \.\. 2 \(3 classes\); got values from 0 to 1e\+300",
    ):
        losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1e300]))


def test_mse_gradient_is_the_kernel():
    from course_lib import kernels

    y_pred, y_true = np.array([2.5, 0.0, 2.1]), np.array([3.0, -0.5, 2.0])
    np.testing.assert_array_equal(losses.mse_grad(y_pred, y_true), kernels.mse_grad(y_pred, y_true))
    np.testing.assert_array_equal(losses.mse_grad(y_pred, y_true), 2 * (y_pred - y_true) / 3)
