"""A workshop's agenda rows: the one writer of ``agenda``.

Everything here runs inside the caller's write transaction and checks no permission: the
callers (:mod:`~facilitation.store.workshops` for creation and the phase,
:mod:`~facilitation.store.agenda_edit` for editing and the timer) do. Positions are 0, 1, 2, …
without gaps under the unique (workshop_id, position) constraint; renumbering goes through
negative positions first, because SQLite and PostgreSQL check that constraint row by row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, func, select

from facilitation.domain.records import AgendaItem
from facilitation.store import schema as s
from facilitation.store.db import Database

Row = Mapping[str, Any]


def item_from_row(r: Row) -> AgendaItem:
    return AgendaItem(step=r["step"], minutes=r["minutes"], title=r["title"], position=r["position"],
                      started_at=r["started_at"], ended_at=r["ended_at"], instruction=r["instruction"] or "",
                      extra_seconds=r["extra_seconds"] or 0, paused_at=r["paused_at"],
                      paused_seconds=r["paused_seconds"] or 0, settings=r["settings"] or {},
                      starts_at=r["starts_at"] or "", id=r["id"])


def rows(conn: Connection, workshop_id: int) -> list[Row]:
    """The agenda rows of a workshop in order, inside the caller's transaction."""
    return list(conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == workshop_id)
                             .order_by(s.agenda.c.position)).mappings().all())


def items(conn: Connection, workshop_id: int) -> list[AgendaItem]:
    return [item_from_row(r) for r in rows(conn, workshop_id)]


def agenda(db: Database, workshop_id: int) -> list[AgendaItem]:
    """The workshop's agenda in order, with when each step started and ended and its timer state."""
    with db.read() as conn:
        return items(conn, workshop_id)


def count(conn: Connection, workshop_id: int) -> int:
    return conn.execute(select(func.count()).select_from(s.agenda).where(s.agenda.c.workshop_id == workshop_id)
                        ).scalar_one()


def insert_items(conn: Connection, workshop_id: int, agenda_items: Sequence[AgendaItem], stamp: datetime, *,
                 first: int = 0, start_first: bool = False) -> None:
    """Write checked items at positions ``first``, ``first + 1``, …; ``start_first`` opens the first one now."""
    for offset, item in enumerate(agenda_items):
        conn.execute(s.agenda.insert().values(
            workshop_id=workshop_id, position=first + offset, step=item.step, title=item.title,
            minutes=item.minutes, instruction=item.instruction, extra_seconds=0, paused_seconds=0,
            settings=dict(item.settings), starts_at=item.starts_at,
            started_at=stamp if start_first and offset == 0 else None, created_at=stamp, updated_at=stamp))


def _row_at(conn: Connection, workshop_id: int, position: int) -> Row | None:
    return conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == workshop_id,
                                               s.agenda.c.position == position)).mappings().first()


def _where(workshop_id: int, position: int) -> Any:
    return (s.agenda.c.workshop_id == workshop_id) & (s.agenda.c.position == position)


def update_item(conn: Connection, workshop_id: int, position: int, item: AgendaItem, stamp: datetime) -> None:
    """Store a checked item's title, minutes and instruction at ``position``."""
    conn.execute(s.agenda.update().where(_where(workshop_id, position)).values(
        title=item.title, minutes=item.minutes, instruction=item.instruction, settings=dict(item.settings),
        starts_at=item.starts_at, updated_at=stamp))


def renumber(conn: Connection, workshop_id: int, order: Sequence[int], stamp: datetime) -> None:
    """Give the rows with ids ``order`` the positions 0, 1, 2, … (every row of the workshop must be listed)."""
    mine = s.agenda.c.workshop_id == workshop_id
    # Negative first: every row leaves its old position before any takes a new one.
    conn.execute(s.agenda.update().where(mine).values(position=-s.agenda.c.position - 1))
    for position, row_id in enumerate(order):
        conn.execute(s.agenda.update().where(mine, s.agenda.c.id == row_id).values(position=position,
                                                                                    updated_at=stamp))


def delete_item(conn: Connection, workshop_id: int, position: int, stamp: datetime) -> None:
    """Remove the item at ``position`` and close the gap."""
    conn.execute(s.agenda.delete().where(_where(workshop_id, position)))
    renumber(conn, workshop_id, [r["id"] for r in rows(conn, workshop_id)], stamp)


def move_item(conn: Connection, workshop_id: int, position: int, to: int, stamp: datetime) -> None:
    """Move the item at ``position`` to position ``to``; the items between shift by one."""
    order = [r["id"] for r in rows(conn, workshop_id)]
    order.insert(to, order.pop(position))
    renumber(conn, workshop_id, order, stamp)


# --- the open step and its timer ----------------------------------------------------------


def _closed_pause(row: Row, stamp: datetime) -> int:
    """The row's paused seconds with an open pause closed at ``stamp``."""
    seconds = row["paused_seconds"] or 0
    if row["paused_at"] is not None:
        seconds += max(0, round((stamp - row["paused_at"]).total_seconds()))
    return seconds


def open_step(conn: Connection, workshop_id: int, old: int, new: int, stamp: datetime) -> None:
    """End the step at ``old`` (closing a pause) and start the one at ``new`` afresh (no pause, no extra time)."""
    before = _row_at(conn, workshop_id, old)
    if before is not None:
        conn.execute(s.agenda.update().where(_where(workshop_id, old)).values(
            ended_at=stamp, paused_at=None, paused_seconds=_closed_pause(before, stamp), updated_at=stamp))
    conn.execute(s.agenda.update().where(_where(workshop_id, new)).values(
        started_at=stamp, ended_at=None, paused_at=None, paused_seconds=0, extra_seconds=0, updated_at=stamp))


def pause(conn: Connection, workshop_id: int, position: int, stamp: datetime) -> bool:
    """Pause the timer of the step at ``position``; False when it was already paused."""
    row = _row_at(conn, workshop_id, position)
    if row is None or row["paused_at"] is not None:
        return False
    conn.execute(s.agenda.update().where(_where(workshop_id, position)).values(paused_at=stamp, updated_at=stamp))
    return True


def resume(conn: Connection, workshop_id: int, position: int, stamp: datetime) -> bool:
    """Resume the timer of the step at ``position``; False when it was not paused."""
    row = _row_at(conn, workshop_id, position)
    if row is None or row["paused_at"] is None:
        return False
    conn.execute(s.agenda.update().where(_where(workshop_id, position)).values(
        paused_at=None, paused_seconds=_closed_pause(row, stamp), updated_at=stamp))
    return True


def set_extra(conn: Connection, workshop_id: int, position: int, extra_seconds: int, stamp: datetime) -> None:
    """Store the time added to (or taken from) the step at ``position`` (checked by the caller)."""
    conn.execute(s.agenda.update().where(_where(workshop_id, position)).values(
        extra_seconds=extra_seconds, updated_at=stamp))


def row_at(conn: Connection, workshop_id: int, position: int) -> AgendaItem | None:
    """The item at ``position`` (None when there is none), inside the caller's transaction."""
    row = _row_at(conn, workshop_id, position)
    return item_from_row(row) if row is not None else None
