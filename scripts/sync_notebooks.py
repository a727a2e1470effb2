"""Keep the chapter notebooks readable where learners open them: the site, JupyterLab and Colab.

    .venv/bin/python scripts/sync_notebooks.py          # rewrite book/*.ipynb in place
    .venv/bin/python scripts/sync_notebooks.py --check  # exit 1 if a notebook is out of step

The site (Jupyter Book, sphinx-exercise), JupyterLab (with jupyterlab-myst) and
Colab (plain Markdown, no extensions) render the same cells differently. This
script writes the few cells and fields that make all three work, so a chapter
author never writes them by hand (``tests/test_notebooks.py`` runs ``--check``):

* **Exercise and solution headings.** Before each ``exercise-start`` cell, a
  Markdown cell ``### Exercise: <title>``; before each ``solution-start`` cell,
  one that says ``#### Solution``. Both are tagged ``remove-cell``: the site
  already titles its exercise boxes. In Colab, which prints a directive fence as
  a code block without its first line, they are the titles a learner sees; in
  JupyterLab they also list the exercises in the table of contents.
* **Solution code hidden in JupyterLab.** Code cells between ``solution-start``
  and ``solution-end`` get ``metadata.jupyter.source_hidden``: JupyterLab shows
  only their first line until clicked (the site hides them in the solution's
  dropdown; jupyterlab-myst collapses the solution's text).
* **Admonitions in colon fences** (``:::{admonition}``): in Colab their text then
  renders as Markdown, list and math included, instead of as a code block.
* **A Colab install cell** right after the first cell, tagged ``remove-cell`` and
  collapsed in JupyterLab (``source_hidden``). It
  does nothing outside Colab; in Colab it installs ``course_lib`` from this
  repository at the release tag ``v<version>`` (``repository.url`` in
  ``_config.yml``, ``version`` in ``pyproject.toml``: a fork changes one line)
  and turns on Colab's support for ipywidgets 8.
* **Links between chapters** point at the published site (GitHub Pages of
  ``repository.url``), the one address that works from the site, JupyterLab and
  Colab alike. The book's ``_ext/site_links.py`` turns them back into links
  within the built site, so the site stays usable offline and Sphinx checks
  that each target exists.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

EXERCISE_START = re.compile(r"^```\{exercise-start\}[ \t]*(?P<title>.*)$", re.M)
SOLUTION_START = re.compile(r"^```\{solution-start\}[ \t]*(?P<label>\S+)", re.M)
SOLUTION_END = re.compile(r"^```\{solution-end\}", re.M)
LABEL = re.compile(r"^:label:[ \t]*(?P<label>\S+)", re.M)
ADMONITION = re.compile(r"^```(\{admonition\}.*?)^```[ \t]*$", re.M | re.S)
# A Markdown link to another page of the book: [text](name.ipynb) or (name.md#anchor).
LOCAL_LINK = re.compile(r"\]\((?P<name>[A-Za-z0-9_-]+)\.(?:ipynb|md)(?P<anchor>#[^)\s]*)?\)")

INSTALL_ID = "colab-install"
INSTALL_TEMPLATE = """\
# Colab only: install course_lib ({tag}), turn on widgets. Elsewhere: nothing.
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "course_lib @ git+{url}@{tag}"
    from google.colab import output

    output.enable_custom_widget_manager()"""
# What the chapters' first code cell said before the install cell existed.
LEGACY_INSTALL = re.compile(
    r"\A# Running on Colab\? Install the course package first:\n# %pip install [^\n]*\n"
)


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def release_tag() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return f"v{project['version']}"


def site_url(repo_url: str) -> str:
    """The GitHub Pages address of a repository: github.com/owner/name -> owner.github.io/name/."""
    match = re.fullmatch(r"https://github\.com/(?P<owner>[^/]+)/(?P<name>[^/]+)", repo_url)
    if not match:
        raise ValueError(
            f"repository.url must be https://github.com/<owner>/<name>, got {repo_url!r}"
        )
    return f"https://{match['owner'].lower()}.github.io/{match['name']}/"


def install_source() -> str:
    return INSTALL_TEMPLATE.format(url=repository_url(), tag=release_tag())


def heading_cell(cell_id: str, source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    cell.metadata = {"tags": ["remove-cell"]}
    return cell


def ensure_before(cells: list, index: int, wanted: nbformat.NotebookNode) -> int:
    """Make cells[index - 1] equal to `wanted` (by id); return where the cell at `index` is now."""
    if index > 0 and cells[index - 1].get("id") == wanted.id:
        previous = cells[index - 1]
        previous.cell_type, previous.source, previous.metadata = (
            "markdown",
            wanted.source,
            wanted.metadata,
        )
        return index
    cells.insert(index, wanted)
    return index + 1


def sync(notebook: nbformat.NotebookNode, pages: set[str], site: str) -> nbformat.NotebookNode:
    cells = notebook.cells
    # Headings before exercises and solutions.
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.cell_type == "markdown":
            exercise = EXERCISE_START.search(cell.source)
            solution = SOLUTION_START.search(cell.source)
            if exercise and cell.source.startswith("```{exercise-start}"):
                label = LABEL.search(cell.source)
                if not label:
                    raise ValueError(f"cell {cell.get('id')}: an exercise-start without a :label:")
                title = exercise["title"].strip() or "Exercise"
                i = ensure_before(
                    cells, i, heading_cell(f"{label['label']}-heading", f"### Exercise: {title}")
                )
            elif solution and cell.source.startswith("```{solution-start}"):
                i = ensure_before(
                    cells, i, heading_cell(f"{solution['label']}-solution-heading", "#### Solution")
                )
        i += 1
    # Solution code hidden in JupyterLab.
    inside = False
    for cell in cells:
        if cell.cell_type == "markdown" and SOLUTION_START.search(cell.source):
            inside = True
        if cell.cell_type == "markdown" and SOLUTION_END.search(cell.source):
            inside = False
        if inside and cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    # Admonitions in colon fences; links to the site.
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        cell.source = ADMONITION.sub(
            lambda m: f":::{m[1]}:::" if "```" not in m[1] else m[0], cell.source
        )
        cell.source = LOCAL_LINK.sub(
            lambda m: (
                f"]({site}book/{m['name']}.html{m['anchor'] or ''})" if m["name"] in pages else m[0]
            ),
            cell.source,
        )
    # The Colab install cell, after the first cell.
    for cell in cells:
        if cell.cell_type == "code":
            cell.source = LEGACY_INSTALL.sub("", cell.source)
    install = nbformat.v4.new_code_cell(install_source())
    install.id = INSTALL_ID
    install.metadata = {"tags": ["remove-cell"], "jupyter": {"source_hidden": True}}
    existing = [k for k, c in enumerate(cells) if c.get("id") == INSTALL_ID]
    if existing:
        cell = cells[existing[0]]  # its execution count and (empty) outputs are the executor's
        cell.source = install.source
        cell.metadata.update(install.metadata)
        if existing[0] != 1:
            cells.insert(1, cells.pop(existing[0]))
    else:
        cells.insert(1, install)
    return notebook


def chapters() -> list[Path]:
    return sorted(BOOK.glob("*.ipynb"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a notebook is out of step"
    )
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    pages = {p.stem for p in BOOK.iterdir() if p.suffix in (".ipynb", ".md")}
    site = site_url(repository_url())
    stale = []
    for path in args.notebooks or chapters():
        before = path.read_text()
        notebook = sync(nbformat.reads(before, as_version=4), pages, site)
        after = nbformat.writes(notebook) + "\n"
        if after != before:
            stale.append(path)
            if not args.check:
                path.write_text(after)
    verb = "out of step" if args.check else "rewritten"
    for path in stale:
        print(f"{verb}: {path.relative_to(ROOT)}")
    if args.check and stale:
        print("Run: .venv/bin/python scripts/sync_notebooks.py")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
