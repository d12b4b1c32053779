"""Workshops, their agenda and phase, participants, and the permission checks.

Facilitator actions take the facilitator key; participant actions take the participant's
token. Both are checked here, in the store, so a forged browser message cannot skip them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain import records as model

from facilitation.store import agendas as templates
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.records import AgendaItem, Participant, Workshop
from facilitation.store import schema as s
from facilitation.store.db import Database, bump, now

TOKEN_MIN_LENGTH = 20


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (keys and tokens are random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_join_code(length: int = 6) -> str:
    return "".join(secrets.choice(model.JOIN_CODE_ALPHABET) for _ in range(length))


def new_secret() -> str:
    """A facilitator key or participant token: long, random, URL-safe."""
    return secrets.token_urlsafe(24)


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


def _participant(row: Mapping[str, Any]) -> Participant:
    return Participant(id=row["id"], workshop_id=row["workshop_id"], pseudonym=row["pseudonym"],
                       display_name=row["display_name"], created_at=row["created_at"])


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
    tpl = templates.load(template)
    key = key or new_secret()
    if len(key) < TOKEN_MIN_LENGTH:
        raise InvalidValue("facilitator key", f"must be at least {TOKEN_MIN_LENGTH} characters long.")
    if isinstance(date, str) and date:
        try:
            date = Date.fromisoformat(date)
        except ValueError:
            raise InvalidValue("date", f"{date!r} is not a date like 2026-03-14.") from None
    stamp = now()
    with db.write() as conn:
        if code is None:
            code = new_join_code()
            while conn.execute(select(s.workshops.c.id).where(s.workshops.c.code == code)).first():
                code = new_join_code()
        probe = Workshop(title=title, city=city, country=country, code=code, key_hash=hash_secret(key),
                         language=language, round=round, date=date or None, template=tpl.name,
                         lat=lat, lon=lon, vote_budget=tpl.vote_budget, votes_per_idea=tpl.votes_per_idea,
                         themes=tpl.themes)
        if conn.execute(select(s.workshops.c.id).where(s.workshops.c.code == probe.code)).first():
            raise InvalidValue("join code", f"{probe.code} is already used by another workshop.")
        programme_id = _programme_id(conn, programme, stamp) if programme else None
        values = dict(
            code=probe.code, key_hash=probe.key_hash, title=probe.title, city=probe.city, country=probe.country,
            language=probe.language, round=probe.round, date=probe.date.isoformat() if probe.date else None,
            template=probe.template, programme_id=programme_id, lat=probe.lat, lon=probe.lon,
            vote_budget=probe.vote_budget, votes_per_idea=probe.votes_per_idea, themes=list(probe.themes),
            phase_index=0, phase_started_at=stamp, settings={}, created_at=stamp, updated_at=stamp,
        )
        wid = conn.execute(s.workshops.insert().values(**values)).inserted_primary_key[0]
        for item in tpl.agenda:
            conn.execute(s.agenda.insert().values(
                workshop_id=wid, position=item.position, step=item.step, title=item.title, minutes=item.minutes,
                started_at=stamp if item.position == 0 else None, created_at=stamp, updated_at=stamp))
        for c in tpl.criteria:
            conn.execute(s.criteria.insert().values(
                workshop_id=wid, position=c.position, name=c.name, description=c.description, weight=c.weight,
                direction=c.direction, scale_min=c.scale_min, scale_max=c.scale_max,
                created_at=stamp, updated_at=stamp))
        bump(conn, wid, "workshop", "phase")
        row = conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one()
    return Created(workshop=_workshop(row), key=key)


def _programme_id(conn: Connection, name: str, stamp) -> int:
    prog = model.Programme(name=name)
    found = conn.execute(select(s.programmes.c.id).where(s.programmes.c.name == prog.name)).scalar()
    if found:
        return found
    return conn.execute(s.programmes.insert().values(
        name=prog.name, description="", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def workshop_row(conn: Connection, code: str) -> Mapping[str, Any]:
    try:
        code = model.check_join_code(code)
    except InvalidValue:
        raise NotFound(f"There is no workshop with the join code {code!r}.") from None
    row = conn.execute(select(s.workshops).where(s.workshops.c.code == code)).mappings().first()
    if row is None:
        raise NotFound(f"There is no workshop with the join code {code}.")
    return row


def owned_row(conn: Connection, table, row_id: Any, workshop_id: int, what: str) -> Mapping[str, Any]:
    """The row ``row_id`` of ``table`` if it belongs to this workshop, else :class:`NotFound`."""
    row = conn.execute(select(table).where(table.c.id == row_id, table.c.workshop_id == workshop_id)
                       ).mappings().first()
    if row is None:
        raise NotFound(f"There is no {what} number {row_id} in this workshop.")
    return row


def get_workshop(db: Database, code: str) -> Workshop:
    """The workshop with this join code, or :class:`NotFound`."""
    with db.read() as conn:
        return _workshop(workshop_row(conn, code))


def get_workshop_by_id(db: Database, workshop_id: int) -> Workshop:
    with db.read() as conn:
        row = conn.execute(select(s.workshops).where(s.workshops.c.id == workshop_id)).mappings().first()
    if row is None:
        raise NotFound(f"There is no workshop number {workshop_id}.")
    return _workshop(row)


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


def require_facilitator(conn: Connection, code: str, key: str | None) -> Mapping[str, Any]:
    """The workshop row if ``key`` is its facilitator key; otherwise :class:`NotAllowed`."""
    row = workshop_row(conn, code)
    if isinstance(key, str) and key:
        digest = hash_secret(key)
        if hmac.compare_digest(digest, row["key_hash"]):
            return row
        extra = conn.execute(select(s.facilitator_keys.c.id).where(
            s.facilitator_keys.c.workshop_id == row["id"], s.facilitator_keys.c.key_hash == digest,
            s.facilitator_keys.c.revoked_at.is_(None))).first()
        if extra is not None:
            return row
    raise NotAllowed("Only the facilitator can do this (the facilitator key is missing or wrong).")


def issue_key(db: Database, code: str, label: str = "") -> str:
    """A new facilitator key for a workshop (e.g. for a serving session); only its hash is kept.

    Local administration only (the CLI): no page can call this.
    """
    key = new_secret()
    with db.write() as conn:
        row = workshop_row(conn, code)
        stamp = now()
        conn.execute(s.facilitator_keys.insert().values(
            workshop_id=row["id"], key_hash=hash_secret(key),
            label=model.clean_text("key label", label, max_len=60, required=False),
            created_at=stamp, updated_at=stamp))
    return key


def is_facilitator(db: Database, code: str, key: str | None) -> bool:
    """True when ``key`` is the workshop's facilitator key."""
    with db.read() as conn:
        try:
            require_facilitator(conn, code, key)
        except (NotAllowed, NotFound):
            return False
    return True


