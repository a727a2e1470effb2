"""What the built site's pages load, and its solution toggles, in Chromium (_ext/course_assets.py).

* No page loads Font Awesome (its 1.5 MB script or its web fonts); every icon a page shows is
  still drawn, at phone and desktop widths, from ``_static/course-icons.css``.
* Static sliders' frames are files named by their content, byte for byte the frames stored in
  the notebooks; a page fetches a slider's frame only when the slider comes near the screen,
  and moving a slider fetches the one frame it then shows.
* No page carries ipywidgets state or the scripts that would render it.
* Every solution opens and closes from its title, from its button and from the keyboard, with
  no console error; the button is named "Show solution" / "Hide solution" and has a focus ring
  with at least 3:1 contrast, in light and dark mode.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from site_support import CHAPTERS, DESKTOP, NOTEBOOK_CHAPTERS, PAGES, PHONE, ROOT, SITE, visit

DATA_URL = re.compile(r"data:image/png;base64,([A-Za-z0-9+/]+=*)")


def page_html(page: str) -> str:
    return (SITE / page).read_text(encoding="utf-8")


def sliders(html: str) -> list[str]:
    """The HTML of each static slider of a page (from its div to its closing script)."""
    return re.findall(r'<div class="course-slider">.*?</script>\s*<script>', html, flags=re.S)


def stored_frames(notebook: Path) -> set[str]:
    """sha256 of every slider frame stored in a notebook's outputs."""
    hashes = set()
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html", "")
            text = "".join(text) if isinstance(text, list) else text
            if "course-slider" in text:
                for data in DATA_URL.findall(text):
                    hashes.add(hashlib.sha256(base64.b64decode(data)).hexdigest())
    return hashes


WIDGET_LEFTOVERS = re.compile(
    r"application/vnd\.jupyter\.widget-(?:state|view)\+json"
    r"|require(?:\.min)?\.js|@jupyter-widgets|html-manager|embed-amd|ipywidgets",
    re.I,
)


def widget_leftovers(html: str) -> list[str]:
    """ipywidgets state, or the scripts that render it, in a page's <script> and <link> tags."""
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html, flags=re.I)
    return sorted({match for tag in tags for match in WIDGET_LEFTOVERS.findall(tag)})


def test_the_site_has_pages():
    assert NOTEBOOK_CHAPTERS, f"no notebook chapters in {SITE}"


# --- no unused widget state ---------------------------------------------------------------


def test_the_widget_check_finds_widget_state():
    page = (
        '<script type="application/vnd.jupyter.widget-state+json">{}</script>'
        '<script src="https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@1/dist/embed-amd.js">'
    )
    assert widget_leftovers(page) != []
    assert widget_leftovers("<p>ipywidgets: run the chapter in Binder</p><script></script>") == []


@pytest.mark.parametrize("page", PAGES)
def test_no_page_carries_widget_state_or_its_scripts(page):
    assert widget_leftovers(page_html(page)) == []


# --- slider frames ------------------------------------------------------------------------


@pytest.mark.parametrize("page", NOTEBOOK_CHAPTERS)
def test_slider_frames_are_files_named_by_content_and_unchanged(page):
    html = page_html(page)
    found = sliders(html)
    stored = stored_frames((ROOT / page).with_suffix(".ipynb"))
    assert found and stored, f"{page} should have static sliders"
    served = set()
    for slider in found:
        assert "data:" not in slider, "a frame is still inline"
        image = re.search(r"<img [^>]*>", slider)[0]
        assert 'loading="lazy"' in image and re.search(r'width="\d+" height="\d+"', image)
        for url in re.findall(r'(?:src="|"src":")([^"]+)"', slider):
            assert url.startswith("../_images/frames/"), url
            data = (SITE / page).parent.joinpath(url).resolve().read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            assert Path(url).stem == digest, "a frame's name is its sha256"
            served.add(digest)
    assert served == stored, "the site's frames are exactly the notebook's stored frames"


