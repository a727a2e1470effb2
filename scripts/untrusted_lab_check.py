"""Open a quiz and a static slider in a real, headless JupyterLab, untrusted and then trusted.

    .venv/bin/python scripts/untrusted_lab_check.py [--out DIR]

Writes a scratch notebook (stored outputs only, as an executed chapter holds
them) to a temporary folder, starts JupyterLab there on a free port with fresh
settings, and drives it with Playwright and Debian's Chromium:

* untrusted, as a learner first opens a chapter: the slider shows one frame
  and no quiz feedback shows until an option's summary is opened;
* trusted (signed with ``jupyter trust``), as after running the cells: the
  slider's script changes the frame, its arrow keys move the slider and not the
  notebook's cell selection, and a quiz option opens on a click.

Screenshots go to DIR (default tests/screenshots/, git-ignored). The server is
stopped by its PID at the end. Exits 1 if a check fails. Not part of
``make test`` (tests/test_lab.py checks the chapters themselves there); this one
also checks the trusted case, with a notebook signed by ``jupyter trust``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lab_server import BIN, lab_env, start_lab, stop  # noqa: E402  (shared with tests/test_lab.py)

from course_lib.quiz import Question, quiz, right, wrong  # noqa: E402
from course_lib.widgets import slider  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def scratch_notebook() -> nbformat.NotebookNode:
    def draw(fig, value):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, value], color="#0072B2")
        ax.set_ylim(0, 3)
        ax.set_title(f"slope {value:g}")

    frames = slider(
        draw,
        [0.5, 1.0, 1.5, 2.0, 2.5],
        label="slope",
        alt="A line of slope {value}",
        figsize=(4, 2),
    )
    check = quiz(
        "Check yourself",
        Question(
            "Which way does gradient descent step?",
            [
                wrong("Along the gradient", "that climbs the loss"),
                right("Against the gradient", "the negative gradient points downhill"),
            ],
        ),
    )

    def shown(obj) -> nbformat.NotebookNode:
        return nbformat.v4.new_output(
            "display_data", data={"text/html": obj._repr_html_(), "text/plain": repr(obj)}
        )

    cells = [
        nbformat.v4.new_markdown_cell("# Scratch: stored outputs, as a learner first sees them")
    ]
    for source, obj in (("frames  # a static slider", frames), ("check  # a quiz", check)):
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [shown(obj)]
        cells.append(cell)
    cells.append(nbformat.v4.new_code_cell("1 + 1  # a cell after them"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def open_notebook(browser, url: str, name: str):
    page = browser.new_page(viewport={"width": 1100, "height": 1100})
    page.goto(f"{url}/lab/tree/{name}", wait_until="domcontentloaded")
    page.wait_for_selector(".course-quiz", timeout=90_000)
    page.wait_for_selector(".course-slider img", timeout=30_000)
    page.wait_for_timeout(1000)  # let the layout settle before screenshots
    # JupyterLab may restore the other notebook's tab too: look only at the one in view.
    return page, page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def check_untrusted(page, notebook, out: Path) -> list[str]:
    failures = []
    page.screenshot(path=str(out / "lab-untrusted.png"), full_page=True)
    frames = notebook.locator(".course-slider img:visible").count()
    feedback = notebook.locator(".course-quiz-feedback:visible").count()
    note = notebook.locator(".course-slider-note:visible").count()
    scripts = notebook.locator(".jp-OutputArea script").count()
    print(
        f"untrusted: {frames} slider frame(s) shown, {feedback} quiz feedback shown, "
        f"note shown: {note}, scripts left in outputs: {scripts}"
    )
    failures += [f"untrusted: {frames} frames shown, expected 1"] * (frames != 1)
    failures += [f"untrusted: {feedback} feedback shown before any choice"] * (feedback != 0)
    failures += ["untrusted: the run-the-cell note is not shown"] * (note != 1)
    notebook.locator(".course-quiz summary").last.click()
    shown = notebook.locator(".course-quiz-feedback:visible")
    text = shown.first.inner_text() if shown.count() else ""
    print(f"untrusted, after opening option b: {shown.count()} feedback shown: {text!r}")
    page.screenshot(path=str(out / "lab-untrusted-opened.png"), full_page=True)
    failures += ["untrusted: opening option b does not show its feedback"] * (
        not text.startswith("Right.")
    )
    return failures


def check_trusted(page, notebook, out: Path) -> list[str]:
    failures = []
    slider_input = notebook.locator(".course-slider input")
    enabled = slider_input.is_enabled()
    notebook.locator(".jp-Cell").first.click()  # command mode
    page.keyboard.press("Escape")
    slider_input.focus()  # as a click on it would; this makes its cell the active one
    before = active_cell(notebook), notebook.locator(".course-slider output").inner_text()
    src = notebook.locator(".course-slider img").get_attribute("src")
    page.keyboard.press("ArrowRight")  # both move a range input up a step; in command
    page.keyboard.press("ArrowUp")  # mode JupyterLab also binds ArrowUp to "select the cell above"
    after = active_cell(notebook), notebook.locator(".course-slider output").inner_text()
    moved = notebook.locator(".course-slider img").get_attribute("src") != src
    frames = notebook.locator(".course-slider img:visible").count()
    print(
        f"trusted: slider enabled {enabled}; (active cell, value) before ArrowRight and ArrowUp "
        f"{before}, after {after}; frame changed {moved}; frames shown {frames}"
    )
    failures += ["trusted: the slider stayed disabled"] * (not enabled)
    failures += ["trusted: the arrow keys moved the cell selection"] * (after[0] != before[0])
    failures += ["trusted: the arrow keys did not move the slider"] * (
        after[1] == before[1] or not moved
    )
    notebook.locator(".course-quiz summary").first.click()
    notebook.locator(".course-quiz summary").last.click()
    opened = notebook.locator(".course-quiz details[open]").count()
    print(f"trusted: after clicking option a then b, {opened} option(s) open")
    failures += [f"trusted: {opened} options open, expected 1"] * (opened != 1)
    page.screenshot(path=str(out / "lab-trusted.png"), full_page=True)
    return failures


def active_cell(notebook) -> int:
    return notebook.evaluate(
        "panel => [...panel.querySelectorAll('.jp-Cell')]"
        ".findIndex(c => c.classList.contains('jp-mod-active'))"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = lab_env(folder)
        # A signature covers the notebook's content: the two must differ, or signing
        # one would make the other trusted too.
        for name in ("untrusted", "trusted"):
            notebook = scratch_notebook()
            notebook.cells[0].source += f" ({name})"
            nbformat.write(notebook, folder / f"{name}.ipynb")
        subprocess.run(
            [str(BIN / "jupyter"), "trust", str(folder / "trusted.ipynb")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server, url = start_lab(folder, env)
        print(f"JupyterLab PID {server.pid} at {url}")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox"]
                )
                failures = check_untrusted(*open_notebook(browser, url, "untrusted.ipynb"), out)
                failures += check_trusted(*open_notebook(browser, url, "trusted.ipynb"), out)
                browser.close()
        finally:
            stop(server)
            print(f"stopped JupyterLab PID {server.pid}")
    print(f"screenshots in {out}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