def update_settings(db: Database, code: str, key: str, **changes: Any) -> Workshop:
    """Facilitator: change per-workshop settings (e.g. ``private_brainstorm``, ``reveal_ideas``)."""
    allowed = {"private_brainstorm": bool, "ideas_revealed": bool, "results_revealed": bool,
               "scoring_items": str, "presenter_step": str}
    with db.write() as conn:
        row = require_facilitator(conn, code, key)
        settings = dict(row["settings"] or {})
        for name, value in changes.items():
            kind = allowed.get(name)
            if kind is None:
                raise InvalidValue("setting", f"{name!r} is not a workshop setting.")
            if not isinstance(value, kind):
                raise InvalidValue(name.replace("_", " "), f"must be {kind.__name__}.")
            settings[name] = value
        conn.execute(s.workshops.update().where(s.workshops.c.id == row["id"]).values(
            settings=settings, updated_at=now()))
        bump(conn, row["id"], "workshop")
        return _workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == row["id"])).mappings().one())


# --- agenda and phase -----------------------------------------------------------------


def agenda(db: Database, workshop_id: int) -> list[AgendaItem]:
    """The workshop's agenda in order, with when each step actually started and ended."""
    with db.read() as conn:
        rows = conn.execute(select(s.agenda).where(s.agenda.c.workshop_id == workshop_id)
                            .order_by(s.agenda.c.position)).mappings().all()
    return [AgendaItem(step=r["step"], minutes=r["minutes"], title=r["title"], position=r["position"],
                       started_at=r["started_at"], ended_at=r["ended_at"]) for r in rows]


