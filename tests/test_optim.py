"""The update rule: SGD in place, and the gradient-descent loop on a known bowl."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.data import make_spirals
from course_lib.landscapes import elongated_bowl, parabola
from course_lib.models import MLP
from course_lib.optim import SGD, Adam, Clipped, Momentum, clip_grad_norm, gradient_descent
from course_lib.train import fit


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


def test_gradient_descent_blames_the_rate_with_its_bound_when_grad_overflows_on_the_way_out():
    # f(x) = x², lr = 1.5 > 2/2: |x| doubles every step until 2x overflows inside grad.
    with pytest.raises(ValueError) as error:
        gradient_descent(lambda x: 2 * x, 1.0, lr=1.5, steps=3000)
    message = str(error.value)
    assert "diverged" in message and "lr=1.5 is too large" in message
    assert "stable only for lr < 2/2 = 1;" in message
    assert "check the gradient function" not in message


def test_gradient_descent_gives_a_known_bowl_its_exact_bound():
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    with pytest.raises(
        ValueError,
        match=r"lr=0\.11 is too large here: this bowl is stable only for lr < 2/λ_max = 0\.1;",
    ):
        gradient_descent(bowl.grad, np.ones(2), lr=0.11, steps=5000)
    with pytest.raises(
        ValueError,
        match=r"lr=0\.6 is too large here: this bowl is stable only for lr < 2/λ_max = 0\.5;",
    ):
        gradient_descent(parabola(curvature=4.0).grad, np.ones(1), lr=0.6, steps=5000)


def test_gradient_descent_estimates_the_bound_of_an_unnamed_quadratic():
    H = np.diag([1.0, 20.0])
    with pytest.raises(ValueError, match=r"curvature of 20, .* stable only for lr < 2/20 = 0\.1;"):
        gradient_descent(lambda w: H @ w, np.ones(2), lr=0.11, steps=5000)


def test_gradient_descent_blames_the_rate_but_gives_no_bound_off_a_quadratic():
    # f(x) = x⁴: the curvature 12x² grows with every step out, so no single bound exists.
    with pytest.raises(ValueError) as error:
        gradient_descent(lambda x: 4 * x**3, 10.0, lr=0.1, steps=100)
    message = str(error.value)
    assert "lr=0.1 is too large" in message and "grad(w) overflowed" in message
    assert "stable only" not in message and "check the gradient function" not in message


def test_gradient_descent_still_blames_a_gradient_that_is_nan_from_the_start():
    with pytest.raises(
        ValueError, match=r"grad\(w\) returned NaN or inf at step 1 .*check the gradient function"
    ):
        gradient_descent(lambda x: np.full_like(x, np.nan), np.ones(2), lr=0.1, steps=3)


def test_gradient_descent_checks_the_gradient_shape():
    with pytest.raises(ValueError, match=r"grad\(w\) must return the shape of w, \(3,\)"):
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


OPTIMIZERS = {
    "SGD": lambda: SGD(0.05),
    "Momentum": lambda: Momentum(0.05, beta=0.9),
    "Adam": lambda: Adam(0.01),
}


@pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_a_step_on_other_arrays_of_the_same_shapes_raises(make):
    optimizer = make()
    optimizer.step([np.ones(2), np.ones(3)], [np.ones(2), np.ones(3)])
    other = [np.ones(2), np.ones(3)]  # equal values, other arrays: another model
    with pytest.raises(
        ValueError, match=r"params must be the arrays this optimizer.*took its first step on"
    ) as error:
        optimizer.step(other, [np.ones(2), np.ones(3)])
    assert "reset()" in str(error.value) and "new optimizer for each model" in str(error.value)
    np.testing.assert_array_equal(other[0], np.ones(2))  # nothing was updated
    assert optimizer.t == 1


@pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_a_step_on_arrays_of_other_shapes_names_them_instead_of_a_broadcast_error(make):
    optimizer = make()
    optimizer.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(
        ValueError,
        match=r"shapes \[\(2,\)\]\), compared by identity; got other arrays of shapes \[\(3,\)\]",
    ):
        optimizer.step([np.ones(3)], [np.ones(3)])


@pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_the_same_arrays_in_a_new_list_every_step_are_accepted(make):
    w = np.array([3.0, 2.0])
    optimizer = make()
    for _ in range(3):
        optimizer.step([w], [2 * w])  # a fresh list each time, as model.parameters() gives
    assert optimizer.t == 3 and optimizer.params[0] is w


def test_a_later_step_still_names_a_gradient_of_the_wrong_shape():
    w = np.ones(3)
    optimizer = Adam(0.1)
    optimizer.step([w], [np.ones(3)])
    with pytest.raises(
        ValueError,
        match=r"grads\[0\] must have the shape of params\[0\], \(3,\); "
        r"got a 1-D array of shape \(1,\)",
    ):
        optimizer.step([w], [np.ones(1)])  # would broadcast silently without the check
    with pytest.raises(ValueError, match=r"params and grads must have the same length"):
        optimizer.step([w], [np.ones(3), np.ones(3)])
    with pytest.raises(TypeError, match=r"grads\[0\] must be a numpy array"):
        optimizer.step([w], [[1.0, 2.0, 3.0]])
    assert optimizer.t == 1


def _spirals_net_and_data(seed):
    X, y = make_spirals(n_per_class=30, seed=0)
    return MLP([2, 16, 3], seed=seed), X, y


@pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS)
def test_fit_with_a_reused_optimizer_raises_and_reset_gives_the_fresh_run(make):
    # The case: one optimizer trained a first model, then a second. Its velocity and step
    # count carried over (final loss 0.442 against 0.392 with a fresh optimizer). Now the second fit
    # raises before changing a weight, and after reset() it is the fresh run, bit for bit.
    optimizer = make()
    first, X, y = _spirals_net_and_data(seed=0)
    fit(first, X, y, epochs=5, optimizer=optimizer, batch_size=16, seed=0)
    second, _, _ = _spirals_net_and_data(seed=1)
    before = [p.copy() for p in second.parameters()]
    with pytest.raises(ValueError, match=r"params must be the arrays this optimizer"):
        fit(second, X, y, epochs=5, optimizer=optimizer, batch_size=16, seed=0)
    for p, q in zip(second.parameters(), before, strict=True):
        np.testing.assert_array_equal(p, q)

    optimizer.reset()
    reused = fit(second, X, y, epochs=5, optimizer=optimizer, batch_size=16, seed=0).loss
    fresh_net, _, _ = _spirals_net_and_data(seed=1)
    fresh = fit(fresh_net, X, y, epochs=5, optimizer=make(), batch_size=16, seed=0).loss
    assert reused == fresh
    for p, q in zip(second.parameters(), fresh_net.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_fit_with_a_reused_optimizer_on_another_shape_raises_a_clear_error():
    optimizer = Momentum(0.05)
    X, y = make_spirals(n_per_class=10, seed=0)
    fit(MLP([2, 8, 3], seed=0), X, y, epochs=1, optimizer=optimizer)
    with pytest.raises(
        ValueError,
        match=r"shapes \[\(8, 2\), \(8,\), \(3, 8\), \(3,\)\]"
        r".*got other arrays of shapes \[\(4, 2\)",
    ):
        fit(MLP([2, 4, 3], seed=0), X, y, epochs=1, optimizer=optimizer)


def test_adam_step_count_restarts_after_reset():
    w = np.ones(2)
    optimizer = Adam(0.1)
    for _ in range(4):
        optimizer.step([w], [np.array([1.0, -1.0])])
    optimizer.reset()
    v = np.ones(2)
    optimizer.step([v], [np.array([1e-3, 1e3])])  # t = 1 again: bias correction makes m̂ = g, v̂ = g²
    assert optimizer.t == 1
    np.testing.assert_allclose(v, [0.9, 0.9], rtol=1e-5)  # with t = 5 it would move 0.055


@pytest.mark.parametrize("make", [lambda: Momentum(0.1, beta=1.0), lambda: Adam(0.1, beta2=-0.1)])
def test_decay_rates_must_be_in_range(make):
    with pytest.raises(ValueError, match=r"must be in \[0, 1\)"):
        make()


# --- Gradient clipping by global norm ---


@given(
    seed=st.integers(0, 2**32 - 1),
    shapes=st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=1, max_size=4),
    max_norm=st.floats(0.01, 10.0),
)
def test_clip_grad_norm_caps_the_global_norm_and_keeps_the_direction(seed, shapes, max_norm):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=shape) * rng.uniform(0.1, 10) for shape in shapes]
    before = [g.copy() for g in grads]
    clipped = clip_grad_norm(grads, max_norm)
    norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    new_norm = np.sqrt(sum(np.sum(g**2) for g in clipped))
    assert new_norm == pytest.approx(min(norm, max_norm), rel=1e-12)
    factor = min(1.0, max_norm / norm)  # one factor for every array: the direction is kept
    for g, c, b in zip(grads, clipped, before, strict=True):
        np.testing.assert_allclose(c, factor * g, rtol=1e-12)
        np.testing.assert_array_equal(g, b)  # the inputs are left alone
        assert c is not g


def test_clip_grad_norm_is_global_not_per_array():
    grads = [np.array([3.0, 4.0]), np.array([0.0, 0.6])]  # norms 5 and 0.6; global 5.036
    clipped = clip_grad_norm(grads, max_norm=1.0)
    np.testing.assert_allclose(clipped[1], grads[1] / np.sqrt(25.36))  # the small one shrinks too
    below = clip_grad_norm(grads, max_norm=10.0)
    for g, c in zip(grads, below, strict=True):
        np.testing.assert_array_equal(c, g)  # below the threshold nothing changes


def test_clipped_sgd_steps_by_the_clipped_gradient_and_tames_an_exploding_net():
    w = np.array([0.0, 0.0])
    Clipped(SGD(0.5), max_norm=1.0).step([w], [np.array([30.0, 40.0])])
    np.testing.assert_allclose(w, [-0.3, -0.4])  # η · (unit vector): a step no longer than η · 1
    X, y = make_spirals(n_per_class=30, seed=0)
    rates = {}
    for clip in (None, 1.0):
        model = MLP([2] + [32] * 10 + [3], init=0.5, seed=0)  # ReLU, weights too large
        optimizer = SGD(0.1) if clip is None else Clipped(SGD(0.1), max_norm=clip)
        try:
            rates[clip] = fit(model, X, y, epochs=40, optimizer=optimizer, batch_size=30).loss[-1]
        except ValueError:
            rates[clip] = None
    assert rates[None] is None  # unclipped it diverges
    assert rates[1.0] is not None and rates[1.0] < 1.0  # clipped it learns


def test_clip_bad_arguments_are_named():
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match="grads"):
        clip_grad_norm([], 1.0)
    with pytest.raises(ValueError, match=r"grads\[1\]"):
        clip_grad_norm([np.ones(2), np.array([np.nan])], 1.0)
    with pytest.raises(ValueError, match="optimizer"):
        Clipped("sgd", 1.0)
    with pytest.raises(ValueError, match="grads"):
        Clipped(SGD(0.1), 1.0).step([np.ones(2)], [np.ones(3)])
