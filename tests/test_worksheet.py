"""The by-hand worksheet (book/worksheet.md): its answer key is right, and it prints cleanly.

The key's numbers are parsed from the page and recomputed with course_lib for the network of
book/mlp-by-hand.ipynb (whose weights and learning rate are read from that chapter, so the two
cannot drift apart), and every step number names the same computation as the chapter's step of
that number. The site part prints the built page in Chromium, at A4 and Letter; it is skipped when
the site has not been built with the worksheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib import activations, losses
from course_lib.layers import Dense
from course_lib.models import MLP
from course_lib.optim import SGD

ROOT = Path(__file__).resolve().parent.parent
WORKSHEET = ROOT / "book" / "worksheet.md"
KEY_ORDER = [
    "z1", "a1", "z2", "a2", "z3", "Y_pred",
    "dz3", "dW3b3", "da2", "dz2", "dW2b2", "da1", "dz1", "dW1b1", "W3b3_new",
]  # fmt: skip
CHAPTER_NAME = {  # each key's variable in the chapter's code, where it differs
    "dW3b3": "dW3_b3", "dW2b2": "dW2_b2", "dW1b1": "dW1_b1", "W3b3_new": "W3_new",
}  # fmt: skip
STEP = re.compile(r"\*\*Step (?P<number>\d+)(?P<part>[a-z]?)\.")
TABLE = re.compile(r":::\{div\} ws-matrix\n(?P<table>(?:\|.*\|\n)+):::")
BLANK = "&emsp;&emsp;"  # an empty cell of an exercise matrix
KEYED = re.compile(r"% key: (?P<key>\w+)\n" + TABLE.pattern)


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _matrix(table: str) -> np.ndarray:
    """The numbers of a Markdown table: body rows, row labels ("unit 1") dropped."""
    rows = table.strip().splitlines()[2:]  # header and :-: line
    out = []
    for row in rows:
        cells = _cells(row)
        if cells and cells[0] != BLANK and re.search(r"[a-z]", cells[0]):
            cells = cells[1:]
        out.append([float(c.replace("−", "-")) if c != BLANK else np.nan for c in cells])
    return np.array(out)


def _text() -> str:
    return WORKSHEET.read_text()


def _key() -> dict[str, np.ndarray]:
    answers = _text().split("(worksheet-answers)=", 1)[1]
    return {m["key"]: _matrix(m["table"]) for m in KEYED.finditer(answers)}


def _chapter() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "book" / "mlp-by-hand.ipynb", as_version=4)


def _chapter_steps() -> dict[int, str]:
    """The code of each of the chapter's "## Step N: ..." sections, by N."""
    steps: dict[int, str] = {}
    current = None
    for cell in _chapter().cells:
        if cell.cell_type == "markdown":
            for heading in re.findall(r"^## (.*)$", cell.source, re.M):
                found = re.match(r"Step (\d+):", heading)
                current = int(found[1]) if found else None
        elif current is not None:
            steps[current] = steps.get(current, "") + cell.source + "\n"
    return steps


def _chapter_lr() -> float:
    """The learning rate of the chapter's step 11."""
    return float(re.search(r"^lr = (\S+)$", _chapter_steps()[11], re.M)[1])


def _chapter_network() -> dict[str, np.ndarray]:
    """X, Y, W1, b1, ... exactly as book/mlp-by-hand.ipynb defines them."""
    cell = next(
        c for c in _chapter().cells if c.cell_type == "code" and "W1 = np.array" in c.source
    )
    names: dict = {"np": np}
    exec(cell.source, names)  # a cell of array literals
    return {k: names[k] for k in ("X", "Y", "W1", "b1", "W2", "b2", "W3", "b3")}


def _course_lib_answers() -> dict[str, np.ndarray]:
    net = _chapter_network()
    X, Y = net["X"], net["Y"]
    dense = []
    for W, b in ((net["W1"], net["b1"]), (net["W2"], net["b2"]), (net["W3"], net["b3"])):
        layer = Dense(W.shape[1], W.shape[0])
        layer.W[:], layer.b[:] = W, b
        dense.append(layer)
    z1 = dense[0].forward(X)
    a1 = activations.relu(z1)
    z2 = dense[1].forward(a1)
    a2 = activations.relu(z2)
    z3 = dense[2].forward(a2)
    model = MLP([3, 4, 3, 3], activation="relu")
    for layer, source in zip(model.dense_layers, dense, strict=True):
        layer.W[:], layer.b[:] = source.W, source.b
    model.loss(X, Y)
    model.backward()
    dz1, dz2, dz3 = model.dZ
    dW1, db1, dW2, db2, dW3, db3 = (g.copy() for g in model.gradients())
    SGD(lr=_chapter_lr()).step(model.parameters(), model.gradients())
    layer3 = model.dense_layers[2]
    return {
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "a2": a2,
        "z3": z3,
        "Y_pred": activations.softmax(z3),
        "dz3": dz3,
        "dW3b3": np.hstack([dW3, db3[:, None]]),
        "da2": dense[2].backward(dz3),
        "dz2": dz2,
        "dW2b2": np.hstack([dW2, db2[:, None]]),
        "da1": dense[1].backward(dz2),
        "dz1": dz1,
        "dW1b1": np.hstack([dW1, db1[:, None]]),
        "W3b3_new": np.hstack([layer3.W, layer3.b[:, None]]),
    }


