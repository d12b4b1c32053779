"""What the tests and the benchmark share to drive a server and a browser: a free port,
Debian's Chromium with the flags this machine needs, and an in-page "element appeared" clock.

Chromium: Debian's package through the ``playwright`` Python package (never ``playwright
install``: browser downloads fail here); without the background-networking flags Chromium's
connections are refused by the closed network, many at a time.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from typing import Any, Iterable

CHROMIUM = os.environ.get("FACILITATION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_run(count: int) -> int:
    """A port such that it and the ``count`` ports after it are free on 127.0.0.1 (a room of workers)."""
    for _ in range(50):
        first = free_port()
        try:
            for port in range(first, first + count + 1):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no run of free ports found")


# Records in the page, with the page's own clock, when ``selector`` (with ``text``: the whole
# trimmed text, or any part of it with ``contains``) appears, or disappears with ``gone``.
ARM_JS = """([key, selector, text, gone, contains]) => {
  window.__fkSeen = window.__fkSeen || {};
  delete window.__fkSeen[key];
  const matches = (el) => text === null || (contains ? el.textContent.includes(text) : el.textContent.trim() === text);
  const present = () => [...document.querySelectorAll(selector)].some(matches);
  const check = () => {
    if (!(key in window.__fkSeen) && present() !== gone) { window.__fkSeen[key] = Date.now(); obs.disconnect(); }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  check();
}"""


def arm(pages: Iterable[Any], key: str, selector: str, text: str | None = None, *, gone: bool = False,
        contains: bool = False) -> None:
    """Start timing, in each Playwright page, when ``selector`` (with ``text``) appears (or goes)."""
    for page in pages:
        page.evaluate(ARM_JS, [key, selector, text, gone, contains])


def seen_after(pages: Iterable[Any], key: str, t0: float, timeout_ms: int = 10_000) -> list[float]:
    """Seconds from ``t0`` (the browser's ms clock) until each page saw the armed change."""
    times = []
    for page in pages:
        page.wait_for_function("k => window.__fkSeen && (k in window.__fkSeen)", arg=key, timeout=timeout_ms)
        times.append((page.evaluate("k => window.__fkSeen[k]", key) - t0) / 1000)
    return times
