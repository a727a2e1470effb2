"""What each page of the site loads: lighter icons, slider frames as files, working solutions.

Three things, all done while the book is built (nothing third-party is committed):

* **Icons without fontawesome.js.** pydata-sphinx-theme loads Font Awesome's 1.5 MB
  SVG-with-JavaScript bundle on every page, to draw about twenty icons. This extension drops
  that ``<script>`` from every page and writes ``_static/course-icons.css`` instead: one CSS
  mask per icon the built pages (or the theme's scripts) name, drawn with ``currentColor`` so
  that it follows the theme's light and dark colours. The icon shapes come from the installed
  theme's own copy of fontawesome.js (Font Awesome Free, icons under CC BY 4.0), read at build
  time. The mask is drawn on the icon's ``::before``, which replaces the theme's web-font glyph;
  the icons the theme's CSS draws from the web font itself (admonition titles, external links)
  become masks too, so the Font Awesome web fonts (274 KB) are not downloaded either.
* **Slider frames as files.** A static slider (``course_lib.widgets.StaticSlider``) stores
  every frame inline as a ``data:`` URL, so the notebook is self-contained in JupyterLab. On
  the site each frame's bytes, unchanged, become ``_images/frames/<sha256>.<ext>``: the name
  changes whenever the content does, so a browser may cache it for good, and a page fetches
  only the frame a slider shows. The shown ``<img>`` gets ``loading="lazy"`` and its width
  and height (so the page does not jump when it arrives).
* **Solutions that open from their title.** sphinx-exercise writes a solution's title as a
  link to its exercise; sphinx-togglebutton makes the same title the toggle, so a click
  followed the link and the toggle's handler threw. The link becomes plain text (the exercise
  is just above), and ``course_static/solutions.js`` / ``solutions.css`` take over the toggle.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

FRAMES_DIR = "_images/frames"
ICONS_CSS = "course-icons.css"
UNUSED_FONTS = "_static/vendor/fontawesome"  # the theme's Font Awesome web fonts
FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?'
)
DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+=*)")
EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp"}
ICON_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
FAMILIES = {"fas": "solid", "fa-solid": "solid", "fab": "brands", "fa-brands": "brands"}


# --- icons -------------------------------------------------------------------------------


def fontawesome_js() -> Path:
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
    )


ICON_ENTRY = re.compile(
    r'(?:"([^"]+)"|([A-Za-z0-9_$]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]*)","([^"]+)"\]'
)


def read_icon_packs(text: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """family ('solid', 'brands') -> icon name or alias -> (width, height, SVG path).

    Also 'unicode' -> the icon's code point in the web fonts, as hex ('f0c9'), solid first.

    fontawesome.js defines each pack as ``var p={name:[width,height,[aliases],"unicode",
    "path"],...}`` and registers it with ``d("fas",p)`` (or "fab"); the pack is the text
    between the last ``var p={`` before that call and the call.
    """
    packs: dict[str, dict[str, tuple[int, int, str]]] = {}
    for call in re.finditer(r'\bd\("(fas|fab|far)",p\)', text):
        start = text.rfind("var p={", 0, call.start())
        family = {"fas": "solid", "fab": "brands", "far": "regular"}[call[1]]
        pack = packs.setdefault(family, {})
        for entry in ICON_ENTRY.finditer(text, start, call.start()):
            name = entry[1] or entry[2]
            icon = (int(entry[3]), int(entry[4]), entry[7])
            pack[name] = icon
            if entry[6]:
                pack[f"U+{entry[6]}"] = icon
            for alias in re.findall(r'"([a-z][a-z0-9-]*)"', entry[5]):
                pack.setdefault(alias, icon)
    packs["unicode"] = {
        key[2:]: icon
        for family in ("brands", "solid")
        for key, icon in packs.get(family, {}).items()
        if key.startswith("U+")
    }
    return packs


GROUPING_RULES = ("@media", "@supports", "@layer", "@container")  # rules inside still apply


def css_rules(text: str, wrappers: tuple[str, ...] = ()) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each style rule of a stylesheet: (selector, declarations, the @media, @supports, ...
    preludes around it, outermost first). @font-face, @keyframes and the like are skipped."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules: list[tuple[str, str, tuple[str, ...]]] = []
    position = 0
    while (start := text.find("{", position)) >= 0:
        prelude, depth, end = text[position:start].strip(), 1, start + 1
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        inside = text[start + 1 : end - 1]
        if prelude.startswith(GROUPING_RULES):
            rules += css_rules(inside, (*wrappers, prelude))
        elif not prelude.startswith("@"):
            rules.append((prelude, inside, wrappers))
        position = end
    return rules


def glyph_of(value: str, variables: dict[str, str]) -> str | None:
    """The code point (hex) a CSS ``content`` value shows, following var() to its string."""
    for _ in range(10):
        ref = re.fullmatch(r"\s*var\((--[\w-]+)\)\s*", value)
        if not ref:
            break
        value = variables.get(ref[1], "")
    text = re.fullmatch(r"""\s*["'](.*)["']\s*""", value)
    if not text:
        return None
    escaped = re.fullmatch(r"\\([0-9a-fA-F]{4,5})\s?", text[1])
    if escaped:
        return escaped[1].lower()
    if len(text[1]) == 1 and 0xE000 <= ord(text[1]) <= 0xF8FF:
        return f"{ord(text[1]):x}"
    return None


def pseudo_icon_rules(css_texts, packs) -> list[str]:
    """The theme's own icons drawn by ``::before``/``::after`` in the web font, as masks.

    (Admonition titles, external links, a download link...) Each rule keeps its selector and
    the @media (or @supports) rules around it, so the cascade picks the same icon as before, at
    the same widths; the Font Awesome library's own ``.fa-*``
    rules are left alone (the <i> icons are done by name).
    """
    variables: dict[str, str] = {}
    for text in css_texts:
        variables.update(re.findall(r"(--pst-icon-[\w-]+):([^;}]+)", text))
    rules = []
    for text in css_texts:
        for selector, body, wrappers in css_rules(text):
            content = re.search(r"(?:^|;)\s*content:([^;]+)", body)
            if not content or not re.search(r":(?::)?(?:before|after)", selector):
                continue
            if re.search(r"\.fa[\w-]*(?:[:,\s.]|$)", selector):
                continue
            glyph = glyph_of(content[1], variables)
            if glyph is None or glyph not in packs["unicode"]:
                continue
            width, height, _ = packs["unicode"][glyph]
            rule = (
                # content without !important: a rule that hides the icon (content: none)
                # still wins where it did.
                f"{selector}{{content:'';font-family:inherit!important;"
                f"display:inline-block;width:{width / height:.4f}em;height:1em;"
                "background-color:currentColor;"
                f"-webkit-mask:var(--course-fa-{glyph}) center/contain no-repeat;"
                f"mask:var(--course-fa-{glyph}) center/contain no-repeat}}"
            )
            for wrapper in reversed(wrappers):  # only where (at the widths) the theme's applies
                rule = f"{wrapper}{{{rule}}}"
            rules.append(rule)
    return rules


def icon_names_used(texts) -> dict[str, set[str]]:
    """icon name -> the families its class lists name (an empty set: the default, solid)."""
    used: dict[str, set[str]] = {}
    for text in texts:
        for group in re.findall(r'class(?:List)?\s*=\s*"([^"]*)"', text):
            classes = ICON_CLASS.findall(group) + group.split()
            families = {FAMILIES[c] for c in classes if c in FAMILIES}
            for name in ICON_CLASS.findall(group):
                used.setdefault(name[3:], set()).update(families)
    return used


def svg_mask(width: int, height: int, path: str) -> str:
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'>"
        f"<path d='{path}'/></svg>"
    )
    return f'url("data:image/svg+xml,{quote(svg, safe=" /=:,.-")}")'


def icons_css(packs, used: dict[str, set[str]], css_texts=()) -> tuple[str, list[str]]:
    """The stylesheet for the icons ``used`` and the theme CSS's own pseudo-element icons,
    and the names it found no shape for."""
    rules, selectors, missing = [], [], []
    for name in sorted(used):
        solid, brands = packs.get("solid", {}), packs.get("brands", {})
        if name in brands and ("brands" in used[name] or name not in solid):
            width, height, path = brands[name]
        elif name in solid:
            width, height, path = solid[name]
        else:
            missing.append(name)
            continue
        selector = f".fa-{name}::before"
        selectors.append(selector)
        # No element uses Font Awesome's web fonts, so the browser fetches none.
        rules.append(f".fa-{name}{{font-family:inherit!important}}")
        mask = svg_mask(width, height, path)
        rules.append(f"{selector}{{width:{width / height:.4f}em;--course-icon:{mask}}}")
    head = (
        "/* Generated by _ext/course_assets.py: the Font Awesome Free icons these pages use\n"
        "   (https://fontawesome.com, icons CC BY 4.0), as CSS masks, from the copy of\n"
        "   fontawesome.js that pydata-sphinx-theme installs. */\n"
        + ",\n".join(selectors)
        + "{content:''!important;display:inline-block;height:1em;vertical-align:-.125em;"
        "background-color:currentColor;-webkit-mask:var(--course-icon) center/contain no-repeat;"
        "mask:var(--course-icon) center/contain no-repeat}\n"
        # Font Awesome's own SVG rules for the sizes the theme uses.
        ".fa-lg::before{vertical-align:-.2em!important}\n"
        ".fa-fw::before{width:1.25em!important}\n"
        # sphinx-book-theme draws the article header's icons 1.3rem wide.
        ".bd-header-article .btn [class*='fa-']::before{width:1.3rem!important}\n"
        # The theme's rules for <i> icons never applied with fontawesome.js, which replaces
        # each <i> with an <svg>: keep the spacing the pages had.
        ".sidebar-secondary-item i[class*='fa-']{padding-right:0}\n"
    )
    pseudo = pseudo_icon_rules(css_texts, packs)
    glyphs = sorted(set(re.findall(r"--course-fa-([0-9a-f]+)", "".join(pseudo))))
    masks = (
        ":root{"
        + ";".join(f"--course-fa-{g}:{svg_mask(*packs['unicode'][g])}" for g in glyphs)
        + "}\n"
    )
    # The font's glyph sat in the middle of the title's line; the mask box starts at its top.
    centre = (
        ".admonition>.admonition-title::after,div.admonition>.admonition-title::after"
        "{margin-top:calc((1lh - 1em)/2)}\n"
    )
    css = head + "\n".join(rules) + "\n" + masks + "\n".join(pseudo) + "\n" + centre
    return css, missing


def write_icons_css(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*.html"))
        if not p.relative_to(out).as_posix().startswith(("_static/", "_sources/"))
    ]
    # Icons the theme's scripts add later (a banner's close button, say).
    texts += [
        p.read_text(encoding="utf-8", errors="replace")
        for pattern in ("_static/*.js", "_static/scripts/*.js")
        for p in sorted(out.glob(pattern))
        if p.name != "fontawesome.js"
    ]
    css_texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for pattern in ("_static/*.css", "_static/styles/*.css")
        for p in sorted(out.glob(pattern))
        if p.name != ICONS_CSS
    ]
    packs = read_icon_packs(fontawesome_js().read_text())
    css, missing = icons_css(packs, icon_names_used(texts), css_texts)
    modifiers = {"solid", "brands", "regular", "lg", "fw", "xs", "sm", "xl", "2xl", "2xs"}
    for name in missing:
        if name not in modifiers:
            logger.warning(f"course_assets: no Font Awesome icon named {name!r}")
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / ICONS_CSS).write_text(css, encoding="utf-8")
    # Nothing requests Font Awesome's script or web fonts now: the theme copied them (4 MB); the
    # site does not ship them. (Its style sheet still names the fonts, which no element uses.)
    for unused in [*out.glob("_static/scripts/fontawesome.js*"), out / UNUSED_FONTS]:
        if unused.is_dir():
            shutil.rmtree(unused)
        elif unused.exists():
            unused.unlink()


