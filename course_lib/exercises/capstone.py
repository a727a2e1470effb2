"""Checkers for the capstone: a two-layer network written from scratch in numpy.

The learner writes three functions (the chapter "A three-layer network, step
by step" states them):

- ``forward(params, X) -> (Z1, A1, P)``: dense → ReLU → dense → softmax;
- ``loss_and_grads(params, X, y) -> (loss, dW1, db1, dW2, db2)``: the mean
  cross-entropy and its gradients, by backpropagation;
- ``train(X, y, n_hidden, lr, epochs, seed) -> (W1, b1, W2, b2, losses)``:
  full-batch gradient descent from ``init_params(..., seed)``, ``losses[t]``
  the loss before step t.

``params`` is the tuple ``(W1, b1, W2, b2)`` with W1: (n_hidden, n_in), b1:
(n_hidden,), W2: (n_out, n_hidden), b2: (n_out,); X: (n, n_in); y: integer
labels (n,). Each checker grades one function in parts and reports every
part: its shapes (and finite values), a property a right answer must have
(probabilities that sum to 1; gradients that match central finite
differences of the learner's *own* loss; a loss that falls and an accuracy
reached), and the reference's numbers, where a wrong answer is compared with
catalogued mistakes (missing transpose, summed batch, ReLU mask, unshifted
softmax, forgotten bias gradient, gradients accumulating across steps) to
name the one made. Everything the learner wrote runs through
``core._run_learner``: it cannot make a checker raise or hang.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from .. import _checks
from ..data import make_spirals
from .core import (
    TIME_LIMIT,
    Case,
    Checker,
    CheckSpec,
    Feedback,
    Mistake,
    _as_numbers,
    _Refused,
    _run_learner,
    _same,
    _Stopped,
    check_function,
)

ACCURACY_TARGET = 0.9
"""Training accuracy ``train`` must reach on the checker's spirals (the reference reaches 0.96+)."""


