"""The workshop's records: frozen dataclasses, each validated when built. No I/O, no widgets.

Every constructor validates its values and raises :class:`InvalidValue` naming the field
and what is allowed, so a bad value from any source (a widget, a CSV, a forged browser
message) is refused the same way. The checks and vocabularies live in
:mod:`facilitation.domain.checks` and are re-exported here, so callers import one module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

# Re-exported: other layers import the vocabularies and checks from here with the records.
from facilitation.domain.checks import (
    CATEGORIES, DIRECTIONS, DRIVERS, FEATURE_KINDS, GEOMETRY_TYPES, ITEM_KINDS, JOIN_CODE_ALPHABET,
    JOIN_CODE_RE, LANGUAGES, LEVELS, MAX_CITY, MAX_NAME, MAX_TEXT, MAX_TITLE, SCALES, check_choice,
    check_geometry, check_int, check_join_code, check_number, check_tags, clean_text, pseudonym_for,
)
from facilitation.domain.agenda import MAX_INSTRUCTION, AgendaItem  # noqa: F401 - re-exported
from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import RATED_STEPS

__all__ = [
    "Programme", "AgendaItem", "Criterion", "Template", "Workshop", "Participant", "Challenge", "MapFeature",
    "Idea", "Vote", "CaseStudy", "Scenario", "Stakeholder", "Score", "Feedback",
    "CATEGORIES", "DIRECTIONS", "DRIVERS", "FEATURE_KINDS", "GEOMETRY_TYPES", "ITEM_KINDS",
    "JOIN_CODE_ALPHABET", "JOIN_CODE_RE", "LANGUAGES", "LEVELS", "MAX_CITY", "MAX_NAME", "MAX_TEXT",
    "MAX_TITLE", "SCALES", "check_choice", "check_geometry", "check_int", "check_join_code", "check_number",
    "check_tags", "clean_text", "pseudonym_for",
]


@dataclass(frozen=True)
class Programme:
    """A programme groups workshops (phases, themes, locations)."""

    name: str
    description: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("programme name", self.name, max_len=MAX_TITLE, required=True))
        object.__setattr__(
            self, "description", clean_text("programme description", self.description, max_len=MAX_TEXT, required=False)
        )


MAX_AFFILIATION = 120


@dataclass(frozen=True)
class Criterion:
    """An impact criterion: weight > 0, direction higher/lower is better, a score scale."""

    name: str
    weight: float = 1.0
    direction: str = "higher"
    description: str = ""
    scale_min: int = 0
    scale_max: int = 5
    id: int | None = None
    position: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("criterion name", self.name, max_len=MAX_NAME, required=True))
        object.__setattr__(self, "weight", check_number("criterion weight", self.weight, 0.0, 100.0))
        check_choice("criterion direction", self.direction, DIRECTIONS)
        object.__setattr__(
            self, "description", clean_text("criterion description", self.description, max_len=MAX_TEXT, required=False)
        )
        object.__setattr__(self, "scale_min", check_int("criterion scale minimum", self.scale_min, -10, 10))
        object.__setattr__(self, "scale_max", check_int("criterion scale maximum", self.scale_max, -10, 10))
        if self.scale_max <= self.scale_min:
            raise InvalidValue("criterion scale", "the maximum must be larger than the minimum.")


@dataclass(frozen=True)
class Template:
    """A workshop template: agenda, themes, criteria, vote budget."""

    name: str
    title: str
    agenda: tuple[AgendaItem, ...]
    themes: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    vote_budget: int = 3
    votes_per_idea: int = 1
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "vote_budget", check_int("vote budget", self.vote_budget, 1, 20))
        object.__setattr__(self, "votes_per_idea", check_int("votes per idea", self.votes_per_idea, 1, 20))
        if not self.agenda:
            raise InvalidValue("agenda", "needs at least one step.")


@dataclass(frozen=True)
class Workshop:
    """A workshop (one session of a programme). The facilitator key is kept only as a hash."""

    title: str
    city: str
    code: str
    key_hash: str
    country: str = ""
    language: str = "en"
    round: int = 1
    date: date | None = None
    template: str = "city-two-rounds"
    programme_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    vote_budget: int = 3
    votes_per_idea: int = 1
    themes: tuple[str, ...] = ()
    phase_index: int = 0
    phase_started_at: datetime | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: datetime | None = None
    # Issue 13 (domain/programmes.py): the programme phase, kind, last day and venue.
    phase_id: int | None = None
    kind: str = "city-workshop"
    end_date: date | None = None
    venue_id: int | None = None
    previous_id: int | None = None  # the workshop this round continues (issue 14)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text("workshop title", self.title, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "city", clean_text("city", self.city, max_len=MAX_CITY, required=True))
        object.__setattr__(self, "country", clean_text("country", self.country, max_len=MAX_CITY, required=False))
        object.__setattr__(self, "code", check_join_code(self.code))
        check_choice("language", self.language, LANGUAGES)
        object.__setattr__(self, "round", check_int("round", self.round, 1, 9))
        object.__setattr__(self, "vote_budget", check_int("vote budget", self.vote_budget, 1, 20))
        object.__setattr__(self, "votes_per_idea", check_int("votes per idea", self.votes_per_idea, 1, 20))
        object.__setattr__(self, "themes", check_tags("themes", self.themes, max_items=30))
        if self.lat is not None:
            object.__setattr__(self, "lat", check_number("latitude", self.lat, -90, 90))
        if self.lon is not None:
            object.__setattr__(self, "lon", check_number("longitude", self.lon, -180, 180))


@dataclass(frozen=True)
class Participant:
    """Someone who joined a workshop. ``display_name`` is optional; the pseudonym is always set."""

    workshop_id: int
    pseudonym: str
    display_name: str = ""
    id: int | None = None
    created_at: datetime | None = None
    organisation: str = ""
    city: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "display_name", clean_text("display name", self.display_name, max_len=MAX_NAME, required=False)
        )
        object.__setattr__(self, "pseudonym", clean_text("pseudonym", self.pseudonym, max_len=MAX_NAME, required=True))
        object.__setattr__(self, "organisation", clean_text("organisation", self.organisation,
                                                            max_len=MAX_AFFILIATION, required=False))
        object.__setattr__(self, "city", clean_text("city", self.city, max_len=MAX_AFFILIATION, required=False))

    @property
    def shown_name(self) -> str:
        """The name shown to others: the display name, or the pseudonym when anonymous."""
        return self.display_name or self.pseudonym


@dataclass(frozen=True)
class Challenge:
    """The city's key local challenge (homework before round 1)."""

    workshop_id: int
    title: str
    description: str = ""
    themes: tuple[str, ...] = ()
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text("challenge title", self.title, max_len=MAX_TITLE, required=True))
        object.__setattr__(
            self, "description", clean_text("challenge description", self.description, max_len=MAX_TEXT, required=False)
        )
        object.__setattr__(self, "themes", check_tags("challenge themes", self.themes))


