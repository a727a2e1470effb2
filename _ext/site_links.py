"""Links to the published site become links within the built site.

The chapter notebooks link to each other by the published site's address
(``https://<owner>.github.io/<repo>/book/<page>.html``, written by
``scripts/sync_notebooks.py``), because that is the one form of link that works
in Colab, JupyterLab and on the site. When the book is built, this extension
rewrites each such link to the page in the same build: the site then works
offline and from any address, and a link to a page that does not exist is a
build warning (the strict build fails on it).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def site_url(repo_url: str) -> str | None:
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", repo_url or "")
    return f"https://{match[1].lower()}.github.io/{match[2]}/" if match else None


def rewrite(app, doctree, fromdocname: str) -> None:
    site = site_url(app.config.html_theme_options.get("repository_url", ""))
    if site is None or not hasattr(app.builder, "get_relative_uri"):
        return
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith(site):
            continue
        path, _, anchor = uri[len(site) :].partition("#")
        docname = path.removesuffix(".html")
        if not path.endswith(".html") or docname not in app.env.all_docs:
            logger.warning(
                f"link to {uri}: no page {docname!r} in this book", location=(fromdocname, ref.line)
            )
            continue
        ref["refuri"] = app.builder.get_relative_uri(fromdocname, docname) + (
            f"#{anchor}" if anchor else ""
        )
        ref["internal"] = True
        ref["classes"] = [c for c in ref.get("classes", []) if c != "external"]


def setup(app):
    app.connect("doctree-resolved", rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
