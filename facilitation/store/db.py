"""Opening the database: URL resolution, SQLite pragmas, safety checks, transactions.

SQLite (the default, ``data/facilitation.sqlite``) runs in WAL mode with a busy timeout and
takes the write lock up front (``BEGIN IMMEDIATE``) so concurrent writers queue instead of
failing half-way. Any SQLAlchemy URL (e.g. PostgreSQL) replaces it via ``--db`` or
``FACILITATION_DB``; ``postgresql://`` means the psycopg 3 driver (the ``postgres`` extra).

On PostgreSQL writers run concurrently (READ COMMITTED), so the rules SQLite's single writer
gives for free are taken explicitly: :func:`bump` is an upsert, record modules lock the row
they check (``SELECT … FOR UPDATE``), migrations hold an advisory lock. A kernel holds at most
one connection, which LISTENs for the notifications :func:`bump` sends
(:mod:`facilitation.store.server`).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, DisconnectionError, InterfaceError, OperationalError

from facilitation.domain.errors import StoreUnreachable, StoreUnusable
from facilitation.store import schema, server
from facilitation.store.server import advisory_lock, error_line, hide_password  # noqa: F401 (the store's API)
from facilitation.store.migrations import LATEST_VERSION
from facilitation.store.migrations import migrate as run_migrations

# Relative: resolved against the folder the command runs in (``data/`` of the checkout for
# ``make serve``; any folder for an installed kit).
DEFAULT_DB_PATH = Path("data") / "facilitation.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
# A write on a database server that has not finished in this long is cancelled by the server, so a
# click answers with a sentence instead of hanging (a vote or an idea takes milliseconds).
WRITE_TIMEOUT_MS = 5_000
log = logging.getLogger(__name__)


def now() -> datetime:
    """UTC now without tzinfo (SQLite stores naive datetimes; every stamp is UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def resolve_url(url: str | os.PathLike | None = None) -> str:
    """``--db`` value, else ``FACILITATION_DB``, else the default SQLite file.

    A plain path is taken as an SQLite file.
    """
    value = str(url) if url else os.environ.get("FACILITATION_DB") or str(DEFAULT_DB_PATH)
    if "://" not in value:
        value = "sqlite:///" + str(Path(value).expanduser().resolve())
    check_url(value)
    for plain in ("postgresql://", "postgres://"):  # SQLAlchemy would pick psycopg2, which the kit does not use
        if value.startswith(plain):
            value = "postgresql+psycopg://" + value[len(plain):]
    return value


def check_url(url: str) -> None:
    """:class:`StoreUnusable` (one sentence, password masked) for a URL SQLAlchemy cannot parse,
    e.g. a port that is not a number, so no command prints a traceback for a typo."""
    try:
        make_url(url)
    except (ArgumentError, ValueError):
        # make_url failed, so hide_password cannot mask it: drop what sits between "user:" and "@".
        shown = re.sub(r"(://[^:/@]*):.*@", r"\1:***@", url)  # greedy: a password may hold "@" or "/"
        raise StoreUnusable("The database URL {url} is malformed: write it as postgresql://USER:PASSWORD@HOST:PORT/NAME "
                            "(the port a number) or give the path of an SQLite file.", url=shown) from None


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def precheck_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or has a newer schema, without changing it.

    Runs before any pragma that would write (switching to WAL rewrites header bytes).
    """
    if not path.exists():
        parent = path.parent
        if not parent.is_dir():
            raise StoreUnusable("The folder {parent} for the database does not exist.", parent=parent)
        return
    if path.is_dir():
        raise StoreUnusable("{path} is a folder, not a database file.", path=path)
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreUnusable("{path} is not a workshop database (it is not an SQLite file); nothing was changed.", path=path)
    # Read-only look at the schema version; immutable=1 would miss a live WAL, mode=ro does not.
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            has_table = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
            ).fetchone()
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0] if has_table else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreUnusable("{path} is not a usable workshop database ({exc}); nothing was changed.", path=path, exc=exc) from None
    if tables and not has_table:
        raise StoreUnusable(
            "{path} is an SQLite database of another program (it has no workshop schema); nothing was "
            "changed.", path=path
        )
    if version is not None and version > LATEST_VERSION:
        raise StoreUnusable(
            "{path} was written by a newer version of the kit (schema {version}, this kit knows up to "
            "{latest_version}); update the kit. Nothing was changed.", path=path, version=version, latest_version=LATEST_VERSION
        )


def _set_wal(cur: sqlite3.Cursor, attempts: int = 100) -> None:
    """Switch to WAL; retried, because the switch answers "database is locked" at once (without the
    busy timeout) while another process opening the same new file is switching it too."""
    for attempt in range(attempts):
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def is_unreachable(exc: BaseException, *, sqlite_store: bool) -> bool:
    """True when ``exc`` means the store cannot be reached (or did not answer), not that a value was wrong.

    A server: a lost or refused connection, a cancelled (timed-out) statement. SQLite: a lock
    that outlasted the busy timeout, or a file that cannot be opened.
    """
    if isinstance(exc, DisconnectionError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return True
    if sqlite_store:
        return isinstance(exc, OperationalError) and any(
            words in str(exc) for words in ("database is locked", "unable to open database file"))
    return isinstance(exc, (OperationalError, InterfaceError))


@contextmanager
def unreachable_named(url: str, sqlite_store: bool) -> Iterator[None]:
    """Turn a driver's connection failure into :class:`StoreUnreachable` (logged with its one line)."""
    try:
        yield
    except (DBAPIError, DisconnectionError) as exc:
        if not is_unreachable(exc, sqlite_store=sqlite_store):
            raise
        log.warning("the database at %s cannot be reached: %s", hide_password(url), error_line(exc, url))
        raise unreachable() from exc


def unreachable() -> StoreUnreachable:
    """The sentence a page shows when the store cannot be reached (what was typed stays in the form)."""
    return StoreUnreachable("The workshop database cannot be reached just now, so nothing was saved. "
                            "Please try again in a moment.")


class Database:
    """An open workshop store: one engine, explicit transactions, a change counter."""

    def __init__(self, url: str | os.PathLike | None = None, *, migrate: bool = True) -> None:
        if not url and not os.environ.get("FACILITATION_DB"):
            # The default database's folder is the kit's own (data/ under the current folder):
            # made when missing. A folder someone names in --db must exist (a typo is an error).
            DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
        self.url = resolve_url(url)
        self.sqlite_path = _sqlite_path(self.url)
        if self.sqlite_path is not None:
            precheck_sqlite_file(self.sqlite_path)
        self._notes = server.Notes()  # PostgreSQL: what this process's connections were notified of
        self.engine = self._make_engine()
        self._watch: sqlite3.Connection | None = None
        if migrate:
            self._migrate()

    def _migrate(self, attempts: int = 20) -> None:
        """Bring the schema up to date. SQLite can answer "database is locked" at once, without its
        busy timeout, while several processes create the same new file: that is retried (the
        transaction rolled back each time); a lock that outlasted the busy timeout is not."""
        for attempt in range(attempts):
            started = time.monotonic()
            try:
                with self.write(timeout_ms=None) as conn:
                    run_migrations(conn, applied_at=now())
                return
            except (DatabaseError, OperationalError, StoreUnreachable) as caught:
                # At start an unreachable server is unusable: say which and why (the driver's line).
                exc = caught.__cause__ if isinstance(caught, StoreUnreachable) and caught.__cause__ else caught
                quick = time.monotonic() - started < 1.0
                if self.is_sqlite and quick and "locked" in str(exc) and attempt < attempts - 1:
                    time.sleep(0.1 * (attempt + 1))
                    continue
                self.engine.dispose()
                raise StoreUnusable("The workshop database at {display_url} cannot be used: {error_line}", display_url=self.display_url, error_line=error_line(exc, self.url)) from None

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None or self.url.startswith("sqlite")

    @property
    def dialect(self) -> str:
        """``sqlite``, ``postgresql``, ... (the SQLAlchemy backend name)."""
        return make_url(self.url).get_backend_name()

    @property
    def display_url(self) -> str:
        """The URL as it may be printed or logged (password masked)."""
        return hide_password(self.url)

    def _make_engine(self) -> Engine:
        if not self.url.startswith("sqlite"):
            return server.make_engine(self.url, self._notes)
        engine = create_engine(self.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
            # Take over transaction control from pysqlite so BEGIN IMMEDIATE is ours to send.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if self.sqlite_path is not None:
                _set_wal(cur)
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    @contextmanager
    def write(self, *, timeout_ms: int | None = WRITE_TIMEOUT_MS) -> Iterator[Connection]:
        """A short write transaction (SQLite: BEGIN IMMEDIATE, so writers queue, never deadlock).

        A lost or refused connection raises :class:`StoreUnreachable` (the pool reconnects on the
        next use, so recovery needs no reload); on PostgreSQL the server cancels the transaction's
        statements after ``timeout_ms`` (None: no limit, for migrations waiting on each other).
        """
        with unreachable_named(self.url, self.is_sqlite), self.engine.connect() as conn:
            if self.is_sqlite:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                if timeout_ms is not None and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction, ended on exit so the next read sees other writers' commits.

        A lost or refused connection raises :class:`StoreUnreachable`, as for :meth:`write`.
        """
        with unreachable_named(self.url, self.is_sqlite), self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def change_counter(self, workshop_id: int | None = None) -> int:
        """A number that changes whenever another connection commits (cheap to poll).

        SQLite: ``PRAGMA data_version`` on a dedicated autocommit connection (a connection
        inside a read transaction would never see new commits). PostgreSQL: the
        notifications received for ``workshop_id`` (all, for None) plus the sessions opened,
        read from the socket without a statement. Other servers: the sum of the revision
        counters.
        """
        if self.sqlite_path is not None:
            if self._watch is None:
                self._watch = sqlite3.connect(str(self.sqlite_path), isolation_level=None, check_same_thread=False)
                self._watch.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
        if self.dialect == "postgresql":
            return self._notes.counter(self.engine, workshop_id)
        query = select(func.coalesce(func.sum(schema.revisions.c.rev), 0))
        if workshop_id is not None:
            query = query.where(schema.revisions.c.workshop_id == workshop_id)
        with self.engine.connect() as conn:
            return int(conn.execution_options(isolation_level="AUTOCOMMIT").execute(query).scalar_one())

    def revisions(self, workshop_id: int) -> dict[str, int]:
        """The revision of each topic of one workshop (``phase``, ``ideas``, ``votes``, ...)."""
        if self.dialect == "postgresql":
            return server.revisions(self.engine, workshop_id)
        with self.read() as conn:
            rows = conn.execute(
                select(schema.revisions.c.topic, schema.revisions.c.rev).where(
                    schema.revisions.c.workshop_id == workshop_id
                )
            ).all()
        return {topic: rev for topic, rev in rows}

    def integrity_check(self) -> str:
        """``ok`` when the store is healthy, else what is wrong.

        SQLite: ``PRAGMA integrity_check``. PostgreSQL: every table of the schema reads to
        the end, and the server counted no checksum failure in this database.
        """
        with self.read() as conn:
            if self.is_sqlite:
                return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())
            for table in schema.metadata.sorted_tables:
                conn.execute(select(func.count()).select_from(table)).scalar_one()
            if self.dialect == "postgresql":
                failures = conn.exec_driver_sql(
                    "SELECT coalesce(checksum_failures, 0) FROM pg_stat_database WHERE datname = current_database()"
                ).scalar()
                if failures:
                    return f"{failures} checksum failure(s) reported by the server"
        return "ok"

    def diagnostics(self) -> dict[str, str]:
        """Facts worth reporting with a problem: URL (no password), versions, journal mode, schema version."""
        info = {"url": self.display_url, "sqlite_version": sqlite3.sqlite_version}
        with self.read() as conn:
            info["schema_version"] = str(conn.execute(select(schema.schema_version.c.version).order_by(
                schema.schema_version.c.version.desc())).scalar())
            if self.is_sqlite:
                info["journal_mode"] = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one())
            else:
                info["server_version"] = str(conn.exec_driver_sql("SHOW server_version").scalar()) \
                    if self.dialect == "postgresql" else conn.dialect.name
        return info

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bump(conn: Connection, workshop_id: int, *topics: str) -> None:
    """Advance the revision of ``topics`` for a workshop, inside the caller's transaction.

    One upsert per topic (concurrent writers on a server never collide on a missing row);
    topics in sorted order, so two transactions bumping the same ones lock them alike. On
    PostgreSQL a notification carries the workshop's number to every listening kernel when
    the transaction commits (the server folds repeats within one transaction).
    """
    table = schema.revisions
    name = conn.dialect.name
    for topic in sorted(set(topics)):
        if name in ("postgresql", "sqlite"):
            insert = (postgresql.insert if name == "postgresql" else sqlite.insert)(table)
            conn.execute(insert.values(workshop_id=workshop_id, topic=topic, rev=1).on_conflict_do_update(
                index_elements=[table.c.workshop_id, table.c.topic], set_={"rev": table.c.rev + 1}))
            continue
        updated = conn.execute(
            table.update()
            .where(table.c.workshop_id == workshop_id, table.c.topic == topic)
            .values(rev=table.c.rev + 1)
        ).rowcount
        if not updated:
            conn.execute(table.insert().values(workshop_id=workshop_id, topic=topic, rev=1))
    if topics:
        server.notify(conn, workshop_id)
