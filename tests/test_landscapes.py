"""Quadratic bowls: values, gradients, the stability bound η < 2/λ_max and the fastest rate."""

import numpy as np
import pytest

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.landscapes import Quadratic, Wells, elongated_bowl, parabola, valleys_1d, valleys_2d
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


# --- Wells: landscapes with several minima --------------------------------------------------------


def _random_wells(rng, d, k=3):
    return Wells(
        centres=rng.normal(size=(k, d)),
        depths=rng.uniform(0.3, 2.0, size=k) * rng.choice([-1.0, 1.0], size=k),
        widths=rng.uniform(0.4, 1.5, size=k),
        curvature=rng.uniform(0.0, 0.5),
    )


@pytest.mark.parametrize("d", [1, 2, 3])
def test_wells_gradient_and_hessian_match_finite_differences(d):
    rng = np.random.default_rng(d)
    for _ in range(5):
        wells = _random_wells(rng, d)
        w = rng.normal(size=d)
        assert relative_error(wells.grad(w), numerical_gradient(wells.value, w)) < 1e-6
        numeric_hessian = np.array(
            [numerical_gradient(lambda x, i=i, wells=wells: wells.grad(x)[i], w) for i in range(d)]
        )
        assert relative_error(wells.hessian(w), numeric_hessian) < 1e-6
        assert np.allclose(wells.hessian(w), wells.hessian(w).T)


def test_wells_on_a_stack_of_points_equal_one_point_at_a_time():
    rng = np.random.default_rng(7)
    wells = _random_wells(rng, 2)
    points = rng.normal(size=(4, 5, 2))
    assert wells.value(points).shape == (4, 5)
    assert wells.grad(points).shape == (4, 5, 2)
    assert wells.hessian(points).shape == (4, 5, 2, 2)
    assert wells.value(points)[1, 3] == pytest.approx(wells.value(points[1, 3]))
    np.testing.assert_allclose(wells.grad(points)[2, 0], wells.grad(points[2, 0]))
    np.testing.assert_allclose(wells.hessian(points)[3, 4], wells.hessian(points[3, 4]))


def test_one_well_is_a_gaussian_valley():
    well = Wells([[1.0, -1.0]], [2.0], [0.5])
    assert well.value(np.array([1.0, -1.0])) == -2.0
    np.testing.assert_allclose(well.hessian(np.array([1.0, -1.0])), 8.0 * np.eye(2))  # a / s²
    far = np.array([9.0, 9.0])
    assert abs(well.value(far)) < 1e-100 and np.abs(well.grad(far)).max() < 1e-100  # plateau
    hill = Wells([[0.0]], [-1.0], [1.0], curvature=0.5)
    assert hill.hessian(np.zeros(1))[0, 0] == pytest.approx(0.5 - 1.0)  # a maximum of the bump


def test_the_course_landscapes_have_their_critical_points():
    one = valleys_1d()
    # The global minimum at w = 1 (curvature a / s² = 2), a local one in the dip near −1.5.
    for start, minimum in [(0.0, 1.0), (-2.0, -1.525)]:
        end = gradient_descent(one.grad, np.array([start]), lr=0.1, steps=2000)[-1]
        assert end[0] == pytest.approx(minimum, abs=1e-3) and one.hessian(end)[0, 0] > 0
    assert one.hessian(np.array([1.0]))[0, 0] == pytest.approx(2.0, rel=1e-4)
    assert one.value(np.array([1.0])) < one.value(np.array([-1.525])) - 1.5
    # Between them a low hill: the slope changes sign once, from + to −, on (−1.5, 0.99).
    slopes = one.grad(np.linspace(-1.5, 0.99, 250)[:, None])[:, 0]
    assert np.sum(np.diff(np.sign(slopes)) != 0) == 1 and slopes[0] > 0 > slopes[-1]
    assert max(abs(one.grad(np.array([w]))[0]) for w in (-4.5, 6.0)) < 1e-3  # the plateaus
    two = valleys_2d()
    # w₂ = 0 is a mirror line: the gradient's second entry vanishes exactly on it, so
    # descent started there stays there.
    axis = np.stack([np.linspace(-4, 4, 81), np.zeros(81)], axis=-1)
    assert np.all(two.grad(axis)[:, 1] == 0.0)
    path = gradient_descent(two.grad, np.array([-3.0, 0.0]), lr=0.1, steps=500)
    saddle = path[-1]
    assert np.linalg.norm(two.grad(saddle)) < 1e-10 and saddle[1] == 0.0
    low, high = np.linalg.eigvalsh(two.hessian(saddle))
    assert low < 0 < high  # a saddle, not a minimum
    nudged = gradient_descent(two.grad, saddle + [0.0, 1e-6], lr=0.1, steps=500)[-1]
    assert two.value(nudged) < two.value(saddle) - 0.5 and nudged[1] > 0.5


def test_bad_wells():
    with pytest.raises(ValueError, match=r"centres must be an array of shape \(k, d\)"):
        Wells([1.0, 2.0], [1.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"depths must have shape \(2,\)"):
        Wells([[1.0], [2.0]], [1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"widths must have shape \(2,\)"):
        Wells([[1.0], [2.0]], [1.0, 1.0], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="depths must be non-zero"):
        Wells([[1.0]], [0.0], [1.0])
    with pytest.raises(ValueError, match="widths must all be > 0"):
        Wells([[1.0]], [1.0], [-1.0])
    with pytest.raises(ValueError, match="curvature must be a finite number >= 0"):
        Wells([[1.0]], [1.0], [1.0], curvature=-0.1)
    with pytest.raises(ValueError, match=r"w must have shape \(2,\) or \(\.\.\., 2\)"):
        valleys_2d().grad(np.ones(3))
    with pytest.raises(ValueError, match="w contains NaN"):
        valleys_1d().value(np.array([np.nan]))
