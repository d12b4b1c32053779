"""The tables of discussion notes and decisions (issue 24), on :mod:`facilitation.store.schema`'s metadata.

``agenda_id`` names the agenda row a post belongs to without a foreign key: an agenda edit may
remove a step, and what was said during it stays in the data (and the exports) all the same.
Writers: :mod:`facilitation.store.notes` (``notes``), :mod:`facilitation.store.meetings` (``decisions``).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from facilitation.store.schema import metadata

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("agenda_id", Integer),
    Column("group_id", Integer),
    Column("participant_id", Integer, ForeignKey("participants.id")),
    Column("by", String(60), nullable=False, default="", server_default=""),
    Column("kind", String(20), nullable=False),
    Column("organisation", String(120), nullable=False, default="", server_default=""),
    Column("city", String(80), nullable=False, default="", server_default=""),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_notes_workshop", "workshop_id", "agenda_id"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("agenda_id", Integer),
    Column("by", String(60), nullable=False, default="", server_default=""),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_decisions_workshop", "workshop_id", "agenda_id"),
)
