"""Voila as a child of ``facilitation serve``: started, watched, and stopped with every kernel.

Service managers stop a service with SIGTERM (systemd, Docker, supervisord) or SIGHUP (a
closed terminal); people press Ctrl+C. Each of these must leave no Voila process and no
kernel behind, or the next ``facilitation serve`` finds its port taken. Voila shuts its
kernels down on SIGTERM; whatever is still alive after a grace period (a kernel stuck in a
cell, a Voila that hangs) is killed, from a list of Voila's descendants refreshed while it
runs, so kernels are found even after Voila itself died. Voila runs in its own session (a
terminal's Ctrl+C reaches ``serve`` only, which then stops everything in order) and gets
SIGTERM if ``serve`` itself is killed (Linux ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys
import time
from typing import Iterator, Sequence

import psutil

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Inside, SIGTERM and SIGHUP raise ``KeyboardInterrupt`` like Ctrl+C (once: a second
    signal while stopping is ignored, so the stop itself is not interrupted)."""
    fired = False

    def handler(signum: int, frame) -> None:
        nonlocal fired
        if fired:
            return
        fired = True
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    previous_int = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        signal.signal(signal.SIGINT, previous_int)


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: a killed serve may leave Voila running, as before


def launch(command: Sequence[str], *, env: dict[str, str], cwd: str, quiet: bool) -> subprocess.Popen:
    """Start ``command`` in its own session, to be stopped through :class:`Family`."""
    out = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(list(command), env=env, cwd=cwd, stdout=out, stderr=out, start_new_session=True,
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)


class Family:
    """A Voila process and the kernels it started, known even after Voila is gone."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.members: dict[int, psutil.Process] = {}
        self.refresh()

    def refresh(self) -> None:
        """Note Voila's current descendants (kernels come and go while it runs)."""
        try:
            root = psutil.Process(self.proc.pid)
            found = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for member in found:
            self.members.setdefault(member.pid, member)

    def alive(self) -> list[psutil.Process]:
        """Members still running (psutil checks the start time, so a reused pid is not one)."""
        return [p for p in self.members.values() if _running(p)]

    def wait(self, poll: float = 1.0) -> int:
        """Block until Voila exits by itself; its exit code."""
        while True:
            try:
                return self.proc.wait(timeout=poll)
            except subprocess.TimeoutExpired:
                self.refresh()

    def stop(self, grace: float) -> list[int]:
        """SIGTERM to Voila, ``grace`` seconds in all for it to shut its kernels down, then
        kill what is left. Returns the pids that had to be killed."""
        deadline = time.monotonic() + grace
        if self.proc.poll() is None:
            self.refresh()
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        killed = []
        for member in self.alive():
            with contextlib.suppress(psutil.Error):
                member.kill()
                killed.append(member.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)  # Voila is our child: reap it through Popen
        psutil.wait_procs([m for pid, m in self.members.items() if pid != self.proc.pid], timeout=2)
        return killed


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
