"""The course's plot style and the figures several chapters draw.

The palette is Okabe & Ito's (2008) eight colours, distinguishable with the
common forms of colour blindness. ``use_style()`` makes it matplotlib's
default colour cycle and sets readable defaults; every chapter calls it once.
``landscape`` and ``descent_path`` draw a 2-D loss surface and a walk on it.

Figures that read on a phone
----------------------------
A figure is a PNG scaled down to fit the article column: 358 CSS px wide on a
390 px phone, 688 px on a 1280 px desktop (measured in Chromium on the built
site). Its text shrinks with it. The course's rule: the smallest text in every
figure is at least 9 CSS px on the phone and 11 on the desktop. As the ratio of
text to width does not depend on the dpi, the rule is one about inches:

    smallest font (pt) / 72 × PHONE_COLUMN_PX / figure width (in) ≥ 9,

so with no font smaller than ``MIN_FONT_PT`` (10 pt) a figure is at most
``FIGURE_WIDTH`` (5.5 in) wide. Panels that once sat side by side across 10
inches are stacked into rows (``figure_size(rows)``). ``use_style`` sets fonts
that obey it and makes the notebook show figures through ``render_png``,
which measures every drawn text, stores the smallest size in image pixels in
the PNG (a tEXt chunk, ``TEXT_CHUNK``; ``min_text_px`` reads it back) and
raises ``UnreadableFigure``, naming the figure and the text, when the rule is
broken. Slider frames (``course_lib.widgets``) are rendered the same way.
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.scale as mscale
import matplotlib.ticker as mticker
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Text
from matplotlib.typing import RcKeyType
from PIL import Image, PngImagePlugin

from ._checks import check_non_negative_float, check_positive_float, check_positive_int

PHONE_COLUMN_PX = 358
"""Width in CSS px of the article column on a 390 px wide phone (measured in Chromium)."""
DESKTOP_COLUMN_PX = 688
"""Width in CSS px of the article column on a 1280 px wide desktop (measured in Chromium)."""
MIN_PHONE_TEXT_PX = 9.0
"""The smallest figure text a phone reader gets, in CSS px."""
MIN_DESKTOP_TEXT_PX = 11.0
"""The smallest figure text a desktop reader gets, in CSS px."""
MIN_FONT_PT = 10.0
"""The smallest font size the style uses (tick labels, legends)."""
SCRIPT_LABEL_PT = 14.5
"""The size of a label with a sub- or superscript ($w_1$): mathtext draws the script at 0.7
times the label's size, and 0.7 × 14.5 pt is above MIN_FONT_PT."""
FIGURE_WIDTH = round(MIN_FONT_PT / 72 * PHONE_COLUMN_PX / MIN_PHONE_TEXT_PX - 0.005, 2)
"""The widest figure, in inches, whose MIN_FONT_PT text still reads on a phone: 5.52."""
FIGURE_DPI = 100
"""Pixels per inch of every stored figure and slider frame."""
TEXT_CHUNK = "course:min-text-px"
"""The PNG tEXt keyword under which ``render_png`` stores the smallest text size, image px."""

COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
"""Okabe–Ito colours by name; the order is the default colour cycle."""

STYLE: dict[RcKeyType, Any] = {  # RcKeyType: mypy checks each name is an rcParam
    "axes.prop_cycle": cycler(color=list(COLORS.values())),
    "image.cmap": "viridis",
    "figure.figsize": (FIGURE_WIDTH, 3.4),
    "figure.dpi": FIGURE_DPI,
    "savefig.dpi": FIGURE_DPI,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "svg.hashsalt": "course",  # identical SVG ids on every run
}
"""The rcParams ``use_style`` sets."""


