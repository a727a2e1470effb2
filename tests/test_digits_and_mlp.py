"""The three-layer example by hand, training on the digits, and the benchmark script."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from course_lib import exercises
from course_lib.activations import relu, softmax
from course_lib.data import load_digits, split, standardize
from course_lib.models import MLP
from course_lib.train import fit

# The chapter's network: Y_pred ≈ [0.5, 0.5, 0] for the target [0, 1, 0].
X = np.array([[1.0, 2.0, 1.0]])
Y = np.array([[0.0, 1.0, 0.0]])
WEIGHTS = [
    (
        np.array([[1.0, 0.0, 1.0], [0.0, 1.0, -1.0], [1.0, -1.0, 0.0], [-1.0, 0.0, 1.0]]),
        np.array([0.0, 0.0, 0.0, 1.0]),
    ),
    (
        np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, -1.0, 0.0, -1.0]]),
        np.array([0.0, 0.0, -1.0]),
    ),
    (np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-5.0, -5.0, 1.0]]), np.zeros(3)),
]


def by_hand():
    """The chapter's eleven steps with augmented matrices [a | 1]: the gradients of each [W | b]."""
    (W1, b1), (W2, b2), (W3, b3) = WEIGHTS
    z1 = X @ W1.T + b1
    a1 = relu(z1)
    z2 = a1 @ W2.T + b2
    a2 = relu(z2)
    z3 = a2 @ W3.T + b3
    dz3 = softmax(z3) - Y
    dz2 = (dz3 @ W3) * (z2 > 0)
    dz1 = (dz2 @ W2) * (z1 > 0)
    ones = np.ones((1, 1))
    return softmax(z3), [dz.T @ np.hstack([a, ones]) for dz, a in ((dz1, X), (dz2, a1), (dz3, a2))]


def test_the_hand_example_predicts_the_sources_numbers():
    Y_pred, _ = by_hand()
    np.testing.assert_allclose(Y_pred, [[0.5, 0.5, 0.0]], atol=1e-8)
    np.testing.assert_allclose(Y_pred - Y, [[0.5, -0.5, 0.0]], atol=1e-8)


def test_hand_gradients_equal_the_library_backward_pass():
    _, augmented = by_hand()
    model = MLP([3, 4, 3, 3])
    for layer, (W, b) in zip(model.dense_layers, WEIGHTS, strict=True):
        layer.W[:], layer.b[:] = W, b
    model.loss(X, Y)
    model.backward()
    for layer, grad in zip(model.dense_layers, augmented, strict=True):
        np.testing.assert_allclose(layer.dW, grad[:, :-1], atol=1e-12)
        np.testing.assert_allclose(layer.db, grad[:, -1], atol=1e-12)


@pytest.fixture(scope="module")
def digits():
    X_all, y_all, _ = load_digits()
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = split(X_all, y_all, seed=0)
    X_train, X_val, X_test = standardize(X_train, X_val, X_test)
    return X_train, y_train, X_val, y_val, X_test, y_test


def test_short_digits_training_clears_an_accuracy_floor(digits):
    # Five epochs reach 96 %; a grossly wrong gradient (a sign, a transpose) stays near
    # chance, 10 %. Subtle errors that still learn, such as a missing ReLU mask (94 %),
    # are the finite-difference tests' job.
    X_train, y_train, X_val, y_val, X_test, y_test = digits
    model = MLP([64, 128, 64, 10], seed=0)
    history = fit(
        model, X_train, y_train, epochs=5, lr=0.05, batch_size=32, seed=0, validation=(X_val, y_val)
    )
    assert np.mean(model.predict(X_test) == y_test) > 0.94
    assert history.val_accuracy[-1] > 0.9


def test_split_and_standardize(digits):
    X_train, y_train, X_val, y_val, X_test, y_test = digits
    assert len(X_train) + len(X_val) + len(X_test) == 1797
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    assert np.all(np.isclose(X_train.std(axis=0), 1.0) | np.isclose(X_train.std(axis=0), 0.0))
    assert not np.allclose(X_test.mean(axis=0), 0.0)  # test data uses the training statistics


def _benchmark_module():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_digits.py"
    spec = importlib.util.spec_from_file_location("bench_digits", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_script_runs(capsys):
    results = _benchmark_module().main(["--repeats", "1", "--epochs", "1", "--subset", "300"])
    assert {"course_lib", "bare numpy loop (reference)", "scikit-learn MLPClassifier"} <= set(
        results
    )
    assert all(r["seconds"] > 0 and 0 <= r["accuracy"] <= 1 for r in results.values())
    table = capsys.readouterr().out
    assert "| course_lib |" in table and "time relative to course_lib" in table
    assert "course_lib fit / bare numpy loop: " in table and "(target: at most 1.25×)" in table


# The digits chapter's exercises.


def test_standardize_checker_catches_a_zero_spread():
    # Three digit pixels never vary in the training split: dividing by their spread gives
    # 810 inf and NaN values. The checker has such a column, and names the mistake.
    def naive(X_train, X_test):
        return (X_test - X_train.mean(axis=0)) / X_train.std(axis=0)

    feedback = exercises.check_standardize_test(naive)
    assert not feedback.passed and feedback.mistake == "divided by a zero spread"

    def guarded(X_train, X_test):
        spread = X_train.std(axis=0)
        return (X_test - X_train.mean(axis=0)) / np.where(spread > 0, spread, 1.0)

    def library(X_train, X_test):
        return standardize(X_train, X_test)[1]

    for solution in (guarded, library):
        feedback = exercises.check_standardize_test(solution)
        assert feedback.passed, feedback.message
