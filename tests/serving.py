"""Running ``facilitation serve`` as an operator does, for the server-level tests.

A :class:`ServeRun` is the CLI in a subprocess on a free port with its own database; it
knows the links it printed, the Voila process and every kernel process under it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websocket

from tests.conftest import free_port

V1 = "v1.kernel.websocket.jupyter.org"


@dataclass
class ServeRun:
    proc: subprocess.Popen
    port: int
    out: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, db: Path, *args: str, timeout: float = 120) -> "ServeRun":
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "facilitation.cli", "--db", str(db), "serve", "--port", str(port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        run = cls(proc=proc, port=port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"serve exited before it was ready: {proc.stderr.read()[-2000:]}")
            run.out.append(line)
            if line.startswith("Press Ctrl+C"):
                return run
        proc.kill()
        raise AssertionError("serve did not print its links in time")

    def link(self, kind: str) -> str:
        return next(re.search(rf"{kind} link: (\S+)", line).group(1) for line in self.out if f"{kind} link:" in line)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def voila(self) -> psutil.Process:
        return next(p for p in psutil.Process(self.proc.pid).children() if "voila" in " ".join(p.cmdline()))

    def family(self) -> list[psutil.Process]:
        """Voila and every kernel under it, as they are now."""
        voila = self.voila()
        return [voila, *voila.children(recursive=True)]

    def kernel_exists(self, kernel_id: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}api/kernels/{kernel_id}", timeout=5):
                return True
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def alive(processes: list[psutil.Process]) -> list[int]:
    """Pids among ``processes`` still running (not zombies)."""
    found = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p.pid)
        except psutil.Error:
            pass
    return found


def kernel_socket(base: str, kernel_id: str, subprotocol: str | None = V1) -> websocket.WebSocket:
    """A websocket to a kernel, as any page (or anyone who knows the page's kernel id) opens it."""
    url = base.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels?session_id=probe-{time.time_ns()}"
    return websocket.create_connection(url, timeout=10, subprotocols=[subprotocol] if subprotocol else None)


def close_code(ws: websocket.WebSocket, timeout: float = 10) -> int | None:
    """Read until the server closes the socket; its close code (None: closed without one)."""
    ws.settimeout(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            opcode, data = ws.recv_data(control_frame=True)
        except (websocket.WebSocketConnectionClosedException, ConnectionError):
            return None
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return int.from_bytes(data[:2], "big") if len(data) >= 2 else None
    raise AssertionError("the server did not close the connection")


class PeakMemory:
    """Samples a process's RSS in a thread while the block runs: ``.peak`` in bytes."""

    def __init__(self, process: psutil.Process, every: float = 0.1) -> None:
        self.process, self.every, self.peak = process, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except psutil.Error:
                return
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
