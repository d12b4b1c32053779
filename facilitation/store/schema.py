"""The database schema (SQLAlchemy Core). Every row carries who and when.

Participants never destroy data: ideas and stakeholders are hidden or merged, votes are
withdrawn (``withdrawn_at``), edits keep the previous row in ``history``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def _stamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=False), nullable=False),
        Column("updated_at", DateTime(timezone=False), nullable=False),
    ]


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

# One row per (workshop, topic); bumped in the same transaction as every write, so a live
# page learns what changed without re-reading everything (and PostgreSQL can poll it).
revisions = Table(
    "revisions",
    metadata,
    Column("workshop_id", Integer, primary_key=True),
    Column("topic", String(30), primary_key=True),
    Column("rev", Integer, nullable=False),
)

programmes = Table(
    "programmes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("description", Text, nullable=False, default=""),
    *_stamps(),
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("title", String(120), nullable=False),
    Column("city", String(80), nullable=False),
    Column("country", String(80), nullable=False, default=""),
    Column("language", String(8), nullable=False, default="en"),
    Column("round", Integer, nullable=False, default=1),
    Column("date", String(10)),
    Column("template", String(60), nullable=False),
    Column("programme_id", Integer, ForeignKey("programmes.id")),
    Column("lat", Float),
    Column("lon", Float),
    Column("vote_budget", Integer, nullable=False, default=3),
    Column("votes_per_idea", Integer, nullable=False, default=1),
    Column("themes", JSON, nullable=False, default=list),
    Column("phase_index", Integer, nullable=False, default=0),
    Column("phase_started_at", DateTime),
    Column("settings", JSON, nullable=False, default=dict),
    *_stamps(),
)

# Extra facilitator keys (e.g. one issued by each `facilitation serve`); only hashes are kept.
facilitator_keys = Table(
    "facilitator_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("label", String(60), nullable=False, default=""),
    Column("revoked_at", DateTime),
    *_stamps(),
)

agenda = Table(
    "agenda",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("step", String(20), nullable=False),
    Column("title", String(120), nullable=False, default=""),
    Column("minutes", Integer, nullable=False),
    Column("started_at", DateTime),
    Column("ended_at", DateTime),
    *_stamps(),
    UniqueConstraint("workshop_id", "position"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("display_name", String(60), nullable=False, default=""),
    Column("pseudonym", String(60), nullable=False),
    Column("last_seen_at", DateTime),
    # "live" (joined with a device) or "paper" (created by an import of paper input).
    Column("source", String(10), nullable=False, default="live"),
    # Set when the participant's name was erased on request (facilitation forget).
    Column("forgotten_at", DateTime),
    *_stamps(),
)

challenges = Table(
    "challenges",
    metadata,
    Column("workshop_id", Integer, ForeignKey("workshops.id"), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("themes", JSON, nullable=False, default=list),
    Column("author", String(60), nullable=False, default="facilitator"),
    *_stamps(),
)

map_features = Table(
    "map_features",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("geometry", JSON, nullable=False),
    Column("label", String(120), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("kind", String(20), nullable=False),
    Column("removed", Boolean, nullable=False, default=False),
    Column("author", String(60), nullable=False, default="facilitator"),
    *_stamps(),
)

ideas = Table(
    "ideas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("title", String(120), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("scale", String(10), nullable=False),
    Column("driver", String(12), nullable=False),
    Column("theme", String(60), nullable=False, default=""),
    Column("lat", Float),
    Column("lon", Float),
    Column("author_id", Integer, ForeignKey("participants.id")),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("merged_into", Integer, ForeignKey("ideas.id")),
    Column("private", Boolean, nullable=False, default=False),
    *_stamps(),
)
Index("ix_ideas_workshop", ideas.c.workshop_id)

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("idea_id", Integer, ForeignKey("ideas.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    # When a duplicate is merged the vote moves to the kept idea; the original stays here.
    Column("original_idea_id", Integer, ForeignKey("ideas.id"), nullable=False),
    Column("withdrawn_at", DateTime),
    *_stamps(),
)
Index("ix_votes_workshop", votes.c.workshop_id)
Index("ix_votes_participant", votes.c.participant_id)

scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("narrative", Text, nullable=False, default=""),
    Column("idea_ids", JSON, nullable=False, default=list),
    Column("case_studies", JSON, nullable=False, default=list),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("author", String(60), nullable=False, default="facilitator"),
    *_stamps(),
)

stakeholders = Table(
    "stakeholders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("category", String(20), nullable=False),
    Column("power", Integer, nullable=False),
    Column("interest", Integer, nullable=False),
    Column("level", String(20), nullable=False),
    Column("scenario_id", Integer, ForeignKey("scenarios.id")),
    Column("author_id", Integer, ForeignKey("participants.id")),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("merged_into", Integer, ForeignKey("stakeholders.id")),
    *_stamps(),
)

criteria = Table(
    "criteria",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", String(60), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("weight", Float, nullable=False),
    Column("direction", String(10), nullable=False),
    Column("scale_min", Integer, nullable=False),
    Column("scale_max", Integer, nullable=False),
    *_stamps(),
)

scores = Table(
    "scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("item_kind", String(10), nullable=False),
    Column("item_id", Integer, nullable=False),
    Column("criterion_id", Integer, ForeignKey("criteria.id"), nullable=False),
    Column("value", Float),  # NULL = don't know (never a zero)
    *_stamps(),
    UniqueConstraint("participant_id", "item_kind", "item_id", "criterion_id"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("step_ratings", JSON, nullable=False, default=dict),
    Column("take_home", Text, nullable=False, default=""),
    Column("change", Text, nullable=False, default=""),
    *_stamps(),
    UniqueConstraint("workshop_id", "participant_id"),
)

# Previous versions of edited rows: nothing a participant or facilitator changes is lost.
history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("before", JSON, nullable=False),
    Column("actor", String(60), nullable=False),
    Column("at", DateTime, nullable=False),
)