def set_phase(db: Database, code: str, key: str, index: int) -> Workshop:
    """Facilitator: open agenda step ``index`` (every participant page follows)."""
    with db.write() as conn:
        row = require_facilitator(conn, code, key)
        wid = row["id"]
        count = conn.execute(select(func.count()).select_from(s.agenda).where(s.agenda.c.workshop_id == wid)).scalar()
        index = model.check_int("step number", index, 0, max(count - 1, 0))
        stamp = now()
        old = row["phase_index"]
        if index != old:
            conn.execute(s.agenda.update().where(s.agenda.c.workshop_id == wid, s.agenda.c.position == old)
                         .values(ended_at=stamp, updated_at=stamp))
            conn.execute(s.agenda.update().where(s.agenda.c.workshop_id == wid, s.agenda.c.position == index)
                         .values(started_at=stamp, ended_at=None, updated_at=stamp))
            conn.execute(s.workshops.update().where(s.workshops.c.id == wid).values(
                phase_index=index, phase_started_at=stamp, updated_at=stamp))
            bump(conn, wid, "phase")
        return _workshop(conn.execute(select(s.workshops).where(s.workshops.c.id == wid)).mappings().one())


def current_step(db: Database, workshop: Workshop) -> AgendaItem:
    """The agenda item the facilitator has opened."""
    items = agenda(db, workshop.id)
    return items[min(workshop.phase_index, len(items) - 1)]


# --- participants ---------------------------------------------------------------------


def join(db: Database, code: str, token: str, display_name: str = "") -> Participant:
    """Join a workshop with a device token; the same token returns the same participant.

    ``display_name`` may be empty (anonymous): a pseudonym is always given.
    """
    if not isinstance(token, str) or len(token) < TOKEN_MIN_LENGTH:
        raise NotAllowed("This page could not identify your device; please reload the page.")
    name = model.clean_text("display name", display_name, max_len=model.MAX_NAME, required=False)
    token_hash = hash_secret(token)
    with db.write() as conn:
        wrow = workshop_row(conn, code)
        found = conn.execute(select(s.participants).where(s.participants.c.token_hash == token_hash)).mappings().first()
        stamp = now()
        if found is not None:
            if found["workshop_id"] != wrow["id"]:
                raise NotAllowed("This device is registered in another workshop; please reload the page.")
            if name and name != found["display_name"]:
                conn.execute(s.participants.update().where(s.participants.c.id == found["id"]).values(
                    display_name=name, last_seen_at=stamp, updated_at=stamp))
                bump(conn, wrow["id"], "participants")
            found = conn.execute(select(s.participants).where(s.participants.c.id == found["id"])).mappings().one()
            return _participant(found)
        number = secrets.randbelow(20 * 20 * 97)
        pid = conn.execute(s.participants.insert().values(
            workshop_id=wrow["id"], token_hash=token_hash, display_name=name, pseudonym="pending",
            last_seen_at=stamp, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        pseudonym = model.pseudonym_for(number + pid)
        conn.execute(s.participants.update().where(s.participants.c.id == pid).values(pseudonym=pseudonym))
        bump(conn, wrow["id"], "participants")
        row = conn.execute(select(s.participants).where(s.participants.c.id == pid)).mappings().one()
    return _participant(row)


def require_participant(conn: Connection, code: str, token: str | None) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """(workshop row, participant row) for a token of this workshop, else :class:`NotAllowed`."""
    wrow = workshop_row(conn, code)
    if not isinstance(token, str) or len(token) < TOKEN_MIN_LENGTH:
        raise NotAllowed("Please join the workshop first.")
    prow = conn.execute(select(s.participants).where(
        s.participants.c.token_hash == hash_secret(token), s.participants.c.workshop_id == wrow["id"])).mappings().first()
    if prow is None:
        raise NotAllowed("Please join the workshop first.")
    return wrow, prow


def participant_for_token(db: Database, code: str, token: str | None) -> Participant | None:
    """The participant this device token belongs to, or None if it has not joined yet."""
    with db.read() as conn:
        try:
            return _participant(require_participant(conn, code, token)[1])
        except NotAllowed:
            return None


def participants(db: Database, workshop_id: int) -> list[Participant]:
    with db.read() as conn:
        rows = conn.execute(select(s.participants).where(s.participants.c.workshop_id == workshop_id)
                            .order_by(s.participants.c.id)).mappings().all()
    return [_participant(r) for r in rows]


def participant_count(db: Database, workshop_id: int) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(s.participants)
                            .where(s.participants.c.workshop_id == workshop_id)).scalar_one()
