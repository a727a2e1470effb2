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


def test_the_stability_bound_of_linear_regression_separates_convergence_from_divergence():
    X, y, _ = make_regression(n_samples=200, n_features=2, noise=0.5, seed=0)
    A = _with_ones(X)
    bound = 2 / np.linalg.eigvalsh(2 / len(y) * A.T @ A).max()
    theta_lstsq = np.linalg.lstsq(A, y, rcond=None)[0]
    distances = []
    for lr in (0.98 * bound, 1.02 * bound):
        model = LinearRegression(2, seed=0)
        fit(model, X, y, epochs=300, lr=lr)
        distances.append(np.linalg.norm(np.append(model.w, model.b) - theta_lstsq))
    assert distances[0] < 1e-2 < 1e2 < distances[1]


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
    y = _rng.normal(size=7)
    dw, db = beyond._linear_regression_gradient(_X, y, _W, _B)
    model = LinearRegression(3)
    model.w[...], model.b[...] = _W, _B
    model.loss(_X, y)
    model.backward()
    np.testing.assert_allclose(dw, model.dw, rtol=1e-12)
    assert db == pytest.approx(float(model.db), rel=1e-12)
    numeric = numerical_gradient(lambda w: np.mean((_X @ w + _B - y) ** 2), _W.copy())
    assert relative_error(dw, numeric) < 1e-7


def test_logistic_gradient_reference_matches_the_neuron_and_finite_differences():
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    dw, db = beyond._logistic_regression_gradient(_X, y, _W, _B)
    neuron = Neuron(3)
    neuron.w[...], neuron.b[...] = _W, _B
    neuron.loss(_X, y)
    neuron.backward()
    np.testing.assert_allclose(dw, neuron.dw, rtol=1e-12)
    assert db == pytest.approx(float(neuron.db), rel=1e-12)

    def bce(b):
        p = 1 / (1 + np.exp(-(_X @ _W + b)))
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    assert relative_error(db, numerical_gradient(bce, np.array(_B))) < 1e-7


def test_least_squares_reference_zeroes_the_gradient():
    X, y = beyond._X_LSQ, beyond._Y_LSQ
    w, b = beyond._least_squares(X, y)
    dw, db = beyond._linear_regression_gradient(X, y, w, b)
    assert np.allclose(dw, 0, atol=1e-10) and abs(db) < 1e-10


def test_accuracy_reference_matches_the_neurons_predictions():
    X, labels = make_blobs(n_per_class=20, seed=4)
    neuron = Neuron(2, seed=4)
    fit(neuron, X, labels.astype(float), epochs=50, lr=1.0)
    expected = np.mean(neuron.predict(X) == labels)
    assert beyond._accuracy(X, labels, neuron.w, float(neuron.b)) == expected


# The checkers: accept right answers, name each catalogued mistake.

CHECKERS = [
    (beyond.check_linear_regression_gradient, beyond._linear_regression_gradient,
     beyond.LINEAR_REGRESSION_GRADIENT_MISTAKES),
    (beyond.check_least_squares, beyond._least_squares, beyond.LEAST_SQUARES_MISTAKES),
    (beyond.check_logistic_regression_gradient, beyond._logistic_regression_gradient,
     beyond.LOGISTIC_REGRESSION_GRADIENT_MISTAKES),
    (beyond.check_accuracy, beyond._accuracy, beyond.ACCURACY_MISTAKES),
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


def learner_logistic_gradient(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    error = p - y
    return np.mean(X * error[:, None], axis=0), np.mean(error)


def learner_accuracy(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    correct = 0
    for p_i, y_i in zip(p, y):
        correct += int((p_i >= 0.5) == y_i)
    return correct / len(y)


@pytest.mark.parametrize(
    "checker, solution",
    [(CHECKERS[0][0], learner_linear_gradient), (CHECKERS[1][0], learner_least_squares),
     (CHECKERS[2][0], learner_logistic_gradient), (CHECKERS[3][0], learner_accuracy)],
    ids=IDS,
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed, feedback.message
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_accepts_the_reference(checker, reference, mistakes):
    assert checker(reference).passed


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_names_each_catalogued_mistake(checker, reference, mistakes):
    assert mistakes, "a checker needs a catalogue of mistakes"
    for mistake in mistakes:
        feedback = checker(mistake.answer)
        assert not feedback.passed, mistake.name
        assert feedback.mistake == mistake.name, (mistake.name, feedback.message)
        assert " ".join(mistake.explanation.split()) in " ".join(feedback.message.split())


def _flat(feedback):
    return " ".join(feedback.message.split())


def test_uncatalogued_wrong_answers_are_rejected_with_specific_words():
    only_dw = beyond.check_linear_regression_gradient(lambda X, y, w, b: 2 * X.T @ (X @ w + b - y) / len(y))
    assert not only_dw.passed and "should return 2 results" in _flat(only_dw)
    half_db = beyond.check_logistic_regression_gradient(
        lambda X, y, w, b: (beyond._logistic_regression_gradient(X, y, w, b)[0],
                            beyond._logistic_regression_gradient(X, y, w, b)[1] / 2)
    )
    assert not half_db.passed and "Result 2 of 2 is wrong" in _flat(half_db)
    percent = beyond.check_accuracy(lambda X, y, w, b: 100 * beyond._accuracy(X, y, w, b))
    assert not percent.passed and percent.mistake is None
