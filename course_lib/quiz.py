"""Self-check quizzes that work on the static website, with no kernel.

A ``Quiz`` is a list of multiple-choice ``Question``s. Every option carries
its own explanation, so a wrong answer is answered with what is wrong about
it (the misconception it stands for), not just "no". The quiz renders as
self-contained HTML: click an option, see whether it is right and why.
Nothing is loaded from the network, and the HTML is the same on every run,
so stored notebook outputs reproduce.

Each option is a ``<details>`` element whose ``<summary>`` is the option and
whose body is the verdict and explanation. That works with no script at all:
a freshly opened, untrusted notebook in JupyterLab strips scripts, ``hidden``
and ``data-*`` attributes from stored HTML but keeps ``<details>``, so a
learner there sees only the options and opens one to see its feedback. Where
the script runs (the website, a trusted notebook) it makes the options act as
one choice: opening an option closes the one opened before, marks it "Your
answer", announces the verdict to a screen reader, and keeps a score ("3 of 5
right") with a "Try again" button. On the website, course_static/progress.js
remembers the answers across reloads.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

# Makes a question's options one choice: a click on an option (or Enter or Space on
# it, which the browser turns into a click) opens it and closes the others, even a
# second click on the open one keeps it open. The chosen option is marked by more than
# the focus ring: a "Your answer" label and a thick ring in the text's own colour. The
# script adds what only works with a script, so an untrusted notebook never shows it:
# the score ("3 of 5 right"), a "Try again" button that clears the answers, and a polite
# aria-live region that announces each verdict and the score. It finds its own quiz
# through document.currentScript, so the HTML needs no ids. The quiz element gets a
# `courseQuiz` object ({answers(), restore(answers), reset()}) and fires a bubbling
# "course-quiz-change" event on every change, for the site's progress.js to remember.
_SCRIPT = """<script>
(function () {
  var quiz = document.currentScript.parentElement;
  var questions = [].slice.call(quiz.querySelectorAll(".course-quiz-question"));
  var options = questions.map(function (question) {
    return [].slice.call(question.querySelectorAll("details.course-quiz-option"));
  });
  var chosen = questions.map(function () { return -1; });
  var footer = document.createElement("div");
  footer.className = "course-quiz-footer";
  footer.style.cssText = "display:flex;flex-wrap:wrap;align-items:center;gap:0.5em 1em;" +
    "margin:0.6em 0";
  var score = document.createElement("p");
  score.className = "course-quiz-score";
  score.style.cssText = "margin:0;font-weight:bold";
  var again = document.createElement("button");
  again.type = "button";
  again.className = "course-quiz-reset";
  again.textContent = "Try again";
  again.style.cssText = "padding:0.3em 0.9em;border:1px solid #808080;border-radius:4px;" +
    "background:transparent;color:inherit;font:inherit;cursor:pointer";
  var live = document.createElement("div");
  live.className = "course-quiz-live";
  live.setAttribute("aria-live", "polite");
  live.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;" +
    "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0";
  footer.appendChild(score);
  footer.appendChild(again);
  quiz.appendChild(footer);
  quiz.appendChild(live);

  function isRight(option) {
    return option.querySelector(".course-quiz-feedback").classList.contains("course-quiz-right");
  }
  function total() {
    var right = 0, left = 0;
    chosen.forEach(function (k, q) {
      if (k < 0) left += 1;
      else if (isRight(options[q][k])) right += 1;
    });
    var text = right + " of " + questions.length + " right";
    if (left) text += " so far; " + left + (left === 1 ? " question" : " questions") + " to go";
    return text;
  }
  function mark(option, on) {
    option.open = on;
    option.classList.toggle("course-quiz-chosen", on);
    var summary = option.querySelector("summary");
    summary.style.boxShadow = on ? "inset 0 0 0 2px currentColor" : "";
    var label = summary.querySelector(".course-quiz-yours");
    if (on && !label) {
      label = document.createElement("span");
      label.className = "course-quiz-yours";
      label.textContent = "Your answer";
      label.style.cssText = "display:inline-block;margin-left:0.6em;padding:0 0.4em;" +
        "border:1px solid currentColor;border-radius:3px;font-size:0.85em;font-weight:bold";
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(label);
    } else if (!on && label) {
      label.previousSibling.remove();
      label.remove();
    }
  }
  function show(q) {
    options[q].forEach(function (option, k) { mark(option, k === chosen[q]); });
  }
  function changed() {
    score.textContent = "Score: " + total() + ".";
    quiz.dispatchEvent(new CustomEvent("course-quiz-change", {bubbles: true}));
  }
  function choose(q, k) {
    chosen[q] = k;
    show(q);
    changed();
    var verdict = isRight(options[q][k]) ? "Right." : "Not quite.";
    live.textContent = "Question " + (q + 1) + ", answer " + "abcdefgh"[k] + ": " + verdict +
      " " + total() + ".";
  }
  options.forEach(function (row, q) {
    row.forEach(function (option, k) {
      option.querySelector("summary").addEventListener("click", function (event) {
        event.preventDefault();
        choose(q, k);
      });
    });
  });
  again.addEventListener("click", function () {
    chosen = chosen.map(function () { return -1; });
    questions.forEach(function (question, q) { show(q); });
    changed();
    live.textContent = "Answers cleared. " + total() + ".";
    options[0][0].querySelector("summary").focus();
  });
  quiz.courseQuiz = {
    answers: function () { return chosen.slice(); },
    restore: function (answers) {
      questions.forEach(function (question, q) {
        var k = answers[q];
        chosen[q] = typeof k === "number" && k >= 0 && k < options[q].length ? k : -1;
        show(q);
      });
      changed();
    },
    reset: function () { again.click(); }
  };
  score.textContent = "Score: " + total() + ".";
})();
</script>"""

# No outline is ever removed: the summaries keep the browser's focus ring. The colours work on
# a light and on a dark background alike (JupyterLab's dark theme has no stylesheet for them):
# #808080 gives a control's border 3.9:1 on white and 4.2:1 on #1e1e1e (WCAG 1.4.11 asks 3:1),
# and the verdict bars at least 3.4:1 on white and 4.3:1 on #1e1e1e (tests/test_quiz.py checks
# them). On the site course_static/course.css styles the same elements by class.
_STYLE = {
    "question": "border:1px solid #808080;border-radius:6px;padding:0.6em 1em;margin:0.8em 0",
    "option": "margin:0.3em 0",
    "summary": "padding:0.4em 0.6em;border:1px solid #808080;border-radius:4px;cursor:pointer",
    "right": "border-left:5px solid #009E73;padding:0.3em 0.7em;margin:0.4em 0",
    "wrong": "border-left:5px solid #D55E00;padding:0.3em 0.7em;margin:0.4em 0",
}


_LETTERS = "abcdefgh"  # option labels: a question has at most 8 options


@dataclass(frozen=True)
class Option:
    """One answer to a question: its text, whether it is right, and why (or why not)."""

    text: str
    correct: bool
    explanation: str

    def __post_init__(self) -> None:
        _check_text(self.text, "text")
        if not isinstance(self.correct, bool):
            raise TypeError(
                f"correct must be True or False; got {self.correct!r} for option {self.text!r}"
            )
        if isinstance(self.explanation, str) and not self.explanation.strip():
            raise ValueError(f"every option needs an explanation; {self.text!r} has none")
        _check_text(self.explanation, "explanation")


@dataclass(frozen=True)
class Question:
    """A multiple-choice question: exactly one of ``options`` (2 to 8 ``Option``s) is correct."""

    prompt: str
    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        _check_text(self.prompt, "prompt")
        if isinstance(self.options, (str, Option)) or not isinstance(self.options, (list, tuple)):
            raise TypeError(
                f"options must be a list of options, right(...) and wrong(...); got "
                f"{type(self.options).__name__} for {self.prompt!r}"
            )
        object.__setattr__(self, "options", tuple(self.options))
        for k, option in enumerate(self.options):
            if not isinstance(option, Option):
                raise TypeError(
                    f"options[{k}] must be an Option, made by right(...) or wrong(...); "
                    f"got {option!r}"
                )
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(
                f"a question needs at least 2 options and at most {len(_LETTERS)}; "
                f"got {len(self.options)} for {self.prompt!r}"
            )
        right = sum(option.correct for option in self.options)
        if right != 1:
            raise ValueError(f"exactly one option must be correct; got {right} for {self.prompt!r}")


def right(text: str, explanation: str) -> Option:
    """The correct option, with why it is right."""
    return Option(text, True, explanation)


def wrong(text: str, explanation: str) -> Option:
    """A wrong option, with the misconception it stands for."""
    return Option(text, False, explanation)


@dataclass(frozen=True)
class Quiz:
    """A titled list of questions; displays as an interactive, kernel-free quiz."""

    title: str
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        _check_text(self.title, "title")
        if isinstance(self.questions, (str, Question)) or not isinstance(
            self.questions, (list, tuple)
        ):
            raise TypeError(
                f"questions must be a list of Question; got {type(self.questions).__name__}"
            )
        object.__setattr__(self, "questions", tuple(self.questions))
        if not self.questions:
            raise ValueError("a quiz needs at least one question; got questions=()")
        for k, question in enumerate(self.questions):
            if not isinstance(question, Question):
                raise TypeError(f"questions[{k}] must be a Question; got {question!r}")

    def __repr__(self) -> str:
        lines = [self.title]
        for number, question in enumerate(self.questions, start=1):
            lines.append(f"{number}. {question.prompt}")
            lines += [
                f"   {_LETTERS[k]}) {option.text}" for k, option in enumerate(question.options)
            ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # mathjax_process: JupyterLab's MathJax typesets the \( \) math of marked outputs only;
        # on the site, _ext/course_math.py renders it with KaTeX at build time.
        # data-quiz-key names this quiz's questions and options (not its explanations), so that
        # the site remembers answers per quiz and forgets them when the quiz changes.
        key = hashlib.sha256(repr(self).encode()).hexdigest()[:16]
        parts = [
            (
                f'<div class="course-quiz mathjax_process" role="group" '
                f'aria-label="{html.escape(self.title)}" data-quiz-key="{key}">'
            ),
            (
                f"<p><strong>{html.escape(self.title)}</strong> "
                "<em>Choose an answer to see whether it is right, and why.</em></p>"
            ),
        ]
        for number, question in enumerate(self.questions, start=1):
            parts.append(f'<div class="course-quiz-question" style="{_STYLE["question"]}">')
            parts.append(f"<p><strong>{number}.</strong> {_text(question.prompt)}</p>")
            for k, option in enumerate(question.options):
                verdict = "Right." if option.correct else "Not quite."
                kind = "right" if option.correct else "wrong"
                parts += [
                    f'<details class="course-quiz-option" style="{_STYLE["option"]}">',
                    (
                        f'<summary style="{_STYLE["summary"]}">'
                        f"{_LETTERS[k]}) {_text(option.text)}</summary>"
                    ),
                    (
                        f'<div class="course-quiz-feedback course-quiz-{kind}" '
                        f'style="{_STYLE[kind]}">'
                        f"<strong>{verdict}</strong> {_text(option.explanation)}</div>"
                    ),
                    "</details>",
                ]
            parts.append("</div>")
        parts.append(_SCRIPT)
        parts.append("</div>")
        return "\n".join(parts)


def _check_text(text: object, name: str) -> None:
    """Raise unless ``text`` is a non-empty string whose `code` and $math$ marks come in pairs."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string; got {text!r} of type {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{name} must be a non-empty string; got {text!r}")
    pieces = text.split("`")
    if len(pieces) % 2 == 0:
        raise ValueError(f"{name} has an unbalanced ` (an odd number of backticks): {text!r}")
    for piece in pieces[::2]:  # outside `code`
        if piece.count("$") % 2:
            raise ValueError(
                f"{name} has an unbalanced $ (an odd number outside `code`; write a dollar sign "
                f"as `$`): {text!r}"
            )


def _text(text: str) -> str:
    """Escape HTML; turn `code` into <code> and $math$ into \\( math \\) for MathJax and KaTeX.

    The backticks and dollars come in pairs: ``_check_text`` checked them.
    """
    pieces = html.escape(text, quote=False).split("`")
    return "".join(
        f"<code>{piece}</code>" if k % 2 else _math(piece) for k, piece in enumerate(pieces)
    )


def _math(text: str) -> str:
    pieces = text.split("$")
    return "".join(f"\\({piece}\\)" if k % 2 else piece for k, piece in enumerate(pieces))


def quiz(title: str, *questions: Question) -> Quiz:
    """Build a ``Quiz``: ``quiz("Check yourself", Question(...), ...)``."""
    return Quiz(title, tuple(questions))
