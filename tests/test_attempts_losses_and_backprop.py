""""Fix this attempt" exercises of loss-functions, three-neurons and mlp-by-hand.

The learner sees the attempt first, and the checker's verdict only when they run it: the attempt
cell is tagged ``skip-execution`` (the build does not run it) and ``nbval-skip``, and stores no
output. These tests run each shipped attempt instead, and require its checker to reject it with
the mistake the exercise is about (None: a placeholder that no catalogued mistake describes,
which must still fail).
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
    "loss-functions": {
        "my_mse": None,
        "my_mse_grad": "missing 2",
        "my_binary_cross_entropy": "no clipping",
        "my_softmax_cross_entropy": "overflow",
    },
    "three-neurons": {
        "my_dL_dw23": "indices swapped",
        "my_dL_dW1": "transposed",
        "my_output_gradients": "pre-activation instead of activation",
    },
    "mlp-by-hand": {
        "my_augmented_gradient": "ones column first",
        "my_relu_backward": "z = 0 counted as on",
        "my_update": "wrong sign",
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
