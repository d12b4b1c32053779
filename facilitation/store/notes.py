"""Discussion notes: the facilitator's or note-taker's notes and participants' contributions (issue 24).

The one writer of ``notes``. A note needs the ``notes`` action (facilitator, co-facilitator,
organiser or a note-taker link); a contribution needs the participant's device token and takes
from their fair share (``rates``: "contribution"). Both belong to the open agenda step, which must
be a discussion: the store finds it, never the page. A contribution carries the participant's
organisation and city as their profile has them (the ones typed with it only when the profile
has none) and the participant's group. Every write bumps the topic ``notes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from facilitation.domain.errors import NotAllowed
from facilitation.domain.notes import Note
from facilitation.domain.steps import N_
from facilitation.store import groups, rates
from facilitation.store import schema as s
from facilitation.store.access import require_participant, require_role, role_in, workshop_row
from facilitation.store.db import Database, bump, now

TOPIC = "notes"
STEP = "discussion"


def note_from_row(row: Mapping[str, Any]) -> Note:
    return Note(id=row["id"], workshop_id=row["workshop_id"], agenda_id=row["agenda_id"], text=row["text"],
                kind=row["kind"], participant_id=row["participant_id"], by=row["by"],
                organisation=row["organisation"], city=row["city"], group_id=row["group_id"],
                created_at=row["created_at"])


def open_step(conn: Connection, wrow: Mapping[str, Any]) -> tuple[int | None, str]:
    """``(agenda row id, step)`` of the step the facilitator has opened (``(None, "waiting")`` without an agenda)."""
    rows = conn.execute(select(s.agenda.c.id, s.agenda.c.step).where(s.agenda.c.workshop_id == wrow["id"])
                        .order_by(s.agenda.c.position)).all()
    if not rows:
        return None, "waiting"
    row = rows[min(wrow["phase_index"], len(rows) - 1)]
    return row.id, row.step


def require_open(conn: Connection, wrow: Mapping[str, Any], step: str, message: str) -> int:
    """The open agenda row's id when it is a ``step`` step; :class:`NotAllowed` with ``message`` otherwise."""
    agenda_id, name = open_step(conn, wrow)
    if name != step or agenda_id is None:
        raise NotAllowed(message)
    return agenda_id


_CLOSED = N_("Notes are written while a discussion step is open.")


def _insert(conn: Connection, note: Note) -> Note:
    nid = conn.execute(s.notes.insert().values(
        workshop_id=note.workshop_id, agenda_id=note.agenda_id, group_id=note.group_id,
        participant_id=note.participant_id, by=note.by, kind=note.kind, organisation=note.organisation,
        city=note.city, text=note.text, created_at=now())).inserted_primary_key[0]
    bump(conn, note.workshop_id, TOPIC)
    return note_from_row(conn.execute(select(s.notes).where(s.notes.c.id == nid)).mappings().one())


def add_note(db: Database, code: str, key: str | None, *, text: str, take_away: bool = False,
             city: str = "", organisation: str = "") -> Note:
    """Facilitator or note-taker: a note of the open discussion (a take-away names its city)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "notes")
        agenda_id = require_open(conn, wrow, STEP, _CLOSED)
        role = role_in(conn, wrow, key)[0] or ""
        note = Note(workshop_id=wrow["id"], agenda_id=agenda_id, text=text,
                    kind="take-away" if take_away is True else "note", by=role, city=city,
                    organisation=organisation)
        return _insert(conn, note)


def add_contribution(db: Database, code: str, token: str | None, *, text: str, take_away: bool = False,
                     organisation: str = "", city: str = "") -> Note:
    """Participant: a short contribution to the open discussion, tagged with their organisation and city."""
    rates.precheck("contribution", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        agenda_id = require_open(conn, wrow, STEP, _CLOSED)
        note = Note(workshop_id=wrow["id"], agenda_id=agenda_id, text=text, participant_id=prow["id"], by="",
                    kind="take-away" if take_away is True else "contribution",
                    organisation=(prow["organisation"] or "") or organisation,
                    city=(prow["city"] or "") or city, group_id=groups.participant_group(conn, prow["id"]))
        rates.take(conn, wrow["id"], prow["id"], "contribution", token=token)  # rolled back with a failed post
        return _insert(conn, note)


def list_notes(db: Database, code: str, agenda_id: int | None = None) -> list[Note]:
    """The workshop's notes and contributions, oldest first (one discussion step's with ``agenda_id``)."""
    n = s.notes
    with db.read() as conn:
        q = select(n).where(n.c.workshop_id == workshop_row(conn, code)["id"])
        if agenda_id is not None:
            q = q.where(n.c.agenda_id == agenda_id)
        rows = conn.execute(q.order_by(n.c.created_at, n.c.id)).mappings().all()
    return [note_from_row(r) for r in rows]


def takeaways(db: Database, code: str) -> dict[str, list[Note]]:
    """The workshop's take-aways by city (cities in order of name)."""
    found: dict[str, list[Note]] = {}
    for note in list_notes(db, code):
        if note.kind == "take-away":
            found.setdefault(note.city, []).append(note)
    return {city: found[city] for city in sorted(found, key=str.casefold)}


def move_author(conn: Connection, workshop_id: int, from_id: int, to_id: int) -> int:
    """Two participants merged: ``from_id``'s contributions become ``to_id``'s (tags stay as written); how many."""
    return conn.execute(s.notes.update().where(s.notes.c.workshop_id == workshop_id,
                                               s.notes.c.participant_id == from_id)
                        .values(participant_id=to_id)).rowcount


def erase_text(conn: Connection, workshop_id: int, participant_id: int, marker: str) -> list[int]:
    """Replace the text of a participant's contributions (forget); returns their ids."""
    ids = list(conn.execute(select(s.notes.c.id).where(s.notes.c.workshop_id == workshop_id,
                                                       s.notes.c.participant_id == participant_id)).scalars())
    if ids:
        conn.execute(s.notes.update().where(s.notes.c.id.in_(ids)).values(text=marker))
    return ids
