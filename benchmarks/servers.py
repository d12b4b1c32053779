"""The two servers the benchmark compares, started the way people start them, and their processes.

* **kit**: ``facilitation --db DB serve CODE --port P --expected N`` (what ``make serve``
  runs); the participant link is read from its output.
* **plain**: ``voila notebooks/ --no-browser --port P`` with Voila's default settings (the
  database URL in ``FACILITATION_DB``, as the notebooks need one).

:class:`Sampler` watches the server's process tree (Voila and its kernels) with psutil
every half second: CPU seconds (kept for kernels that have exited), RSS, which kernels
are alive (a kernel's id is in its ``-f …/kernel-ID.json`` argument).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil


from facilitation.serve import launcher as server

REPO = Path(__file__).resolve().parents[1]
KERNEL_ID = re.compile(r"kernel-([0-9a-f-]{36})\.json")


@dataclass
class Server:
    name: str
    proc: subprocess.Popen       # what was started (the CLI for the kit, Voila for plain)
    voila: psutil.Process        # the Voila process itself
    base: str
    participant_url: str
    log: Path
    pool: int = 0

    def stop(self) -> None:
        """SIGTERM to Voila (it shuts its kernels down), then to what was started; bounded waits."""
        kernels = [p for p in self.voila.children(recursive=True)] if self.voila.is_running() else []
        for proc in (self.voila, psutil.Process(self.proc.pid) if self.proc.poll() is None else None):
            if proc is None:
                continue
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=20)
            except psutil.NoSuchProcess:
                pass
            except psutil.TimeoutExpired:
                proc.kill()
        for kernel in kernels:  # a kernel Voila could not shut down in time: ours to end
            try:
                kernel.wait(timeout=5)
            except psutil.TimeoutExpired:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _wait_for_voila(proc: subprocess.Popen, timeout: float) -> psutil.Process:
    deadline = time.monotonic() + timeout
    parent = psutil.Process(proc.pid)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited while starting")
        if "voila" in " ".join(parent.cmdline()):
            return parent
        for child in parent.children():
            if "voila" in " ".join(child.cmdline()):
                return child
        time.sleep(0.2)
    raise RuntimeError("no Voila process appeared")


def start_kit(db_path: Path | str, code: str, port: int, expected: int, log: Path, workers: int = 1,
              root: Path | None = None, name: str = "") -> Server:
    """The kit as a user starts it: the ``facilitation serve`` command, links read from its output.
    With ``workers`` > 1 (servers behind HAProxy) :attr:`Server.voila` is the command itself, the
    root of every server, kernel and the proxy. ``root``: another copy of the kit's source to run
    (an older version, with this environment's packages)."""
    cmd = [sys.executable, "-m", "facilitation.cli", "--db", str(db_path), "serve", code,
           "--host", "127.0.0.1", "--port", str(port), "--expected", str(expected), "--verbose"]  # log: Voila's
    if workers > 1:
        cmd += ["--workers", str(workers)]
    env = _env(db_path)
    if root is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    out = log.open("w")
    proc = subprocess.Popen(cmd, cwd=str(root or REPO), stdout=subprocess.PIPE, stderr=out, text=True,
                            env=env, start_new_session=True)
    link = ""
    deadline = time.monotonic() + 180
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        out.write(line)
        out.flush()
        if line.startswith("Participant link:"):
            link = line.split(":", 1)[1].strip()
        if line.startswith("Press Ctrl+C"):
            break
    if not link:
        proc.kill()
        raise RuntimeError(f"`facilitation serve` printed no participant link (see {log})")
    threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True).start()
    voila = _wait_for_voila(proc, 30) if workers == 1 else psutil.Process(proc.pid)
    options = server.ServeOptions(port=port, expected=expected)
    name = name or ("kit" if workers == 1 else f"kit-{workers}w")
    return Server(name, proc, voila, f"http://127.0.0.1:{port}/", link, log, pool=options.pool_kernels)