# Accessible names that hide what a control shows (axe: label-content-name-mismatch): the
# theme's search button is labelled "Search" around the visible "Search Ctrl+K", and myst-nb
# labels the summary that shows "Show code cell source" as "Toggle hidden content". Without the
# label, each control is named by what it shows.
MISLEADING_LABELS = re.compile(
    r'(<button class="btn search-button-field [^"]*" title="Search") aria-label="Search"'
    r'|(<summary) aria-label="Toggle hidden content"'
)


def drop_fontawesome(app) -> None:
    """Render every page without the theme's fontawesome.js <script> or misleading labels."""
    if not hasattr(app.builder, "templates"):
        return
    render = app.builder.templates.render

    def render_without_fontawesome(template: str, context: dict) -> str:
        page = FONTAWESOME_SCRIPT.sub("", render(template, context))
        return MISLEADING_LABELS.sub(lambda match: match[1] or match[2], page)

    app.builder.templates.render = render_without_fontawesome


# --- slider frames -----------------------------------------------------------------------


def image_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return None


def frames_to_files(html: str, outdir: Path, page_dir: str) -> str:
    """Move a slider's data: URLs into content-addressed files; returns the rewritten HTML."""

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(match[2])
        name = f"{hashlib.sha256(data).hexdigest()}.{EXTENSIONS[match[1]]}"
        target = outdir / FRAMES_DIR / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return posixpath.relpath(f"{FRAMES_DIR}/{name}", page_dir or ".")

    def img(match: re.Match) -> str:
        tag = match[0]
        src = re.search(r'src="(data:[^"]+)"', tag)
        extra = ' loading="lazy" decoding="async"'
        if src:
            data_url = DATA_URL.fullmatch(src[1])
            size = image_size(base64.b64decode(data_url[2])) if data_url else None
            if size and " width=" not in tag:
                extra += f' width="{size[0]}" height="{size[1]}"'
        return tag[:4] + extra + tag[4:]

    html = re.sub(r"<img\s[^>]*>", img, html)
    return DATA_URL.sub(to_file, html)


