"""References are named: no chapter leans on "the sources", and every link to them resolves.

book/sources.md ("Sources and further reading") gives each reference a label such as
``(src-nielsen)=``. Chapters link to those labels (``sources.md#src-nielsen`` in a notebook,
which scripts/sync_notebooks.py turns into a link to the site; ``{ref}`...<src-nielsen>``` in
a Markdown page). This test reads the learner-facing text of every page: Markdown cells,
Markdown pages and the quizzes' text.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
SOURCES = BOOK / "sources.md"
LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)

# A reference that does not say what it is: "the sources", "the course's second source",
# "seed 001's", "as in the source".
UNNAMED = re.compile(
    r"(?ix)"
    r"\b(the|our|its|their|course's)\s+(\w+\s+)?(sources|seeds|seed\s+texts?)\b"
    r"|\bseeds?\s*\d{3}\b"
    r"|\b(first|second|third|fourth|one\s+of\s+the)\s+(sources?|seeds?)\b"
    r"|\b(the|a)\s+source(?:'s|\s+(?:script|text|article|post|says|writes|applies|uses))\b"
    r"|\b(as\s+in|from|in)\s+the\s+source\b(?!\s+(?:code|shown|of\s+`))"
)
# Links into sources.md: relative (written in the chapters), on the site (after
# sync_notebooks), or a MyST cross-reference.
LINK = re.compile(
    r"\]\((?:[^)\s]*/)?sources\.(?:md|html)#(?P<anchor>[^)\s]+)\)"
    r"|\{ref\}`[^`<]*<(?P<ref>src-[\w-]+)>`"
)


def _pages() -> list[Path]:
    return sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("*.md"))


def _prose(path: Path) -> list[tuple[str, str]]:
    """(where, text) of what a learner reads on a page."""
    if path.suffix == ".md":
        return [(path.name, path.read_text())]
    notebook = nbformat.read(path, as_version=4)
    texts = []
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            texts.append((f"{path.name} cell {number}", cell.source))
        elif "quiz(" in cell.source:  # the quiz's questions and explanations
            strings = re.findall(r'r?"((?:[^"\\]|\\.)*)"', cell.source)
            texts.append((f"{path.name} cell {number} (quiz)", " ".join(strings)))
    return texts


def _chapters_with_prose():
    return [(where, text) for path in _pages() for where, text in _prose(path)]


def _labels() -> set[str]:
    return set(LABEL.findall(SOURCES.read_text()))


@pytest.mark.parametrize(
    "sentence",
    [
        "The course's sources train the pass/fail neuron in Keras.",
        "guessing that the course's sources start from",
        "The course's second source walks through backpropagation",
        "Reconcile seed 001's claim with seed 003's.",
        "The prediction is the source's [0.5, 0.5, 0].",
        "as in the source: push class 0's logit down",
        "The source applies the update to every parameter.",
        "exactly as the seeds do",
    ],
)
def test_the_detector_catches_unnamed_references(sentence):
    assert UNNAMED.search(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Everything `fit` does is in the source shown earlier.",
        "over five random seeds, with the seed fixed",
        "Jeremy London's walk-through, as in the tutorial",
        "show_source(gradient_descent) prints the source of the function",
    ],
)
def test_the_detector_spares_code_and_random_seeds(sentence):
    assert not UNNAMED.search(sentence), sentence


def test_no_page_refers_to_unnamed_sources():
    found = [
        f"{where}: …{text[max(0, m.start() - 40) : m.end() + 20]}…"
        for where, text in _chapters_with_prose()
        for m in UNNAMED.finditer(text)
    ]
    assert not found, "name the reference and link to sources.md:\n" + "\n".join(found)


def test_sources_page_labels_are_unique_and_in_the_toc():
    labels = LABEL.findall(SOURCES.read_text())
    assert len(labels) == len(set(labels)) and len(labels) >= 20
    assert "book/sources" in (ROOT / "_toc.yml").read_text()


def test_every_link_to_sources_names_an_existing_label():
    labels = _labels()
    links = [
        (path.name, m["anchor"] or m["ref"])
        for path in _pages()
        for m in LINK.finditer(path.read_text())
    ]
    assert len({name for name, _ in links}) >= 5, "chapters link to the sources page"
    broken = [f"{name}: #{anchor}" for name, anchor in links if anchor not in labels]
    assert not broken, f"no such label in sources.md: {broken}"


def test_a_broken_link_would_be_caught():
    text = "see [Nielsen](sources.md#src-nielson) and {ref}`micrograd <src-micrograd>`"
    anchors = [m["anchor"] or m["ref"] for m in LINK.finditer(text)]
    assert anchors == ["src-nielson", "src-micrograd"]
    assert [a for a in anchors if a not in _labels()] == ["src-nielson"]


def test_each_reference_says_what_the_course_takes():
    sections = re.split(r"^\([\w-]+\)=\s*$", SOURCES.read_text(), flags=re.M)[1:]
    for section in sections:
        title = section.strip().splitlines()[0]
        if title.startswith("# "):  # the page's own title
            continue
        assert "**The course takes:**" in section, title
        unknown = "not recorded with the course's copy" in " ".join(section.split())
        assert unknown or re.search(r"https?://", section), f"{title}: give an address"
