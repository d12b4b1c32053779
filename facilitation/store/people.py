"""Participants: joining with a device token, paper participants, and erasing a name.

The one writer of ``participants`` (the module is not called ``participants``: that name
is the public function :func:`participants`, re-exported as ``store.participants``). A
live participant is found by the hash of their device token; a *paper* participant
(created by an import of paper input) gets a random token nobody holds, so no device can
ever act as them.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import Connection, func, select

from facilitation.domain import records as model
from facilitation.domain.errors import NotAllowed
from facilitation.domain.records import Participant
from facilitation.store import schema as s
from facilitation.store.access import TOKEN_MIN_LENGTH, hash_secret, new_secret, require_participant, workshop_row
from facilitation.store.db import Database, bump, now


def participant_from_row(row: Mapping[str, Any]) -> Participant:
    return Participant(id=row["id"], workshop_id=row["workshop_id"], pseudonym=row["pseudonym"],
                       display_name=row["display_name"], created_at=row["created_at"])


def fresh_pseudonym(participant_id: int) -> str:
    """A pseudonym from the kit's word list, unguessable from the participant's number."""
    return model.pseudonym_for(secrets.randbelow(20 * 20 * 97) + participant_id)


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
            return participant_from_row(found)
        pid = conn.execute(s.participants.insert().values(
            workshop_id=wrow["id"], token_hash=token_hash, display_name=name, pseudonym="pending",
            last_seen_at=stamp, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        conn.execute(s.participants.update().where(s.participants.c.id == pid).values(pseudonym=fresh_pseudonym(pid)))
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


def rows(conn: Connection, workshop_id: int) -> list[Mapping[str, Any]]:
    """Every participant row of a workshop (oldest first), inside the caller's transaction."""
    return conn.execute(select(s.participants).where(s.participants.c.workshop_id == workshop_id)
                        .order_by(s.participants.c.id)).mappings().all()


def erase_name(conn: Connection, participant_id: int, pseudonym: str, at: datetime) -> None:
    """Forget a participant's display name (and give ``pseudonym``), inside the caller's transaction."""
    conn.execute(s.participants.update().where(s.participants.c.id == participant_id).values(
        display_name="", pseudonym=pseudonym, forgotten_at=at, updated_at=at))


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
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(s.participants)
                            .where(s.participants.c.workshop_id == workshop_id)).scalar_one()
