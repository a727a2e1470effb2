"""Checkers: accept right answers, and name each catalogued mistake."""

import numpy as np
import pytest

from course_lib import exercises, losses
from course_lib.exercises import Feedback, Mistake, check_function
from course_lib.exercises import (
    backprop,
    batches,
    beyond,
    descent,
    digits,
    guessing,
    mlp,
    neuron,
    optimizers,
    three_neurons,
    vanishing,
)
from course_lib.exercises import losses as catalogue

CHECKERS = [
    (exercises.check_mse, losses.mse, catalogue.MSE_MISTAKES),
    (exercises.check_mse_grad, losses.mse_grad, catalogue.MSE_GRAD_MISTAKES),
    (exercises.check_binary_cross_entropy, losses.binary_cross_entropy,
     catalogue.BINARY_CROSS_ENTROPY_MISTAKES),
    (exercises.check_softmax_cross_entropy, losses.softmax_cross_entropy,
     catalogue.SOFTMAX_CROSS_ENTROPY_MISTAKES),
    (exercises.check_best_guess, guessing._best_guess, guessing.BEST_GUESS_MISTAKES),
    (exercises.check_tweak, guessing._tweak, guessing.TWEAK_MISTAKES),
    (exercises.check_cosine, guessing._cosine, guessing.COSINE_MISTAKES),
    (exercises.check_descend, descent._descend, descent.DESCEND_MISTAKES),
    (exercises.check_largest_stable_lr, descent._largest_stable_lr, descent.LARGEST_STABLE_LR_MISTAKES),
    (exercises.check_regime, descent._regime, descent.REGIME_MISTAKES),
    (exercises.check_updates_per_epoch, batches._updates_per_epoch, batches.UPDATES_PER_EPOCH_MISTAKES),
    (exercises.check_epoch_loss, batches._epoch_loss, batches.EPOCH_LOSS_MISTAKES),
    (exercises.check_minibatch_epoch, batches._minibatch_epoch, batches.MINIBATCH_EPOCH_MISTAKES),
    (exercises.check_neuron_gradients, backprop._neuron_gradients, backprop.NEURON_GRADIENT_MISTAKES),
    (exercises.check_sigmoid_backward, backprop._sigmoid_backward, backprop.SIGMOID_BACKWARD_MISTAKES),
    (exercises.check_dense_backward, backprop._dense_backward, backprop.DENSE_BACKWARD_MISTAKES),
    (exercises.check_logistic_gradients, neuron._logistic_gradients, neuron.LOGISTIC_GRADIENT_MISTAKES),
    (exercises.check_predict, neuron._predict, neuron.PREDICT_MISTAKES),
    (exercises.check_boundary, neuron._boundary, neuron.BOUNDARY_MISTAKES),
    (exercises.check_hidden_weight_gradient, three_neurons._dL_dw23, three_neurons.W23_MISTAKES),
    (exercises.check_W1_gradient, three_neurons._dL_dW1, three_neurons.W1_MISTAKES),
    (exercises.check_output_gradients, three_neurons._output_gradients, three_neurons.OUTPUT_MISTAKES),
    (exercises.check_slope_product, vanishing._slope_product, vanishing.SLOPE_PRODUCT_MISTAKES),
    (exercises.check_init_std, vanishing._init_std, vanishing.INIT_STD_MISTAKES),
    (exercises.check_layers_until, vanishing._layers_until, vanishing.LAYERS_UNTIL_MISTAKES),
    (exercises.check_augmented_gradient, mlp._augmented_gradient, mlp.AUGMENTED_MISTAKES),
    (exercises.check_relu_backward, mlp._relu_backward, mlp.RELU_BACKWARD_MISTAKES),
    (exercises.check_update, mlp._update, mlp.UPDATE_MISTAKES),
    (exercises.check_confusion_matrix, digits._confusion, digits.CONFUSION_MISTAKES),
    (exercises.check_per_class_accuracy, digits._per_class_accuracy, digits.PER_CLASS_MISTAKES),
    (exercises.check_standardize_test, digits._standardize_test, digits.STANDARDIZE_MISTAKES),
    (exercises.check_linear_regression_gradient, beyond._linear_regression_gradient,
     beyond.LINEAR_REGRESSION_GRADIENT_MISTAKES),
    (exercises.check_least_squares, beyond._least_squares, beyond.LEAST_SQUARES_MISTAKES),
    (exercises.check_stable_learning_rate, beyond._stable_learning_rate,
     beyond.STABLE_LEARNING_RATE_MISTAKES),
    (exercises.check_ridge_gradient, beyond._ridge_regression_gradient, beyond.RIDGE_GRADIENT_MISTAKES),
    (exercises.check_momentum_step, optimizers._momentum_step, optimizers.MOMENTUM_STEP_MISTAKES),
    (exercises.check_adam_step, optimizers._adam_step, optimizers.ADAM_STEP_MISTAKES),
    (exercises.check_momentum_effective_lr, optimizers._momentum_effective_lr,
     optimizers.MOMENTUM_EFFECTIVE_LR_MISTAKES),
    (exercises.check_momentum_largest_stable_lr, optimizers._momentum_largest_stable_lr,
     optimizers.MOMENTUM_LARGEST_STABLE_LR_MISTAKES),
]
IDS = [c[0].__name__ for c in CHECKERS]


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
    [(CHECKERS[0][0], learner_mse), (CHECKERS[1][0], learner_mse_grad),
     (CHECKERS[2][0], learner_bce), (CHECKERS[3][0], learner_softmax_ce)],
    ids=IDS[:4],
)
def test_checker_accepts_a_learners_correct_solution(checker, solution):
    feedback = checker(solution)
    assert feedback.passed and bool(feedback)
    assert repr(feedback).startswith(f"✓ {solution.__name__} passed all")


