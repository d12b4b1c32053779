"""Discussion notes and decisions: what a round table and a decisions step record (issue 24).

A :class:`Note` is written by the facilitator or a note-taker (kind ``note``) or by a participant
(kind ``contribution``, tagged with their organisation and city); either may be a ``take-away``
of one city, which the programme's "feedback by city" shows. A :class:`Decision` is one line a
decisions step records. Pure records and checks; the store decides who wrote what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from facilitation.domain.checks import MAX_NAME, check_choice, clean_text
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import MAX_AFFILIATION

NOTE_KINDS = ("note", "contribution", "take-away")
MAX_NOTE = 1000  # a facilitator's running note of one speaker's point
MAX_CONTRIBUTION = 400  # a participant's short contribution
MAX_DECISION = 500
BY_FACILITATOR = "facilitator"  # ``Note.by`` of notes written with a key (the role that wrote it)


@dataclass(frozen=True)
class Note:
    """One note or contribution of a discussion step (``agenda_id``: the agenda row it belongs to)."""

    workshop_id: int
    agenda_id: int | None
    text: str
    kind: str = "note"
    participant_id: int | None = None  # the contributor; None for a facilitator's or note-taker's note
    by: str = BY_FACILITATOR  # the role that wrote a note ("facilitator", "note-taker", ...); "" for a participant
    organisation: str = ""
    city: str = ""
    group_id: int | None = None
    created_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        check_choice("kind of note", self.kind, NOTE_KINDS)
        limit = MAX_NOTE if self.participant_id is None else MAX_CONTRIBUTION
        object.__setattr__(self, "text", clean_text("note", self.text, max_len=limit, required=True))
        object.__setattr__(self, "by", clean_text("note author", self.by, max_len=MAX_NAME, required=False))
        object.__setattr__(self, "organisation", clean_text("organisation", self.organisation,
                                                            max_len=MAX_AFFILIATION, required=False))
        object.__setattr__(self, "city", clean_text("city", self.city, max_len=MAX_AFFILIATION, required=False))
        if self.participant_id is None and self.kind == "contribution":
            raise InvalidValue("kind of note", "a contribution is written by a participant.")
        if self.participant_id is not None and self.kind == "note":
            raise InvalidValue("kind of note", "a participant writes contributions, not notes.")
        if self.kind == "take-away" and not self.city:
            raise InvalidValue("city", "a take-away needs the city that takes it away.")


@dataclass(frozen=True)
class Decision:
    """One decision a decisions step recorded (``by``: the role that recorded it)."""

    workshop_id: int
    agenda_id: int | None
    text: str
    by: str = BY_FACILITATOR
    created_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text("decision", self.text, max_len=MAX_DECISION, required=True))
        object.__setattr__(self, "by", clean_text("decided by", self.by, max_len=MAX_NAME, required=False))
