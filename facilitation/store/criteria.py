"""Scoring criteria: a workshop's list, edited by the facilitator until the first score is in.

The one writer of ``criteria`` (the template's criteria are written here when a workshop is
created). Once any score exists the criteria are locked: changing a scale or a direction
under existing scores would silently change what those scores mean.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.records import Criterion
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import owned_row, require_facilitator
from facilitation.store.db import Database, bump, now

MAX_CRITERIA = 12


def criterion_from_row(row: Mapping[str, Any]) -> Criterion:
    return Criterion(id=row["id"], position=row["position"], name=row["name"], description=row["description"],
                     weight=row["weight"], direction=row["direction"], scale_min=row["scale_min"],
                     scale_max=row["scale_max"])


def read_criteria(conn: Connection, workshop_id: int) -> list[Criterion]:
    """A workshop's criteria in order, inside the caller's transaction."""
    rows = conn.execute(select(s.criteria).where(s.criteria.c.workshop_id == workshop_id)
                        .order_by(s.criteria.c.position, s.criteria.c.id)).mappings().all()
    return [criterion_from_row(r) for r in rows]


def list_criteria(db: Database, workshop_id: int) -> list[Criterion]:
    with db.read() as conn:
        return read_criteria(conn, workshop_id)


def insert_criteria(conn: Connection, workshop_id: int, criteria: Iterable[Criterion], stamp: datetime) -> None:
    """Write a new workshop's criteria (from its template), inside the caller's transaction."""
    for c in criteria:
        conn.execute(s.criteria.insert().values(
            workshop_id=workshop_id, position=c.position, name=c.name, description=c.description, weight=c.weight,
            direction=c.direction, scale_min=c.scale_min, scale_max=c.scale_max, created_at=stamp, updated_at=stamp))


# --- the lock --------------------------------------------------------------------------


def scoring_begun(conn: Connection, workshop_id: int) -> bool:
    return conn.execute(select(s.scores.c.id).where(s.scores.c.workshop_id == workshop_id).limit(1)).first() is not None


def refuse_if_locked(conn: Connection, workshop_id: int, what: str) -> None:
    if scoring_begun(conn, workshop_id):
        raise NotAllowed("Scoring has begun, so {what} can no longer change (the scores given would change "
                         "meaning).", what=what)


def criteria_locked(db: Database, workshop_id: int) -> bool:
    """True once any score is in: criteria and the scored items can no longer change."""
    with db.read() as conn:
        return scoring_begun(conn, workshop_id)


# --- the facilitator's edits -----------------------------------------------------------


def _check_unique_name(conn: Connection, workshop_id: int, name: str, except_id: int | None = None) -> None:
    rows = conn.execute(select(s.criteria.c.id, s.criteria.c.name).where(s.criteria.c.workshop_id == workshop_id)).all()
    for cid, other in rows:
        if cid != except_id and other.casefold() == name.casefold():
            raise InvalidValue("criterion name", "{name!r} is already a criterion of this workshop.", name=name)


def _one(conn: Connection, criterion_id: int) -> Criterion:
    return criterion_from_row(conn.execute(select(s.criteria).where(s.criteria.c.id == criterion_id)).mappings().one())


def add_criterion(db: Database, code: str, key: str, *, name: str, weight: float = 1.0, direction: str = "higher",
                  description: str = "", scale_min: int = 0, scale_max: int = 5) -> Criterion:
    """Facilitator: add a criterion at the end (before scoring begins)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        refuse_if_locked(conn, wrow["id"], "the criteria")
        c = Criterion(name=name, weight=weight, direction=direction, description=description,
                      scale_min=scale_min, scale_max=scale_max)
        _check_unique_name(conn, wrow["id"], c.name)
        count, last = conn.execute(select(func.count(), func.max(s.criteria.c.position))
                                   .where(s.criteria.c.workshop_id == wrow["id"])).one()
        if count >= MAX_CRITERIA:
            raise InvalidValue("criteria", "a workshop can have at most {max_criteria} criteria.", max_criteria=MAX_CRITERIA)
        stamp = now()
        cid = conn.execute(s.criteria.insert().values(
            workshop_id=wrow["id"], position=(last + 1) if last is not None else 0, name=c.name,
            description=c.description, weight=c.weight, direction=c.direction, scale_min=c.scale_min,
            scale_max=c.scale_max, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], "criteria")
        return _one(conn, cid)


def update_criterion(db: Database, code: str, key: str, criterion_id: int, **changes: Any) -> Criterion:
    """Facilitator: change a criterion's name, description, weight, direction or scale (before scoring begins).

    The previous version is kept in ``history``.
    """
    allowed = {"name", "description", "weight", "direction", "scale_min", "scale_max"}
    if set(changes) - allowed:
        raise InvalidValue("criterion", "only {sorted} can be changed.", sorted=', '.join(sorted(allowed)))
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = owned_row(conn, s.criteria, criterion_id, wrow["id"], "criterion")
        refuse_if_locked(conn, wrow["id"], "the criteria")
        merged = {**criterion_from_row(row).__dict__, **changes}
        c = Criterion(**merged)
        _check_unique_name(conn, wrow["id"], c.name, except_id=criterion_id)
        history.keep(conn, wrow["id"], "criteria", row, "facilitator")
        conn.execute(s.criteria.update().where(s.criteria.c.id == criterion_id).values(
            name=c.name, description=c.description, weight=c.weight, direction=c.direction,
            scale_min=c.scale_min, scale_max=c.scale_max, updated_at=now()))
        bump(conn, wrow["id"], "criteria")
        return _one(conn, criterion_id)


def remove_criterion(db: Database, code: str, key: str, criterion_id: int) -> None:
    """Facilitator: drop a criterion before anyone scored (its last version is kept in ``history``)."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = owned_row(conn, s.criteria, criterion_id, wrow["id"], "criterion")
        refuse_if_locked(conn, wrow["id"], "the criteria")
        count = conn.execute(select(func.count()).select_from(s.criteria)
                             .where(s.criteria.c.workshop_id == wrow["id"])).scalar_one()
        if count <= 1:
            raise InvalidValue("criteria", "scoring needs at least one criterion.")
        history.keep(conn, wrow["id"], "criteria", row, "facilitator")
        conn.execute(s.criteria.delete().where(s.criteria.c.id == criterion_id))
        bump(conn, wrow["id"], "criteria")
