"""Benchmark: how fast the chapters' live sliders redraw.

For each chapter with a slider, the notebook's code cells are run in this
process (no kernel) up to the cells that define its slider factories, such as
``neuron_slider(live=False)``. Cells that only show a static slider, and cells
the book skips (``skip-execution``), are left out. Then each factory builds
the live slider, and the benchmark moves it in Python as a learner would with
the mouse (``control.value = v``; the redraw runs in the widget's observer,
as in a kernel), timing

* first visits: each value not drawn before, and
* revisits: each value a second time.

It prints medians per chapter and their ratio to the goal of 150 ms per new
frame (issue 11), and where a first visit's time goes: the chapter's own
draw function, Agg rendering (with the constrained layout, when the frame
needs one solved rather than reused), and the rest (the layout key, PNG
encoding, the widget update). Only the kernel's side is timed, not the
browser decoding the PNG. Run it on a quiet machine: other work on the same
cores slows every stage.

    python benchmarks/bench_sliders.py                       # every chapter, 3 rounds
    python benchmarks/bench_sliders.py --chapters update-rule --rounds 1 --values 2   # a smoke test
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import statistics
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before any notebook cell imports pyplot

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from course_lib import widgets

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
GOAL_SECONDS = 0.150
SKIPPED_TAGS = {"skip-execution", "nbval-skip"}
FACTORY = re.compile(r"^def (\w+_slider)\(live=False\)", re.M)
# A cell that only shows a slider, e.g. "neuron_slider()" or "neuron_slider(live=True)".
SHOW_ONLY = re.compile(r"^\w+_slider\((live=True)?\)$")


def chapters() -> list[str]:
    """The chapters (notebook stems) whose code calls widgets.slider."""
    return sorted(p.stem for p in BOOK.glob("*.ipynb") if "widgets.slider(" in p.read_text())


def _code(cell) -> str:
    lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).strip()


@contextlib.contextmanager
def _in_folder(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def load_slider_factories(chapter: str) -> dict:
    """Run the chapter's code cells up to its last slider factory; return {name: factory}."""
    notebook = nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)
    cells = [
        c
        for c in notebook.cells
        if c.cell_type == "code" and not SKIPPED_TAGS & set(c.metadata.get("tags", []))
    ]
    last = max(k for k, c in enumerate(cells) if FACTORY.search(c.source))
    namespace: dict = {"__name__": f"chapter_{chapter.replace('-', '_')}"}
    quiet = contextlib.redirect_stdout(io.StringIO())  # the chapters' printed results
    with _in_folder(BOOK), warnings.catch_warnings(), quiet:
        warnings.simplefilter("ignore")  # plt.show() on Agg, and the chapters' own demos
        import matplotlib.pyplot as plt

        for cell in cells[: last + 1]:
            if SHOW_ONLY.match(_code(cell)):
                continue  # showing a slider is what we time, not setup
            # IPython syntax, such as the Colab install cell's %pip, as a kernel reads it
            source = TransformerManager().transform_cell(cell.source)
            exec(compile(source, f"<{chapter}>", "exec"), namespace)
            plt.close("all")
    return {
        name: namespace[name]
        for name in FACTORY.findall("\n".join(c.source for c in cells[: last + 1]))
    }


class _StageClock:
    """Seconds spent inside the wrapped functions since the last reset."""

    def __init__(self):
        self.seconds = {"draw": 0.0, "agg": 0.0}

    def wrap(self, stage: str, function):
        def timed(*args, **kwargs):
            tic = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - tic

        return timed

    def take(self) -> dict[str, float]:
        taken, self.seconds = self.seconds, {stage: 0.0 for stage in self.seconds}
        return taken


@contextlib.contextmanager
def _clocked_frames(clock: _StageClock):
    """Make live sliders built inside time their draw function and their Agg rendering."""
    plain = widgets._LiveFrames

    class ClockedFrames(plain):
        def __init__(self, draw, figsize, dpi):
            super().__init__(clock.wrap("draw", draw), figsize, dpi)
            self._canvas.draw = clock.wrap("agg", self._canvas.draw)

    widgets._LiveFrames = ClockedFrames
    try:
        yield
    finally:
        widgets._LiveFrames = plain


def time_live_slider(factory, max_values: int | None = None) -> dict[str, list[float]]:
    """Seconds per first visit (in all and by stage) and per revisit of a live slider's values."""
    clock = _StageClock()
    with warnings.catch_warnings(), _clocked_frames(clock):
        warnings.simplefilter("ignore")
        box = factory(live=True)
    control = box.children[0]
    start = control.value
    values = [v for _, v in control.options if v != start][:max_values]
    timings: dict[str, list[float]] = {"first": [], "draw": [], "agg": [], "revisit": []}
    for visit in ("first", "revisit"):
        for value in values:
            clock.take()
            tic = time.perf_counter()
            control.value = value
            timings[visit].append(time.perf_counter() - tic)
            if visit == "first":
                stages = clock.take()
                timings["draw"].append(stages["draw"])
                timings["agg"].append(stages["agg"])
        control.value = start
    return timings


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--chapters", nargs="*", help="notebook stems (default: every chapter with a slider)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="fresh sliders per factory")
    parser.add_argument(
        "--values", type=int, default=None, help="at most this many values per slider"
    )
    args = parser.parse_args(argv)

    print("medians in ms; a first visit = draw + agg + rest")
    print(
        f"{'chapter':22} {'sliders':>7} {'frames':>6} {'first visit':>11} {'/ 150 ms':>8} "
        f"{'draw':>6} {'agg':>6} {'rest':>6} {'revisit':>8}"
    )
    results = {}
    for chapter in args.chapters or chapters():
        factories = load_slider_factories(chapter)
        timings: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for factory in factories.values():
                for key, seconds in time_live_slider(factory, args.values).items():
                    timings.setdefault(key, []).extend(seconds)
        rest = [
            t - d - a
            for t, d, a in zip(timings["first"], timings["draw"], timings["agg"], strict=True)
        ]
        result = {key: statistics.median(seconds) for key, seconds in timings.items()}
        result.update(
            rest=statistics.median(rest), frames=len(timings["first"]), sliders=len(factories)
        )
        results[chapter] = result
        print(
            f"{chapter:22} {result['sliders']:7d} {result['frames']:6d} "
            f"{1000 * result['first']:11.0f} {result['first'] / GOAL_SECONDS:7.2f}x "
            f"{1000 * result['draw']:6.0f} {1000 * result['agg']:6.0f} "
            f"{1000 * result['rest']:6.0f} "
            f"{1000 * result['revisit']:8.2f}"
        )
    return results


if __name__ == "__main__":
    main()
