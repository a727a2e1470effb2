"""The course's plot style and the figures several chapters draw.

The palette is Okabe & Ito's (2008) eight colours, distinguishable with the
common forms of colour blindness. ``use_style()`` makes it matplotlib's
default colour cycle and sets readable defaults; every chapter calls it once.
``landscape`` and ``descent_path`` draw a 2-D loss surface and a walk on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.typing import RcKeyType

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
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "svg.hashsalt": "course",  # identical SVG ids on every run
}
"""The rcParams ``use_style`` sets."""


def use_style() -> None:
    """Set the course's matplotlib defaults (palette, sizes, grid) for this session."""
    mpl.rcParams.update(STYLE)


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
    ax.set(xlim=xlim, ylim=ylim, xlabel=labels[0], ylabel=labels[1], aspect="equal")


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
