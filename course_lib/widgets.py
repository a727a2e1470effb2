"""Sliders that redraw a figure as a parameter (say, the learning rate) changes.

One helper, two renderings of the same drawing function:

* ``slider(draw, values, label=...)`` precomputes one PNG frame per value and
  returns a ``StaticSlider``: plain HTML with a range input and a few lines
  of JavaScript. It needs no kernel and no network, so it works on the
  static website. Where its script cannot run (a freshly opened, untrusted
  notebook in JupyterLab) it shows the start frame alone, with a note.
* ``slider(..., live=True)`` returns an ipywidgets slider that redraws on
  every move: for Binder, Colab or a local Jupyter. Give it a finer grid of
  values if you like; it only draws the frames you visit, and keeps each one,
  so a value seen before comes back at once.

``draw(fig, value)`` receives an empty ``matplotlib.figure.Figure`` and the
current value, and draws onto it. Frames are drawn by ``course_lib.plots``'
rules: at most ``plots.FIGURE_WIDTH`` wide (the default figsize is), each PNG
carries its smallest text size, and an unreadable frame raises
``plots.UnreadableFigure``.

``alt`` says what each frame shows: a function of the value, computed from the
same run the frame draws (``lambda lr: f"η = {lr:g}: the loss diverges"``),
or a string in which "{value}" becomes the shown value.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from . import plots
from ._checks import as_float_array, check_finite_float, check_positive_float

DrawFunction = Callable[[Figure, float], None]
AltText = str | Callable[[float], str]

# The HTML stores the start frame as a visible <img> and every other frame in a
# <script type="application/json">, which sanitizers drop and browsers never show.
# (An untrusted notebook in JupyterLab strips scripts, `hidden` and data-*
# attributes, and unwraps a <template> into its content, so neither of those hides
# frames there.) Without the script a reader sees one frame, a disabled slider and
# a note. The script turns the slider on, removes the note and shows the frame
# whose index the input holds; it starts from the value the browser holds, which
# may be one restored from an earlier visit. It stops the input's key presses from
# bubbling up: in JupyterLab's command mode the arrow keys would otherwise move the
# cell selection, not the slider. A screen reader hears the value, not the frame's
# index: the input's aria-valuetext says "<label> = <value>". It finds its own slider through
# document.currentScript, so the HTML needs no ids and is identical on every run
# (which keeps stored notebook outputs reproducible).
_SCRIPT = """<script>
(function () {
  var root = document.currentScript.parentElement;
  var input = root.querySelector("input"), output = root.querySelector("output");
  var image = root.querySelector("img");
  var frames = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  frames[input.getAttribute("value")].src = image.getAttribute("src");
  function show() {
    var frame = frames[input.value];
    image.src = frame.src;
    image.alt = frame.alt;
    output.textContent = frame.value;
    input.setAttribute("aria-valuetext", input.getAttribute("aria-label") + " = " + frame.value);
  }
  input.addEventListener("input", show);
  input.addEventListener("keydown", function (event) { event.stopPropagation(); });
  input.disabled = false;
  root.querySelector(".course-slider-note").remove();
  show();
})();
</script>"""

_NOTE = "Run this cell to move the slider; until then it shows one frame."


@dataclass(frozen=True)
class StaticSlider:
    """Precomputed frames behind a range input; renders as self-contained HTML."""

    label: str
    values: tuple[str, ...]
    frames: tuple[bytes, ...]
    alts: tuple[str, ...]
    start: int

    def __repr__(self) -> str:
        return f"StaticSlider({self.label!r}: {', '.join(self.values)})"

    def _repr_html_(self) -> str:
        label = html.escape(self.label)
        start_png, start_alt = self.frames[self.start], self.alts[self.start]
        return (
            '<div class="course-slider">\n'
            f'<label style="display:block;max-width:40em">{label} = '
            f"<output>{html.escape(self.values[self.start])}</output>\n"
            f'<input type="range" min="0" max="{len(self.frames) - 1}" step="1" '
            f'value="{self.start}" aria-label="{label}" '
            f'aria-valuetext="{label} = {html.escape(self.values[self.start])}" '
            'disabled style="display:block;width:100%">'
            f"</label>\n"
            '<p class="course-slider-note" style="margin:0.2em 0;font-size:0.9em">'
            f"<em>{_NOTE}</em></p>\n"
            f'<img src="{_data_url(start_png)}" alt="{html.escape(start_alt)}" '
            'style="max-width:100%;height:auto">\n'
            f'<script type="application/json">{_frames_json(self)}</script>\n'
            f"{_SCRIPT}\n</div>"
        )


def _data_url(png: bytes) -> str:
    return f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"


def _frames_json(static: StaticSlider) -> str:
    """Every frame's value, alt text and image, as JSON that is safe inside <script>.

    The start frame's image is left out (the script takes it from the <img>),
    so no frame is stored twice. Escaping <, > and & keeps a "</script>" in a
    label or alt text from ending the element early.
    """
    frames = [
        {"value": value, "alt": alt} | ({} if k == static.start else {"src": _data_url(png)})
        for k, (png, alt, value) in enumerate(
            zip(static.frames, static.alts, static.values, strict=True)
        )
    ]
    text = json.dumps(frames, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def slider(
    draw: DrawFunction,
    values: Sequence[float],
    *,
    label: str,
    fmt: str = "{:g}",
    start: float | None = None,
    alt: AltText = "",
    figsize: tuple[float, float] = (plots.FIGURE_WIDTH, 3.2),
    dpi: float = plots.FIGURE_DPI,
    live: bool = False,
):
    """A slider over ``values`` that shows ``draw(fig, value)`` for the chosen value.

    label: what the slider sets, e.g. "learning rate η"; fmt: how a value is
    shown, e.g. "{:.2f}"; start: the value shown first (default: the first);
    alt: alt text for each frame: a function of the value that says what the
    frame shows, or a string where "{value}" becomes the shown value (the live
    slider shows no alt text);
    figsize (inches) and dpi: the size of each frame (plots.figure_size(rows) stacks panels).
    Returns a ``StaticSlider`` (no kernel needed) or, with ``live=True``, an
    ipywidgets box that redraws on every move.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function draw(fig, value); got {draw!r}")
    for name, text in (("label", label), ("fmt", fmt)) + (() if callable(alt) else (("alt", alt),)):
        if not isinstance(text, str):
            raise TypeError(
                f"{name} must be a string"
                f"{' or a function value -> text' if name == 'alt' else ''}; "
                f"got {text!r} of type {type(text).__name__}"
            )
    if not label.strip():
        raise ValueError(
            f"label must say what the slider sets, e.g. 'learning rate η'; got {label!r}"
        )
    grid = as_float_array(values, "values", ndim=1, expected="(n_values,)")
    try:
        shown = [fmt.format(v) for v in grid]
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(
            f"fmt must format one number, like '{{:.2f}}'; got {fmt!r} ({exc})"
        ) from None
    if len(set(shown)) != len(shown):
        raise ValueError(f"values must look different with fmt={fmt!r}; got {shown}")
    start_index = _index_of(start, grid)
    if not (isinstance(figsize, (tuple, list)) and len(figsize) == 2):
        raise ValueError(f"figsize must be (width, height) in inches; got {figsize!r}")
    size = (
        check_positive_float(figsize[0], "figsize[0]"),
        check_positive_float(figsize[1], "figsize[1]"),
    )
    dpi = check_positive_float(dpi, "dpi")

    def render(value: float) -> bytes:
        return _render_png(draw, value, size, dpi)

    if live:
        frames = _LiveFrames(draw, size, dpi)
        return _live_slider(_naming(frames, label), grid, shown, label, start_index)
    alts = tuple(_alt_text(alt, float(v), s) for v, s in zip(grid, shown, strict=True))
    return StaticSlider(
        label=label,
        values=tuple(shown),
        frames=tuple(_naming(render, label)(v) for v in grid),
        alts=alts,
        start=start_index,
    )


