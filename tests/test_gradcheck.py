"""Finite differences and relative errors, checked on functions with known gradients."""

import numpy as np
import pytest
from conftest import dims, seeds
from hypothesis import given

from course_lib.gradcheck import (
    ACCUMULATES_NOTE,
    KINK_NOTE,
    TOLERANCE,
    GradientReport,
    gradient_report,
    numerical_gradient,
    relative_error,
)
from course_lib.models import MLP, LinearRegression, Neuron


@given(seed=seeds, n=dims)
def test_numerical_gradient_of_a_quadratic(seed, n):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(n, n)), rng.normal(size=n)
    numeric = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(numeric, (A + A.T) @ x, rtol=1e-6, atol=1e-8)


def test_numerical_gradient_restores_x_and_works_in_place():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = W.copy()
    # f reads W from outside, as with model parameters: the nudges must reach it.
    numeric = numerical_gradient(lambda _: np.sum(W**3), W)
    np.testing.assert_allclose(numeric, 3 * before**2, rtol=1e-8)
    np.testing.assert_array_equal(W, before)
    column = np.ones((3, 3))[:, 1]  # a non-contiguous view is nudged in place too
    assert np.allclose(numerical_gradient(lambda v: np.sum(v**2), column), 2.0)


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.array([1.0, 2.0])

    def f(v):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_needs_a_scalar_function():
    with pytest.raises(ValueError, match="f\\(x\\) must return a finite number"):
        numerical_gradient(lambda v: v * 2, np.ones(3))
    with pytest.raises(ValueError, match="f\\(x\\) must return a finite number"):
        numerical_gradient(lambda v: np.nan, np.ones(3))


def test_relative_error_properties():
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(a, 2 * a) == pytest.approx(0.5)
    assert relative_error(a, 2 * a) == relative_error(2 * a, a)
    assert relative_error(1e-9 * a, 2e-9 * a) == pytest.approx(0.5)  # scale-free
    assert relative_error(a, -a) == pytest.approx(2.0)


class _BrokenMLP(MLP):
    """An MLP whose backward pass forgets the 1/n of the mean for the first bias."""

    def backward(self):
        super().backward()
        self.dense_layers[0].db *= 3


def test_gradient_report_catches_a_wrong_gradient():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(3, 2)), np.array([0, 1, 1])
    report = gradient_report(_BrokenMLP([2, 3, 2], activation="tanh", seed=0), X, y)
    assert isinstance(report, GradientReport)
    assert not report.passed
    assert [row.ok for row in report.rows] == [True, False, True, True]
    assert "✗ WRONG" in repr(report) and "b1" in repr(report)
    assert "✗ wrong" in report._repr_html_()
    assert "some gradients disagree" in repr(report)


def test_gradient_report_prints_as_before_when_all_agree():
    rng = np.random.default_rng(1)
    model = MLP([3, 4, 2], activation="sigmoid", seed=0)
    report = gradient_report(model, rng.normal(size=(5, 3)), rng.integers(0, 2, size=5))
    lines = repr(report).splitlines()
    assert lines[0].split() == [
        "parameter",
        "shape",
        "max",
        "|dL/dθ|",
        "relative",
        "error",
        "check",
    ]
    # Round-off digits differ between CPUs: an agreeing row shows the bound, not the digits.
    assert all(line.split()[-3:] == ["<", "1e-06", "✓"] for line in lines[2:6])
    assert lines[-1] == "all gradients agree (relative error < 1e-06 counts as agreement)"
    assert report.kinks == 0 and all(row.status == "agree" for row in report.rows)


# --- Deep sigmoid networks: tiny gradients, large relative errors from round-off alone.


def _deep_sigmoid(model_class=MLP, depth=10):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    return model_class([4] + [8] * depth + [3], activation="sigmoid", seed=0), X, y


def test_deep_sigmoid_network_with_correct_gradients_passes():
    model, X, y = _deep_sigmoid()
    report = gradient_report(model, X, y)
    assert report.passed, repr(report)
    assert "✗" not in repr(report)
    # The test is meaningful: the first layers' gradients are tiny and their relative
    # errors far above TOLERANCE (the old check called them wrong), yet they pass as
    # round-off, and the last layers still agree to TOLERANCE.
    assert report.rows[0].max_abs_gradient < 1e-6
    assert max(row.relative_error for row in report.rows) > 100 * TOLERANCE
    assert report.rows[0].status == "round-off" and report.rows[-1].status == "agree"
    assert "round-off" in repr(report) and "within round-off" in repr(report)
    # A shown bound really bounds the error.
    for row in report.rows:
        if row.limited:
            assert row.relative_error <= row.error_bound
            assert float(row.shown_error.removeprefix("≤ ")) >= row.error_bound


