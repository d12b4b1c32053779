"""Who may do what: secrets, keys and their roles, and the checks every write goes through.

A key carries a role (:mod:`facilitation.domain.roles`): the workshop's own key is the
facilitator's; a role link issued from the console is a co-facilitator's, an expert's, the
city representative's or the presenter's (``facilitator_keys.role``); a server-wide
organiser key passes for every workshop. Participant actions take the participant's device
token. Everything is checked here, in the store, so a forged browser message cannot skip it;
a revoked key fails the very next check. Keys and tokens are random and stored only as
hashes. The one writer of ``facilitator_keys`` (``organiser_keys``: :mod:`~facilitation.store.organiser_keys`).

Issue 23: links carry keys *derived* (HMAC) from the page's own key (see :func:`presenter_key`,
:func:`console_key`): the same link on a reload, no key kept in clear, no row minted per load.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

from sqlalchemy import Connection, Table, select
from sqlalchemy.exc import IntegrityError

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.roles import ACTIONS, GROUP_BOUND_ROLES, KEY_ROLES, allowed
from facilitation.domain.steps import N_
from facilitation.store import schema as s
from facilitation.store.db import Database, bump, now

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
        raise NotFound("There is no workshop with the join code {code!r}.", code=code) from None
    row = conn.execute(select(s.workshops).where(s.workshops.c.code == code)).mappings().first()
    if row is None:
        raise NotFound("There is no workshop with the join code {code}.", code=code)
    return row


def owned_row(conn: Connection, table: Table, row_id: Any, workshop_id: int, what: str) -> Row:
    """The row ``row_id`` of ``table`` if it belongs to this workshop, else :class:`NotFound`."""
    row = conn.execute(select(table).where(table.c.id == row_id, table.c.workshop_id == workshop_id)
                       ).mappings().first()
    if row is None:
        raise NotFound("There is no {what} number {row_id} in this workshop.", what=what, row_id=row_id)
    return row


# --- keys and their roles --------------------------------------------------------------

# Why a check failed, per action: one sentence naming who may do it.
_REFUSED = {
    "steer": N_("Only the facilitator can do this (the facilitator key is missing or wrong)."),
    "roles": N_("Only the facilitator can issue or revoke role links."),
    "scenarios": N_("Only the facilitator or an expert can change the scenarios and case studies."),
    "challenge": N_("Only the facilitator or the city representative can change the challenge and its map."),
    "present": N_("Only the facilitator, an expert or the presenter can open the big screen."),
    "moderate": N_("Only the facilitator or a group facilitator can moderate."),
    "notes": N_("Only the facilitator or the note-taker can write the discussion's notes.")}  # issue 24
_OTHER_GROUP = N_("A group facilitator can only moderate their own group.")
_REVOKED = N_("This link has been revoked; ask the facilitator for a new one.")


@dataclass(frozen=True)
class RoleKey:
    """A role link of a workshop as the console lists it (the key itself is never stored)."""

    id: int
    role: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
    group_id: int | None = None  # the breakout group a city or group-facilitator link is bound to


@dataclass(frozen=True)
class IssuedRoleKey:
    """A role link just issued: ``key`` is shown once, only its hash is kept."""

    id: int
    role: str
    label: str
    key: str


def _organiser_row(conn: Connection, digest: str) -> Row | None:
    return conn.execute(select(s.organiser_keys).where(s.organiser_keys.c.key_hash == digest)).mappings().first()


def role_in(conn: Connection, wrow: Row, key: str | None) -> tuple[str | None, bool]:
    """``(role, revoked)`` of ``key`` for the workshop ``wrow``, inside the caller's transaction.

    ``role`` is None for a missing, unknown or revoked key; ``revoked`` says the key was
    valid once (so the refusal can say so).
    """
    if not isinstance(key, str) or not key:
        return None, False
    digest = hash_secret(key)
    if hmac.compare_digest(digest, wrow["key_hash"]):
        return "facilitator", False
    fk = s.facilitator_keys
    extra = conn.execute(select(fk.c.role, fk.c.revoked_at, fk.c.organiser_key_id).where(
        fk.c.workshop_id == wrow["id"], fk.c.key_hash == digest)).first()
    if extra is not None:
        if extra.revoked_at is not None or (extra.organiser_key_id is not None and conn.execute(
                select(s.organiser_keys.c.revoked_at).where(s.organiser_keys.c.id == extra.organiser_key_id)
        ).scalar() is not None):
            return None, True
        return extra.role, False
    organiser = _organiser_row(conn, digest)
    if organiser is not None:
        return (None, True) if organiser["revoked_at"] is not None else ("organiser", False)
    return None, False


def require_role(conn: Connection, code: str, key: str | None, action: str) -> Row:
    """The workshop row if ``key`` may do ``action`` there (domain/roles.py); otherwise :class:`NotAllowed`."""
    if action not in ACTIONS:
        raise InvalidValue("action", "{action!r} is not one of {actions}.", action=action, actions=', '.join(ACTIONS))
    row = workshop_row(conn, code)
    role, revoked = role_in(conn, row, key)
    if allowed(role, action):
        return row
    raise NotAllowed(_REVOKED if revoked else _REFUSED[action])


def key_group_in(conn: Connection, wrow: Row, key: str | None) -> int | None:
    """The breakout group a (valid) role link of this workshop is bound to; None when unbound or not a link."""
    if not isinstance(key, str) or not key:
        return None
    return conn.execute(select(s.facilitator_keys.c.group_id).where(
        s.facilitator_keys.c.workshop_id == wrow["id"], s.facilitator_keys.c.key_hash == hash_secret(key),
        s.facilitator_keys.c.revoked_at.is_(None))).scalar()


def require_moderator(conn: Connection, code: str, key: str | None) -> tuple[Row, int | None]:
    """``(workshop row, group)`` when ``key`` may moderate: ``group`` is None for the steering roles
    (every item) and the bound group of a group facilitator (then :func:`check_moderates` each item)."""
    row = require_role(conn, code, key, "moderate")
    if role_in(conn, row, key)[0] != "group-facilitator":
        return row, None
    group = key_group_in(conn, row, key)
    if group is None:
        raise NotAllowed(_OTHER_GROUP)
    return row, group


def check_moderates(scope: int | None, *item_groups: int | None) -> None:
    """:class:`NotAllowed` unless a moderator limited to group ``scope`` (None: any) may touch items of these groups."""
    if scope is not None and any(g != scope for g in item_groups):
        raise NotAllowed(_OTHER_GROUP)


def require_facilitator(conn: Connection, code: str, key: str | None) -> Row:
    """The workshop row if ``key`` may steer it (facilitator, co-facilitator, organiser); else :class:`NotAllowed`."""
    return require_role(conn, code, key, "steer")


def require_participant(conn: Connection, code: str, token: str | None) -> tuple[Row, Row]:
    """(workshop row, participant row) for a token of this workshop, else :class:`NotAllowed`."""
    wrow = workshop_row(conn, code)
    if not isinstance(token, str) or len(token) < TOKEN_MIN_LENGTH:
        raise NotAllowed("Please join the workshop first.")
    prow = conn.execute(select(s.participants).where(s.participants.c.token_hash == hash_secret(token),
                                                     s.participants.c.workshop_id == wrow["id"])).mappings().first()
    if prow is None:
        raise NotAllowed("Please join the workshop first.")
    if prow["merged_into"] is not None:  # merged by the facilitator (the same person twice): act as the kept one
        prow = conn.execute(select(s.participants).where(s.participants.c.id == prow["merged_into"])).mappings().one()
    return wrow, prow


def key_role(db: Database, code: str, key: str | None) -> str | None:
    """"organiser", "facilitator" or a role of KEY_ROLES for ``key`` in this workshop; None when unknown or revoked."""
    with db.read() as conn:
        try:
            return role_in(conn, workshop_row(conn, code), key)[0]
        except NotFound:
            return None


def can(db: Database, code: str, key: str | None, action: str) -> bool:
    """True when ``key`` may do ``action`` in this workshop now (pages decide what to show with it)."""
    with db.read() as conn:
        try:
            require_role(conn, code, key, action)
        except (NotAllowed, NotFound):
            return False
    return True


def is_facilitator(db: Database, code: str, key: str | None) -> bool:
    """True when ``key`` may steer the workshop (its facilitator, a co-facilitator or an organiser)."""
    return can(db, code, key, "steer")


def issue_key(db: Database, code: str, label: str = "") -> str:
    """A new co-facilitator key for a workshop (e.g. for a serving session); only its hash is kept.

    Local administration only (the CLI): no page can call this.
    """
    key = new_secret()
    with db.write() as conn:
        row = workshop_row(conn, code)
        _insert_role_key(conn, row["id"], "co-facilitator", label, key)
    return key


def _insert_role_key(conn: Connection, workshop_id: int, role: str, label: str, key: str,
                     group_id: int | None = None, *, source: str | None = None,
                     organiser_key_id: int | None = None) -> int:
    stamp = now()
    return conn.execute(s.facilitator_keys.insert().values(
        workshop_id=workshop_id, key_hash=hash_secret(key), role=role, group_id=group_id,
        label=model.clean_text("key label", label, max_len=60, required=False), source=source,
        organiser_key_id=organiser_key_id, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]


def _check_group(conn: Connection, workshop_id: int, role: str, group_id: Any) -> int | None:
    if group_id is None:
        if role == "group-facilitator":
            raise InvalidValue("group", "a group facilitator's link needs the group it moderates.")
        return None
    if role not in GROUP_BOUND_ROLES:
        raise InvalidValue("group", "only a city representative's or a group facilitator's link can be bound to a group.")
    if isinstance(group_id, bool) or not isinstance(group_id, int) or conn.execute(select(s.groups.c.id).where(
            s.groups.c.id == group_id, s.groups.c.workshop_id == workshop_id, s.groups.c.removed_at.is_(None))
    ).first() is None:
        raise NotFound("That group is not part of this workshop.")
    return group_id


def issue_role_key(db: Database, code: str, key: str, role: str, label: str = "",
                   group_id: int | None = None) -> IssuedRoleKey:
    """Facilitator: a new link for a co-facilitator, an expert, the city representative, the presenter or a
    group facilitator (``group_id``: the group a city or group-facilitator link is bound to)."""
    model.check_choice("role", role, KEY_ROLES)
    secret = new_secret()
    with db.write() as conn:
        row = require_role(conn, code, key, "roles")
        key_id = _insert_role_key(conn, row["id"], role, label, secret, _check_group(conn, row["id"], role, group_id))
        bump(conn, row["id"], "access")
        label = conn.execute(select(s.facilitator_keys.c.label).where(s.facilitator_keys.c.id == key_id)).scalar_one()
    return IssuedRoleKey(id=key_id, role=role, label=label, key=secret)


def list_role_keys(db: Database, code: str, key: str) -> list[RoleKey]:
    """Facilitator: every role link of the workshop, revoked ones too, oldest first."""
    with db.read() as conn:
        row = require_role(conn, code, key, "roles")
        rows = conn.execute(select(s.facilitator_keys).where(s.facilitator_keys.c.workshop_id == row["id"])
                            .order_by(s.facilitator_keys.c.id)).mappings().all()
    return [RoleKey(id=r["id"], role=r["role"], label=r["label"], created_at=r["created_at"],
                    revoked_at=r["revoked_at"], group_id=r["group_id"]) for r in rows]


def revoke_role_key(db: Database, code: str, key: str, key_id: int) -> None:
    """Facilitator: revoke a role link; it fails the very next check and open pages hear ``access``."""
    with db.write() as conn:
        row = require_role(conn, code, key, "roles")
        found = owned_row(conn, s.facilitator_keys, model.check_int("role link", key_id, 1, 2**62), row["id"],
                          "role link")
        if found["revoked_at"] is None:
            stamp = now()
            conn.execute(s.facilitator_keys.update().where(s.facilitator_keys.c.id == found["id"]).values(
                revoked_at=stamp, updated_at=stamp))
            bump(conn, row["id"], "access")


# --- organiser keys (server-wide; written by store.organiser_keys) ----------------------


def organiser_in(conn: Connection, key: str | None) -> bool:
    """True when ``key`` is a valid (not revoked) organiser key, inside the caller's transaction."""
    if not isinstance(key, str) or len(key) < TOKEN_MIN_LENGTH:
        return False
    row = _organiser_row(conn, hash_secret(key))
    return row is not None and row["revoked_at"] is None


