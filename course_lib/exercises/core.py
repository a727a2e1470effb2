"""The checker mechanism: run a learner's function, compare, name the mistake.

A checker runs the learner's function on several inputs and compares each
result with a reference implementation. When a result is wrong, it tries a
catalogue of known mistakes, each a function that computes what the
mistaken code would return, and names the one that matches ("missing 1/n",
"wrong sign", ...). The result is a ``Feedback``: it prints as a message and
is truthy when every check passed.

A learner's function cannot make a checker raise or hang: everything the
learner wrote runs in one place, ``_run_learner``, under a time limit. An
exception it raises (in the call itself, or in its result's ``__array__``,
``__len__``, ``__repr__``, ...) becomes feedback that names it, and its
result is turned there into plain data (None, a str, a numpy array of real
numbers, or a tuple of these) before anything compares or prints it. Text, a
bool, complex numbers, or objects that are not numbers are refused with a
message saying so; a list or tuple of the right numbers is accepted, as numpy
would accept it.
"""

from __future__ import annotations

import copy
import numbers
import signal
import textwrap
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

TIME_LIMIT = 5.0
"""Seconds one call of a learner's function may take before it is stopped.

Each check needs a few milliseconds; a call that takes seconds is a loop that
never ends (or one far too slow). Every checker takes ``time_limit=`` to change it,
and ``None`` turns the limit off.
"""


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


@dataclass(frozen=True)
class CheckSpec:
    """What a checker grades against: every ``check_*`` carries one as ``.spec``.

    reference: the right implementation; cases: the inputs, in order;
    mistakes: the catalogue of named wrong answers; rtol, atol: the default
    tolerance of the comparison.
    """

    reference: Callable[..., Any]
    cases: tuple[Case, ...]
    mistakes: tuple[Mistake, ...]
    rtol: float = 1e-6
    atol: float = 1e-9


class Checker(Protocol):
    """The type of a ``check_*`` function: it grades ``fn`` and carries its ``spec``."""

    spec: CheckSpec

    def __call__(self, fn: Callable[..., Any], *, time_limit: float | None = ...) -> Feedback: ...