def frame_requests(page_obj) -> list[str]:
    requests: list[str] = []
    page_obj.on(
        "request", lambda r: requests.append(r.url) if "/_images/frames/" in r.url else None
    )
    return requests


@pytest.mark.parametrize("page", NOTEBOOK_CHAPTERS)
def test_a_page_fetches_only_the_frames_it_shows(site, browser, page):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    requests = frame_requests(tab)
    visit(tab, site, page, "networkidle")
    count = tab.locator(".course-slider").count()
    starts = tab.eval_on_selector_all(".course-slider img", "imgs => imgs.map(i => i.src)")
    # Chromium loads a lazy image once it is within 1250-2500 px of the screen.
    far = tab.eval_on_selector_all(
        ".course-slider img",
        "imgs => imgs.filter(i => i.getBoundingClientRect().top > innerHeight + 3000)"
        ".map(i => i.src)",
    )
    assert count > 0
    assert set(requests) <= set(starts), "only start frames load with the page"
    assert not set(far) & set(requests), "frames far below the screen wait"

    # The last slider: scrolled to, it fetches its start frame; one move fetches one frame.
    last = tab.locator(".course-slider").last
    last.scroll_into_view_if_needed()
    tab.wait_for_function(
        "() => { const i = [...document.querySelectorAll('.course-slider img')].at(-1);"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert starts[-1] in requests
    before = len(requests)
    slider = last.locator("input[type=range]")
    start = int(slider.input_value())
    target = start - 1 if start > 0 else start + 1
    slider.evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        target,
    )
    tab.wait_for_function(
        "() => { const i = [...document.querySelectorAll('.course-slider img')].at(-1);"
        " return i.complete && i.naturalWidth > 0; }"
    )
    shown = last.locator("img").evaluate("i => i.src")
    assert shown != starts[-1]
    assert requests[before:] == [shown], "a move fetches the frame it shows, and only it"
    context.close()


# --- icons --------------------------------------------------------------------------------


# That no page *requests* Font Awesome (script or web fonts) is checked by
# tests/test_site.py::test_page_loads_offline_without_errors, on its one visit to each page.
@pytest.mark.parametrize("page", PAGES)
def test_no_page_names_font_awesome(page):
    assert "fontawesome.js" not in page_html(page)


