"""Shared test setup: a headless matplotlib and reproducible hypothesis runs."""

import matplotlib
import numpy as np
from hypothesis import settings, strategies as st

matplotlib.use("Agg")

# Derandomized: the same examples on every run, so CI is deterministic.
settings.register_profile(
    "course", derandomize=True, database=None, deadline=None, max_examples=30
)
settings.load_profile("course")

seeds = st.integers(min_value=0, max_value=2**32 - 1)
dims = st.integers(min_value=1, max_value=5)


def away_from_zero(rng: np.random.Generator, shape, margin: float = 1e-3) -> np.ndarray:
    """Normal samples pushed at least ``margin`` away from 0 (ReLU's kink)."""
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < margin, np.sign(z + 1e-300) * margin * 2, z)
