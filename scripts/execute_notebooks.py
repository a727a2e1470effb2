"""Re-run chapter notebooks in place, so their stored outputs are current.

    python scripts/execute_notebooks.py              # every notebook in book/
    python scripts/execute_notebooks.py book/x.ipynb # just these

Each notebook runs in its own folder (as in the book build and under nbval),
top to bottom, in a fresh kernel. Widget state is not stored, and neither are
widget views (a live slider's output): without the kernel that drew them they
would show only their text form, ``VBox(children=(SelectionSlider(...``. The
live sliders are for a running kernel; the static site has its own sliders.
Commit the result: nbval then checks that a fresh run reproduces it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(notebook: nbformat.NotebookNode) -> int:
    """Remove every output that shows a widget; return how many were removed."""
    removed = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = [output for output in cell.outputs if WIDGET_VIEW not in output.get("data", {})]
        removed += len(cell.outputs) - len(kept)
        cell.outputs = kept
    return removed


def coalesce_streams(notebook: nbformat.NotebookNode) -> None:
    """Merge consecutive stdout (or stderr) outputs of a cell into one.

    How a kernel splits a cell's printing into messages depends on timing; merged, a
    re-run on a busy machine stores the same outputs as on a quiet one.
    """
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        for output in cell.outputs:
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        cell.outputs = merged


def execute(path: Path) -> float:
    """Execute one notebook in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,  # no timestamps in the stored notebooks: a re-run changes only outputs
    )
    start = time.perf_counter()
    client.execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timestamps an earlier executor stored
    drop_widget_views(notebook)
    coalesce_streams(notebook)
    nbformat.write(notebook, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").rglob("*.ipynb"))
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        seconds = execute(path)
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main(sys.argv[1:])
