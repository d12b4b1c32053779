"""Server-wide organiser keys: issue, list and revoke them (local administration and the organiser page).

The one writer of ``organiser_keys``; the checks that read them are in
:mod:`facilitation.store.access`. Only hashes are kept, so a key is shown once, when it is
made. ``facilitation serve`` makes its organiser key once (``source`` "serve") and reuses it
on later runs instead of minting one per run. Revoking a key bumps the server-wide feed topic
``organisers`` (open organiser pages withdraw) and every workshop's ``access`` (consoles opened
with it, or with a console link derived from it, withdraw).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from facilitation.domain import records as model
from facilitation.domain.errors import NotFound
from facilitation.store import schema as s
from facilitation.store.access import hash_secret, new_secret, require_organiser
from facilitation.store.db import Database, bump, now

# The feed's "workshop" for changes that concern the whole server (live.Feed(db, SERVER_WIDE)).
SERVER_WIDE = 0


@dataclass(frozen=True)
class OrganiserKey:
    """An organiser key as it is listed (the key itself is never stored)."""

    id: int
    label: str
    source: str
    created_at: datetime
    revoked_at: datetime | None


def issue_organiser_key(db: Database, label: str = "", *, source: str = "") -> str:
    """A new organiser key, shown once (only its hash is kept). Local administration only (the CLI and serve)."""
    key = new_secret()
    stamp = now()
    with db.write() as conn:
        conn.execute(s.organiser_keys.insert().values(
            key_hash=hash_secret(key), label=model.clean_text("key label", label, max_len=60, required=False),
            source=source or None, created_at=stamp, updated_at=stamp))
    return key


def serve_organiser_key(db: Database, *, renew: bool = False) -> str | None:
    """The organiser key ``facilitation serve`` prints, made once: None while the one made earlier is valid;
    ``renew`` revokes the earlier ones and makes a new one."""
    ok = s.organiser_keys
    with db.read() as conn:
        kept = conn.execute(select(ok.c.id).where(ok.c.source == "serve", ok.c.revoked_at.is_(None))).scalars().all()
    if kept and not renew:
        return None
    if kept:
        _revoke(db, kept)
    return issue_organiser_key(db, "serve", source="serve")


def list_organiser_keys(db: Database) -> list[OrganiserKey]:
    """Every organiser key, revoked ones too, oldest first (local administration: the CLI)."""
    with db.read() as conn:
        rows = conn.execute(select(s.organiser_keys).order_by(s.organiser_keys.c.id)).mappings().all()
    return [OrganiserKey(id=r["id"], label=r["label"], source=r["source"] or "", created_at=r["created_at"],
                         revoked_at=r["revoked_at"]) for r in rows]


def organiser_keys_for(db: Database, key: str | None) -> list[OrganiserKey]:
    """Organiser page: the list, for a valid organiser ``key`` (else :class:`NotAllowed`)."""
    with db.read() as conn:
        require_organiser(conn, key)
    return list_organiser_keys(db)


def revoke_organiser_key(db: Database, key_id: int, *, key: str | None = None, local: bool = False) -> None:
    """Revoke organiser key number ``key_id``: from the organiser page with a valid organiser ``key``,
    or ``local`` (the CLI). :class:`NotFound` for an unknown number; revoking twice changes nothing."""
    key_id = model.check_int("organiser key", key_id, 1, 2**62)
    if not local:
        with db.read() as conn:
            require_organiser(conn, key)
    with db.read() as conn:
        if conn.execute(select(s.organiser_keys.c.id).where(s.organiser_keys.c.id == key_id)).first() is None:
            raise NotFound("There is no organiser key number {key_id}.", key_id=key_id)
    _revoke(db, [key_id])


def revoke_organiser_keys(db: Database) -> int:
    """Revoke every organiser key (local administration: a leaked organiser link); returns how many."""
    with db.read() as conn:
        ids = conn.execute(select(s.organiser_keys.c.id).where(s.organiser_keys.c.revoked_at.is_(None))).scalars().all()
    return _revoke(db, list(ids))


def _revoke(db: Database, ids: list[int]) -> int:
    """Revoke these keys in one transaction and tell every open page that keys changed."""
    if not ids:
        return 0
    stamp = now()
    ok = s.organiser_keys
    with db.write() as conn:
        count = conn.execute(ok.update().where(ok.c.id.in_(ids), ok.c.revoked_at.is_(None)).values(
            revoked_at=stamp, updated_at=stamp)).rowcount
        if count:
            bump(conn, SERVER_WIDE, "organisers")
            for workshop_id in conn.execute(select(s.workshops.c.id)).scalars():
                bump(conn, workshop_id, "access")
    return count
