"""Print the value of NPY_DISABLE_CPU_FEATURES that limits numpy to its baseline kernels.

numpy chooses SIMD kernels at run time (AVX2, AVX-512, ...), and their last bits can differ,
so a stored output may reproduce on one CPU and not on another. Every x86-64 machine that runs
this numpy has its baseline kernels. `make test` runs the notebooks twice: as they are, and with

    NPY_DISABLE_CPU_FEATURES="$(python scripts/numpy_baseline.py)"

which switches off every dispatch target this CPU has beyond the baseline. Both runs must pass.
Prints an empty line on a CPU with nothing beyond the baseline (then both runs are the same).
"""

from __future__ import annotations

from numpy._core import _multiarray_umath as umath


def extra_dispatch_targets() -> list[str]:
    """The dispatch targets this CPU supports beyond numpy's compiled-in baseline."""
    found = umath.__cpu_features__
    return [target for target in umath.__cpu_dispatch__ if found.get(target, False)]


if __name__ == "__main__":
    print(" ".join(extra_dispatch_targets()))
