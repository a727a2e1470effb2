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
    inf included: a missing clip shows itself as NaN), or None where the
    mistake cannot happen for those inputs. when_nonfinite: also
    name this mistake whenever the learner's result holds NaN or inf and no
    other entry matches (the usual cause of NaN for this exercise).
    """

    name: str
    explanation: str
    answer: Callable[..., Any]
    when_nonfinite: bool = False


@dataclass(frozen=True)
class Case:
    """One input to check, with its own tolerance when the default is too strict.

    args: argument name → value, passed positionally in this order.
    rtol, atol: as in ``numpy.allclose``; None keeps the checker's default.
    """

    args: Mapping[str, Any]
    rtol: float | None = None
    atol: float | None = None


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
    cases: Sequence[Mapping[str, Any] | Case],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Grade ``fn`` against ``reference`` on each case; stop at the first failure.

    cases: the inputs, each a mapping from argument name to value, or a
    ``Case`` (passed positionally, in order, so the learner may name the
    parameters freely). mistakes: the catalogue to recognise wrong answers
    with; the first whose answer equals the learner's is named, so put the
    more specific first. numpy's warnings are silenced while ``fn`` runs:
    the feedback explains instead.
    """
    if not callable(fn):
        return Feedback(False, f"✗ expected a function to check; got {fn!r}")
    name = getattr(fn, "__name__", "your function")
    runs = []
    for number, case in enumerate(cases, start=1):
        run = _Run(case if isinstance(case, Case) else Case(case), reference, rtol, atol)
        where = f"✗ {name} failed check {number} of {len(cases)}.\n  inputs:{_format_case(run.case.args)}"
        given = copy.deepcopy(run.args)
        try:
            with np.errstate(all="ignore"):
                run.got = fn(*given)
        except Exception as exc:  # the learner's code: any error is feedback
            return Feedback(False, f"{where}\n  it raised {type(exc).__name__}: {exc}{_hint_for(exc)}")
        changed = [arg for arg, old, new in zip(run.case.args, run.args, given) if not _same(old, new)]
        if changed:
            return Feedback(
                False,
                f"{where}\n  it changed its input {changed[0]} in place; compute a new array "
                "instead (write a = a - b, not a -= b)",
                mistake="modified input",
            )
        runs.append(run)
        problem = _difference(run.got, run.expected, *run.tolerance)
        if problem is None:
            continue
        message = f"{where}\n{_format_pair(run.got, run.expected)}"
        all_runs = runs + _later_runs(fn, cases[number:], reference, rtol, atol)
        mistake = _recognise(run, problem, mistakes, all_runs)
        if mistake is not None:
            advice = _wrap(f"Likely mistake, {mistake.name}: {mistake.explanation}")
            return Feedback(False, f"{message}\n{advice}", mistake.name)
        return Feedback(False, f"{message}\n{_wrap(_explain(problem, run, all_runs))}")
    again = _Run(runs[0].case, reference, rtol, atol)
    with np.errstate(all="ignore"):
        again.got = fn(*copy.deepcopy(again.args))
    if _difference(again.got, again.expected, *again.tolerance) is not None:
        return Feedback(
            False,
            f"✗ {name} passed every check once, but called again with the inputs of check 1 it "
            f"returned something else:\n{_format_pair(again.got, again.expected)}\n"
            + _wrap(
                "Likely mistake, accumulating gradients: it keeps state between calls, e.g. adds "
                "to a stored gradient (+=) instead of overwriting it. Each call must start fresh."
            ),
            "accumulating gradients",
        )
    if len(cases) == 1:
        return Feedback(True, f"✓ {name} passed the check.")
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
    "values": "The values differ: work one entry out by hand and compare.",
}


