"""Participants: joining with a device token, paper participants, and erasing a name.

The one writer of ``participants`` (the module is not called ``participants``: that name
is the public function :func:`participants`, re-exported as ``store.participants``). A
live participant is found by the hash of their device token; a *paper* participant
(created by an import of paper input) gets a random token nobody holds, so no device can
ever act as them.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from facilitation.domain import records as model
from facilitation.domain.errors import NotAllowed
from facilitation.domain.records import Participant, Workshop
from facilitation.domain.roles import NAMING_MODES
from facilitation.store import groups, history, rates
from facilitation.store import schema as s
from facilitation.store.access import (
    TOKEN_MIN_LENGTH,
    hash_secret,
    new_secret,
    require_participant,
    require_role,
    workshop_row,
)
from facilitation.store.db import Database, advisory_lock, bump, now


def participant_from_row(row: Mapping[str, Any]) -> Participant:
    return Participant(id=row["id"], workshop_id=row["workshop_id"], pseudonym=row["pseudonym"],
                       display_name=row["display_name"], created_at=row["created_at"],
                       organisation=row["organisation"] or "", city=row["city"] or "")


def _affiliation(organisation: Any, city: Any) -> tuple[str, str]:
    return (model.clean_text("organisation", organisation, max_len=model.MAX_AFFILIATION, required=False),
            model.clean_text("your city", city, max_len=model.MAX_AFFILIATION, required=False))


def _asks_affiliation(wrow: Mapping[str, Any]) -> bool:
    return bool((wrow["settings"] or {}).get("ask_affiliation"))


def fresh_pseudonym(participant_id: int, language: str = "en") -> str:
    """A pseudonym from the kit's word list in the workshop's language, unguessable from the number."""
    return model.pseudonym_for(secrets.randbelow(20 * 20 * 97) + participant_id, language)


def join(db: Database, code: str, token: str, display_name: str = "", organisation: str = "",
         city: str = "") -> Participant:
    """Join a workshop with a device token; the same token returns the same participant.

    ``display_name`` may be empty (anonymous): a pseudonym is always given. ``organisation``
    and ``city`` are kept only when the workshop asks for them (``ask_affiliation``); a
    participant who joined already keeps what they gave unless new values are given. A new
    participant of a workshop with breakout groups is placed in the smallest group (unless
    participants pick their own).
    """
    if not isinstance(token, str) or len(token) < TOKEN_MIN_LENGTH:
        raise NotAllowed("This page could not identify your device; please reload the page.")
    name = model.clean_text("display name", display_name, max_len=model.MAX_NAME, required=False)
    organisation, city = _affiliation(organisation, city)
    token_hash = hash_secret(token)
    with db.write() as conn:
        wrow = workshop_row(conn, code)
        if not _asks_affiliation(wrow):
            organisation = city = ""
        advisory_lock(conn, "join", token_hash)  # the same device joining from two pages at once: one participant
        found = conn.execute(select(s.participants).where(s.participants.c.token_hash == token_hash)).mappings().first()
        stamp = now()
        if found is not None and found["merged_into"] is not None:  # merged: this device is the kept participant
            found = conn.execute(select(s.participants).where(s.participants.c.id == found["merged_into"])
                                 ).mappings().first()
        if found is not None:
            if found["workshop_id"] != wrow["id"]:
                raise NotAllowed("This device is registered in another workshop; please reload the page.")
            changes = {k: v for k, v in (("display_name", name), ("organisation", organisation), ("city", city))
                       if v and v != found[k]}
            if changes:
                rates.take(conn, wrow["id"], found["id"], "profile", token=token)  # a new name shows everywhere
                conn.execute(s.participants.update().where(s.participants.c.id == found["id"]).values(
                    **changes, last_seen_at=stamp, updated_at=stamp))
                bump(conn, wrow["id"], "participants")
            found = conn.execute(select(s.participants).where(s.participants.c.id == found["id"])).mappings().one()
            return participant_from_row(found)
        rates.take_new_participant()  # a page joins once: a forged one cannot fill the room with names
        pid = conn.execute(s.participants.insert().values(
            workshop_id=wrow["id"], token_hash=token_hash, display_name=name, pseudonym="pending",
            organisation=organisation, city=city, last_seen_at=stamp, created_at=stamp,
            updated_at=stamp)).inserted_primary_key[0]
        conn.execute(s.participants.update().where(s.participants.c.id == pid).values(
            pseudonym=fresh_pseudonym(pid, wrow["language"])))
        groups.place_new(conn, wrow, pid)
        bump(conn, wrow["id"], "participants")
        row = conn.execute(select(s.participants).where(s.participants.c.id == pid)).mappings().one()
    return participant_from_row(row)


def paper_participant(conn: Connection, workshop_id: int, label: str) -> tuple[int, bool]:
    """``(id, created)`` of the participant called ``label``: an existing one, else a new paper participant.

    Inside the caller's transaction (an import of paper input is all or nothing).
    """
    found = conn.execute(select(s.participants.c.id).where(
        s.participants.c.workshop_id == workshop_id, s.participants.c.pseudonym == label)
        .order_by(s.participants.c.id).limit(1)).scalar()
    if found is not None:
        return found, False
    stamp = now()
    # A random token nobody holds: no device can ever act as a paper participant.
    pid = conn.execute(s.participants.insert().values(
        workshop_id=workshop_id, token_hash=hash_secret(new_secret()), display_name="", pseudonym=label,
        source="paper", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
    return pid, True


def carry_participant(conn: Connection, workshop_id: int, row: Mapping[str, Any], stamp: datetime) -> int:
    """Round 2: a participant of the previous round who chose to be recognised again (``source`` "carried");
    a random token nobody holds, so no device acts as them. Returns the new id."""
    return conn.execute(s.participants.insert().values(
        workshop_id=workshop_id, token_hash=hash_secret(new_secret()), display_name=row["display_name"],
        pseudonym=row["pseudonym"], source="carried", organisation=row["organisation"] or "", city=row["city"] or "",
        person_hash=row["person_hash"], created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def mark_merged(conn: Connection, row: Mapping[str, Any], keep: Mapping[str, Any], at: datetime, actor: str) -> None:
    """The participant ``row`` is the same person as ``keep``: it leads there from now on (its device token
    too) and ``keep`` takes the name, organisation and city it lacks. Both earlier versions stay in history."""
    private = ("token_hash", "person_hash")
    history.keep(conn, row["workshop_id"], "participants", row, actor, fields=[k for k in row.keys() if k not in private],
                 at=at)
    # The recognition key (if only this entry gave it) goes with the rest, so a later round carries the person once.
    conn.execute(s.participants.update().where(s.participants.c.id == row["id"]).values(
        merged_into=keep["id"], person_hash=None, updated_at=at))
    fill = {k: row[k] for k in ("display_name", "organisation", "city", "person_hash") if row[k] and not keep[k]}
    seen = max((x for x in (row["last_seen_at"], keep["last_seen_at"]) if x is not None), default=None)
    if fill or seen != keep["last_seen_at"]:
        history.keep(conn, keep["workshop_id"], "participants", keep, actor,
                     fields=[k for k in keep.keys() if k not in private], at=at)
        conn.execute(s.participants.update().where(s.participants.c.id == keep["id"]).values(
            **fill, last_seen_at=seen, updated_at=at))


def merged_ones(conn: Connection, participant_id: int) -> list[int]:
    """The other entries of the same person, merged into ``participant_id`` (inside the caller's transaction)."""
    return list(conn.execute(select(s.participants.c.id).where(s.participants.c.merged_into == participant_id)
                             .order_by(s.participants.c.id)).scalars())


def rows(conn: Connection, workshop_id: int) -> list[Mapping[str, Any]]:
    """Every participant row of a workshop (oldest first), inside the caller's transaction."""
    return conn.execute(select(s.participants).where(s.participants.c.workshop_id == workshop_id)
                        .order_by(s.participants.c.id)).mappings().all()


def erase_name(conn: Connection, participant_id: int, pseudonym: str, at: datetime) -> None:
    """Forget a participant's display name, organisation and city (and give ``pseudonym``), inside the caller's
    transaction."""
    conn.execute(s.participants.update().where(s.participants.c.id == participant_id).values(
        display_name="", pseudonym=pseudonym, forgotten_at=at, updated_at=at, person_hash=None, organisation="",
        city=""))


def participant_for_token(db: Database, code: str, token: str | None) -> Participant | None:
    """The participant this device token belongs to, or None if it has not joined yet."""
    with db.read() as conn:
        try:
            return participant_from_row(require_participant(conn, code, token)[1])
        except NotAllowed:
            return None


def participants(db: Database, workshop_id: int) -> list[Participant]:
    with db.read() as conn:
        return [participant_from_row(r) for r in rows(conn, workshop_id)]


def participant_count(db: Database, workshop_id: int) -> int:
    """People in the workshop (two participants merged into one count once)."""
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(s.participants)
                            .where(s.participants.c.workshop_id == workshop_id,
                                   s.participants.c.merged_into.is_(None))).scalar_one()