def checker(
    *,
    reference: Callable[..., Any],
    cases: Sequence[Mapping[str, Any] | Case],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Callable[[Callable[..., Any]], Checker]:
    """Turn the decorated stub (its name and docstring) into a checker ``check(fn, *, time_limit)``.

    The checker grades ``fn`` with ``check_function`` against ``reference`` on
    ``cases``, naming ``mistakes``; its ``.spec`` (a ``CheckSpec``) exposes all
    of these, so that tests can generate wrong answers from the reference.
    """
    spec = CheckSpec(
        reference,
        tuple(case if isinstance(case, Case) else Case(case) for case in cases),
        tuple(mistakes),
        rtol,
        atol,
    )

    def make(stub: Callable[..., Any]) -> Checker:
        def check(fn: Callable[..., Any], *, time_limit: float | None = TIME_LIMIT) -> Feedback:
            return check_function(
                fn,
                reference=spec.reference,
                cases=spec.cases,
                mistakes=spec.mistakes,
                rtol=spec.rtol,
                atol=spec.atol,
                time_limit=time_limit,
            )

        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(check, attribute, getattr(stub, attribute))
        graded = cast(Checker, check)
        graded.spec = spec
        return graded

    return make


def check_function(
    fn: Callable[..., Any],
    *,
    reference: Callable[..., Any],
    cases: Sequence[Mapping[str, Any] | Case],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    time_limit: float | None = TIME_LIMIT,
) -> Feedback:
    """Grade ``fn`` against ``reference`` on each case; stop at the first failure.

    cases: the inputs, each a mapping from argument name to value, or a
    ``Case`` (passed positionally, in order, so the learner may name the
    parameters freely). mistakes: the catalogue to recognise wrong answers
    with; the first whose answer equals the learner's is named, so put the
    more specific first. time_limit: seconds one call of ``fn`` may take
    (None: no limit). numpy's warnings are silenced while ``fn`` runs: the
    feedback explains instead. Nothing ``fn`` does makes this raise, except a
    KeyboardInterrupt: the learner interrupting the kernel still stops it.
    """
    if time_limit is not None and not (isinstance(time_limit, numbers.Real) and time_limit > 0):
        raise ValueError(
            f"time_limit must be a positive number of seconds or None; got {time_limit!r}"
        )
    if not callable(fn):
        return Feedback(False, f"✗ expected a function to check; got {_describe(fn)}")
    name = _name_of(fn)
    try:
        return _grade(fn, name, reference, cases, mistakes, rtol, atol, time_limit)
    except Exception as exc:  # a bug of the checker's own: still feedback, never a traceback
        return Feedback(
            False,
            f"✗ the checker could not grade {name}: {_exception_text(exc)}. This is a bug in "
            "the checker, not necessarily in your function; please report it.",
        )


def _grade(fn, name, reference, cases, mistakes, rtol, atol, time_limit) -> Feedback:
    """``check_function``'s work, for a callable ``fn`` shown as ``name``."""
    runs = []
    for number, case in enumerate(cases, start=1):
        run = _Run(case if isinstance(case, Case) else Case(case), reference, rtol, atol)
        where = (
            f"✗ {name} failed check {number} of {len(cases)}.\n"
            f"  inputs:{_format_case(run.case.args)}"
        )
        given = copy.deepcopy(run.args)
        run.got = _run_learner(fn, given, run.expected, time_limit)
        if isinstance(run.got, _Stopped):
            return Feedback(False, f"{where}\n  {run.got.what}", run.got.mistake)
        changed = [
            arg
            for arg, old, new in zip(run.case.args, run.args, given, strict=True)
            if not _same(old, new)
        ]
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
        all_runs = runs + _later_runs(fn, cases[number:], reference, rtol, atol, time_limit)
        mistake = _recognise(run, problem, mistakes, all_runs)
        if mistake is not None:
            advice = _wrap(f"Likely mistake, {mistake.name}: {mistake.explanation}")
            return Feedback(False, f"{message}\n{advice}", mistake.name)
        return Feedback(False, f"{message}\n{_wrap(_explain(problem, run, all_runs))}")
    again = _Run(runs[0].case, reference, rtol, atol)
    again.got = _run_learner(fn, copy.deepcopy(again.args), again.expected, time_limit)
    if isinstance(again.got, _Stopped):
        return Feedback(
            False,
            f"✗ {name} passed every check once, but called again with the inputs of check 1 "
            f"{again.got.what}",
            again.got.mistake,
        )
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


# --- Running the learner's code: the one place where it runs ---------------------------------


@dataclass(frozen=True)
class _Stopped:
    """The learner's call gave no result: it raised, or ran out of time. what: 'it raised ...'."""

    what: str
    mistake: str | None = None


@dataclass(frozen=True)
class _Refused:
    """A result that is not an answer of the right kind (text, complex, an object, ...).

    shown: how the result prints (safely); why: what is wrong with it, and what to return.
    """

    shown: str
    why: str


def _run_learner(
    fn: Callable[..., Any], args: list, expected: Any, time_limit: float | None
) -> Any:
    """``fn(*args)`` as plain data (see ``_plain``), or a ``_Stopped`` saying why there is none.

    Everything that runs the learner's code is inside: the call, and reading
    its result (``__array__``, ``__len__``, ``__iter__``, ``__repr__``, ...).
    """

    def attempt() -> Any:
        try:
            with np.errstate(all="ignore"):
                got = fn(*args)
        except (Exception, SystemExit) as exc:  # the learner's code: any error is feedback
            return _Stopped(f"it raised {_exception_text(exc)}{_hint_for(exc)}")
        try:
            with np.errstate(all="ignore"):
                return _plain(got, expected)
        except (Exception, SystemExit) as exc:
            return _Refused(
                _describe(got),
                f"Reading its result as numbers (numpy's conversion, len(), iteration) raised "
                f"{_exception_text(exc)}. Return a number, a numpy array, or a tuple of them.",
            )

    return _within(time_limit, attempt)


def _within(seconds: float | None, attempt: Callable[[], Any]) -> Any:
    """``attempt()``, stopped after ``seconds``: by SIGALRM where this is the main thread
    (as in a Jupyter kernel or pytest), else by waiting for a worker thread."""
    if seconds is None:
        return attempt()
    if (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) is not None  # None: set outside Python, leave it be
    ):
        return _within_alarm(seconds, attempt)
    return _within_thread(seconds, attempt)


