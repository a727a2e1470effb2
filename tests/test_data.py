"""Data sets: the seed's numbers, shapes, and determinism."""

import subprocess
import sys

import numpy as np
import pytest

from course_lib import data
from course_lib.data import (
    PASS_FAIL_FEATURES,
    load_digits,
    make_blobs,
    make_regression,
    make_spirals,
    noisy_line,
    pass_fail,
    split,
    standardize,
)


def test_pass_fail_is_the_seeds_data():
    X, y = pass_fail()
    np.testing.assert_array_equal(X, [[5, 7], [3, 4], [8, 6], [2, 3]])
    np.testing.assert_array_equal(y, [1, 0, 1, 0])
    assert X.dtype == y.dtype == np.float64
    assert PASS_FAIL_FEATURES == ("study hours", "sleep hours")


def test_spirals_shapes_labels_and_determinism():
    X, y = make_spirals(n_per_class=50, n_classes=4, seed=3)
    assert X.shape == (200, 2) and y.shape == (200,)
    np.testing.assert_array_equal(np.bincount(y), [50] * 4)
    assert np.abs(X).max() < 1.01
    X2, y2 = make_spirals(n_per_class=50, n_classes=4, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make_spirals(n_per_class=50, n_classes=4, seed=4)[0])


def test_noisy_line():
    x, y = noisy_line(n=30, slope=-1.0, intercept=2.0, noise=0.0)
    np.testing.assert_allclose(y, -x + 2.0)
    a, b = noisy_line(seed=1), noisy_line(seed=1)
    np.testing.assert_array_equal(a[1], b[1])
    slope, intercept = np.polyfit(*noisy_line(n=200, noise=0.1, seed=0), deg=1)
    assert abs(slope - 2.0) < 0.05 and abs(intercept - 1.0) < 0.05


def test_blobs():
    X, y = make_blobs(
        n_per_class=400, centers=((0.0, 0.0), (3.0, -1.0), (0.0, 4.0)), spread=0.5, seed=2
    )
    assert X.shape == (1200, 2) and y.shape == (1200,)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [3.0, -1.0], atol=0.1)
    np.testing.assert_allclose(X[y == 2].std(axis=0), [0.5, 0.5], atol=0.05)
    np.testing.assert_array_equal(make_blobs(seed=1)[0], make_blobs(seed=1)[0])


def test_regression_teacher():
    X, y, w = make_regression(n_samples=5000, n_features=3, noise=0.1, seed=0)
    assert X.shape == (5000, 3) and y.shape == (5000,) and w.shape == (3,)
    np.testing.assert_allclose(np.linalg.lstsq(X, y, rcond=None)[0], w, atol=0.01)


def test_standardize_uses_training_statistics():
    rng = np.random.default_rng(0)
    X_train = rng.normal(loc=[1.0, -3.0], scale=[2.0, 0.5], size=(50, 2))
    X_test = rng.normal(size=(10, 2))
    train_s, test_s = standardize(X_train, X_test)
    np.testing.assert_allclose(train_s.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(train_s.std(axis=0), 1.0)
    np.testing.assert_allclose(test_s, (X_test - X_train.mean(axis=0)) / X_train.std(axis=0))


@pytest.mark.parametrize("value", [0.0, 0.1, 2.2, 123.456])
def test_standardize_only_centres_a_feature_constant_in_training(value):
    # A zero spread must not divide: it would give inf and NaN. A column of 0.1s has a
    # std of about 1e-17 after rounding, not 0, and must be recognised as constant too.
    rng = np.random.default_rng(1)
    X_train = np.column_stack([rng.normal(size=20), np.full(20, value)])
    X_test = np.column_stack([rng.normal(size=5), value + np.arange(5.0)])
    train_s, test_s = standardize(X_train, X_test)
    assert np.all(np.isfinite(train_s)) and np.all(np.isfinite(test_s))
    np.testing.assert_array_equal(train_s[:, 1], 0.0)
    np.testing.assert_allclose(test_s[:, 1], np.arange(5.0))  # centred on the value, not scaled
    np.testing.assert_allclose(train_s[:, 0].std(), 1.0)


def test_standardize_on_the_digits_split_has_no_inf_or_nan():
    # Three pixels are 0 in every training image of the chapter's split: the naive
    # formula divides by their zero spread.
    X, y, _ = load_digits()
    (X_train, _), (X_val, _), (X_test, _) = split(X, y, seed=0)
    assert np.count_nonzero(X_train.std(axis=0) == 0) == 3
    assert all(np.all(np.isfinite(part)) for part in standardize(X_train, X_val, X_test))


def test_digits_are_scikit_learns_bit_for_bit():
    from sklearn.datasets import load_digits as sklearn_digits

    X, y, images = load_digits()
    reference = sklearn_digits()
    for ours, theirs in [(X, reference.data), (y, reference.target), (images, reference.images)]:
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        assert ours.tobytes() == np.ascontiguousarray(theirs).tobytes()
    assert X.dtype == images.dtype == np.float64 and y.dtype.kind == "i"
    images[0, 0, 0] = -1.0  # the three arrays are independent copies
    assert X[0, 0] == reference.data[0, 0]


def test_loading_the_digits_does_not_import_scikit_learn():
    # Importing scikit-learn costs seconds; the digits are only a CSV file inside it.
    code = (
        "import sys; from course_lib.data import load_digits; X, y, images = load_digits(); "
        "assert X.shape == (1797, 64), X.shape; "
        "print(sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: noisy_line(10**9),
            r"n asks for 1,000,000,000 points: 2,000,000,000 numbers, 14\.9 GiB",
        ),
        (
            lambda: make_regression(10**6, 1000),
            r"n_samples asks for 1,000,000 samples of 1,000 features",
        ),
        (
            lambda: make_regression(10, 10**9),
            r"n_features asks for 10 samples of 1,000,000,000 features",
        ),
        (
            lambda: make_blobs(10**9),
            r"n_per_class asks for 1,000,000,000 points in each of 2 classes",
        ),
        (
            lambda: make_spirals(10**9),
            r"n_per_class asks for 1,000,000,000 points in each of 3 classes",
        ),
        (
            lambda: make_spirals(10, 10**9),
            r"n_classes asks for 10 points in each of 1,000,000,000 classes",
        ),
    ],
)
def test_data_sets_of_many_gigabytes_fail_before_allocating(call, message):
    with pytest.raises(
        ValueError, match=message + r".*more than the 1 GiB a generated data set may take"
    ):
        call()


def test_the_size_limit_is_exact(monkeypatch):
    monkeypatch.setattr(data, "MAX_BYTES", 2 * 8 * 100)  # room for x and y of 100 points
    x, y = noisy_line(100)
    assert x.shape == y.shape == (100,)
    with pytest.raises(ValueError, match="n asks for 101 points: 202 numbers"):
        noisy_line(101)
