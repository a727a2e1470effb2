"""Checkers a learner cannot crash or fool.

Every ``check_*`` of ``course_lib.exercises`` is found automatically, and each
is run against adversarial learners generated from its own reference (its
``.spec``): functions that return None, raise, raise on a later call, return
objects that refuse to be printed or converted, text, complex numbers, NaN,
the wrong shape, a slightly wrong answer, or never return. A checker must
not raise, and must answer each with a falsy ``Feedback`` whose message says
what is wrong. Then the plausible bugs found in review: each must fail, with
its mistake named.
"""

from __future__ import annotations

import importlib
import pkgutil
import signal
import sys
import threading
import time

import numpy as np
import pytest

from course_lib import exercises
from course_lib.exercises import Feedback

TINY_LIMIT = 0.05  # seconds: the time limit used for the slow learners below


def _discover():
    """Every checker the package exports: its names that start with check_."""
    names = sorted(
        name for name in dir(exercises) if name.startswith("check_") and name != "check_function"
    )
    return [(name, getattr(exercises, name)) for name in names]


CHECKERS = _discover()


def test_every_checker_is_found_and_exposes_its_spec():
    defined = {
        name
        for info in pkgutil.iter_modules(exercises.__path__)
        for name, obj in vars(importlib.import_module(f"course_lib.exercises.{info.name}")).items()
        if name.startswith("check_") and callable(obj) and name != "check_function"
    }
    assert defined == {name for name, _ in CHECKERS}  # none defined but not exported
    assert len(CHECKERS) >= 57
    for name, check in CHECKERS:
        spec = check.spec
        assert callable(spec.reference) and len(spec.cases) >= 2 and spec.mistakes, name
        assert check.__doc__ and check.__name__ == name


# --- Learners generated from a checker's reference ----------------------------------------------


class NotApplicable(Exception):
    """This transformation makes no sense for this kind of answer (e.g. a label)."""


def _each_part(transform):
    """Apply ``transform`` to every part of a tuple answer, or to the answer itself."""

    def apply(answer):
        if isinstance(answer, tuple):
            return tuple(transform(part) for part in answer)
        return transform(answer)

    return apply


def _numeric(transform):
    """``transform`` for numbers only; a label (str) answer has no such wrong version."""

    def apply(answer):
        if isinstance(answer, str):
            raise NotApplicable
        return transform(np.asarray(answer, dtype=float))

    return apply


def _with_first_entry(value):
    def apply(a):
        a = np.array(a, dtype=float)
        a.flat[0] = value
        return a

    return apply


def _wrong_shape(answer):
    if isinstance(answer, str):
        return [answer]  # a list holding the label
    a = np.asarray(answer)
    return np.array([a, a]) if a.ndim == 0 else np.append(a.ravel(), 0.0)


def _transposed(answer):
    if isinstance(answer, str) or np.ndim(answer) < 2:
        raise NotApplicable
    return np.asarray(answer).T


# Wrong answers computed from the right one: name → transformation of the reference's answer.
TRANSFORMS = {
    "the right answer as a string": lambda answer: str(answer),
    "the right answer as an array of strings": _each_part(_numeric(lambda a: a.astype(str))),
    "the right answer times (1+1j)": _each_part(_numeric(lambda a: a * (1 + 1j))),
    "the right answer plus 1e-3j": _each_part(_numeric(lambda a: a + 1e-3j)),
    "NaN in the answer": _each_part(_numeric(_with_first_entry(np.nan))),
    "inf in the answer": _each_part(_numeric(_with_first_entry(np.inf))),
    "wrong shape": lambda answer: (
        (_wrong_shape(answer[0]), *answer[1:])
        if isinstance(answer, tuple)
        else _wrong_shape(answer)
    ),
    "transposed": _each_part(lambda a: _transposed(a) if np.ndim(a) >= 2 else a),
    "the right answer times 1.01": _each_part(_numeric(lambda a: a * 1.01)),
    "the right answer plus 0.01": _each_part(_numeric(lambda a: a + 0.01)),
    "the sign flipped": _each_part(_numeric(lambda a: -a)),
    "True/False instead of numbers": _each_part(_numeric(lambda a: a != 0)),
    "an array of Python objects": _each_part(_numeric(lambda a: np.array([a, None], dtype=object))),
    "a tuple's last part is None": lambda answer: (
        (*answer[:-1], None) if isinstance(answer, tuple) else _not_applicable()
    ),
    "a tuple's first part missing": lambda answer: (
        answer[1:] if isinstance(answer, tuple) else _not_applicable()
    ),
}


