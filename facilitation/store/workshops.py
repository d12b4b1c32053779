"""Workshops, their programme, settings and phase.

The one writer of ``workshops`` (programmes are written by :mod:`~facilitation.store.programmes`).
A workshop's agenda rows are written by
:mod:`~facilitation.store.agenda_rows` (created here with the workshop, opened here with its
phase; edited through :mod:`~facilitation.store.agenda_edit`). Who may change a workshop is
checked in :mod:`facilitation.store.access`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Mapping, Sequence

from sqlalchemy import Connection, select

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotFound
from facilitation.domain.records import AgendaItem, Workshop
from facilitation.domain.roles import NAMING_MODES
from facilitation.domain.timer import session_started
from facilitation.store import agenda_rows, criteria
from facilitation.store import agendas as templates
from facilitation.store import schema as s
from facilitation.store.access import TOKEN_MIN_LENGTH, hash_secret, new_secret, require_facilitator, workshop_row
from facilitation.store.db import Database, bump, now


def new_join_code(length: int = 6) -> str:
    return "".join(secrets.choice(model.JOIN_CODE_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class Created:
    """A new workshop with its one-time secrets (the key is shown once, stored only as a hash)."""

    workshop: Workshop
    key: str


# --- row → dataclass ------------------------------------------------------------------


def _workshop(row: Mapping[str, Any]) -> Workshop:
    d = dict(row)
    d["date"] = Date.fromisoformat(d["date"]) if d.get("date") else None
    d["themes"] = tuple(d.get("themes") or ())
    d.pop("updated_at", None)
    return Workshop(**d)


to_workshop = _workshop  # for the modules that write through this one


# --- workshops ------------------------------------------------------------------------


def create_workshop(
    db: Database,
    *,
    title: str,
    city: str,
    country: str = "",
    language: str = "en",
    round: int = 1,
    date: Date | str | None = None,
    template: str = templates.DEFAULT_TEMPLATE,
    programme: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    code: str | None = None,
    key: str | None = None,
) -> Created:
    """Create a workshop from a template; returns it with its facilitator key (shown once)."""
    with db.write() as conn:
        return insert_workshop(conn, title=title, city=city, country=country, language=language, round=round,
                               date=date, template=template, programme=programme, lat=lat, lon=lon, code=code,
                               key=key)


def insert_workshop(conn: Connection, *, title: str, city: str, country: str = "", language: str = "en",
                    round: int = 1, date: Date | str | None = None, template: str = templates.DEFAULT_TEMPLATE,
                    programme: str | None = None, lat: float | None = None, lon: float | None = None,
                    code: str | None = None, key: str | None = None,
                    agenda_items: Sequence[AgendaItem] | None = None) -> Created:
    """:func:`create_workshop` inside the caller's write transaction (with the caller's other writes).

    ``agenda_items`` (checked) replace the template's agenda (round 2 runs the steps its facilitator chose).
    The session is not started: the facilitator starts it (:func:`start_session`), so no timer runs before.
    """
    tpl = templates.load(template, language)  # the template text in the workshop's language
    key = key or new_secret()
    if len(key) < TOKEN_MIN_LENGTH:
        raise InvalidValue("facilitator key", "must be at least {token_min_length} characters long.", token_min_length=TOKEN_MIN_LENGTH)
    if isinstance(date, str) and date:
        try:
            date = Date.fromisoformat(date)
        except ValueError:
            raise InvalidValue("date", "{date!r} is not a date like 2026-03-14.", date=date) from None
    stamp = now()
    if code is None:
        code = new_join_code()
        while conn.execute(select(s.workshops.c.id).where(s.workshops.c.code == code)).first():
            code = new_join_code()
    probe = Workshop(title=title, city=city, country=country, code=code, key_hash=hash_secret(key),
                     language=language, round=round, date=date or None, template=tpl.name,
                     lat=lat, lon=lon, vote_budget=tpl.vote_budget, votes_per_idea=tpl.votes_per_idea,
                     themes=tpl.themes)
    if conn.execute(select(s.workshops.c.id).where(s.workshops.c.code == probe.code)).first():
        raise InvalidValue("join code", "{code} is already used by another workshop.", code=probe.code)
    programme_id = _programme_id(conn, programme, stamp) if programme else None
    values = dict(
        code=probe.code, key_hash=probe.key_hash, title=probe.title, city=probe.city, country=probe.country,
        language=probe.language, round=probe.round, date=probe.date.isoformat() if probe.date else None,
        template=probe.template, programme_id=programme_id, lat=probe.lat, lon=probe.lon,
        vote_budget=probe.vote_budget, votes_per_idea=probe.votes_per_idea, themes=list(probe.themes),
        phase_index=0, phase_started_at=None, settings={}, created_at=stamp, updated_at=stamp,
    )
    wid = conn.execute(s.workshops.insert().values(**values)).inserted_primary_key[0]
    agenda_rows.insert_items(conn, wid, tpl.agenda if agenda_items is None else agenda_items, stamp)
    criteria.insert_criteria(conn, wid, tpl.criteria, stamp)
    bump(conn, wid, "workshop", "phase")
    row = conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one()
    return Created(workshop=_workshop(row), key=key)


def _programme_id(conn: Connection, name: str, stamp) -> int:
    # The writer of programmes is store/programmes.py (issue 13).
    from facilitation.store.programmes import programme_id

    return programme_id(conn, name, stamp)


def place_workshop(conn: Connection, workshop_id: int, **values: Any) -> None:
    """Write a workshop's programme_id, phase_id, kind, end_date or venue_id, already checked by
    :mod:`facilitation.store.programme_workshops`, inside the caller's transaction."""
    conn.execute(s.workshops.update().where(s.workshops.c.id == workshop_id).values(**values, updated_at=now()))


