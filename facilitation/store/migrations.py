"""Registered schema migrations, applied in order inside one write transaction each.

A migration is never edited once released; a change to the schema adds a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from sqlalchemy import Connection, inspect, select

from facilitation.store import schema
from facilitation.store.db import now

if TYPE_CHECKING:
    from facilitation.store.db import Database


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


def migrate(db: "Database") -> int:
    """Apply every migration the database lacks; returns the resulting version."""
    with db.write() as conn:
        schema.schema_version.create(conn, checkfirst=True)
        version = current_version(conn)
        for migration in MIGRATIONS:
            if migration.version > version:
                migration.apply(conn)
                conn.execute(schema.schema_version.insert().values(
                    version=migration.version, description=migration.description, applied_at=now()))
                version = migration.version
    return version
