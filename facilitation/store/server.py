"""Database servers (PostgreSQL): the engine, printable URLs, advisory locks, change notifications.

Used by :mod:`facilitation.store.db` for any URL that is not SQLite. A kernel holds at most
one connection: the pool keeps one (bursts above it are closed when returned) and pings it
only after it sat idle. On PostgreSQL that connection LISTENs on :data:`CHANNEL`;
:func:`notify` (called by ``bump``) sends the workshop's number when a write commits, so the
change feed's tick reads what already arrived on the socket and sends nothing to the server
(README, "PostgreSQL", has the measurements against polling).
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, NoSuchModuleError

from facilitation.domain.errors import StoreUnusable
from facilitation.store.schema import participants

# A pooled connection unused this long is pinged before use (a restarted server or a dropped
# network leaves it dead); one in steady use (the feed ticks every 0.2 s) never is.
IDLE_PING_S = 10.0
# A server that does not answer a new connection within this long counts as unreachable, so a click
# answers in seconds (libpq's smallest useful value; without it a connect can wait for minutes).
CONNECT_TIMEOUT_S = 2
MISSING_DRIVER = "PostgreSQL needs the driver: pip install 'facilitation[postgres]'"
# The channel bump() notifies on; the payload is the workshop's number.
CHANNEL = "facilitation_changes"
# Weight of a new session in the change counter: it may have missed notifications, so every
# feed must read the revisions again (any step larger than the notes of one workshop will do).
NEW_SESSION = 1_000_003


def hide_password(url: str) -> str:
    """``url`` as it may be printed: the password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def error_line(exc: BaseException, url: str) -> str:
    """The first line of a driver error, with the URL's password (should it appear) masked."""
    orig = getattr(exc, "orig", None) or exc
    line = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    try:
        password = make_url(url).password
    except ArgumentError:
        password = None
    return line.replace(str(password), "***") if password else line


class Notes:
    """Notifications a process's connections received, counted per workshop, and sessions opened."""

    def __init__(self) -> None:
        self.per_workshop: dict[str, int] = {}
        self.sessions = 0

    def listen(self, dbapi_conn) -> None:  # noqa: ANN001 - a psycopg connection
        """Count this new connection's notifications from its start (LISTEN outside a transaction)."""
        dbapi_conn.add_notify_handler(self._received)
        dbapi_conn.autocommit = True
        dbapi_conn.execute(f"LISTEN {CHANNEL}")
        dbapi_conn.autocommit = False
        self.sessions += 1

    def _received(self, note: object) -> None:
        payload = str(getattr(note, "payload", ""))
        self.per_workshop[payload] = self.per_workshop.get(payload, 0) + 1

    def counter(self, engine: Engine, workshop_id: int | None) -> int:
        """Notifications for the workshop (all, for None) plus :data:`NEW_SESSION` per session.

        Reads what already arrived on the pooled connection's socket without a statement (the
        driver's handler also counts what arrives during other queries).
        """
        pooled = engine.raw_connection()
        try:
            pgconn = pooled.driver_connection.pgconn
            pgconn.consume_input()
            while (note := pgconn.notifies()) is not None:
                pgconn.notify_handler(note)
        except Exception:
            pooled.invalidate()  # a broken connection must not go back to the pool
            raise
        finally:
            pooled.close()
        notes = (sum(self.per_workshop.values()) if workshop_id is None
                 else self.per_workshop.get(str(workshop_id), 0))
        return self.sessions * NEW_SESSION + notes


def revisions(engine: Engine, workshop_id: int) -> dict[str, int]:
    """PostgreSQL: a workshop's revisions in one autocommit statement through psycopg.

    Every page reads them after each change; SQLAlchemy's read transaction would be three
    round trips and ~1 ms of the kernel's CPU instead of one and ~0.15 ms.
    """
    pooled = engine.raw_connection()
    try:
        driver = pooled.driver_connection
        driver.autocommit = True
        try:
            rows = driver.execute("SELECT topic, rev FROM revisions WHERE workshop_id = %s", (workshop_id,)).fetchall()
        finally:
            driver.autocommit = False
    except Exception:
        pooled.invalidate()  # a broken connection must not go back to the pool
        raise
    finally:
        pooled.close()
    return {topic: rev for topic, rev in rows}


def connect_args(url: str) -> dict[str, object]:
    """Name the kit's sessions on the server, and notice a dead peer through TCP keepalives."""
    if make_url(url).get_backend_name() != "postgresql":
        return {}
    return {"application_name": "facilitation", "keepalives": 1, "keepalives_idle": 30,
            "keepalives_interval": 10, "keepalives_count": 3, "connect_timeout": CONNECT_TIMEOUT_S}


def make_engine(url: str, notes: Notes) -> Engine:
    """A server's engine: one pooled connection per process, pinged after idling, LISTENing on PostgreSQL."""
    postgres = make_url(url).get_backend_name() == "postgresql"
    try:
        engine = create_engine(url, pool_size=1, max_overflow=8, pool_recycle=3600, connect_args=connect_args(url))
    except (ImportError, NoSuchModuleError) as exc:
        if postgres:
            raise StoreUnusable(MISSING_DRIVER) from None
        raise StoreUnusable("No driver for the database at {hide_password} ({exc}).", hide_password=hide_password(url), exc=exc) from None
    except ArgumentError as exc:
        raise StoreUnusable("{hide_password} is not a database URL ({exc}).", hide_password=hide_password(url), exc=exc) from None

    if postgres:
        event.listen(engine, "connect", lambda dbapi_conn, _record: notes.listen(dbapi_conn))

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn, record):  # noqa: ANN001 - DBAPI objects
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, record, _proxy):  # noqa: ANN001
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()
        except Exception:
            raise DisconnectionError("the pooled connection is gone") from None  # the pool reconnects

    return engine


def advisory_lock(conn: Connection, *key: object) -> None:
    """Serialise transactions about the same ``key`` (e.g. ``("join", token_hash)``) until this one ends.

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of the key (a rare hash
    collision only makes two unrelated transactions wait for each other). SQLite: nothing to
    do, its writers already run one at a time.
    """
    if conn.dialect.name != "postgresql":
        return
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode()).digest()
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": int.from_bytes(digest[:8], "big", signed=True)})


def lock_participant(conn: Connection, participant_id: int) -> None:
    """Hold the participant's row until the transaction ends, so their checked writes run one at a time.

    ``SELECT … FOR UPDATE`` on a server; SQLite leaves the clause out (its writers are serial).
    Taken by writers that check before they insert (vote budget, one feedback or score per cell).
    """
    conn.execute(select(participants.c.id).where(participants.c.id == participant_id).with_for_update())


def notify(conn: Connection, workshop_id: int) -> None:
    """PostgreSQL: tell every listening kernel, when this transaction commits, that the workshop changed."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_notify(:channel, :workshop)"), {"channel": CHANNEL, "workshop": str(workshop_id)})