def test_the_key_has_every_step_in_order():
    answers = _text().split("(worksheet-answers)=", 1)[1]
    assert [m["key"] for m in KEYED.finditer(answers)] == KEY_ORDER


@pytest.mark.parametrize("name", KEY_ORDER)
def test_key_matches_course_lib(name):
    key, expected = _key()[name], np.atleast_2d(_course_lib_answers()[name])
    assert key.shape == expected.shape, f"{name}: key {key.shape}, course_lib {expected.shape}"
    assert np.allclose(key, expected, rtol=0, atol=0.005), f"{name}: {key} vs {expected}"


def _steps_above(text: str, tables: list[re.Match]) -> list[str]:
    """For each of ``tables`` (matches in ``text``), the step label ("1a", "4", ...) above it."""
    labels = [(m.start(), m["number"] + m["part"]) for m in STEP.finditer(text)]
    return [max((at, label) for at, label in labels if at < t.start())[1] for t in tables]


def test_step_numbers_are_the_chapters():
    questions, answers = _text().split("(worksheet-answers)=", 1)
    numbers = [int(m["number"]) for m in STEP.finditer(questions)]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, 12)), numbers
    labels = _steps_above(answers, list(KEYED.finditer(answers)))
    blanks = [m for m in TABLE.finditer(questions) if BLANK in m["table"]]
    assert _steps_above(questions, blanks) == labels, "the blanks and the key use the same steps"
    chapter = _chapter_steps()
    assert set(chapter) == set(range(1, 12)), sorted(chapter)
    for key, label in zip(KEY_ORDER, labels, strict=True):
        name = re.escape(CHAPTER_NAME.get(key, key))
        assigns = re.compile(rf"^(?:\w+, )*{name}(?:, \w+)* =", re.M)
        number = int(re.match(r"\d+", label)[0])
        assert assigns.search(chapter[number]), (
            f"{key}: step {label} here, not in the chapter's step"
        )
    assert f"$\\eta = {_chapter_lr():g}$" in questions, "the chapter's learning rate"


def test_the_closing_numbers():
    """The loss before the step, and the probability of the true class after it (all layers)."""
    net = _chapter_network()
    model = MLP([3, 4, 3, 3], activation="relu")
    for layer, (W, b) in zip(
        model.dense_layers, (("W1", "b1"), ("W2", "b2"), ("W3", "b3")), strict=True
    ):
        layer.W[:], layer.b[:] = net[W], net[b]
    before = model.loss(net["X"], net["Y"])
    model.backward()
    SGD(lr=_chapter_lr()).step(model.parameters(), model.gradients())
    after = model.predict_proba(net["X"])[0, 1]
    assert np.isclose(before, losses.softmax_cross_entropy(_course_lib_answers()["z3"], net["Y"]))
    closing = _text().rsplit("::::", 1)[1]
    assert f"\\approx {before:.2f}$" in closing and f"about {after:.2f}:" in closing


def test_a_wrong_key_would_fail():
    wrong = _key()["dW2b2"].copy()
    wrong[0, 1] += 0.5  # the check above compares to 0.005: this must be caught
    assert not np.allclose(wrong, _course_lib_answers()["dW2b2"], rtol=0, atol=0.005)


def test_blanks_match_the_key_and_givens_match_the_chapter():
    questions, answers = _text().split("(worksheet-answers)=", 1)
    tables = [_matrix(m["table"]) for m in TABLE.finditer(questions)]
    given, blanks = tables[:4], tables[4:]
    assert [b.shape for b in blanks] == [_key()[k].shape for k in KEY_ORDER]
    assert all(np.isnan(b).all() for b in blanks), "the exercise matrices are blank"
    net = _chapter_network()
    assert np.array_equal(given[0], np.hstack([net["X"], [[1.0]]]))
    for table, (W, b) in zip(given[1:], (("W1", "b1"), ("W2", "b2"), ("W3", "b3")), strict=True):
        assert np.array_equal(table, np.hstack([net[W], net[b][:, None]])), W
    assert not KEYED.search(questions), "no answers before the key"