def recognise(db: Database, code: str, token: str | None, person_key: str | None) -> None:
    """Participant opt-in: be recognised in this programme's later workshops (counted once).

    Stores only a hash of ``person_key``, a random key the browser keeps; an empty key withdraws
    the opt-in. Erased by ``facilitation forget``.
    """
    if person_key and (not isinstance(person_key, str) or len(person_key) < TOKEN_MIN_LENGTH):
        raise NotAllowed("This page could not identify you across workshops; please reload the page.")
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        conn.execute(s.participants.update().where(s.participants.c.id == prow["id"]).values(
            person_hash=hash_secret(person_key) if person_key else None, updated_at=now()))
        bump(conn, wrow["id"], "participants")


def set_affiliation(db: Database, code: str, token: str | None, organisation: str, city: str) -> Participant:
    """Participant: give (or clear) their organisation and city, when the workshop asks for them."""
    organisation, city = _affiliation(organisation, city)
    rates.precheck("profile", token)
    with db.write() as conn:
        wrow, prow = require_participant(conn, code, token)
        if not _asks_affiliation(wrow):
            raise NotAllowed("This workshop does not ask for your organisation and city.")
        rates.take(conn, wrow["id"], prow["id"], "profile", token=token)
        if (organisation, city) != (prow["organisation"], prow["city"]):
            conn.execute(s.participants.update().where(s.participants.c.id == prow["id"]).values(
                organisation=organisation, city=city, updated_at=now()))
            bump(conn, wrow["id"], "participants")
        return participant_from_row(conn.execute(select(s.participants).where(
            s.participants.c.id == prow["id"])).mappings().one())


