"""The database schema (SQLAlchemy Core). Every row carries who and when.

Participants never destroy data: ideas and stakeholders are hidden or merged, votes are
withdrawn (``withdrawn_at``), edits keep the previous row in ``history``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
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
    # Issue 13 (store/programmes.py): the programme's language, themes, organisers and hosts.
    Column("language", String(8), nullable=False, default="en", server_default="en"),
    Column("themes", JSON, nullable=False, default=list, server_default="[]"),
    Column("organisers", JSON, nullable=False, default=list, server_default="[]"),
    Column("hosts", JSON, nullable=False, default=list, server_default="[]"),
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
    # Issue 13: the programme phase, the kind of session, the last day of a multi-day one, the venue.
    Column("phase_id", Integer, ForeignKey("phases.id")),
    Column("kind", String(20), nullable=False, default="city-workshop", server_default="city-workshop"),
    Column("end_date", Date),
    Column("venue_id", Integer, ForeignKey("venues.id")),
    # Issue 14: the workshop this one continues (round 2 made from round 1).
    Column("previous_id", Integer, ForeignKey("workshops.id")),
)

# Extra keys of a workshop, each with its role (domain/roles.py KEY_ROLES): a key issued by
# `facilitation serve` is a co-facilitator's (the server default keeps older rows working).
# Only hashes are kept.
facilitator_keys = Table(
    "facilitator_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workshop_id", Integer, ForeignKey("workshops.id"), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("label", String(60), nullable=False, default=""),
    Column("revoked_at", DateTime),
    *_stamps(),
    Column("role", String(20), nullable=False, default="co-facilitator", server_default="co-facilitator"),
    # A city or group-facilitator link bound to one breakout group (issue 14).
    Column("group_id", Integer, ForeignKey("groups.id")),
    # Issue 23: who made the key ("serve", "organiser page", "presenter"; NULL: a facilitator's role link)
    # and, for a console link derived from an organiser key, that key: revoking it revokes this one.
    Column("source", String(20)),
    Column("organiser_key_id", Integer, ForeignKey("organiser_keys.id")),
)

# Server-wide organiser keys (create workshops, pass for every workshop); only hashes are kept.
organiser_keys = Table(
    "organiser_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("label", String(60), nullable=False, default=""),
    Column("revoked_at", DateTime),
    *_stamps(),
    Column("source", String(20)),  # issue 23: "serve" for the key serve prints (reused, not minted per run)
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
    Column("instruction", Text, nullable=False, default="", server_default=""),
    # The timer: seconds added (or taken away) while the step ran, an open pause, closed pauses.
    Column("extra_seconds", Integer, nullable=False, default=0, server_default="0"),
    Column("paused_at", DateTime),
    Column("paused_seconds", Integer, nullable=False, default=0, server_default="0"),
    # Issue 24: a step kind's own settings (a poll's question, a speaker, ...) and a planned start.
    Column("settings", JSON, nullable=False, default=dict, server_default="{}"),
    Column("starts_at", String(5), nullable=False, default="", server_default=""),
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
    # Given when the workshop asks for it (settings["ask_affiliation"]).
    Column("organisation", String(120), nullable=False, default="", server_default=""),
    Column("city", String(120), nullable=False, default="", server_default=""),
    # A hash of a person key the browser keeps, set only when the participant asks to be
    # recognised in the programme's later workshops (store.people.recognise); erased on forget.
    Column("person_hash", String(64)),
    # The same person joined twice (a second browser): the facilitator merged this row into that one;
    # its device token then leads to the kept participant (issue 22, store.people.merge_participants).
    Column("merged_into", Integer, ForeignKey("participants.id")),
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
    Column("group_id", Integer, ForeignKey("groups.id")),  # a group's own map (issue 14)
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
    # The author took it back before voting opened: off the wall, kept in the data and exports.
    Column("withdrawn_at", DateTime),
    # Issue 14: the breakout group it came from; in a round-2 workshop, the round-1 idea and its votes there.
    Column("group_id", Integer, ForeignKey("groups.id")),
    Column("previous_idea_id", Integer, ForeignKey("ideas.id")),
    Column("carried_votes", Integer, nullable=False, default=0, server_default="0"),
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
    Column("group_id", Integer, ForeignKey("groups.id")),  # the voter's group when voting (issue 14)
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
    Column("group_id", Integer, ForeignKey("groups.id")),  # a breakout group's (a city's) scenario (issue 22)
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
    Column("group_id", Integer, ForeignKey("groups.id")),  # issue 14
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
    Column("group_id", Integer, ForeignKey("groups.id")),  # the scorer's group (issue 14)
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


# Issue 13's tables (phases, venues, meeting items, action items, materials, practices) live in
# their own module on the same metadata; imported here so ``schema.<table>`` finds them all.
from facilitation.store.programme_schema import (  # noqa: E402, F401 - re-exported
    action_items,
    materials,
    meeting_items,
    phases,
    practices,
    venues,
)
from facilitation.store.groups_schema import group_members, groups  # noqa: E402, F401 - re-exported
from facilitation.store.rates_schema import post_rates  # noqa: E402, F401 - re-exported (issue 23)
from facilitation.store.polls_schema import poll_answers  # noqa: E402, F401 - re-exported (issue 24)
from facilitation.store.questions_schema import question_votes, questions  # noqa: E402, F401 - re-exported (issue 24)
from facilitation.store.notes_schema import decisions, notes  # noqa: E402, F401 - re-exported (issue 24)