class _TimeUp(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException, so that
    ``except Exception`` in that code cannot swallow it)."""


def _within_alarm(seconds: float, attempt: Callable[[], Any]) -> Any:
    state = {"armed": True, "fired": False}

    def time_up(signum, frame):
        if state["armed"]:
            state["fired"] = True
            raise _TimeUp

    start = time.monotonic()
    try:
        previous_handler = signal.signal(signal.SIGALRM, time_up)
    except ValueError:  # signals are not available here after all
        return _within_thread(seconds, attempt)
    # Repeat every 0.1 s: code that swallows one interruption (a bare except) gets another.
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        try:
            result = attempt()
        finally:
            state["armed"] = False  # from here on the alarm is ignored
    except _TimeUp:  # also when it arrived just before the line above
        state["armed"] = False
        result = None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:  # someone else's timer was running: give it back what is left
            left = previous_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), previous_interval)
    return _timed_out(seconds) if state["fired"] else result


def _within_thread(seconds: float, attempt: Callable[[], Any]) -> Any:
    box: list = []
    worker = threading.Thread(
        target=lambda: box.append(attempt()), daemon=True, name="learner's function"
    )
    worker.start()
    worker.join(seconds)
    if worker.is_alive():  # a thread cannot be stopped from outside: it is left to finish
        return _timed_out(seconds, still_running=True)
    return box[0] if box else _Stopped("it stopped without returning")


def _timed_out(seconds: float, still_running: bool = False) -> _Stopped:
    background = " (it goes on running in the background until it ends)" if still_running else ""
    return _Stopped(
        _wrap(
            f"it was stopped after {seconds:g} s{background}: each check takes a few "
            "milliseconds, so it is stuck or far too slow. Look for a loop that never ends, "
            "e.g. a while loop whose condition never changes, or a loop over a huge range."
        ).lstrip(),
        "too slow",
    )


def _plain(value: Any, expected: Any) -> Any:
    """The learner's result as plain data: None, a str, a numpy array of real numbers, a
    tuple of these (where a tuple is expected), or a ``_Refused`` saying why it is none of them.

    Runs the learner's code (conversions, iteration): call it only inside ``_run_learner``.
    """
    if value is None:
        return None
    if isinstance(expected, tuple) and isinstance(value, (tuple, list)):
        parts = list(value)
        return tuple(
            _plain(part, expected[k] if k < len(expected) else None) for k, part in enumerate(parts)
        )
    if isinstance(value, str):
        text = str.__str__(value)  # a plain str, whatever subclass it was
        if expected is None or isinstance(expected, str):
            return text
        return _Refused(
            repr(text),
            "It returned text (a str) where a number is expected; the checker never reads "
            "numbers out of text. Return the value itself, not str(...) or an f-string.",
        )
    if isinstance(expected, str):
        return _Refused(
            _describe(value),
            f"It should return a label, a string such as {expected!r}.",
        )
    if callable(value) and not isinstance(value, np.ndarray):
        return _Refused(
            _describe(value),
            "It returned a function instead of calling it: return f(x), not f.",
        )
    if isinstance(value, (bool, np.bool_)):
        return _Refused(
            repr(bool(value)),
            "It returned True or False (a bool) where a number is expected. Return the number "
            "itself (int(...) or float(...) if you computed a comparison).",
        )
    array = np.array(value)  # a copy: nothing of the learner's object is kept
    if array.dtype.kind == "b":
        return _Refused(
            _describe(value),
            "It returned True/False values (dtype bool) where numbers are expected: convert "
            "them, e.g. with .astype(int) for labels 0 and 1.",
        )
    if array.dtype.kind == "c":
        imaginary = np.abs(array.imag)
        if np.any(imaginary != 0):
            largest = np.max(imaginary, initial=0.0, where=~np.isnan(imaginary))
            size = f"up to {largest:.3g} in size" if largest > 0 else "NaN"
            return _Refused(
                _describe(value),
                f"It returned complex numbers (imaginary part {size}); "
                "the answer is real, and any imaginary part other than exactly 0 fails. "
                "Complex numbers come from the square root or power of a negative number, "
                "e.g. (-2.0) ** 0.5, or from cmath and np.emath.",
            )
        return array.real.copy()
    if array.dtype.kind in "US":
        return _Refused(
            _describe(value),
            f"It returned text (an array of dtype {array.dtype}) where numbers are expected. "
            "Return the numbers themselves, not their text.",
        )
    if array.dtype.kind not in "iuf":
        return _Refused(
            _describe(value),
            f"It returned {_kind_of(value, array)}, not numbers. Return a number, a numpy array "
            "of numbers, or a list of numbers (for several results, a tuple).",
        )
    return array


def _kind_of(value: Any, array: np.ndarray) -> str:
    if isinstance(value, np.ndarray) or array.ndim > 0:
        return (
            f"an array of dtype {array.dtype} (a list mixing numbers with None or with arrays "
            "of different sizes gives such an array)"
        )
    return f"an object of type {type(value).__name__}"


def _describe(value: Any, limit: int = 300) -> str:
    """repr(value), shortened; never raises, whatever the value's ``__repr__`` does."""
    try:
        text = repr(value)
        if not isinstance(text, str):
            raise TypeError(f"__repr__ returned {type(text).__name__}, not str")
    except Exception as exc:
        return f"<a {type(value).__name__} object; printing it raised {_exception_text(exc)}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _exception_text(exc: BaseException) -> str:
    """'ValueError: message', whatever the exception's ``__str__`` does."""
    try:
        message = str(exc)
    except Exception:
        message = "(its message could not be printed)"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _name_of(fn: Any) -> str:
    try:
        name = fn.__name__
    except Exception:
        return "your function"
    return name if isinstance(name, str) and name else "your function"