ICONS = """() => [...document.querySelectorAll("i[class*='fa-'], span[class*='fa-']")]
  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility === "visible")
  .map(e => { const b = getComputedStyle(e, "::before"); const r = e.getBoundingClientRect();
    return {cls: e.className, mask: b.maskImage || b.webkitMaskImage, width: parseFloat(b.width),
            height: parseFloat(b.height), box: [r.x, r.y, r.width, r.height]}; })"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("page", ["index.html", "search.html", *NOTEBOOK_CHAPTERS[:2]])
def test_every_icon_a_page_shows_is_drawn(site, browser, page, viewport):
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    visit(tab, site, page, "networkidle")
    icons = tab.evaluate(ICONS)
    assert icons, "the theme shows icons"
    for icon in icons:
        assert "data:image/svg+xml" in icon["mask"], icon
        assert icon["width"] > 4 and icon["height"] > 4, icon
    # Drawn: each icon in the viewport has pixels of two colours at least (not a blank box).
    shown = [
        i for i in icons if i["box"][1] >= 0 and i["box"][1] + i["box"][3] <= viewport["height"]
    ]
    assert shown
    for icon in shown:
        x, y, w, h = icon["box"]
        shot = tab.screenshot(clip={"x": x, "y": y, "width": max(w, 1), "height": max(h, 1)})
        colours = Image.open(io.BytesIO(shot)).convert("L").getextrema()
        assert colours[1] - colours[0] > 60, f"{icon['cls']} is not drawn"
    context.close()


# --- solutions ----------------------------------------------------------------------------


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


RING = """b => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  let e = b.parentElement, bg = [255, 255, 255, 0];
  while (e) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c; break; } e = e.parentElement; }
  const s = getComputedStyle(b);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: rgb(s.outlineColor), bg};
}"""


def open_state(solution) -> bool:
    return not solution.evaluate("e => e.classList.contains('toggle-hidden')")


def focus_by_tab(tab, button) -> None:
    """Focus the element before ``button`` in tab order, then press Tab."""
    button.evaluate(
        """b => { const all = [...document.querySelectorAll('a[href], button, input, [tabindex]')]
             .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length);
           all[all.indexOf(b) - 1].focus(); }"""
    )
    tab.keyboard.press("Tab")
    assert button.evaluate("b => b === document.activeElement")


# Every solution of a third of the chapters in light mode, and of two in dark mode (the focus
# ring's contrast): one script and one stylesheet serve every chapter, and
# tests/test_site.py::test_solutions_are_hidden_until_opened opens every solution of every
# chapter by its button.
@pytest.mark.parametrize(
    "page, mode",
    [(page, "light") for page in NOTEBOOK_CHAPTERS[::3]]
    + [(page, "dark") for page in NOTEBOOK_CHAPTERS[1:3]],
)
def test_every_solution_opens_from_its_title_button_and_keyboard(site, browser, page, mode):
    context = browser.new_context(viewport=DESKTOP)
    # The theme's own switch stores the reader's choice here; its first script reads it.
    context.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    visit(tab, site, page, "networkidle")
    tab.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'")
    solutions = tab.locator(".solution.admonition")
    assert solutions.count() > 0
    for k in range(solutions.count()):
        solution = solutions.nth(k)
        title = solution.locator(":scope > .admonition-title")
        button = title.locator(".toggle-button")
        assert not open_state(solution)
        assert button.get_attribute("aria-label") == "Show solution"
        assert button.get_attribute("aria-expanded") == "false"

        if mode == "light":  # the mouse, in one mode; the keyboard and the ring in both
            click_title_and_button(tab, solution, title, button)

        # The keyboard: Tab to the button, Enter opens, Space closes; a ring shows focus.
        focus_by_tab(tab, button)
        ring = button.evaluate(RING)
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert contrast(ring["color"], ring["bg"]) >= 3, ring
        tab.keyboard.press("Enter")
        assert open_state(solution)
        assert button.get_attribute("aria-label") == "Hide solution"
        tab.keyboard.press("Space")
        assert not open_state(solution)
        assert button.get_attribute("aria-label") == "Show solution"
    assert errors == []
    context.close()


def click_title_and_button(tab, solution, title, button) -> None:
    # The title: a click on its text that names the exercise (once a link to it), and one on
    # the title's own box.
    text = title.locator("a, .solution-of").first
    text.scroll_into_view_if_needed()
    url, scrolled = tab.url, tab.evaluate("scrollY")
    text.click()
    assert open_state(solution), "a click on the title opens the solution"
    assert tab.url == url and abs(tab.evaluate("scrollY") - scrolled) < 50, "the page stays"
    assert button.get_attribute("aria-label") == "Hide solution"
    assert button.get_attribute("aria-expanded") == "true"
    title.click(position={"x": 5, "y": 5})
    assert not open_state(solution)

    # The button, and the chevron inside it.
    button.click()
    assert open_state(solution)
    button.locator("svg").click(position={"x": 3, "y": 3})
    assert not open_state(solution)


def test_solution_titles_are_text_not_links():
    for page in CHAPTERS:
        titles = re.findall(
            r'<div class="solution[^"]*"[^>]*>\s*<p class="admonition-title">(.*?)</p>',
            page_html(page),
            flags=re.S,
        )
        if page in NOTEBOOK_CHAPTERS:  # each has at least three solutions
            assert len(titles) >= 3, f"{page}: solution titles not found (markup changed?)"
        for title in titles:
            assert "<a " not in title, (page, title)
