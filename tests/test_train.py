"""fit: the regimes, the history, determinism, and bad input."""

import math

import numpy as np
import pytest

from course_lib.data import make_spirals, pass_fail
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.models import MLP, LinearRegression, Neuron
from course_lib.optim import SGD, Adam
from course_lib.train import History, fit, l2_penalty

X_SPIRAL, Y_SPIRAL = make_spirals(n_per_class=20, seed=0)  # 60 samples


def test_one_full_batch_epoch_is_one_manual_gradient_step():
    manual, trained = MLP([2, 8, 3], seed=1), MLP([2, 8, 3], seed=1)
    first_loss = manual.loss(X_SPIRAL, Y_SPIRAL)
    manual.backward()
    SGD(0.3).step(manual.parameters(), manual.gradients())
    history = fit(trained, X_SPIRAL, Y_SPIRAL, epochs=1, lr=0.3)
    for a, b in zip(manual.parameters(), trained.parameters(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert history.loss == [pytest.approx(first_loss, rel=1e-12)]
    assert history.updates_per_epoch == 1


@pytest.mark.parametrize("batch_size", [1, 7, 16, 59, 60])
def test_updates_per_epoch_is_ceil_n_over_batch_size(batch_size):
    model, counting = _CountingMLP([2, 4, 3]), _CountingSGD(0.01)
    history = fit(model, X_SPIRAL, Y_SPIRAL, epochs=3, batch_size=batch_size, optimizer=counting)
    assert history.updates_per_epoch == math.ceil(60 / batch_size)
    assert counting.steps == 3 * math.ceil(60 / batch_size) == history.updates
    assert sorted(model.rows_seen) == sorted(list(range(60)) * 3)  # each sample once per epoch


class _CountingSGD(SGD):
    steps = 0

    def step(self, params, grads):
        self.steps += 1
        super().step(params, grads)


class _CountingMLP(MLP):
    """Records which samples (by their unique x coordinate) each batch holds."""

    rows_seen: list

    def batch_loss(self, X, targets):
        self.__dict__.setdefault("rows_seen", [])
        self.rows_seen += [int(np.flatnonzero(X_SPIRAL[:, 0] == x)[0]) for x in X[:, 0]]
        return super().batch_loss(X, targets)


def test_epoch_loss_is_the_size_weighted_mean_of_batch_losses():
    # With lr tiny the weights barely move, so the epoch's loss ≈ the loss on all the data.
    model = MLP([2, 6, 3], seed=0)
    full = model.loss(X_SPIRAL, Y_SPIRAL)
    history = fit(model, X_SPIRAL, Y_SPIRAL, epochs=1, lr=1e-9, batch_size=16)
    assert history.loss[0] == pytest.approx(full, rel=1e-6)


def test_same_seed_same_history():
    runs = [
        fit(MLP([2, 8, 3], seed=3), X_SPIRAL, Y_SPIRAL, epochs=5, lr=0.1, batch_size=8, seed=9)
        for _ in range(2)
    ]
    assert runs[0].loss == runs[1].loss
    other = fit(MLP([2, 8, 3], seed=3), X_SPIRAL, Y_SPIRAL, epochs=5, lr=0.1, batch_size=8, seed=10)
    assert other.loss != runs[0].loss  # the shuffle depends on the seed


def test_validation_history_and_progress(capsys):
    X_val, y_val = make_spirals(n_per_class=10, seed=1)
    history = fit(
        MLP([2, 16, 3], seed=0),
        X_SPIRAL,
        Y_SPIRAL,
        epochs=20,
        lr=0.5,
        batch_size=10,
        validation=(X_val, y_val),
        progress=True,
    )
    assert len(history.loss) == len(history.val_loss) == len(history.val_accuracy) == 20
    assert all(0.0 <= a <= 1.0 for a in history.val_accuracy)
    assert history.seconds == sorted(history.seconds)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("epoch 20/20  loss ")
    assert "val_accuracy" in lines[-1]
    assert "20 epochs × 6 updates" in repr(history)


def test_quiet_by_default(capsys):
    fit(MLP([2, 3]), X_SPIRAL, Y_SPIRAL, epochs=2, lr=0.1)
    assert capsys.readouterr().out == ""


def test_reproduces_the_seeds_pass_fail_run():
    # The seed script: np.random.seed(42); weights = np.random.randn(2); bias 0; lr 0.1;
    # 2000 epochs; it printed these losses and final parameters.
    X, y = pass_fail()
    neuron = Neuron(2)
    neuron.w[:] = np.random.RandomState(42).randn(2)
    history = fit(neuron, X, y, epochs=2000, lr=0.1)
    assert [round(history.loss[e], 4) for e in (0, 500, 1000, 1500)] == [
        0.633,
        0.1919,
        0.1146,
        0.0813,
    ]
    np.testing.assert_allclose(neuron.w, [1.4028, 0.4947], atol=5e-5)
    assert float(neuron.b) == pytest.approx(-8.0842, abs=5e-5)


def test_any_optimizer():
    history = fit(MLP([2, 16, 3], seed=0), X_SPIRAL, Y_SPIRAL, epochs=100, optimizer=Adam(0.05))
    assert history.loss[-1] < 0.5 * history.loss[0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0, "lr": 0.1}, r"epochs must be a positive integer \(>= 1\); got 0"),
        (
            {"epochs": 1, "lr": 0.1, "batch_size": 0},
            r"batch_size must be a positive integer \(>= 1\); got 0",
        ),
        (
            {"epochs": 1, "lr": 0.1, "batch_size": 61},
            r"batch_size must be at most the number of samples, 60; got 61",
        ),
        ({"epochs": 1}, r"give a learning rate lr .* or an optimizer; got neither"),
        ({"epochs": 1, "lr": 0.1, "optimizer": SGD(0.1)}, r"give lr or optimizer, not both"),
        ({"epochs": 1, "lr": -1.0}, r"lr must be a finite number > 0; got -1.0"),
        ({"epochs": 1, "optimizer": "adam"}, r"optimizer must be a course_lib.optim optimizer"),
        ({"epochs": 1, "lr": 0.1, "validation": X_SPIRAL}, r"validation must be a pair"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        fit(MLP([2, 3]), X_SPIRAL, Y_SPIRAL, **kwargs)


def test_x_and_y_lengths_must_match():
    with pytest.raises(
        ValueError,
        match=r"y must be integer labels of shape \(60,\); got a 1-D array of shape \(59,\)",
    ):
        fit(MLP([2, 3]), X_SPIRAL, Y_SPIRAL[:59], epochs=1, lr=0.1)
    with pytest.raises(
        ValueError, match=r"y must have shape \(4,\), one target per row of X; got \(3,\)"
    ):
        fit(Neuron(2), *(a[:n] for a, n in zip(pass_fail(), (4, 3), strict=True)), epochs=1, lr=0.1)


def test_history_type():
    assert isinstance(
        fit(LinearRegression(1), np.ones((3, 1)), np.ones(3), epochs=1, lr=0.1), History
    )


def test_divergence_is_a_clear_error_not_a_nan():
    with pytest.raises(
        ValueError,
        match=r"training diverged: the loss became (inf|nan) in epoch \d+.*lower the learning rate",
    ):
        fit(LinearRegression(2), X_SPIRAL, X_SPIRAL.sum(axis=1), epochs=2000, lr=50.0)


def test_fit_needs_a_model_that_follows_the_protocol():
    with pytest.raises(
        TypeError, match=r"model must follow the course_lib model protocol.*'mlp' of type str"
    ):
        fit("mlp", X_SPIRAL, Y_SPIRAL, epochs=1, lr=0.1)


def test_a_bad_validation_set_is_reported_as_the_validation_set():
    model = MLP([2, 4, 3], seed=0)
    with pytest.raises(
        ValueError,
        match=r"^validation must be a pair \(X_val, y_val\) that the model takes"
        r".*X must have shape",
    ):
        fit(
            model,
            X_SPIRAL,
            Y_SPIRAL,
            epochs=1,
            lr=0.1,
            validation=(np.ones((5, 3)), np.zeros(5, int)),
        )
    with pytest.raises(ValueError, match=r"^validation must be .*y must hold labels in 0 \.\. 2"):
        fit(model, X_SPIRAL, Y_SPIRAL, epochs=1, lr=0.1, validation=(X_SPIRAL, Y_SPIRAL + 5))


def test_backward_works_after_a_validated_fit():
    model = MLP([2, 4, 3], seed=0)
    fit(
        model,
        X_SPIRAL[:40],
        Y_SPIRAL[:40],
        epochs=2,
        lr=0.1,
        validation=(X_SPIRAL[40:], Y_SPIRAL[40:]),
    )
    model.backward()  # the gradient of the last loss fit computed: the validation loss
    reference = MLP([2, 4, 3], seed=0)
    for mine, theirs in zip(reference.parameters(), model.parameters(), strict=True):
        mine[...] = theirs
    reference.loss(X_SPIRAL[40:], Y_SPIRAL[40:])
    reference.backward()
    for want, got in zip(reference.gradients(), model.gradients(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_fit_keeps_no_reference_to_the_callers_data():
    X, y = X_SPIRAL.copy(), Y_SPIRAL.copy()
    model = MLP([2, 4, 3], seed=0)
    fit(model, X, y, epochs=1, lr=0.1)
    X *= 0
    model.backward()
    assert all(np.any(g != 0) for g in model.gradients())


# --- Weight decay -------------------------------------------------------------------------------


def test_one_step_with_weight_decay_is_the_derived_rule_and_spares_the_biases():
    # W ← W − η(∇L + αW) = (1 − ηα)W − η∇L; b ← b − η∇_b L.
    lr, lam = 0.3, 0.2
    model, before = MLP([2, 8, 3], seed=1), MLP([2, 8, 3], seed=1)
    for m in (model, before):  # biases start at 0, where decaying them would change nothing
        m.parameters()[1][:] = 0.5
        m.parameters()[3][:] = -0.25
    before.loss(X_SPIRAL, Y_SPIRAL)
    before.backward()
    fit(model, X_SPIRAL, Y_SPIRAL, epochs=1, lr=lr, weight_decay=lam)
    for name, theta, theta0, g in zip(
        model.parameter_names(),
        model.parameters(),
        before.parameters(),
        before.gradients(),
        strict=True,
    ):
        decay = 1 - lr * lam if name.startswith("W") else 1.0
        np.testing.assert_allclose(theta, decay * theta0 - lr * g, rtol=1e-12, atol=1e-15)


def test_the_step_is_minus_eta_times_the_gradient_of_the_penalised_loss():
    # Finite differences of L + (α/2)Σ‖W‖² against the step fit takes: (θ0 − θ1)/η.
    lr, lam = 0.1, 0.5
    for model, X, y in (
        (MLP([2, 4, 3], seed=2), X_SPIRAL[:12], Y_SPIRAL[:12]),
        (Neuron(2, seed=3), *pass_fail()),
    ):
        start = [theta.copy() for theta in model.parameters()]
        numeric = [_penalised_gradient(model, X, y, lam, theta) for theta in model.parameters()]
        fit(model, X, y, epochs=1, lr=lr, weight_decay=lam)
        for theta0, theta1, grad in zip(start, model.parameters(), numeric, strict=True):
            assert relative_error((theta0 - theta1) / lr, grad) < 1e-6


def _penalised_gradient(model, X, y, lam, theta):
    """Central differences of L + (α/2)Σ‖W‖² with respect to one parameter array of model."""
    return numerical_gradient(lambda _: model.loss(X, y) + l2_penalty(model, lam), theta)


def test_l2_penalty_sums_the_weights_squares_not_the_biases():
    model = MLP([2, 3, 2], seed=0)
    W1, b1, W2, b2 = model.parameters()
    b1[:] = 5.0  # biases must not count
    b2[:] = -7.0
    expected = 0.5 * 0.1 * (np.sum(W1**2) + np.sum(W2**2))
    assert l2_penalty(model, 0.1) == pytest.approx(expected, rel=1e-12)
    assert l2_penalty(model, 0.0) == 0.0
    neuron = Neuron(3, seed=0)
    neuron.b[...] = 4.0
    assert l2_penalty(neuron, 2.0) == pytest.approx(np.sum(neuron.w**2), rel=1e-12)


def test_zero_weight_decay_changes_nothing_and_the_history_holds_the_data_loss():
    plain, zero = MLP([2, 6, 3], seed=4), MLP([2, 6, 3], seed=4)
    h_plain = fit(plain, X_SPIRAL, Y_SPIRAL, epochs=3, lr=0.2, batch_size=16, seed=1)
    h_zero = fit(zero, X_SPIRAL, Y_SPIRAL, epochs=3, lr=0.2, batch_size=16, seed=1, weight_decay=0)
    assert h_plain.loss == h_zero.loss
    decayed = MLP([2, 6, 3], seed=4)
    data_loss = decayed.loss(X_SPIRAL, Y_SPIRAL)
    history = fit(decayed, X_SPIRAL, Y_SPIRAL, epochs=1, lr=0.2, weight_decay=10.0)
    assert history.loss == [pytest.approx(data_loss, rel=1e-12)]  # without (α/2)‖W‖²


def test_weight_decay_shrinks_the_weights():
    norms = {}
    for lam in (0.0, 0.05):
        model = MLP([2, 16, 3], seed=0)
        fit(model, X_SPIRAL, Y_SPIRAL, epochs=50, lr=0.3, batch_size=10, weight_decay=lam)
        norms[lam] = sum(np.sum(W**2) for W in model.parameters()[::2])
    assert norms[0.05] < 0.7 * norms[0.0]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"weight_decay": -0.1},
            ValueError,
            r"weight_decay must be a finite number >= 0; got -0.1",
        ),
        ({"weight_decay": np.nan}, ValueError, r"weight_decay must be a finite number"),
        ({"weight_decay": "0.1"}, TypeError, r"weight_decay must be a number; got '0.1'"),
        ({"early_stopping": 0}, ValueError, r"early_stopping must be a positive integer"),
        ({"early_stopping": 2.5}, TypeError, r"early_stopping must be a positive integer"),
        (
            {"early_stopping": 3},
            ValueError,
            r"early_stopping=3 needs a validation set to watch: give validation=\(X_val, y_val\)",
        ),
    ],
)
def test_bad_weight_decay_and_early_stopping(kwargs, error, message):
    with pytest.raises(error, match=message):
        fit(MLP([2, 3]), X_SPIRAL, Y_SPIRAL, epochs=2, lr=0.1, **kwargs)


