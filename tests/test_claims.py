"""Claims are code: every chapter checks its own prose.

A chapter's prose and its code must not disagree, so the notebook checks the prose itself:

* **Claim cells.** A statement about a run or a figure ("diverges", "grows with depth", "the
  fastest") is asserted in a *claim cell*: a code cell tagged ``remove-cell`` (hidden on the
  site, run by the book build and by nbval) made of ``assert <condition>, "<what the prose
  claims>"`` statements about values computed above it. Each chapter has at least three; each
  assert carries the message it fails with, and tests something computed (never a constant).
* **Numbers in prose.** Every decimal number written in a markdown cell, or in the text of the
  chapter's quiz, must be one the notebook produces: a numeric literal in its code (a learning
  rate set in a cell, a value asserted in a claim cell) or a number in its stored text outputs.
  A number the code does not produce is a defect. Small exact constants (``ALLOWED``) are exempt.

nbval then re-runs every claim cell against freshly computed values, in both of numpy's modes
(see the Makefile), so a sentence that stops being true fails the tests.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MIN_CLAIM_CELLS = 3

# Exact constants a sentence may use without a cell producing them: halves and quarters of
# the sigmoid and its slope, unit rates, and the like. Keep this list short.
ALLOWED = {0.0, 0.25, 0.5, 1.0, 2.0}

# A decimal number: digits with a decimal point, or scientific notation (2e-7, 1.5e3).
# Version strings (Python 3.11.7, numpy 2.4) are removed first, with URLs and link targets.
DECIMAL = re.compile(r"(?<![\w.])(\d+\.\d+(?:[eE][-+−]?\d+)?|\d+[eE][-+−]?\d+)(?![\w.]*\d)")
NUMBER = re.compile(r"(?<![\w.])(\d+\.?\d*(?:[eE][-+−]?\d+)?|\.\d+(?:[eE][-+−]?\d+)?)")
NOT_PROSE = [
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"(?i)(python|numpy|jupyter[- ]?book|version|v)\s*\d+(\.\d+)+"),
    re.compile(r"\b\d+\.\d+\.\d+\b"),  # x.y.z versions
]


def _chapters() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    paths = [ROOT / f"{f}.ipynb" for f in files]
    return [p for p in paths if p.exists()]


CHAPTERS = _chapters()


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _is_claim_cell(cell) -> bool:
    return cell.cell_type == "code" and "remove-cell" in _tags(cell) and "assert" in cell.source


def _asserts(source: str) -> list[ast.Assert]:
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assert)]


def _is_quiz_cell(cell) -> bool:
    return cell.cell_type == "code" and re.search(r"\bquiz\(", cell.source) is not None


def _value(token: str) -> float:
    return abs(float(token.replace("−", "-")))


def _string_literals(source: str) -> list[str]:
    try:
        return [
            str(ast.literal_eval(tok.string))
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.STRING
        ]
    except (tokenize.TokenError, SyntaxError, ValueError, IndentationError):
        return []


def _numeric_literals(source: str) -> set[float]:
    """Numbers written as code (not inside strings): 0.05 in ``lr = 0.05``, 0.88 in an assert."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set()
    values = set()
    for tok in tokens:
        if tok.type == tokenize.NUMBER:
            try:
                values.add(_value(tok.string.replace("_", "")))
            except ValueError:
                pass  # complex or hex literals say nothing about prose decimals
    return values


def _output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        for kind in ("text/plain", "text/html", "text/markdown", "text/latex"):
            if kind in data:
                text = data[kind]
                parts.append(text if isinstance(text, str) else "".join(text))
    text = "\n".join(parts)
    return re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", text)


def _prose_numbers(text: str) -> set[str]:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return set(DECIMAL.findall(text))


def _evidence(notebook) -> set[float]:
    """Every number the notebook's code writes or its outputs show (quiz text excepted)."""
    values: set[float] = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        values |= _numeric_literals(cell.source)
        if not _is_quiz_cell(cell):  # a quiz's output is authored text, not evidence
            values |= {_value(n) for n in NUMBER.findall(_output_text(cell))}
    return values


def _matches(value: float, evidence: set[float]) -> bool:
    return any(abs(value - seen) <= 1e-12 * max(1.0, abs(value)) for seen in evidence)


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def notebook(request):
    return request.param.stem, nbformat.read(request.param, as_version=4)


