"""Shared test setup: a headless matplotlib and reproducible hypothesis runs."""

import functools
import http.server
import shutil
import threading

import matplotlib
import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st

matplotlib.use("Agg")

# Derandomized: the same examples on every run, so CI is deterministic.
settings.register_profile("course", derandomize=True, database=None, deadline=None, max_examples=30)
settings.load_profile("course")

seeds = st.integers(min_value=0, max_value=2**32 - 1)
dims = st.integers(min_value=1, max_value=5)


def away_from_zero(rng: np.random.Generator, shape, margin: float = 1e-3) -> np.ndarray:
    """Normal samples pushed at least ``margin`` away from 0 (ReLU's kink)."""
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < margin, np.sign(z + 1e-300) * margin * 2, z)


def matches_finite_differences(analytic, f, x, rtol: float = 1e-6) -> bool:
    """Whether ``analytic`` equals the central differences of f at x (``numerical_gradient``).

    ‖analytic − numeric‖ ≤ rtol·‖numeric‖ + √size·ROUNDOFF·ε·|f(x)|/h: central differences with
    h = 1e-6 resolve an entry only to the round-off of two values of f, so a relative tolerance
    alone fails right but tiny gradients (a deep sigmoid net's first layer). ``gradient_report``
    uses the same floor. A wrong gradient larger than that floor still fails.
    """
    from course_lib.gradcheck import ROUNDOFF, numerical_gradient

    numeric = numerical_gradient(f, x)
    analytic = np.asarray(analytic, dtype=float)
    resolution = ROUNDOFF * np.finfo(float).eps * abs(float(f(x))) / 1e-6
    error = np.linalg.norm(analytic - numeric)
    return bool(error <= rtol * np.linalg.norm(numeric) + np.sqrt(analytic.size) * resolution)


@pytest.fixture(scope="module")
def browser_page():
    """A blank page in Debian's Chromium (Playwright downloads no browser of its own)."""
    chromium = "/usr/bin/chromium"
    if shutil.which(chromium) is None:
        pytest.fail(f"{chromium} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


@pytest.fixture(scope="module")
def site():
    """The built site (``site_support.SITE``), served on 127.0.0.1; yields its address."""
    from site_support import PAGES, SITE

    if not PAGES:
        pytest.fail(f"no site in {SITE}: run `make book` (`make test` builds it first)")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=SITE)
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (which downloads no browser of its own)."""
    from site_support import CHROMIUM, CHROMIUM_FLAGS

    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
