"""Sliders: the static one is self-contained and reproducible; the live one redraws."""

import base64
import importlib.util
import io
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PIL import Image
from untrusted_html import sanitize, shown_images, shown_text

from course_lib import plots
from course_lib.landscapes import elongated_bowl
from course_lib.plots import landscape
from course_lib.widgets import StaticSlider, slider


@pytest.fixture(autouse=True, scope="module")
def course_style():
    """The chapters' style, as every chapter sets it: the frames here must pass the same rules."""
    plots.use_style()


def frames_in(page):
    """The frames the slider's script reads: the JSON in its <script type="application/json">."""
    found = re.findall(r'<script type="application/json">(.*?)</script>', page, flags=re.S)
    assert len(found) == 1
    return json.loads(found[0])


def data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def draw_line(fig, value):
    ax = fig.add_subplot()
    x = np.linspace(0, 1, 20)
    ax.plot(x, value * x)
    ax.set_ylim(0, 3)
    ax.set_title(f"slope {value}")


def test_static_slider_has_one_frame_per_value():
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope", start=1.0, alt="A line of slope {value}")
    assert isinstance(s, StaticSlider)
    assert len(s.frames) == 3 and all(f.startswith(b"\x89PNG") for f in s.frames)
    assert len(set(s.frames)) == 3  # each value draws a different picture
    page = s._repr_html_()
    assert page.count("<img") == 1  # the start frame; the script holds the others
    assert 'type="range" min="0" max="2" step="1" value="1"' in page
    assert "<output>1</output>" in page and 'alt="A line of slope 1"' in page
    assert "<script>" in page and "http" not in page  # nothing loaded from the network
    assert frames_in(page) == [
        {"value": "0.5", "alt": "A line of slope 0.5", "src": data_url(s.frames[0])},
        {"value": "1", "alt": "A line of slope 1"},  # shown by the <img>, not stored twice
        {"value": "2", "alt": "A line of slope 2", "src": data_url(s.frames[2])},
    ]


def test_static_slider_is_reproducible():
    # Stored notebook outputs are compared by nbval: the HTML must not change between runs.
    first = slider(draw_line, [1.0, 2.0], label="slope")._repr_html_()
    second = slider(draw_line, [1.0, 2.0], label="slope")._repr_html_()
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first.split("base64,")[0])  # no random ids


def test_live_slider_redraws_on_change():
    box = slider(draw_line, [0.5, 1.0, 2.0], label="slope", live=True)
    control, image = box.children
    assert [label for label, _ in control.options] == ["0.5", "1", "2"]
    assert control.value == 0.5
    first = image.value
    control.value = 2.0
    assert image.value != first and bytes(image.value).startswith(b"\x89PNG")


def test_slider_rejects_bad_input():
    with pytest.raises(TypeError, match="draw must be a function"):
        slider("not a function", [1.0], label="x")
    with pytest.raises(ValueError, match="values is empty"):
        slider(draw_line, [], label="x")
    with pytest.raises(ValueError, match="values must look different"):
        slider(draw_line, [0.101, 0.102], label="x", fmt="{:.1f}")
    with pytest.raises(ValueError, match=r"start must be one of values \[1.0, 2.0\]"):
        slider(draw_line, [1.0, 2.0], label="x", start=3.0)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"label": None}, TypeError, r"label must be a string; got None"),
        ({"label": " "}, ValueError, r"label must say what the slider sets"),
        ({"label": "x", "fmt": None}, TypeError, r"fmt must be a string; got None"),
        (
            {"label": "x", "alt": 3},
            TypeError,
            r"alt must be a string or a function value -> text; got 3",
        ),
    ],
)
def test_slider_rejects_a_label_fmt_or_alt_that_is_not_text_before_drawing(kwargs, error, message):
    calls = []
    with pytest.raises(error, match=message):
        slider(lambda fig, value: calls.append(value), [1.0, 2.0], **kwargs)
    assert calls == []  # rejected at construction, not when a frame is drawn or displayed


def _counting(draw):
    calls = []

    def counted(fig, value):
        calls.append((fig, value, len(fig.axes)))
        draw(fig, value)

    return counted, calls


def test_live_slider_draws_each_value_once_and_keeps_its_frame():
    draw, calls = _counting(draw_line)
    box = slider(draw, [0.5, 1.0, 2.0], label="slope", live=True)
    control, image = box.children
    frames = {0.5: bytes(image.value)}
    for value in (2.0, 1.0):
        control.value = value
        frames[value] = bytes(image.value)
    assert [value for _, value, _ in calls] == [0.5, 2.0, 1.0]
    assert len(set(frames.values())) == 3  # each value has its own picture
    for value in (0.5, 2.0, 1.0, 2.0):  # revisits: shown again, never redrawn
        control.value = value
        assert bytes(image.value) == frames[value]
    assert len(calls) == 3