def _not_applicable():
    raise NotApplicable


def _differs(a, b) -> bool:
    """Is ``a`` a different answer from ``b``? (an independent, strict comparison)"""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return not (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)) or any(
            _differs(x, y) for x, y in zip(a, b, strict=True)
        )
    if a is None or b is None or isinstance(a, (str, list)) or isinstance(b, str):
        return not (type(a) is type(b) and a == b)
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind not in "iuf" or b.dtype.kind not in "iuf" or a.shape != np.shape(b):
        return True
    return not np.allclose(a, b, rtol=1e-3, atol=1e-6, equal_nan=False)


def _transform_applies(check, transform) -> bool:
    """Is the transformed reference a wrong answer on at least one case?"""
    spec = check.spec
    try:
        return any(
            _differs(
                transform(spec.reference(*case.args.values())), spec.reference(*case.args.values())
            )
            for case in spec.cases
        )
    except NotApplicable:
        return False


def _transformed(check, transform):
    reference = check.spec.reference

    def learner(*args):
        return transform(reference(*args))

    return learner


class ReprRaises:
    def __repr__(self):
        raise RuntimeError("a learner's __repr__ that fails")

    __str__ = __repr__


class RefusesNumpy:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("this object refuses numpy conversion")

    def __float__(self):
        raise RuntimeError("this object refuses float()")


class LenAndIterRaise:
    def __len__(self):
        raise RuntimeError("a learner's __len__ that fails")

    def __iter__(self):
        raise RuntimeError("a learner's __iter__ that fails")

    def __getitem__(self, index):
        raise RuntimeError("a learner's __getitem__ that fails")


class ComparisonRaises:
    def __eq__(self, other):
        raise RuntimeError("a learner's __eq__ that fails")

    __lt__ = __le__ = __gt__ = __ge__ = __ne__ = __eq__
    __hash__ = object.__hash__


class ExceptionWithBadMessage(ValueError):
    def __str__(self):
        raise RuntimeError("an exception whose message fails")


def _raises_on_call(number, check):
    """A learner right on every call but call ``number`` (counting from 1), where it raises."""
    calls = []
    reference = check.spec.reference

    def learner(*args):
        calls.append(1)
        if len(calls) == number:
            raise ValueError(f"a learner's bug on call {number}")
        return reference(*args)

    return learner


def _too_slow_but_catches_the_interruption(check):
    reference = check.spec.reference

    def learner(*args):
        try:
            time.sleep(2)
        except BaseException:  # a bare except: a learner's code may swallow the interruption
            pass
        return reference(*args)

    return learner


def _spin(*args):
    while True:
        pass


def _raise(exception):
    def learner(*args):
        raise exception

    return learner


# Learners made from scratch: name → function of the checker, returning the learner.
LEARNERS = {
    "returns None": lambda check: lambda *args: None,
    "raises ValueError": lambda check: _raise(ValueError("a learner's bug")),
    "raises an exception whose message fails": lambda check: _raise(ExceptionWithBadMessage()),
    "calls sys.exit": lambda check: lambda *args: sys.exit(1),
    "raises on the second call only": lambda check: _raises_on_call(2, check),
    "raises when called again with check 1's inputs": lambda check: _raises_on_call(
        len(check.spec.cases) + 1, check
    ),
    "returns an object whose __repr__ raises": lambda check: lambda *args: ReprRaises(),
    "returns an object that refuses numpy conversion": lambda check: lambda *args: RefusesNumpy(),
    "returns an object whose __len__ and __iter__ raise": lambda check: (
        lambda *args: LenAndIterRaise()
    ),
    "returns an object whose comparisons raise": lambda check: lambda *args: ComparisonRaises(),
    "returns a string": lambda check: lambda *args: "0.5",
    "returns a function instead of calling it": lambda check: lambda *args: check.spec.reference,
    "returns a generator": lambda check: lambda *args: (x for x in args),
    "sleeps": lambda check: lambda *args: time.sleep(2),
    "never returns": lambda check: _spin,
    "too slow, swallows the interruption": _too_slow_but_catches_the_interruption,
}


def _adversaries():
    for name, check in CHECKERS:
        for learner_name, make in LEARNERS.items():
            yield pytest.param(check, make, id=f"{name}-{learner_name}")
        for transform_name, transform in TRANSFORMS.items():
            if _transform_applies(check, transform):
                yield pytest.param(
                    check,
                    lambda check, transform=transform: _transformed(check, transform),
                    id=f"{name}-{transform_name}",
                )


