"""Checkers: accept right answers, and name each catalogued mistake."""

import numpy as np
import pytest

from course_lib import exercises, losses
from course_lib.exercises import Feedback, Mistake, check_function
from course_lib.exercises import losses as catalogue

CHECKERS = [
    (exercises.check_mse, losses.mse, catalogue.MSE_MISTAKES),
    (exercises.check_mse_grad, losses.mse_grad, catalogue.MSE_GRAD_MISTAKES),
    (exercises.check_binary_cross_entropy, losses.binary_cross_entropy,
     catalogue.BINARY_CROSS_ENTROPY_MISTAKES),
    (exercises.check_softmax_cross_entropy, losses.softmax_cross_entropy,
     catalogue.SOFTMAX_CROSS_ENTROPY_MISTAKES),
]
IDS = [c[0].__name__ for c in CHECKERS]


def learner_mse(y_pred, y_true):
    return np.mean((y_pred - y_true) ** 2)


def learner_mse_grad(y_pred, y_true):
    return 2 * (y_pred - y_true) / y_pred.size


def learner_bce(p, y):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def learner_softmax_ce(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(y)), y])


@pytest.mark.parametrize(
    "checker, solution",
    [(CHECKERS[0][0], learner_mse), (CHECKERS[1][0], learner_mse_grad),
     (CHECKERS[2][0], learner_bce), (CHECKERS[3][0], learner_softmax_ce)],
    ids=IDS,
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed and bool(feedback)
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_accepts_the_reference(checker, reference, mistakes):
    assert checker(reference).passed


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_names_each_catalogued_mistake(checker, reference, mistakes):
    for mistake in mistakes:
        feedback = checker(mistake.answer)
        assert not feedback.passed, mistake.name
        assert feedback.mistake == mistake.name, (mistake.name, feedback.message)
        assert " ".join(mistake.explanation.split()) in " ".join(feedback.message.split())


def test_missing_clip_is_recognised():
    def unclipped(p, y):
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))

    feedback = exercises.check_binary_cross_entropy(unclipped)
    assert feedback.mistake == "no clipping"
    assert "np.clip" in feedback.message


def test_naive_softmax_overflow_is_recognised():
    def naive(logits, y):
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return -np.mean(np.log(probs[np.arange(len(y)), y]))

    feedback = exercises.check_softmax_cross_entropy(naive)
    assert feedback.mistake == "overflow"
    assert "maximum" in feedback.message


def test_generic_mistakes_and_problems():
    assert exercises.check_mse_grad(lambda p, t: 2 * (t - p) / p.size).mistake == "wrong sign"
    none = exercises.check_mse(lambda p, t: None)
    assert "forget the return statement" in none.message
    raised = exercises.check_mse(lambda p, t: p @ np.ones(7))
    assert "it raised ValueError" in raised.message
    shape = exercises.check_mse_grad(lambda p, t: (2 * (p - t) / p.size).reshape(-1, 1))
    assert "shapes differ" in shape.message and "shape (4, 1)" in shape.message

    def in_place(y_pred, y_true):
        y_pred -= y_true
        return np.mean(y_pred**2)

    assert exercises.check_mse(in_place).mistake == "modified input"
    assert "not a function" not in exercises.check_mse(3).message
    assert not exercises.check_mse(3).passed


def test_transposed_result_is_named():
    def reference(A):
        return A * 2

    feedback = check_function(
        lambda A: (A * 2).T, reference=reference, cases=[{"A": np.arange(6.0).reshape(2, 3)}]
    )
    # Shapes differ, but the transpose of the right answer is recognised.
    assert feedback.mistake == "transposed"


def test_feedback_prints_its_message():
    feedback = Feedback(False, "✗ nope", "missing 1/n")
    assert repr(feedback) == "✗ nope" and not feedback
    assert Mistake("x", "y", abs).answer is abs