def slider_frames(app, doctree, docname: str) -> None:
    if app.builder.format != "html":
        return
    page_dir = posixpath.dirname(app.builder.get_target_uri(docname))
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "html" in raw.get("format", "").split() and "course-slider" in text:
            new = nodes.raw(
                text, frames_to_files(text, Path(app.outdir), page_dir), **raw.attributes
            )
            raw.replace_self(new)


# --- solutions ---------------------------------------------------------------------------


def solution_titles_as_text(app, doctree, docname: str) -> None:
    """A solution's title links to its exercise; make it text, so that a click toggles."""
    from sphinx_exercise.nodes import solution_node

    for solution in doctree.findall(solution_node):
        title = solution.children[0] if solution.children else None
        if not isinstance(title, nodes.title):
            continue
        for ref in list(title.findall(nodes.reference)):
            ref.replace_self(nodes.inline("", "", *ref.children, classes=["solution-of"]))


def add_assets(app) -> None:
    # After sphinx-togglebutton's own script (priority 500), whose handlers solutions.js replaces.
    app.add_js_file("solutions.js", priority=600)
    app.add_css_file("solutions.css", priority=600)
    app.add_css_file(ICONS_CSS, priority=600)


def setup(app):
    app.connect("builder-inited", add_assets)
    app.connect("builder-inited", drop_fontawesome)
    app.connect("doctree-resolved", slider_frames)
    app.connect("doctree-resolved", solution_titles_as_text)
    app.connect("build-finished", write_icons_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