@pytest.mark.parametrize("check, make_learner", list(_adversaries()))
def test_adversarial_learner_gets_feedback_and_fails(check, make_learner):
    start = time.monotonic()
    feedback = check(make_learner(check), time_limit=TINY_LIMIT)
    assert isinstance(feedback, Feedback)
    assert not feedback and not feedback.passed
    assert feedback.message.startswith("✗") and len(feedback.message) > 40, feedback.message
    assert "the checker could not grade" not in feedback.message  # its own safety net, unused
    assert time.monotonic() - start < 1.5  # a slow learner is stopped at the limit, once


# --- Right answers in another natural form pass ---------------------------------------------------

ACCEPTED = {
    "as lists": _each_part(lambda a: np.asarray(a).tolist() if not isinstance(a, str) else a),
    "as complex numbers with imaginary part exactly 0": _each_part(
        lambda a: np.asarray(a) + 0j if not isinstance(a, str) else a
    ),
}


@pytest.mark.parametrize("name, check", CHECKERS, ids=[name for name, _ in CHECKERS])
def test_checker_accepts_its_reference_in_natural_forms(name, check):
    assert check(check.spec.reference), name
    for form, transform in ACCEPTED.items():
        feedback = check(_transformed(check, transform))
        assert feedback.passed, (form, feedback.message)


@pytest.mark.parametrize("name, check", CHECKERS, ids=[name for name, _ in CHECKERS])
def test_checker_names_each_catalogued_mistake(name, check):
    reference = check.spec.reference
    for mistake in check.spec.mistakes:

        def learner(*args, mistake=mistake):
            # Makes this mistake wherever it can happen, and is right elsewhere.
            try:
                wrong = mistake.answer(*args)
            except Exception:
                wrong = None
            return reference(*args) if wrong is None else wrong

        feedback = check(learner)
        assert not feedback.passed, mistake.name
        assert feedback.mistake == mistake.name, (mistake.name, feedback.message)
        assert " ".join(mistake.explanation.split()) in " ".join(feedback.message.split())


# --- Specific messages ---------------------------------------------------------------------------


def _flat(feedback: Feedback) -> str:
    return " ".join(feedback.message.split())


def test_messages_say_what_is_wrong_with_the_answer():
    mse = exercises.check_mse
    right = mse.spec.reference
    assert "Your function returned None — did you forget `return`?" in _flat(mse(lambda p, t: None))
    tuple_none = _flat(exercises.check_dense_backward(lambda X, W, dZ: None))
    assert "did you forget `return`? It should return 3 results" in tuple_none
    part_none = _flat(exercises.check_dense_backward(lambda X, W, dZ: (dZ @ W, dZ.T @ X, None)))
    assert "Result 3 of 3 is None" in part_none
    assert "text (a str)" in _flat(mse(lambda p, t: str(right(p, t))))
    complex_answer = _flat(mse(lambda p, t: right(p, t) + 1e-3j))
    assert "complex numbers (imaginary part up to 0.001" in complex_answer
    assert "other than exactly 0 fails" in complex_answer
    assert "(a bool)" in _flat(exercises.check_layers_until(lambda threshold: True))
    assert ".astype(int)" in _flat(exercises.check_predict(lambda X, w, b: X @ w + b >= 0))
    assert "dtype object" in _flat(mse(lambda p, t: np.array([1.0, None], dtype=object)))
    assert "refuses numpy conversion" in _flat(mse(lambda p, t: RefusesNumpy()))
    repr_raises = _flat(mse(lambda p, t: ReprRaises()))
    assert "printing it raised RuntimeError: a learner's __repr__ that fails" in repr_raises
    assert "it raised ValueError: a learner's bug on call 2" in _flat(mse(_raises_on_call(2, mse)))
    again = _flat(mse(_raises_on_call(len(mse.spec.cases) + 1, mse)))
    assert "passed every check once, but called again with the inputs of check 1 it raised" in again
    assert "instead of calling it" in _flat(mse(lambda p, t: right))
    assert "it raised SystemExit" in _flat(mse(lambda p, t: sys.exit(1)))
    misspelt = _flat(exercises.check_regime(lambda lr, curvature: "converge"))
    assert "'converge' is not one of the answers" in misspelt and "'oscillates forever'" in misspelt


def test_a_slow_function_is_stopped_with_a_clear_message():
    start = time.monotonic()
    feedback = exercises.check_mse(_spin, time_limit=0.2)
    assert time.monotonic() - start < 1.0
    assert not feedback and feedback.mistake == "too slow"
    assert "it was stopped after 0.2 s" in _flat(feedback) and "loop that never ends" in _flat(
        feedback
    )
    assert exercises.TIME_LIMIT == 5.0
    # Swallowing the interruption does not help: the call still took too long.
    swallowed = exercises.check_mse(
        _too_slow_but_catches_the_interruption(exercises.check_mse), time_limit=0.1
    )
    assert swallowed.mistake == "too slow"


