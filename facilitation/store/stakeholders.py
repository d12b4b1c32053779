"""Stakeholders on the shared power/interest grid: adding, moving, editing, merging, hiding.

The one writer of ``stakeholders``. Who may change a stakeholder: **the participant who
added it, or the facilitator**. Anyone may add stakeholders (:func:`add_stakeholder`), but
only its author (device token) or the facilitator (key) may move or edit one, so a
participant cannot drag other people's entries around a grid everybody shares. Merging
duplicates and hiding are the facilitator's. Nothing is deleted: a merged stakeholder
points to the one kept, a hidden one stays in the data, and every edit keeps the previous
row in ``history``.

With breakout groups each stakeholder belongs to its author's group (read in the store when
it is added); a group facilitator's link moderates the stakeholders of its own group only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import Stakeholder
from facilitation.domain.groups import ALL_GROUPS, GroupFilter
from facilitation.store import groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import check_moderates, owned_row, require_moderator, require_participant
from facilitation.store.groups_read import in_group
from facilitation.store.db import Database, bump, now

_UNSET: Any = object()
EDITABLE = ("name", "category", "power", "interest", "level", "scenario_id")


def _row(conn: Connection, workshop_id: int, stakeholder_id: Any) -> Mapping[str, Any]:
    if isinstance(stakeholder_id, bool) or not isinstance(stakeholder_id, int):
        raise InvalidValue("stakeholder", "must be a stakeholder number.")
    return owned_row(conn, s.stakeholders, stakeholder_id, workshop_id, "stakeholder")


def _one(conn: Connection, stakeholder_id: int) -> Stakeholder:
    return stakeholder_from_row(conn.execute(select(s.stakeholders).where(
        s.stakeholders.c.id == stakeholder_id)).mappings().one())


def _check_scenario(conn: Connection, workshop_id: int, scenario_id: int | None) -> None:
    if scenario_id is not None and conn.execute(select(s.scenarios.c.id).where(
            s.scenarios.c.id == scenario_id, s.scenarios.c.workshop_id == workshop_id)).first() is None:
        raise InvalidValue("stakeholder scenario", "that scenario is not in this workshop.")


def stakeholder_from_row(row: Mapping[str, Any]) -> Stakeholder:
    return Stakeholder(id=row["id"], workshop_id=row["workshop_id"], name=row["name"], category=row["category"],
                       power=row["power"], interest=row["interest"], level=row["level"],
                       scenario_id=row["scenario_id"], author_id=row["author_id"], hidden=row["hidden"],
                       merged_into=row["merged_into"], group_id=row["group_id"])


def add_stakeholder(db: Database, code: str, token: str, *, name: str, category: str, power: int, interest: int,
                    level: str = "inform", scenario_id: int | None = None) -> Stakeholder:
    """Participant: add a stakeholder to the shared power/interest grid."""
    rates.precheck("stakeholder", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        st = Stakeholder(workshop_id=wrow["id"], name=name, category=category, power=power, interest=interest,
                         level=level, scenario_id=scenario_id, author_id=prow["id"])
        _check_scenario(conn, wrow["id"], scenario_id)
        rates.take(conn, wrow["id"], prow["id"], "stakeholder", token=token)
        stamp = now()
        sid = conn.execute(s.stakeholders.insert().values(
            workshop_id=st.workshop_id, name=st.name, category=st.category, power=st.power, interest=st.interest,
            level=st.level, scenario_id=st.scenario_id, author_id=st.author_id, hidden=False,
            group_id=groups.participant_group(conn, prow["id"]), created_at=stamp, updated_at=stamp)
        ).inserted_primary_key[0]
        bump(conn, wrow["id"], "stakeholders")
        return _one(conn, sid)


def list_stakeholders(db: Database, workshop_id: int, *, include_merged: bool = False,
                      group_id: GroupFilter = ALL_GROUPS) -> list[Stakeholder]:
    """The grid (``include_merged``: hidden and merged ones too); ``group_id``: one group's grid."""
    with db.read() as conn:
        q = select(s.stakeholders).where(s.stakeholders.c.workshop_id == workshop_id).order_by(s.stakeholders.c.id)
        scope = in_group(s.stakeholders.c.group_id, group_id)
        if scope is not None:
            q = q.where(scope)
        if not include_merged:
            q = q.where(s.stakeholders.c.merged_into.is_(None), s.stakeholders.c.hidden.is_(False))
        return [stakeholder_from_row(r) for r in conn.execute(q).mappings().all()]


def _editor(conn: Connection, code: str, stakeholder_id: Any, token: str | None,
            key: str | None) -> tuple[Mapping[str, Any], Mapping[str, Any], str]:
    """(workshop row, stakeholder row, actor) when the caller may change this stakeholder."""
    if key:
        try:
            wrow, scope = require_moderator(conn, code, key)
            row = _row(conn, wrow["id"], stakeholder_id)
            check_moderates(scope, row["group_id"])
            return wrow, row, "facilitator" if scope is None else "group facilitator"
        except NotAllowed:
            if not token:
                raise
    wrow, prow = require_participant(conn, code, token)
    row = _row(conn, wrow["id"], stakeholder_id)
    if row["author_id"] != prow["id"]:
        raise NotAllowed("Only the person who added this stakeholder, or the facilitator, can change it.")
    rates.take(conn, wrow["id"], prow["id"], "stakeholder move", token=token)
    return wrow, row, f"participant {prow['id']}"


