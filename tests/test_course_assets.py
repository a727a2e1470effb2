"""The build extension's icon stylesheet (_ext/course_assets.py), on small made-up stylesheets.

The built site's icons are tested in Chromium (test_site_assets.py); these tests pin down the
CSS reading that a page cannot show at one width: a theme icon that applies only inside an
@media rule keeps that condition when it becomes a mask.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("course_assets", ROOT / "_ext" / "course_assets.py")
assert _spec is not None and _spec.loader is not None
course_assets = importlib.util.module_from_spec(_spec)
sys.modules["course_assets"] = course_assets
_spec.loader.exec_module(course_assets)

PACKS = {"unicode": {"f05a": (512, 512, "M0 0h512v512H0z")}}


def test_css_rules_keep_the_media_and_supports_rules_around_them():
    css = """/* a comment { with braces } */
    .a{color:red}
    @media (min-width:1200px){.b::before{content:"x"}@supports (mask:none){.c{top:0}}}
    @font-face{font-family:F;src:url(f.woff2)}
    @keyframes spin{0%{transform:none}100%{transform:rotate(1turn)}}
    .d,.e{margin:0}"""
    assert course_assets.css_rules(css) == [
        (".a", "color:red", ()),
        (".b::before", 'content:"x"', ("@media (min-width:1200px)",)),
        (".c", "top:0", ("@media (min-width:1200px)", "@supports (mask:none)")),
        (".d,.e", "margin:0", ()),
    ]


def test_a_theme_icon_inside_media_becomes_a_mask_at_the_same_widths_only():
    css = (
        ':root{--pst-icon-info:"\\f05a"}'
        ".everywhere::before{content:var(--pst-icon-info)}"
        "@media (min-width:1200px){.wide::after{content:var(--pst-icon-info)}}"
        ".fa-info::before{content:var(--pst-icon-info)}"  # Font Awesome's own: done by name
    )
    rules = course_assets.pseudo_icon_rules([css], PACKS)
    assert len(rules) == 2
    assert rules[0].startswith(".everywhere::before{content:''")
    assert rules[1].startswith("@media (min-width:1200px){.wide::after{content:''")
    assert rules[1].endswith("}}") and rules[1].count("{") == rules[1].count("}")
    assert all("var(--course-fa-f05a)" in rule for rule in rules)
