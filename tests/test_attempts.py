""" "Fix this attempt" exercises: the learner sees the exercise before any verdict.

Every exercise ships a learner's attempt (a plausible bug, or a starting value that the learner
replaces) and the call that checks it, ``check_x(my_x)``. That call is tagged ``skip-execution``
(the book build does not run it) and ``nbval-skip``, and stores no output, so neither the site
nor a freshly opened notebook shows the checker's diagnosis, which names the mistake. The learner
runs it.

These tests find every such call in every chapter, run it on the shipped attempt instead, and
require the checker to reject the attempt with the mistake the exercise is about (None: a
starting value that no catalogued mistake describes, which must still fail). A new attempt must be
added to ``MISTAKES``, so an exercise whose attempt secretly passes cannot ship.
"""

from __future__ import annotations

import ast
import re

import nbformat
import numpy as np
import pytest
from test_claims import CHAPTERS

import course_lib.exercises as exercises
from course_lib import activations
from course_lib.exercises import capstone

CHECK_CALL = re.compile(r"(?:print\()?(check_\w+)\((\w+)\)\)?")

MISTAKES = {  # checker: the mistake its chapter's shipped attempt makes
    # network-primer
    "check_sigmoid_grad": "σ(1 + σ)",
    "check_dense_forward": "X @ W instead of X @ W.T",
    "check_count_parameters": None,
    "check_softmax": "no shift",
    # loss-functions
    "check_mse": None,
    "check_mse_grad": "missing 2",
    "check_binary_cross_entropy": "no clipping",
    "check_softmax_cross_entropy": "overflow",
    # why-not-guess
    "check_best_guess": "returned the loss",
    "check_tweak": "never moves",
    "check_cosine": "not normalised",
    # update-rule
    "check_descend": "wrong sign",
    "check_largest_stable_lr": None,
    "check_regime": "bound at 1/λ",
    "check_steepest_step": "not normalised",
    # chain-rule
    "check_neuron_gradients": "missing activation derivative",
    "check_sigmoid_backward": "missing activation derivative",
    "check_dense_backward": "transposed weight matrix",
    "check_weight_gradient_by_samples": "overwritten, not summed",
    # one-neuron
    "check_logistic_gradients": "MSE's extra factor",
    "check_predict": "threshold on the logit at 0.5",
    "check_boundary": None,
    # three-neurons
    "check_hidden_weight_gradient": "indices swapped",
    "check_W1_gradient": "transposed",
    "check_output_gradients": "pre-activation instead of activation",
    # mlp-by-hand
    "check_augmented_gradient": "ones column first",
    "check_relu_backward": "z = 0 counted as on",
    "check_capstone_forward": None,  # the capstone ships signatures that raise
    "check_capstone_gradients": None,
    "check_capstone_training": None,
    "check_update": "wrong sign",
    # batches
    "check_updates_per_epoch": "last batch dropped",
    "check_epoch_loss": "unweighted mean",
    "check_minibatch_epoch": "full-data gradient",
    # momentum-adam
    "check_momentum_step": "old velocity in the step",
    "check_adam_step": "no bias correction",
    "check_momentum_effective_lr": None,
    "check_momentum_largest_stable_lr": "plain gradient descent's bound",
    # landscapes
    "check_critical_point": "diagonal instead of eigenvalues",
    "check_ends_in": "nearest to the start",
    "check_momentum_descent": "averaged velocity",
    # vanishing-gradients
    "check_slope_product": "weights left out",
    "check_init_std": "variance instead of standard deviation",
    "check_layers_until": None,
    "check_clip_global_norm": "each array clipped on its own",
    # digits
    "check_confusion_matrix": "repeated pairs counted once",
    "check_per_class_accuracy": "divided by the column sums",
    "check_standardize_test": "test statistics used",
    # digits
    "check_weight_decay_step": "bias decayed",
    "check_stopping_epoch": "counted from 0",
    # beyond-networks
    "check_linear_regression_gradient": "missing 2",
    "check_least_squares": "no column of ones",
    "check_stable_learning_rate": None,
    "check_ridge_gradient": "penalty left out",
    # what-next
    "check_tanh_node": "upstream gradient ignored",
    "check_shared_gradients": "overwritten, not added",
    "check_graph_backward": "index order",
}


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _attempts():
    """(chapter, checker, function, attempt source, check cell) for every skipped check call."""
    found = []
    for path in CHAPTERS:
        cells = nbformat.read(path, as_version=4).cells
        for index, cell in enumerate(cells):
            if cell.cell_type != "code" or "skip-execution" not in _tags(cell):
                continue
            tree = ast.parse(cell.source)
            calls = []  # the check calls that end the cell: one, or one per function (capstone)
            while tree.body and (call := CHECK_CALL.fullmatch(ast.unparse(tree.body[-1]))):
                calls.insert(0, call.groups())
                tree.body.pop()
            assert calls, f"{path.stem} cell {index}: a skipped cell ends with check_x(my_x)"
            for checker, function in calls:
                if f"def {function}" in cell.source:  # the attempt and its check in one cell
                    attempt = ast.unparse(tree)
                else:  # the attempt in an earlier cell, which runs and prints nothing
                    before = [c for c in cells[:index] if f"def {function}" in c.source]
                    assert before, f"{path.stem} cell {index}: no cell defines {function}"
                    assert not before[-1].get("outputs"), f"{path.stem}: {function}'s cell prints"
                    attempt = before[-1].source
                found.append((path.stem, checker, function, attempt, cell))
    return found


ATTEMPTS = _attempts()


def test_every_checker_has_one_registered_attempt():
    assert sorted(checker for _, checker, *_ in ATTEMPTS) == sorted(MISTAKES)
    checkers = {name for name in exercises.__all__ if name.startswith("check_")}
    assert set(MISTAKES) == checkers - {"check_function"}  # check_function: the mechanism


@pytest.mark.parametrize(
    "stem, checker, function, attempt, cell", ATTEMPTS, ids=[f"{a[0]}-{a[1]}" for a in ATTEMPTS]
)
def test_attempt_is_skipped_and_stores_no_diagnosis(stem, checker, function, attempt, cell):
    assert "nbval-skip" in _tags(cell), (
        f"{stem}: nbval must skip the unexecuted check of {function}"
    )
    assert not cell.get("outputs") and cell.get("execution_count") is None, (
        f"{stem}: the check of {function} stores a verdict the learner has not asked for"
    )


@pytest.mark.parametrize(
    "stem, checker, function, attempt, cell", ATTEMPTS, ids=[f"{a[0]}-{a[1]}" for a in ATTEMPTS]
)
def test_attempt_fails_with_the_mistake_its_exercise_is_about(
    stem, checker, function, attempt, cell
):
    namespace = {
        "np": np,
        "activations": activations,
        "init_params": capstone.init_params,  # the capstone's given function
        **{name: getattr(exercises, name) for name in exercises.__all__},
    }
    exec(compile(attempt, f"<{stem}: {function}>", "exec"), namespace)
    feedback = getattr(exercises, checker)(namespace[function])
    assert not feedback.passed, f"{stem}: {checker} passes the shipped attempt {function}"
    assert feedback.mistake == MISTAKES[checker], feedback.message
