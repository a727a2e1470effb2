"""Accessibility of the built site: axe-core on every page, and the contrast of its controls.

axe-core (from npm, pinned in the Makefile, installed by ``make`` into ``_testtools/``; not part of
the site) runs in every page, in light mode at the desktop size and in dark mode at the phone
size (that half in ``tests/test_site_axe_dark.py``), and must find no serious or critical
violation. Dark mode comes from the browser's colour-scheme preference, which the theme follows
when its mode is "auto" (the site's default). Besides, the static sliders' thumbs and
the quizzes' option borders are measured in the browser against what is behind them: 3:1 at least
(WCAG 1.4.11), in light mode, in dark mode from the preference, and in dark mode chosen with the
theme's switcher (stored in localStorage as ``mode``).
"""

from __future__ import annotations

import io
import re

import pytest
from site_support import DESKTOP, NOTEBOOK_CHAPTERS, PAGES, PHONE, ROOT, fonts_loaded, visit

AXE_VERSION = re.search(
    r"^AXE_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE
).group(1)
AXE = ROOT / "_testtools" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Every serious and critical violation, each node with what axe says about it.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact,
                  nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary)}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make {AXE.relative_to(ROOT)}`")
    return AXE.read_text()


def _open(browser, site: str, page_path: str, *, viewport=DESKTOP, color_scheme="light", mode=None):
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    if mode is not None:  # what the theme switcher stores
        context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    page = context.new_page()
    visit(page, site, page_path)  # the site's root only redirects, to the first chapter
    fonts_loaded(page)
    return context, page


# pydata-sphinx-theme makes a block a tab stop when it scrolls (tabindex 0, else -1), on load and
# 300 ms after a resize; wait until its marks fit the new size, as a reader of that size gets them.
TAB_STOPS_FIT = """() => [...document.querySelectorAll(
  "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, "
  + ".pst-scrollable-table-container")].every((e) =>
    e.tabIndex === (e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight ? 0 : -1))"""


def _set_scheme(page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(f"() => document.documentElement.dataset.theme === '{scheme}'")


def axe_violations(browser, site: str, axe_source: str, page_path: str, scheme: str, size) -> dict:
    """Every serious or critical axe violation on a page in one colour scheme at one width."""
    context, page = _open(browser, site, page_path)
    try:
        page.add_script_tag(content=axe_source)
        assert page.evaluate("axe.version") == AXE_VERSION
        _set_scheme(page, scheme)
        page.set_viewport_size(size)
        page.wait_for_function(TAB_STOPS_FIT)
        where = f"{scheme}, {size['width']} px"
        return {
            f"{where}: {violation['id']} ({violation['impact']})": violation["nodes"]
            for violation in page.evaluate(RUN_AXE)
        }
    finally:
        context.close()


# Both widths and both schemes, two at a time: light at 1280 px here, dark at 390 px in
# tests/test_site_axe_dark.py (a file of its own, so that make test's two workers share them).
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_violations_light_at_1280(browser, site, axe_source, page_path):
    found = axe_violations(browser, site, axe_source, page_path, "light", DESKTOP)
    assert not found, found


# --- contrast of the controls, measured in the browser ----------------------------------------


def _luminance(rgb) -> float:
    channels = [c / 255 for c in rgb[:3]]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


# The colour painted behind an element: the first opaque background among its ancestors.
BACKDROP = """(element) => {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const m = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (m.length === 3 || m[3] === 1) return m.slice(0, 3);
  }
  return [255, 255, 255];
}"""

SCHEMES = [
    pytest.param("light", None, "light", id="light"),
    pytest.param("dark", None, "dark", id="dark-from-preference"),
    pytest.param("light", "dark", "dark", id="dark-from-switcher"),
]


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def slider_thumb_contrast(page) -> float:
    """The contrast of a slider's thumb (the pixel at its centre) with the colour behind it."""
    from PIL import Image

    slider = page.locator(".course-slider input[type=range]").first
    slider.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(slider.screenshot())).convert("RGB")
    value, low, high = slider.evaluate("i => [+i.value, +i.min, +i.max]")
    thumb = 16  # Chromium's range thumb is 16 px wide
    x = round(thumb / 2 + (value - low) / (high - low) * (image.width - thumb))
    return contrast(image.getpixel((x, image.height // 2)), slider.evaluate(BACKDROP))


@pytest.mark.parametrize("preference, mode, theme", SCHEMES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_slider_thumbs_and_quiz_options_reach_3_to_1(
    browser, site, preference, mode, theme, viewport
):
    chapter = next(p for p in NOTEBOOK_CHAPTERS if "batches" in p)
    context, page = _open(
        browser, site, chapter, viewport=viewport, color_scheme=preference, mode=mode
    )
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        assert slider_thumb_contrast(page) >= 3
        summary = page.locator(".course-quiz summary").first
        border = summary.evaluate(
            "s => getComputedStyle(s).borderTopColor.match(/[\\d.]+/g).map(Number)"
        )
        assert contrast(border, summary.evaluate(BACKDROP)) >= 3
        text = summary.evaluate("s => getComputedStyle(s).color.match(/[\\d.]+/g).map(Number)")
        assert contrast(text, summary.evaluate(BACKDROP)) >= 4.5
    finally:
        context.close()
