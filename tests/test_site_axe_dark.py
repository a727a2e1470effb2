"""axe-core on every page in dark mode at the phone width (light at 1280 px: test_site_a11y.py).

A file of its own so that ``make test``'s two pytest-xdist workers, which take whole files, can
run the two halves of the axe checks at the same time.
"""

from __future__ import annotations

import pytest
from site_support import PAGES, PHONE
from test_site_a11y import axe_source, axe_violations  # noqa: F401 (axe_source: a fixture)


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_violations_dark_at_390(browser, site, axe_source, page_path):  # noqa: F811
    found = axe_violations(browser, site, axe_source, page_path, "dark", PHONE)
    assert not found, found
