"""Random search and guided random tweaks: they find better guesses, reproducibly."""

import numpy as np
import pytest

from course_lib.search import SearchResult, guided_random_tweaks, random_search


def bowl(theta):
    return float(np.sum((theta - 1.0) ** 2))


def test_random_search_keeps_the_best_guess():
    result = random_search(bowl, dim=2, evaluations=200, seed=0)
    assert isinstance(result, SearchResult) and result.evaluations == 200
    assert result.loss == bowl(result.theta) == result.history[-1]
    assert np.all(np.diff(result.history) <= 0)  # the best so far never gets worse
    # It really is the best of its 200 draws.
    rng = np.random.default_rng(0)
    draws = rng.standard_normal((200, 2))
    assert result.loss == pytest.approx(min(bowl(t) for t in draws))
    np.testing.assert_array_equal(result.path[-1], result.theta)
    assert np.all(np.diff([bowl(t) for t in result.path]) < 0)


def test_guided_tweaks_improve_and_stop_when_stuck():
    result = guided_random_tweaks(
        bowl, np.zeros(2), evaluations=5000, step=0.05, patience=40, seed=1
    )
    assert result.loss < 0.01
    assert result.evaluations < 5000  # stopped by patience, near the minimum
    assert np.all(np.diff(result.history) <= 0)
    assert result.history[0] == bowl(np.zeros(2))
    # The path starts at theta0, ends at the result, and every move lowered the loss.
    np.testing.assert_array_equal(result.path[0], np.zeros(2))
    np.testing.assert_array_equal(result.path[-1], result.theta)
    assert np.all(np.diff([bowl(t) for t in result.path]) < 0)


def test_guided_tweaks_respect_the_budget():
    result = guided_random_tweaks(bowl, np.zeros(3), evaluations=30, patience=1000, seed=0)
    assert result.evaluations == 30


def test_searches_are_deterministic():
    a = guided_random_tweaks(bowl, np.zeros(4), evaluations=100, seed=5)
    b = guided_random_tweaks(bowl, np.zeros(4), evaluations=100, seed=5)
    np.testing.assert_array_equal(a.history, b.history)
    np.testing.assert_array_equal(
        random_search(bowl, 4, 50, seed=2).theta, random_search(bowl, 4, 50, seed=2).theta
    )


def test_guessing_gets_worse_as_dimensions_grow():
    # The point of the chapter, measured: the same budget finds much less in 100 dimensions.
    def excess(dim):
        return random_search(lambda t: float(np.sum((t - 0.5) ** 2)) / dim, dim, 500, seed=0).loss

    assert excess(100) > 3 * excess(2)


def test_loss_must_return_a_number():
    with pytest.raises(ValueError, match="loss\\(theta\\) must return a number"):
        random_search(lambda t: t, dim=3, evaluations=2)
    with pytest.raises(ValueError, match="returned NaN"):
        guided_random_tweaks(lambda t: np.nan, np.zeros(2), evaluations=3)


def test_random_search_draws_the_rows_of_one_standard_normal_array():
    # "Why not just guess?" evaluates these rows all at once, at several scales.
    scale, dim, evaluations = 0.3, 5, 40
    draws = np.random.default_rng(7).standard_normal((evaluations, dim))
    result = random_search(bowl, dim, evaluations, scale=scale, seed=7)
    losses = [bowl(scale * z) for z in draws]
    assert result.loss == min(losses)
    np.testing.assert_array_equal(result.theta, scale * draws[int(np.argmin(losses))])
    np.testing.assert_array_equal(result.history, np.minimum.accumulate(losses))


def test_random_search_returns_a_guess_even_when_every_loss_is_inf():
    # Before: best_theta started as None and no guess beat inf, so theta came back None.
    result = random_search(lambda theta: np.inf, dim=3, evaluations=5, seed=0)
    assert isinstance(result.theta, np.ndarray) and result.theta.shape == (3,)
    np.testing.assert_array_equal(result.theta, np.random.default_rng(0).standard_normal(3))
    assert result.loss == np.inf and result.evaluations == 5
    np.testing.assert_array_equal(result.path, result.theta[np.newaxis])


def test_random_search_with_one_evaluation_returns_that_guess():
    result = random_search(bowl, dim=2, evaluations=1, scale=2.0, seed=4)
    np.testing.assert_array_equal(result.theta, 2.0 * np.random.default_rng(4).standard_normal(2))
    assert result.history.tolist() == [bowl(result.theta)] and len(result.path) == 1
