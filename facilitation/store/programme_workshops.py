"""A programme's workshops: placing a workshop in a programme, and what the programme view reads.

Writes go through :func:`facilitation.store.workshops.place_workshop` (the one writer of
``workshops``) after the organiser key and every value are checked here. Participation counts
a person once across the programme when they chose to be recognised again
(:func:`facilitation.store.people.recognise`); everyone else counts once per workshop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from sqlalchemy import Connection, and_, distinct, func, select

from facilitation.domain.errors import InvalidValue
from facilitation.domain.programmes import Phase, Quote, Venue, check_date, check_kind
from facilitation.domain.records import Workshop
from facilitation.store import schema as s
from facilitation.store.access import require_organiser, workshop_row
from facilitation.store.db import Database, bump
from facilitation.store.programmes import find_phase, phase_from_row, programme_row
from facilitation.store.venues import venue_from_row, venue_row
from facilitation.store.workshops import get_workshop, place_workshop, to_workshop


@dataclass(frozen=True)
class ProgrammeWorkshop:
    """One workshop as the programme view shows it."""

    workshop: Workshop
    phase: Phase | None
    kind: str
    venue: Venue | None
    status: str  # planned | running | done
    participants: int
    ideas: int
    votes: int

    @property
    def last_day(self) -> date | None:
        return self.workshop.end_date or self.workshop.date


def assign_workshop(db: Database, organiser_key: str | None, code: str, *, programme: str,
                    phase: int | str | None = None, kind: str | None = None, end_date: date | str | None = None,
                    venue_id: int | None = None) -> Workshop:
    """Organiser: put a workshop in a programme (and a phase), set its kind, last day and venue.

    ``phase`` is a phase id or name of that programme; None keeps kind, end date and venue as they are.
    """
    with db.write() as conn:
        require_organiser(conn, organiser_key)
        wrow = workshop_row(conn, code)
        prow = programme_row(conn, programme)
        values: dict[str, Any] = {"programme_id": prow["id"]}
        if phase is not None and phase != "":
            values["phase_id"] = find_phase(conn, prow["id"], phase)["id"]
        elif wrow["programme_id"] != prow["id"]:
            values["phase_id"] = None
        if kind is not None:
            values["kind"] = check_kind(kind)
        if end_date is not None:
            last = check_date("end date", end_date)
            first = date.fromisoformat(wrow["date"]) if wrow["date"] else None
            if last and first and last < first:
                raise InvalidValue("end date", "cannot be before the workshop's date.")
            if last and not first:
                raise InvalidValue("end date", "needs the workshop's first day to be set first.")
            values["end_date"] = last
        if venue_id is not None:
            values["venue_id"] = venue_row(conn, venue_id)["id"]
        place_workshop(conn, wrow["id"], **values)
        bump(conn, wrow["id"], "workshop")
    return get_workshop(db, code)


def _status(row: Mapping[str, Any], steps: int, joined: int, today: date) -> str:
    first = date.fromisoformat(row["date"]) if row["date"] else None
    last = row["end_date"] or first
    if (last and last < today) or (steps and row["phase_index"] >= steps - 1):
        return "done"
    if joined or row["phase_index"] > 0 or (first and first <= today):
        return "running"
    return "planned"


def _counts(conn: Connection, table, ids: list[int], *where) -> dict[int, int]:  # noqa: ANN001 - a Table
    if not ids:
        return {}
    q = (select(table.c.workshop_id, func.count()).where(table.c.workshop_id.in_(ids), *where)
         .group_by(table.c.workshop_id))
    return {wid: n for wid, n in conn.execute(q)}


def workshop_rows_of(conn: Connection, programme_id: int) -> list[Mapping[str, Any]]:
    """The programme's workshop rows by date (undated last), inside the caller's transaction."""
    return conn.execute(select(s.workshops).where(s.workshops.c.programme_id == programme_id)
                        .order_by(s.workshops.c.date.is_(None), s.workshops.c.date, s.workshops.c.id)
                        ).mappings().all()


def programme_workshops(db: Database, name: str, *, today: date | None = None) -> list[ProgrammeWorkshop]:
    """The programme's workshops by date with phase, kind, venue, status and counts."""
    today = today or date.today()
    with db.read() as conn:
        prow = programme_row(conn, name)
        rows = workshop_rows_of(conn, prow["id"])
        ids = [r["id"] for r in rows]
        phases = {r["id"]: phase_from_row(r) for r in conn.execute(
            select(s.phases).where(s.phases.c.programme_id == prow["id"])).mappings()}
        venue_ids = {r["venue_id"] for r in rows if r["venue_id"]}
        venues = {r["id"]: venue_from_row(r) for r in conn.execute(
            select(s.venues).where(s.venues.c.id.in_(venue_ids))).mappings()} if venue_ids else {}
        people = _counts(conn, s.participants, ids, s.participants.c.merged_into.is_(None))
        ideas = _counts(conn, s.ideas, ids)
        votes = _counts(conn, s.votes, ids, s.votes.c.withdrawn_at.is_(None))
        steps = _counts(conn, s.agenda, ids)
    return [ProgrammeWorkshop(
        workshop=to_workshop(r), phase=phases.get(r["phase_id"]), kind=r["kind"] or "city-workshop",
        venue=venues.get(r["venue_id"]), status=_status(r, steps.get(r["id"], 0), people.get(r["id"], 0), today),
        participants=people.get(r["id"], 0), ideas=ideas.get(r["id"], 0), votes=votes.get(r["id"], 0))
        for r in rows]


