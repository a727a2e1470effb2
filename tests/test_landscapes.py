"""Quadratic bowls: values, gradients, the stability bound η < 2/λ_max and the fastest rate."""

import numpy as np
import pytest

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.landscapes import Quadratic, elongated_bowl, parabola
from course_lib.optim import gradient_descent


def test_gradient_matches_finite_differences():
    bowl = elongated_bowl((0.5, 12.0), angle=25.0, minimum=(1.0, -2.0))
    w = np.array([0.3, 0.7])
    assert relative_error(bowl.grad(w), numerical_gradient(bowl.value, w)) < 1e-6
    assert bowl.value(bowl.minimum) == 0.0


def test_curvatures_and_bound():
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    np.testing.assert_allclose(bowl.curvatures, [1.0, 20.0])
    assert bowl.stability_bound == pytest.approx(0.1)
    assert parabola(4.0).stability_bound == 0.5


@pytest.mark.parametrize(
    "factor, converges", [(0.5, True), (0.95, True), (1.05, False), (1.5, False)]
)
def test_descent_converges_exactly_below_the_bound(factor, converges):
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    start = np.array([2.0, 1.5])
    path = gradient_descent(bowl.grad, start, lr=factor * bowl.stability_bound, steps=300)
    final = bowl.value(path[-1])
    assert (final < 1e-6) if converges else (final > bowl.value(start))


def test_parabola_regimes():
    # On ½λ(w − w*)², each step multiplies the distance by (1 − ηλ).
    bowl = parabola(curvature=2.0, minimum=3.0)
    for lr, factor in [(0.1, 0.8), (0.75, -0.5), (1.1, -1.2)]:
        path = gradient_descent(bowl.grad, np.array([0.0]), lr=lr, steps=5)[:, 0]
        np.testing.assert_allclose(path - 3.0, -3.0 * factor ** np.arange(6))


def test_values_on_a_grid_for_contours():
    bowl = elongated_bowl()
    grid = np.stack(np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 5)), axis=-1)
    values = bowl.value(grid)
    assert values.shape == (5, 4)
    assert values[2, 0] == pytest.approx(bowl.value(grid[2, 0]))


def test_bad_bowls():
    with pytest.raises(ValueError, match="H must be symmetric"):
        Quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="H must be positive definite"):
        Quadratic([[1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match=r"H must be a square matrix"):
        Quadratic(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"w must have shape \(2,\) or \(\.\.\., 2\)"):
        elongated_bowl().value(np.ones(3))


def test_condition_number_and_fastest_rate():
    bowl = elongated_bowl((1.0, 20.0), angle=30.0)
    assert bowl.condition_number == pytest.approx(20.0)
    assert bowl.fastest_learning_rate == pytest.approx(2 / 21)
    # It is the rate whose slowest factor max_i |1 − η λ_i| is smallest, and that factor is
    # (κ − 1)/(κ + 1).

    def slowest(lr):
        return np.abs(1 - lr * bowl.curvatures).max()

    rates = np.linspace(0.001, bowl.stability_bound, 2001)
    assert rates[np.argmin([slowest(lr) for lr in rates])] == pytest.approx(2 / 21, abs=1e-4)
    assert slowest(bowl.fastest_learning_rate) == pytest.approx(19 / 21)
    # A round bowl is solved in one step at its fastest rate, 1/λ.
    round_bowl = parabola(4.0, minimum=2.0)
    assert round_bowl.condition_number == 1.0 and round_bowl.fastest_learning_rate == 0.25
    path = gradient_descent(
        round_bowl.grad, np.array([-3.0]), lr=round_bowl.fastest_learning_rate, steps=1
    )
    assert path[-1, 0] == 2.0


def test_fastest_rate_beats_its_neighbours_in_the_long_run():
    # From a start with both directions present, the distance after many steps shrinks like the
    # slowest factor to the power of the steps, so rates on either side of the best end further.
    bowl = elongated_bowl((1.0, 20.0), angle=30.0, minimum=(0.5, -0.5))
    start = np.array([2.0, 1.5])

    def distance(lr):
        return np.linalg.norm(
            gradient_descent(bowl.grad, start, lr=lr, steps=300)[-1] - bowl.minimum
        )

    best = bowl.fastest_learning_rate
    assert distance(best) < distance(0.8 * best) and distance(best) < distance(
        0.5 * (best + bowl.stability_bound)
    )
