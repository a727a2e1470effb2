"""Math on the built site is rendered when the book is built (KaTeX, _ext/course_math.py).

In Debian's Chromium over the site (``site`` and ``browser`` fixtures, tests/conftest.py):

- every chapter's formulas are already KaTeX HTML in the page as served: with JavaScript
  switched off, each ``span.math``/``div.math`` holds one KaTeX formula with its MathML (what a
  screen reader reads), and no raw LaTeX delimiter is left in the text, quiz feedback included;
- no page requests MathJax or any other math script, and KaTeX's stylesheet and fonts (woff2
  only) come from the site itself;
- no part of a formula is in the tab order.

Then the build itself: a formula that KaTeX cannot render, in a math node or in a raw-HTML output
such as a quiz, fails the build and names the page and the formula (a small Sphinx project built
with the extension).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from site_support import CHAPTERS, DESKTOP, NOTEBOOK_CHAPTERS, PAGES, ROOT, fonts_loaded, visit

sys.path.insert(0, str(ROOT / "_ext"))
import course_math  # _ext/ is not a package

# Everything on a page that looks like LaTeX that no one typeset. Text inside rendered formulas,
# code, scripts and styles does not count; the rest does, hidden quiz feedback included.
RAW_LATEX = r"""() => {
  const skip = 'script, style, pre, code, textarea, .katex';
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    const m = node.data.match(/\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\partial/);
    if (m) found.push(node.data.slice(Math.max(0, m.index - 30), m.index + 40));
  }
  return found;
}"""

# Focusable parts of formulas, except the scroll box of a formula wider than the screen: a
# keyboard must reach that box to scroll it (course_static/scroll-boxes.js makes it, and only it,
# a tab stop).
FOCUSABLE_MATH = """() => [...document.querySelectorAll(
    '.math, .math *, .katex, .katex *, mjx-container, mjx-container *, math, math *')]
  .filter(e => e.tabIndex >= 0 || e.hasAttribute('tabindex') && e.getAttribute('tabindex') !== '-1')
  .filter(e => !(e.matches('.katex-display') && e.scrollWidth > e.clientWidth))
  .map(e => e.outerHTML.slice(0, 80))"""
# Formulas wider than their box that a keyboard cannot reach.
UNREACHABLE_WIDE_MATH = """() => [...document.querySelectorAll('.katex-display')]
  .filter(e => e.scrollWidth > e.clientWidth && e.tabIndex < 0)
  .map(e => e.textContent.slice(0, 60))"""


@pytest.fixture(scope="module")
def static_page(browser, site):
    """A page as the server sends it, with JavaScript switched off: what was built is what shows."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()

    def load(page_path: str):
        visit(page, site, page_path)
        return page

    yield load
    context.close()


