"""Stakeholders on the shared power/interest grid: moving, editing, merging, hiding.

Who may change a stakeholder: **the participant who added it, or the facilitator**. Anyone
may add stakeholders (``content.add_stakeholder``), but only its author (device token) or
the facilitator (key) may move or edit one, so a participant cannot drag other people's
entries around a grid everybody shares. Merging duplicates and hiding are the
facilitator's. Nothing is deleted: a merged stakeholder points to the one kept, a hidden
one stays in the data, and every edit keeps the previous row in ``history``.
"""

from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import Stakeholder
from facilitation.store import schema as s
from facilitation.store.content import _keep_history, _stakeholder
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import require_facilitator, require_participant

_UNSET: Any = object()
EDITABLE = ("name", "category", "power", "interest", "level", "scenario_id")


def _row(conn: Connection, workshop_id: int, stakeholder_id: Any) -> Mapping[str, Any]:
    if isinstance(stakeholder_id, bool) or not isinstance(stakeholder_id, int):
        raise InvalidValue("stakeholder", "must be a stakeholder number.")
    row = conn.execute(select(s.stakeholders).where(s.stakeholders.c.id == stakeholder_id,
                                                    s.stakeholders.c.workshop_id == workshop_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no stakeholder number {stakeholder_id} in this workshop.")
    return row


def _editor(conn: Connection, code: str, stakeholder_id: Any, token: str | None,
            key: str | None) -> tuple[Mapping[str, Any], Mapping[str, Any], str]:
    """(workshop row, stakeholder row, actor) when the caller may change this stakeholder."""
    if key:
        try:
            wrow = require_facilitator(conn, code, key)
            return wrow, _row(conn, wrow["id"], stakeholder_id), "facilitator"
        except NotAllowed:
            if not token:
                raise
    wrow, prow = require_participant(conn, code, token)
    row = _row(conn, wrow["id"], stakeholder_id)
    if row["author_id"] != prow["id"]:
        raise NotAllowed("Only the person who added this stakeholder, or the facilitator, can change it.")
    return wrow, row, f"participant {prow['id']}"


def get_stakeholder(db: Database, stakeholder_id: int) -> Stakeholder:
    with db.read() as conn:
        row = conn.execute(select(s.stakeholders).where(s.stakeholders.c.id == stakeholder_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no stakeholder number {stakeholder_id}.")
    return _stakeholder(row)


def update_stakeholder(db: Database, code: str, stakeholder_id: int, *, token: str | None = None,
                       key: str | None = None, name: Any = _UNSET, category: Any = _UNSET, power: Any = _UNSET,
                       interest: Any = _UNSET, level: Any = _UNSET, scenario_id: Any = _UNSET) -> Stakeholder:
    """The author (``token``) or the facilitator (``key``): change a stakeholder; history is kept."""
    changes = {k: v for k, v in dict(name=name, category=category, power=power, interest=interest, level=level,
                                     scenario_id=scenario_id).items() if v is not _UNSET}
    with db.write() as conn:
        wrow, row, actor = _editor(conn, code, stakeholder_id, token, key)
        if row["merged_into"] is not None or row["hidden"]:
            raise NotFound("That stakeholder is no longer on the grid.")
        merged = {**{k: row[k] for k in EDITABLE}, **changes}
        st = Stakeholder(workshop_id=wrow["id"], author_id=row["author_id"], **merged)
        if st.scenario_id is not None and conn.execute(select(s.scenarios.c.id).where(
                s.scenarios.c.id == st.scenario_id, s.scenarios.c.workshop_id == wrow["id"])).first() is None:
            raise InvalidValue("stakeholder scenario", "that scenario is not in this workshop.")
        values = {k: getattr(st, k) for k in EDITABLE}
        if any(values[k] != row[k] for k in EDITABLE):
            _keep_history(conn, wrow["id"], "stakeholders", row, actor)
            conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == row["id"]).values(
                updated_at=now(), **values))
            bump(conn, wrow["id"], "stakeholders")
        return _stakeholder(conn.execute(select(s.stakeholders).where(
            s.stakeholders.c.id == row["id"])).mappings().one())


def move_stakeholder(db: Database, code: str, stakeholder_id: int, *, power: int, interest: int,
                     token: str | None = None, key: str | None = None) -> Stakeholder:
    """The author or the facilitator: put a stakeholder on another cell of the grid."""
    return update_stakeholder(db, code, stakeholder_id, token=token, key=key, power=power, interest=interest)


def merge_stakeholders(db: Database, code: str, key: str, keep_id: int, duplicate_id: int) -> Stakeholder:
    """Facilitator: merge a duplicate into the stakeholder kept (the duplicate stays in the data)."""
    if keep_id == duplicate_id:
        raise InvalidValue("merge", "a stakeholder cannot be merged into itself.")
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        keep = _row(conn, wrow["id"], keep_id)
        dup = _row(conn, wrow["id"], duplicate_id)
        if keep["merged_into"] is not None:
            raise InvalidValue("merge", "the stakeholder to keep has itself been merged; pick the one it went into.")
        if dup["merged_into"] is not None:
            raise InvalidValue("merge", "that duplicate has already been merged.")
        stamp = now()
        _keep_history(conn, wrow["id"], "stakeholders", dup, "facilitator")
        conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        # Stakeholders merged earlier into the duplicate follow it to the one kept.
        conn.execute(s.stakeholders.update().where(s.stakeholders.c.merged_into == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        bump(conn, wrow["id"], "stakeholders")
        return _stakeholder(conn.execute(select(s.stakeholders).where(s.stakeholders.c.id == keep_id)).mappings().one())


def set_stakeholder_hidden(db: Database, code: str, key: str, stakeholder_id: int, hidden: bool = True) -> Stakeholder:
    """Facilitator: take a stakeholder off the grid (kept in the data) or put it back."""
    with db.write() as conn:
        wrow = require_facilitator(conn, code, key)
        row = _row(conn, wrow["id"], stakeholder_id)
        if bool(row["hidden"]) != bool(hidden):
            _keep_history(conn, wrow["id"], "stakeholders", row, "facilitator")
            conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == stakeholder_id).values(
                hidden=bool(hidden), updated_at=now()))
            bump(conn, wrow["id"], "stakeholders")
        return _stakeholder(conn.execute(select(s.stakeholders).where(
            s.stakeholders.c.id == stakeholder_id)).mappings().one())
