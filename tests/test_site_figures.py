"""Figure text reads on a phone and on a desktop, measured in Chromium on the built site.

For every notebook chapter, at PHONE (390 px) and DESKTOP (1280 px) width, one page load:
every figure in <main> (stored figures and the frame each slider shows) is measured as the
browser lays it out. Its smallest text, in CSS px, is the smallest text size the PNG carries
(``course_lib.plots.TEXT_CHUNK``, read from the image's own bytes, whether its src is a data:
URL or a file) × rendered width / natural width. It must be at least 9 CSS px on the phone
and 11 on the desktop, and no figure may be wider than the article column.

Run alone (``python tests/test_site_figures.py``) it prints each chapter's smallest figure
text at both widths.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
from site_support import DESKTOP, NOTEBOOK_CHAPTERS, PHONE, ROOT

from course_lib.plots import MIN_DESKTOP_TEXT_PX, MIN_PHONE_TEXT_PX, min_text_px

WIDTHS = {"phone": (PHONE, MIN_PHONE_TEXT_PX), "desktop": (DESKTOP, MIN_DESKTOP_TEXT_PX)}

# The figures of a page: images in notebook outputs, and in figures (not the theme's icons).
# Lazy images are loaded first (eager), so that every figure has its natural size.
_MEASURE = """async () => {
  const column = document.querySelector("main article") || document.querySelector("main");
  const style = getComputedStyle(column);
  const inner = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const images = [...document.querySelectorAll("main img")].filter(
      (img) => img.closest(".cell_output, .output, figure, .course-slider"));
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.allSettled(images.map((img) => img.decode()));
  return {column: inner, images: images.map((img) => ({
    src: img.currentSrc || img.src,
    alt: img.alt,
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
    visible: img.getClientRects().length > 0,
    slider: img.closest(".course-slider") !== null,
  }))};
}"""


def expected_figures(chapter: str) -> int:
    """How many figures the chapter's notebook shows: its PNG outputs and one per slider."""
    notebook = nbformat.read(ROOT / Path(chapter).with_suffix(".ipynb"), as_version=4)
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            count += "image/png" in data
            count += 'class="course-slider"' in data.get("text/html", "")
    return count


def image_bytes(src: str) -> bytes:
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    with urllib.request.urlopen(src) as response:  # the local test server or a file: URL
        return response.read()


def measure(browser, site: str, chapter: str, viewport: dict) -> dict:
    """One page load: the column's width and each figure's smallest text in CSS px."""
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(f"{site}/{chapter}", wait_until="load")
        found = page.evaluate(_MEASURE)
    finally:
        page.close()
    for image in found["images"]:
        image["min_text_px"] = min_text_px(image_bytes(image["src"]))
        image["src"] = image["src"][:60]
        if image["min_text_px"] is not None and image["natural"]:
            image["css_text_px"] = image["min_text_px"] * image["shown"] / image["natural"]
    return found


@pytest.fixture(scope="module")
def measured(browser, site):
    cache: dict[tuple[str, str], dict] = {}

    def get(chapter: str, width: str) -> dict:
        if (chapter, width) not in cache:
            cache[chapter, width] = measure(browser, site, chapter, WIDTHS[width][0])
        return cache[chapter, width]

    return get


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS)
def test_figure_text_is_readable(measured, chapter, width):
    least = WIDTHS[width][1]
    found = measured(chapter, width)
    images = [image for image in found["images"] if image["visible"]]
    # Every figure of the notebook is on the page and measured: none escapes the check.
    assert len(images) == expected_figures(chapter), json.dumps(found["images"], indent=1)
    assert any(image["slider"] for image in images), "a chapter shows at least one slider frame"
    for image in images:
        where = f"{chapter} at {width} width, figure {image['alt'][:70]!r}"
        assert image["natural"] > 0, f"{where}: the image did not load"
        assert image["min_text_px"] is not None, f"{where}: no {chr(34)}min text{chr(34)} chunk"
        assert image["shown"] <= found["column"] + 0.5, (
            f"{where}: {image['shown']:.0f} px wide in a {found['column']:.0f} px column"
        )
        assert image["css_text_px"] >= least, (
            f"{where}: smallest text {image['css_text_px']:.1f} CSS px (< {least:g}); "
            f"{image['min_text_px']} px in a PNG {image['natural']} px wide shown "
            f"{image['shown']:.0f} px wide"
        )


def main() -> None:
    """Print each chapter's smallest figure text in CSS px at both widths."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from site_support import CHROMIUM, CHROMIUM_FLAGS, SITE

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=SITE)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        print(f"{'chapter':32} {'phone':>14} {'desktop':>14}   (smallest figure text, CSS px)")
        for chapter in NOTEBOOK_CHAPTERS:
            row = []
            for width in WIDTHS:
                found = measure(browser, site, chapter, WIDTHS[width][0])
                sizes = [i["css_text_px"] for i in found["images"] if i.get("css_text_px")]
                row.append(f"{min(sizes):5.2f} ({len(sizes):2d} img)" if sizes else "no chunk")
            print(f"{chapter:32} {row[0]:>14} {row[1]:>14}", flush=True)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
