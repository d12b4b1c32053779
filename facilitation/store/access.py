"""Who may do what: secrets, the facilitator keys, and the checks every write goes through.

Facilitator actions take the facilitator key; participant actions take the participant's
device token. Both are checked here, in the store, so a forged browser message cannot skip
them. Keys and tokens are random and stored only as hashes. The one writer of
``facilitator_keys``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Mapping

from sqlalchemy import Connection, Table, select

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.store import schema as s
from facilitation.store.db import Database, now

TOKEN_MIN_LENGTH = 20

Row = Mapping[str, Any]


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (keys and tokens are random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A facilitator key or participant token: long, random, URL-safe."""
    return secrets.token_urlsafe(24)


# --- rows of a workshop ----------------------------------------------------------------


def workshop_row(conn: Connection, code: str) -> Row:
    """The workshop with this join code, or :class:`NotFound`."""
    try:
        code = model.check_join_code(code)
    except InvalidValue:
        raise NotFound(f"There is no workshop with the join code {code!r}.") from None
    row = conn.execute(select(s.workshops).where(s.workshops.c.code == code)).mappings().first()
    if row is None:
        raise NotFound(f"There is no workshop with the join code {code}.")
    return row


def owned_row(conn: Connection, table: Table, row_id: Any, workshop_id: int, what: str) -> Row:
    """The row ``row_id`` of ``table`` if it belongs to this workshop, else :class:`NotFound`."""
    row = conn.execute(select(table).where(table.c.id == row_id, table.c.workshop_id == workshop_id)
                       ).mappings().first()
    if row is None:
        raise NotFound(f"There is no {what} number {row_id} in this workshop.")
    return row


# --- the checks ------------------------------------------------------------------------


def require_facilitator(conn: Connection, code: str, key: str | None) -> Row:
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


def require_participant(conn: Connection, code: str, token: str | None) -> tuple[Row, Row]:
    """(workshop row, participant row) for a token of this workshop, else :class:`NotAllowed`."""
    wrow = workshop_row(conn, code)
    if not isinstance(token, str) or len(token) < TOKEN_MIN_LENGTH:
        raise NotAllowed("Please join the workshop first.")
    prow = conn.execute(select(s.participants).where(s.participants.c.token_hash == hash_secret(token),
                                                     s.participants.c.workshop_id == wrow["id"])).mappings().first()
    if prow is None:
        raise NotAllowed("Please join the workshop first.")
    return wrow, prow


def is_facilitator(db: Database, code: str, key: str | None) -> bool:
    """True when ``key`` is the workshop's facilitator key."""
    with db.read() as conn:
        try:
            require_facilitator(conn, code, key)
        except (NotAllowed, NotFound):
            return False
    return True


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
