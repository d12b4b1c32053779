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


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "workshops, participants, agenda, challenge, map, ideas, votes, scenarios, "
                 "stakeholders, criteria, scores, feedback, history, revisions", _initial),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The highest applied version (0 for an empty database)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(schema.schema_version.c.version).order_by(
        schema.schema_version.c.version.desc()).limit(1)).scalar() or 0


def migrate(conn: Connection, *, applied_at: datetime) -> int:
    """Apply every migration the database lacks, in ``conn``'s transaction; returns the resulting version."""
    schema.schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    for migration in MIGRATIONS:
        if migration.version > version:
            migration.apply(conn)
            conn.execute(schema.schema_version.insert().values(
                version=migration.version, description=migration.description, applied_at=applied_at))
            version = migration.version
    return version