# --- Printing, in Chromium -----------------------------------------------------------------

MM = 96 / 25.4  # CSS pixels per millimetre
PRINTABLE_PX = {  # paper width minus print.css's 15 mm margins, in CSS pixels
    "A4": (210 - 30) * MM,
    "Letter": 8.5 * 96 - 30 * MM,
}


def _site_has_worksheet() -> bool:
    from site_support import SITE

    return (Path(SITE) / "book" / "worksheet.html").exists()


site_only = pytest.mark.skipif(
    not _site_has_worksheet(), reason="site not built with the worksheet (make book)"
)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.fixture(scope="module")
def worksheet(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/book/worksheet.html")
    yield page
    page.close()


@site_only
def test_print_hides_the_theme_and_prints_black_on_white(worksheet):
    chrome = ".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .article-header-buttons"
    visible = "(s) => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length"
    worksheet.emulate_media(media="screen")
    assert worksheet.evaluate(visible, chrome) > 0, "on screen the theme is there"
    worksheet.emulate_media(media="print")
    assert worksheet.evaluate(visible, chrome) == 0, "in print the sidebars, header, buttons go"
    colors = worksheet.evaluate(
        "() => [...document.querySelectorAll('.bd-article td, .bd-article p')]"
        ".map(e => getComputedStyle(e).color)"
    )
    assert colors and set(colors) == {"rgb(0, 0, 0)"}
    key_break = worksheet.evaluate(
        "() => getComputedStyle(document.getElementById('worksheet-answers').closest('section'))"
        ".breakBefore"
    )
    assert key_break == "page"
    opened = worksheet.evaluate(
        "() => document.querySelector('.answer-key table').getBoundingClientRect().height"
    )
    assert opened > 0, "the key's dropdown is closed on screen but printed open"


@site_only
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_nothing_overflows_the_printable_width(worksheet, paper):
    width = int(PRINTABLE_PX[paper])
    worksheet.set_viewport_size({"width": width, "height": 1000})
    worksheet.emulate_media(media="print")
    widest = worksheet.evaluate(  # KaTeX's MathML copy is clipped to 1 px: screen readers only
        "() => Math.max(...[...document.querySelectorAll('.bd-article *')]"
        ".filter(e => !e.closest('.katex-mathml')).map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= width + 1, f"{paper}: content reaches {widest:.0f} px of {width}"
    assert worksheet.evaluate("() => document.documentElement.scrollWidth") <= width


SHEET_ONLY = """() => {  // remove the answer key and everything after it
    let n = document.getElementById('worksheet-answers').closest('section');
    while (n) { const next = n.nextElementSibling; n.remove(); n = next; } }"""
SHEET_AND_KEY_HEADING = """() => {  // the same, but keep the key's heading (and its label)
    const key = document.getElementById('worksheet-answers').closest('section');
    [...key.children].forEach(c => { if (!['H2', 'SPAN'].includes(c.tagName)) c.remove(); });
    let n = key.nextElementSibling;
    while (n) { const next = n.nextElementSibling; n.remove(); n = next; } }"""
NO_FORCED_BREAK = "section { break-before: auto !important; page-break-before: auto !important }"


def _pdf_pages(page, paper, script, style=None):
    page.reload()
    page.emulate_media(media="print")
    if style:
        page.add_style_tag(content=style)
    page.evaluate(script)
    return _pages(page.pdf(format=paper))


@site_only
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_key_starts_on_a_new_page_and_no_matrix_splits(worksheet, paper):
    worksheet.set_viewport_size({"width": 1280, "height": 900})
    sheet = _pdf_pages(worksheet, paper, SHEET_ONLY)
    with_heading = _pdf_pages(worksheet, paper, SHEET_AND_KEY_HEADING)
    unbroken = _pdf_pages(worksheet, paper, SHEET_AND_KEY_HEADING, NO_FORCED_BREAK)
    assert sheet >= 2
    assert unbroken == sheet, f"{paper}: the sheet's last page has room for the heading"
    assert with_heading == sheet + 1, f"{paper}: the key's heading starts page {sheet + 1}"
    worksheet.reload()
    worksheet.emulate_media(media="print")
    avoid = worksheet.evaluate(
        "() => [...document.querySelectorAll('.ws-matrix, .ws-matrix table')]"
        ".map(e => getComputedStyle(e).breakInside)"
    )
    assert avoid and set(avoid) == {"avoid"}