# --- Comparing and explaining ------------------------------------------------------------------


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
    "none": "Your function returned None — did you forget `return`?",
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

    def part(self, k: int) -> _Run:
        """The k-th result of a run whose function returns a tuple, as a run of its own."""
        piece = copy.copy(self)
        piece.expected = self.expected[k]
        piece.got = self.got[k] if isinstance(self.got, tuple) and len(self.got) > k else None
        return piece

    def matches(self, mistake: Mistake) -> bool:
        """Does code making ``mistake`` give the learner's answer on this case?"""
        inputs = [self.expected] if mistake in _GENERIC_MISTAKES else self.args
        wrong = _answer(mistake, inputs)
        return wrong is not None and _same(self.got, wrong, *self.tolerance)


def _later_runs(fn, cases, reference, rtol, atol, time_limit) -> list[_Run]:
    """The learner's answers on the cases after the failing one (as far as they run)."""
    runs = []
    for case in cases:
        run = _Run(case if isinstance(case, Case) else Case(case), reference, rtol, atol)
        run.got = _run_learner(fn, copy.deepcopy(run.args), run.expected, time_limit)
        if isinstance(run.got, _Stopped):
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
    if problem in ("none", "refused"):
        return None
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
    """None when ``got`` (plain data, see ``_plain``) matches ``expected``, else how it differs."""
    if got is None:
        return "none"
    if isinstance(got, _Refused):
        return "refused"
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return "parts"
        return next(
            (
                d
                for g, e in zip(got, expected, strict=True)
                if (d := _difference(g, e, rtol, atol)) is not None
            ),
            None,
        )
    if isinstance(expected, str):
        return None if got == expected else "label"
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


def _explain(problem: str, failing: _Run, all_runs: list[_Run], part: str = "") -> str:
    """Plain words for a difference no catalogued mistake explains.

    part: "Result k of n" when ``failing`` is one result of a function that returns several.
    """
    if failing.got is None and not part:
        tuple_hint = ""
        if isinstance(failing.expected, tuple):
            names = ", ".join("abcdefgh"[: len(failing.expected)])
            tuple_hint = f" It should return {len(failing.expected)} results: return {names}."
        return _PROBLEMS["none"] + tuple_hint
    if problem == "parts":
        return (
            f"It should return {len(failing.expected)} results, as a tuple "
            f"(write: return a, b{', c' if len(failing.expected) > 2 else ''})."
        )
    if isinstance(failing.expected, tuple) and isinstance(failing.got, tuple):
        k = next(
            k
            for k, (g, e) in enumerate(zip(failing.got, failing.expected, strict=True))
            if _difference(g, e, *failing.tolerance) is not None
        )
        where = f"Result {k + 1} of {len(failing.expected)}"
        if problem in ("none", "refused"):
            return _explain(problem, failing.part(k), [], part=where)
        return f"{where} is wrong. " + _explain(
            problem, failing.part(k), [run.part(k) for run in all_runs]
        )
    if problem == "none":
        return f"{part} is None: did a helper function forget `return`?"
    if problem == "refused":
        return f"{part}: {failing.got.why}" if part else failing.got.why
    if problem == "label":
        return _label_advice(failing, all_runs)
    if problem == "shape":
        got = _as_numbers(failing.got)
        assert got is not None  # "shape" is found only for an answer made of numbers
        return _shape_advice(got.shape, np.shape(failing.expected), failing.case.args)
    if problem == "values":
        ratios = [_ratio(run) for run in all_runs]
        ratio = _ratio(failing)
        wrong = [
            r
            for r, run in zip(ratios, all_runs, strict=True)
            if r is not None and not np.isclose(r, 1.0)
        ]
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


