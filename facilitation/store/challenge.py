"""The workshop's challenge: title, description and themes, saved by the facilitator or the city representative.

The one writer of ``challenges``; a changed challenge keeps its previous version in ``history``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from sqlalchemy import Connection, select

from facilitation.domain.errors import NotAllowed
from facilitation.domain.records import Challenge
from facilitation.store import history
from facilitation.store import schema as s
from facilitation.store.access import key_group_in, require_role
from facilitation.store.db import Database, bump, now


def save_challenge(db: Database, code: str, key: str, *, title: str, description: str = "",
                   themes: Iterable[str] = ()) -> Challenge:
    """Facilitator or city representative (action ``challenge``): save the challenge."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "challenge")
        if key_group_in(conn, wrow, key) is not None:
            raise NotAllowed("This link is for one group's challenge, not the workshop's.")
        ch = Challenge(workshop_id=wrow["id"], title=title, description=description, themes=tuple(themes))
        stamp = now()
        old = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == wrow["id"])).mappings().first()
        values = dict(title=ch.title, description=ch.description, themes=list(ch.themes), updated_at=stamp)
        if old is None:
            conn.execute(s.challenges.insert().values(workshop_id=wrow["id"], created_at=stamp, **values))
        else:
            history.keep(conn, wrow["id"], "challenges", {**old, "id": wrow["id"]}, "facilitator")
            conn.execute(s.challenges.update().where(s.challenges.c.workshop_id == wrow["id"]).values(**values))
        bump(conn, wrow["id"], "challenge")
    return Challenge(workshop_id=wrow["id"], title=ch.title, description=ch.description, themes=ch.themes,
                     updated_at=stamp)


def get_challenge(db: Database, workshop_id: int) -> Challenge | None:
    with db.read() as conn:
        row = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == workshop_id)).mappings().first()
    if row is None:
        return None
    return Challenge(workshop_id=workshop_id, title=row["title"], description=row["description"],
                     themes=tuple(row["themes"] or ()), updated_at=row["updated_at"])


def copy_challenge(conn: Connection, from_id: int, to_id: int, stamp: datetime) -> bool:
    """Round 2: the challenge of one workshop into another (inside the caller's transaction); False when none."""
    row = conn.execute(select(s.challenges).where(s.challenges.c.workshop_id == from_id)).mappings().first()
    if row is None:
        return False
    conn.execute(s.challenges.insert().values(workshop_id=to_id, title=row["title"], description=row["description"],
                                              themes=list(row["themes"] or ()), author=row["author"],
                                              created_at=stamp, updated_at=stamp))
    return True
