"""Quizzes: validated questions, self-contained and reproducible HTML, explanations per option."""

import re

import pytest
from untrusted_html import sanitize, shown, shown_text

from course_lib.quiz import Option, Question, Quiz, quiz, right, wrong


def sample():
    return quiz(
        "Check yourself",
        Question(
            "What does $\\eta$ scale in `w -= lr * grad`?",
            [
                right("The step", "the learning rate multiplies the gradient"),
                wrong("The loss", "the loss is not changed by the update rule's constant"),
            ],
        ),
        Question("Is 2 < 3?", [wrong("no", "it is"), right("yes", "2 is smaller")]),
    )


def test_html_puts_each_explanation_in_its_own_option():
    page = sample()._repr_html_()
    assert page.count('<details class="course-quiz-option"') == 4 and page.count("<summary") == 4
    assert page.count('class="course-quiz-feedback"') == 4 and " open" not in page  # all closed
    assert "a) The step</summary>" in page
    assert "Right.</strong> the learning rate multiplies the gradient" in page
    assert "Not quite.</strong> the loss is not changed" in page
    assert "\\(\\eta\\)" in page and "<code>w -= lr * grad</code>" in page  # math and code
    assert "2 &lt; 3" in page  # text is escaped
    assert "<script>" in page and "http" not in page
    assert (
        "outline:none" not in page.replace(" ", "") and 'outline = "none' not in page
    )  # focus stays visible


def test_html_is_reproducible():
    first, second = sample()._repr_html_(), sample()._repr_html_()
    assert first == second
    assert not re.search(r"id=", first)


def test_text_form_lists_the_questions():
    text = repr(sample())
    assert text.startswith("Check yourself\n1. What does") and "   b) The loss" in text


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: Question("q", [wrong("a", "x"), wrong("b", "y")]),
            "exactly one option must be correct; got 0",
        ),
        (
            lambda: Question("q", [right("a", "x"), right("b", "y")]),
            "exactly one option must be correct; got 2",
        ),
        (lambda: Question("q", [right("a", "x")]), "at least 2 options and at most 8; got 1"),
        (
            lambda: Question("", [right("a", "x"), wrong("b", "y")]),
            "prompt must be a non-empty string",
        ),
        (
            lambda: Question("q", [right("a", " "), wrong("b", "y")]),
            "every option needs an explanation",
        ),
        (lambda: Quiz("t", ()), "at least one question"),
        (
            lambda: quiz(
                "t", Question("costs $5", [right("a", "x"), wrong("b", "y")])
            )._repr_html_(),
            "unbalanced \\$",
        ),
    ],
)
def test_bad_questions_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()


