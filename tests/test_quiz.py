"""Quizzes: validated questions, self-contained and reproducible HTML, explanations per option."""

import re

import pytest

from course_lib.quiz import Question, Quiz, quiz, right, wrong


def sample():
    return quiz(
        "Check yourself",
        Question("What does $\\eta$ scale in `w -= lr * grad`?", [
            right("The step", "the learning rate multiplies the gradient"),
            wrong("The loss", "the loss is not changed by the update rule's constant"),
        ]),
        Question("Is 2 < 3?", [wrong("no", "it is"), right("yes", "2 is smaller")]),
    )


def test_html_has_every_option_and_hides_every_explanation():
    page = sample()._repr_html_()
    assert page.count("<button") == 4 and page.count('class="course-quiz-feedback"') == 4
    assert page.count(" hidden ") == 4  # nothing is revealed before a click
    assert "Right.</strong> the learning rate multiplies the gradient" in page
    assert "Not quite.</strong> the loss is not changed" in page
    assert "\\(\\eta\\)" in page and "<code>w -= lr * grad</code>" in page  # math and code
    assert "2 &lt; 3" in page  # text is escaped
    assert "<script>" in page and "http" not in page


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
        (lambda: Question("q", [wrong("a", "x"), wrong("b", "y")]), "exactly one option must be correct; got 0"),
        (lambda: Question("q", [right("a", "x"), right("b", "y")]), "exactly one option must be correct; got 2"),
        (lambda: Question("q", [right("a", "x")]), "at least 2 options; got 1"),
        (lambda: Question("", [right("a", "x"), wrong("b", "y")]), "prompt must be a non-empty string"),
        (lambda: Question("q", [right("a", " "), wrong("b", "y")]), "every option needs an explanation"),
        (lambda: Quiz("t", ()), "at least one question"),
        (lambda: quiz("t", Question("costs $5", [right("a", "x"), wrong("b", "y")]))._repr_html_(), "unbalanced \\$"),
    ],
)
def test_bad_questions_are_rejected(make, message):
    with pytest.raises(ValueError, match=message):
        make()
