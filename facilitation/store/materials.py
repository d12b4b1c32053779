"""Materials: presentations, PDFs and images attached to a workshop or one of its agenda items.

The one writer of ``materials``. Files are kept **in the database** (a binary column), not
under ``data/``: one backup holds everything, a forgotten file cannot outlive its workshop,
and several servers sharing one PostgreSQL all see the same files (a folder would exist on
one machine only). The 10 MB cap keeps rows small enough for that. The type is checked by
content (magic bytes; office files by their parts) *and* extension, so a renamed program is
refused; the SHA-256 is kept, and the same file twice in a workshop is refused.

Attaching and removing needs the "steer" action; reading the bytes needs an organiser key,
a key of the workshop, or the device token of one of its participants.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

from sqlalchemy import select

from facilitation.domain.errors import InvalidValue, NotAllowed, NotFound
from facilitation.domain.programmes import Material, check_material, clean_text
from facilitation.store import schema as s
from facilitation.store.access import TOKEN_MIN_LENGTH, hash_secret, organiser_in, owned_row, require_role, role_in
from facilitation.store.access import workshop_row
from facilitation.store.db import Database, bump, now

TOPIC = "materials"
_META = [c for c in s.materials.c if c.name != "data"]


def material_from_row(row: Mapping[str, Any]) -> Material:
    return Material(id=row["id"], workshop_id=row["workshop_id"], item_id=row["item_id"], filename=row["filename"],
                    mime=row["mime"], size=row["size"], sha256=row["sha256"], title=row["title"],
                    created_at=row["created_at"])


def add_material(db: Database, code: str, key: str | None, *, filename: str, data: bytes, title: str = "",
                 item_id: int | None = None) -> Material:
    """Facilitator: attach a file (checked type, at most 10 MB) to the workshop or one agenda item."""
    name, mime = check_material(filename, data)
    title = clean_text("title", title, max_len=120, required=False)
    digest = hashlib.sha256(bytes(data)).hexdigest()
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        if item_id is not None:
            owned_row(conn, s.meeting_items, item_id, wrow["id"], "agenda item")
        same = conn.execute(select(s.materials.c.filename).where(
            s.materials.c.workshop_id == wrow["id"], s.materials.c.sha256 == digest)).scalar()
        if same is not None:
            raise InvalidValue("file", "the same file is already attached as {same}.", same=same)
        stamp = now()
        mid = conn.execute(s.materials.insert().values(
            workshop_id=wrow["id"], item_id=item_id, filename=name, title=title, mime=mime, size=len(data),
            sha256=digest, data=bytes(data), created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        bump(conn, wrow["id"], TOPIC)
        row = conn.execute(select(*_META).where(s.materials.c.id == mid)).mappings().one()
    return material_from_row(row)


def list_materials(db: Database, code: str) -> list[Material]:
    """The workshop's materials (without their bytes), oldest first."""
    with db.read() as conn:
        wrow = workshop_row(conn, code)
        rows = conn.execute(select(*_META).where(s.materials.c.workshop_id == wrow["id"])
                            .order_by(s.materials.c.id)).mappings().all()
    return [material_from_row(r) for r in rows]


def material_bytes(db: Database, material_id: int, *, code: str, key: str | None = None, token: str | None = None,
                   organiser_key: str | None = None) -> tuple[Material, bytes]:
    """The material and its bytes for someone allowed to read it, else :class:`NotAllowed`.

    Allowed: an organiser key, any valid key of the workshop, or a participant's device token.
    """
    with db.read() as conn:
        wrow = workshop_row(conn, code)
        allowed = organiser_in(conn, organiser_key) or organiser_in(conn, key) or role_in(conn, wrow, key)[0] is not None
        if not allowed and isinstance(token, str) and len(token) >= TOKEN_MIN_LENGTH:
            allowed = conn.execute(select(s.participants.c.id).where(
                s.participants.c.workshop_id == wrow["id"],
                s.participants.c.token_hash == hash_secret(token))).first() is not None
        if not allowed:
            raise NotAllowed("Only the workshop's organisers, facilitators and participants can open its materials.")
        row = conn.execute(select(s.materials).where(s.materials.c.id == material_id,
                                                     s.materials.c.workshop_id == wrow["id"])).mappings().first()
    if row is None:
        raise NotFound("There is no material number {material_id} in this workshop.", material_id=material_id)
    data = bytes(row["data"])
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise InvalidValue("file", "{filename} is damaged in the database (its checksum differs).", filename=row['filename'])
    return material_from_row(row), data


def remove_material(db: Database, code: str, key: str | None, material_id: int) -> None:
    """Facilitator: take a material off the workshop (the file is deleted)."""
    with db.write() as conn:
        wrow = require_role(conn, code, key, "steer")
        found = conn.execute(select(s.materials.c.id).where(s.materials.c.id == material_id,
                                                            s.materials.c.workshop_id == wrow["id"])).first()
        if found is None:
            raise NotFound("There is no material number {material_id} in this workshop.", material_id=material_id)
        conn.execute(s.materials.delete().where(s.materials.c.id == material_id))
        bump(conn, wrow["id"], TOPIC)
