"""Several Voila servers on one host behind HAProxy: ``facilitation serve --workers N``.

One Voila process serves its pages from one Python event loop: past ~100 open pages of a
busy room it is the bottleneck (README, "Capacity"). With ``--workers N`` the kit runs N
Voila servers on loopback ports ``port+1 … port+N``, each with its own kernel id prefix, and
HAProxy on ``host:port`` in front (configuration from :mod:`facilitation.serve.proxy`:
per-page affinity by kernel id). The servers share the workshop database: SQLite (WAL) on
this host, or PostgreSQL, which several hosts can also share (docs/deploy.md).

Supervision: every process (the servers, their kernels, the proxy) is a
:class:`facilitation.serve.supervise.Family`; if one of them stops on its own the room is
broken, so :meth:`Room.wait` returns and the caller stops all of them. SIGTERM, SIGHUP and
Ctrl+C stop everything through the same path as a single server (``stop_signals``).
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from facilitation.domain.errors import FacilitationError
from facilitation.serve import launcher, proxy
from facilitation.serve.supervise import Family, launch


def worker_options(options: launcher.ServeOptions, workers: int, first: int = 1) -> list[launcher.ServeOptions]:
    """The options of each of ``workers`` servers behind a proxy on ``options.port``: loopback,
    the next ports, a kernel id prefix each (server numbers ``first``, ``first+1``, …), and a share
    of the expected room (its pool)."""
    if workers < 1:
        raise FacilitationError("--workers needs at least 1 server.")
    share = math.ceil(options.expected / workers) if options.expected > 0 else 0
    pool = None if options.pool is None else math.ceil(options.pool / workers)
    return [replace(options, host="127.0.0.1", port=options.port + n, expected=share, pool=pool,
                    kernel_id_prefix=proxy.worker_prefix(first + n - 1), servers_on_host=workers)
            for n in range(1, workers + 1)]


def proxy_ready(listen_url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> bool:
    """Poll the proxy's ready address until it answers 200 (every server up), the proxy
    process dies, or time runs out."""
    url = listen_url.rstrip("/") + proxy.READY_PATH
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    return False


def backends(servers: list[launcher.ServeOptions]) -> list[proxy.Backend]:
    return [proxy.Backend(int(s.kernel_id_prefix, 16), s.host, s.port) for s in servers]


@dataclass
class Room:
    """The running processes: N Voila servers and the proxy, each watched as a Family."""

    servers: list[launcher.ServeOptions]
    families: dict[str, Family] = field(default_factory=dict)
    config: Path | None = None

    def start(self, listen: launcher.ServeOptions, db_url: str, *, quiet: bool, config_dir: Path) -> None:
        """Start the servers, then the proxy in front of them (HAProxy in the foreground)."""
        binary = proxy.haproxy_binary()
        if binary is None:
            raise FacilitationError(
                "Several servers need HAProxy as their reverse proxy, and it is not installed "
                "(on Debian or Ubuntu: apt-get install haproxy); or serve without --workers.")
        for n, options in enumerate(self.servers, start=1):
            self.families[f"server {n}"] = Family(launcher.start(options, db_url, quiet=quiet))
        self.config = config_dir / "haproxy.cfg"  # stop() removes config_dir
        self.config.write_text(proxy.render_haproxy(listen.host, listen.port, backends(self.servers)))
        check = subprocess.run([binary, "-c", "-q", "-f", str(self.config)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            why = check.stderr.strip() or check.stdout.strip()
            raise FacilitationError("HAProxy refused its configuration: {why}", why=why)
        self.families["proxy"] = Family(launch([binary, "-db", "-f", str(self.config)], env={}, cwd=str(config_dir),
                                               quiet=quiet))

    def wait_until_ready(self, listen_url: str, timeout: float) -> bool:
        """Every server answers on its own port, then the proxy has marked every one of them up
        (until then it answers 503 to the pages it cannot place: see proxy.READY_PATH)."""
        deadline = time.monotonic() + timeout
        for n, options in enumerate(self.servers, start=1):
            left = max(deadline - time.monotonic(), 1.0)
            if not launcher.wait_until_ready(launcher.listen_url(options.host, options.port),
                                             self.families[f"server {n}"].proc, timeout=left):
                return False
        return proxy_ready(listen_url, self.families["proxy"].proc, timeout=max(deadline - time.monotonic(), 1.0))

    def wait(self, poll: float = 1.0) -> int:
        """Block until one process (a server or the proxy) stops on its own: its exit code."""
        while True:
            for family in self.families.values():
                code = family.proc.poll()
                if code is not None:
                    return code
                family.refresh()
            time.sleep(poll)

    def stop(self, grace: float) -> None:
        """Stop the proxy first (no new pages), then every server with its kernels."""
        for name in sorted(self.families, key=lambda n: n != "proxy"):
            self.families[name].stop(grace)
        if self.config is not None:
            shutil.rmtree(self.config.parent, ignore_errors=True)


def serve(options: launcher.ServeOptions, workers: int, db_url: str, *, quiet: bool, first: int = 1) -> Room:
    """Start ``workers`` Voila servers (numbers from ``first``) and HAProxy on
    ``options.host:options.port``; the caller waits (:meth:`Room.wait`) and stops (:meth:`Room.stop`)."""
    room = Room(servers=worker_options(options, workers, first))
    config_dir = Path(tempfile.mkdtemp(prefix="facilitation-proxy-"))
    try:
        room.start(options, db_url, quiet=quiet, config_dir=config_dir)
    except BaseException:
        room.stop(launcher.STOP_GRACE)
        raise
    return room
