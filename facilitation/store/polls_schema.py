"""The table of poll answers (issue 24): one answer per participant per poll step.

Part of :mod:`facilitation.store.schema` (same ``metadata``; split off to keep modules small), so
``migrations.add_missing`` creates it in an older database. A poll is an agenda row of step
``poll`` (its question and options are that row's ``settings``); ``agenda_id`` carries no foreign
key because the agenda editor may remove a step while its answers stay in the data and exports.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, Table, UniqueConstraint

from facilitation.store.schema import _stamps, metadata

# Changing an answer updates the row (``answered_at`` moves); the earlier answer goes to ``history``.
poll_answers = Table(
    "poll_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("agenda_id", Integer, nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("group_id", Integer, ForeignKey("groups.id")),  # the participant's group when answering
    Column("choices", JSON, nullable=False, default=list),  # option indexes from 0; a rating: its point
    Column("words", JSON, nullable=False, default=list),  # a word cloud's entries as typed (trimmed)
    Column("answered_at", DateTime, nullable=False),
    *_stamps(),
    UniqueConstraint("agenda_id", "participant_id"),
)
Index("ix_poll_answers_workshop", poll_answers.c.workshop_id)