class _PlainLogFormatter(mticker.LogFormatter):
    """Log-axis tick labels as plain text, 1e-4, 0.01, 1, 100, never mathtext's 10⁻⁴.

    Mathtext draws an exponent at 0.7 times the label's size, too small to read
    on a phone; these labels are all one size.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        label = super().__call__(x, pos)
        # 1e-04 -> 1e-4 (matplotlib pads the exponent; its minus may be U+2212).
        return re.sub("e([-−+]?)0*(\\d)", lambda m: "e" + m[1].replace("+", "") + m[2], label)


class _CourseLogScale(mscale.LogScale):
    """matplotlib's log scale ("log"), labelled by _PlainLogFormatter."""

    # No axis parameter: matplotlib 3.11 registers scales without one (it deprecates it).
    def __init__(
        self, *, base: float = 10, subs: Any = None, nonpositive: Literal["clip", "mask"] = "clip"
    ) -> None:
        super().__init__(None, base=base, subs=subs, nonpositive=nonpositive)

    def set_default_locators_and_formatters(self, axis: Any) -> None:
        super().set_default_locators_and_formatters(axis)
        axis.set_major_formatter(_PlainLogFormatter(self.base))
        axis.set_minor_formatter(_PlainLogFormatter(self.base, labelOnlyBase=False))


def use_style() -> None:
    """Set the course's matplotlib defaults (palette, sizes, grid) for this session.

    Log axes (``semilogy``, ``set_yscale("log")``) get plain labels such as 1e-4
    (``_PlainLogFormatter``): a superscript exponent is too small on a phone.

    In IPython (a notebook) it also makes ``render_png`` draw every Figure the
    notebook shows, so each stored figure carries its smallest text size and an
    unreadable one fails with ``UnreadableFigure`` instead of being stored.
    """
    mpl.rcParams.update(STYLE)
    mscale.register_scale(_CourseLogScale)  # replaces "log" for this session
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: no notebook to show figures in
        return
    shell = get_ipython()
    if shell is None:
        return
    # The inline backend registers its own PNG formatter for Figure when pyplot first loads
    # it (lazily, at the first figure). Loading it now and registering ours afterwards makes
    # ours the one used for the rest of the session.
    import matplotlib.pyplot as plt

    plt.switch_backend(mpl.get_backend())

    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, render_png)


def figure_size(rows: int = 1, height: float = 3.0) -> tuple[float, float]:
    """(width, height) in inches of a figure FIGURE_WIDTH wide with ``rows`` panels stacked.

    height: inches per row. Use it for ``plt.subplots(rows, 1, figsize=figure_size(rows))``
    and for a slider's ``figsize``. A figure that must stay wide (a row of
    digit images, say) may be wider if its text is larger: the rule decides.
    """
    rows = check_positive_int(rows, "rows")
    height = check_positive_float(height, "height")
    return (FIGURE_WIDTH, rows * height)


class UnreadableFigure(ValueError):
    """A figure whose smallest text would be below the course's minimum on a phone or desktop."""


def css_text_px(min_text_px: float, width_px: float, column_px: float) -> float:
    """CSS px of text min_text_px image pixels high in a PNG width_px wide, fitted to a column.

    The site shows a figure at its natural size, or scaled down to the column
    (``max-width: 100%``), never enlarged.
    """
    min_text_px = check_positive_float(min_text_px, "min_text_px")
    width_px = check_positive_float(width_px, "width_px")
    column_px = check_positive_float(column_px, "column_px")
    return min_text_px * min(1.0, column_px / width_px)


def check_readable(min_text_px: float, width_px: float, what: str = "figure") -> None:
    """Raise UnreadableFigure unless the text reads on a phone (≥ 9 CSS px) and a desktop (≥ 11)."""
    min_text_px = check_positive_float(min_text_px, "min_text_px")
    width_px = check_positive_float(width_px, "width_px")
    for place, column, least in (
        ("a phone", PHONE_COLUMN_PX, MIN_PHONE_TEXT_PX),
        ("a desktop", DESKTOP_COLUMN_PX, MIN_DESKTOP_TEXT_PX),
    ):
        shown = css_text_px(min_text_px, width_px, column)
        if shown < least - 1e-9:
            widest = min_text_px * column / least
            fix = (
                f"Make the figure at most {widest:.0f} px ({widest / FIGURE_DPI:.2f} in at "
                f"{FIGURE_DPI} dpi) wide, e.g. plots.figure_size(rows) with panels in rows, "
                f"or its text larger (≥ {MIN_FONT_PT:g} pt, at most {FIGURE_WIDTH} in wide)"
                if min_text_px >= least
                else f"Make its text at least {least:g} px: a larger fontsize or dpi"
            )
            raise UnreadableFigure(
                f"{what}: its smallest text is {min_text_px:.1f} px in a PNG {width_px:.0f} px "
                f"wide, so {shown:.1f} CSS px in the {column} px column of {place}; the course "
                f"needs at least {least:g}. {fix}."
            )


