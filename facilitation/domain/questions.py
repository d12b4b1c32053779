"""Questions from the room and the presentation a speaker gives (issue 24): records and checks, no I/O.

A question belongs to the agenda step it was asked in (a "questions" step or a "presentation",
:data:`ASKING_STEPS`) and to the asker's breakout group. Participants upvote others' questions
once each; the facilitator marks one as being answered (one at a time per workshop), answered, or
hides it (moderation: it leaves the participants' and presenter's pages, stays in the data).
A presentation's settings name its speaker, a title and one of the workshop's materials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from facilitation.domain.checks import MAX_CITY, MAX_NAME, MAX_TITLE, check_choice, clean_text
from facilitation.domain.errors import InvalidValue

MAX_QUESTION = 500  # a question read aloud, not an essay
STATUSES = ("open", "answering", "answered")
EXPORT_STATUSES = (*STATUSES, "hidden")  # questions.csv: a hidden question says so whatever its mark
ASKING_STEPS = ("questions", "presentation")  # the step kinds during which participants may ask
MAX_ORGANISATION = 120


def check_question_text(value: Any) -> str:
    """A question's text: not empty, at most :data:`MAX_QUESTION` characters."""
    return clean_text("question", value, max_len=MAX_QUESTION, required=True)


@dataclass(frozen=True)
class Question:
    """A participant's question with its upvote count (``votes``) as one viewer sees it."""

    workshop_id: int
    agenda_id: int
    author_id: int
    text: str
    status: str = "open"
    hidden: bool = False
    group_id: int | None = None
    id: int | None = None
    created_at: datetime | None = None
    answered_at: datetime | None = None
    votes: int = 0
    upvoted: bool = False  # the viewer's own upvote is on it
    mine: bool = False  # the viewer asked it

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", check_question_text(self.text))
        check_choice("question status", self.status, STATUSES)

    @property
    def shown_status(self) -> str:
        """The status the exports show: "hidden" for a hidden question, else its mark."""
        return "hidden" if self.hidden else self.status


def ranked(questions: list[Question]) -> list[Question]:
    """Most upvoted first, then the oldest first (the order people asked in)."""
    return sorted(questions, key=lambda q: (-q.votes, q.id or 0))


# --- the presentation step's settings -------------------------------------------------------


@dataclass(frozen=True)
class Presentation:
    """Who speaks, about what, and the material they show (a material id of the workshop, or None)."""

    speaker_name: str = ""
    speaker_organisation: str = ""
    speaker_city: str = ""
    title: str = ""
    material_id: int | None = None

    @property
    def speaker_line(self) -> str:
        """"Name, organisation, city" with the empty parts left out."""
        return ", ".join(p for p in (self.speaker_name, self.speaker_organisation, self.speaker_city) if p)


def _material_id(value: Any) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue("material", "must be one of the workshop's materials.")
    return value


def check_presentation_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A presentation step's settings as stored: speaker name, organisation and city, title, material id.

    Unknown keys are dropped; the store checks that the material belongs to the workshop.
    """
    if not isinstance(raw, Mapping):
        raise InvalidValue("step settings", "must be a set of named values.")
    return {
        "speaker_name": clean_text("speaker", raw.get("speaker_name"), max_len=MAX_NAME, required=False),
        "speaker_organisation": clean_text("organisation", raw.get("speaker_organisation"),
                                           max_len=MAX_ORGANISATION, required=False),
        "speaker_city": clean_text("city", raw.get("speaker_city"), max_len=MAX_CITY, required=False),
        "title": clean_text("title", raw.get("title"), max_len=MAX_TITLE, required=False),
        "material_id": _material_id(raw.get("material_id")),
    }


def presentation(settings: Mapping[str, Any] | None) -> Presentation:
    """The settings read with defaults: an old row ({}) or a bad one gives an empty presentation."""
    try:
        return Presentation(**check_presentation_settings(settings or {}))
    except InvalidValue:
        return Presentation()


def question_steps(steps: Sequence[tuple[int | None, str]], index: int) -> tuple[int, ...]:
    """The agenda ids whose questions the step at ``index`` shows, from ``(id, step kind)`` pairs in order.

    A step shows its own questions; a "questions" step also those asked during the presentations right
    before it (the Q&A after the talks answers them).
    """
    if not 0 <= index < len(steps) or steps[index][1] not in ASKING_STEPS or steps[index][0] is None:
        return ()
    ids = [steps[index][0]]
    if steps[index][1] == "questions":
        back = index - 1
        while back >= 0 and steps[back][1] == "presentation" and steps[back][0] is not None:
            ids.insert(0, steps[back][0])
            back -= 1
    return tuple(ids)
