"""The tables of breakout groups (issue 14): the groups of a workshop and who is in which.

Part of :mod:`facilitation.store.schema` (same ``metadata``; split off to keep modules small).
The records a group works on carry a nullable ``group_id`` (declared in ``schema``); every
column here and there can be added to an older database by ``migrations.add_missing``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from facilitation.store.schema import _stamps, metadata

# A group may carry its own challenge (a city's) with its own map centre. A removed group
# keeps its row (``removed_at``) so the items it produced still name it.
groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name", String(60), nullable=False, default="", server_default=""),
    Column("city", String(80), nullable=False, default="", server_default=""),
    Column("challenge_title", String(120), nullable=False, default="", server_default=""),
    Column("challenge_text", Text, nullable=False, default="", server_default=""),
    Column("lat", Float),
    Column("lon", Float),
    Column("zoom", Integer),
    Column("removed_at", DateTime),
    *_stamps(),
    UniqueConstraint("workshop_id", "number"),
)

# One group per participant (the primary key); a participant in no group has no row.
group_members = Table(
    "group_members",
    metadata,
    Column("participant_id", Integer, ForeignKey("participants.id"), primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("group_id", Integer, ForeignKey("groups.id"), nullable=False),
    *_stamps(),
)
Index("ix_group_members_group", group_members.c.group_id)
