"""The ``history`` table: earlier versions of edited rows, so nothing anyone changes is lost.

The one writer of ``history``. Every record module calls :func:`keep` (inside its own write
transaction) before it changes a row; :func:`drop` removes earlier versions of what a
participant asked to have erased (``forget``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection

from facilitation.store import schema as s
from facilitation.store.db import now


def snapshot(row: Mapping[str, Any], fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A row (or only ``fields`` of it) as JSON-ready values: dates and times as ISO text."""
    data = dict(row) if fields is None else {k: row[k] for k in fields}
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def keep(conn: Connection, workshop_id: int, table: str, row: Mapping[str, Any], actor: str, *,
         fields: Iterable[str] | None = None, at: datetime | None = None) -> None:
    """Keep the version of ``row`` (all of it, or only ``fields``) that is about to change.

    ``actor`` says who changed it (``facilitator``, ``participant 7``, ``import``).
    """
    conn.execute(s.history.insert().values(workshop_id=workshop_id, table_name=table, row_id=row.get("id") or 0,
                                           before=snapshot(row, fields), actor=actor, at=at or now()))


def drop(conn: Connection, workshop_id: int, table: str, row_ids: Iterable[int]) -> None:
    """Remove the earlier versions of rows ``row_ids`` of ``table`` (their content was erased on request)."""
    ids = list(row_ids)
    if ids:
        conn.execute(s.history.delete().where(s.history.c.workshop_id == workshop_id,
                                              s.history.c.table_name == table, s.history.c.row_id.in_(ids)))
