"""The serve process watches its database server: one line when it stops answering, one when it is back.

The pages say an outage to their users (``StoreUnreachable``); the operator watching ``serve``
needs it too, once, not one line per failed click. A daemon thread connects every
``interval`` seconds with a fresh connection (no pool: a dead pooled connection would hide a
live server) and the kit's short connect timeout. SQLite files have no server to lose: not watched.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime, timezone
from typing import Callable, TextIO

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from facilitation.store.server import connect_args, error_line, hide_password

INTERVAL_S = 2.0

_watches: dict[str, "DbWatch"] = {}
_lock = threading.Lock()


def probe(url: str) -> str | None:
    """None when the server answers ``SELECT 1``, else the driver's one line (password masked)."""
    engine = create_engine(url, poolclass=NullPool, connect_args=connect_args(url))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # any failure is an outage to report, never a traceback in the log
        return error_line(exc, url)
    finally:
        engine.dispose()


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


class DbWatch:
    """Watches one database URL from a daemon thread and reports outages to ``out`` (one line each way)."""

    def __init__(self, url: str, *, interval: float = INTERVAL_S, out: TextIO | None = None,
                 check: Callable[[str], str | None] = probe, clock: Callable[[], float] = time.monotonic) -> None:
        self.url, self.interval, self.out, self.check, self.clock = url, interval, out, check, clock
        self.down_since: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> str | None:
        """Check once; return the line written (an outage began or ended), else None."""
        problem = self.check(self.url)
        line = None
        if problem is not None and self.down_since is None:
            self.down_since = self.clock()
            line = f"{_stamp()} database unreachable: {hide_password(self.url)}: {problem}"
        elif problem is None and self.down_since is not None:
            line = (f"{_stamp()} database reachable again after {self.clock() - self.down_since:.0f} s: "
                    f"{hide_password(self.url)}")
            self.down_since = None
        if line is not None:
            out = self.out or sys.stderr
            out.write(line + "\n")
            out.flush()
        return line

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.step()

    def start(self) -> "DbWatch":
        self._thread = threading.Thread(target=self._run, name="fk-dbwatch", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()


def watch(url: str) -> DbWatch | None:
    """Start watching ``url`` once per process (several servers of one room share the watch); None for SQLite."""
    if url.startswith("sqlite") or "://" not in url:
        return None
    with _lock:
        if url not in _watches:
            _watches[url] = DbWatch(url).start()
        return _watches[url]
