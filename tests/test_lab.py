"""The chapters in a real JupyterLab, as a learner on Binder or their own machine meets them.

One headless JupyterLab (the one pinned in requirements.txt, with jupyterlab-myst)
serves copies of a few chapters from a temporary folder, with fresh settings, and
Debian's Chromium (``/usr/bin/chromium``) drives it with Playwright. For each
chapter:

* freshly opened, untrusted (stored outputs only, scripts stripped): its MyST is
  rendered (no directive fences or options printed), no solution is visible (its
  prose collapsed, its code hidden), no quiz feedback shows before a choice, and a
  static slider shows at most one frame;
* after *Run ▸ Run All Cells*: every code cell ran, none shows an error, and a
  live slider redraws its figure when its handle is moved with the keyboard.

Screenshots go to ``tests/screenshots/lab-*.png`` (git-ignored), and three small
ones for book/how-to-use.md to ``tests/screenshots/how-to-use/``. The server is
stopped by its PID when the module ends, pass or fail.

The chapters come from ``book/``, or from the folder in ``COURSE_LAB_BOOK``
(to check notebooks executed elsewhere before they replace the committed ones).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from lab_server import lab_env, start_lab, stop

ROOT = Path(__file__).resolve().parent.parent
BOOK = Path(os.environ.get("COURSE_LAB_BOOK", ROOT / "book"))
SCREENSHOTS = ROOT / "tests" / "screenshots"
HOW_TO_USE = SCREENSHOTS / "how-to-use"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each has a quiz, static sliders, live sliders, and exercises with solutions.
CHAPTERS = ["one-neuron", "loss-functions", "update-rule"]
# The chapter whose parts become the how-to-use screenshots.
SHOWCASE = "one-neuron"

# MyST that was not rendered: a fence, a directive's name, or a directive's option line.
RAW_MYST = re.compile(
    r"```|:::|\{(?:exercise|solution|admonition|note|tip|hint|warning|important|caution|attention|"
    r"danger|error|seealso|dropdown|figure|glue|math|margin|sidebar|code-cell)[a-z-]*\}"
    r"|^\s*:(?:class|label|nonumber|hidden|name|open):",
    re.MULTILINE,
)
SOLUTION_OPENER = re.compile(r"^(`{3,}|:{3,})\{solution(-start)?\}.*$", re.MULTILINE)
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.MULTILINE)


# ---------------------------------------------------------------- reading the notebook file


def solution_parts(notebook: nbformat.NotebookNode) -> tuple[dict[int, str], dict[int, list[str]]]:
    """What a learner must not see before opening a solution, by cell index.

    Returns the prose of each markdown cell inside a solution (the text after the
    directive's opening line and options) and the lines of each code cell inside
    one, beyond its first (JupyterLab shows the first line of a collapsed cell).
    A solution is a ``solution`` directive, or the cells from ``solution-start``
    to ``solution-end``.
    """
    prose: dict[int, str] = {}
    code: dict[int, list[str]] = {}
    inside = False
    for index, cell in enumerate(notebook.cells):
        source = cell.source
        if cell.cell_type == "markdown":
            opener = SOLUTION_OPENER.search(source)
            if opener:
                body = _directive_body(
                    source[opener.end() :], opener.group(1), gated=bool(opener.group(2))
                )
                prose[index] = body
                inside = bool(opener.group(2)) and not SOLUTION_END.search(source)
            elif inside:
                end = SOLUTION_END.search(source)
                prose[index] = source[: end.start()] if end else source
                inside = not end
        elif inside and cell.cell_type == "code":
            lines = [line.strip() for line in source.splitlines() if line.strip()]
            code[index] = lines[1:]
    return {i: text for i, text in prose.items() if text.strip()}, code


def _directive_body(rest: str, fence: str, gated: bool) -> str:
    lines = rest.split("\n")[1:]
    while lines and re.match(r"^\s*:[a-z-]+:", lines[0]):  # option lines
        lines.pop(0)
    if gated and lines and lines[0].strip() == fence:  # ```{solution-start} x ... ``` then the body
        lines.pop(0)
    text = "\n".join(lines)
    if not gated:  # the body ends at the closing fence
        text = text.split("\n" + fence, 1)[0]
    return text


def words(markdown: str) -> set[str]:
    """The prose words of some markdown: no math, code or markup; long enough to be telling."""
    text = re.sub(
        r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|\{[^}]*\}|\([^)]*\.ipynb\)", " ", markdown, flags=re.DOTALL
    )
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{5,}", text)} - {
        "solution",
        "exercise",
    }


def live_slider_cells(notebook: nbformat.NotebookNode) -> list[int]:
    return [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and re.search(r"slider\([^)]*live=True", cell.source)
    ]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving fresh copies of CHAPTERS; stopped by its PID at the end."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    folder = tmp_path_factory.mktemp("lab")
    for chapter in CHAPTERS:
        shutil.copy(BOOK / f"{chapter}.ipynb", folder)
    server, url = start_lab(folder, lab_env(folder))
    try:
        yield url, folder
    finally:
        stop(server)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Chapter:
    """One chapter open in its own browser page and JupyterLab workspace (no other tab restored)."""

    count = 0

    def __init__(self, browser, lab, chapter: str):
        url, folder = lab
        Chapter.count += 1
        self.name = chapter
        self.url = url
        self.file = folder / f"{chapter}.ipynb"
        self.notebook = nbformat.read(self.file, as_version=4)
        self.page = browser.new_page(viewport={"width": 1100, "height": 1300})
        self.page.goto(f"{url}/lab/workspaces/check-{Chapter.count}/tree/{self.file.name}")
        self.panel = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        self.cells = self.panel.locator(".jp-Notebook-cell")
        self.page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')"
            ".length >= n",
            arg=len(self.notebook.cells),
            timeout=90_000,
        )
        # Rendered markdown (jupyterlab-myst typesets it after the cells attach) and outputs settle.
        self.page.wait_for_function(
            "() => { const md = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            ".jp-MarkdownCell.jp-mod-rendered'); return md.length > 0 && [...md].every("
            "c => c.querySelector('.jp-RenderedMarkdown, .myst')); }",
            timeout=60_000,
        )
        self.page.wait_for_timeout(1000)
        assert self.cells.count() == len(self.notebook.cells), (
            "every cell of the notebook is on the page"
        )
        self.ran = False

    def cell(self, index: int):
        return self.cells.nth(index)

    def visible_text(self, index: int) -> str:
        """What a reader sees of a cell: innerText skips closed <details>, display:none, hidden."""
        return self.cell(index).inner_text()

    def screenshot(self, state: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"lab-{self.name}-{state}.png"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def chapters(browser, lab):
    """Opens a chapter untrusted; the Run All test reuses the page the untrusted test looked at."""
    opened: dict[str, Chapter] = {}

    def open_chapter(chapter: str, fresh: bool = False) -> Chapter:
        if fresh or chapter not in opened or opened[chapter].ran:
            if chapter in opened:
                opened[chapter].close()
            opened[chapter] = Chapter(browser, lab, chapter)
        return opened[chapter]

    yield open_chapter
    for chapter in opened.values():
        chapter.close()


# ---------------------------------------------------------------- untrusted, as first opened


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_fresh_untrusted_open_gives_nothing_away(chapters, chapter):
    ch = chapters(chapter, fresh=True)
    ch.screenshot("untrusted")
    problems = []

    raw = []
    for index, cell in enumerate(ch.notebook.cells):
        if cell.cell_type == "markdown":
            found = RAW_MYST.findall(ch.visible_text(index))
            if found:
                raw.append(f"cell {index}: {sorted(set(found))}")
    problems += [f"raw MyST shows in {where}" for where in raw]

    prose, code = solution_parts(ch.notebook)
    assert prose and code, (
        "the chapter has solutions with prose and code (else this check proves nothing)"
    )
    for index, text in prose.items():
        seen = words(text) & words(ch.visible_text(index))
        if seen:
            problems.append(f"solution prose visible in cell {index}: {sorted(seen)[:6]}")
    for index, lines in code.items():
        shown = ch.visible_text(index)
        leaked = [line for line in lines if len(line) >= 8 and line in shown]
        if leaked:
            problems.append(f"solution code visible in cell {index}: {leaked[:2]}")

    quizzes = ch.panel.locator(".course-quiz")
    assert quizzes.count() >= 1, "the chapter's quiz is on the page"
    feedback = ch.panel.locator(".course-quiz-feedback")
    assert feedback.count() >= 8, "every quiz option carries its feedback"
    shown = [
        " ".join(feedback.nth(k).inner_text().split())[:60]
        for k in range(feedback.count())
        if feedback.nth(k).is_visible()
    ]
    problems += [f"quiz feedback visible before a choice: {text!r}" for text in shown]

    sliders = ch.panel.locator(".course-slider")
    assert sliders.count() >= 1, "the chapter has a static slider"
    for k in range(sliders.count()):
        frames = sliders.nth(k).locator("img:visible").count()
        if frames > 1:
            problems.append(f"static slider {k} shows {frames} frames at once")

    assert problems == [], "\n".join(problems)
    if chapter == SHOWCASE:  # for how-to-use.md: only from a page that passed
        shoot_exercise(ch, prose)
        shoot_quiz(ch)


# ---------------------------------------------------------------- after Run All


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_run_all_runs_clean_and_live_slider_redraws(chapters, chapter):
    ch = chapters(chapter)
    ch.ran = True
    run_all(ch)
    ch.screenshot("run-all")

    counts = saved_execution_counts(ch)
    # A fresh kernel numbers the cells of one Run All 1, 2, ... in order; a cell left out
    # (Run All stopped) has none, and a stale number from the stored file would be out of order.
    expected = dict(zip(counts, range(1, len(counts) + 1), strict=True))
    missing = [f"cell {i}: [{counts[i] or ' '}]" for i in counts if counts[i] != expected[i]]
    errors = ch.panel.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
    )
    tracebacks = [errors.nth(k).inner_text()[-300:] for k in range(errors.count())]
    stderr = ch.panel.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )
    tracebacks += [
        text[-300:]
        for text in (stderr.nth(k).inner_text() for k in range(stderr.count()))
        if "Traceback" in text or "Error" in text
    ]
    assert tracebacks == [], "error outputs after Run All:\n" + "\n---\n".join(tracebacks)
    assert missing == [], f"code cells that Run All did not run, in order: {missing[:8]}"

    cells = live_slider_cells(ch.notebook)
    assert cells, "the chapter has a live slider"
    index = cells[0]
    cell = ch.cell(index)
    handle = cell.locator(".noUi-handle")
    image = cell.locator(".widget-image, .jupyter-widget-image, img").last
    handle.wait_for(timeout=30_000)
    image.wait_for(timeout=30_000)
    cell.scroll_into_view_if_needed()
    before = image.get_attribute("src"), handle.get_attribute("aria-valuenow")
    handle.focus()
    ch.page.keyboard.press("ArrowRight")
    try:
        ch.page.wait_for_function(
            "([img, src]) => img.src !== src",
            arg=[image.element_handle(), before[0]],
            timeout=20_000,
        )
    except Exception:
        pass
    after = image.get_attribute("src"), handle.get_attribute("aria-valuenow")
    ch.screenshot("live-slider")
    assert after[1] != before[1], f"ArrowRight did not move the live slider in cell {index}"
    assert after[0] != before[0], (
        f"the live slider in cell {index} moved but did not redraw its figure"
    )
    if chapter == SHOWCASE:
        shoot_element(ch, cell.locator(".jp-OutputArea"), "live-slider-after-run-all.png")


def run_all(ch: Chapter, timeout: float = 120) -> None:
    """Run ▸ Run All Cells from the menu, then wait until the kernel has done them all."""
    ch.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    ch.page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        busy = ch.page.evaluate(
            "() => [...document.querySelectorAll("
            "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')]"
            ".some(p => p.textContent.includes('*'))"
        )
        if not busy and kernel_states(ch) == {"idle"}:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 1.5:  # idle for good, not between two cells
                ch.page.wait_for_timeout(500)  # widget views attach after their output arrives
                return
        else:
            idle_since = None
        ch.page.wait_for_timeout(250)
    pytest.fail(f"Run All did not finish within {timeout:.0f} s")


def kernel_states(ch: Chapter) -> set[str]:
    with urllib.request.urlopen(f"{ch.url}/api/sessions", timeout=5) as response:
        sessions = json.load(response)
    return {s["kernel"]["execution_state"] for s in sessions if s["path"].endswith(ch.file.name)}


def saved_execution_counts(ch: Chapter) -> dict[int, int | None]:
    """Save the notebook from JupyterLab and read each code cell's execution count from the file.

    (A cell whose source is hidden shows no prompt on the page, so the file is the record.)
    """
    before = ch.file.stat().st_mtime_ns
    ch.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^File$")).click()
    ch.page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Save Notebook$")).click()
    for _ in range(40):
        if ch.file.stat().st_mtime_ns != before:
            break
        ch.page.wait_for_timeout(250)
    saved = nbformat.read(ch.file, as_version=4)
    return {i: c.get("execution_count") for i, c in enumerate(saved.cells) if c.cell_type == "code"}


# ---------------------------------------------------------------- screenshots for how-to-use.md


def shoot_exercise(ch: Chapter, prose: dict[int, str]) -> None:
    """The first exercise, from its statement to its collapsed solution."""
    solution = min(prose)
    cells = ch.notebook.cells
    start = max(i for i in range(solution) if re.search(r"\{exercise(-start)?\}", cells[i].source))
    if start and re.fullmatch(r"#+ .*", cells[start - 1].source.strip()):
        start -= 1  # the exercise's own heading
    end = next(
        (i for i in range(solution, len(cells)) if SOLUTION_END.search(cells[i].source)),
        solution + 1,
    )
    if re.fullmatch(r"\s*(`{3,}|:{3,})\{solution-end\}\s*\1?\s*", cells[end].source):
        end -= 1  # a closing fence alone renders as an empty cell
    shoot_span(ch, ch.cell(start), ch.cell(end), "exercise-with-collapsed-solution.png")


def shoot_quiz(ch: Chapter) -> None:
    """The quiz's heading and first question, no option opened."""
    quiz = ch.panel.locator(".course-quiz").first
    shoot_span(ch, quiz, quiz.locator(".course-quiz-question").first, "quiz-before-a-choice.png")


def shoot_span(ch: Chapter, first, last, name: str) -> None:
    """A screenshot from the top of ``first`` to the bottom of ``last``, as wide as the notebook."""
    first.evaluate("e => e.scrollIntoView({block: 'start'})")
    ch.page.wait_for_timeout(300)
    top, bottom = first.bounding_box(), last.bounding_box()
    panel = ch.panel.locator(".jp-Notebook").bounding_box()
    y0 = max(top["y"] - 8, panel["y"])
    HOW_TO_USE.mkdir(parents=True, exist_ok=True)
    ch.page.screenshot(
        path=str(HOW_TO_USE / name),
        clip={
            "x": panel["x"],
            "y": y0,
            "width": min(panel["width"], 960),
            "height": bottom["y"] + bottom["height"] + 8 - y0,
        },
    )


def shoot_element(ch: Chapter, element, name: str) -> None:
    element.scroll_into_view_if_needed()
    HOW_TO_USE.mkdir(parents=True, exist_ok=True)
    element.screenshot(path=str(HOW_TO_USE / name))
