"""The checker mechanism: run a learner's function, compare, name the mistake.

A checker runs the learner's function on several inputs and compares each
result with a reference implementation. When a result is wrong, it tries a
catalogue of known mistakes, each a function that computes what the
mistaken code would return, and names the one that matches ("missing 1/n",
"wrong sign", ...). The result is a ``Feedback``: it prints as a message and
is truthy when every check passed.
"""

from __future__ import annotations

import copy
import numbers
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Mistake:
    """A catalogued wrong answer.

    name: a short label ("missing 1/n"); explanation: what went wrong, in
    plain words, and how to fix it; answer: a function with the reference's
    signature that returns what code making this mistake returns (NaN and
    inf included: a missing clip shows itself as NaN).
    """

    name: str
    explanation: str
    answer: Callable[..., Any]


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker. Prints as its message; truthy if it passed."""

    passed: bool
    message: str
    mistake: str | None = None  # the catalogued mistake recognised, if any

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.passed


def check_function(
    fn: Callable[..., Any],
    *,
    reference: Callable[..., Any],
    cases: Sequence[Mapping[str, Any]],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Grade ``fn`` against ``reference`` on each case; stop at the first failure.

    cases: the inputs, each a mapping from argument name to value (passed
    positionally, in order, so the learner may name the parameters freely).
    mistakes: the catalogue to recognise wrong answers with; the first whose
    answer equals the learner's is named, so put the more specific first.
    numpy's warnings are silenced while ``fn`` runs: the feedback explains.
    """
    if not callable(fn):
        return Feedback(False, f"✗ expected a function to check; got {fn!r}")
    name = getattr(fn, "__name__", "your function")
    for number, case in enumerate(cases, start=1):
        args = list(case.values())
        expected = reference(*copy.deepcopy(args))
        given = copy.deepcopy(args)
        where = f"✗ {name} failed check {number} of {len(cases)}.\n  inputs:{_format_case(case)}"
        try:
            with np.errstate(all="ignore"):
                got = fn(*given)
        except Exception as exc:  # the learner's code: any error is feedback
            return Feedback(False, f"{where}\n  it raised {type(exc).__name__}: {exc}")
        changed = [arg for arg, old, new in zip(case, args, given) if not _same(old, new)]
        if changed:
            return Feedback(
                False,
                f"{where}\n  it changed its input {changed[0]} in place; compute a new array "
                "instead (write a = a - b, not a -= b)",
                mistake="modified input",
            )
        problem = _difference(got, expected, rtol, atol)
        if problem is None:
            continue
        message = f"{where}\n  returned: {_format(got)}\n  expected: {_format(expected)}"
        mistake = _recognise(got, args, expected, mistakes, rtol, atol)
        if mistake is not None:
            advice = _wrap(f"Likely mistake, {mistake.name}: {mistake.explanation}")
            return Feedback(False, f"{message}\n{advice}", mistake.name)
        return Feedback(False, f"{message}\n{_wrap(_PROBLEMS[problem])}")
    return Feedback(True, f"✓ {name} passed all {len(cases)} checks.")


# Mistakes any checker can recognise: their answer is computed from the right one.
_GENERIC_MISTAKES = (
    Mistake(
        "wrong sign",
        "your result is the negative of the right one. Check which term is subtracted "
        "from which (prediction − target) and any leading minus sign.",
        answer=lambda expected: -np.asarray(expected),
    ),
    Mistake(
        "transposed",
        "your result is the transpose of the right one. Check the order in the matrix "
        "product, e.g. dZ.T @ X gives (n_out, n_in) while X.T @ dZ gives (n_in, n_out).",
        answer=lambda expected: np.asarray(expected).T,
    ),
)

_PROBLEMS = {
    "none": "It returned None: did you forget the return statement?",
    "not a number": "It should return numbers (a float or a numpy array).",
    "nonfinite": "It returned NaN or inf: something overflowed, divided by zero or took log(0).",
    "shape": "The shapes differ: compare the shape you return with the expected one.",
    "values": "The values differ: work one entry out by hand and compare.",
}


def _recognise(
    got: Any, args: list, expected: Any, mistakes: Sequence[Mistake], rtol: float, atol: float
) -> Mistake | None:
    """The first catalogued mistake whose answer equals ``got``, if any."""
    candidates = [(m, _answer(m, args)) for m in mistakes]
    candidates += [(m, _answer(m, [expected])) for m in _GENERIC_MISTAKES]
    return next((m for m, wrong in candidates if _same(got, wrong, rtol, atol)), None)


def _answer(mistake: Mistake, args: list) -> Any:
    """What code making ``mistake`` returns for ``args`` (None if it cannot apply)."""
    with np.errstate(all="ignore"):
        try:
            return mistake.answer(*copy.deepcopy(args))
        except Exception:  # a mistake that cannot occur for these inputs
            return None


def _difference(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    """None when ``got`` matches ``expected``, else the kind of difference."""
    if got is None:
        return "none"
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return "not a number"
    expected_arr = np.asarray(expected, dtype=float)
    if got_arr.shape != expected_arr.shape:
        if expected_arr.ndim == 0 and got_arr.size == 1:
            got_arr = got_arr.reshape(())  # a number wrapped in an array is fine
        else:
            return "shape"
    if not np.all(np.isfinite(got_arr)):
        return "nonfinite"
    return None if np.allclose(got_arr, expected_arr, rtol=rtol, atol=atol) else "values"


def _same(a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    try:
        a_arr, b_arr = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if a_arr.size == 1 and b_arr.size == 1:
        a_arr, b_arr = a_arr.reshape(()), b_arr.reshape(())
    # equal_nan: a NaN where the mistaken code gives NaN is that mistake's signature.
    return a_arr.shape == b_arr.shape and bool(
        np.allclose(a_arr, b_arr, rtol=rtol, atol=atol, equal_nan=True)
    )


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=80, initial_indent="  ", subsequent_indent="  ")


def _format_case(case: Mapping[str, Any]) -> str:
    return "".join(f"\n    {name} = {_format(value)}" for name, value in case.items())


def _format(value: Any) -> str:
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, separator=", ", suppress_small=True)
        text = " ".join(text.split())  # one line, also for matrices
        return f"{text} (shape {value.shape})" if value.ndim else text
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.6g}"
    return repr(value)