def require_organiser(conn: Connection, key: str | None) -> None:
    """:class:`NotAllowed` unless ``key`` is a valid organiser key (inside the caller's transaction)."""
    if not organiser_in(conn, key):
        raise NotAllowed("Only an organiser can do this (the organiser key is missing, wrong or revoked).")


def is_organiser(db: Database, key: str | None) -> bool:
    """True when ``key`` is a valid organiser key of this server's database."""
    with db.read() as conn:
        return organiser_in(conn, key)


# --- keys derived from a page's own key, and the keys serve prints (issue 23) ------------
DERIVE_TRIES = 50  # a derived link revoked this many times: the page's own key must be replaced


def derive_key(secret: str, purpose: str, n: int = 0) -> str:
    """A key derived from ``secret`` (HMAC-SHA256, URL-safe): the same inputs give the same key, and
    the key tells nothing about ``secret``; ``n`` moves on past a derived key that was revoked."""
    mac = hmac.new(secret.encode(), f"{purpose}:{n}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def _derived_role_key(conn: Connection, workshop_id: int, secret: str, purpose: str, role: str, label: str,
                      source: str, organiser_key_id: int | None = None, *, write: bool) -> str | None:
    """The first derived key of ``purpose`` that is not revoked, stored (as a hash) when it is new;
    None when it is new and ``write`` is False (a read transaction: the caller writes next)."""
    fk = s.facilitator_keys
    for n in range(DERIVE_TRIES):
        key = derive_key(secret, purpose, n)
        revoked = conn.execute(select(fk.c.revoked_at).where(fk.c.key_hash == hash_secret(key))).first()
        if revoked is None:
            if not write:
                return None
            _insert_role_key(conn, workshop_id, role, label, key, source=source, organiser_key_id=organiser_key_id)
            bump(conn, workshop_id, "access")  # the role links panels list it
            return key
        if revoked.revoked_at is None:
            return key
    raise NotAllowed("This console's links were revoked too often; open the console with a new facilitator link.")