def get_workshop(db: Database, code: str) -> Workshop:
    """The workshop with this join code, or :class:`NotFound`."""
    with db.read() as conn:
        return _workshop(workshop_row(conn, code))


def get_workshop_by_id(db: Database, workshop_id: int) -> Workshop:
    with db.read() as conn:
        return _workshop(workshop_by_id(conn, workshop_id))


def list_workshops(db: Database) -> list[Workshop]:
    """Every workshop, oldest first."""
    with db.read() as conn:
        rows = conn.execute(select(s.workshops).order_by(s.workshops.c.id)).mappings().all()
    return [_workshop(r) for r in rows]


def programme_name(db: Database, programme_id: int | None) -> str:
    if programme_id is None:
        return ""
    with db.read() as conn:
        return conn.execute(select(s.programmes.c.name).where(s.programmes.c.id == programme_id)).scalar() or ""


def update_settings(db: Database, code: str, key: str, **changes: Any) -> Workshop:
    """Facilitator: change per-workshop settings (e.g. ``private_brainstorm``, ``naming``, ``ask_affiliation``)."""
    allowed = {"private_brainstorm": bool, "ideas_revealed": bool, "results_revealed": bool,
               "scoring_items": str, "presenter_step": str, "naming": str, "ask_affiliation": bool}
    with db.write() as conn:
        row = require_facilitator(conn, code, key)
        settings = dict(row["settings"] or {})
        for name, value in changes.items():
            kind = allowed.get(name)
            if kind is None:
                raise InvalidValue("setting", "{name!r} is not a workshop setting.", name=name)
            if not isinstance(value, kind):
                raise InvalidValue(name.replace("_", " "), "must be {name}.", name=kind.__name__)
            if name == "naming":
                model.check_choice("how names show", value, NAMING_MODES)
            settings[name] = value
        save_settings(conn, row["id"], settings)
        bump(conn, row["id"], "workshop")
        return _workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == row["id"])).mappings().one())


