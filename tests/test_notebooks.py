"""Every chapter notebook opens with the same line on how to run it.

A freshly opened notebook (JupyterLab, Binder, Colab) shows stored outputs but has run
nothing: the exercises' checkers and the live sliders need the cells above them. So each
chapter's first cell is one markdown line saying so, tagged ``remove-cell`` so that the
website, where everything has already run, does not show it. myst-nb drops removed cells
before parsing, so the chapter's ``# Title`` cell right after it still gives the page title.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))

RUN_NOTE = (
    "**Running this notebook?** Choose *Run ▸ Run All Cells* first: the exercises and the "
    "live sliders need the cells above them, and a live slider redraws only while the kernel runs."
)


def run_note_problems(notebook: nbformat.NotebookNode) -> list[str]:
    """What is wrong with a notebook's opening run note and title; empty when all is well."""
    cells = notebook.cells
    if not cells:
        return ["the notebook has no cells"]
    first = cells[0]
    problems = []
    if first.cell_type != "markdown":
        problems.append(f"the first cell is a {first.cell_type} cell, not the markdown run note")
    if first.source != RUN_NOTE:
        problems.append(f"the first cell says {first.source[:80]!r}, not the run note")
    if "remove-cell" not in first.get("metadata", {}).get("tags", []):
        problems.append("the run note is not tagged remove-cell, so the website would show it")
    shown = [c for c in cells[1:] if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    if not shown or shown[0].cell_type != "markdown" or not shown[0].source.startswith("# "):
        problems.append("the first cell the website shows does not start with the '# Title' heading")
    return problems


def test_every_notebook_in_book_is_checked():
    assert len(CHAPTERS) >= 12, [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_opens_with_the_run_note(path):
    assert run_note_problems(nbformat.read(path, as_version=4)) == []


def _toy(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def _note(source: str = RUN_NOTE, tags=("remove-cell",)) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source, metadata={"tags": list(tags)})


TITLE = nbformat.v4.new_markdown_cell("# A chapter\n\nIts first paragraph.")


def test_the_check_passes_a_correct_opening():
    assert run_note_problems(_toy(_note(), TITLE)) == []


@pytest.mark.parametrize(
    "notebook, complaint",
    [
        (_toy(TITLE), "not the run note"),
        (_toy(), "no cells"),
        (_toy(_note(tags=()), TITLE), "not tagged remove-cell"),
        (_toy(_note(RUN_NOTE.replace("Run All Cells", "Run All")), TITLE), "not the run note"),
        (_toy(nbformat.v4.new_code_cell(RUN_NOTE), TITLE), "code cell"),
        (_toy(_note(), nbformat.v4.new_markdown_cell("Intro first."), TITLE), "'# Title' heading"),
        (_toy(TITLE, _note()), "not the run note"),
    ],
    ids=["missing", "empty", "untagged", "other-text", "code-cell", "text-before-title",
         "after-title"],
)
def test_the_check_names_what_is_wrong(notebook, complaint):
    problems = run_note_problems(notebook)
    assert any(complaint in p for p in problems), problems