def unique_participants(db: Database, name: str) -> int:
    """People across the programme's workshops: a recognised person once, everyone else once per workshop."""
    p = s.participants
    with db.read() as conn:
        prow = programme_row(conn, name)
        in_programme = p.c.workshop_id.in_(select(s.workshops.c.id).where(s.workshops.c.programme_id == prow["id"]))
        recognised = conn.execute(select(func.count(distinct(p.c.person_hash)))
                                  .where(in_programme, p.c.person_hash.is_not(None))).scalar_one()
        others = conn.execute(select(func.count()).select_from(p)
                              .where(in_programme, p.c.person_hash.is_(None), p.c.merged_into.is_(None))).scalar_one()
    return int(recognised) + int(others)


def feedback_quotes(db: Database, name: str) -> list[Quote]:
    """Take-aways by city: participants' feedback ("what I take home"), the take-aways a session's
    record holds for a city and those of its discussion steps; a feedback's city is the participant's
    own when they gave it, else the workshop's."""
    w, p, fb, mi = s.workshops, s.participants, s.feedback, s.meeting_items
    with db.read() as conn:
        prow = programme_row(conn, name)
        ours = w.c.programme_id == prow["id"]
        city = p.c.city if "city" in p.c else w.c.city
        rows = conn.execute(select(city, w.c.city, fb.c.take_home, w.c.code)
                            .select_from(fb.join(w, fb.c.workshop_id == w.c.id)
                                         .join(p, and_(p.c.id == fb.c.participant_id)))
                            .where(ours, fb.c.take_home != "").order_by(fb.c.id)).all()
        quotes = [Quote(city=(own or wcity), text=text, workshop_code=code) for own, wcity, text, code in rows]
        items = conn.execute(select(mi.c.city, mi.c.notes, w.c.code).select_from(mi.join(w, mi.c.workshop_id == w.c.id))
                             .where(ours, mi.c.city != "", mi.c.notes != "")
                             .order_by(mi.c.workshop_id, mi.c.position)).all()
        quotes += [Quote(city=c, text=text, workshop_code=code) for c, text, code in items]
        n = s.notes  # take-aways of discussion steps, each for its city (issue 24)
        takeaways = conn.execute(select(n.c.city, n.c.text, w.c.code).select_from(n.join(w, n.c.workshop_id == w.c.id))
                                 .where(ours, n.c.kind == "take-away").order_by(n.c.id)).all()
        quotes += [Quote(city=c, text=text, workshop_code=code) for c, text, code in takeaways]
    return sorted(quotes, key=lambda q: q.city.casefold())
