"""Every page, loaded cold on a phone: light enough; the heaviest, under Slow 4G, quick to show
text and math.

The measurement is ``scripts/measure_pages.py`` (run it to see the figures over every page). The
weight of every page is asserted against the target itself (it does not depend on the machine),
from a load at full speed: it fetches all that a load under Slow 4G does (and the favicon),
which the timed pages check. The times are asserted on the heaviest third of the pages, where a
slow load shows first, against twice their targets, because a busy CI machine renders slower
than a phone's budget assumes; the printed figures, not this test, are the measurement.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from site_support import CHAPTERS, PAGES, ROOT, SITE

_spec = importlib.util.spec_from_file_location(
    "measure_pages", ROOT / "scripts" / "measure_pages.py"
)
assert _spec is not None and _spec.loader is not None
measure_pages = importlib.util.module_from_spec(_spec)
sys.modules["measure_pages"] = measure_pages  # its dataclass looks its module up there
_spec.loader.exec_module(measure_pages)

SLACK = 2.0  # times may take this multiple of their targets on a loaded machine
MEASURED = CHAPTERS + [p for p in PAGES if p == "search.html"]
TIMED = sorted(MEASURED, key=lambda p: -(SITE / p).stat().st_size)[: max(1, len(MEASURED) // 3)]
"""The heaviest third of the pages by their HTML (formulas, outputs, slider markup)."""
SAME_BYTES = 0.02  # a fast and a slow load of one page send the same bytes, give or take headers


@pytest.fixture(scope="module")
def slow_loads():
    if not PAGES:
        pytest.fail(f"no site in {SITE}: run `make book` (`make test` builds it first)")
    loads: dict[tuple[str, bool], object] = {}
    with measure_pages.serve(SITE) as address, measure_pages.chromium() as browser:

        def load(page_path: str, slow: bool = True):
            if (page_path, slow) not in loads:
                loads[page_path, slow] = measure_pages.measure(
                    browser, address, page_path, slow=slow
                )
            return loads[page_path, slow]

        yield load


@pytest.mark.parametrize("page_path", MEASURED)
def test_a_cold_load_weighs_at_most_a_megabyte(slow_loads, page_path):
    load = slow_loads(page_path, slow=False)
    print(load.row())
    assert load.transferred <= measure_pages.TARGET_GZIP_BYTES, (
        f"{page_path} sent {load.transferred / 1e6:.2f} MB on a cold load"
    )


@pytest.mark.parametrize("page_path", TIMED)
def test_text_and_math_appear_quickly_on_slow_4g(slow_loads, page_path):
    load = slow_loads(page_path)
    print(load.row())
    # The weight test's load at full speed fetched all this one did, no fewer bytes: only
    # the favicon, which it also asks for before the network goes quiet, and headers differ.
    fast = slow_loads(page_path, slow=False)
    assert fast.requests >= load.requests, (load.row(), fast.row())
    assert fast.transferred >= (1 - SAME_BYTES) * load.transferred, (load.row(), fast.row())
    assert load.first_paint_s <= SLACK * measure_pages.TARGET_FIRST_PAINT_S, load.row()
    if load.math_visible_s is not None:
        assert load.math_visible_s <= SLACK * measure_pages.TARGET_MATH_S, load.row()


def test_the_measurement_sees_math_and_weight(slow_loads):
    """The measurement itself: a chapter with formulas has math, and its bytes include figures."""
    load = slow_loads("book/update-rule.html")
    assert load.math_visible_s is not None and load.math_visible_s > load.first_paint_s / 10
    assert load.requests >= 5 and load.transferred > 100_000