def test_live_slider_reuses_one_emptied_figure():
    draw, calls = _counting(draw_line)
    box = slider(draw, [0.5, 1.0, 2.0], label="slope", live=True, figsize=(4.0, 2.0), dpi=80)
    control, image = box.children
    control.value = 1.0
    control.value = 2.0
    figures = {id(fig) for fig, _, _ in calls}
    assert len(figures) == 1  # one figure for every frame
    assert [axes_before_draw for _, _, axes_before_draw in calls] == [0, 0, 0]  # emptied each time
    assert Image.open(io.BytesIO(bytes(image.value))).size == (320, 160)  # figsize × dpi


def test_live_frame_matches_the_static_frame():
    # The live slider shows the same picture the website's slider shows for that value.
    static = slider(draw_line, [0.5, 2.0], label="slope", dpi=80)
    live = slider(draw_line, [0.5, 2.0], label="slope", dpi=80, live=True)
    control, image = live.children
    control.value = 2.0
    shown = np.asarray(Image.open(io.BytesIO(bytes(image.value))).convert("RGB"), dtype=float)
    expected = np.asarray(Image.open(io.BytesIO(static.frames[1])).convert("RGB"), dtype=float)
    assert shown.shape == expected.shape
    assert np.mean(np.abs(shown - expected)) < 2.0  # only the 128-colour palettes differ


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _fresh_frame(draw, value, figsize, dpi):
    """The frame as a new figure with its own constrained layout shows it (quantized, as live)."""
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained", facecolor="white")
    canvas = FigureCanvasAgg(fig)
    draw(fig, value)
    canvas.draw()
    rgb = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    return np.asarray(rgb.quantize(128, method=Image.Quantize.FASTOCTREE).convert("RGB"))


def draw_two_panels(fig, value):
    # Titles of every width and height, tick labels that change with the limits, an
    # equal-aspect map whose title can stick out of its box, and a log axis.
    ax_map, ax_curve = fig.subplots(1, 2, width_ratios=[1, 1.4])
    ax_map.plot([0, 1], [0, value], "o-")
    ax_map.set(
        xlim=(0, 1),
        ylim=(0, 1),
        aspect="equal",
        xlabel="w1",
        ylabel="w2",
        title=f"map {value:g}" + (": wider than its map" if value == 4 else ""),
    )
    x = np.arange(1, 30)
    ax_curve.semilogy(x, value**-x)
    ax_curve.set(
        ylim=(10.0 ** -(5 if value < 3 else 30), 10),
        xlabel="step",
        ylabel="loss",
        title=f"loss at rate {value:g}" + ("\n(a second line)" if value == 2.5 else ""),
    )


def test_live_frames_are_the_frames_a_fresh_layout_gives():
    # Reusing a solved layout must not move anything: every frame, drawn in any order,
    # is pixel for pixel the frame a new figure with its own constrained layout gives.
    values = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 3.5]
    box = slider(draw_two_panels, values, label="v", figsize=(5.5, 2.5), dpi=80, live=True)
    control, image = box.children
    for value in values[1:] + [1.0]:
        control.value = value
        assert np.array_equal(
            _pixels(bytes(image.value)), _fresh_frame(draw_two_panels, value, (5.5, 2.5), 80)
        ), value


