"""A PostgreSQL server for the tests: the one CI names, or a throwaway cluster started here.

``FACILITATION_TEST_PG`` (set by ``.ci/run``) names a server URL whose user may create
databases. Without it, a cluster is made from Debian's server binaries
(``/usr/lib/postgresql/*/bin``) in a temporary folder, owned by an unprivileged user when the
tests run as root (``initdb`` refuses root), on a free port; it is stopped when the session
ends. Each test gets a fresh database with a random name, dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from benchmarks.harness import free_port

ENV = "FACILITATION_TEST_PG"
# Throwaway data: durability off makes CREATE DATABASE and commits fast.
FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 "
        "-c listen_addresses=127.0.0.1")


def server_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` that has ``initdb`` and ``pg_ctl``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def with_driver(url: str) -> URL:
    """The URL with the psycopg 3 driver named (``postgresql://`` means psycopg2 to SQLAlchemy)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg") if parsed.drivername in ("postgresql", "postgres") else parsed


@dataclass
class Cluster:
    """A cluster this session started: its folder, port and the user that owns it."""

    bindir: Path
    datadir: Path
    port: int
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd="/")

    def start(self) -> None:
        done = self._run("initdb", "-D", str(self.datadir / "data"), "-U", "postgres", "--auth=trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")
        done = self._run("pg_ctl", "-D", str(self.datadir / "data"), "-l", str(self.datadir / "server.log"), "-w",
                         "-o", f"-p {self.port} -k {self.datadir} {FAST}", "start")
        if done.returncode:
            log = (self.datadir / "server.log").read_text(errors="replace")[-800:]
            raise RuntimeError(f"the PostgreSQL server did not start: {done.stderr.strip()} {log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.datadir / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.datadir, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a throwaway cluster from the local server binaries (raises RuntimeError when it cannot)."""
    bindir = server_binaries()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
                           "(apt-get install postgresql, or set FACILITATION_TEST_PG to a server URL)")
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            raise RuntimeError("tests run as root and there is no 'postgres' user to own a cluster") from None
    datadir = Path(tempfile.mkdtemp(prefix="fk-pg-"))
    if user:
        entry = pwd.getpwnam(user)
        os.chown(datadir, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bindir=bindir, datadir=datadir, port=free_port(), user=user)
    try:
        cluster.start()
    except Exception:
        shutil.rmtree(datadir, ignore_errors=True)
        raise
    return cluster


def reachable(url: str) -> str | None:
    """None when the server answers, else why not (one line, password hidden)."""
    try:
        engine = create_engine(with_driver(url), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means: skip with the reason
        shown = with_driver(url).render_as_string(hide_password=True)
        return f"{shown}: {str(exc).splitlines()[0]}"


def create_database(server_url: str, *, template: str | None = None) -> str:
    """A new database with a random name on the server (a copy of ``template`` if given); its URL."""
    base = with_driver(server_url)
    name = "fk_test_" + secrets.token_hex(6)
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database of ``url``, ending any session still connected to it."""
    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    engine.dispose()
