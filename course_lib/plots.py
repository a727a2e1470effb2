"""The course's plot style: one colour-blind-safe palette, used everywhere.

The palette is Okabe & Ito's (2008) eight colours, distinguishable with the
common forms of colour blindness. ``use_style()`` makes it matplotlib's
default colour cycle and sets readable defaults; every chapter calls it once.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

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

STYLE = {
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