@pytest.fixture(scope="module")
def live_page(browser, site):
    """A page with JavaScript on, and every URL it requested."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    def load(page_path: str):
        requests.clear()
        visit(page, site, page_path, "networkidle")
        fonts_loaded(page)
        return page, list(requests)

    yield load
    context.close()


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_math_is_rendered_in_the_page_as_built(static_page, page_path):
    page = static_page(page_path)
    formulas = page.evaluate(
        """() => [...document.querySelectorAll('span.math, div.math')].map(m => [
             m.querySelectorAll('.katex').length,
             m.querySelectorAll('.katex-mathml math annotation').length,
             m.querySelectorAll('.katex-html[aria-hidden="true"]').length])"""
    )
    assert formulas, "no formula on a chapter with math"
    not_one = [f for f in formulas if f != [1, 1, 1]]
    assert not not_one, f"{len(not_one)} of {len(formulas)} formulas are not one KaTeX formula"
    assert page.evaluate(RAW_LATEX) == [], "raw LaTeX left in the page's text"


@pytest.mark.parametrize("page_path", NOTEBOOK_CHAPTERS)
def test_quiz_math_is_rendered(static_page, page_path):
    page = static_page(page_path)
    quizzes = page.locator(".course-quiz")
    assert quizzes.count() > 0, "a notebook chapter without its quiz"
    assert page.locator(".course-quiz .katex").count() > 0, "no rendered formula in the quiz"
    text = page.evaluate(
        "() => [...document.querySelectorAll('.course-quiz')].map(q => {"
        " const c = q.cloneNode(true); c.querySelectorAll('.katex').forEach(k => k.remove());"
        " return c.textContent; }).join(' ')"
    )
    assert "\\(" not in text and "\\[" not in text, "raw LaTeX in a quiz"


@pytest.mark.parametrize("page_path", PAGES)
def test_no_math_script_is_requested(live_page, page_path):
    page, requests = live_page(page_path)
    scripts = [u for u in requests if "mathjax" in u.lower() or "katex" in u and u.endswith(".js")]
    assert scripts == [], "a math script was requested"
    assert page.evaluate("() => typeof window.MathJax") == "undefined"
    assert page.locator("mjx-container").count() == 0
    fonts = [u for u in requests if "/katex/fonts/" in u]
    assert all(u.endswith(".woff2") for u in fonts), f"fonts other than woff2: {fonts}"
    local = [u for u in requests if "katex" in u and not u.startswith(page.url.split("/book/")[0])]
    assert local == [], "KaTeX files from another site"


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_math_is_not_in_the_tab_order(live_page, page_path):
    page, _ = live_page(page_path)
    assert page.evaluate(FOCUSABLE_MATH) == [], "focusable math"
    assert page.evaluate(UNREACHABLE_WIDE_MATH) == [], "a wide formula a keyboard cannot scroll"


def test_tabbing_through_the_densest_chapter_never_lands_in_a_formula(live_page):
    page, _ = live_page("book/momentum-adam.html")
    stops = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary,"
        " [tabindex]')].filter(e => e.tabIndex >= 0).length"
    )
    page.locator("body").focus()
    in_math = []
    for _ in range(stops + 5):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const e = document.activeElement;"
            " if (e && e.matches('.katex-display') && e.scrollWidth > e.clientWidth) return '';"
            " return e && e.closest('.math, .katex, mjx-container')"
            " ? e.outerHTML.slice(0, 60) : '' }"
        )
        if where:
            in_math.append(where)
    assert in_math == [], f"{len(in_math)} tab stops inside formulas"


def test_katex_ships_only_its_stylesheet_and_woff2_fonts():
    from site_support import SITE

    katex = SITE / "_static" / "katex"
    files = sorted(p.relative_to(katex).as_posix() for p in katex.rglob("*") if p.is_file())
    assert "katex.min.css" in files
    fonts = [f for f in files if f.startswith("fonts/")]
    assert fonts and all(f.endswith(".woff2") for f in fonts), files
    assert set(files) == {"katex.min.css", *fonts}
    assert not (SITE / "_static" / "mathjax").exists(), "MathJax is still shipped"


# The extension, on its own.


def test_formulas_in_raw_html_are_found_outside_code_and_attributes():
    html = (
        '<div class="course-quiz mathjax_process"><p>At \\(w = 0.5\\) and</p>\\[x &lt; 1\\]'
        '<code>\\(not math\\)</code><pre>\\[nor\\]</pre><script>"\\(no\\)"</script>'
        '<span title="\\(attr\\)">end</span></div>'
    )
    found = [(tex, display) for _, _, tex, display in course_math.raw_formulas(html)]
    assert found == [("w = 0.5", False), ("x < 1", True)]


def test_display_math_is_wrapped_like_sphinx_does():
    from docutils import nodes

    assert course_math.block_tex(nodes.math_block("", "a = b", nowrap=False)) == "a = b"
    assert course_math.block_tex(nodes.math_block("", "a \\\\ b", nowrap=False)) == (
        "\\begin{split}a \\\\ b\\end{split}"
    )
    assert course_math.block_tex(nodes.math_block("", "a\n\nb", nowrap=False)) == (
        "\\begin{aligned}a\\\\b\\end{aligned}"
    )
    aligned = "\\begin{align}a &= b\\end{align}"
    assert course_math.block_tex(nodes.math_block("", aligned, nowrap=True)) == aligned


def build(tmp_path, page: str) -> subprocess.CompletedProcess:
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['course_math']\nproject = 'math'\n"
    )
    (tmp_path / "index.rst").write_text(textwrap.dedent(page))
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(tmp_path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_extension_renders_math_nodes_and_raw_html(tmp_path):
    result = build(
        tmp_path,
        r"""
        Page
        ====

        Inline :math:`\tfrac{1}{2}\operatorname{ReLU}(z)` and

        .. math::

           \begin{aligned} a &= b \\ c &= d \end{aligned}

        .. raw:: html

           <div class="course-quiz mathjax_process">Quiz \(\partial L/\partial w\)</div>
        """,
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    assert page.count('<span class="katex">') == 3
    assert (
        "\\("
        not in page.split('<div class="course-quiz')[1].split("</div>")[0].split("annotation")[0]
    )
    assert "mathjax" not in page.lower().replace("mathjax_process", "").replace(
        "mathjax_ignore", ""
    )
    assert "katex/katex.min.css" in page and "layout.css" in page


@pytest.mark.parametrize(
    "where, source",
    [
        ("a math node", "Broken :math:`\\frac{1}{\\notamacro}` here."),
        (
            "raw HTML",
            '.. raw:: html\n\n   <div class="course-quiz">\\(\\frac{1}{\\notamacro}\\)</div>\n',
        ),
    ],
)
def test_a_formula_katex_cannot_render_fails_the_build(tmp_path, where, source):
    result = build(tmp_path, f"Page\n====\n\n{source}\n")
    assert result.returncode != 0, f"the build passed with a broken formula in {where}"
    assert "index" in result.stderr and "\\notamacro" in result.stderr, result.stderr
