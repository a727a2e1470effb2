"""The built website in a real browser: offline, error-free, and every interactive part working.

These tests drive Debian's Chromium (``/usr/bin/chromium``) with Playwright over
the site in ``_build/html``, served on 127.0.0.1. ``make test`` builds the site
first; run ``make book`` before running this file alone. For every page they
check that nothing is requested from outside the machine, nothing fails to load,
the console stays free of errors, math is rendered (KaTeX, at build time), figures have
alt text, and the page itself (HTML, figures, slider frames) weighs at most 3 MB, besides
the theme and KaTeX files that every page shares; then they drive each static slider,
solution dropdown and quiz. A screenshot of the top of every page goes to
``tests/screenshots/`` (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from site_support import (
    CHAPTERS,
    DESKTOP,
    NOTEBOOK_CHAPTERS,
    PAGES,
    PHONE,
    SCREENSHOTS,
    SITE,
    visit,
)

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGE_BYTES = 3 * 1024 * 1024  # the page itself: its HTML, figures and slider frames
MAX_SHARED_BYTES = 1536 * 1024  # theme, icons, KaTeX: the same on every page, cached


class Visit:
    """One page load, with everything the browser asked for and complained about."""

    def __init__(self, browser, site: str, page_path: str):
        self.site = site
        self.page = browser.new_page(viewport=DESKTOP)
        self.requests, self.failed, self.errors = [], [], []
        self.page_bytes, self.shared_bytes = 0, 0
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "requestfailed",
            lambda request: self.failed.append(f"{request.url} ({request.failure})"),
        )
        self.page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", self._count)
        visit(self.page, site, page_path, "networkidle")
        # The math is rendered when the book is built (KaTeX): nothing typesets after load.

    def _count(self, response) -> None:
        size = int(response.headers.get("content-length", 0))
        path = response.url.removeprefix(self.site)
        if path.startswith(("/_static/", "/searchindex.js")):
            self.shared_bytes += size
        else:
            self.page_bytes += size

    def outside(self) -> list[str]:
        local = (self.site, "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(local)]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def visits(browser, site):
    opened: dict[str, Visit] = {}

    def visit(page_path: str) -> Visit:
        if page_path not in opened:
            opened[page_path] = Visit(browser, site, page_path)
        return opened[page_path]

    yield visit
    for v in opened.values():
        v.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_offline_without_errors(visits, page_path):
    visit = visits(page_path)
    assert visit.outside() == [], "requests leaving the machine"
    assert visit.failed == [], "requests that failed"
    assert visit.errors == [], "console errors"
    font_awesome = [u for u in visit.requests if "fontawesome" in u.lower() or "/webfonts/" in u]
    assert font_awesome == [], "Font Awesome requested (_ext/course_assets.py draws the icons)"
    SCREENSHOTS.mkdir(exist_ok=True)
    visit.page.screenshot(
        path=str(SCREENSHOTS / (page_path.replace("/", "_") + ".png")), full_page=False
    )


def test_font_awesome_is_not_shipped():
    """The icons are CSS masks (_ext/course_assets.py): the theme's 4 MB of Font Awesome
    script and web fonts, which no page requests, are not part of the site."""
    static = SITE / "_static"
    assert (static / "course-icons.css").exists()
    assert not list(static.glob("scripts/fontawesome.js*"))
    assert not (static / "vendor" / "fontawesome").exists()


@pytest.mark.parametrize("page_path", PAGES)
def test_page_weight(visits, page_path):
    visit = visits(page_path)
    assert 0 < visit.page_bytes <= MAX_PAGE_BYTES, "the page's own HTML, figures and frames"
    assert visit.shared_bytes <= MAX_SHARED_BYTES, "theme and KaTeX assets, shared by all pages"


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_math_is_typeset(visits, page_path):
    # Rendered at build time by KaTeX (tests/test_site_math.py checks it in depth).
    page = visits(page_path).page
    text = page.inner_text("main")
    assert "\\(" not in text and "\\[" not in text, "raw LaTeX left on the page"
    assert page.locator(".katex").count() > 0, "no rendered formula on a page with math"
    assert page.locator("mjx-container").count() == 0, "MathJax typeset in the browser"


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_image_has_alt_text(visits, page_path):
    missing = visits(page_path).page.evaluate(
        "() => [...document.querySelectorAll('main img')].filter(i => !(i.alt || '').trim())"
        ".map(i => i.src.slice(0, 80))"
    )
    assert missing == []


@pytest.mark.parametrize("page_path", NOTEBOOK_CHAPTERS)
def test_static_sliders_change_their_frame(visits, page_path):
    page = visits(page_path).page
    sliders = page.locator(".course-slider")
    assert sliders.count() >= 1, "every chapter has at least one slider"
    for k in range(sliders.count()):
        slider = sliders.nth(k)
        before = slider.evaluate(
            "s => [s.querySelector('img:not([hidden])').src, s.querySelector('output').textContent]"
        )
        target = slider.evaluate(
            "s => { const r = s.querySelector('input');"
            " const k = (Number(r.value) + 1) % (Number(r.max) + 1);"
            " r.value = k; r.dispatchEvent(new Event('input')); return k; }"
        )
        after = slider.evaluate(
            "s => [s.querySelector('img:not([hidden])').src, s.querySelector('output').textContent]"
        )
        assert after != before, f"slider {k} did not change when moved to position {target}"
        assert slider.locator("img:not([hidden])").count() == 1
        said = slider.locator("input").get_attribute("aria-valuetext")
        assert said.endswith(f" = {after[1]}"), f"slider {k} tells a screen reader {said!r}"


@pytest.mark.parametrize("page_path", NOTEBOOK_CHAPTERS)
def test_solutions_are_hidden_until_opened(visits, page_path):
    page = visits(page_path).page
    solutions = page.locator(".solution.dropdown")
    assert solutions.count() >= 3, "every chapter has at least three hidden solutions"
    for k in range(solutions.count()):
        solution = solutions.nth(k)
        body = solution.locator("section").first
        assert not body.is_visible(), f"solution {k} is visible before it is opened"
        solution.locator("button.toggle-button").click()
        body.wait_for(state="visible")
        assert "toggle-hidden" not in solution.get_attribute("class")


@pytest.mark.parametrize("page_path", NOTEBOOK_CHAPTERS)
def test_quiz_answers_when_clicked(visits, page_path):
    page = visits(page_path).page
    questions = page.locator(".course-quiz-question")
    assert 4 <= questions.count() <= 6, "each chapter ends with a quiz of 4 to 6 questions"
    for k in range(questions.count()):
        question = questions.nth(k)
        assert question.locator(".course-quiz-feedback:visible").count() == 0
        question.locator("summary").last.click()
        shown = question.locator(".course-quiz-feedback:visible")
        assert shown.count() == 1 and shown.inner_text().startswith(("Right.", "Not quite."))


@pytest.mark.parametrize("page_path", NOTEBOOK_CHAPTERS)
def test_launch_buttons_are_present(visits, page_path):
    page = visits(page_path).page
    assert page.locator("a[href*='mybinder.org']").count() >= 1
    assert page.locator("a[href*='colab.research.google.com']").count() >= 1


@pytest.mark.parametrize("page_path", PAGES)
def test_links_between_chapters_stay_on_this_site(visits, page_path):
    """The notebooks link to each other by the published address (so that Colab can follow the
    links); the build (_ext/site_links.py) must have made every such link a link within the site."""
    page = visits(page_path).page
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    owner, name = repository.rstrip("/").split("/")[-2:]
    ours = f"https://{owner.lower()}.github.io/{name}/"  # other sites' addresses may remain
    published = page.evaluate(
        "(ours) => [...document.querySelectorAll('main a')].map(a => a.href)"
        ".filter(href => href.startsWith(ours))",
        ours,
    )
    assert published == []


@pytest.mark.parametrize("page_path", ["book/intro.html", "book/one-neuron.html"])
def test_the_menu_button_opens_the_chapter_list_on_a_phone(browser, site, page_path):
    """At 390 px the visible menu button opens the chapter list (pydata-sphinx-theme#2451 bound
    only a hidden button; course_static/sidebar-toggles.js forwards the visible one's clicks)."""
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        visit(page, site, page_path)
        visible = page.locator(".primary-toggle:visible")
        assert visible.count() == 1, "one menu button is visible on a phone"
        chapter_link = page.locator("#pst-primary-sidebar-modal a[href*='loss-functions']")
        assert not chapter_link.first.is_visible(), "the chapter list starts closed"
        visible.click()
        chapter_link.first.wait_for(state="visible", timeout=5000)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone-menu-{page_path.replace('/', '_')}.png"))
        page.keyboard.press("Escape")
        chapter_link.first.wait_for(state="hidden", timeout=5000)
        assert errors == []
    finally:
        page.close()


def test_the_menu_button_hides_and_shows_the_sidebar_on_a_desktop(browser, site):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{site}/book/one-neuron.html", wait_until="load")
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        page.locator(".primary-toggle:visible").click()
        page.wait_for_function(
            "() => document.querySelector('#pst-primary-sidebar')"
            ".classList.contains('pst-sidebar-hidden')",
            timeout=5000,
        )
        page.locator(".primary-toggle:visible").click()
        page.wait_for_function(
            "() => !document.querySelector('#pst-primary-sidebar')"
            ".classList.contains('pst-sidebar-hidden')",
            timeout=5000,
        )
    finally:
        page.close()