@dataclass(frozen=True)
class MapFeature:
    """A drawn area, line or point with the kit's own attributes."""

    workshop_id: int
    geometry: Mapping[str, Any]
    label: str
    kind: str = "problem"
    note: str = ""
    id: int | None = None
    removed: bool = False
    group_id: int | None = None  # drawn for one breakout group's challenge

    def __post_init__(self) -> None:
        object.__setattr__(self, "geometry", check_geometry("map feature geometry", self.geometry))
        object.__setattr__(self, "label", clean_text("feature label", self.label, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "note", clean_text("feature note", self.note, max_len=MAX_TEXT, required=False))
        check_choice("feature kind", self.kind, FEATURE_KINDS)

    def to_geojson(self) -> dict:
        """A GeoJSON Feature with label, note and kind in its properties."""
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": dict(self.geometry),
            "properties": {"id": self.id, "label": self.label, "note": self.note, "kind": self.kind},
        }


@dataclass(frozen=True)
class Idea:
    """A proposed solution, placed on scale (small/large) × driver (central/individual)."""

    workshop_id: int
    title: str
    scale: str
    driver: str
    description: str = ""
    theme: str = ""
    lat: float | None = None
    lon: float | None = None
    author_id: int | None = None
    hidden: bool = False
    merged_into: int | None = None
    private: bool = False
    votes: int = 0
    id: int | None = None
    created_at: datetime | None = None
    withdrawn_at: datetime | None = None  # the author took it back before voting opened
    group_id: int | None = None  # the breakout group it came from
    carried_votes: int = 0  # round 2: its votes in the previous round
    total_votes = property(lambda self: self.votes + self.carried_votes, doc="This round's dots and the carried votes")

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text("idea title", self.title, max_len=MAX_TITLE, required=True))
        object.__setattr__(
            self, "description", clean_text("idea description", self.description, max_len=MAX_TEXT, required=False)
        )
        check_choice("idea scale", self.scale, SCALES)
        check_choice("idea driver", self.driver, DRIVERS)
        object.__setattr__(self, "theme", clean_text("idea theme", self.theme, max_len=MAX_NAME, required=False))
        if (self.lat is None) != (self.lon is None):
            raise InvalidValue("idea location", "needs both latitude and longitude, or neither.")
        if self.lat is not None:
            object.__setattr__(self, "lat", check_number("idea latitude", self.lat, -90, 90))
            object.__setattr__(self, "lon", check_number("idea longitude", self.lon, -180, 180))