def _naming(render: Callable[[float], bytes], label: str) -> Callable[[float], bytes]:
    """render, whose UnreadableFigure errors also name the slider and the frame's value."""

    def named(value: float) -> bytes:
        try:
            return render(value)
        except plots.UnreadableFigure as error:
            raise plots.UnreadableFigure(f"slider {label!r}, frame {value:g}: {error}") from None

    return named


def _alt_text(alt: AltText, value: float, shown: str) -> str:
    """The alt text of the frame for value (shown as ``shown``)."""
    if not callable(alt):
        return alt.replace("{value}", shown)
    text = alt(value)
    if not isinstance(text, str):
        raise TypeError(
            f"alt must return the alt text as a string; alt({shown}) returned {text!r} "
            f"of type {type(text).__name__}"
        )
    if not text.strip():
        raise ValueError(f"alt must say what the frame shows; alt({shown}) returned {text!r}")
    return text


def _index_of(start: float | None, grid: np.ndarray) -> int:
    if start is None:
        return 0
    start = check_finite_float(start, "start")
    matches = np.flatnonzero(np.isclose(grid, start))
    if matches.size == 0:
        raise ValueError(f"start must be one of values {grid.tolist()}; got {start!r}")
    return int(matches[0])


def _render_png(
    draw: DrawFunction, value: float, figsize: tuple[float, float], dpi: float
) -> bytes:
    # A bare Figure (no pyplot) is never registered with the notebook backend,
    # so drawing frames displays nothing by itself.
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained", facecolor="white")
    draw(fig, float(value))
    image, min_text_px = plots.draw_measured(fig, FigureCanvasAgg(fig))
    # A plot uses few colours: a 128-colour palette keeps it sharp at about a
    # quarter of the bytes, which matters with dozens of frames on one page.
    return plots.encode_png(image, min_text_px, colors=128)