@pytest.mark.parametrize("depth", [8, 12])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_correct_gradients_of_deep_networks_are_never_called_wrong(depth, activation):
    for seed in range(3):
        rng = np.random.default_rng(seed)
        X, y = 2 * rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
        model = MLP([4] + [6] * depth + [3], activation=activation, seed=seed)
        report = gradient_report(model, X, y)
        assert report.passed, f"seed {seed}:\n{report!r}"


class _ScaledMLP(MLP):
    """Backprop's gradients of the parameters in ``scaled`` times ``factor``: a subtle bug."""

    scaled: tuple[int, ...] = ()
    factor = 1.01

    def backward(self):
        super().backward()
        grads = self.gradients()
        for i in self.scaled:
            grads[i] *= self.factor


@pytest.mark.parametrize("scaled", [(20,), (21,), (14,), (10,), tuple(range(22))])
def test_one_percent_too_large_is_flagged_on_the_deep_sigmoid_net(scaled):
    model, X, y = _deep_sigmoid(type("Scaled", (_ScaledMLP,), {"scaled": scaled}))
    report = gradient_report(model, X, y)
    assert not report.passed
    for i in scaled:
        # Flagged wherever the 1 % is above what finite differences resolve.
        if 0.01 * report.rows[i].max_abs_gradient > 4 * report.resolution:
            assert report.rows[i].status == "wrong", (i, repr(report))
    assert all(row.ok for i, row in enumerate(report.rows) if i not in scaled)
    assert "✗ WRONG" in repr(report)


class _FlippedEntryMLP(MLP):
    """Backprop with the sign of one gradient entry flipped."""

    flipped: tuple[int, tuple[int, ...]] = (0, (0, 0))

    def backward(self):
        super().backward()
        i, entry = self.flipped
        self.gradients()[i][entry] *= -1


@pytest.mark.parametrize("flipped", [(20, (1, 2)), (12, (3, 4)), (11, (5,)), (21, (0,))])
def test_a_sign_flipped_entry_is_flagged_on_the_deep_sigmoid_net(flipped):
    model, X, y = _deep_sigmoid(type("Flipped", (_FlippedEntryMLP,), {"flipped": flipped}))
    report = gradient_report(model, X, y)
    i, _ = flipped
    assert report.rows[i].status == "wrong", repr(report)
    assert [j for j, row in enumerate(report.rows) if not row.ok] == [i]


class _PerturbedEntryMLP(MLP):
    """Backprop with one gradient entry of the last weight matrix 1 % off."""

    def backward(self):
        super().backward()
        self.gradients()[-2][1, 3] *= 1.01


def test_one_perturbed_entry_is_flagged():
    model, X, y = _deep_sigmoid(_PerturbedEntryMLP)
    report = gradient_report(model, X, y)
    assert [row.name for row in report.rows if not row.ok] == ["W11"]


# --- ReLU kinks: a pre-activation at exactly 0.


def _relu_with_a_kink(model_class=MLP):
    model = model_class([2, 3, 2], activation="relu", seed=0)
    W1, b1 = model.parameters()[:2]
    W1[0] = [0.5, -0.25]
    b1[0] = 0.0
    X = np.array([[1.0, 2.0], [0.3, -1.0], [-0.7, 0.4]])  # z[0, 0] = 0.5 - 0.5 + 0 = 0 exactly
    return model, X, np.array([0, 1, 1])


def test_relu_at_an_exact_kink_is_reported_as_a_kink_not_as_wrong():
    model, X, y = _relu_with_a_kink()
    assert model.dense_layers[0].forward(X)[0, 0] == 0.0
    report = gradient_report(model, X, y)
    assert report.passed, repr(report)
    assert "✗" not in repr(report)
    # Nudging W1[0, :] or b1[0] moves exactly that pre-activation; nothing else is at a kink.
    assert [row.kinks for row in report.rows] == [2, 1, 0, 0]
    assert [row.status for row in report.rows] == ["kink", "kink", "agree", "agree"]
    assert KINK_NOTE in repr(report)
    assert "✓ kink: 2 entries not checked" in repr(report)
    assert "all checked gradients agree" in repr(report)
    assert "kink" in report._repr_html_()
    # The central difference really is off there: the old check called W1 wrong.
    model.loss(X, y)
    model.backward()
    numeric = numerical_gradient(lambda _: model.loss(X, y), model.parameters()[0])
    assert relative_error(model.gradients()[0], numeric) > 1e-3


