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
    assert page.count('class="course-quiz-feedback course-quiz-') == 4
    assert " open" not in page  # all closed
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


def _is_feedback(element) -> bool:
    return "course-quiz-feedback" in (element.attrs.get("class") or "").split()


def test_untrusted_quiz_keeps_each_explanation_behind_its_own_summary():
    tree = sanitize(sample()._repr_html_())
    feedback = [e for e in tree.find_all("div") if _is_feedback(e)]
    assert len(feedback) == 4
    options = list(tree.find_all("details"))
    assert len(options) == 4
    for option in options:
        elements = [c for c in option.children if not isinstance(c, str)]
        assert [e.tag for e in elements] == ["summary", "div"]  # the option opens its own feedback
        inside = [e for e in option.find_all("div") if _is_feedback(e)]
        assert len(inside) == 1 and inside[0].text().startswith(("Right.", "Not quite."))
    assert not [e for e in shown(tree) if not isinstance(e, str) and _is_feedback(e)]


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


def _score(page) -> str:
    return page.locator(".course-quiz-score").inner_text()


def test_the_chosen_option_is_marked_by_a_label_and_a_ring_not_only_an_outline(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    summaries = page.locator(".course-quiz-question").first.locator("summary")
    summaries.last.click()
    assert summaries.last.inner_text().endswith("Your answer")
    assert summaries.last.evaluate("s => getComputedStyle(s).boxShadow") != "none"
    assert "Your answer" not in summaries.first.inner_text()
    summaries.first.click()  # another choice moves the mark
    assert summaries.first.inner_text().endswith("Your answer")
    assert "Your answer" not in summaries.last.inner_text()
    assert summaries.last.evaluate("s => getComputedStyle(s).boxShadow") == "none"
    assert page.locator(".course-quiz-chosen").count() == 1


def test_the_score_counts_right_answers_and_try_again_clears_them(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    assert _score(page) == "Score: 0 of 2 right so far; 2 questions to go."
    questions = page.locator(".course-quiz-question")
    questions.nth(0).locator("summary").first.click()  # right
    assert _score(page) == "Score: 1 of 2 right so far; 1 question to go."
    questions.nth(1).locator("summary").first.click()  # wrong
    assert _score(page) == "Score: 1 of 2 right."
    questions.nth(1).locator("summary").last.click()  # changing an answer changes the score
    assert _score(page) == "Score: 2 of 2 right."
    page.get_by_role("button", name="Try again").click()
    assert _score(page) == "Score: 0 of 2 right so far; 2 questions to go."
    assert page.locator("details[open], .course-quiz-chosen, .course-quiz-yours").count() == 0
    assert page.locator("summary").first.evaluate("s => s === document.activeElement")


def test_each_verdict_is_announced_in_a_polite_live_region(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    live = page.locator(".course-quiz [aria-live]")
    assert live.count() == 1 and live.get_attribute("aria-live") == "polite"
    assert live.inner_text() == ""  # present, and empty, before the first change
    page.locator(".course-quiz-question").nth(0).locator("summary").last.click()
    assert (
        live.text_content()
        == "Question 1, answer b: Not quite. 0 of 2 right so far; 1 question to go."
    )
    page.locator(".course-quiz-question").nth(1).locator("summary").last.click()
    assert live.text_content() == "Question 2, answer b: Right. 1 of 2 right."


def test_options_keep_their_focus_ring_after_a_click(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    page.locator("summary").first.click()
    page.keyboard.press("Tab")
    summary = page.locator("summary").nth(1)
    assert summary.evaluate("s => s === document.activeElement")
    assert summary.evaluate("s => getComputedStyle(s).outlineStyle") != "none"
    assert summary.evaluate("s => parseFloat(getComputedStyle(s).outlineWidth)") >= 1
    page.keyboard.press("Space")
    assert summary.inner_text().endswith("Your answer")


def test_the_quiz_reports_and_restores_its_answers(browser_page):
    page = browser_page
    page.set_content(f"<body>{sample()._repr_html_()}</body>")
    page.evaluate(
        "() => { window.changes = 0; document.addEventListener("
        "'course-quiz-change', () => { window.changes += 1; }); }"
    )
    quiz = page.locator(".course-quiz")
    assert quiz.evaluate("q => q.courseQuiz.answers()") == [-1, -1]
    page.locator(".course-quiz-question").nth(1).locator("summary").last.click()
    assert quiz.evaluate("q => q.courseQuiz.answers()") == [-1, 1]
    quiz.evaluate("q => q.courseQuiz.restore([1, 7])")  # 7: no such option, so no answer
    assert quiz.evaluate("q => q.courseQuiz.answers()") == [1, -1]
    assert page.locator("details[open]").count() == 1
    assert page.locator(".course-quiz-chosen summary").inner_text().startswith("b) The loss")
    assert _score(page) == "Score: 0 of 2 right so far; 1 question to go."
    assert page.evaluate("window.changes") == 2


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_inline_colours_read_on_light_and_dark_backgrounds():
    # JupyterLab's light and dark themes (#ffffff, #111111, #1e1e1e) and the site's dark
    # background (#14181e): borders of controls and verdict bars need 3:1 (WCAG 1.4.11).
    page = sample()._repr_html_()
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}\b", page))
    assert colours and not re.findall(r"#[0-9A-Fa-f]{3}\b", page)  # no short forms unchecked
    for colour in colours:
        for background in ("#ffffff", "#111111", "#1e1e1e", "#14181e"):
            assert _contrast(colour, background) >= 3, (colour, background)
