"""Gradient descent beyond networks: fit reaches independent optima; the chapter's checkers."""

import numpy as np
import pytest

from course_lib.data import make_blobs, make_regression
from course_lib.exercises import beyond
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.models import LinearRegression, Neuron
from course_lib.train import fit


def _with_ones(X):
    return np.column_stack([X, np.ones(len(X))])


@pytest.mark.parametrize("n_features, seed", [(1, 0), (2, 0), (5, 3)])
def test_linear_regression_by_fit_reaches_the_least_squares_solution(n_features, seed):
    X, y, _ = make_regression(n_samples=200, n_features=n_features, noise=0.5, seed=seed)
    y = y + 3.0  # an intercept, so the bias matters
    theta_lstsq = np.linalg.lstsq(_with_ones(X), y, rcond=None)[0]
    model = LinearRegression(n_features, seed=seed)
    fit(model, X, y, epochs=300, lr=0.1)
    np.testing.assert_allclose(np.append(model.w, model.b), theta_lstsq, rtol=0, atol=1e-10)


def _newton_logistic(X, y, steps=25):
    """Minimise the mean binary cross-entropy of σ([X 1] θ) by Newton's method, from θ = 0."""
    A = _with_ones(X)
    theta = np.zeros(A.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ theta))
        gradient = A.T @ (p - y) / len(y)
        hessian = A.T @ (A * (p * (1 - p))[:, None]) / len(y)
        theta = theta - np.linalg.solve(hessian, gradient)
    assert np.linalg.norm(gradient) < 1e-12, "Newton's method did not converge"
    return theta


# The chapter's data, and wider clouds. All overlap: were the classes separable, the
# loss would have no minimum (the weights would grow without end).
@pytest.mark.parametrize("spread, seed", [(0.8, 0), (1.5, 1), (1.5, 2)])
def test_logistic_regression_by_fit_reaches_newtons_optimum(spread, seed):
    X, labels = make_blobs(n_per_class=50, spread=spread, seed=seed)
    y = labels.astype(float)
    theta_newton = _newton_logistic(X, y)
    neuron = Neuron(2, seed=seed)
    fit(neuron, X, y, epochs=1000, lr=3.0)
    np.testing.assert_allclose(np.append(neuron.w, neuron.b), theta_newton, rtol=0, atol=1e-8)


# The checkers' references agree with course_lib's models and with finite differences.

_rng = np.random.default_rng(5)
_X = _rng.normal(size=(7, 3))
_W = _rng.normal(size=3)
_B = 0.4


def test_linear_gradient_reference_matches_the_model_and_finite_differences():
    y = np.random.default_rng(6).normal(size=7)
    dw, db = beyond._linear_regression_gradient(_X, y, _W, _B)
    model = LinearRegression(3)
    model.w[...], model.b[...] = _W, _B
    model.loss(_X, y)
    model.backward()
    np.testing.assert_allclose(dw, model.dw, rtol=1e-12)
    assert db == pytest.approx(float(model.db), rel=1e-12)
    numeric = numerical_gradient(lambda w: np.mean((_X @ w + _B - y) ** 2), _W.copy())
    assert relative_error(dw, numeric) < 1e-7


def test_ridge_gradient_reference_matches_finite_differences():
    y = np.random.default_rng(7).normal(size=7)

    def ridge_loss(theta, lam=0.3):
        w, b = theta[:3], theta[3]
        return np.mean((_X @ w + b - y) ** 2) + lam * np.sum(w**2)

    theta = np.append(_W, _B)
    analytic = np.append(*beyond._ridge_regression_gradient(_X, y, _W, _B, 0.3))
    assert relative_error(analytic, numerical_gradient(ridge_loss, theta)) < 1e-7


