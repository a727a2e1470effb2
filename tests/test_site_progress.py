"""A learner's progress on the built site (course_static/progress.js), in a real browser.

The quiz on a chapter keeps a score and has a "Try again" button; the options chosen and the
solutions opened come back after a reload; the sidebar marks, visibly and in the link's name,
the chapters whose quiz is fully answered. All of it is kept in localStorage under one
course-named key, works from the keyboard alone, and fails quietly (no console error, the page
still works) when storage is blocked, full or holds garbage.
"""

from __future__ import annotations

import json
import re

import pytest
from site_support import DESKTOP, NOTEBOOK_CHAPTERS, PHONE

KEY_PREFIX = "how-neural-networks-learn:progress:"


@pytest.fixture(scope="module")
def chapters():
    if len(NOTEBOOK_CHAPTERS) < 2:
        pytest.fail("the site has fewer than two chapters with a quiz: build it first")
    return NOTEBOOK_CHAPTERS[0], NOTEBOOK_CHAPTERS[1]


class Tab:
    """A browser context (its own localStorage) with one page, recording every error."""

    def __init__(self, browser, site, viewport=DESKTOP, init_script=None):
        self.site = site
        self.context = browser.new_context(viewport=viewport)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        # Each error with where it came from: the script's address (or its stack).
        self.errors: list[tuple[str, str]] = []
        self.page.on("pageerror", lambda error: self.errors.append((str(error), error.stack)))
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append((m.text, m.location["url"])),
        )

    def open(self, page_path: str):
        self.page.goto(f"{self.site}/{page_path}", wait_until="load")
        self.settle()
        return self.page

    def reload(self):
        self.page.reload(wait_until="load")
        self.settle()
        return self.page

    def settle(self):
        # progress.js starts just after DOMContentLoaded; the quiz script sets the score at once.
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.course-quiz')].every(q => q.courseQuiz)"
        )
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 0))")

    def stored(self) -> dict:
        return self.page.evaluate(
            "() => Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage[k]]))"
        )

    def close(self):
        self.context.close()


@pytest.fixture
def tab(browser, site):
    opened: list[Tab] = []

    def make(**options) -> Tab:
        opened.append(Tab(browser, site, **options))
        return opened[-1]

    yield make
    for t in opened:
        t.close()


def choose_by_keyboard(page, question: int, option: int) -> None:
    """Focus the option with Tab and Shift+Tab only, from the quiz's first option, then Enter."""
    summaries = page.locator(".course-quiz summary")
    target = page.locator(".course-quiz-question").nth(question).locator("summary").nth(option)
    index = summaries.evaluate_all("(all, t) => all.indexOf(t)", target.element_handle())
    summaries.first.focus()
    for _ in range(index):
        page.keyboard.press("Tab")
    assert target.evaluate("s => s === document.activeElement")
    page.keyboard.press("Enter")


def chosen(page) -> list[int]:
    return page.locator(".course-quiz").first.evaluate("q => q.courseQuiz.answers()")


def score(page) -> str:
    return page.locator(".course-quiz-score").first.inner_text()


def test_a_quiz_shows_a_score_and_try_again_clears_it(tab, chapters):
    t = tab()
    page = t.open(chapters[0])
    n = page.locator(".course-quiz-question").count()
    assert score(page) == f"Score: 0 of {n} right so far; {n} questions to go."
    for q in range(n):
        choose_by_keyboard(page, q, 0)
    right = sum(
        page.locator(".course-quiz-question")
        .nth(q)
        .locator("details")
        .first.locator(".course-quiz-right")
        .count()
        for q in range(n)
    )
    assert score(page) == f"Score: {right} of {n} right."
    again = page.get_by_role("button", name="Try again")
    again.focus()
    page.keyboard.press("Enter")
    assert score(page) == f"Score: 0 of {n} right so far; {n} questions to go."
    assert page.locator(".course-quiz details[open]").count() == 0
    assert not t.errors


def test_chosen_options_come_back_after_a_reload(tab, chapters):
    t = tab()
    page = t.open(chapters[0])
    choose_by_keyboard(page, 0, 1)
    choose_by_keyboard(page, 2, 0)
    before, before_score = chosen(page), score(page)
    assert before[:3] == [1, -1, 0]
    page = t.reload()
    assert chosen(page) == before and score(page) == before_score
    marked = page.locator(".course-quiz-chosen summary")
    assert marked.count() == 2 and all("Your answer" in s for s in marked.all_inner_texts())
    assert page.locator(".course-quiz details[open]").count() == 2
    # "Try again" is remembered too.
    page.get_by_role("button", name="Try again").click()
    page = t.reload()
    assert set(chosen(page)) == {-1}
    # Another chapter keeps its own answers.
    page = t.open(chapters[1])
    assert set(chosen(page)) == {-1}
    assert not t.errors


