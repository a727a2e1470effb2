"""Figures read on a phone: the sizing rule of course_lib.plots, and every stored figure obeys it.

Every PNG stored in a chapter notebook, a figure or any frame of a static slider, carries its
smallest text size (image px, ``plots.TEXT_CHUNK``) and, scaled into the article column
(``plots.PHONE_COLUMN_PX`` CSS px on a 390 px phone, ``plots.DESKTOP_COLUMN_PX`` on a 1280 px
desktop), that text is at least 9 CSS px on the phone and 11 on the desktop. The browser test
(tests/test_site_figures.py) measures the same on the built site.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from matplotlib.figure import Figure
from PIL import Image

from course_lib import plots

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def stored_pngs(path: Path) -> list[tuple[str, bytes]]:
    """(where, PNG bytes) of every figure and every slider frame stored in a notebook."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                found.append((f"cell {number} figure", base64.b64decode(data["image/png"])))
            page = data.get("text/html", "")
            if 'class="course-slider"' in page:
                urls = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
                frames = re.findall(r'<script type="application/json">(.*?)</script>', page, re.S)
                urls += [f["src"].split(",", 1)[1] for f in json.loads(frames[0]) if "src" in f]
                found += [(f"cell {number} slider frame", base64.b64decode(u)) for u in urls]
    return found


def problems(png: bytes) -> list[str]:
    """Why a stored PNG breaks the rule (empty if it does not)."""
    width = Image.open(io.BytesIO(png)).size[0]
    text = plots.min_text_px(png)
    if text is None:
        return [f"no {plots.TEXT_CHUNK!r} chunk: not drawn by plots.render_png"]
    found = []
    for place, column, least in (
        ("phone", plots.PHONE_COLUMN_PX, plots.MIN_PHONE_TEXT_PX),
        ("desktop", plots.DESKTOP_COLUMN_PX, plots.MIN_DESKTOP_TEXT_PX),
    ):
        shown = text * min(1.0, column / width)
        if shown < least:
            found.append(f"{text} px text, {width} px wide: {shown:.1f} CSS px on a {place}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_figure_reads_on_a_phone(path):
    pngs = stored_pngs(path)
    assert pngs, f"{path.name} stores no figure"
    broken = {where: why for where, png in pngs if (why := problems(png))}
    assert not broken, f"{path.name}: {broken}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_figure_failed_to_render(path):
    # A figure the formatter refused shows a traceback and only "<Figure size ...>" as text.
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name} cell {number}"
            data = output.get("data", {})
            if data.get("text/plain", "").startswith("<Figure size"):
                assert "image/png" in data, f"{path.name} cell {number}: a figure without PNG"