def _label_advice(failing: _Run, all_runs: list[_Run]) -> str:
    """For an answer that is a label (a str): a misspelt one, or another label."""
    labels = sorted({run.expected for run in all_runs} | {failing.expected})
    if failing.got not in labels:
        return (
            f"{failing.got!r} is not one of the answers; the labels are exact strings "
            f"({', '.join(map(repr, labels))}): check the spelling."
        )
    return "It returned another of the labels: check the condition that leads to each."


def _shape_advice(got: tuple, expected: tuple, args: Mapping[str, Any]) -> str:
    if expected == ():
        return (
            f"It should return a single number but returned an array of shape {got}: did "
            "you average along one axis only, or forget to average at all?"
        )
    same_shape_arg = next((name for name, value in args.items() if _shape(value) == expected), None)
    keep = f", the shape of {same_shape_arg}" if same_shape_arg else ""
    if int(np.prod(got)) == int(np.prod(expected)):
        return (
            f"It returned shape {got} but the answer has shape {expected}{keep}: the numbers "
            "may be right but are arranged differently (a stray reshape, or (n,) mixed with "
            "(n, 1))."
        )
    return f"It returned shape {got} but the answer has shape {expected}{keep}."


def _shape(value: Any) -> tuple | None:
    """numpy's shape of ``value``; None for what has none, such as [W, b] of two shapes."""
    try:
        return np.shape(value)
    except (TypeError, ValueError):
        return None


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


def _hint_for(exc: BaseException) -> str:
    text = _exception_text(exc)
    if isinstance(exc, ValueError) and "matmul" in text:
        return "\n" + _wrap(
            "The inner sizes of a matrix product A @ B must match (A's columns, B's rows): "
            "check each operand's shape, and which one needs a transpose."
        )
    if isinstance(exc, ValueError) and "broadcast" in text:
        return "\n" + _wrap(
            "Shapes that do not line up: check the axis= of each sum, mean or max (and "
            "keepdims=True when you subtract or divide by it), and that (n,) and (n, 1) "
            "arrays are not mixed."
        )
    return ""


def _as_numbers(value: Any) -> np.ndarray | None:
    """``value`` as a float array; None for text, refused results and anything not numeric."""
    if value is None or isinstance(value, (str, bytes, _Refused, _Stopped)):
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def _same(a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, (_Refused, _Stopped)) or isinstance(b, (_Refused, _Stopped)):
        return False
    if isinstance(b, tuple) or isinstance(a, tuple):
        return (
            isinstance(a, (tuple, list))
            and isinstance(b, (tuple, list))
            and len(a) == len(b)
            and all(_same(x, y, rtol, atol) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, str) or isinstance(b, str) or callable(a) or callable(b):
        return a is b or (type(a) is type(b) and a == b)
    a_arr, b_arr = _as_numbers(a), _as_numbers(b)
    if a_arr is None or b_arr is None:
        if isinstance(a, list) and isinstance(b, list):  # arrays of several shapes: [W, b]
            return len(a) == len(b) and all(
                _same(x, y, rtol, atol) for x, y in zip(a, b, strict=True)
            )
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
    """How a value prints in feedback: ``value`` is the checker's own data, or the
    learner's result made plain by ``_plain``."""
    if isinstance(value, _Refused):
        return value.shown
    if isinstance(value, tuple) and any(np.ndim(v) > 0 or isinstance(v, _Refused) for v in value):
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