def write_columns(conn: Connection, workshop_id: int, **values: Any) -> None:
    """Write a workshop's details, vote rules or map view (checked by :mod:`~facilitation.store.workshop_setup`)."""
    conn.execute(s.workshops.update().where(s.workshops.c.id == workshop_id).values(**values, updated_at=now()))


def save_settings(conn: Connection, workshop_id: int, settings: Mapping[str, Any]) -> None:
    """Write a workshop's settings (already checked by the caller), inside its transaction."""
    conn.execute(s.workshops.update().where(s.workshops.c.id == workshop_id).values(
        settings=dict(settings), updated_at=now()))


def workshop_by_id(conn: Connection, workshop_id: int) -> Mapping[str, Any]:
    """The workshop row with this number, or :class:`NotFound` (inside the caller's transaction)."""
    row = conn.execute(select(s.workshops).where(s.workshops.c.id == workshop_id)).mappings().first()
    if row is None:
        raise NotFound("There is no workshop number {workshop_id}.", workshop_id=workshop_id)
    return row


# --- agenda and phase -----------------------------------------------------------------


agenda = agenda_rows.agenda


def started(conn: Connection, workshop_id: int) -> bool:
    """Whether the facilitator has started the session (a step of its agenda has started), in a transaction."""
    return session_started(agenda_rows.items(conn, workshop_id))


def start_session(db: Database, code: str, key: str) -> Workshop:
    """Facilitator: start the session at the step it shows (the schedule and the step timer count from now).

    Starting a session that runs already changes nothing.
    """
    with db.write() as conn:
        row = require_facilitator(conn, code, key)
        wid = row["id"]
        if not started(conn, wid) and agenda_rows.count(conn, wid):
            stamp = now()
            agenda_rows.open_step(conn, wid, -1, row["phase_index"], stamp)  # -1: no step before it to end
            conn.execute(s.workshops.update().where(s.workshops.c.id == wid).values(
                phase_started_at=stamp, updated_at=stamp))
            bump(conn, wid, "phase", "workshop")
        return _workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one())


def is_started(db: Database, workshop_id: int) -> bool:
    """Whether the facilitator has started the workshop's session (see :func:`start_session`)."""
    with db.read() as conn:
        return started(conn, workshop_id)


def set_phase(db: Database, code: str, key: str, index: int) -> Workshop:
    """Facilitator: open agenda step ``index`` (every participant page follows); on a session not started yet
    this starts it, at that step."""
    with db.write() as conn:
        row = require_facilitator(conn, code, key)
        wid = row["id"]
        index = model.check_int("step number", index, 0, max(agenda_rows.count(conn, wid) - 1, 0))
        stamp = now()
        old = row["phase_index"]
        if index != old or not started(conn, wid):
            agenda_rows.open_step(conn, wid, old, index, stamp)
            conn.execute(s.workshops.update().where(s.workshops.c.id == wid).values(
                phase_index=index, phase_started_at=stamp, updated_at=stamp))
            bump(conn, wid, "phase")
        return _workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one())


def write_phase_index(conn: Connection, workshop_id: int, index: int, stamp) -> None:
    """Point the workshop at the open step's new position (it moved; it was not re-opened)."""
    conn.execute(s.workshops.update().where(s.workshops.c.id == workshop_id).values(
        phase_index=index, updated_at=stamp))


def current_step(db: Database, workshop: Workshop) -> AgendaItem:
    """The agenda item the facilitator has opened."""
    items = agenda(db, workshop.id)
    return items[min(workshop.phase_index, len(items) - 1)]


def step_name(conn: Connection, wrow: Mapping[str, Any]) -> str:
    """The step the facilitator has opened (``waiting`` without an agenda), inside the caller's transaction."""
    steps = conn.execute(select(s.agenda.c.step).where(s.agenda.c.workshop_id == wrow["id"])
                         .order_by(s.agenda.c.position)).scalars().all()
    if not steps:
        return "waiting"
    return steps[min(wrow["phase_index"], len(steps) - 1)]
