"""plots.computational_graph: every label drawn in its place, readable; bad input refused."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from course_lib import plots

NODES = {
    "x": (0, 2, "x"),
    "w": (-2, 1, "$w_1$"),
    "times": (0, 1, "×"),
    "L": (0, 0, "L"),
}
EDGES = [
    ("x", "times", "x = 1.5", "∂L/∂x = −0.1177"),
    ("w", "times", "w = 0.8", "∂L/∂w = −0.2207"),
    ("times", "L", "L = 1.2", ""),
]


@pytest.fixture
def drawn():
    fig = Figure(figsize=plots.figure_size(height=3.0), dpi=plots.FIGURE_DPI, layout="constrained")
    ax = fig.subplots()
    plots.computational_graph(ax, NODES, EDGES)
    ax.set_title("A small graph")
    return fig, ax


def _wire_labels(ax):
    return {t.get_text(): t for t in ax.texts if isinstance(t, Annotation)}


def test_every_label_given_is_drawn_and_no_other(drawn):
    _, ax = drawn
    node_labels = {label for _, _, label in NODES.values()}
    wire_labels = {text for edge in EDGES for text in edge[2:] if text}
    drawn_texts = [t.get_text() for t in ax.texts]
    assert sorted(drawn_texts) == sorted(node_labels | wire_labels)
    assert "" not in drawn_texts  # an empty gradient draws nothing


def test_values_and_gradients_in_their_colours_on_their_sides(drawn):
    _, ax = drawn
    labels = _wire_labels(ax)
    for _, _, forward, backward in EDGES:
        assert labels[forward].get_color() == plots.COLORS["blue"]
        if backward:
            assert labels[backward].get_color() == plots.COLORS["vermillion"]
    # x -> times runs down: value on the left, gradient on the right.
    assert labels["x = 1.5"].xyann[0] < 0 < labels["∂L/∂x = −0.1177"].xyann[0]
    # w -> times runs left to right: value above, gradient below.
    assert labels["w = 0.8"].xyann[1] > 0 > labels["∂L/∂w = −0.2207"].xyann[1]
    # Each label sits at the middle of its wire.
    assert labels["w = 0.8"].xy == (-1.0, 1.0)


def test_text_sizes_follow_the_figure_rules(drawn):
    fig, ax = drawn
    sizes = {t.get_text(): t.get_fontsize() for t in ax.texts}
    assert sizes["$w_1$"] == plots.SCRIPT_LABEL_PT  # a subscript is drawn at 0.7 times this
    assert min(sizes.values()) >= plots.MIN_FONT_PT
    png = plots.render_png(fig)  # raises UnreadableFigure if any text is too small or cut off
    assert plots.min_text_px(png) >= plots.MIN_FONT_PT * plots.FIGURE_DPI / 72 - 0.01


def test_wires_stop_at_the_boxes(drawn):
    """An arrow from centre to centre would run under the boxes and hide its head."""
    fig, ax = drawn
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = {
        name: t
        for t in ax.texts
        for name, (_, _, label) in NODES.items()
        if t.get_text() == label and not isinstance(t, Annotation)
    }
    wires = [p for p in ax.patches if isinstance(p, plots._Wire)]
    assert len(wires) == len(EDGES)
    for wire, (source, target, _, _) in zip(wires, EDGES, strict=True):
        path = wire._get_path_in_displaycoord()[0][0]
        for end in (source, target):
            box = boxes[end].get_bbox_patch().get_window_extent(renderer).shrunk(0.9, 0.9)
            inside = [v for v in path.vertices if box.contains(*v)]
            assert not inside, f"wire {source} -> {target} enters the box of {end}"


def test_axes_span_the_nodes_and_are_hidden(drawn):
    _, ax = drawn
    assert ax.get_xlim() == (-2.5, 0.5) and ax.get_ylim() == (-0.5, 2.5)
    assert not ax.axison


BAD = [
    ({}, EDGES, "nodes must be a non-empty dict"),
    ([("x", 0, 0)], EDGES, "nodes must be a non-empty dict"),
    ({**NODES, 3: (1, 1, "three")}, EDGES, "each name must be a str"),
    ({**NODES, "x": (0, 2)}, EDGES, r"nodes\['x'\] must be \(x, y, label\)"),
    ({**NODES, "x": (math.nan, 2, "x")}, EDGES, r"nodes\['x'\]: x must be a finite number"),
    ({**NODES, "x": (0, np.inf, "x")}, EDGES, r"nodes\['x'\]: y must be a finite number"),
    ({**NODES, "x": ("0", 2, "x")}, EDGES, r"nodes\['x'\]: x must be a number"),
    ({**NODES, "x": (True, 2, "x")}, EDGES, r"nodes\['x'\]: x must be a number"),
    ({**NODES, "x": (0, 2, " ")}, EDGES, r"nodes\['x'\]: the label must be a non-empty str"),
    ({**NODES, "x": (0, 2, 1.5)}, EDGES, r"nodes\['x'\]: the label must be a non-empty str"),
    (NODES, [], "edges must be a non-empty list"),
    (NODES, "x times", "edges must be a non-empty list"),
    (NODES, [("x", "times", "x = 1.5")], r"edges\[0\] must be \(source, target, forward"),
    (NODES, [*EDGES, ("y", "L", "", "")], r"edges\[3\]: the source 'y' is not a node"),
    (NODES, [("x", "out", "", "")], r"edges\[0\]: the target 'out' is not a node"),
    (NODES, [("x", "x", "", "")], r"edges\[0\]: source and target are both 'x'"),
    (NODES, [("x", "L", 1.5, "")], r"edges\[0\]: the forward label must be a str"),
    (NODES, [("x", "L", "", None)], r"edges\[0\]: the backward label must be a str"),
]


@pytest.mark.parametrize("nodes, edges, message", BAD)
def test_bad_input_raises_a_clear_value_error(nodes, edges, message):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=message):
        plots.computational_graph(ax, nodes, edges)
    assert not ax.texts and not ax.patches  # nothing half drawn


@pytest.mark.parametrize(
    "options, message",
    [
        ({"fontsize": 8}, "fontsize must be at least MIN_FONT_PT"),
        ({"fontsize": -1.0}, "fontsize must be a finite number > 0"),
        ({"margin": -0.1}, "margin must be a finite number >= 0"),
    ],
)
def test_bad_options_raise_value_errors(options, message):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=message):
        plots.computational_graph(ax, NODES, EDGES, **options)