def test_live_slider_solves_a_layout_only_when_the_frame_needs_a_new_one(monkeypatch):
    solved = []
    solve = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(
        ConstrainedLayoutEngine, "execute", lambda self, fig: solved.append(1) or solve(self, fig)
    )
    box = slider(
        draw_two_panels,
        [1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
        label="v",
        figsize=(5.5, 2.5),
        dpi=80,
        live=True,
    )
    control, _ = box.children
    for value, layouts in [
        (1.5, 1),
        (2.0, 1),  # new titles of the same height: the same layout
        (2.5, 2),  # a two-line title
        (3.0, 3),
        (3.5, 3),
    ]:  # other tick labels on the log axis, then the same
        control.value = value
        assert len(solved) == layouts, value


def test_landscape_from_precomputed_losses_matches_the_function():
    bowl = elongated_bowl()
    w1, w2 = np.meshgrid(np.linspace(-2, 2, 50), np.linspace(-1, 3, 50))
    losses = bowl.value(np.stack([w1, w2], axis=-1))
    pictures = []
    for value in (bowl.value, losses):
        fig = Figure(figsize=(3, 3), dpi=40)
        canvas = FigureCanvasAgg(fig)
        landscape(fig.subplots(), value, (-2, 2), (-1, 3), resolution=50)
        canvas.draw()
        pictures.append(np.asarray(canvas.buffer_rgba()).copy())
    assert np.array_equal(*pictures)
    with pytest.raises(ValueError, match=r"2-D grid of losses; got shape \(50,\)"):
        landscape(Figure().subplots(), losses[0], (-2, 2), (-1, 3))


def test_slider_benchmark_runs(capsys):
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_sliders.py"
    spec = importlib.util.spec_from_file_location("bench_sliders", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert "update-rule" in bench.chapters()
    results = bench.main(["--chapters", "update-rule", "--rounds", "1", "--values", "2"])
    update_rule = results["update-rule"]
    assert update_rule["sliders"] == 2 and update_rule["frames"] == 4  # 2 values on each slider
    assert 0 < update_rule["draw"] + update_rule["agg"] <= update_rule["first"]
    assert update_rule["revisit"] < update_rule["first"]  # a revisit draws nothing
    assert "update-rule" in capsys.readouterr().out


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _executor_module():
    path = Path(__file__).resolve().parent.parent / "scripts" / "execute_notebooks.py"
    spec = importlib.util.spec_from_file_location("execute_notebooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_executor_drops_widget_views_and_keeps_the_rest():
    widget = nbformat.v4.new_output(
        "execute_result",
        {
            WIDGET_VIEW: {"model_id": "0" * 32, "version_major": 2, "version_minor": 0},
            "text/plain": "VBox(children=(SelectionSlider(description='slope'),))",
        },
    )
    printed = nbformat.v4.new_output("stream", name="stdout", text="loss 0.25\n")
    html_result = nbformat.v4.new_output(
        "execute_result", {"text/html": "<b>1</b>", "text/plain": "1"}
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("slider(..., live=True)", outputs=[printed, widget]),
            nbformat.v4.new_code_cell("1", outputs=[html_result]),
            nbformat.v4.new_markdown_cell("text"),
        ]
    )
    assert _executor_module().drop_widget_views(notebook) == 1
    assert notebook.cells[0].outputs == [printed]
    assert notebook.cells[1].outputs == [html_result]


def test_stored_notebooks_hold_no_widget_views():
    # A widget view means nothing without the kernel that made it: a freshly opened
    # notebook would show "VBox(children=(SelectionSlider(..." in its place.
    book = Path(__file__).resolve().parent.parent / "book"
    stale = []
    for path in sorted(book.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for k, cell in enumerate(notebook.cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                text = "".join(data.get("text/plain", ""))
                if WIDGET_VIEW in data or re.match(r"(VBox|HBox|Box)\(children=", text):
                    stale.append(f"{path.name} cell {k}")
    assert not stale, f"widget outputs stored (re-run scripts/execute_notebooks.py): {stale}"


# --- A freshly opened, untrusted notebook: no script, and JupyterLab's sanitizer ---


def test_untrusted_static_slider_shows_only_its_start_frame():
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope", start=2.0, alt="A line of slope {value}")
    tree = sanitize(s._repr_html_())
    images = shown_images(tree)
    assert len(images) == 1
    assert images[0].attrs["src"] == data_url(s.frames[2])
    assert images[0].attrs["alt"] == "A line of slope 2"
    assert "Run this cell to move the slider" in shown_text(tree)
    (control,) = tree.find_all("input")
    assert "disabled" in control.attrs  # a slider that cannot move says so
    for other in s.frames[:2]:  # the other frames are gone
        assert base64.b64encode(other).decode("ascii")[:200] not in str(tree)


def test_untrusted_model_catches_frames_hidden_by_attributes():
    # The check above can fail: frames hidden with `hidden`, or kept in a <template>
    # (which the sanitizer unwraps), all show in this model.
    png = "data:image/png;base64,AAAA"
    hidden = f'<img src="{png}" alt="a"><img src="{png}" alt="b" hidden>'
    template = f'<img src="{png}" alt="a"><template><img src="{png}" alt="b"></template>'
    assert len(shown_images(sanitize(hidden))) == 2 and len(shown_images(sanitize(template))) == 2


def test_slider_text_cannot_break_out_of_its_script():
    s = slider(draw_line, [1.0, 2.0], label="x", alt="</script><b>{value}</b> & more")
    page = s._repr_html_()
    assert page.count("</script>") == 2  # the frames' JSON and the script, nothing else
    assert frames_in(page)[1]["alt"] == "</script><b>2</b> & more"


# --- Where the script runs (the website, a trusted notebook): a real browser ---


# `browser_page` (a page in Debian's Chromium) comes from tests/conftest.py.


def test_static_slider_script_shows_the_chosen_frame(browser_page):
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope", start=1.0, alt="A line of slope {value}")
    page = browser_page
    page.set_content(f"<body>{s._repr_html_()}</body>")
    root = page.locator(".course-slider")
    assert root.locator("input").is_enabled() and root.locator(".course-slider-note").count() == 0
    for k in (2, 0, 1):
        root.locator("input").evaluate(
            "(r, k) => { r.value = k; r.dispatchEvent(new Event('input')); }", k
        )
        assert root.locator("img").count() == 1
        assert root.locator("img").get_attribute("src") == data_url(s.frames[k])
        assert root.locator("img").get_attribute("alt") == f"A line of slope {s.values[k]}"
        assert root.locator("output").inner_text() == s.values[k]
        # A screen reader hears the value, not the frame's index.
        assert root.locator("input").get_attribute("aria-valuetext") == f"slope = {s.values[k]}"


def test_static_slider_says_its_value_without_the_script():
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope <s>", start=2.0)
    assert 'aria-label="slope &lt;s&gt;" aria-valuetext="slope &lt;s&gt; = 2"' in s._repr_html_()


def test_static_slider_keeps_its_arrow_keys_from_the_notebook(browser_page):
    # JupyterLab's command mode listens for keys on the document: the arrows must
    # move the slider and never reach it.
    s = slider(draw_line, [0.5, 1.0, 2.0], label="slope")
    page = browser_page
    page.set_content(f"<body>{s._repr_html_()}</body>")
    page.evaluate(
        "() => { window.keysSeen = [];"
        " document.addEventListener('keydown', e => keysSeen.push(e.key)); }"
    )
    page.locator(".course-slider input").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(".course-slider output").inner_text() == "2"
    assert page.locator(".course-slider img").get_attribute("src") == data_url(s.frames[2])
    assert page.evaluate("() => keysSeen") == []


def test_alt_may_be_a_function_of_the_value():
    # Alt text that says what the frame shows, computed from the run it draws.
    s = slider(draw_line, [0.5, 2.0], label="slope", alt=lambda v: f"slope {v:g}: ends at {v:.1f}")
    assert s.alts == ("slope 0.5: ends at 0.5", "slope 2: ends at 2.0")
    assert 'alt="slope 0.5: ends at 0.5"' in s._repr_html_()
    assert [f["alt"] for f in frames_in(s._repr_html_())] == list(s.alts)
    live = slider(draw_line, [0.5, 2.0], label="slope", alt=lambda v: f"slope {v:g}", live=True)
    assert bytes(live.children[1].value).startswith(b"\x89PNG")  # the live slider still draws


@pytest.mark.parametrize(
    ("alt", "error", "message"),
    [
        (
            lambda v: 3,
            TypeError,
            r"alt must return the alt text as a string; alt\(0.5\) returned 3",
        ),
        (lambda v: " ", ValueError, r"alt must say what the frame shows; alt\(0.5\) returned ' '"),
    ],
)
def test_an_alt_function_must_return_text(alt, error, message):
    with pytest.raises(error, match=message):
        slider(draw_line, [0.5, 2.0], label="slope", alt=alt)


def test_every_frame_carries_its_smallest_text_size():
    from course_lib.plots import FIGURE_DPI, FIGURE_WIDTH, min_text_px

    s = slider(draw_line, [0.5, 2.0], label="slope")
    live = slider(draw_line, [0.5, 2.0], label="slope", live=True)
    expected = round(10 * FIGURE_DPI / 72, 2)  # matplotlib's default 10 pt tick labels
    assert [min_text_px(f) for f in s.frames] == [expected, expected]
    assert min_text_px(bytes(live.children[1].value)) == expected
    assert Image.open(io.BytesIO(s.frames[0])).size[0] == round(FIGURE_WIDTH * FIGURE_DPI)


def test_an_unreadable_frame_is_refused():
    from course_lib.plots import UnreadableFigure

    def tiny_text(fig, value):
        draw_line(fig, value)
        fig.axes[0].text(0.5, 0.5, "tiny", fontsize=5)

    with pytest.raises(
        UnreadableFigure,
        match=r"slider 'slope', frame 0.5: figure 'slope 0.5', text 'tiny' at 5 pt",
    ):
        slider(tiny_text, [0.5, 2.0], label="slope")
    with pytest.raises(UnreadableFigure, match=r"phone"):
        slider(draw_line, [0.5], label="slope", figsize=(10.0, 3.0))  # 1000 px wide
    with pytest.raises(UnreadableFigure, match=r"'tiny' at 5 pt"):
        slider(tiny_text, [0.5, 2.0], label="slope", live=True)