_MATHTEXT = MathTextParser("path")


@contextmanager
def _recording_text(renderer: RendererAgg) -> Iterator[list[tuple[float, str, Any]]]:
    """Record (size in points, string, Text artist) of every text drawn while in the block.

    The size is that of the text's smallest glyph: mathtext draws a sub- or
    superscript (the 4 of $10^{-4}$, the 1 of $w_1$) at 0.7 times the text's size.
    """
    drawn: list[tuple[float, str, Any]] = []
    draw_text = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            size = float(prop.get_size_in_points())
            if ismath:
                glyphs = _MATHTEXT.parse(s, 72, prop).glyphs  # (font, size in pt, ...) each
                size = min((float(glyph[1]) for glyph in glyphs), default=size)
            drawn.append((size, s, mtext))
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = record  # type: ignore[method-assign]
    try:
        yield drawn
    finally:
        del renderer.draw_text


def _name(fig: Figure) -> str:
    """A figure's name for an error message: its suptitle or its first axes title."""
    suptitle = fig.get_suptitle()
    if suptitle:
        return f"figure {suptitle!r}"
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            if ax.get_title(loc):
                return f"figure {ax.get_title(loc)!r}"
    return "figure (untitled)"


def draw_measured(fig: Figure, canvas: FigureCanvasAgg | None = None) -> tuple[Image.Image, float]:
    """Draw fig on its Agg canvas: (RGB image, smallest drawn text in image px).

    Raises UnreadableFigure (naming the figure and the text) if the rule is broken.
    canvas: the figure's Agg canvas, if the caller keeps one; by default the
    figure's own when it is an Agg canvas (pyplot's inline figures), else a new one.
    """
    if canvas is None:
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    with _recording_text(renderer) as drawn:
        canvas.draw()
    width, height = canvas.get_width_height()
    if not drawn:
        raise UnreadableFigure(f"{_name(fig)} has no text: label its axes")
    size_pt, text, _ = min(drawn, key=lambda entry: entry[:2])
    for _, cut, artist in drawn:  # text cut off at the figure's edge cannot be read either
        extent = artist.get_window_extent(renderer) if artist is not None else None
        if extent is not None and (
            extent.x0 < -1 or extent.y0 < -1 or extent.x1 > width + 1 or extent.y1 > height + 1
        ):
            raise UnreadableFigure(
                f"{_name(fig)}: text {cut!r} runs off the figure's edge; shorten it, "
                "break it into lines, or make room for it"
            )
    min_text_px = round(size_pt * fig.dpi / 72, 2)
    check_readable(min_text_px, width, f"{_name(fig)}, text {text!r} at {size_pt:g} pt")
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")
    return image, min_text_px


def encode_png(
    image: Image.Image, min_text_px: float, *, colors: int | None = None, fast: bool = False
) -> bytes:
    """PNG bytes of image with its smallest text size in a tEXt chunk (TEXT_CHUNK).

    colors: quantize to this many colours (a plot uses few; a quarter of the
    bytes); fast: light compression (for frames drawn while a reader waits).
    """
    if colors is not None:
        image = image.quantize(colors, method=Image.Quantize.FASTOCTREE)
    info = PngImagePlugin.PngInfo()
    info.add_text(TEXT_CHUNK, f"{min_text_px:.2f}")
    encoded = io.BytesIO()
    options: dict[str, Any] = {"compress_level": 1} if fast else {"optimize": True}
    image.save(encoded, format="PNG", pnginfo=info, **options)
    return encoded.getvalue()


