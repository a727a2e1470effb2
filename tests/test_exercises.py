"""Checkers: accept right answers, and name each catalogued mistake."""

import numpy as np
import pytest

from course_lib import exercises, losses
from course_lib.exercises import Feedback, check_function

# Every checker's reference, catalogue and adversarial learners are tested in
# test_checkers_adversarial.py, which finds the checkers automatically.
LOSS_CHECKERS = [
    exercises.check_mse,
    exercises.check_mse_grad,
    exercises.check_binary_cross_entropy,
    exercises.check_softmax_cross_entropy,
]


def learner_mse(y_pred, y_true):
    return np.mean((y_pred - y_true) ** 2)


def learner_mse_grad(y_pred, y_true):
    return 2 * (y_pred - y_true) / y_pred.size


def learner_bce(p, y):
    p = np.clip(p, 1e-6, 1 - 1e-6)  # a learner's ε need not be the library's
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def learner_softmax_ce(logits, y):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(y)), y])


@pytest.mark.parametrize(
    "checker, solution",
    list(
        zip(
            LOSS_CHECKERS,
            [learner_mse, learner_mse_grad, learner_bce, learner_softmax_ce],
            strict=True,
        )
    ),
    ids=[checker.__name__ for checker in LOSS_CHECKERS],
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed and bool(feedback)
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


def test_loss_checkers_grade_against_course_lib_losses():
    references = [checker.spec.reference for checker in LOSS_CHECKERS]
    assert references == [
        losses.mse,
        losses.mse_grad,
        losses.binary_cross_entropy,
        losses.softmax_cross_entropy,
    ]


def test_a_bug_in_a_checker_is_still_feedback():
    def broken_reference(x):
        raise ZeroDivisionError("the checker's own bug")

    feedback = check_function(lambda x: x, reference=broken_reference, cases=[{"x": 1.0}])
    assert not feedback.passed
    assert "the checker could not grade <lambda>: ZeroDivisionError" in feedback.message


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
    assert "Your function returned None — did you forget `return`?" in none.message
    raised = exercises.check_mse(lambda p, t: p @ np.ones(7))
    assert "it raised ValueError" in raised.message
    shape = exercises.check_mse_grad(lambda p, t: (2 * (p - t) / p.size).reshape(-1, 1))
    assert "returned shape (4, 1) but the answer has shape (4,), the shape of y_pred" in _flat(
        shape
    )


def _flat(feedback):
    return " ".join(feedback.message.split())


def test_uncatalogued_wrong_answers_get_specific_words():
    # A constant factor off, named with the factor.
    half = exercises.check_mse(lambda p, t: np.mean((p - t) ** 2) / 2)
    assert "exactly 1/2 times the right one" in _flat(half)
    both = exercises.check_mse_grad(lambda p, t: t - p)  # no 2, no 1/n, wrong sign: −n/2
    assert "-2 times here), but the multiple changes with the input" in _flat(both)
    constant = exercises.check_largest_stable_lr(lambda H: 1.0)  # 2× on one case only
    assert "times" not in constant.message
    # A mean along one axis only.
    axis = exercises.check_mse(lambda p, t: np.mean((p - t) ** 2, axis=0))
    assert "single number but returned an array of shape (2,)" in _flat(axis)

    # Shapes that do not broadcast: the hint names axis= and keepdims.
    def no_keepdims(z, y):
        shifted = z - z.max(axis=1)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))
        return -np.mean(log_probs[np.arange(len(y)), y])

    assert "keepdims=True" in _flat(exercises.check_softmax_cross_entropy(no_keepdims))

    # Unclipped code that returns inf rather than NaN is still "no clipping".
    def unclipped_power(p, y):
        return -np.mean(np.log(p**y * (1 - p) ** (1 - y)))

    assert exercises.check_binary_cross_entropy(unclipped_power).mistake == "no clipping"

    # A stable softmax followed by np.log underflows; named, not a bare "NaN or inf".
    def log_of_softmax(z, y):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return -np.mean(np.log((e / e.sum(axis=1, keepdims=True))[np.arange(len(y)), y]))

    assert (
        exercises.check_softmax_cross_entropy(log_of_softmax).mistake
        == "log of an underflowed probability"
    )

    # One shift for the whole matrix is caught by rows on different scales.
    def global_max(z, y):
        shifted = z - z.max()
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -np.mean(log_probs[np.arange(len(y)), y])

    assert exercises.check_softmax_cross_entropy(global_max).mistake == "global maximum"


def test_nearly_equal_values_are_shown_with_every_digit():
    feedback = exercises.check_mse(lambda p, t: np.mean((p - t) ** 2) * (1 + 1e-5))
    returned, expected = [line for line in feedback.message.splitlines() if ":" in line][-3:-1]
    assert returned.split(":")[1] != expected.split(":")[1]

    def in_place(y_pred, y_true):
        y_pred -= y_true
        return np.mean(y_pred**2)

    assert exercises.check_mse(in_place).mistake == "modified input"
    not_a_function = exercises.check_mse(3)
    assert not not_a_function.passed and "expected a function to check" in not_a_function.message


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


def test_functions_as_inputs_are_shown_by_name_and_not_flagged_as_changed():
    feedback = exercises.check_tweak(lambda theta, loss, direction, step: theta)
    assert "loss = the function distance_to_ones" in feedback.message
    assert feedback.mistake != "modified input"


def test_state_kept_between_calls_is_named():
    store = {"dW": np.zeros(2)}

    def accumulating(x):
        store["dW"] += 2 * x  # a gradient added to, never reset
        return store["dW"].copy()

    feedback = check_function(accumulating, reference=lambda x: 2 * x, cases=[{"x": np.ones(2)}])
    assert feedback.mistake == "accumulating gradients" and not feedback.passed


def test_tuple_results_are_compared_part_by_part():
    def reference(X):
        return X.sum(axis=0), X.T @ X

    X = np.arange(6.0).reshape(3, 2)
    assert check_function(
        lambda X: (X.sum(axis=0), X.T @ X), reference=reference, cases=[{"X": X}]
    ).passed
    wrong_part = check_function(
        lambda X: (X.sum(axis=0), X @ X.T), reference=reference, cases=[{"X": X}]
    )
    assert "Result 2 of 2 is wrong" in _flat(wrong_part)
    one_part = check_function(lambda X: X.sum(axis=0), reference=reference, cases=[{"X": X}])
    assert "should return 2 results" in _flat(one_part)


def test_inputs_that_are_lists_of_arrays_of_several_shapes():
    """[W, b] as one argument: a correct answer passes, an untouched list is not reported as
    changed, a change inside it is, and a wrong shape gets the shape advice (np.shape of such a
    list raises, which once made the checker report a bug of its own)."""

    def reference(params, x):
        return params[0] @ x + params[1]

    cases = [{"params": [np.arange(6.0).reshape(2, 3), np.ones(2)], "x": np.ones(3)}]
    assert check_function(reference, reference=reference, cases=cases).passed

    def column(params, x):
        return (params[0] @ x + params[1])[:, None]

    feedback = check_function(column, reference=reference, cases=cases)
    assert not feedback.passed and "arranged differently" in feedback.message
    assert "bug in the checker" not in feedback.message

    def in_place(params, x):
        params[1] += 1
        return params[0] @ x + params[1] - 1

    assert check_function(in_place, reference=reference, cases=cases).mistake == "modified input"