class _LiveFrames:
    """The live slider's frames: drawn on first visit into one reused figure, then kept by value.

    Reusing one Figure and its Agg canvas, and encoding the canvas's pixels
    directly (quantized, as the static frames are, with fast compression),
    skips what a new figure and ``savefig`` cost on every move: a second
    rendering pass and a slow PNG optimizer.

    The constrained layout (about half of a frame's rendering time) is also
    kept and reused. Where it puts the axes depends only on what surrounds
    them: the grid, each axes' scales and limits (so its tick labels), its
    axis labels and the height of its titles (matplotlib's layout ignores a
    centred title's width). Two values that agree on all of these, their
    ``_layout_key``, get the same layout, so a frame whose key was seen before
    takes those axes positions instead of solving the layout again: the
    picture is the one a fresh constrained layout gives. Figures with
    figure-level text, subfigures or legends anchored outside their axes are
    laid out afresh.
    """

    def __init__(self, draw: DrawFunction, figsize: tuple[float, float], dpi: float):
        self._draw = draw
        self._figure = Figure(figsize=figsize, dpi=dpi, layout="constrained", facecolor="white")
        self._canvas = FigureCanvasAgg(self._figure)
        self._frames: dict[float, bytes] = {}
        self._layouts: dict[tuple, list[Bbox]] = {}  # layout key -> each axes' position

    def __call__(self, value: float) -> bytes:
        """The frame for ``value`` as PNG bytes, drawn only the first time it is asked for."""
        value = float(value)
        if value not in self._frames:
            self._frames[value] = self._render(value)
        return self._frames[value]

    def _render(self, value: float) -> bytes:
        figure = self._figure
        figure.clear()
        figure.set_layout_engine("constrained")  # the draw function sees what a static frame sees
        self._draw(figure, value)
        key = self._layout_key()
        positions = self._layouts.get(key) if key is not None else None
        if positions is not None:
            figure.set_layout_engine("none")
            for ax, position in zip(figure.axes, positions, strict=True):
                ax.set_position(position)
        image, min_text_px = plots.draw_measured(figure, self._canvas)
        if positions is None and key is not None:
            self._layouts[key] = [ax.get_position(original=True) for ax in figure.axes]
        return plots.encode_png(image, min_text_px, colors=128, fast=True)

    def _layout_key(self) -> tuple | None:
        """What the drawn figure's constrained layout depends on; None: solve it afresh."""
        figure = self._figure
        if (
            figure.subfigs
            or figure.texts
            or figure.legends
            or figure.get_suptitle()
            or figure.get_supxlabel()
            or figure.get_supylabel()
        ):
            return None
        renderer = self._canvas.get_renderer()
        key = []
        for ax in figure.axes:
            spec, legend = ax.get_subplotspec(), ax.get_legend()
            if spec is None or legend is not None and legend.get_bbox_to_anchor() is not ax.bbox:
                return None
            grid = spec.get_gridspec()
            titles = []
            # Axes keeps its left and right titles in private attributes (set_title(loc=...)):
            # get_title(loc) gives only their text, and the layout needs their extent.
            left, right = ax._left_title, ax._right_title  # type: ignore[attr-defined]
            for title in (ax.title, left, right):
                extent = title.get_window_extent(renderer) if title.get_text() else None
                # The layout counts a title's height, and the width of all but the centred one.
                titles.append(
                    None
                    if extent is None
                    else (
                        round(extent.height, 1),
                        None if title is ax.title else round(extent.width, 1),
                    )
                )
            key.append(
                (
                    spec.rowspan,
                    spec.colspan,
                    grid.get_geometry(),
                    # Lists of numbers (matplotlib's stubs say only ArrayLike).
                    tuple(cast("list[float]", grid.get_width_ratios())),
                    tuple(cast("list[float]", grid.get_height_ratios())),
                    ax.get_xscale(),
                    ax.get_yscale(),
                    ax.get_xlim(),
                    ax.get_ylim(),
                    ax.get_aspect(),
                    ax.get_xlabel(),
                    ax.get_ylabel(),
                    ax.axison,
                    tuple(titles),
                    type(ax.xaxis.get_major_formatter()),
                    type(ax.yaxis.get_major_formatter()),
                )
            )
        return tuple(key)


def _live_slider(
    render: Callable[[float], bytes], grid: np.ndarray, shown: list[str], label: str, start: int
):
    import ipywidgets

    image = ipywidgets.Image(value=render(grid[start]), format="png")
    control = ipywidgets.SelectionSlider(
        options=list(zip(shown, grid.tolist(), strict=True)),
        value=float(grid[start]),
        description=label,
        style={"description_width": "initial"},
        layout=ipywidgets.Layout(width="100%", max_width="40em"),
    )

    def redraw(change: dict) -> None:
        image.value = render(change["new"])

    control.observe(redraw, names="value")
    return ipywidgets.VBox([control, image])
