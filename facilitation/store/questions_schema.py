"""The tables of questions from the room (issue 24): the questions and their upvotes.

Part of :mod:`facilitation.store.schema` (same ``metadata``; split off to keep modules small).
Written only by :mod:`facilitation.store.questions`. Nothing is deleted: a hidden question keeps
its row (``hidden``), a withdrawn upvote keeps its row (``withdrawn_at``); migration 7 adds both
tables to an older database (``migrations.add_missing``).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from facilitation.store.schema import _stamps, metadata

# A question belongs to the agenda step it was asked in and to the asker's group at that time.
questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("agenda_id", Integer, ForeignKey("agenda.id"), nullable=False),
    Column("group_id", Integer, ForeignKey("groups.id")),
    Column("author_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(12), nullable=False, default="open", server_default="open"),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("answered_at", DateTime),
    *_stamps(),
)
Index("ix_questions_workshop", questions.c.workshop_id, questions.c.agenda_id)

# One row per upvote put; taking it back stamps ``withdrawn_at`` (a new upvote is a new row).
question_votes = Table(
    "question_votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("question_id", Integer, ForeignKey("questions.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("withdrawn_at", DateTime),
)
Index("ix_question_votes_question", question_votes.c.question_id)