def render_png(fig: Figure) -> bytes:
    """The notebook's PNG of a figure: exactly figsize × dpi, its smallest text size stored.

    Unlike the inline backend's default (``bbox_inches="tight"``) the PNG is
    the figure's own size, so the width the rule is checked against is the one
    chosen with figsize; constrained layout already keeps everything inside.
    """
    image, min_text_px = draw_measured(fig)
    return encode_png(image, min_text_px)


def min_text_px(png: bytes) -> float | None:
    """The smallest text size (image px) stored in a PNG by ``render_png``; None if absent."""
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        value = image.info.get(TEXT_CHUNK)
    return None if value is None else float(value)


def landscape(
    ax: Axes,
    value: Callable[[np.ndarray], np.ndarray] | np.ndarray,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int = 15,
    resolution: int = 200,
    labels: tuple[str, str] = ("weight $w_1$", "weight $w_2$"),
) -> None:
    """Draw the contour lines of a loss over a rectangle of two weights.

    value: maps points of shape (..., 2) to losses of shape (...), as
    ``Quadratic.value`` does; it is evaluated on a resolution × resolution
    grid, ``np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))``.
    Or value holds those losses already, shape (rows, columns) on that grid
    (resolution is then its shape): a slider's frames can evaluate them once.
    Levels are spaced on a square-root scale, so the rings near the minimum
    are not lost.
    """
    if callable(value):
        w1, w2 = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
        losses = value(np.stack([w1, w2], axis=-1))
    else:
        losses = np.asarray(value, dtype=float)
        if losses.ndim != 2:
            raise ValueError(
                f"value must be a function or a 2-D grid of losses; got shape {losses.shape}"
            )
        w1, w2 = np.meshgrid(
            np.linspace(*xlim, losses.shape[1]), np.linspace(*ylim, losses.shape[0])
        )
    bounds = np.linspace(np.sqrt(losses.min()), np.sqrt(losses.max()), levels + 1)[1:] ** 2
    ax.contour(w1, w2, losses, levels=bounds, cmap="viridis", linewidths=1.0)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    for set_label, text in ((ax.set_xlabel, labels[0]), (ax.set_ylabel, labels[1])):
        set_label(text, fontsize=SCRIPT_LABEL_PT if re.search(r"\$[^$]*[_^]", text) else None)


def descent_path(
    ax: Axes, path: np.ndarray, *, color: str, label: str, markersize: float = 4
) -> None:
    """Draw a walk through weight space: path (steps + 1, 2), start ringed, end filled."""
    path = np.asarray(path)
    ax.plot(path[:, 0], path[:, 1], "o-", color=color, ms=markersize, lw=1.5, label=label)
    ax.plot(*path[0], "o", ms=9, mfc="none", mec=COLORS["black"], mew=1.5)
    ax.plot(*path[-1], "o", ms=7, color=color, mec=COLORS["black"])