def test_every_chapter_is_found():
    assert len(CHAPTERS) >= 12, [p.name for p in CHAPTERS]


def test_chapter_has_claim_cells(notebook):
    name, nb = notebook
    claims = [c for c in nb.cells if _is_claim_cell(c)]
    assert len(claims) >= MIN_CLAIM_CELLS, (
        f"{name} has {len(claims)} claim cells (code cells tagged remove-cell with asserts); "
        f"every chapter needs at least {MIN_CLAIM_CELLS}"
    )


def test_claim_cells_can_fail_and_say_why(notebook):
    name, nb = notebook
    for index, cell in enumerate(nb.cells):
        if not _is_claim_cell(cell):
            continue
        tags = _tags(cell)
        assert not {"raises-exception", "nbval-skip", "skip-execution"} & set(tags), (
            f"{name} cell {index}: a claim cell must run (tags {tags})"
        )
        asserts = _asserts(cell.source)
        assert asserts, f"{name} cell {index}: a claim cell holds assert statements"
        for node in asserts:
            line = ast.unparse(node)
            assert node.msg is not None, (
                f"{name} cell {index}: `{line}` needs a message saying what the prose claims"
            )
            names = [n for n in ast.walk(node.test) if isinstance(n, (ast.Name, ast.Attribute))]
            assert names, f"{name} cell {index}: `{line}` tests a constant, so it cannot fail"


def test_claim_cells_produce_no_output(notebook):
    """A claim cell is hidden on the site; anything it prints would be lost or leak into Jupyter."""
    name, nb = notebook
    for index, cell in enumerate(nb.cells):
        if _is_claim_cell(cell):
            assert not cell.get("outputs"), f"{name} cell {index}: a claim cell prints nothing"


def test_numbers_in_prose_come_from_the_code(notebook):
    name, nb = notebook
    evidence = _evidence(nb)
    missing = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            texts = [cell.source]
        elif _is_quiz_cell(cell):
            texts = _string_literals(cell.source)
        else:
            continue
        for text in texts:
            for token in _prose_numbers(text):
                value = _value(token)
                if value in ALLOWED or _matches(value, evidence):
                    continue
                missing.setdefault(token, []).append(index)
    assert not missing, (
        f"{name}: these numbers in the prose (cell indices) are produced by no code cell and no "
        f"output of the notebook; print them, assert them in a claim cell, or correct the text: "
        f"{dict(sorted(missing.items()))}"
    )


# The rules above are only worth something if they catch what they are meant to catch.


def _toy(
    markdown: str, code: str, output: str = "", tags=("remove-cell",)
) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = list(tags)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    nb.cells.append(cell)
    return nb


def test_prose_number_rule_catches_an_unproduced_number():
    nb = _toy("The loss falls to 0.19 after 3.5 epochs.", "x = 1", output="loss 0.1919\n", tags=())
    assert {"0.19", "3.5"} == {
        t for t in _prose_numbers(nb.cells[0].source) if not _matches(_value(t), _evidence(nb))
    }


def test_prose_number_rule_accepts_printed_asserted_and_set_numbers():
    nb = _toy(
        "With η = 0.05 the loss is 0.1919, within 2e-7 of −0.91's twin.",
        "lr = 0.05\nassert abs(gap) < 2e-7, 'gap'",
        output="0.1919 and -0.91\n",
        tags=(),
    )
    assert all(_matches(_value(t), _evidence(nb)) for t in _prose_numbers(nb.cells[0].source))


def test_quiz_text_is_prose_not_evidence():
    nb = _toy(
        "",
        'quiz("Q", Question("Is it 0.42?", [right("yes, 0.42")]))',
        output="<div>Is it 0.42?</div>",
        tags=("remove-input",),
    )
    assert not _matches(0.42, _evidence(nb))


def test_versions_and_links_are_not_prose_numbers():
    assert _prose_numbers("Python 3.11, [docs](https://x.org/v1.2.3/a.html), numpy 2.4.6") == set()


def test_claim_rules_reject_constant_and_silent_asserts():
    silent = _asserts("assert loss < 0.2")[0]
    constant = _asserts("assert True, 'always'")[0]
    assert silent.msg is None
    assert not [n for n in ast.walk(constant.test) if isinstance(n, (ast.Name, ast.Attribute))]
