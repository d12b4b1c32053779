"""The tables of programmes (issue 13): phases, venues, meeting records, materials, practices.

Part of :mod:`facilitation.store.schema` (same ``metadata``; split off to keep modules small).
Every column added to an older database by migration 2 is nullable or has a server default.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Table, Text
from sqlalchemy import UniqueConstraint

from facilitation.store.schema import _stamps, metadata

# Ordered stages of a programme (e.g. onboarding, learning, problem-solving), with dates.
phases = Table(
    "phases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, ForeignKey("programmes.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", String(120), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
    *_stamps(),
    UniqueConstraint("programme_id", "position"),
)

# Where a workshop takes place: a place with coordinates (offline gazetteer) or an online link.
venues = Table(
    "venues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, default=""),
    Column("city", String(80), nullable=False, default=""),
    Column("country", String(80), nullable=False, default=""),
    Column("lat", Float),
    Column("lon", Float),
    Column("url", String(500), nullable=False, default=""),
    *_stamps(),
)


# A partner meeting's or session's agenda items (topics), with notes and decisions per item.
# ``city``: a take-away recorded for one city (thematic sessions: participants' take-aways per city).
meeting_items = Table(
    "meeting_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("topic", String(120), nullable=False),
    Column("notes", Text, nullable=False, default=""),
    Column("decisions", Text, nullable=False, default=""),
    Column("city", String(80), nullable=False, default="", server_default=""),
    *_stamps(),
)
Index("ix_meeting_items_workshop", meeting_items.c.workshop_id)

action_items = Table(
    "action_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("meeting_items.id")),
    Column("text", String(300), nullable=False),
    Column("owner", String(120), nullable=False, default=""),
    Column("due", Date),
    Column("done", Boolean, nullable=False, default=False),
    *_stamps(),
)
Index("ix_action_items_workshop", action_items.c.workshop_id)

# Files attached to a workshop or an agenda item, kept in the database (one backup, and every
# server sharing one PostgreSQL sees them); the type is checked by content and extension.
materials = Table(
    "materials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("item_id", Integer, ForeignKey("meeting_items.id")),
    Column("filename", String(200), nullable=False),
    Column("title", String(120), nullable=False, default=""),
    Column("mime", String(120), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    *_stamps(),
    UniqueConstraint("workshop_id", "sha256"),
)

# The practice library: case studies any later workshop can pick from. ``source_key`` marks a
# practice gathered from a scenario, so gathering again adds nothing twice.
practices = Table(
    "practices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(120), nullable=False),
    Column("city", String(80), nullable=False, default=""),
    Column("country", String(80), nullable=False, default=""),
    Column("link", String(500), nullable=False, default=""),
    Column("lesson", String(300), nullable=False, default=""),
    Column("themes", JSON, nullable=False, default=list),
    Column("source_workshop_id", Integer, ForeignKey("workshops.id")),
    Column("source_key", String(64), unique=True),
    *_stamps(),
    # Issue 22: a longer description and the year it happened, from the practice form.
    Column("description", Text, nullable=False, default="", server_default=""),
    Column("year", Integer),
)
