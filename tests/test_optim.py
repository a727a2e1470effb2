"""The update rule: SGD in place, and the gradient-descent loop on a known bowl."""

import numpy as np
import pytest

from course_lib.landscapes import elongated_bowl
from course_lib.optim import SGD, Adam, Momentum, gradient_descent


def test_sgd_step_is_the_update_rule_in_place():
    W, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5])
    dW, db = np.array([[0.1, -0.2], [0.3, 0.0]]), np.array([1.0, -1.0])
    expected_W, expected_b = W - 0.1 * dW, b - 0.1 * db
    W_id, b_id = id(W), id(b)
    SGD(0.1).step([W, b], [dW, db])
    np.testing.assert_allclose(W, expected_W)
    np.testing.assert_allclose(b, expected_b)
    assert id(W) == W_id and id(b) == b_id


def test_positive_gradient_decreases_the_weight():
    w = np.array([1.0])
    SGD(0.5).step([w], [np.array([2.0])])
    assert w[0] == 0.0


@pytest.mark.parametrize("lr", [0.1, 0.4, 0.9])
def test_gradient_descent_on_a_parabola_follows_the_closed_form(lr):
    # f(x) = (x − 3)²: x_t − 3 = (1 − 2η)^t (x_0 − 3).
    path = gradient_descent(lambda x: 2 * (x - 3.0), 0.0, lr=lr, steps=20)
    t = np.arange(21)
    np.testing.assert_allclose(path, 3.0 + (1 - 2 * lr) ** t * (0.0 - 3.0))


def test_gradient_descent_keeps_the_shape_of_x():
    path = gradient_descent(lambda x: x, np.ones((2, 3)), lr=0.5, steps=4)
    assert path.shape == (5, 2, 3)
    np.testing.assert_allclose(path[-1], 0.5**4)


def test_gradient_descent_reports_divergence():
    with pytest.raises(ValueError, match="diverged.*smaller learning rate"):
        gradient_descent(lambda x: 2 * x, 1.0, lr=1e150, steps=10)


def test_gradient_descent_checks_the_gradient_shape():
    with pytest.raises(ValueError, match=r"grad\(x\) must return the shape of x, \(3,\)"):
        gradient_descent(lambda x: x.sum(), np.ones(3), lr=0.1, steps=2)


def test_momentum_update_rule():
    theta, grad = np.array([1.0]), np.array([2.0])
    optimizer = Momentum(0.1, beta=0.5)
    optimizer.step([theta], [grad])  # v = 2, θ = 1 − 0.2
    optimizer.step([theta], [grad])  # v = 0.5·2 + 2 = 3, θ = 0.8 − 0.3
    assert theta[0] == pytest.approx(0.5)


def test_adam_first_step_moves_each_entry_by_lr():
    theta = np.array([1.0, 1.0])
    Adam(0.01).step([theta], [np.array([1e-3, 1e3])])  # bias correction: m̂ = g, v̂ = g²
    np.testing.assert_allclose(theta, [0.99, 0.99], rtol=1e-6)


def _descend(optimizer, bowl, steps):
    w = np.array([3.0, 2.0])
    for _ in range(steps):
        optimizer.step([w], [bowl.grad(w)])
    return bowl.value(w)


def test_momentum_beats_plain_sgd_on_the_elongated_bowl():
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    lr = 0.2 * bowl.stability_bound  # safe for plain SGD, but slow along the shallow axis
    plain, heavy = _descend(SGD(lr), bowl, 100), _descend(Momentum(lr, beta=0.9), bowl, 100)
    assert heavy < plain / 100


def test_adam_converges_on_the_elongated_bowl():
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    assert _descend(Adam(0.05), bowl, 1000) < 1e-6


def test_optimizer_state_must_match_params():
    optimizer = Momentum(0.1)
    optimizer.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="same arrays at every step"):
        optimizer.step([np.ones(3)], [np.ones(3)])


@pytest.mark.parametrize("make", [lambda: Momentum(0.1, beta=1.0), lambda: Adam(0.1, beta2=-0.1)])
def test_decay_rates_must_be_in_range(make):
    with pytest.raises(ValueError, match=r"must be in \[0, 1\)"):
        make()