def init_params(
    n_in: int, n_hidden: int, n_out: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The capstone's starting parameters (W1, b1, W2, b2), drawn with ``seed``.

    W1: (n_hidden, n_in) with standard deviation sqrt(2 / n_in) (He, for ReLU);
    W2: (n_out, n_hidden) with standard deviation sqrt(1 / n_hidden); b1, b2 zero.
    """
    n_in = _checks.check_positive_int(n_in, "n_in")
    n_hidden = _checks.check_positive_int(n_hidden, "n_hidden")
    n_out = _checks.check_positive_int(n_out, "n_out")
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_out, n_hidden))
    return W1, np.zeros(n_hidden), W2, np.zeros(n_out)


# --- The reference, and the mistaken versions of it ---------------------------------------------
# Independent on purpose (own formulas, not layers/models); tests/test_capstone.py tests that
# they agree with course_lib.models.MLP. ``bug`` names the mistake a variant makes.


def _forward(params, X, bug=None):
    W1, b1, W2, b2 = params
    if bug in ("W not transposed", "W1 not transposed"):
        Z1 = X @ W1 + b1
    else:
        Z1 = X @ W1.T + (0.0 if bug == "bias forgotten" else b1)
    if bug == "ReLU missing":
        A1 = Z1
    else:
        A1 = np.maximum(Z1, 0.0)
    Z2 = (A1 @ W2 if bug in ("W not transposed", "W2 not transposed") else A1 @ W2.T) + (
        0.0 if bug == "bias forgotten" else b2
    )
    if bug == "softmax without the shift":
        E = np.exp(Z2)
    else:
        E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    P = E / E.sum(axis=0 if bug == "softmax over the wrong axis" else 1, keepdims=True)
    return Z1, A1, P


def capstone_forward(params, X):
    """The reference forward pass: (Z1, A1, P) for a batch X of shape (n, n_in)."""
    return _forward(params, X)


def _loss_and_grads(params, X, y, bug=None):
    W1, b1, W2, b2 = params
    Z1, A1, P = _forward(params, X, bug)  # forward's own mistakes (the unshifted softmax)
    n = len(X)
    rows = np.arange(n)
    total = 1.0 if bug in ("summed over the batch", "gradient not divided by n") else n
    loss = -np.sum(np.log(P[rows, y])) / (n if bug != "summed over the batch" else 1.0)
    Y = np.zeros_like(P)
    Y[rows, y] = 1.0
    dZ2 = (P - Y) / total
    if bug == "divided by n twice":
        dZ2 = dZ2 / n
    dW2 = A1.T @ dZ2 if bug in ("missing transpose", "dW2 transposed") else dZ2.T @ A1
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T if bug == "W2 transposed in the backward pass" else dZ2 @ W2
    slope = {
        "ReLU mask missing": np.ones_like(Z1),
        "z = 0 counted as on": (Z1 >= 0).astype(float),
        "activation used as ReLU's slope": A1,
    }.get(bug, (Z1 > 0).astype(float))
    dZ1 = np.maximum(dA1, 0.0) if bug == "ReLU applied to the gradient" else dA1 * slope
    dW1 = X.T @ dZ1 if bug in ("missing transpose", "dW1 transposed") else dZ1.T @ X
    db1 = dZ1.sum(axis=0)
    if bug == "db divided by n twice":  # db = dZ.mean(axis=0) after dZ2 = (P − Y) / n
        db1, db2 = db1 / n, db2 / n
    if bug == "bias gradient forgotten":
        db1, db2 = np.zeros_like(b1), np.zeros_like(b2)
    if bug == "bias gradient not summed over the batch":
        db1, db2 = dZ1, dZ2
    return float(loss), dW1, db1, dW2, db2


def capstone_loss_and_grads(params, X, y):
    """The reference: mean cross-entropy of softmax(Z2) and its gradients (dW1, db1, dW2, db2)."""
    return _loss_and_grads(params, X, y)


def _train(X, y, n_hidden, lr, epochs, seed, bug=None):
    params = init_params(X.shape[1], n_hidden, int(np.max(y)) + 1, seed)
    gradient_bug = "summed over the batch" if bug == "summed over the batch" else None
    losses = []
    total = [np.zeros_like(p) for p in params]
    for _ in range(epochs):
        loss, *grads = _loss_and_grads(params, X, y, gradient_bug)
        if bug == "gradients accumulating across steps":
            total = [t + g for t, g in zip(total, grads, strict=True)]
            grads = total
        sign = -1.0 if bug == "gradient ascent" else 1.0
        params = tuple(p - sign * lr * g for p, g in zip(params, grads, strict=True))
        if bug == "loss recorded after the step":
            loss = _loss_and_grads(params, X, y)[0]
        losses.append(loss)
    return (*params, np.array(losses))


def capstone_train(X, y, n_hidden, lr, epochs, seed):
    """The reference: full-batch gradient descent; returns (W1, b1, W2, b2, losses)."""
    return _train(X, y, n_hidden, lr, epochs, seed)


# --- The checkers' data ---------------------------------------------------------------------------


def _random_params(n_in, n_hidden, n_out, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(n_hidden, n_in)),
        rng.normal(size=n_hidden),
        scale * rng.normal(size=(n_out, n_hidden)),
        rng.normal(size=n_out),
    )


def _cases() -> dict[str, dict[str, Any]]:
    rng = np.random.default_rng(10)
    square = {"params": _random_params(3, 3, 3, 1), "X": rng.normal(size=(4, 3))}
    wide = {"params": _random_params(2, 5, 3, 2), "X": rng.normal(size=(6, 2))}
    # Integer inputs and weights, so that some pre-activations are exactly 0 (where z ≥ 0 and
    # z > 0 differ) and the gradient reaching them is not.
    zeros = {
        "params": (
            np.array([[1.0, -1.0], [1.0, 1.0], [2.0, 0.0], [0.0, 1.0]]),
            np.array([0.0, -1.0, 0.0, 0.5]),
            np.array([[1.0, -2.0, 0.5, 1.0], [-1.0, 1.0, 1.0, -0.5], [0.5, 0.5, -1.0, 2.0]]),
            np.array([0.1, -0.2, 0.3]),
        ),
        "X": np.array([[1.0, 1.0], [0.0, 1.0], [2.0, -1.0], [-1.0, 2.0], [1.0, 0.0]]),
    }
    # Logits near 1000: exp overflows (above 709) unless the softmax subtracts the row's
    # maximum. A shared offset in b2 makes them so and leaves the probabilities ordinary
    # (softmax ignores it), so that no probability underflows to 0 and the loss is finite.
    W1, b1, W2, b2 = _random_params(2, 4, 3, 3)
    large = {"params": (W1, b1, W2, b2 + 1000.0), "X": rng.normal(size=(5, 2))}
    cases = {"square": square, "wide": wide, "zeros": zeros, "large": large}
    for case in cases.values():
        case["y"] = np.arange(len(case["X"])) % len(case["params"][3])
    return cases


_CASES = _cases()
_SPIRALS = make_spirals(30, 3, seed=0)
_TINY = (
    np.array([[0.5, 1.0], [-1.0, 0.5], [1.0, -0.5], [-0.5, -1.0], [0.2, 0.8], [-0.8, -0.2]]),
    np.array([0, 1, 2, 0, 1, 2]),
)


# --- Grading in parts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One graded part: its name, verdict, and what the learner should know about it."""

    name: str
    passed: bool
    detail: str
    mistake: str | None = None


def _indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text, prefix)