def _figure(width: float, *, legend_pt: float | None = None, title: str = "A test figure"):
    fig = Figure(figsize=(width, 3.0), dpi=plots.FIGURE_DPI, layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set(title=title, xlabel="x", ylabel="y")
    if legend_pt is not None:
        ax.legend(fontsize=legend_pt)
    return fig


@pytest.fixture
def course_style():
    with plt.rc_context():
        plots.use_style()
        yield


def test_a_figure_in_the_course_style_reads_on_a_phone(course_style):
    fig = _figure(plots.FIGURE_WIDTH, legend_pt=plots.MIN_FONT_PT)
    png = plots.render_png(fig)
    image = Image.open(io.BytesIO(png))
    assert image.size == (round(plots.FIGURE_WIDTH * plots.FIGURE_DPI), 300)  # figsize × dpi
    assert plots.min_text_px(png) == round(plots.MIN_FONT_PT * plots.FIGURE_DPI / 72, 2)
    assert problems(png) == []
    assert plots.figure_size(2) == (plots.FIGURE_WIDTH, 6.0)


def test_yesterdays_figures_break_the_rule(course_style):
    # The chapters' figures before this rule: 7-11 inches wide, legends at 8-9 pt.
    with pytest.raises(plots.UnreadableFigure, match=r"figure 'Cost'.*'a line' at 8 pt.*phone"):
        plots.render_png(_figure(11.0, legend_pt=8, title="Cost"))
    with pytest.raises(plots.UnreadableFigure, match=r"at most 5\d\d px"):
        plots.render_png(_figure(7.0))  # 10-11 pt text, but 700 px wide: 7.1 CSS px on a phone


def test_too_small_a_font_is_caught_even_in_a_narrow_figure(course_style):
    with pytest.raises(
        plots.UnreadableFigure, match=r"'a line' at 7 pt.*desktop; the course needs at least 11"
    ):
        plots.render_png(_figure(3.0, legend_pt=7))  # 9.7 px: fine on a phone, not a desktop


def test_only_drawn_text_counts(course_style):
    fig = _figure(plots.FIGURE_WIDTH)
    fig.axes[0].text(0.5, 0.5, "hidden", fontsize=3, visible=False)
    fig.axes[0].text(0.5, 0.5, "   ", fontsize=3)  # blank
    assert plots.min_text_px(plots.render_png(fig)) == round(
        plots.MIN_FONT_PT * plots.FIGURE_DPI / 72, 2
    )


def test_a_figure_without_text_is_refused(course_style):
    fig = Figure(figsize=(3, 2))
    fig.subplots().axis("off")
    with pytest.raises(plots.UnreadableFigure, match="has no text"):
        plots.render_png(fig)


def test_the_png_is_deterministic(course_style):
    assert plots.render_png(_figure(5.0)) == plots.render_png(_figure(5.0))


def test_png_without_the_chunk_reads_as_none():
    plain = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(plain, format="PNG")
    assert plots.min_text_px(plain.getvalue()) is None


def test_use_style_makes_the_notebook_show_figures_through_render_png():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        with plt.rc_context():
            plots.use_style()
            data, _ = shell.display_formatter.format(_figure(plots.FIGURE_WIDTH))
            assert plots.min_text_px(data["image/png"]) is not None
            # A figure that breaks the rule is not shown: the error names it.
            errors = []
            shell.showtraceback = lambda *args, **kwargs: errors.append(args)  # type: ignore
            data, _ = shell.display_formatter.format(_figure(10.0, title="Too wide"))
            assert "image/png" not in data
            assert errors and "Too wide" in str(errors[0][0][1])
    finally:
        InteractiveShell.clear_instance()


def test_the_rule_is_shared_with_the_browser_test():
    # 9 CSS px of MIN_FONT_PT text at FIGURE_WIDTH in the phone's column.
    text_px = plots.MIN_FONT_PT * plots.FIGURE_DPI / 72
    width_px = plots.FIGURE_WIDTH * plots.FIGURE_DPI
    assert plots.css_text_px(text_px, width_px, plots.PHONE_COLUMN_PX) >= plots.MIN_PHONE_TEXT_PX
    assert plots.css_text_px(text_px, width_px + 10, plots.PHONE_COLUMN_PX) < 9
    assert plots.css_text_px(text_px, width_px, plots.DESKTOP_COLUMN_PX) == text_px  # not enlarged


def stored_slider_alts(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(where, shown values, alt texts) of every static slider stored in a notebook."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            page = output.get("data", {}).get("text/html", "")
            if 'class="course-slider"' in page:
                frames = json.loads(
                    re.search(r'<script type="application/json">(.*?)</script>', page, re.S)[1]
                )
                found.append(
                    (f"cell {number}", [f["value"] for f in frames], [f["alt"] for f in frames])
                )
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slider_frame_says_what_it_shows(path):
    """Not "Frame 0.1": each frame's alt text names its value and says what happens there."""
    sliders = stored_slider_alts(path)
    assert sliders, "a chapter without a static slider"
    for where, values, alts in sliders:
        assert len(set(alts)) == len(alts), f"{where}: two frames share an alt text"
        for value, alt in zip(values, alts, strict=True):
            assert value in alt, f"{where}: the alt text of frame {value} does not name it: {alt!r}"
            assert len(alt.split()) >= 12, f"{where}: {alt!r} does not say what the frame shows"


def test_a_subscript_counts_at_the_size_it_is_drawn(course_style):
    """Mathtext draws the 1 of $w_1$ at 0.7 times the label's size: 7.7 pt in an 11 pt label."""
    fig = _figure(plots.FIGURE_WIDTH)
    fig.axes[0].set_xlabel("weight $w_1$")
    with pytest.raises(plots.UnreadableFigure, match=r"'weight \$w_1\$' at 7.7 pt.*phone"):
        plots.render_png(fig)
    fig.axes[0].set_xlabel("weight $w_1$", fontsize=plots.SCRIPT_LABEL_PT)
    assert problems(plots.render_png(fig)) == []


def test_log_axes_are_labelled_in_plain_text(course_style):
    """10⁻⁴ in mathtext has a 7 pt exponent; the course's log axes say 1e−4, all one size."""
    fig = Figure(figsize=plots.figure_size(1), dpi=plots.FIGURE_DPI, layout="constrained")
    ax = fig.subplots()
    ax.semilogy([1, 2, 3], [1e-8, 1e-3, 10])
    ax.set(title="Loss", xlabel="step", ylabel="loss")
    png = plots.render_png(fig)
    labels = [label.get_text() for label in ax.get_yticklabels() if label.get_text()]
    assert "1e\u22124" in labels and "1" in labels, labels
    assert not any("$" in label for label in labels), labels
    assert problems(png) == []
