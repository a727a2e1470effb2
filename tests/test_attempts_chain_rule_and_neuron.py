""""Fix this attempt" exercises of chain-rule and one-neuron.

The learner sees the attempt first and the checker's verdict only when they run it, so the
attempt cells are skipped by the build and store nothing. These tests run each shipped attempt
and require its checker to reject it with the mistake its exercise names (None: a placeholder
that no catalogued mistake describes, which must still fail). chain-rule says its exercises
"name the first two" classic mistakes: the missing activation derivative and the transposed W.
"""

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest

import course_lib.exercises as exercises
from course_lib import activations

BOOK = Path(__file__).resolve().parent.parent / "book"

ATTEMPTS = {
    "chain-rule": {
        "my_neuron_gradients": "missing activation derivative",
        "my_sigmoid_backward": "missing activation derivative",
        "my_dense_backward": "transposed weight matrix",
    },
    "one-neuron": {
        "my_logistic_gradients": "MSE's extra factor",
        "my_predict": "threshold on the logit at 0.5",
        "my_boundary": None,
    },
}


def _attempt_cells(stem):
    notebook = nbformat.read(BOOK / f"{stem}.ipynb", as_version=4)
    return {
        ast.parse(cell.source).body[0].name: cell
        for cell in notebook.cells
        if cell.cell_type == "code" and "def my_" in cell.source
    }


def _run_attempt(source):
    """Define the attempt, then evaluate the cell's last line (the check) and return its Feedback."""
    tree = ast.parse(source)
    namespace = {"np": np, "activations": activations,
                 **{name: getattr(exercises, name) for name in exercises.__all__}}
    exec(compile(ast.Module(tree.body[:-1], type_ignores=[]), "<attempt>", "exec"), namespace)
    return eval(compile(ast.Expression(tree.body[-1].value), "<check>", "eval"), namespace)


@pytest.mark.parametrize("stem", sorted(ATTEMPTS))
def test_attempt_cells_store_no_diagnosis(stem):
    cells = _attempt_cells(stem)
    assert set(cells) == set(ATTEMPTS[stem])
    for name, cell in cells.items():
        tags = cell.metadata.get("tags", [])
        assert {"skip-execution", "nbval-skip"} <= set(tags), f"{name}: the attempt must not run ({tags})"
        assert not cell.outputs and cell.execution_count is None, f"{name}: the attempt stores an output"
        check = ast.parse(cell.source).body[-1]
        assert isinstance(check, ast.Expr) and check.value.func.id.startswith("check_"), (
            f"{name}: the attempt cell ends with the call the learner runs, check_...({name})"
        )


@pytest.mark.parametrize("stem, name", [(s, n) for s in sorted(ATTEMPTS) for n in ATTEMPTS[s]])
def test_each_attempt_is_caught_by_its_checker(stem, name):
    feedback = _run_attempt(_attempt_cells(stem)[name].source)
    assert not feedback.passed, f"{stem}: the checker passes the shipped attempt {name}"
    assert feedback.mistake == ATTEMPTS[stem][name], feedback.message