def network_diagram(
    ax: Axes,
    sizes: list[int],
    *,
    highlight: Sequence[tuple[int, int, int]] = (),
    layer_names: list[str] | None = None,
    node_labels: list[list[str]] | None = None,
) -> None:
    """Draw a fully connected network as circles (neurons) and lines (weights).

    sizes: neurons per layer, input layer first, e.g. [4, 3, 1].
    highlight: weights to draw thick and coloured, each (layer, i, j): the
    weight into neuron i of layer ``layer`` (1 = first hidden layer) from
    neuron j of the layer before, numbered from 1 like w_ij in the text.
    layer_names: a caption under each layer; node_labels: text in each circle.
    """
    xs = np.arange(len(sizes)) * 2.0
    positions = [[(x, (n - 1) / 2 - k) for k in range(n)] for x, n in zip(xs, sizes, strict=True)]
    marked = set(highlight)
    for layer in range(1, len(sizes)):
        for i, (x1, y1) in enumerate(positions[layer], start=1):
            for j, (x0, y0) in enumerate(positions[layer - 1], start=1):
                hot = (layer, i, j) in marked
                ax.plot(
                    [x0, x1],
                    [y0, y1],
                    color=COLORS["vermillion"] if hot else "0.75",
                    lw=3.5 if hot else 1.0,
                    zorder=2 if hot else 1,
                )
    for layer, column in enumerate(positions):
        for k, (x, y) in enumerate(column):
            ax.add_patch(
                mpl.patches.Circle(
                    (x, y), 0.28, facecolor="white", edgecolor=COLORS["blue"], lw=2, zorder=3
                )
            )
            if node_labels is not None:
                ax.text(
                    x, y, node_labels[layer][k], ha="center", va="center", zorder=4, fontsize=10
                )
        if layer_names is not None:
            ax.text(xs[layer], -max(sizes) / 2 - 0.2, layer_names[layer], ha="center", va="top")
    ax.set(xlim=(-0.8, xs[-1] + 0.8), ylim=(-max(sizes) / 2 - 0.9, max(sizes) / 2), aspect="equal")
    ax.axis("off")


_SCRIPT = re.compile(r"\$[^$]*[_^]")
"""Mathtext with a sub- or superscript ($w_1$, $(a - y)^2$): drawn at SCRIPT_LABEL_PT."""


def _graph_text_size(text: str, size: float) -> float:
    return SCRIPT_LABEL_PT if _SCRIPT.search(text) else size


class _Wire(mpl.patches.FancyArrowPatch):
    """An arrow from one node's box to another's, clipped at both boxes.

    A box (the bbox patch of a Text) is placed when its Text is drawn, after the
    wires beneath it: each wire places both of its boxes first, as matplotlib's
    annotations do, so that it is clipped where the boxes are in this drawing.
    """

    def __init__(self, source: Text, target: Text) -> None:
        super().__init__(
            posA=source.get_position(),
            posB=target.get_position(),
            patchA=source.get_bbox_patch(),
            patchB=target.get_bbox_patch(),
            arrowstyle="-|>",
            mutation_scale=14,
            shrinkA=1,
            shrinkB=1,
            lw=1.5,
            color="0.35",
            zorder=2,
        )
        self._ends = (source, target)

    def draw(self, renderer: Any) -> None:
        for end in self._ends:
            end.update_bbox_position_size(renderer)
        super().draw(renderer)


def _check_graph(
    nodes: Any, edges: Any
) -> tuple[dict[str, tuple[float, float, str]], list[tuple[str, str, str, str]]]:
    """nodes and edges as a plain dict and list, or a ValueError saying what is wrong."""
    if not isinstance(nodes, Mapping) or not nodes:
        raise ValueError(f"nodes must be a non-empty dict name → (x, y, label); got {nodes!r:.80}")
    checked: dict[str, tuple[float, float, str]] = {}
    for name, node in nodes.items():
        where = f"nodes[{name!r}]"
        if not isinstance(name, str):
            raise ValueError(f"nodes: each name must be a str; got {name!r}")
        if not isinstance(node, (tuple, list)) or len(node) != 3:
            raise ValueError(f"{where} must be (x, y, label); got {node!r:.80}")
        x, y, label = node
        for axis, value in (("x", x), ("y", y)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"{where}: {axis} must be a number; got {value!r}")
            if not np.isfinite(float(value)):
                raise ValueError(f"{where}: {axis} must be a finite number; got {value}")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}: the label must be a non-empty str; got {label!r}")
        checked[name] = (float(x), float(y), label)
    if not isinstance(edges, (list, tuple)) or not edges:
        raise ValueError(
            "edges must be a non-empty list of (source, target, forward, backward); "
            f"got {edges!r:.80}"
        )
    wires = []
    for k, edge in enumerate(edges):
        where = f"edges[{k}]"
        if not isinstance(edge, (tuple, list)) or len(edge) != 4:
            raise ValueError(
                f"{where} must be (source, target, forward, backward); got {edge!r:.80}"
            )
        source, target, forward, backward = edge
        for role, name in (("source", source), ("target", target)):
            if not isinstance(name, str) or name not in checked:
                raise ValueError(
                    f"{where}: the {role} {name!r} is not a node; the nodes are {list(checked)}"
                )
        if source == target:
            raise ValueError(f"{where}: source and target are both {source!r}; a wire joins two")
        for role, text in (("forward", forward), ("backward", backward)):
            if not isinstance(text, str):
                raise ValueError(f"{where}: the {role} label must be a str; got {text!r}")
        wires.append((source, target, forward, backward))
    return checked, wires


