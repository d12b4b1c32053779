"""Reading a workshop's stored rows table by table (for the exports), and searching its text.

Read-only. The exports (:mod:`facilitation.outputs.export`) shape these rows into the
tables of the data dictionary; they never see SQL or the schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, String, Table, Text, select

from facilitation.store import schema as s
from facilitation.store.db import Database

Row = dict[str, Any]
# The tables read for an export, in the order they are read.
EXPORTED = ("participants", "ideas", "votes", "map_features", "scenarios", "stakeholders", "criteria", "scores",
            "feedback")


@dataclass(frozen=True)
class WorkshopRows:
    """Every stored row of one workshop that the exports use, read in one transaction.

    ``tables`` maps a table name of :data:`EXPORTED` to its rows (by id; criteria by
    position; map features without the removed ones).
    """

    tables: dict[str, list[Row]] = field(default_factory=dict)
    challenge: Row | None = None
    programme: str = ""
    created_at: datetime | None = None


def workshop_rows(db: Database, workshop_id: int) -> WorkshopRows:
    """The stored rows of one workshop, table by table, as plain dicts."""
    with db.read() as conn:
        def rows(table: Table, *where, order=None) -> list[Row]:  # noqa: ANN001 - SQL expressions
            q = select(table).where(table.c.workshop_id == workshop_id, *where)
            return [dict(r) for r in conn.execute(q.order_by(order if order is not None else table.c.id)).mappings()]

        tables = {name: rows(s.metadata.tables[name]) for name in EXPORTED
                  if name not in ("map_features", "criteria")}
        tables["map_features"] = rows(s.map_features, s.map_features.c.removed.is_(False))
        tables["criteria"] = rows(s.criteria, order=s.criteria.c.position)
        challenge = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == workshop_id)
                                 ).mappings().first()
        workshop = conn.execute(select(s.workshops.c.programme_id, s.workshops.c.created_at)
                                .where(s.workshops.c.id == workshop_id)).first()
        programme_id, created_at = workshop if workshop is not None else (None, None)
        programme = (conn.execute(select(s.programmes.c.name).where(s.programmes.c.id == programme_id)).scalar()
                     if programme_id else None) or ""
    return WorkshopRows(tables={name: tables[name] for name in EXPORTED},
                        challenge=dict(challenge) if challenge is not None else None,
                        programme=programme, created_at=created_at)


def _text_columns(table: Table) -> list:
    return [c for c in table.columns if isinstance(c.type, (String, Text, JSON)) and c.name not in ("token_hash",
                                                                                                   "key_hash")]


def text_mentions(conn: Connection, workshop_id: int, needles: list[str]) -> list[str]:
    """Places (``table id (column)``) where any of ``needles`` occurs in a workshop's stored text (case-folded)."""
    folded = [n.casefold() for n in needles if n]
    found = []
    for table in s.metadata.sorted_tables:
        columns = _text_columns(table)
        if "workshop_id" not in table.c or not columns or not folded:
            continue
        key = table.c.id if "id" in table.c else table.c.workshop_id
        for row in conn.execute(select(key, *columns).where(table.c.workshop_id == workshop_id)):
            for column, value in zip(columns, row[1:]):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(n in text.casefold() for n in folded):
                    found.append(f"{table.name} {row[0]} ({column.name})")
    return sorted(set(found))