def test_opened_solutions_come_back_after_a_reload(tab, chapters):
    t = tab()
    page = t.open(chapters[0])
    solutions = page.locator(".solution.dropdown")
    assert solutions.count() >= 2
    first = solutions.nth(1)
    button = first.locator(".toggle-button")
    button.focus()
    page.keyboard.press("Enter")
    assert "toggle-hidden" not in first.get_attribute("class")
    page = t.reload()
    assert "toggle-hidden" not in first.get_attribute("class")
    first.locator(".admonition-title + *, section").first.wait_for(state="visible")
    others = [solutions.nth(k) for k in range(solutions.count()) if k != 1]
    assert all("toggle-hidden" in s.get_attribute("class") for s in others)
    first.locator(".toggle-button").click()  # closed again: stays closed
    assert "toggle-hidden" in first.get_attribute("class")
    page = t.reload()
    assert "toggle-hidden" in first.get_attribute("class")
    assert not t.errors


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_sidebar_marks_chapters_whose_quiz_is_done(tab, chapters, viewport):
    t = tab(viewport=viewport)
    done, other = chapters
    page = t.open(done)
    n = page.locator(".course-quiz-question").count()
    for q in range(n - 1):
        choose_by_keyboard(page, q, 0)
    marked = page.locator(".bd-sidebar-primary a.reference.internal:has(.course-quiz-done-mark)")
    assert marked.count() == 0  # one question left
    choose_by_keyboard(page, n - 1, 1)
    assert marked.count() == 1
    page = t.open(other)
    assert marked.count() == 1
    assert marked.get_attribute("href").endswith(done.rsplit("/", 1)[-1])
    if viewport == PHONE:  # the chapter list is behind the menu button
        page.locator(".primary-toggle:visible").click()
    mark = marked.locator(".course-quiz-done-mark")
    mark.wait_for(state="visible")
    assert mark.inner_text().endswith("quiz done")
    # The link's accessible name says it, for a screen reader too.
    named = page.locator(".bd-sidebar-primary").get_by_role("link", name=re.compile("quiz done$"))
    assert named.count() == 1 and named.get_attribute("href") == marked.get_attribute("href")
    # Trying the quiz again takes the mark away.
    page = t.open(done)
    page.get_by_role("button", name="Try again").click()
    assert marked.count() == 0
    assert not t.errors


def test_progress_is_kept_under_one_course_key(tab, chapters):
    t = tab()
    page = t.open(chapters[0])
    choose_by_keyboard(page, 1, 0)
    ours = {k: v for k, v in t.stored().items() if k.startswith(KEY_PREFIX)}
    assert len(ours) == 1
    data = json.loads(next(iter(ours.values())))
    (entry,) = data["pages"].values()
    assert list(data["pages"]) == [chapters[0]]
    (answers,) = entry["quizzes"].values()
    assert answers[1] == 0 and entry["done"] is False
    others = set(t.stored()) - set(ours)
    assert others <= {"mode", "theme"}, others  # the theme's own keys, nothing else of ours


BLOCKED = """Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); }
});"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""
GARBAGE = """localStorage.setItem("how-neural-networks-learn:progress:/", "{not json");"""


def _use_the_page(t: Tab, page_path: str) -> list[str]:
    page = t.open(page_path)
    choose_by_keyboard(page, 0, 1)
    assert chosen(page)[0] == 1
    assert "Your answer" in page.locator(".course-quiz-chosen summary").inner_text()
    solution = page.locator(".solution.dropdown").first
    solution.locator(".toggle-button").click()
    assert "toggle-hidden" not in solution.get_attribute("class")
    page = t.reload()
    return sorted(text for text, _ in t.errors)


@pytest.mark.parametrize("storage", [BLOCKED, FULL, GARBAGE], ids=["blocked", "full", "unreadable"])
def test_without_working_storage_the_quiz_still_works_and_nothing_throws(tab, chapters, storage):
    with_progress = _use_the_page(tab(init_script=storage), chapters[0])
    # The same without progress.js: pydata-sphinx-theme's own use of localStorage (for its colour
    # mode) fails too, and is not progress.js's doing. progress.js must add no error of its own.
    t = tab(init_script=storage)
    t.context.route(
        "**/_static/progress.js*",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    without = _use_the_page(t, chapters[0])
    assert with_progress == without
