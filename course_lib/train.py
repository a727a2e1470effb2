"""The training loop: epochs of forward, backward and update, over batches.

``fit`` is what a framework's ``model.fit(X, y, epochs=..., batch_size=...)``
does, written out: each **epoch** is one pass over the training set, cut
into batches; each batch gives one loss, one backward pass and one update.

* ``batch_size=None``: batch gradient descent, the whole set per update
  (one update per epoch);
* ``batch_size=1``: stochastic gradient descent, one sample per update
  (n updates per epoch);
* ``batch_size=k``: mini-batch gradient descent, ceil(n / k) updates per
  epoch over a fresh shuffle of the samples (the last batch may be smaller).

Two options fight overfitting, both chosen on a validation set:

* ``weight_decay=α``: L2 regularisation. Training minimises
  L_total = L + (α/2) Σ ‖W‖² over the weight matrices W (not the biases), so
  each weight's gradient gains α W, and plain SGD's step becomes
  W ← W − η (∇L + α W) = (1 − η α) W − η ∇L: every step first shrinks
  ("decays") the weights by the factor 1 − η α.
* ``early_stopping=patience``: after each epoch the validation loss is
  measured; training stops once ``patience`` epochs in a row have not lowered
  its best value, and the model gets back the parameters of the epoch with
  the lowest validation loss (``History.best_epoch``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_generator,
    check_non_negative_float,
    check_positive_float,
    check_positive_int,
)
from .models import BATCH_METHODS, check_model
from .optim import SGD


@dataclass
class History:
    """What happened during ``fit``, one entry per epoch.

    loss: the mean training loss of the epoch, the average of its batches'
    losses weighted by batch size (what Keras reports; for full-batch
    training, the loss before the epoch's update). val_loss, val_accuracy:
    on the validation set after the epoch (accuracy for classifiers only).
    seconds: wall-clock time since the start, at the end of each epoch.
    The losses are the data loss L alone, without any weight-decay penalty,
    so runs with different α compare on the same scale.
    """

    updates_per_epoch: int
    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    @property
    def best_epoch(self) -> int | None:
        """The epoch (from 1) with the lowest validation loss, the first if tied; None without one.

        After ``fit(..., early_stopping=patience)`` the model holds this epoch's parameters.
        """
        return int(np.argmin(self.val_loss)) + 1 if self.val_loss else None

    @property
    def updates(self) -> int:
        """Parameter updates made in all."""
        return self.epochs * self.updates_per_epoch

    def __repr__(self) -> str:
        last = f", final loss {self.loss[-1]:.4f}" if self.loss else ""
        return f"History({self.epochs} epochs × {self.updates_per_epoch} updates{last})"


def fit(
    model,
    X: ArrayLike,
    y: ArrayLike,
    epochs: int,
    lr: float | None = None,
    batch_size: int | None = None,
    optimizer=None,
    seed: int | np.random.Generator = 0,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
    progress: bool = False,
    weight_decay: float = 0.0,
    early_stopping: int | None = None,
) -> History:
    """Train ``model`` on (X, y) by gradient descent and return its ``History``.

    model: an ``MLP``, ``Neuron``, ... : anything with the batch protocol of
    ``course_lib.models`` (``prepare``, ``batch_loss``, ``backward``,
    ``parameters``, ``gradients``, ...). X: (n, n_features); y: targets as the
    model's ``loss`` takes them. epochs: passes over the data (>= 1). lr: the
    learning rate of plain SGD, used when ``optimizer`` is None; give one or the
    other. batch_size: None (full batch), 1 (stochastic) or k (mini-batch), at
    most n. seed: the shuffles of mini-batch and stochastic training.
    validation: (X_val, y_val), evaluated after every epoch. progress: print a
    line about every tenth epoch (deterministic, so safe in tested notebooks).
    weight_decay: α >= 0; each weight matrix's gradient becomes ∇L + α W, the
    gradient of L + (α/2) ‖W‖² (biases, the parameters named b..., are not
    decayed; see ``l2_penalty``). Any optimizer then steps on that gradient;
    with plain SGD it is W ← (1 − η α) W − η ∇L. early_stopping: a patience
    >= 1 (needs ``validation``): stop after that many epochs without a new
    lowest validation loss, and restore the parameters of the epoch that had it.
    The data are checked once (``model.prepare``); each batch then runs
    unchecked (``model.batch_loss``, the arithmetic of ``course_lib.kernels``).
    """
    check_model(model, BATCH_METHODS)
    epochs = check_positive_int(epochs, "epochs")
    optimizer = _choose_optimizer(lr, optimizer)
    weight_decay = check_non_negative_float(weight_decay, "weight_decay")
    decayed = _weight_indices(model) if weight_decay > 0 else []
    if early_stopping is not None:
        early_stopping = check_positive_int(early_stopping, "early_stopping")
        if validation is None:
            raise ValueError(
                f"early_stopping={early_stopping} needs a validation set to watch: "
                "give validation=(X_val, y_val); got validation=None"
            )
    X_train, targets = model.prepare(X, y)
    n = len(X_train)
    batch_size = _check_batch_size(batch_size, n)
    if validation is not None:
        X_val, targets_val, labels_val = _prepare_validation(model, validation)
    rng = as_generator(seed)
    params = model.parameters()  # live arrays, updated in place; gradients are new each step
    history = History(updates_per_epoch=math.ceil(n / batch_size))
    best_params: list[np.ndarray] = []  # copies of the parameters at the lowest validation loss
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        if batch_size < n:  # a fresh order every epoch; slices of it are views, not copies
            order = rng.permutation(n)
            X_epoch, targets_epoch = X_train[order], targets[order]
        else:
            X_epoch, targets_epoch = X_train, targets
        total = 0.0
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # divergence: see below
            for first in range(0, n, batch_size):
                X_batch = X_epoch[first : first + batch_size]
                targets_batch = targets_epoch[first : first + batch_size]
                total += model.batch_loss(X_batch, targets_batch) * len(X_batch)  # forward, loss
                model.backward()  # gradients
                grads = list(model.gradients())
                for k in decayed:  # ∇(L + α/2 ‖W‖²) = ∇L + α W, for the weights only
                    grads[k] = grads[k] + weight_decay * params[k]
                optimizer.step(params, grads)  # update
        if not np.isfinite(total):
            raise ValueError(
                f"training diverged: the loss became {total / n} in epoch {epoch}; the updates are "
                f"too large for this model and data, so lower the learning rate ({optimizer!r})"
            )
        history.loss.append(total / n)
        if validation is not None:
            if labels_val is not None:
                history.val_accuracy.append(float(np.mean(model.predict(X_val) == labels_val)))
            history.val_loss.append(model.batch_loss(X_val, targets_val))
        history.seconds.append(time.perf_counter() - start)
        if progress and (epoch == epochs or epoch % max(1, epochs // 10) == 0):
            print(_progress_line(history, epoch, epochs))
        if early_stopping is not None:
            if history.best_epoch == epoch:  # a new lowest validation loss: keep these parameters
                best_params = [theta.copy() for theta in params]
            elif epoch - (history.best_epoch or 0) >= early_stopping:
                break
    if early_stopping is not None:
        for theta, best in zip(params, best_params, strict=True):
            theta[...] = best
        model.batch_loss(X_val, targets_val)  # so backward() matches the restored parameters
        if progress:
            print(f"restored the parameters of epoch {history.best_epoch}, the lowest val_loss")
    return history


def l2_penalty(model, weight_decay: float) -> float:
    """The weight-decay penalty (α/2) Σ ‖W‖² over the model's weights, not its biases.

    model: anything with ``parameters()`` and ``parameter_names()``; the biases
    are the parameters whose names start with b (b1, b2, ... or b). ‖W‖² is the
    sum of W's squared entries. Its gradient with respect to W is α W, what
    ``fit(..., weight_decay=α)`` adds to each weight's gradient.
    """
    check_model(model, ("parameters", "parameter_names"))
    weight_decay = check_non_negative_float(weight_decay, "weight_decay")
    params = model.parameters()
    return 0.5 * weight_decay * sum(float(np.sum(params[k] ** 2)) for k in _weight_indices(model))


def _weight_indices(model) -> list[int]:
    """Where the weights are in ``model.parameters()``: every parameter but the biases (b...)."""
    return [k for k, name in enumerate(model.parameter_names()) if not name.startswith("b")]


def _check_batch_size(batch_size: int | None, n: int) -> int:
    if batch_size is None:
        return n
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most the number of samples, {n}; got {batch_size} "
            "(use batch_size=None for full-batch training)"
        )
    return batch_size


def _choose_optimizer(lr: float | None, optimizer):
    if optimizer is None:
        if lr is None:
            raise ValueError("give a learning rate lr (for plain SGD) or an optimizer; got neither")
        return SGD(check_positive_float(lr, "lr"))
    if lr is not None:
        raise ValueError(
            f"give lr or optimizer, not both: the optimizer {optimizer!r} has its own learning rate"
        )
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must be a course_lib.optim optimizer (with step); got {optimizer!r}"
        )
    return optimizer


def _prepare_validation(model, validation):
    if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
        raise TypeError(
            f"validation must be a pair (X_val, y_val); got {type(validation).__name__}"
        )
    try:
        X_val, targets_val = model.prepare(*validation)
    except (TypeError, ValueError) as error:
        raise type(error)(
            f"validation must be a pair (X_val, y_val) that the model takes, like (X, y); "
            f"in it, {error}"
        ) from error
    labels = None
    if getattr(model, "is_classifier", False):
        labels = targets_val.argmax(axis=1) if targets_val.ndim == 2 else targets_val
    return X_val, targets_val, labels


def _progress_line(history: History, epoch: int, epochs: int) -> str:
    parts = [f"epoch {epoch:>{len(str(epochs))}d}/{epochs}", f"loss {history.loss[-1]:.4f}"]
    if history.val_loss:
        parts.append(f"val_loss {history.val_loss[-1]:.4f}")
    if history.val_accuracy:
        parts.append(f"val_accuracy {history.val_accuracy[-1]:.3f}")
    return "  ".join(parts)
