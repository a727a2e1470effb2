"""What a freshly opened, untrusted notebook in JupyterLab makes of stored HTML, modelled in Python.

JupyterLab 4 passes an untrusted output's HTML through its sanitizer
(sanitize-html with JupyterLab's allow-lists): scripts go with their content,
tags outside the allow-list are unwrapped (their content stays: a <template>'s
images show), and attributes are dropped: ``hidden``, ``data-*``, event handlers
such as ``onclick``, ``role``, ``aria-*``. (Seen in JupyterLab 4.6.6 with a probe
output: all of these went, ``<details>``, ``open``, ``disabled`` and ``style`` stayed.
The course now pins JupyterLab 4.5.11, whose result tests/test_lab.py checks on real
chapters.)

``sanitize`` returns the resulting tree; ``shown`` walks what a reader sees before
opening anything: it skips the body of every closed ``<details>``, but not its
``<summary>``. The tests use these to check, without a browser, that a quiz gives
nothing away and a static slider shows one frame. scripts/untrusted_lab_check.py
checks the same in a real JupyterLab.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

# JupyterLab 4.6's allowed tags (@jupyterlab/apputils sanitizer).
ALLOWED_TAGS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote br button canvas "
    "caption center cite code col colgroup colspan command data datalist dd del details dfn dir "
    "div dl dt em fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr "
    "i img input ins kbd label legend li map mark menu meter nav nobr ol optgroup option output p "
    "pre progress q rowspan s samp section select small source span strike strong sub summary sup "
    "table tbody td textarea tfoot th thead time tr track tt u ul var video wbr".split()
)
DROPPED_WITH_CONTENT = frozenset({"script", "style", "textarea", "option"})
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"})


def _kept(name: str) -> bool:
    return not (name == "hidden" or name.startswith(("data-", "on", "aria-")) or name == "role")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def find_all(self, tag: str) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]
        self.dropping = 0  # depth inside an element removed with its content

    def handle_starttag(self, tag, attrs):
        if self.dropping or tag in DROPPED_WITH_CONTENT:
            self.dropping += tag not in VOID
            return
        if tag not in ALLOWED_TAGS:
            return  # unwrapped: its content stays, in its parent
        element = Element(tag, {k: v for k, v in attrs if _kept(k)})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.dropping:
            self.dropping -= 1
            return
        if tag not in ALLOWED_TAGS or tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.dropping:
            self.stack[-1].children.append(data)


def sanitize(page: str) -> Element:
    """The tree JupyterLab keeps of an untrusted output's HTML."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


def shown(element: Element) -> Iterator[Element | str]:
    """Every element and text a reader sees before opening anything."""
    for child in element.children:
        yield child
        if not isinstance(child, Element):
            continue
        if child.tag == "details" and "open" not in child.attrs:
            for summary in (
                c for c in child.children if isinstance(c, Element) and c.tag == "summary"
            ):
                yield summary
                yield from shown(summary)
        else:
            yield from shown(child)


def shown_text(element: Element) -> str:
    return "".join(item for item in shown(element) if isinstance(item, str))


def shown_images(element: Element) -> list[Element]:
    return [item for item in shown(element) if isinstance(item, Element) and item.tag == "img"]
