"""The glossary and the order of the chapters: no word is used before it is taught.

Every glossary entry names the chapter that introduces it, with a link ("See [the update
rule](update-rule.ipynb)"). A learner who reads the chapters in the order of ``_toc.yml``,
starting at the first chapter after "Before you start", must not meet a glossary term in a
chapter before that one, unless the sentence that uses it links to where it is taught (a
forward reference: "momentum, which [momentum and Adam](momentum-adam.ipynb) explains").

The prose checked is what a learner reads: the chapters' markdown cells (or .md pages), without
code spans, math, link targets, HTML tags and the solutions' code. Code cells are not prose.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GLOSSARY = BOOK / "glossary.md"
REFERENCE_PART = "Before you start"  # reference pages a learner may open at any time


def _toc_chapters() -> list[str]:
    """The book's pages in reading order, as stems ('update-rule'), without the reference part."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [
        Path(chapter["file"]).name
        for part in toc["parts"]
        if part.get("caption") != REFERENCE_PART
        for chapter in part["chapters"]
    ]


def _glossary_entries() -> dict[str, str]:
    """Each glossary term and the text of its definition."""
    text = GLOSSARY.read_text()
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S)
    assert block, "glossary.md has a {glossary} block"
    entries: dict[str, str] = {}
    term = None
    for line in block.group(1).splitlines():
        if line and not line.startswith(" "):
            term = line.strip()
            entries[term] = ""
        elif term is not None:
            entries[term] += " " + line.strip()
    return entries


ENTRIES = _glossary_entries()
CHAPTERS = _toc_chapters()


def _introduced_in(definition: str) -> list[str]:
    """The chapters (stems) a definition links to."""
    return [
        Path(t).stem for t in re.findall(r"\]\(([\w-]+)\.(?:ipynb|md)(?:#[\w-]+)?\)", definition)
    ]


def _page_sources(stem: str) -> list[str]:
    """A page's learner-facing markdown: the cells of a notebook, or the text of a .md page."""
    notebook = BOOK / f"{stem}.ipynb"
    if notebook.exists():
        nb = nbformat.read(notebook, as_version=4)
        return [c.source for c in nb.cells if c.cell_type == "markdown"]
    return [(BOOK / f"{stem}.md").read_text()]


def _sentences(markdown: str) -> list[str]:
    """Prose split into sentences, keeping each sentence's link targets (for forward references)."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)  # fenced blocks: directives, code
    text = re.sub(r"^:::.*$|^\(.*\)=$|^:\w+:.*$", " ", text, flags=re.M)  # fences, labels, options
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " ", text, flags=re.S)  # math
    text = re.sub(r"`[^`]*`", " ", text)  # code spans
    text = re.sub(r"<[^>]+>", " ", text)  # html tags
    text = re.sub(r"\s+", " ", text)
    return re.split(r"(?<=[.!?:])\s+(?=[A-Z*(\[])|\s-\s|\s\*\s", text)


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    stem = r"[\s-]?".join(words)
    return re.compile(rf"(?<![\w-]){stem}(?:s|es)?(?![\w-])", re.I)


def _visible(sentence: str) -> str:
    """A sentence without its link targets: the words a learner reads."""
    return re.sub(r"\]\([^)]*\)", "]", sentence)


def test_every_glossary_entry_links_to_the_chapter_that_introduces_it():
    unlinked = [term for term, text in ENTRIES.items() if not _introduced_in(text)]
    assert not unlinked, f"glossary entries that link to no chapter: {unlinked}"
    for term, text in ENTRIES.items():
        for stem in _introduced_in(text):
            assert stem in CHAPTERS, f"glossary '{term}' links to {stem}, not a chapter of the toc"


@pytest.mark.parametrize("term", sorted(ENTRIES))
def test_no_term_is_used_before_the_chapter_that_teaches_it(term):
    taught = _introduced_in(ENTRIES[term])
    if not taught:
        pytest.skip("no chapter linked (the test above fails)")
    first = min(CHAPTERS.index(stem) for stem in taught)
    pattern = _pattern(term)
    early = []
    for stem in CHAPTERS[:first]:
        for cell in _page_sources(stem):
            for sentence in _sentences(cell):
                if pattern.search(_visible(sentence)) and not any(
                    re.search(rf"\]\({re.escape(t)}\.(?:ipynb|md)|/{re.escape(t)}\.html", sentence)
                    for t in taught
                ):
                    early.append(f"{stem}: {sentence.strip()[:160]}")
    assert not early, (
        f"'{term}' is taught in {CHAPTERS[first]} but used earlier without a link to it:\n"
        + "\n".join(early)
    )


def test_the_check_finds_an_early_use_and_accepts_a_forward_reference():
    pattern = _pattern("mini-batch")
    assert pattern.search("We train on mini-batches of 32.")
    assert pattern.search("We train on minibatch updates.")
    assert not pattern.search("a batch of rows")
    sentence = "Mini-batches, which [batches](https://x.github.io/course/book/batches.html) teach."
    assert re.search(r"/batches\.html", sentence)
    assert not pattern.search(_visible("see [the chapter](mini-batch.ipynb) now"))
    assert _sentences("One $x_{mini-batch}$ here. `mini_batch` there.") and not any(
        pattern.search(s) for s in _sentences("One $mini-batch$ here. `mini-batch` there.")
    )
