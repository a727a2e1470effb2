"""Every chapter notebook opens with the same line on how to run it.

A freshly opened notebook (JupyterLab, Binder, Colab) shows stored outputs but has run
nothing: the exercises' checkers and the live sliders need the cells above them. So each
chapter's first cell is one markdown line saying so, tagged ``remove-cell`` so that the
website, where everything has already run, does not show it. myst-nb drops removed cells
before parsing, so the chapter's ``# Title`` cell right after it still gives the page title.
"""

from __future__ import annotations

import re
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
        problems.append(
            "the first cell the website shows does not start with the '# Title' heading"
        )
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
    ids=[
        "missing",
        "empty",
        "untagged",
        "other-text",
        "code-cell",
        "text-before-title",
        "after-title",
    ],
)
def test_the_check_names_what_is_wrong(notebook, complaint):
    problems = run_note_problems(notebook)
    assert any(complaint in p for p in problems), problems


# --- The cells that make a chapter read in JupyterLab and Colab (scripts/sync_notebooks.py) ---

import importlib.util  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "sync_notebooks", ROOT / "scripts" / "sync_notebooks.py"
)
sync_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_notebooks)

SITE = "https://owner.github.io/repo/"


def test_every_chapter_is_in_step_with_sync_notebooks():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sync_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _exercise_notebook() -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return _toy(
        _note(),
        TITLE,
        md(
            ":::{admonition} Goals\n:class: tip\n- one\n:::\n\nSee [the rule](update-rule.ipynb) "
            "and [a symbol](notation.md#greek) but not [elsewhere](missing.ipynb)."
        ),
        md("```{exercise-start} Find the slope\n:label: ex-slope\n```\nWrite `slope(x)`."),
        code("def slope(x):\n    return 0\n\ncheck_slope(slope)"),
        md("```{exercise-end}\n```"),
        md("```{solution-start} ex-slope\n:class: dropdown\n```\nDifferentiate."),
        code("def slope_solution(x):\n    return 2 * x"),
        md("```{solution-end}\n```"),
        code("after = 1"),
    )


def test_sync_adds_headings_hides_solution_code_and_rewrites_links():
    notebook = sync_notebooks.sync(_exercise_notebook(), {"update-rule", "notation"}, SITE)
    sources = [c.source for c in notebook.cells]
    exercise = next(i for i, s in enumerate(sources) if s.startswith("```{exercise-start}"))
    solution = next(i for i, s in enumerate(sources) if s.startswith("```{solution-start}"))
    assert sources[exercise - 1] == "### Exercise: Find the slope"
    assert sources[solution - 1] == "#### Solution"
    for k in (exercise - 1, solution - 1, 1):
        assert notebook.cells[k].metadata["tags"] == ["remove-cell"]
    hidden = [
        c.source for c in notebook.cells if c.metadata.get("jupyter", {}).get("source_hidden")
    ]
    assert hidden == [sync_notebooks.install_source(), "def slope_solution(x):\n    return 2 * x"]
    text = next(s for s in sources if "Goals" in s)
    assert f"({SITE}book/update-rule.html)" in text
    assert f"({SITE}book/notation.html#greek)" in text
    assert "(missing.ipynb)" in text  # not a page of the book: left alone
    assert notebook.cells[1].id == "colab-install" and notebook.cells[1].cell_type == "code"


def test_sync_is_idempotent_and_turns_backtick_admonitions_into_colon_fences():
    notebook = _exercise_notebook()
    notebook.cells[2].source = "```{admonition} Goals\n:class: tip\n- one\n```"
    once = nbformat.writes(sync_notebooks.sync(notebook, set(), SITE))
    twice = nbformat.writes(sync_notebooks.sync(nbformat.reads(once, as_version=4), set(), SITE))
    assert once == twice
    sources = [c.source for c in nbformat.reads(once, as_version=4).cells]
    assert ":::{admonition} Goals\n:class: tip\n- one\n:::" in sources


def test_install_cell_is_pinned_to_this_repository_and_release():
    source = sync_notebooks.install_source()
    url, tag = sync_notebooks.repository_url(), sync_notebooks.release_tag()
    assert f'"course_lib @ git+{url}@{tag}"' in source
    assert re.fullmatch(r"v\d+\.\d+\.\d+", tag)
    assert 'if "google.colab" in sys.modules:' in source


def test_install_cell_does_nothing_outside_colab():
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(sync_notebooks.install_source())
    calls = []
    namespace = {
        "get_ipython": lambda: type("Shell", (), {"run_line_magic": lambda *a: calls.append(a)})()
    }
    exec(compile(code, "install", "exec"), namespace)
    assert calls == []
    # The %pip line is a real line magic inside the `if` (it would run in Colab).
    assert "get_ipython().run_line_magic('pip'" in code


@pytest.mark.parametrize(
    "url, site",
    [
        (
            "https://github.com/how-neural-networks-learn/course",
            "https://how-neural-networks-learn.github.io/course/",
        ),
        ("https://github.com/Someone/fork", "https://someone.github.io/fork/"),
    ],
)
def test_site_url_of_a_repository(url, site):
    assert sync_notebooks.site_url(url) == site


def test_site_url_rejects_other_hosts():
    with pytest.raises(ValueError, match="repository.url"):
        sync_notebooks.site_url("https://gitlab.com/a/b")