def test_the_time_limit_leaves_other_timers_and_handlers_as_they_were():
    def outer_handler(signum, frame):
        raise AssertionError("the outer alarm fired during the test")

    previous = signal.signal(signal.SIGALRM, outer_handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        exercises.check_mse(_spin, time_limit=0.1)
        exercises.check_mse(exercises.check_mse.spec.reference)
        assert signal.getsignal(signal.SIGALRM) is outer_handler
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25.0 < left < 30.0  # the outer timer still runs, minus the time spent
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_time_limit_works_outside_the_main_thread():
    # Signals only reach the main thread; elsewhere the call runs in a worker thread.
    results = {}

    def grade():
        results["slow"] = exercises.check_mse(lambda p, t: time.sleep(0.5), time_limit=0.05)
        results["right"] = exercises.check_mse(exercises.check_mse.spec.reference, time_limit=1.0)
        results["raises"] = exercises.check_mse(_raise(ValueError("boom")), time_limit=1.0)

    worker = threading.Thread(target=grade)
    worker.start()
    worker.join(10)
    assert results["slow"].mistake == "too slow" and "in the background" in _flat(results["slow"])
    assert results["right"].passed
    assert "it raised ValueError: boom" in results["raises"].message


def test_the_time_limit_works_inside_a_jupyter_kernel():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import signal, time\n"
            "from course_lib.exercises import check_mse\n"
            "def my_mse(y_pred, y_true):\n"
            "    while True:\n"
            "        pass\n"
            "start = time.monotonic()\n"
            "print(check_mse(my_mse, time_limit=0.3).mistake, time.monotonic() - start < 2,\n"
            "      signal.getsignal(signal.SIGALRM) == signal.SIG_DFL)"
        )
    ]
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    assert notebook.cells[0].outputs[0]["text"] == "too slow True True\n"


def test_no_time_limit_and_a_bad_limit():
    assert exercises.check_mse(exercises.check_mse.spec.reference, time_limit=None).passed
    for bad in (0, -1.0, "5"):
        with pytest.raises(ValueError, match="time_limit"):
            exercises.check_mse(exercises.check_mse.spec.reference, time_limit=bad)


def test_an_interrupt_from_the_learner_at_the_keyboard_still_stops_the_checker():
    with pytest.raises(KeyboardInterrupt):
        exercises.check_mse(_raise(KeyboardInterrupt()))


def test_comparisons_never_use_the_learners_own_methods():
    class Number(float):
        def __eq__(self, other):
            raise RuntimeError("a learner's __eq__ that fails")

        __hash__ = float.__hash__

    class Label(str):
        def __eq__(self, other):
            raise RuntimeError("a learner's __eq__ that fails")

        __hash__ = str.__hash__

    mse, regime = exercises.check_mse, exercises.check_regime
    assert mse(lambda p, t: Number(mse.spec.reference(p, t))).passed
    assert regime(lambda lr, curvature: Label(regime.spec.reference(lr, curvature))).passed


# --- Plausible bugs a learner writes: each must fail, and be named --------------------------------


def layers_until_floor_plus_one(threshold):
    return int(np.floor(np.log(threshold) / np.log(0.25))) + 1


def layers_until_strict_loop(threshold):
    depth = 0
    while 0.25**depth >= threshold:
        depth += 1
    return depth


def confusion_sized_by_labels(y_true, y_pred, n_classes):
    k = max(y_true.max(), y_pred.max()) + 1
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def per_class_accuracy_row_max(counts):
    return counts.max(axis=1) / counts.sum(axis=1)


def predict_strict(X, w, b):
    return (X @ w + b > 0).astype(int)


def tweak_accepts_ties(theta, loss, direction, step):
    candidate = theta + step * direction
    return candidate if loss(candidate) <= loss(theta) else theta


def bce_hard_labels(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.mean(np.where(y == 1, -np.log(p), -np.log(1 - p)))


def bce_label_probability(p, y):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(np.log(p * y + (1 - p) * (1 - y)))


def softmax_ce_unshifted_logsumexp(logits, y):
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(y)), y])


def regime_without_oscillating_forever(lr, curvature):
    factor = 1 - lr * curvature
    if abs(factor) >= 1:
        return "diverges"
    return "converges" if factor >= 0 else "oscillates and converges"


