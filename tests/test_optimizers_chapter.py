"""Checkers of the chapter "Momentum and Adam": right answers pass, each catalogued mistake is
named, and the checkers' reference steps agree with course_lib.optim. (The chapter's "fix this
attempt" exercises are tested with every chapter's, in test_attempts.py.)"""

import numpy as np
import pytest

from course_lib.exercises import optimizers
from course_lib.optim import Adam, Momentum

CHECKERS = [
    (optimizers.check_momentum_step, optimizers._momentum_step, optimizers.MOMENTUM_STEP_MISTAKES),
    (optimizers.check_adam_step, optimizers._adam_step, optimizers.ADAM_STEP_MISTAKES),
    (
        optimizers.check_momentum_effective_lr,
        optimizers._momentum_effective_lr,
        optimizers.MOMENTUM_EFFECTIVE_LR_MISTAKES,
    ),
    (
        optimizers.check_momentum_largest_stable_lr,
        optimizers._momentum_largest_stable_lr,
        optimizers.MOMENTUM_LARGEST_STABLE_LR_MISTAKES,
    ),
]
IDS = [c[0].__name__ for c in CHECKERS]


def learner_momentum_step(theta, v, grad, lr, beta):
    velocity = v * beta
    velocity = velocity + grad
    return theta - lr * velocity, velocity


def learner_adam_step(theta, m, v, grad, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    step = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)  # both corrections folded into η
    return theta - step * m / (np.sqrt(v) + eps * np.sqrt(1 - beta2**t)), m, v


def learner_momentum_effective_lr(lr, beta):
    return lr * sum(beta**k for k in range(10_000))  # the geometric series, summed


def learner_momentum_largest_stable_lr(H, beta):
    return 2 * (1 + beta) / np.abs(np.linalg.eigvals(H)).max()


LEARNERS = [
    learner_momentum_step,
    learner_adam_step,
    learner_momentum_effective_lr,
    learner_momentum_largest_stable_lr,
]


@pytest.mark.parametrize(
    "checker, solution", list(zip([c[0] for c in CHECKERS], LEARNERS, strict=True)), ids=IDS
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed, feedback.message
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


def test_adam_accepts_eps_inside_the_square_root_but_not_no_eps():
    def eps_inside(theta, m, v, grad, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        return theta - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v

    def no_eps(theta, m, v, grad, t, lr, beta1, beta2, eps):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        return theta - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t)), m, v

    assert optimizers.check_adam_step(eps_inside).passed
    assert optimizers.check_adam_step(no_eps).mistake == "ε forgotten"


def test_step_checkers_flag_updates_in_place():
    def momentum_in_place(theta, v, grad, lr, beta):
        v *= beta
        v += grad
        theta -= lr * v
        return theta, v

    feedback = optimizers.check_momentum_step(momentum_in_place)
    assert feedback.mistake == "modified input"


def test_step_checkers_ask_for_every_result():
    feedback = optimizers.check_momentum_step(
        lambda theta, v, grad, lr, beta: theta - lr * (beta * v + grad)
    )
    assert not feedback.passed
    assert "return a, b" in feedback.message


@pytest.mark.parametrize("seed", range(5))
def test_reference_momentum_step_agrees_with_optim_momentum(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5, size=rng.integers(1, 3)))
    lr, beta = rng.uniform(0.001, 0.5), rng.uniform(0.0, 0.99)
    theta = rng.normal(size=shape)
    theta_lib, theta_ref, v_ref = theta.copy(), theta.copy(), np.zeros(shape)
    optimizer = Momentum(lr, beta=beta)
    for _ in range(6):
        grad = rng.normal(size=shape) * 10.0 ** rng.uniform(-3, 3)
        optimizer.step([theta_lib], [grad])
        theta_ref, v_ref = optimizers._momentum_step(theta_ref, v_ref, grad, lr, beta)
        np.testing.assert_allclose(theta_ref, theta_lib, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(v_ref, optimizer.velocity[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_reference_adam_step_agrees_with_optim_adam(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 5, size=rng.integers(1, 3)))
    lr = rng.uniform(0.001, 0.3)
    beta1, beta2 = rng.uniform(0.5, 0.95), rng.uniform(0.9, 0.9999)
    theta = rng.normal(size=shape)
    theta_lib, theta_ref = theta.copy(), theta.copy()
    m_ref, r_ref = np.zeros(shape), np.zeros(shape)
    optimizer = Adam(lr, beta1=beta1, beta2=beta2, eps=1e-8)
    for t in range(1, 7):
        grad = rng.normal(size=shape) * 10.0 ** rng.uniform(-3, 3)
        optimizer.step([theta_lib], [grad])
        theta_ref, m_ref, r_ref = optimizers._adam_step(
            theta_ref, m_ref, r_ref, grad, t, lr, beta1, beta2, 1e-8
        )
        np.testing.assert_allclose(theta_ref, theta_lib, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(m_ref, optimizer.m[0], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(r_ref, optimizer.r[0], rtol=1e-12, atol=1e-15)
    assert optimizer.t == 6


def test_reference_effective_lr_is_the_limit_of_momentum_steps():
    lr, beta = 0.05, 0.8
    theta = np.zeros(1)
    optimizer = Momentum(lr, beta=beta)
    for _ in range(200):
        before = theta.copy()
        optimizer.step([theta], [np.ones(1)])  # a constant gradient g = 1
    assert before[0] - theta[0] == pytest.approx(optimizers._momentum_effective_lr(lr, beta))


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_reference_momentum_bound_separates_convergence_from_divergence(beta):
    H = np.diag([1.0, 20.0])
    bound = optimizers._momentum_largest_stable_lr(H, beta)

    def final_distance(lr):
        w = np.array([1.0, 1.0])
        optimizer = Momentum(lr, beta=beta)
        for _ in range(3000):
            optimizer.step([w], [H @ w])
            if np.abs(w).max() > 1e6:  # diverged: stop before the numbers overflow
                break
        return np.abs(w).max()

    assert final_distance(0.98 * bound) < 1e-3
    assert final_distance(1.02 * bound) > 1e6
