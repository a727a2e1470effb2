"""Measure what each page of the built site costs a reader on a slow phone network.

    .venv/bin/python scripts/measure_pages.py [--site _build/html] [PAGE ...]

Every page is loaded cold (a fresh browser context: empty cache) in Debian's Chromium under
"Slow 4G" emulation, Lighthouse's preset: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, and
the CPU slowed 4×. The site is served on 127.0.0.1 the way a static host such as GitHub Pages
serves it: text compressed with gzip, images and fonts as they are. For each page it prints

* requests and bytes: what the load transferred until the network went quiet (gzipped where the
  server compresses), everything included: HTML, scripts, styles, fonts, figures, slider frames;
* first paint: when the browser first drew content (First Contentful Paint);
* math visible: when every formula can be seen: typeset (MathJax's promise, where a page still
  uses MathJax) or, for math rendered at build time, the page's style sheets applied and every
  font it uses loaded. A page without math shows "-".

Targets (issue: a site that works on a phone): at most 1.0 MB gzipped per chapter, first paint
within 2.5 s and all math visible within 5 s. ``tests/test_site_speed.py`` runs this
measurement over every page and asserts the weight, and the times against generous multiples of
the targets (a loaded CI machine is slower; the printed figures are the measurement).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import mimetypes
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SLOW_4G = {  # Lighthouse's "Slow 4G"; Chrome DevTools takes bytes per second and milliseconds
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4
PHONE = {"width": 390, "height": 844}
TARGET_GZIP_BYTES = 1_000_000
TARGET_FIRST_PAINT_S = 2.5
TARGET_MATH_S = 5.0
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")

# Runs in the page before its own scripts: records, every frame, whether the math can be seen.
_WATCH_MATH = """
(() => {
  const start = performance.now();
  const has_math = () => document.querySelector(
    ".math, .katex, mjx-container, .course-quiz.mathjax_process") !== null;
  let mathjax_done = false;
  function sheets_ready() {
    return [...document.querySelectorAll("link[rel=stylesheet]")].every((link) => link.sheet);
  }
  function check() {
    if (document.readyState === "loading") return requestAnimationFrame(check);
    if (!has_math()) { window.__mathVisible = -1; return; }
    if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
      window.MathJax.startup.promise.then(() => { mathjax_done = true; });
    }
    // Lay the page out first (reading offsetWidth forces it): only then has the browser asked for
    // every font the formulas use, so "loaded" cannot be read before a font is even requested.
    const ready = window.MathJax ? mathjax_done
      : sheets_ready() && document.body.offsetWidth >= 0 && document.fonts.status === "loaded"
        && [...document.fonts].every((face) => face.status !== "loading");
    if (ready) { window.__mathVisible = performance.now(); return; }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host does: text gzipped when the browser accepts it."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # every measured load is cold
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 with gzip, as a static host does; yields its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(site))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Load:
    """One cold load of a page under Slow 4G."""

    page: str
    requests: int
    transferred: int  # bytes on the wire: bodies as sent (gzipped text) and headers
    first_paint_s: float
    math_visible_s: float | None  # None: the page has no math

    def row(self) -> str:
        math = "-" if self.math_visible_s is None else f"{self.math_visible_s:5.2f}"
        return (
            f"{self.page:34} {self.requests:5d} {self.transferred / 1e6:8.3f} "
            f"{self.first_paint_s:7.2f} {math:>7}"
        )


def measure(
    browser, address: str, page_path: str, timeout_s: float = 90, slow: bool = True
) -> Load:
    """Load ``page_path`` cold under Slow 4G on a phone-sized screen; what it took.

    ``slow=False`` loads it at the machine's full speed instead, in a fraction of the time: the
    same requests and bytes, and the favicon, which a slow load asks for only after the network
    has gone quiet (``tests/test_site_speed.py`` checks this); its times mean nothing.
    """
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if slow:
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        sizes: list[int] = []
        cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
        page.add_init_script(_WATCH_MATH)
        page.goto(f"{address}/{page_path}", wait_until="networkidle", timeout=timeout_s * 1000)
        page.wait_for_function("() => window.__mathVisible !== undefined", timeout=timeout_s * 1000)
        paint = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        math = page.evaluate("() => window.__mathVisible")
        return Load(
            page=page_path,
            requests=len(sizes),
            transferred=int(sum(sizes)),
            first_paint_s=paint / 1000,
            math_visible_s=None if math < 0 else math / 1000,
        )
    finally:
        context.close()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright (no browser is downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        try:
            yield browser
        finally:
            browser.close()


def pages_of(site: Path) -> list[str]:
    """The site's pages that a reader opens: the chapters, reference pages and the search."""
    found = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    return sorted(p for p in found if p.startswith("book/") or p == "search.html")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("pages", nargs="*", help="pages to measure (default: every page)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        parser.error(f"no site in {args.site}: run `make book` first")
    pages = args.pages or pages_of(args.site)
    print(
        f"Cold loads at {PHONE['width']}x{PHONE['height']} under Slow 4G "
        f"(1.6 Mbit/s, {SLOW_4G['latency']} ms, CPU x{CPU_SLOWDOWN}); gzip as a static host."
    )
    print(f"{'page':34} {'reqs':>5} {'MB sent':>8} {'paint s':>7} {'math s':>7}")
    loads = []
    with serve(args.site) as address, chromium() as browser:
        for page_path in pages:
            load = measure(browser, address, page_path)
            loads.append(load)
            print(load.row(), flush=True)
    maths = [load.math_visible_s for load in loads if load.math_visible_s is not None]
    print(
        f"median: {statistics.median(load.transferred for load in loads) / 1e6:.3f} MB, "
        f"first paint {statistics.median(load.first_paint_s for load in loads):.2f} s"
        + (f", math {statistics.median(maths):.2f} s" if maths else "")
    )
    worst_weight = max(loads, key=lambda load: load.transferred)
    worst_paint = max(loads, key=lambda load: load.first_paint_s)
    print(
        f"largest: {worst_weight.page} {worst_weight.transferred / 1e6:.3f} MB "
        f"(target {TARGET_GZIP_BYTES / 1e6:.1f}); slowest first paint: {worst_paint.page} "
        f"{worst_paint.first_paint_s:.2f} s (target {TARGET_FIRST_PAINT_S})"
        + (f"; slowest math: {max(maths):.2f} s (target {TARGET_MATH_S})" if maths else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