def regime_sign_before_size(lr, curvature):
    factor = 1 - lr * curvature
    if factor < 0:
        return "oscillates and converges"
    if abs(factor) > 1:
        return "diverges"
    if abs(factor) == 1:
        return "oscillates forever"
    return "converges"


def regime_labels_swapped(lr, curvature):
    factor = 1 - lr * curvature
    if abs(factor) > 1:
        return "diverges"
    if abs(factor) == 1:
        return "oscillates forever"
    return "oscillates and converges" if factor >= 0 else "converges"


def regime_zero_oscillates(lr, curvature):
    factor = 1 - lr * curvature
    if abs(factor) > 1:
        return "diverges"
    if abs(factor) == 1:
        return "oscillates forever"
    return "converges" if factor > 0 else "oscillates and converges"


def descend_aliasing_rows(grad, w0, lr, steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return np.array(path)


def descend_aliasing_after_a_copy(grad, w0, lr, steps):
    w = w0.copy()
    path = [w0]
    for _ in range(steps):
        w -= lr * grad(w)
        path.append(w)
    return np.array(path)


def sigmoid_backward_sigma_for_slope(A, dA):
    return dA * A


def neuron_gradients_sigma_for_slope(x, w, b, y):
    a = 1 / (1 + np.exp(-(w * x + b)))
    dL_dz = 2 * (a - y) * a
    return dL_dz * x, dL_dz


def dL_dw23_sigma_for_slope(W1, b1, W2, b2, x, y):
    a = 1 / (1 + np.exp(-(W1 @ x + b1)))
    y_hat = (W2 @ a + b2)[0]
    return 2 * (y_hat - y) * W2[0, 1] * a[1] * x[2]


def dL_dW1_sigma_for_slope(W1, b1, W2, b2, x, y):
    a = 1 / (1 + np.exp(-(W1 @ x + b1)))
    y_hat = (W2 @ a + b2)[0]
    return np.outer(2 * (y_hat - y) * W2[0] * a, x)


def dense_backward_dW_over_n(X, W, dZ):
    return dZ @ W, dZ.T @ X / len(X), dZ.sum(axis=0)


PLAUSIBLE_BUGS = [
    # wrong answers that passed before
    ("check_layers_until", layers_until_floor_plus_one, "one layer too many at an exact power"),
    ("check_layers_until", layers_until_strict_loop, "one layer too many at an exact power"),
    ("check_confusion_matrix", confusion_sized_by_labels, "n_classes ignored"),
    ("check_predict", predict_strict, "strict inequality"),
    ("check_tweak", tweak_accepts_ties, "ties accepted"),
    ("check_binary_cross_entropy", bce_hard_labels, "formula for hard labels only"),
    ("check_binary_cross_entropy", bce_label_probability, "formula for hard labels only"),
    (
        "check_per_class_accuracy",
        per_class_accuracy_row_max,
        "largest count instead of the diagonal",
    ),
    # wrong answers that were misdiagnosed
    ("check_softmax_cross_entropy", softmax_ce_unshifted_logsumexp, "unshifted log-sum-exp"),
    ("check_regime", regime_without_oscillating_forever, "oscillating forever missed"),
    ("check_regime", regime_sign_before_size, "sign tested before size"),
    ("check_regime", regime_labels_swapped, "converging regimes swapped"),
    ("check_regime", regime_zero_oscillates, "factor 0 counted as oscillating"),
    ("check_descend", descend_aliasing_rows, "rows share one array"),
    ("check_descend", descend_aliasing_after_a_copy, "rows share one array"),
    ("check_sigmoid_backward", sigmoid_backward_sigma_for_slope, "sigmoid instead of its slope"),
    ("check_neuron_gradients", neuron_gradients_sigma_for_slope, "sigmoid instead of its slope"),
    ("check_hidden_weight_gradient", dL_dw23_sigma_for_slope, "sigmoid instead of its slope"),
    ("check_W1_gradient", dL_dW1_sigma_for_slope, "sigmoid instead of its slope"),
    ("check_dense_backward", dense_backward_dW_over_n, "dW divided by n"),
]


@pytest.mark.parametrize(
    "checker_name, learner, mistake",
    PLAUSIBLE_BUGS,
    ids=[bug.__name__ for _, bug, _ in PLAUSIBLE_BUGS],
)
def test_plausible_bug_fails_and_is_named(checker_name, learner, mistake):
    feedback = getattr(exercises, checker_name)(learner)
    assert not feedback.passed
    assert feedback.mistake == mistake, feedback.message
