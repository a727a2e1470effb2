"""Nothing on the site pans sideways, on a phone (390 px) or a desktop (1280 px).

In Debian's Chromium over the built site (``site`` and ``browser`` fixtures, tests/conftest.py),
for every page at PHONE and DESKTOP:

- the page is no wider than the window, and cannot be scrolled sideways;
- each display equation either fits its column or scrolls inside its own box, and then shows a
  visible cue on the side that has more: the box's edge, with the formula hidden, is darker (or
  in dark mode lighter) than its middle, on the right at first and on the left once scrolled
  to the end; in light and dark mode on a phone, and on a desktop;
- nothing is clipped: no equation, code block or output is cut off by a box that hides what
  overflows it, and no equation ends at the column's edge without the cue (desktop too);
- code cells and outputs fit or scroll inside their own block;
- the title wraps within the window.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat
from site_support import DESKTOP, PAGES, PHONE, SITE, fonts_loaded, visit

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# One look at a page: everything the tests below check, measured in the browser at once.
MEASURE = """() => {
  const width = window.innerWidth, scrollWidth = document.documentElement.scrollWidth;
  window.scrollTo(10000, window.scrollY);
  const scrollX = window.scrollX;
  window.scrollTo(0, window.scrollY);
  const shown = (e) => e.getClientRects().length > 0;  // not inside a closed dropdown
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const name = (e) => `${e.tagName}.${e.className}`;
  // The box of each display equation: KaTeX's .katex-display.
  const equations = [...document.querySelectorAll('div.math')].map(m =>
    m.querySelector('.katex-display') || m).filter(shown);
  const misfits = equations.filter(b => b.scrollWidth > b.clientWidth + 1 && !scrolls(b))
    .map(b => `${b.scrollWidth} px in ${b.clientWidth} px`);
  // Clipped: the box or an ancestor hides what overflows it, and something does.
  const clipped = [];
  const blocks = [...document.querySelectorAll('main pre, main .cell_output, main h1, main h2')];
  for (const box of [...equations, ...blocks.filter(shown)]) {
    for (let e = box; e && e !== document.body; e = e.parentElement) {
      const x = getComputedStyle(e).overflowX;
      if ((x === 'hidden' || x === 'clip') && e.scrollWidth > e.clientWidth + 1) {
        clipped.push(`${name(box)} by ${name(e)}: ${e.scrollWidth} > ${e.clientWidth}`);
        break;
      }
    }
  }
  // Code and outputs: the block, or the nearest box around it that scrolls, ends in the column.
  const column = document.querySelector('main article') || document.querySelector('main')
    || document.body;
  const right = Math.min(column.getBoundingClientRect().right, width);
  const spill = [...document.querySelectorAll('main pre, main .cell_output, main table')]
    .filter(shown).filter(b => {
      let box = b;
      for (let e = b; e && e !== column; e = e.parentElement)
        if (scrolls(e)) { box = e; break; }
      if (box.getBoundingClientRect().right > right + 1) return true;
      return box === b && !scrolls(b) && b.scrollWidth > b.clientWidth + 1;
    }).map(name);
  const titles = [...document.querySelectorAll('main h1')].filter(shown)
    .filter(h => h.getBoundingClientRect().right > width + 1 || h.scrollWidth > h.clientWidth + 1)
    .map(h => h.textContent.trim());
  return {width, scrollWidth, scrollX, misfits, clipped, spill, titles};
}"""


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture(scope="module")
def measured(browser, site, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    seen: dict[str, dict] = {}

    def measure(page_path: str) -> dict:
        if page_path not in seen:
            visit(page, site, page_path)
            fonts_loaded(page)
            seen[page_path] = page.evaluate(MEASURE)
        return seen[page_path]

    yield measure
    context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_no_page_pans_sideways(measured, page_path):
    m = measured(page_path)
    assert m["scrollWidth"] <= m["width"], f"the page is {m['scrollWidth']} px wide"
    assert m["scrollX"] == 0, "the page scrolls sideways"


@pytest.mark.parametrize("page_path", PAGES)
def test_display_equations_fit_or_scroll_in_their_box(measured, page_path):
    assert measured(page_path)["misfits"] == [], "equations wider than their box, not scrolling"


@pytest.mark.parametrize("page_path", PAGES)
def test_nothing_is_clipped(measured, page_path):
    assert measured(page_path)["clipped"] == []


@pytest.mark.parametrize("page_path", PAGES)
def test_code_and_outputs_fit_or_scroll_in_their_block(measured, page_path):
    assert measured(page_path)["spill"] == [], "code or output that neither fits nor scrolls"


@pytest.mark.parametrize("page_path", PAGES)
def test_the_title_wraps(measured, page_path):
    assert measured(page_path)["titles"] == [], "a title wider than the window"


def _edges(page, box, scroll: str) -> tuple[float, float, float]:
    """Mean brightness of the box's left edge, middle and right edge, with the formula hidden."""
    page.evaluate(
        f"""(b) => {{ b.scrollLeft = {scroll};
             for (const c of b.children) c.style.visibility = 'hidden'; }}""",
        box,
    )
    shot = Image.open(io.BytesIO(box.screenshot())).convert("L")
    page.evaluate("(b) => { for (const c of b.children) c.style.visibility = ''; }", box)
    w, h = shot.size

    def mean(x0: int, x1: int) -> float:
        return ImageStat.Stat(shot.crop((x0, 0, x1, h))).mean[0]

    return mean(0, 6), mean(w // 2 - 20, w // 2 + 20), mean(w - 6, w)


# The pages with display math: only they can have an equation that scrolls.
BOOK_PAGES = [
    p for p in PAGES if p.startswith("book/") and "katex-display" in (SITE / p).read_text()
]
# The cue's colours in dark mode, on the three chapters with the widest equations (the same
# stylesheet serves every page); light mode on every page, at both widths.
DARK_CUE_PAGES = ["book/mlp-by-hand.html", "book/three-neurons.html", "book/one-neuron.html"]


@pytest.mark.parametrize(
    "page_path, look",
    [(p, look) for look in ("phone-light", "desktop-light") for p in BOOK_PAGES]
    + [(p, "phone-dark") for p in DARK_CUE_PAGES if p in BOOK_PAGES],
)
def test_a_scrolling_equation_shows_a_cue(browser, site, page_path, look):
    # On a desktop too: an equation cut at the column's edge with no cue looks clipped.
    width, scheme = look.split("-")
    context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme)
    page = context.new_page()
    try:
        visit(page, site, page_path)
        fonts_loaded(page)
        boxes = page.evaluate_handle(
            """() => [...document.querySelectorAll('div.math')].map(m =>
                 m.querySelector('.katex-display') || m)
                 .filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1)"""
        )
        count = page.evaluate("(boxes) => boxes.length", boxes)
        missing = []
        for i in range(count):
            box = page.evaluate_handle("([boxes, i]) => boxes[i]", [boxes, i]).as_element()
            box.scroll_into_view_if_needed()
            left, middle, right = _edges(page, box, "0")
            left_end, middle_end, right_end = _edges(page, box, "b.scrollWidth")
            # A cue differs from the box's middle by at least 8 of 255 grey levels.
            if not (
                abs(right - middle) >= 8
                and abs(left - middle) < 4
                and abs(left_end - middle_end) >= 8
                and abs(right_end - middle_end) < 4
            ):
                missing.append(
                    f"equation {i}: at the start L/M/R {left:.0f}/{middle:.0f}/{right:.0f},"
                    f" at the end {left_end:.0f}/{middle_end:.0f}/{right_end:.0f}"
                )
        assert missing == [], f"{len(missing)} of {count} scrolling equations show no cue"
    finally:
        context.close()
