"""The capstone's checkers: a learner's whole network, graded in parts, mistakes named.

Learners here are written as a learner would write them (one-hot targets,
in-place softmax, a dict of gradients...), independently of the checkers'
reference: a right one passes all three checkers; each plausible bug fails
with its mistake named; garbage never makes a checker raise.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from course_lib.exercises import (
    check_capstone_forward,
    check_capstone_gradients,
    check_capstone_training,
)
from course_lib.exercises.capstone import (
    ACCURACY_TARGET,
    capstone_forward,
    capstone_loss_and_grads,
    capstone_train,
    init_params,
)
from course_lib.gradcheck import numerical_gradient
from course_lib.models import MLP

CHECKERS = (check_capstone_forward, check_capstone_gradients, check_capstone_training)


def make_learner(**bugs):
    """forward, loss_and_grads and train as a learner writes them; each bug a keyword."""

    def forward(params, X):
        W1, b1, W2, b2 = params
        Z1 = (X @ W1 if bugs.get("no_transpose") else X @ W1.T) + b1
        A1 = np.maximum(0, Z1)
        Z2 = A1 @ W2.T + b2
        if not bugs.get("no_shift"):
            Z2 = Z2 - Z2.max(axis=1, keepdims=True)
        P = np.exp(Z2)
        P = P / P.sum(axis=1, keepdims=True)
        return Z1, A1, P

    stale = {}

    def loss_and_grads(params, X, y):
        W1, b1, W2, b2 = params
        Z1, A1, P = forward(params, X)
        n = X.shape[0]
        Y = np.eye(W2.shape[0])[y]
        if bugs.get("summed"):
            loss = -np.sum(Y * np.log(P))
            dZ2 = P - Y
        else:
            loss = -np.sum(Y * np.log(P)) / n
            dZ2 = (P - Y) if bugs.get("grad_not_averaged") else (P - Y) / n
        grads = {
            "W2": A1.T @ dZ2 if bugs.get("dW_transposed") else dZ2.T @ A1,
            "b2": dZ2.sum(axis=0),
        }
        dA1 = dZ2 @ W2.T if bugs.get("dA_transposed") else dZ2 @ W2
        mask = {
            "A>0": A1 > 0,
            "A>=0": A1 >= 0,
            "Z>=0": Z1 >= 0,
        }.get(bugs.get("mask"), Z1 > 0)
        dZ1 = dA1 * mask
        dW1_transposed = bugs.get("dW_transposed") or bugs.get("dW1_transposed")
        grads["W1"] = X.T @ dZ1 if dW1_transposed else dZ1.T @ X
        grads["b1"] = dZ1.sum(axis=0)
        if bugs.get("no_bias_grad"):
            grads["b1"], grads["b2"] = np.zeros_like(b1), np.zeros_like(b2)
        if bugs.get("db_mean"):
            grads["b1"], grads["b2"] = dZ1.mean(axis=0), dZ2.mean(axis=0)
        if bugs.get("stale_across_calls"):
            # Buffers allocated once per network size, then added to and never zeroed.
            if stale.get("W1") is None or stale["W1"].shape != W1.shape:
                stale.update({name: np.zeros_like(grad) for name, grad in grads.items()})
            for name in grads:
                stale[name] += grads[name]
            grads = {name: buffer.copy() for name, buffer in stale.items()}
        return loss, grads["W1"], grads["b1"], grads["W2"], grads["b2"]

    def train(X, y, n_hidden, lr, epochs, seed):
        W1, b1, W2, b2 = init_params(X.shape[1], n_hidden, y.max() + 1, seed)
        losses = []
        running = [0.0, 0.0, 0.0, 0.0]
        for _ in range(epochs):
            loss, dW1, db1, dW2, db2 = loss_and_grads((W1, b1, W2, b2), X, y)
            grads = [dW1, db1, dW2, db2]
            if bugs.get("accumulate"):
                running = [r + g for r, g in zip(running, grads, strict=True)]
                grads = running
            step = +lr if bugs.get("ascent") else -lr
            W1, b1, W2, b2 = (p + step * g for p, g in zip((W1, b1, W2, b2), grads, strict=True))
            if bugs.get("loss_late"):
                loss = loss_and_grads((W1, b1, W2, b2), X, y)[0]
            losses.append(loss)
        return W1, b1, W2, b2, np.array(losses)

    return forward, loss_and_grads, train


def grade(**bugs):
    forward, loss_and_grads, train = make_learner(**bugs)
    return (
        check_capstone_forward(forward),
        check_capstone_gradients(loss_and_grads),
        check_capstone_training(train),
    )


def flat(feedback) -> str:
    return " ".join(feedback.message.split())


def test_a_right_learner_passes_every_part():
    for feedback in grade():
        assert feedback.passed, feedback.message
        assert feedback.message.startswith("✓") and "parts" in feedback.message


def test_the_same_mask_from_the_activation_passes():
    # A1 = max(Z1, 0) > 0 exactly where Z1 > 0, so (A1 > 0) is the same mask: not a mistake.
    assert all(grade(mask="A>0"))


@pytest.mark.parametrize(
    "bugs, which, mistake",
    [
        ({"no_shift": True}, 0, "softmax without the shift"),
        ({"no_shift": True}, 1, "softmax without the shift"),
        ({"no_transpose": True}, 0, "W not transposed"),
        ({"dW1_transposed": True}, 1, "missing transpose"),
        ({"dW_transposed": True}, 1, "missing transpose"),
        ({"dA_transposed": True}, 1, "W2 transposed in the backward pass"),
        ({"summed": True}, 1, "summed over the batch"),
        ({"summed": True}, 2, "summed over the batch"),
        ({"grad_not_averaged": True}, 1, "gradient not divided by n"),
        ({"db_mean": True}, 1, "divided by n twice"),
        ({"mask": "A>=0"}, 1, "ReLU mask missing"),
        ({"mask": "Z>=0"}, 1, "z = 0 counted as on"),
        ({"no_bias_grad": True}, 1, "bias gradient forgotten"),
        ({"stale_across_calls": True}, 1, "accumulating gradients"),
        ({"accumulate": True}, 2, "gradients accumulating across steps"),
        ({"ascent": True}, 2, "gradient ascent"),
        ({"loss_late": True}, 2, "loss recorded after the step"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_plausible_bug_fails_and_is_named(bugs, which, mistake):
    feedback = grade(**bugs)[which]
    assert not feedback.passed
    assert feedback.mistake == mistake, feedback.message
    assert f"Likely mistake, {mistake}" in flat(feedback)


def test_every_part_is_reported_even_after_a_failure():
    forward = grade(no_shift=True)[0]
    assert "✓ shapes and finite values" in forward.message
    assert "✓ probabilities" in forward.message
    assert "✗ the same for logits near 1000" in forward.message
    # Summed loss and summed gradients agree with each other: the finite differences pass, and
    # only the reference (the mean) tells them apart.
    summed = grade(summed=True)[1]
    assert "✓ gradients against central finite differences" in summed.message
    assert "✗ the reference's numbers" in summed.message
    # Gradients summed but the loss averaged: they disagree with the learner's own loss, by n.
    half = grade(grad_not_averaged=True)[1]
    assert "✗ gradients against central finite differences" in half.message
    assert "dW1 is 6 times the finite differences" in flat(half)
    no_bias = flat(grade(no_bias_grad=True)[1])
    assert "db1 is all zeros, but the loss does change with it" in no_bias
    late = grade(loss_late=True)[2]
    for part in ("✓ shapes", "✓ the loss falls", "✓ training accuracy", "✗ the reference's"):
        assert part in late.message, late.message
    ascent = grade(ascent=True)[2]
    assert "✗ the loss falls" in ascent.message and "✗ training accuracy" in ascent.message


def test_a_transposed_gradient_is_a_shape_error_and_skips_the_finite_differences():
    feedback = grade(dW_transposed=True)[1]
    assert "dW1 has shape (2, 5); expected (5, 2)" in flat(feedback)
    assert "Not graded until the shapes are right" in feedback.message


def garbage_learners():
    def raises(*args):
        raise RuntimeError("a learner's bug")

    def spins(*args):
        while True:
            pass

    return {
        "None": lambda *args: None,
        "raises": raises,
        "NaN": lambda *args: (np.nan, np.nan, np.nan, np.nan, np.nan),
        "wrong shapes": lambda *args: tuple(np.zeros(3) for _ in range(5)),
        "a list of lists": lambda *args: [[1, 2], [3]],
        "a dict": lambda *args: {"W1": np.zeros(2)},
        "text": lambda *args: "loss",
        "a scalar": lambda *args: 0.0,
        "a generator": lambda *args: (a for a in args),
        "too many results": lambda *args: tuple(range(9)),
        "never returns": spins,
    }


@pytest.mark.parametrize("name", list(garbage_learners()))
@pytest.mark.parametrize("check", CHECKERS, ids=lambda check: check.__name__)
def test_garbage_never_crashes_a_checker(check, name):
    start = time.monotonic()
    feedback = check(garbage_learners()[name], time_limit=0.1)
    assert not feedback.passed and feedback.message.startswith("✗")
    assert "the checker could not grade" not in feedback.message
    assert "the checker's own parts" not in feedback.message
    assert time.monotonic() - start < 3


def test_not_a_function():
    for check in CHECKERS:
        feedback = check(None)
        assert not feedback and "expected a function to check" in feedback.message


@pytest.mark.parametrize(
    "check, reference",
    list(zip(CHECKERS, (capstone_forward, capstone_loss_and_grads, capstone_train), strict=True)),
    ids=lambda value: getattr(value, "__name__", None),
)
def test_the_right_answer_as_lists_passes(check, reference):
    def as_lists(*args):
        return tuple(np.asarray(part).tolist() for part in reference(*args))

    assert check(as_lists).passed


def test_the_reference_agrees_with_course_lib_and_finite_differences():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(7, 3)), np.array([0, 1, 2, 3, 0, 1, 2])
    params = init_params(3, 5, 4, seed=2)
    params = (params[0], rng.normal(size=5), params[2], rng.normal(size=4))
    loss, *grads = capstone_loss_and_grads(params, X, y)
    model = MLP([3, 5, 4], activation="relu")
    for layer, W, b in zip(model.dense_layers, params[::2], params[1::2], strict=True):
        layer.W[:], layer.b[:] = W, b
    assert np.isclose(model.loss(X, y), loss)
    model.backward()
    library = dict(zip(model.parameter_names(), model.gradients(), strict=True))
    for name, grad in zip(("W1", "b1", "W2", "b2"), grads, strict=True):
        assert np.allclose(library[name], grad, rtol=1e-10, atol=1e-12), name
    for index, grad in enumerate(grads):

        def loss_of(value, index=index):
            trial = list(params)
            trial[index] = value
            return capstone_loss_and_grads(tuple(trial), X, y)[0]

        assert np.allclose(numerical_gradient(loss_of, params[index].copy()), grad, atol=1e-7)


def test_the_reference_trains_the_spirals_above_the_target_for_several_seeds():
    X, y = (
        check_capstone_training.spec.cases[1].args["X"],
        check_capstone_training.spec.cases[1].args["y"],
    )
    for seed in range(4):
        *params, losses = capstone_train(X, y, 16, 1.0, 300, seed)
        accuracy = np.mean(capstone_forward(params, X)[2].argmax(axis=1) == y)
        assert accuracy >= ACCURACY_TARGET + 0.03, (seed, accuracy)
        assert np.all(np.diff(losses) < 0)


def test_the_large_logits_overflow_without_the_shift_and_zeros_reach_the_mask():
    cases = check_capstone_gradients.spec.cases
    large = cases[3].args
    with np.errstate(all="ignore"):
        Z2 = make_learner()[0](large["params"], large["X"])[1] @ large["params"][2].T
        Z2 = Z2 + large["params"][3]
    assert np.abs(Z2).max() > 710  # exp(710) overflows float64
    zeros = cases[2].args
    Z1 = zeros["X"] @ zeros["params"][0].T + zeros["params"][1]
    assert np.any(Z1 == 0)


def test_init_params_validates_its_sizes():
    W1, b1, W2, b2 = init_params(2, 8, 3, seed=0)
    assert W1.shape == (8, 2) and b1.shape == (8,) and W2.shape == (3, 8) and b2.shape == (3,)
    assert np.array_equal(init_params(2, 8, 3, seed=0)[0], W1)
    for bad in ({"n_in": 0}, {"n_hidden": 2.5}, {"n_out": -1}):
        args = {"n_in": 2, "n_hidden": 8, "n_out": 3, "seed": 0, **bad}
        with pytest.raises((ValueError, TypeError), match=next(iter(bad))):
            init_params(**args)