def get_stakeholder(db: Database, stakeholder_id: int) -> Stakeholder:
    with db.read() as conn:
        row = conn.execute(select(s.stakeholders).where(s.stakeholders.c.id == stakeholder_id)).mappings().first()
    if row is None:
        raise NotFound("There is no stakeholder number {stakeholder_id}.", stakeholder_id=stakeholder_id)
    return stakeholder_from_row(row)


def update_stakeholder(db: Database, code: str, stakeholder_id: int, *, token: str | None = None,
                       key: str | None = None, name: Any = _UNSET, category: Any = _UNSET, power: Any = _UNSET,
                       interest: Any = _UNSET, level: Any = _UNSET, scenario_id: Any = _UNSET) -> Stakeholder:
    """The author (``token``) or the facilitator (``key``): change a stakeholder; history is kept."""
    changes = {k: v for k, v in dict(name=name, category=category, power=power, interest=interest, level=level,
                                     scenario_id=scenario_id).items() if v is not _UNSET}
    rates.precheck("stakeholder move", None if key else token)  # a facilitator's moves are not posts
    with db.write() as conn:
        wrow, row, actor = _editor(conn, code, stakeholder_id, token, key)
        if row["merged_into"] is not None or row["hidden"]:
            raise NotFound("That stakeholder is no longer on the grid.")
        merged = {**{k: row[k] for k in EDITABLE}, **changes}
        st = Stakeholder(workshop_id=wrow["id"], author_id=row["author_id"], **merged)
        _check_scenario(conn, wrow["id"], st.scenario_id)
        values = {k: getattr(st, k) for k in EDITABLE}
        if any(values[k] != row[k] for k in EDITABLE):
            history.keep(conn, wrow["id"], "stakeholders", row, actor)
            conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == row["id"]).values(
                updated_at=now(), **values))
            bump(conn, wrow["id"], "stakeholders")
        return _one(conn, row["id"])


def move_stakeholder(db: Database, code: str, stakeholder_id: int, *, power: int, interest: int,
                     token: str | None = None, key: str | None = None) -> Stakeholder:
    """The author or the facilitator: put a stakeholder on another cell of the grid."""
    return update_stakeholder(db, code, stakeholder_id, token=token, key=key, power=power, interest=interest)


def merge_stakeholders(db: Database, code: str, key: str, keep_id: int, duplicate_id: int) -> Stakeholder:
    """Facilitator: merge a duplicate into the stakeholder kept (the duplicate stays in the data)."""
    if keep_id == duplicate_id:
        raise InvalidValue("merge", "a stakeholder cannot be merged into itself.")
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        keep = _row(conn, wrow["id"], keep_id)
        dup = _row(conn, wrow["id"], duplicate_id)
        check_moderates(scope, keep["group_id"], dup["group_id"])
        if keep["merged_into"] is not None:
            raise InvalidValue("merge", "the stakeholder to keep has itself been merged; pick the one it went into.")
        if dup["merged_into"] is not None:
            raise InvalidValue("merge", "that duplicate has already been merged.")
        stamp = now()
        history.keep(conn, wrow["id"], "stakeholders", dup, "facilitator")
        conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        # Stakeholders merged earlier into the duplicate follow it to the one kept.
        conn.execute(s.stakeholders.update().where(s.stakeholders.c.merged_into == duplicate_id).values(
            merged_into=keep_id, updated_at=stamp))
        bump(conn, wrow["id"], "stakeholders")
        return _one(conn, keep_id)


def set_stakeholder_hidden(db: Database, code: str, key: str, stakeholder_id: int, hidden: bool = True) -> Stakeholder:
    """Facilitator: take a stakeholder off the grid (kept in the data) or put it back."""
    with db.write() as conn:
        wrow, scope = require_moderator(conn, code, key)
        row = _row(conn, wrow["id"], stakeholder_id)
        check_moderates(scope, row["group_id"])
        if bool(row["hidden"]) != bool(hidden):
            history.keep(conn, wrow["id"], "stakeholders", row, "facilitator")
            conn.execute(s.stakeholders.update().where(s.stakeholders.c.id == stakeholder_id).values(
                hidden=bool(hidden), updated_at=now()))
            bump(conn, wrow["id"], "stakeholders")
        return _one(conn, stakeholder_id)


def erase_names(conn: Connection, workshop_id: int, author_id: int, at: datetime, marker: str) -> list[int]:
    """Replace the names of the stakeholders ``author_id`` added by ``marker``; returns their ids (forget)."""
    ids = conn.execute(select(s.stakeholders.c.id).where(s.stakeholders.c.workshop_id == workshop_id,
                                                         s.stakeholders.c.author_id == author_id)).scalars().all()
    conn.execute(s.stakeholders.update().where(s.stakeholders.c.id.in_(ids)).values(name=marker, updated_at=at))
    return list(ids)


def move_author(conn: Connection, workshop_id: int, from_id: int, to_id: int, at: datetime, actor: str) -> int:
    """Two participants merged: the stakeholders ``from_id`` added become ``to_id``'s (history kept); how many."""
    rows = conn.execute(select(s.stakeholders).where(s.stakeholders.c.workshop_id == workshop_id,
                                                     s.stakeholders.c.author_id == from_id)).mappings().all()
    for r in rows:
        history.keep(conn, workshop_id, "stakeholders", r, actor, fields=("id", "author_id"), at=at)
    conn.execute(s.stakeholders.update().where(s.stakeholders.c.workshop_id == workshop_id,
                                               s.stakeholders.c.author_id == from_id)
                 .values(author_id=to_id, updated_at=at))
    return len(rows)
