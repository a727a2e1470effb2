"""What the browser tests of the built site share: where the site is, its pages, Chromium's flags.

The site is ``_build/html``, or the folder named by the environment variable ``COURSE_SITE``
(so that a build elsewhere, ``jupyter-book build . --path-output DIR``, can be tested without
touching ``_build``). The ``site`` and ``browser`` fixtures (tests/conftest.py) serve it and drive
Debian's Chromium over it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("COURSE_SITE", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [  # no sandbox as root; no background traffic to Google's services
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _pages() -> list[str]:
    if not (SITE / "index.html").exists():
        return []
    pages = [p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")]
    return sorted(p for p in pages if not p.startswith(("_static/", "_sources/", "_images/")))


PAGES = _pages()
"""Every page of the site, relative to its root ('book/one-neuron.html')."""
CHAPTERS = [p for p in PAGES if p.startswith("book/")]
"""The pages of the book: chapters and reference pages."""
NOTEBOOK_CHAPTERS = [p for p in CHAPTERS if (ROOT / p).with_suffix(".ipynb").exists()]
"""The chapters written as notebooks: each has sliders, exercises and a quiz."""


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)


def redirect_of(page_path: str) -> str | None:
    """Where a page only sends the reader (the site's root, index.html), or None for a page."""
    file = SITE / page_path
    found = REFRESH.search(file.read_text(errors="replace")[:2000]) if file.is_file() else None
    return found.group(1) if found else None


def fonts_loaded(tab) -> None:
    """Wait until the page's web fonts (KaTeX's among them) have loaded: the math is rendered
    when the book is built, so once they have, every formula is drawn as a reader sees it."""
    tab.evaluate("() => document.fonts.ready.then(() => true)")


def visit(tab, site: str, page_path: str, wait_until: str = "load"):
    """Open a page as a reader does. A page that only redirects (index.html sends the reader on
    with a meta refresh once it has loaded) is followed to where it leads, so that nothing is
    measured on a document the browser is about to replace."""
    response = tab.goto(f"{site}/{page_path}", wait_until=wait_until)
    target = redirect_of(page_path)
    if target is not None:
        tab.wait_for_url(re.compile(re.escape(target.split("#")[0]) + "$"), wait_until=wait_until)
    return response