def _fill(text: str) -> str:
    return textwrap.fill(text, width=72, initial_indent="    ", subsequent_indent="    ")


def _report(name: str, parts: Sequence[_Part]) -> Feedback:
    """One feedback listing every part; it passes when every part passed."""
    lines = []
    for part in parts:
        lines.append(f"  {'✓' if part.passed else '✗'} {part.name}")
        if part.detail:
            lines.append(part.detail)
    failed = [part for part in parts if not part.passed]
    if not failed:
        return Feedback(True, f"✓ {name} passed all {len(parts)} parts.\n" + "\n".join(lines))
    mistake = next((part.mistake for part in failed if part.mistake), None)
    head = f"✗ {name}: {len(failed)} of {len(parts)} parts failed."
    return Feedback(False, head + "\n" + "\n".join(lines), mistake)


_PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _with_params_flat(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function(params, *rest)`` called as ``flat(W1, b1, W2, b2, *rest)``.

    core compares and prints each argument as one array; the tuple params is
    not one, so the reference comparison passes its four arrays separately
    (which also shows them by name in the feedback).
    """

    def flat(W1, b1, W2, b2, *rest):
        return function((W1, b1, W2, b2), *rest)

    flat.__name__ = _name(function)
    return flat


def _flat_spec(spec: CheckSpec) -> CheckSpec:
    if "params" not in spec.cases[0].args:
        return spec
    cases = tuple(
        Case(
            {
                **dict(zip(_PARAM_NAMES, case.args["params"], strict=True)),
                **{name: value for name, value in case.args.items() if name != "params"},
            },
            case.rtol,
            case.atol,
        )
        for case in spec.cases
    )
    mistakes = tuple(
        Mistake(m.name, m.explanation, _with_params_flat(m.answer), m.when_nonfinite)
        for m in spec.mistakes
    )
    return CheckSpec(_with_params_flat(spec.reference), cases, mistakes, spec.rtol, spec.atol)


def _reference_part(fn, spec: CheckSpec, time_limit) -> _Part:
    """The reference comparison: core's check_function, with the catalogue of mistakes."""
    flat = _flat_spec(spec)
    verdict = check_function(
        fn if flat is spec else _with_params_flat(fn),
        reference=flat.reference,
        cases=flat.cases,
        mistakes=flat.mistakes,
        rtol=flat.rtol,
        atol=flat.atol,
        time_limit=time_limit,
    )
    detail = "" if verdict.passed else _indent(verdict.message)
    title = f"the reference's numbers, on {len(spec.cases)} inputs"
    return _Part(title, verdict.passed, detail, verdict.mistake)


def _arrays(got: Any, shapes: Sequence[tuple[int, ...]], names: Sequence[str]) -> str | None:
    """None if ``got`` (plain data) is a tuple of finite arrays of ``shapes``, else what is not."""
    if isinstance(got, _Refused):
        return got.why
    if not isinstance(got, tuple) or len(got) != len(shapes):
        kind = (
            f"a tuple of {len(got)}"
            if isinstance(got, tuple)
            else ("None" if got is None else "something else")
        )
        return (
            f"It should return a tuple of {len(shapes)}: ({', '.join(names)}); it returned {kind}."
        )
    for value, shape, name in zip(got, shapes, names, strict=True):
        array = _as_numbers(value)
        if array is None:
            return f"{name} is not made of numbers."
        if array.shape != shape and not (shape == () and array.size == 1):
            return f"{name} has shape {array.shape}; expected {shape}."
        if not np.all(np.isfinite(array)):
            return f"{name} holds NaN or inf."
    return None


def _shapes_part(got: Any, shapes, names) -> _Part:
    if isinstance(got, _Stopped):
        return _Part("shapes and finite values", False, _fill(f"Not graded: {got.what}"))
    problem = _arrays(got, shapes, names)
    listed = ", ".join(f"{n} {s}" for n, s in zip(names, shapes, strict=True))
    if problem is None:
        return _Part("shapes and finite values", True, _fill(f"{listed}, all finite."))
    return _Part("shapes and finite values", False, _fill(f"{problem} Expected: {listed}."))


def _call(fn, args: dict[str, Any], n_results: int, time_limit) -> Any:
    """The learner's answer on ``args`` as plain data (a tuple of ``n_results`` parts when it
    returns a tuple or list), or a ``_Stopped``."""
    return _run_learner(fn, copy.deepcopy(list(args.values())), (None,) * n_results, time_limit)


def _graded_in_parts(
    spec: CheckSpec, grade: Callable[[Callable, Any], list[_Part]]
) -> Callable[[Callable[..., Any]], Checker]:
    """Like ``core.checker``: the decorated stub's name and docstring, graded by ``grade``'s
    parts (each learner call made safe by ``core._run_learner``), then by the reference."""
    return lambda stub: _make_checker(stub, spec, grade)


def _repeat_part(fn, args: dict[str, Any], first: Any, n_results: int, time_limit) -> _Part:
    """Called again with the same inputs, does ``fn`` give the same answer as ``first``?"""
    title = "the same answer when called again"
    if isinstance(first, _Stopped) or not isinstance(first, tuple):
        return _Part(title, False, _fill("Not graded until it returns a tuple."))
    again = _call(fn, args, n_results, time_limit)
    if isinstance(again, _Stopped):
        return _Part(title, False, _fill(f"Called again, {again.what}"))
    if _same(first, again):
        return _Part(title, True, "")
    return _Part(
        title,
        False,
        _fill(
            "Called again with the same inputs it returned something else. Likely mistake, "
            "accumulating gradients: it keeps state between calls, e.g. adds to a stored "
            "gradient (+=) instead of overwriting it. Each call must start fresh."
        ),
        "accumulating gradients",
    )


def _make_checker(
    stub: Callable[..., Any], spec: CheckSpec, grade: Callable[[Callable, Any], list[_Part]]
) -> Checker:
    def check(fn: Callable[..., Any], *, time_limit: float | None = TIME_LIMIT) -> Feedback:
        if not callable(fn):  # check_function says why, and validates time_limit
            return check_function(fn, reference=spec.reference, cases=spec.cases)
        reference_part = _reference_part(fn, spec, time_limit)
        if reference_part.mistake == "too slow":
            return _report(_name(fn), [reference_part])  # calling it again would take as long
        try:
            parts = grade(fn, time_limit)
        except Exception as exc:  # a bug of the checker's own: still feedback, never a traceback
            parts = [_Part("the checker's own parts", False, _fill(f"could not run: {exc!r}"))]
        return _report(_name(fn), [*parts, reference_part])

    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(check, attribute, getattr(stub, attribute))
    graded = cast(Checker, check)
    graded.spec = spec
    return graded


def _name(fn: Any) -> str:
    try:
        name = fn.__name__
    except Exception:
        return "your function"
    return name if isinstance(name, str) and name else "your function"


def _shapes_of(params) -> list[tuple[int, ...]]:
    return [np.shape(p) for p in params]


_UNSHIFTED = (
    "exp of a logit near 1000 overflows to inf, and inf / inf is NaN. Subtract each "
    "row's largest logit first, E = exp(Z2 − max), which leaves softmax unchanged."
)

# --- Forward ------------------------------------------------------------------------------------


def _forward_mistakes(
    name: str, explanation: str, bugs: Sequence[str] = (), when_nonfinite: bool = False
) -> list[Mistake]:
    """The mistake ``name``, once for each way of making it (``bugs``, default: ``name``)."""
    return [
        Mistake(
            name, explanation, lambda params, X, bug=bug: _forward(params, X, bug), when_nonfinite
        )
        for bug in bugs or [name]
    ]


_FORWARD_MISTAKES = [
    *_forward_mistakes("softmax without the shift", _UNSHIFTED, when_nonfinite=True),
    *_forward_mistakes(
        "softmax over the wrong axis",
        "each row (one sample) is a distribution over the classes: sum over axis=1 with "
        "keepdims=True, not over the samples (axis=0).",
    ),
    *_forward_mistakes(
        "W not transposed",
        "W has shape (n_out, n_in), one row per neuron, so a batch's pre-activations are "
        "Z = X @ W.T + b; X @ W only runs when W happens to be square.",
        bugs=("W not transposed", "W1 not transposed", "W2 not transposed"),
    ),
    *_forward_mistakes(
        "ReLU missing",
        "the hidden layer's output is A1 = max(Z1, 0): without the ReLU the two layers "
        "collapse into one linear map.",
    ),
    *_forward_mistakes(
        "bias forgotten",
        "each dense layer adds its bias: Z1 = X @ W1.T + b1 and Z2 = A1 @ W2.T + b2.",
    ),
]

_FORWARD_SPEC = CheckSpec(
    reference=capstone_forward,
    cases=tuple(
        Case({"params": _CASES[name]["params"], "X": _CASES[name]["X"]})
        for name in ("square", "wide", "zeros", "large")
    ),
    mistakes=tuple(_FORWARD_MISTAKES),
)


def _grade_forward(fn, time_limit) -> list[_Part]:
    parts, first = [], None
    for name in ("wide", "large"):
        case = _CASES[name]
        params, X = case["params"], case["X"]
        n, (h, k) = len(X), (len(params[1]), len(params[3]))
        got = _call(fn, {"params": params, "X": X}, 3, time_limit)
        shapes = _shapes_part(got, [(n, h), (n, h), (n, k)], ["Z1", "A1", "P"])
        if name == "wide":
            first = got
            title = "probabilities: each row of P in [0, 1], summing to 1"
            parts.append(shapes)
        else:
            title = "the same for logits near 1000 (finite: no overflow)"
        if not shapes.passed:
            detail = "Not graded until the shapes are right." if name == "wide" else shapes.detail
            parts.append(_Part(title, False, detail if name == "large" else _fill(detail)))
            continue
        P = np.asarray(got[2], dtype=float)  # checked above: finite numbers of the right shape
        rows = P.sum(axis=1)
        ok = bool(np.all((P >= 0) & (P <= 1)) and np.allclose(rows, 1.0, atol=1e-9))
        detail = "" if ok else _fill(f"The rows of P sum to {np.array2string(rows, precision=4)}.")
        parts.append(_Part(title, ok, detail))
    wide = {"params": _CASES["wide"]["params"], "X": _CASES["wide"]["X"]}
    return [*parts, _repeat_part(fn, wide, first, 3, time_limit)]


@_graded_in_parts(_FORWARD_SPEC, _grade_forward)
def check_capstone_forward(fn: Callable) -> Feedback:
    """Check ``forward(params, X)`` → (Z1, A1, P): dense → ReLU → dense → softmax.

    params = (W1, b1, W2, b2); X: (n, n_in). Z1 = X W1ᵀ + b1 and A1 = ReLU(Z1),
    both (n, n_hidden); P = softmax(A1 W2ᵀ + b2) row by row, (n, n_out).
    Graded in parts: shapes, probabilities (also on logits near 1000),
    the reference's numbers.
    """


# --- Loss and gradients ---------------------------------------------------------------------------


def _gradient_mistake(
    name: str, explanation: str, bugs: Sequence[str] = (), when_nonfinite: bool = False
) -> list[Mistake]:
    """The mistake ``name``, once for each way of making it (``bugs``, default: ``name``)."""
    return [
        Mistake(
            name,
            explanation,
            lambda params, X, y, bug=bug: _loss_and_grads(params, X, y, bug),
            when_nonfinite,
        )
        for bug in bugs or [name]
    ]


_GRADIENT_MISTAKES = [
    *_gradient_mistake("softmax without the shift", _UNSHIFTED, when_nonfinite=True),
    *_gradient_mistake(
        "missing transpose",
        "a gradient has the shape of its variable: dW2 = dZ2.T @ A1 is (n_out, n_hidden) like "
        "W2, and dW1 = dZ1.T @ X is (n_hidden, n_in) like W1; A1.T @ dZ2 is its transpose.",
        bugs=("missing transpose", "dW1 transposed", "dW2 transposed"),
    ),
    *_gradient_mistake(
        "W2 transposed in the backward pass",
        "Z2 = A1 @ W2.T, so the signal for the hidden layer is dA1 = dZ2 @ W2 (shape (n, "
        "n_hidden)); dZ2 @ W2.T only runs when W2 happens to be square.",
    ),
    *_gradient_mistake(
        "summed over the batch",
        "the loss is the mean over the n samples, so the loss and every gradient carry 1/n; "
        "yours are n times too large. Divide the loss by n and use dZ2 = (P − Y) / n.",
    ),
    *_gradient_mistake(
        "gradient not divided by n",
        "the loss is a mean, but the gradients are n times too large: dZ2 = (P − Y) / n "
        "carries the mean's 1/n into every gradient.",
    ),
    *_gradient_mistake(
        "divided by n twice",
        "dZ2 = (P − Y) / n already holds the mean's 1/n: then dW = dZ.T @ A and db = dZ.sum("
        "axis=0) need no further / n (and no .mean(axis=0)).",
        bugs=("divided by n twice", "db divided by n twice"),
    ),
    *_gradient_mistake(
        "ReLU applied to the gradient",
        "backward multiplies by ReLU's slope, dZ1 = dA1 * (Z1 > 0); np.maximum(dA1, 0) keeps "
        "the gradient's positive entries instead of the units that were on.",
    ),
    *_gradient_mistake(
        "activation used as ReLU's slope",
        "ReLU's slope is the mask (Z1 > 0), 1 or 0, not its output A1: dZ1 = dA1 * (Z1 > 0).",
    ),
    *_gradient_mistake(
        "ReLU mask missing",
        "ReLU passes the gradient only where the unit was on: dZ1 = dA1 * (Z1 > 0). "
        "(A1 > 0) is the same mask; (A1 >= 0) is always true, so it masks nothing.",
    ),
    *_gradient_mistake(
        "z = 0 counted as on",
        "a unit with Z1 = 0 outputs 0 and is off: use Z1 > 0 (or A1 > 0, the same mask), "
        "not Z1 >= 0.",
    ),
    *_gradient_mistake(
        "bias gradient forgotten",
        "each bias gets a gradient too, the sum of its layer's dZ over the batch: "
        "db2 = dZ2.sum(axis=0), db1 = dZ1.sum(axis=0).",
    ),
    *_gradient_mistake(
        "bias gradient not summed over the batch",
        "a bias is shared by every sample, so its gradient sums the samples' dZ: "
        "db = dZ.sum(axis=0), shape (n_out,) like b.",
    ),
]

_GRADIENT_SPEC = CheckSpec(
    reference=capstone_loss_and_grads,
    cases=tuple(
        Case({"params": case["params"], "X": case["X"], "y": case["y"]}) for case in _CASES.values()
    ),
    mistakes=tuple(_GRADIENT_MISTAKES),
)

_FD_STEP = 1e-6


def _finite_difference_part(fn, case, time_limit) -> _Part:
    """The learner's gradients against central differences of the learner's own loss."""
    title = "gradients against central finite differences of your own loss"
    params, X, y = case["params"], case["X"], case["y"]

    def loss_at(trial) -> float | str:
        got = _call(fn, {"params": trial, "X": X, "y": y}, 5, time_limit)
        if isinstance(got, _Stopped):
            return f"Not graded: {got.what}"
        loss = _as_numbers(got[0]) if isinstance(got, tuple) and got else None
        if loss is None or loss.size != 1 or not np.isfinite(loss).all():
            return "Not graded: the loss (the first result) must be a finite number."
        return float(loss.reshape(()))

    got = _call(fn, {"params": params, "X": X, "y": y}, 5, time_limit)
    names = ["loss", "dW1", "db1", "dW2", "db2"]
    if isinstance(got, _Stopped) or _arrays(got, [(), *_shapes_of(params)], names) is not None:
        return _Part(title, False, _fill("Not graded until the shapes are right."))
    wrong = []
    for index, (name, param) in enumerate(zip(names[1:], params, strict=True)):
        analytic = np.asarray(got[index + 1], dtype=float)
        numeric = np.zeros(param.shape)
        for entry in np.ndindex(param.shape):
            sides = []
            for sign in (1.0, -1.0):
                trial = [p.copy() for p in params]
                trial[index][entry] += sign * _FD_STEP
                value = loss_at(tuple(trial))
                if isinstance(value, str):
                    return _Part(title, False, _fill(value))
                sides.append(value)
            numeric[entry] = (sides[0] - sides[1]) / (2 * _FD_STEP)
        if not np.allclose(analytic, numeric, rtol=1e-4, atol=1e-6):
            wrong.append(_difference_words(name, analytic, numeric))
    if not wrong:
        return _Part(title, True, _fill("every entry agrees, so backward matches your loss."))
    advice = (
        "Your backward pass does not compute the slope of the loss your function returns: "
        + " ".join(wrong)
    )
    return _Part(title, False, _fill(advice))


def _difference_words(name: str, analytic: np.ndarray, numeric: np.ndarray) -> str:
    """'dW1 is 6 times the finite differences.' or 'dW1 differs (largest gap 0.3).'"""
    if not np.any(analytic) and np.any(numeric):
        return f"{name} is all zeros, but the loss does change with it."
    nonzero = np.abs(numeric) > 1e-6
    if nonzero.any():
        ratios = analytic[nonzero] / numeric[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-3) and not np.isclose(ratios[0], 1.0):
            return f"{name} is {ratios[0]:.4g} times the finite differences."
    gap = float(np.max(np.abs(analytic - numeric)))
    return f"{name} differs from them (largest gap {gap:.3g})."


def _grade_gradients(fn, time_limit) -> list[_Part]:
    case = _CASES["wide"]
    got = _call(fn, {"params": case["params"], "X": case["X"], "y": case["y"]}, 5, time_limit)
    names = ["loss", "dW1", "db1", "dW2", "db2"]
    shapes = _shapes_part(got, [(), *_shapes_of(case["params"])], names)
    args = {"params": case["params"], "X": case["X"], "y": case["y"]}
    return [
        shapes,
        _finite_difference_part(fn, case, time_limit),
        _repeat_part(fn, args, got, 5, time_limit),
    ]


@_graded_in_parts(_GRADIENT_SPEC, _grade_gradients)
def check_capstone_gradients(fn: Callable) -> Feedback:
    """Check ``loss_and_grads(params, X, y)`` → (loss, dW1, db1, dW2, db2).

    loss: the mean cross-entropy −(1/n) Σ log P[i, y_i], a number; each
    gradient has its parameter's shape. Graded in parts: shapes, central finite
    differences of your own loss, the reference's numbers (on exact zeros of
    Z1 and on logits near 1000 too).
    """


# --- Training -------------------------------------------------------------------------------------


def _training_mistake(name: str, explanation: str) -> Mistake:
    return Mistake(
        name,
        explanation,
        lambda X, y, n_hidden, lr, epochs, seed: _train(X, y, n_hidden, lr, epochs, seed, name),
    )


_TRAINING_MISTAKES = [
    _training_mistake(
        "gradients accumulating across steps",
        "each step must use this step's gradients only. Adding them to a running total "
        "(grads += new) steps along every past gradient as well: compute them afresh each epoch.",
    ),
    _training_mistake(
        "summed over the batch",
        "the loss and the gradients are n times the mean's: train on the mean, dZ2 = (P − Y) / n "
        "(check_capstone_gradients names this too).",
    ),
    _training_mistake(
        "gradient ascent",
        "gradient descent subtracts: params − lr · grads; adding climbs the loss.",
    ),
    _training_mistake(
        "loss recorded after the step",
        "losses[t] is the loss loss_and_grads returns at step t, before the update; yours are "
        "one step late.",
    ),
]

_TRAINING_SPEC = CheckSpec(
    reference=capstone_train,
    cases=(
        Case({"X": _TINY[0], "y": _TINY[1], "n_hidden": 4, "lr": 0.1, "epochs": 20, "seed": 1}),
        Case(
            {
                "X": _SPIRALS[0],
                "y": _SPIRALS[1],
                "n_hidden": 16,
                "lr": 1.0,
                "epochs": 300,
                "seed": 0,
            }
        ),
    ),
    mistakes=tuple(_TRAINING_MISTAKES),
    rtol=1e-6,
    atol=1e-8,
)


def _grade_training(fn, time_limit) -> list[_Part]:
    args = dict(_TRAINING_SPEC.cases[1].args)
    X, y, h, epochs = args["X"], args["y"], args["n_hidden"], args["epochs"]
    d, k = X.shape[1], int(y.max()) + 1
    got = _call(fn, args, 5, time_limit)
    names = ["W1", "b1", "W2", "b2", "losses"]
    shapes = _shapes_part(got, [(h, d), (h,), (k, h), (k,), (epochs,)], names)
    falls_title = f"the loss falls over {epochs} epochs on the spirals"
    accuracy_title = f"training accuracy of at least {ACCURACY_TARGET:.0%} on the spirals"
    if not shapes.passed:
        skipped = _fill("Not graded until the shapes are right.")
        return [shapes, _Part(falls_title, False, skipped), _Part(accuracy_title, False, skipped)]
    losses = np.asarray(got[4], dtype=float)  # checked above: numbers of the right shape
    falling = float(np.mean(np.diff(losses) < 0))
    falls = bool(losses[-1] < losses[0] and falling >= 0.9)
    words = f"from {losses[0]:.3g} to {losses[-1]:.3g}, falling in {falling:.0%} of the steps."
    falls_part = _Part(falls_title, falls, _fill(words))
    params = tuple(np.asarray(p, dtype=float) for p in got[:4])
    accuracy = float(np.mean(np.argmax(capstone_forward(params, X)[2], axis=1) == y))
    accuracy_part = _Part(
        accuracy_title, accuracy >= ACCURACY_TARGET, _fill(f"it reached {accuracy:.1%}.")
    )
    return [shapes, falls_part, accuracy_part, _repeat_part(fn, args, got, 5, time_limit)]


@_graded_in_parts(_TRAINING_SPEC, _grade_training)
def check_capstone_training(fn: Callable) -> Feedback:
    """Check ``train(X, y, n_hidden, lr, epochs, seed)`` → (W1, b1, W2, b2, losses).

    Full-batch gradient descent from ``init_params(n_in, n_hidden, n_out, seed)``
    (n_out = y.max() + 1): at each of the ``epochs`` steps, losses[t] is the loss
    before the step, then every parameter moves by −lr times its gradient.
    Graded in parts: shapes, the loss falling, the accuracy reached on spirals,
    the reference's numbers.
    """