class _Run:
    """One case: its arguments, the right answer, and (once run) the learner's answer."""

    def __init__(self, case: Case, reference: Callable[..., Any], rtol: float, atol: float):
        self.case = case
        self.args = list(case.args.values())
        self.expected = reference(*copy.deepcopy(self.args))
        self.tolerance = (
            case.rtol if case.rtol is not None else rtol,
            case.atol if case.atol is not None else atol,
        )
        self.got: Any = None

    def part(self, k: int) -> "_Run":
        """The k-th result of a run whose function returns a tuple, as a run of its own."""
        piece = copy.copy(self)
        piece.expected = self.expected[k]
        piece.got = self.got[k] if isinstance(self.got, (tuple, list)) and len(self.got) > k else None
        return piece

    def matches(self, mistake: Mistake) -> bool:
        """Does code making ``mistake`` give the learner's answer on this case?"""
        inputs = [self.expected] if mistake in _GENERIC_MISTAKES else self.args
        wrong = _answer(mistake, inputs)
        return wrong is not None and _same(self.got, wrong, *self.tolerance)


def _later_runs(fn, cases, reference, rtol, atol) -> list[_Run]:
    """The learner's answers on the cases after the failing one (as far as they run)."""
    runs = []
    for case in cases:
        run = _Run(case if isinstance(case, Case) else Case(case), reference, rtol, atol)
        try:
            with np.errstate(all="ignore"):
                run.got = fn(*copy.deepcopy(run.args))
        except Exception:
            break
        runs.append(run)
    return runs


def _recognise(
    failing: _Run, problem: str, mistakes: Sequence[Mistake], all_runs: list[_Run]
) -> Mistake | None:
    """The catalogued mistake that explains the failing answer.

    Several mistakes can give the same wrong answer on one case; the one that
    also reproduces the learner's answers on the most other cases wins (ties
    go to the catalogue's order).
    """
    candidates = [m for m in [*mistakes, *_GENERIC_MISTAKES] if failing.matches(m)]
    if candidates:
        return max(candidates, key=lambda m: sum(run.matches(m) for run in all_runs))
    if problem == "nonfinite":
        return next((m for m in mistakes if m.when_nonfinite), None)
    return None


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
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return "parts"
        return next(
            (d for g, e in zip(got, expected) if (d := _difference(g, e, rtol, atol)) is not None), None
        )
    if isinstance(expected, str):
        return None if got == expected else "values"
    got_arr = _as_numbers(got)
    if got_arr is None:
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


def _explain(problem: str, failing: _Run, all_runs: list[_Run]) -> str:
    """Plain words for a difference no catalogued mistake explains."""
    if problem == "parts":
        return (
            f"It should return {len(failing.expected)} results, as a tuple "
            f"(write: return a, b{', c' if len(failing.expected) > 2 else ''})."
        )
    if isinstance(failing.expected, tuple):
        part = next(
            k for k, (g, e) in enumerate(zip(failing.got, failing.expected))
            if _difference(g, e, *failing.tolerance) is not None
        )
        return f"Result {part + 1} of {len(failing.expected)} is wrong. " + _explain(
            problem, failing.part(part), [run.part(part) for run in all_runs]
        )
    if problem == "shape":
        return _shape_advice(_as_numbers(failing.got).shape, np.shape(failing.expected), failing.case.args)
    if problem == "values":
        ratios = [_ratio(run) for run in all_runs]
        ratio = _ratio(failing)
        wrong = [r for r, run in zip(ratios, all_runs) if r is not None and not np.isclose(r, 1.0)]
        if ratio is not None and ratio != 0.0 and None not in ratios and wrong:
            if np.allclose(wrong, ratio) and len(all_runs) > 1:
                return (
                    f"Your answer is exactly {_fraction(ratio)} times the right one, on every "
                    "check: a constant factor is off (a missing or extra 2, 1/2, or the sign)."
                )
            # For single numbers any two are multiples of each other: no evidence there.
            if any(np.count_nonzero(run.expected) > 1 for run in all_runs):
                return (
                    f"Your answer is a multiple of the right one ({_fraction(ratio)} times here), "
                    "but the multiple changes with the input: look for a factor that depends "
                    "on its size, such as the 1/n of a mean."
                )
    return _PROBLEMS[problem]


def _shape_advice(got: tuple, expected: tuple, args: Mapping[str, Any]) -> str:
    if expected == ():
        return (
            f"It should return a single number but returned an array of shape {got}: did "
            "you average along one axis only, or forget to average at all?"
        )
    same_shape_arg = next(
        (name for name, value in args.items() if np.shape(value) == expected), None
    )
    keep = f", the shape of {same_shape_arg}" if same_shape_arg else ""
    if int(np.prod(got)) == int(np.prod(expected)):
        return (
            f"It returned shape {got} but the answer has shape {expected}{keep}: the numbers "
            "may be right but are arranged differently (a stray reshape, or (n,) mixed with "
            "(n, 1))."
        )
    return f"It returned shape {got} but the answer has shape {expected}{keep}."


