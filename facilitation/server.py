"""Starting Voila for a live workshop and building the links people open.

Voila serves ``notebooks/`` in directory mode. The participant link carries only the join
code; the facilitator link carries a facilitator key. Settings that matter in a room:
kernels shut down on reload/close (the page's beacon is refused by the XSRF check, voila
issue 1458), and the database URL reaches every kernel through ``FACILITATION_DB``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
PARTICIPANT_NOTEBOOK = "participant.ipynb"
FACILITATOR_NOTEBOOK = "facilitator.ipynb"


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8866
    expected: int = 30
    notebook_dir: Path = NOTEBOOK_DIR


def link_host(host: str) -> str:
    """The host to put in links: a wildcard bind address is not something a browser can open."""
    if host in ("0.0.0.0", "", "::"):
        import socket

        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect(("192.0.2.1", 9))  # TEST-NET address: no packet is sent by connect on UDP
                return sock.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return host


def base_url(host: str, port: int) -> str:
    return f"http://{link_host(host)}:{port}/"


def participant_link(base: str, code: str) -> str:
    return f"{base}voila/render/{PARTICIPANT_NOTEBOOK}?{urlencode({'code': code})}"


def facilitator_link(base: str, code: str, key: str) -> str:
    return f"{base}voila/render/{FACILITATOR_NOTEBOOK}?{urlencode({'code': code, 'key': key})}"


def page_link(base: str, notebook: str, **params: str) -> str:
    return f"{base}voila/render/{notebook}?{urlencode(params)}"


def voila_command(options: ServeOptions) -> list[str]:
    """The Voila command line the kit runs (tests check the room settings are on it)."""
    return [
        sys.executable, "-m", "voila", str(options.notebook_dir),
        "--no-browser",
        f"--port={options.port}",
        f"--Voila.ip={options.host}",
        "--Voila.root_dir=" + str(options.notebook_dir),
        # The shutdown beacon on reload/close needs this, or every reload leaks a kernel.
        "--Voila.tornado_settings={'disable_check_xsrf': True}",
        # Kernels of closed pages are culled; the live poller stops itself when its page is gone.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|css|js)']",
    ]


def start(options: ServeOptions, db_url: str, *, quiet: bool = False) -> subprocess.Popen:
    """Start Voila as a child process with the database URL in its environment."""
    env = dict(os.environ, FACILITATION_DB=db_url)
    out = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(voila_command(options), env=env, stdout=out, stderr=out, cwd=str(options.notebook_dir))


def wait_until_ready(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> bool:
    """Poll ``url`` until the server answers (any HTTP status), the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.25)
    return False