def _derive(db: Database, make: Callable[[Connection, bool], str | None]) -> str:
    """``make`` in a read (a reload finds its key there), else in a write; two pages deriving the same new
    key at once: the second's insert fails on the unique hash and it reads the first's row."""
    with db.read() as conn:
        found = make(conn, False)
    if found is None:
        try:
            with db.write() as conn:
                found = make(conn, True)
        except IntegrityError:
            with db.read() as conn:
                found = make(conn, False)
    return str(found)


def presenter_key(db: Database, code: str, key: str | None) -> str:
    """The presenter key for the console opened with ``key`` (which may issue role links): a projector's
    link carries it, never the console's own key. Derived from ``key``, so it is the same on every reload."""
    def make(conn: Connection, write: bool) -> str | None:
        row = require_role(conn, code, key, "roles")
        return _derived_role_key(conn, row["id"], str(key), f"presenter:{row['code']}", "presenter", "projector",
                                 "presenter", write=write)
    return _derive(db, make)


def console_key(db: Database, organiser_key: str | None, code: str) -> str:
    """The organiser page's console link key for ``code``: a co-facilitator key derived from ``organiser_key``,
    revoked with it (the organiser key itself never travels)."""
    def make(conn: Connection, write: bool) -> str | None:
        require_organiser(conn, organiser_key)
        organiser = _organiser_row(conn, hash_secret(str(organiser_key)))
        row = workshop_row(conn, code)
        return _derived_role_key(conn, row["id"], str(organiser_key), f"console:{row['code']}", "co-facilitator",
                                 "organiser page", "organiser page", organiser["id"], write=write)
    return _derive(db, make)


def serve_key(db: Database, code: str, *, renew: bool = False) -> str | None:
    """The co-facilitator key ``facilitation serve`` prints for a workshop, made once: None while one
    made earlier is valid (it was printed then: only its hash is kept). ``renew`` revokes the earlier
    ones (their open consoles withdraw) and makes a new one. Local administration only."""
    fk = s.facilitator_keys
    with db.write() as conn:
        row = workshop_row(conn, code)
        mine = (fk.c.workshop_id == row["id"]) & (fk.c.source == "serve") & fk.c.revoked_at.is_(None)
        if not renew and conn.execute(select(fk.c.id).where(mine)).first() is not None:
            return None
        stamp = now()
        if conn.execute(fk.update().where(mine).values(revoked_at=stamp, updated_at=stamp)).rowcount:
            bump(conn, row["id"], "access")
        key = new_secret()
        _insert_role_key(conn, row["id"], "co-facilitator", "serve", key, source="serve")
    return key