OK = [right("a", "x"), wrong("b", "y")]


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: quiz(None, Question("q", OK)), TypeError, r"title must be a string; got None"),
        (lambda: quiz("  ", Question("q", OK)), ValueError, r"title must be a non-empty string"),
        (lambda: quiz("t has `code", Question("q", OK)), ValueError, r"title has an unbalanced `"),
        (lambda: quiz("t"), ValueError, r"a quiz needs at least one question"),
        (lambda: quiz("t", "q"), TypeError, r"questions\[0\] must be a Question; got 'q'"),
        (lambda: Quiz("t", Question("q", OK)), TypeError, r"questions must be a list of Question"),
        (lambda: Question("costs $5", OK), ValueError, r"prompt has an unbalanced \$"),
        (lambda: Question(None, OK), TypeError, r"prompt must be a string; got None"),
        (lambda: Question(r"$\eta", OK), ValueError, r"prompt has an unbalanced \$"),
        (lambda: Question("q", None), TypeError, r"options must be a list of options"),
        (lambda: Question("q", right("a", "x")), TypeError, r"options must be a list of options"),
        (
            lambda: Question("q", [right("a", "x"), "b"]),
            TypeError,
            r"options\[1\] must be an Option",
        ),
        (
            lambda: Question("q", [right("a", "x")] + [wrong(str(k), "y") for k in range(8)]),
            ValueError,
            r"at least 2 options and at most 8; got 9",
        ),
        (lambda: right(None, "x"), TypeError, r"text must be a string; got None"),
        (lambda: right("$x", "x"), ValueError, r"text has an unbalanced \$"),
        (lambda: wrong("b", None), TypeError, r"explanation must be a string; got None"),
        (lambda: wrong("b", "costs $5"), ValueError, r"explanation has an unbalanced \$"),
        (lambda: Option("b", 1, "y"), TypeError, r"correct must be True or False; got 1"),
    ],
)
def test_malformed_quiz_input_is_rejected_at_construction_naming_the_argument(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_a_dollar_inside_code_and_paired_math_are_accepted():
    page = quiz("t", Question("Is `$HOME` a path, and is $x$ math?", OK))._repr_html_()
    assert "<code>$HOME</code>" in page and "\\(x\\)" in page


# --- A freshly opened, untrusted notebook: no script, and JupyterLab's sanitizer ---


def test_untrusted_quiz_shows_the_options_and_no_feedback():
    tree = sanitize(sample()._repr_html_())
    text = shown_text(tree)
    for option in ("a) The step", "b) The loss", "a) no", "b) yes"):
        assert option in text
    assert "Right." not in text and "Not quite." not in text
    assert "multiplies the gradient" not in text and "2 is smaller" not in text


def test_untrusted_quiz_keeps_each_explanation_behind_its_own_summary():
    tree = sanitize(sample()._repr_html_())
    feedback = [e for e in tree.find_all("div") if e.attrs.get("class") == "course-quiz-feedback"]
    assert len(feedback) == 4
    options = list(tree.find_all("details"))
    assert len(options) == 4
    for option in options:
        elements = [c for c in option.children if not isinstance(c, str)]
        assert [e.tag for e in elements] == ["summary", "div"]  # the option opens its own feedback
        inside = [
            e for e in option.find_all("div") if e.attrs.get("class") == "course-quiz-feedback"
        ]
        assert len(inside) == 1 and inside[0].text().startswith(("Right.", "Not quite."))
    shown_classes = [e.attrs.get("class") for e in shown(tree) if not isinstance(e, str)]
    assert "course-quiz-feedback" not in shown_classes


def test_untrusted_model_catches_feedback_outside_details():
    # The checks above can fail: the old quiz (feedback divs hidden by an attribute the
    # sanitizer strips) shows every verdict in this model.
    old = (
        '<div class="course-quiz-question"><button data-option="0">a) x</button>'
        '<div class="course-quiz-feedback" data-option="0" hidden><strong>Right.</strong> y</div>'
        "<script>var x = 1;</script></div>"
    )
    text = shown_text(sanitize(old))
    assert "Right. y" in text and "var x" not in text


# --- Where the script runs (the website, a trusted notebook): a real browser ---


# `browser_page` (a page in Debian's Chromium) comes from tests/conftest.py.


def test_quiz_script_opens_one_option_at_a_time(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    question = page.locator(".course-quiz-question").first
    feedback = question.locator(".course-quiz-feedback")
    assert question.locator(".course-quiz-feedback:visible").count() == 0
    question.locator("summary").last.click()
    assert feedback.last.is_visible() and feedback.last.inner_text().startswith("Not quite.")
    question.locator("summary").first.click()
    assert question.locator(".course-quiz-feedback:visible").count() == 1
    assert feedback.first.inner_text().startswith("Right.")
    question.locator("summary").first.click()  # choosing it again keeps it chosen
    assert feedback.first.is_visible()


def test_quiz_options_work_from_the_keyboard_with_a_visible_focus(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    page.keyboard.press("Tab")
    summary = page.locator("summary").first
    assert summary.evaluate("s => s === document.activeElement")
    assert summary.evaluate("s => getComputedStyle(s).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.locator(".course-quiz-feedback").first.is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator(".course-quiz-feedback:visible").count() == 1
    assert page.locator(".course-quiz-feedback").nth(1).is_visible()