def _ratio(run: _Run) -> float | None:
    """The constant c with got = c · expected on this case, if there is one."""
    got = _as_numbers(run.got)
    if got is None or isinstance(run.expected, str):
        return None
    expected = np.asarray(run.expected, dtype=float)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    nonzero = np.abs(expected) > 1e-12
    if not nonzero.any() or not np.allclose(got[~nonzero], 0.0):
        return None
    ratios = got[nonzero] / expected[nonzero]
    return float(ratios.flat[0]) if np.allclose(ratios, ratios.flat[0], rtol=1e-6) else None


def _fraction(ratio: float) -> str:
    """2, 1/2, -1/4 ... for simple ratios, else the number itself."""
    for denominator in range(1, 11):
        numerator = ratio * denominator
        if abs(numerator - round(numerator)) < 1e-6 and round(numerator) != 0:
            n = int(round(numerator))
            return str(n) if denominator == 1 else f"{n}/{denominator}"
    return f"{ratio:.4g}"


def _hint_for(exc: Exception) -> str:
    if isinstance(exc, ValueError) and "matmul" in str(exc):
        return "\n" + _wrap(
            "The inner sizes of a matrix product A @ B must match (A's columns, B's rows): "
            "check each operand's shape, and which one needs a transpose."
        )
    if isinstance(exc, ValueError) and "broadcast" in str(exc):
        return "\n" + _wrap(
            "Shapes that do not line up: check the axis= of each sum, mean or max (and "
            "keepdims=True when you subtract or divide by it), and that (n,) and (n, 1) "
            "arrays are not mixed."
        )
    return ""


def _as_numbers(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _same(a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(b, tuple) or isinstance(a, tuple):
        return (
            isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
            and all(_same(x, y, rtol, atol) for x, y in zip(a, b))
        )
    if isinstance(a, str) or isinstance(b, str) or callable(a) or callable(b):
        return a is b or a == b
    a_arr, b_arr = _as_numbers(a), _as_numbers(b)
    if a_arr is None or b_arr is None:
        return False
    if a_arr.size == 1 and b_arr.size == 1:
        a_arr, b_arr = a_arr.reshape(()), b_arr.reshape(())
    # equal_nan: a NaN where the mistaken code gives NaN is that mistake's signature.
    return a_arr.shape == b_arr.shape and bool(
        np.allclose(a_arr, b_arr, rtol=rtol, atol=atol, equal_nan=True)
    )


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=72, initial_indent="  ", subsequent_indent="  ")


def _format_pair(got: Any, expected: Any) -> str:
    shown = _format(got), _format(expected)
    if shown[0] == shown[1]:  # close but not equal: show every digit
        shown = _format(got, digits=17), _format(expected, digits=17)
    return f"  returned: {shown[0]}\n  expected: {shown[1]}"


def _format_case(case: Mapping[str, Any]) -> str:
    return "".join(f"\n    {name} = {_format(value)}" for name, value in case.items())


def _format(value: Any, digits: int = 6) -> str:
    if isinstance(value, tuple) and any(isinstance(v, np.ndarray) for v in value):
        return "(" + ",".join(f"\n      {_format(v, digits)}" for v in value) + ")"
    if callable(value):
        return f"the function {getattr(value, '__name__', type(value).__name__)}"
    if isinstance(value, (list, tuple)) and _as_numbers(value) is not None:
        value = np.asarray(value, dtype=float)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        if value.ndim == 0:
            return _format(value.item(), digits)
        text = np.array2string(
            value + 0.0 if value.dtype.kind == "f" else value,  # + 0.0 turns -0.0 into 0.0
            precision=4 if digits == 6 else digits,
            separator=", ",
            suppress_small=digits == 6,
            threshold=12,  # larger arrays show their first and last entries only
            edgeitems=2,
        )
        return f"{' '.join(text.split())} (shape {value.shape})"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value) + 0.0:.{digits}g}"
    return repr(value)
