"""The second, portable run of the notebook tests really uses numpy's baseline kernels.

`make test` runs nbval over the chapters twice, the second time with NPY_DISABLE_CPU_FEATURES
set by scripts/numpy_baseline.py (see the Makefile). This file runs in both passes: it checks
that the script names only targets this CPU has, and that in the portable pass numpy has really
switched each of them off, so the second pass cannot silently repeat the first.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

from numpy._core import _multiarray_umath as umath

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "numpy_baseline.py"


def test_script_names_dispatch_targets_beyond_the_baseline():
    targets = runpy.run_path(str(SCRIPT))["extra_dispatch_targets"]()
    assert set(targets) <= set(umath.__cpu_dispatch__)
    assert not set(targets) & set(umath.__cpu_baseline__)


def test_disabled_features_are_off_in_the_portable_pass():
    disabled = os.environ.get("NPY_DISABLE_CPU_FEATURES", "").replace(",", " ").split()
    for target in disabled:
        assert umath.__cpu_features__.get(target) is False, (
            f"NPY_DISABLE_CPU_FEATURES names {target}, but numpy still reports it enabled"
        )
