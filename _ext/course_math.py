"""Math rendered at build time with KaTeX: no math script runs in the reader's browser.

Every formula of every page is turned into KaTeX's HTML (what the eye sees) and MathML (what a
screen reader reads) while the book is built, by ONE Node.js process that runs for the whole
build and renders each page's formulas in one batch. Two kinds of formula are rendered:

- Sphinx's math nodes: ``$..$`` and ``$$..$$`` (MyST dollarmath) and ``\\begin{align}`` blocks
  (MyST amsmath), written as ``<span class="math">`` and ``<div class="math">``;
- formulas in raw HTML, such as the notebooks' stored quiz outputs (``course_lib.quiz``), which
  write ``\\(..\\)`` and ``\\[..\\]``. JupyterLab typesets those with its own MathJax, so the
  notebooks stay as they are; on the site they are rendered here like every other formula.

A formula that KaTeX cannot render fails the build, naming the page and the formula.

KaTeX comes from the npm registry at build time (``make book``; see the Makefile), never
committed: ``_offline/.katex/katex.min.js`` is what Node.js runs here (a hidden folder, so Sphinx
does not copy it to the site), and ``_offline/katex/`` holds ``katex.min.css`` and its woff2
fonts, served from ``_static/katex/`` on the pages that have math. ``course_static/layout.css``
(added to every page) lets a display equation wider than the column scroll inside its own box,
with a shadow at the edge that has more, so that no page pans sideways.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

# Both from `make book`: the first relative to the repository (this file's parent folder), the
# second to the site's _static/ (copied there from _offline/katex/ by html_static_path).
KATEX_JS = "_offline/.katex/katex.min.js"
KATEX_CSS = "katex/katex.min.css"

# Node.js side: reads one JSON array of {tex, display} per line, answers one JSON array of
# {html} or {error} per line. KaTeX's "strict" remarks (LaTeX that KaTeX accepts but LaTeX would
# not) are errors too: the book's formulas must be plain LaTeX.
NODE_SCRIPT = r"""
const katex = require(process.argv[1]);
const readline = require("readline");
const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  const answers = JSON.parse(line).map(({ tex, display }) => {
    try {
      return { html: katex.renderToString(tex, {
        displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "error",
      }) };
    } catch (error) {
      return { error: String(error.message || error) };
    }
  });
  process.stdout.write(JSON.stringify(answers) + "\n");
});
"""


class Katex:
    """One Node.js process with KaTeX loaded, started on the first formula of the build."""

    def __init__(self, katex_js: Path):
        self.katex_js = katex_js
        self.process: subprocess.Popen | None = None
        self.formulas = 0
        self.seconds = 0.0  # spent waiting for KaTeX, reported at the end of the build

    def render(self, formulas: list[tuple[str, bool]]) -> list[dict]:
        """KaTeX's answer for each (tex, display): {'html': ...} or {'error': ...}."""
        if not formulas:
            return []
        started = time.perf_counter()
        if self.process is None:
            node = shutil.which("node")
            if node is None:
                raise ExtensionError("course_math: Node.js (node) is needed to render the math")
            if not self.katex_js.exists():
                raise ExtensionError(
                    f"course_math: no KaTeX at {self.katex_js}: run `make book` once (it installs"
                    " KaTeX from the npm registry)"
                )
            self.process = subprocess.Popen(
                [node, "-e", NODE_SCRIPT, str(self.katex_js)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        request = [{"tex": tex, "display": display} for tex, display in formulas]
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise ExtensionError("course_math: the KaTeX process stopped")
        self.formulas += len(formulas)
        self.seconds += time.perf_counter() - started
        return json.loads(line)

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None


def block_tex(node: nodes.math_block) -> str:
    """The TeX that Sphinx's MathJax renderer would typeset for a display-math node."""
    if node.get("nowrap"):
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    wrapped = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(wrapped) > 1:
        return r"\begin{aligned}" + r"\\".join(wrapped) + r"\end{aligned}"
    return wrapped[0] if wrapped else ""


# Raw HTML: tags, and the elements whose text is never math (code, scripts, styles).
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
VERBATIM = {"script", "style", "pre", "code", "textarea", "kbd", "samp"}
DELIMITED = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)


def raw_formulas(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, tex, display) for each \\(..\\) or \\[..\\] in the text of an HTML fragment."""
    found = []
    verbatim = 0
    position = 0
    for tag in [*TAG.finditer(text), None]:
        end = tag.start() if tag else len(text)
        if not verbatim:
            for m in DELIMITED.finditer(text, position, end):
                tex = m[1] if m[1] is not None else m[2]
                found.append((m.start(), m.end(), html.unescape(tex), m[2] is not None))
        if tag is None:
            break
        position = tag.end()
        name = re.match(r"</?\s*([a-zA-Z0-9]+)", tag[0])
        if name and name[1].lower() in VERBATIM and not tag[0].endswith("/>"):
            verbatim += -1 if tag[0].startswith("</") else 1
            verbatim = max(verbatim, 0)
    return found


def katex_for(app):
    if not hasattr(app, "course_katex"):
        app.course_katex = Katex(Path(__file__).resolve().parent.parent / KATEX_JS)
        app.course_math_failures = []
        app.course_math_pages = set()
    return app.course_katex


def html_of(app, answer: dict, docname: str, tex: str, location) -> str:
    """KaTeX's HTML for a formula; a formula it cannot render is logged, and fails the build."""
    if "html" in answer:
        return answer["html"]
    error = answer["error"]
    app.course_math_failures.append(f"{docname}: {tex!r}: {error}")
    logger.warning(f"KaTeX cannot render {tex!r}: {error}", location=location, type="course_math")
    return f'<span class="course-math-error">{html.escape(tex)}</span>'


def render_page(app, doctree, docname: str) -> None:
    """Render every formula of a page in one batch, and keep the HTML on its node."""
    if app.builder.format != "html":
        return
    katex = katex_for(app)
    maths = [n for n in doctree.findall() if isinstance(n, (nodes.math, nodes.math_block))]
    raws = [
        (node, raw_formulas(node.astext()))
        for node in doctree.findall(nodes.raw)
        if "html" in node.get("format", "").split()
    ]
    raws = [(node, found) for node, found in raws if found]
    request = [
        (block_tex(n), True) if isinstance(n, nodes.math_block) else (n.astext(), False)
        for n in maths
    ]
    request += [(tex, display) for _, found in raws for _, _, tex, display in found]
    answers = iter(katex.render(request))
    if request:
        app.course_math_pages.add(docname)
    for node, (tex, _display) in zip(maths, request[: len(maths)], strict=True):
        node["katex"] = html_of(app, next(answers), docname, tex, node)
    for node, found in raws:
        text = node.astext()
        pieces, position = [], 0
        for start, end, tex, _display in found:
            pieces += [text[position:start], html_of(app, next(answers), docname, tex, node)]
            position = end
        pieces.append(text[position:])
        node.children = [nodes.Text("".join(pieces))]


def on_demand(self, node, display: bool) -> str:
    """A formula that no page's batch saw (in a title rendered elsewhere, say)."""
    if "katex" not in node:
        app = self.builder.app
        tex = block_tex(node) if display else node.astext()
        answer = katex_for(app).render([(tex, display)])[0]
        node["katex"] = html_of(app, answer, self.builder.current_docname, tex, node)
    return node["katex"]


def visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(on_demand(self, node, False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(on_demand(self, node, True) + "</div>\n")
    raise nodes.SkipNode


def add_css(app, pagename, templatename, context, doctree) -> None:
    if pagename in getattr(app, "course_math_pages", ()):
        app.add_css_file(KATEX_CSS)


def finish(app, exception) -> None:
    if not hasattr(app, "course_katex"):
        return
    app.course_katex.close()
    katex = app.course_katex
    logger.info(f"course_math: KaTeX rendered {katex.formulas} formulas in {katex.seconds:.2f} s")
    if app.course_math_failures and exception is None:
        raise ExtensionError(
            "KaTeX cannot render these formulas:\n  " + "\n  ".join(app.course_math_failures)
        )


def use_katex(app, config) -> None:
    config.html_math_renderer = "course_katex"


def setup(app):
    app.add_html_math_renderer("course_katex", (visit_math, None), (visit_math_block, None))
    app.connect("config-inited", use_katex)
    app.connect("doctree-resolved", render_page)
    app.connect("html-page-context", add_css)
    app.connect("build-finished", finish)
    app.add_css_file("layout.css")
    # A formula too wide for the screen scrolls in its box; that box (only) becomes a tab stop.
    app.add_js_file("scroll-boxes.js")
    return {"parallel_read_safe": True, "parallel_write_safe": False}