def computational_graph(
    ax: Axes,
    nodes: Mapping[str, tuple[float, float, str]],
    edges: Sequence[tuple[str, str, str, str]],
    *,
    forward_color: str = COLORS["blue"],
    backward_color: str = COLORS["vermillion"],
    fontsize: float = 11,
    margin: float = 0.5,
) -> None:
    """Draw a computational graph with each wire's value and gradient written on it (CS231n style).

    nodes: name → (x, y, label): a variable or an operation, a boxed label at
    (x, y) in data coordinates.
    edges: (source, target, forward, backward), one per wire from node source
    to node target: forward is the value the wire carries, written in
    forward_color; backward the gradient of the loss with respect to that
    value, in backward_color. A wire running left to right has its value above
    and its gradient below; a wire running down (a graph laid out top to
    bottom, to fit a phone) has its value on the left and its gradient on the
    right. Either may be "". Text with a sub- or superscript is drawn at
    SCRIPT_LABEL_PT, other wire text at ``fontsize`` (≥ MIN_FONT_PT) and node
    labels one point larger. The axes span the nodes plus ``margin`` and are
    turned off. Raises ValueError for malformed nodes or edges.
    """
    checked, wires = _check_graph(nodes, edges)
    fontsize = check_positive_float(fontsize, "fontsize")
    if fontsize < MIN_FONT_PT:
        raise ValueError(
            f"fontsize must be at least MIN_FONT_PT = {MIN_FONT_PT:g}; got {fontsize:g}"
        )
    margin = check_non_negative_float(margin, "margin")
    boxes = {}
    for name, (x, y, label) in checked.items():
        boxes[name] = ax.text(
            x,
            y,
            label,
            ha="center",
            va="center",
            zorder=3,
            fontsize=_graph_text_size(label, fontsize + 1),
            bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": COLORS["black"], "lw": 1.5},
        )
    for source, target, forward, backward in wires:
        ax.add_patch(_Wire(boxes[source], boxes[target]))
        (x0, y0, _), (x1, y1, _) = checked[source], checked[target]
        normal = np.array([y0 - y1, x1 - x0]) / np.hypot(x1 - x0, y1 - y0)  # across the wire
        if normal @ np.array([-0.5, 1.0]) < 0:  # the value's side: up, or left of a wire down
            normal = -normal
        for text, side, color in (
            (forward, normal, forward_color),
            (backward, -normal, backward_color),
        ):
            if not text:
                continue
            ax.annotate(
                text,
                xy=((x0 + x1) / 2, (y0 + y1) / 2),
                xytext=tuple(4 * side),  # points away from the wire
                textcoords="offset points",
                ha="left" if side[0] > 0.3 else "right" if side[0] < -0.3 else "center",
                va="bottom" if side[1] > 0.3 else "top" if side[1] < -0.3 else "center",
                color=color,
                fontsize=_graph_text_size(text, fontsize),
                zorder=4,
            )
    xs, ys = [x for x, _, _ in checked.values()], [y for _, y, _ in checked.values()]
    ax.set(xlim=(min(xs) - margin, max(xs) + margin), ylim=(min(ys) - margin, max(ys) + margin))
    ax.axis("off")