@pytest.mark.parametrize("data", ["chapter", "uncentred"])
def test_stable_learning_rate_reference_separates_convergence_from_divergence(data):
    if data == "chapter":
        X, y, _ = make_regression(n_samples=200, n_features=2, noise=0.5, seed=0)
    else:  # features far from mean 0: w and b coupled, an elongated bowl
        X, y = beyond._X_LSQ3, beyond._Y_LSQ3
    bound = beyond._stable_learning_rate(X)
    theta_lstsq = np.linalg.lstsq(_with_ones(X), y, rcond=None)[0]
    distances = []
    # Below the bound: slow but sure. Above: growing, yet still finite after 500 epochs.
    for lr, epochs in [(0.98 * bound, 3000), (1.02 * bound, 500)]:
        model = LinearRegression(X.shape[1], seed=0)
        fit(model, X, y, epochs=epochs, lr=lr)
        distances.append(np.linalg.norm(np.append(model.w, model.b) - theta_lstsq))
    assert distances[0] < 1e-2 < 1e2 < distances[1]


def test_least_squares_reference_zeroes_the_gradient():
    X, y = beyond._X_LSQ, beyond._Y_LSQ
    w, b = beyond._least_squares(X, y)
    dw, db = beyond._linear_regression_gradient(X, y, w, b)
    assert np.allclose(dw, 0, atol=1e-10) and abs(db) < 1e-10


# The checkers: accept right answers, name each catalogued mistake.

CHECKERS = [
    (
        beyond.check_linear_regression_gradient,
        beyond._linear_regression_gradient,
        beyond.LINEAR_REGRESSION_GRADIENT_MISTAKES,
    ),
    (beyond.check_least_squares, beyond._least_squares, beyond.LEAST_SQUARES_MISTAKES),
    (
        beyond.check_stable_learning_rate,
        beyond._stable_learning_rate,
        beyond.STABLE_LEARNING_RATE_MISTAKES,
    ),
    (
        beyond.check_ridge_gradient,
        beyond._ridge_regression_gradient,
        beyond.RIDGE_GRADIENT_MISTAKES,
    ),
]
IDS = [c[0].__name__ for c in CHECKERS]


def learner_linear_gradient(X, y, w, b):
    residual = X @ w + b - y
    return 2 * X.T @ residual / len(y), 2 * np.mean(residual)


def learner_least_squares(X, y):
    # The normal equations, solved directly: a different route from lstsq.
    A = np.column_stack([np.ones(len(X)), X])  # ones first, so b is coef[0]
    coef = np.linalg.solve(A.T @ A, A.T @ y)
    return coef[1:], coef[0]


def learner_stable_learning_rate(X):
    # The largest singular value of A, squared, is the largest eigenvalue of AᵀA.
    A = np.hstack([np.ones((len(X), 1)), X])
    largest_curvature = 2 * np.linalg.norm(A, ord=2) ** 2 / len(X)
    return 2 / largest_curvature


def learner_ridge_gradient(X, y, w, b, lam):
    n = len(y)
    dw, db = np.zeros_like(w), 0.0
    for x_i, y_i in zip(X, y, strict=True):  # one sample at a time
        r_i = x_i @ w + b - y_i
        dw += 2 * r_i * x_i / n
        db += 2 * r_i / n
    return dw + 2 * lam * w, db


@pytest.mark.parametrize(
    "checker, solution",
    [
        (CHECKERS[0][0], learner_linear_gradient),
        (CHECKERS[1][0], learner_least_squares),
        (CHECKERS[2][0], learner_stable_learning_rate),
        (CHECKERS[3][0], learner_ridge_gradient),
    ],
    ids=IDS,
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed, feedback.message
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


def _flat(feedback):
    return " ".join(feedback.message.split())


def test_uncatalogued_wrong_answers_are_rejected_with_specific_words():
    only_dw = beyond.check_linear_regression_gradient(
        lambda X, y, w, b: 2 * X.T @ (X @ w + b - y) / len(y)
    )
    assert not only_dw.passed and "should return 2 results" in _flat(only_dw)

    def ridge_half_db(X, y, w, b, lam):
        dw, db = beyond._ridge_regression_gradient(X, y, w, b, lam)
        return dw, db / 2

    half_db = beyond.check_ridge_gradient(ridge_half_db)
    assert not half_db.passed and "Result 2 of 2 is wrong" in _flat(half_db)
    tripled = beyond.check_stable_learning_rate(lambda X: 3 * beyond._stable_learning_rate(X))
    assert not tripled.passed and tripled.mistake is None
    assert "exactly 3 times the right one" in _flat(tripled)