@dataclass(frozen=True)
class Vote:
    """One dot on an idea by a participant."""

    workshop_id: int
    idea_id: int
    participant_id: int
    id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class CaseStudy:
    """A case from another city attached to a scenario: a link and a one-line lesson."""

    title: str
    lesson: str = ""
    link: str = ""
    city: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text("case study title", self.title, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "lesson", clean_text("case study lesson", self.lesson, max_len=300, required=False))
        object.__setattr__(self, "city", clean_text("case study city", self.city, max_len=MAX_CITY, required=False))
        link = clean_text("case study link", self.link, max_len=500, required=False)
        if link and not re.match(r"^https?://", link):
            raise InvalidValue("case study link", "must start with http:// or https://.")
        object.__setattr__(self, "link", link)


@dataclass(frozen=True)
class Scenario:
    """An alternative scenario: a name, a narrative and the ideas it bundles."""

    workshop_id: int
    name: str
    narrative: str = ""
    idea_ids: tuple[int, ...] = ()
    case_studies: tuple[CaseStudy, ...] = ()
    id: int | None = None
    group_id: int | None = None  # a breakout group's (a city's) scenario; None: the whole room's

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("scenario name", self.name, max_len=MAX_TITLE, required=True))
        object.__setattr__(
            self, "narrative", clean_text("scenario narrative", self.narrative, max_len=MAX_TEXT, required=False)
        )
        ids = tuple(dict.fromkeys(int(i) for i in self.idea_ids))
        object.__setattr__(self, "idea_ids", ids)


@dataclass(frozen=True)
class Stakeholder:
    """A stakeholder on the Mendelow grid with a quadruple-helix category and an IAP2 level."""

    workshop_id: int
    name: str
    category: str
    power: int
    interest: int
    level: str = "inform"
    scenario_id: int | None = None
    author_id: int | None = None
    hidden: bool = False
    merged_into: int | None = None
    id: int | None = None
    group_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("stakeholder name", self.name, max_len=MAX_TITLE, required=True))
        check_choice("stakeholder category", self.category, CATEGORIES)
        object.__setattr__(self, "power", check_int("stakeholder power", self.power, 1, 5))
        object.__setattr__(self, "interest", check_int("stakeholder interest", self.interest, 1, 5))
        check_choice("engagement level", self.level, LEVELS)


@dataclass(frozen=True)
class Score:
    """One participant's score of one item on one criterion; ``value`` None means don't know."""

    workshop_id: int
    participant_id: int
    item_kind: str
    item_id: int
    criterion_id: int
    value: float | None
    id: int | None = None

    def __post_init__(self) -> None:
        check_choice("scored item kind", self.item_kind, ITEM_KINDS)
        if self.value is not None:
            object.__setattr__(self, "value", check_number("score", self.value, -10, 10))


@dataclass(frozen=True)
class Feedback:
    """A participant's feedback on the session and its steps."""

    workshop_id: int
    participant_id: int
    rating: int
    step_ratings: Mapping[str, int] = field(default_factory=dict)
    take_home: str = ""
    change: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rating", check_int("session rating", self.rating, 1, 5))
        ratings = {}
        for step, value in dict(self.step_ratings or {}).items():
            check_choice("rated step", step, RATED_STEPS)
            ratings[step] = check_int(f"rating of {step}", value, 1, 5)
        object.__setattr__(self, "step_ratings", ratings)
        object.__setattr__(self, "take_home", clean_text("what you take home", self.take_home, max_len=MAX_TEXT, required=False))
        object.__setattr__(self, "change", clean_text("what should change", self.change, max_len=MAX_TEXT, required=False))
