"""Registered schema migrations, applied in order inside the caller's write transaction.

A leaf module: it knows the schema and a connection, not the database that opens it
(:class:`facilitation.store.db.Database` passes its transaction in, as sqlite-utils'
migrations take a database handle rather than importing one). A migration is never edited
once released; a change to the schema adds a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import Connection, inspect, select

from facilitation.store import schema


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[t for t in schema.metadata.sorted_tables if t.name != "schema_version"])


def add_missing(conn: Connection) -> None:
    """Create the tables and add the columns the schema has and the database lacks.

    Additive only (never drops or changes a column), so it can run on any older database. A
    column added this way must be nullable or carry a ``server_default``: existing rows need a
    value. Later migrations that only add tables or columns reuse it.
    """
    inspector = inspect(conn)
    existing = set(inspector.get_table_names())
    missing = [t for t in schema.metadata.sorted_tables if t.name not in existing]
    if missing:
        schema.metadata.create_all(conn, tables=missing)
    for table in schema.metadata.sorted_tables:
        if table.name not in existing:
            continue
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            kind = column.type.compile(dialect=conn.dialect)
            default = ""
            if column.server_default is not None:
                arg = column.server_default.arg
                default = " DEFAULT " + (arg.text if hasattr(arg, "text") else "'" + str(arg).replace("'", "''") + "'")
            nullable = "" if column.nullable or default else " NOT NULL"
            conn.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}{nullable}')


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "workshops, participants, agenda, challenge, map, ideas, votes, scenarios, "
                 "stakeholders, criteria, scores, feedback, history, revisions", _initial),
    Migration(2, "roles, organiser keys, agenda instructions and timer, participant affiliation, "
                 "programmes with phases, venues, meetings, materials and practices", add_missing),
    Migration(3, "breakout groups and their members, group of ideas, votes, stakeholders, scores and map "
                 "features, group-bound role links, round 2 linked to round 1 with carried ideas", add_missing),
    Migration(4, "issue 22: several cities in one workshop (a group's scenarios); a practice's description "
                 "and year; merged participants", add_missing),
    Migration(5, "issue 23: fair shares (each participant's post rates)", add_missing),
    Migration(6, "issue 23: least-privilege keys (who made a key; console links derived from an organiser key)",
              add_missing),
    Migration(7, "issue 24: a step's own settings and planned start time", add_missing),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The highest applied version (0 for an empty database)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(schema.schema_version.c.version).order_by(
        schema.schema_version.c.version.desc()).limit(1)).scalar() or 0


# Key of the PostgreSQL advisory lock that serialises migrations (any constant the kit alone uses).
MIGRATION_LOCK = 0x666B_6D69  # "fkmi"


def lock_for_migration(conn: Connection) -> None:
    """Hold the database's migration lock until ``conn``'s transaction ends.

    PostgreSQL: a transaction-level advisory lock, so processes opening an empty database at
    once migrate one after another (the next sees the finished schema). SQLite: the caller's
    ``BEGIN IMMEDIATE`` already holds the write lock. Other servers: none is taken.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def migrate(conn: Connection, *, applied_at: datetime) -> int:
    """Apply every migration the database lacks, in ``conn``'s transaction; returns the resulting version.

    An up-to-date database is only read; otherwise the migration lock is taken first and
    the version read again under it.
    """
    version = current_version(conn)
    if version >= LATEST_VERSION:
        return version
    lock_for_migration(conn)
    schema.schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    for migration in MIGRATIONS:
        if migration.version > version:
            migration.apply(conn)
            conn.execute(schema.schema_version.insert().values(
                version=migration.version, description=migration.description, applied_at=applied_at))
            version = migration.version
    return version
