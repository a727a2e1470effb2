"""requirements-dev.lock pins every distribution, with hashes, and agrees with the requirements.

`make` installs the environment from the lock with ``pip --require-hashes``; learners and Binder
install ``requirements.txt``. These tests fail when someone changes a pin in one place and not the
other (run ``make lock``), or when the environment is not the one the lock describes.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from the lock's `name==version \\ --hash=...` blocks."""
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text()):
        match = PIN.match(block)
        if match:
            entries[canonical(match[1])] = (
                match[2],
                re.findall(r"--hash=sha256:([0-9a-f]{64})", block),
            )
    return entries


def requirement_pins(path: Path) -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall(path.read_text())}


def test_the_lock_is_not_empty_and_every_entry_has_a_hash():
    entries = lock_entries()
    assert len(entries) > 100, "the lock should cover the whole environment"
    assert [name for name, (_, hashes) in entries.items() if not hashes] == []


@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_of_the_requirement_files_is_locked_at_the_same_version(requirements):
    entries = lock_entries()
    pins = requirement_pins(ROOT / requirements)
    assert pins, f"{requirements} pins nothing?"
    wrong = {
        name: (version, entries.get(name, ("missing",))[0])
        for name, version in pins.items()
        if entries.get(name, ("missing",))[0] != version
    }
    assert wrong == {}, "pinned version vs locked version: run `make lock`"


def test_the_environment_is_the_locked_one():
    """What is installed is what the lock says (make installs it with --require-hashes)."""
    different = {}
    for name, (version, _) in lock_entries().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            different[name] = (version, installed)
    assert different == {}, "locked vs installed"


def test_the_pin_parser_reads_a_lock_block():
    text = "numpy==2.4.6 \\\n    --hash=sha256:" + "a" * 64 + "\n"
    assert PIN.match(text).groups() == ("numpy", "2.4.6")
    assert canonical("Jupyter_Book") == canonical("jupyter-book")
