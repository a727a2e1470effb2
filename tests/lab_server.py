"""A headless JupyterLab for browser checks: fresh settings, a free port, stopped by its PID.

Used by tests/test_lab.py and scripts/untrusted_lab_check.py. The server runs
from the same environment as the caller (``.venv``, built from requirements.txt,
so the JupyterLab and jupyterlab-myst that Binder installs) with its config,
data and runtime folders inside ``folder``, so nothing a developer set up for
their own JupyterLab (settings, workspaces, trusted-notebook signatures) leaks in.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent

# Defaults for every user of this server: no "news" or update-check popup over the
# notebook, no network requests for them; and every cell attached to the page, so that
# what is checked is what a learner who scrolls would see (JupyterLab's default
# windowing leaves offscreen cells unrendered).
SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_env(folder: Path) -> dict[str, str]:
    """The environment for a server whose settings live in ``folder`` (fresh, with SETTINGS)."""
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folder / ".config"),
        "JUPYTER_DATA_DIR": str(folder / ".data"),
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
    }
    labconfig = folder / ".config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(SETTINGS, indent=1))
    return env


def start_lab(folder: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Start JupyterLab serving ``folder``; return the server and its URL once it answers.

    Raises RuntimeError (after stopping it) if it does not answer within a minute.
    Its log goes to ``folder/lab.log``.
    """
    port = free_port()
    with open(folder / "lab.log", "w") as log:
        server = subprocess.Popen(
            [
                str(BIN / "jupyter-lab"),
                "--no-browser",
                "--allow-root",
                f"--port={port}",
                "--ip=127.0.0.1",
                f"--ServerApp.root_dir={folder}",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            return server, url
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    stop(server)
    raise RuntimeError(
        f"JupyterLab did not start; see {folder / 'lab.log'}:\n"
        + (folder / "lab.log").read_text()[-3000:]
    )


def stop(server: subprocess.Popen) -> None:
    """Stop the server by its PID; it shuts its kernels down on SIGTERM."""
    if server.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