def test_every_checker_is_in_the_catalogue_tests():
    listed = {checker.__name__ for checker, _, _ in CHECKERS}
    assert listed == {name for name in exercises.__all__ if name.startswith("check_")} - {"check_function"}


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_accepts_the_reference(checker, reference, mistakes):
    assert checker(reference).passed


@pytest.mark.parametrize("checker, reference, mistakes", CHECKERS, ids=IDS)
def test_checker_names_each_catalogued_mistake(checker, reference, mistakes):
    for mistake in mistakes:

        def learner(*args, mistake=mistake):
            # Makes this mistake wherever it can happen, and is right elsewhere.
            try:
                wrong = mistake.answer(*args)
            except Exception:
                wrong = None
            return reference(*args) if wrong is None else wrong

        feedback = checker(learner)
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
    assert "returned shape (4, 1) but the answer has shape (4,), the shape of y_pred" in _flat(shape)


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
    def unclipped_where(p, y):
        return np.mean(np.where(y == 1, -np.log(p), -np.log(1 - p)))

    assert exercises.check_binary_cross_entropy(unclipped_where).mistake == "no clipping"
    # A stable softmax followed by np.log underflows; named, not a bare "NaN or inf".
    def log_of_softmax(z, y):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return -np.mean(np.log((e / e.sum(axis=1, keepdims=True))[np.arange(len(y)), y]))

    assert exercises.check_softmax_cross_entropy(log_of_softmax).mistake == "log of an underflowed probability"
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
    assert check_function(lambda X: (X.sum(axis=0), X.T @ X), reference=reference, cases=[{"X": X}]).passed
    wrong_part = check_function(lambda X: (X.sum(axis=0), X @ X.T), reference=reference, cases=[{"X": X}])
    assert "Result 2 of 2 is wrong" in _flat(wrong_part)
    one_part = check_function(lambda X: X.sum(axis=0), reference=reference, cases=[{"X": X}])
    assert "should return 2 results" in _flat(one_part)