# --- how people show: the workshop's naming mode ----------------------------------------


@dataclass(frozen=True)
class Joined:
    """Someone who joined with a device, as the console lists them (named as the naming mode allows)."""

    participant_id: int
    shown_name: str
    last_seen_at: datetime | None
    organisation: str
    city: str


def naming_mode(workshop: Workshop | Mapping[str, Any]) -> str:
    """The workshop's naming mode (``named`` unless set): one of :data:`~facilitation.domain.roles.NAMING_MODES`."""
    settings = workshop.settings if isinstance(workshop, Workshop) else workshop["settings"]
    mode = (settings or {}).get("naming", "named")
    return mode if mode in NAMING_MODES else "named"


def author_label(workshop: Workshop | Mapping[str, Any], participant: Participant, number: int | None = None,
                 translate: Callable[[str], str] = str) -> str:
    """How ``participant`` shows to others under the workshop's naming mode.

    named: the display name, else the pseudonym; pseudonymous: the pseudonym; anonymous:
    "Participant N" with ``number`` their place in the order of joining (see :func:`author_labels`;
    the participant's id when not given). ``translate`` is the page's ``t``.
    """
    mode = naming_mode(workshop)
    if mode == "anonymous":
        return translate("Participant {n}").format(n=number if number is not None else participant.id)
    if mode == "pseudonymous":
        return participant.pseudonym
    return participant.shown_name


def author_labels(db: Database, workshop: Workshop, translate: Callable[[str], str] = str) -> dict[int, str]:
    """Participant id → :func:`author_label` for every participant of the workshop (one read for a wall)."""
    return {p.id: author_label(workshop, p, n, translate)
            for n, p in enumerate(participants(db, workshop.id), start=1)}


def joined(db: Database, code: str, key: str | None) -> list[Joined]:
    """Facilitator: who has joined with a device (paper participants are not listed), oldest first."""
    with db.read() as conn:
        wrow = require_role(conn, code, key, "steer")
        found = rows(conn, wrow["id"])
    asked = _asks_affiliation(wrow)
    out = []
    for number, row in enumerate(found, start=1):
        if row["source"] in ("paper", "carried") or row["merged_into"] is not None:
            continue
        person = participant_from_row(row)
        out.append(Joined(participant_id=person.id, shown_name=author_label(wrow, person, number),
                          last_seen_at=row["last_seen_at"], organisation=person.organisation if asked else "",
                          city=person.city if asked else ""))
    return out