def start_plain(db_path: Path, code: str, port: int, log: Path) -> Server:
    """``voila notebooks/`` with default settings."""
    # The served pages only (notebooks/ also holds the analysts' notebook, which is not a page).
    cmd = [sys.executable, "-m", "voila", str(server.NOTEBOOK_DIR), "--no-browser", f"--port={port}"]
    out = log.open("w")
    proc = subprocess.Popen(cmd, cwd=str(REPO), stdout=out, stderr=subprocess.STDOUT, env=_env(db_path),
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    if not server.wait_until_ready(base, proc, timeout=120):
        proc.kill()
        raise RuntimeError(f"plain Voila did not start (see {log})")
    return Server("plain", proc, psutil.Process(proc.pid), base, server.participant_link(base, code), log)


def _env(db_path: Path | str) -> dict[str, str]:
    env = dict(os.environ, FACILITATION_DB=str(db_path), PYTHONUNBUFFERED="1")
    env.pop("VOILA_APP_IP", None)
    return env


def _drain(stream, out) -> None:
    for line in stream:
        out.write(line)
        out.flush()


def kernel_id(proc: psutil.Process) -> str | None:
    try:
        match = KERNEL_ID.search(" ".join(proc.cmdline()))
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None
    return match.group(1) if match else None


@dataclass
class Sample:
    at: float
    cpu: dict[int, float] = field(default_factory=dict)     # pid -> user+system seconds
    rss: dict[int, int] = field(default_factory=dict)       # pid -> bytes
    kernels: dict[str, int] = field(default_factory=dict)   # kernel id -> pid


class Sampler:
    """Samples the Voila process tree every ``interval`` seconds in a background thread."""

    def __init__(self, voila: psutil.Process, interval: float = 0.5) -> None:
        self.voila, self.interval = voila, interval
        self.last_cpu: dict[int, float] = {}
        self.latest = Sample(time.monotonic())
        self._procs: dict[int, psutil.Process] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> Sample:
        now = Sample(time.monotonic())
        try:
            tree = [self.voila] + self.voila.children(recursive=True)
        except psutil.NoSuchProcess:
            tree = []
        for proc in tree:
            proc = self._procs.setdefault(proc.pid, proc)
            try:
                with proc.oneshot():
                    times = proc.cpu_times()
                    now.cpu[proc.pid] = times.user + times.system
                    now.rss[proc.pid] = proc.memory_info().rss
                kid = kernel_id(proc)
                if kid:
                    now.kernels[kid] = proc.pid
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        with self._lock:
            self.last_cpu.update(now.cpu)
            self.latest = now
        return now

    def cpu_total(self) -> float:
        """CPU seconds of every process ever seen in the tree (exited ones at their last sample)."""
        with self._lock:
            return sum(self.last_cpu.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def rss_total(self) -> int:
        return sum(self.sample().rss.values())

    def voila_rss(self) -> int:
        return self.sample().rss.get(self.voila.pid, 0)

    def kernel_rss(self, kernel_ids: list[str]) -> list[int]:
        now = self.sample()
        return [now.rss[now.kernels[k]] for k in kernel_ids if k in now.kernels and now.kernels[k] in now.rss]

    def alive(self, kernel_ids: list[str] | None = None) -> int:
        """How many of ``kernel_ids`` (default: all kernels) are running now."""
        now = self.sample()
        return len(now.kernels) if kernel_ids is None else sum(1 for k in kernel_ids if k in now.kernels)

    def wait_quiet(self, *, cpu_share: float = 0.15, window: float = 3.0, timeout: float = 120.0,
                   kernels_at_least: int = 0) -> float:
        """Wait until the tree uses < ``cpu_share`` of one core over ``window`` s (and has the
        kernels expected, e.g. a refilled pool); returns the seconds waited."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            before = self.cpu_total()
            time.sleep(window)
            self.sample()
            used = self.cpu_total() - before
            if used / window < cpu_share and self.alive() >= kernels_at_least:
                break
        return time.monotonic() - start


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)