def test_l2_penalty_rejects_bad_input():
    with pytest.raises(ValueError, match=r"weight_decay must be a finite number >= 0; got -1.0"):
        l2_penalty(MLP([2, 3]), -1.0)
    with pytest.raises(TypeError, match=r"model must follow the course_lib model protocol"):
        l2_penalty("mlp", 0.1)


# --- Early stopping -----------------------------------------------------------------------------

X_VAL, Y_VAL = make_spirals(n_per_class=10, seed=1)


def _overfitting_run(**kwargs):
    """A 24-sample training set and a wide net: the validation loss turns up within 60 epochs."""
    return fit(
        MLP([2, 64, 3], seed=0),
        X_SPIRAL[::5],
        Y_SPIRAL[::5],
        epochs=60,
        lr=1.0,
        batch_size=4,
        seed=0,
        validation=(X_VAL, Y_VAL),
        **kwargs,
    )


def test_best_epoch_is_the_first_epoch_of_lowest_validation_loss():
    history = History(updates_per_epoch=1, val_loss=[0.9, 0.4, 0.5, 0.4, 0.7])
    assert history.best_epoch == 2
    assert History(updates_per_epoch=1, loss=[1.0]).best_epoch is None


def test_early_stopping_stops_after_patience_and_restores_the_best_epoch():
    full = _overfitting_run()
    best = full.best_epoch
    assert 1 < best < 50 and full.val_loss[-1] > full.val_loss[best - 1]  # it does overfit
    model = MLP([2, 64, 3], seed=0)
    stopped = fit(
        model,
        X_SPIRAL[::5],
        Y_SPIRAL[::5],
        epochs=60,
        lr=1.0,
        batch_size=4,
        seed=0,
        validation=(X_VAL, Y_VAL),
        early_stopping=5,
    )
    assert stopped.best_epoch == best
    assert stopped.epochs == best + 5  # five epochs without a new lowest, then stop
    assert stopped.val_loss == full.val_loss[: best + 5]  # the same run until then
    # The parameters are those after epoch `best`: the same run, stopped there.
    reference = MLP([2, 64, 3], seed=0)
    fit(reference, X_SPIRAL[::5], Y_SPIRAL[::5], epochs=best, lr=1.0, batch_size=4, seed=0)
    for mine, theirs in zip(model.parameters(), reference.parameters(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert model.loss(X_VAL, Y_VAL) == pytest.approx(min(full.val_loss), rel=1e-12)
    model.backward()  # backward() differentiates the validation loss at the restored parameters
    reference.loss(X_VAL, Y_VAL)
    reference.backward()
    for mine, theirs in zip(model.gradients(), reference.gradients(), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)


def test_a_patience_longer_than_the_run_trains_every_epoch_and_still_restores(capsys):
    model = MLP([2, 64, 3], seed=0)
    history = fit(
        model,
        X_SPIRAL[::5],
        Y_SPIRAL[::5],
        epochs=60,
        lr=1.0,
        batch_size=4,
        seed=0,
        validation=(X_VAL, Y_VAL),
        early_stopping=60,
        progress=True,
    )
    assert history.epochs == 60
    assert model.loss(X_VAL, Y_VAL) == pytest.approx(min(history.val_loss), rel=1e-12)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"restored the parameters of epoch {history.best_epoch}, the lowest val_loss"