def test_a_smooth_point_is_not_a_kink():
    model, X, y = _relu_with_a_kink()
    model.parameters()[1][0] = 1e-3  # the pre-activation moves 1000 h away from 0
    report = gradient_report(model, X, y)
    assert report.passed and report.kinks == 0


class _KinkWithWrongRest(MLP):
    def backward(self):
        super().backward()
        self.dense_layers[0].dW *= 1.01


class _WrongAtTheKink(MLP):
    def backward(self):
        super().backward()
        self.dense_layers[0].db[0] += 1.0  # outside the two one-sided slopes


class _WrongSecondLayer(MLP):
    def backward(self):
        super().backward()
        self.dense_layers[1].dW[0, 1] *= -1


@pytest.mark.parametrize(
    "model_class, wrong",
    [(_KinkWithWrongRest, ["W1"]), (_WrongAtTheKink, ["b1"]), (_WrongSecondLayer, ["W2"])],
)
def test_wrong_gradients_next_to_a_kink_are_still_flagged(model_class, wrong):
    model, X, y = _relu_with_a_kink(model_class)
    report = gradient_report(model, X, y)
    assert [row.name for row in report.rows if row.status == "wrong"] == wrong, repr(report)


# --- Gradients that accumulate between steps (dW += ... instead of dW = ...).


class _AccumulatingMLP(MLP):
    """Adds each backward pass's gradients to the stored ones: right once, wrong after."""

    def backward(self):
        before = [g.copy() for g in self.gradients()]
        super().backward()
        for grad, old in zip(self.gradients(), before, strict=True):
            grad += old


def test_accumulating_gradients_are_caught_on_a_fresh_model():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)
    model = _AccumulatingMLP([3, 4, 2], activation="sigmoid", seed=0)
    # A single backward on a fresh model gives the right numbers: one call cannot tell.
    model.loss(X, y)
    model.backward()
    first = [g.copy() for g in model.gradients()]
    for grad, param in zip(first, model.parameters(), strict=True):
        numeric = numerical_gradient(lambda _: model.loss(X, y), param)
        assert relative_error(grad, numeric) < TOLERANCE
    report = gradient_report(_AccumulatingMLP([3, 4, 2], activation="sigmoid", seed=0), X, y)
    assert not report.passed
    assert all(row.status == "wrong" and row.accumulates for row in report.rows)
    assert "✗ WRONG: accumulates" in repr(report) and ACCUMULATES_NOTE in repr(report)


def test_overwriting_gradients_do_not_count_as_accumulating():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(4, 2)), rng.integers(0, 2, size=4).astype(float)
    for model in (Neuron(2, seed=0), MLP([2, 3, 2], seed=0)):
        model.loss(X, y)
        model.backward()  # stale gradients from another step must not matter
        report = gradient_report(model, X, y)
        assert report.passed and not any(row.accumulates for row in report.rows)


def test_gradient_report_needs_a_model():
    with pytest.raises(TypeError, match="model must follow the course_lib model protocol"):
        gradient_report(object(), np.ones((1, 2)), [0])


# --- Degenerate cases: nothing to resolve must not look wrong.


def test_a_dead_layer_with_zero_gradients_passes():
    model = MLP([2, 3, 2], activation="relu", seed=0)
    W1, b1 = model.parameters()[:2]
    W1[...] = -np.abs(W1) - 0.1  # every first-layer unit is off for positive inputs
    X, y = np.abs(np.random.default_rng(0).normal(size=(4, 2))) + 0.1, np.array([0, 1, 0, 1])
    report = gradient_report(model, X, y)
    assert report.passed, repr(report)
    assert report.rows[0].max_abs_gradient == 0.0
    assert "–" in repr(report)  # no relative error to speak of


def test_an_exact_fit_with_zero_loss_passes():
    rng = np.random.default_rng(0)
    model = LinearRegression(3, seed=0)
    X = rng.normal(size=(5, 3))
    y = X @ model.w + model.b  # the model fits exactly: L = 0, every gradient 0
    assert model.loss(X, y) == 0.0
    assert gradient_report(model, X, y).passed
