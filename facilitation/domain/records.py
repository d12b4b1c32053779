"""The workshop domain: frozen dataclasses and their validation. No I/O, no widgets.

Every constructor validates its values and raises :class:`InvalidValue` naming the field
and what is allowed, so a bad value from any source (a widget, a CSV, a forged browser
message) is refused the same way.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import RATED_STEPS, STEPS

SCALES = ("small", "large")
DRIVERS = ("central", "individual")
FEATURE_KINDS = ("problem", "asset", "opportunity")
CATEGORIES = ("public", "business", "knowledge", "civil")
LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
DIRECTIONS = ("higher", "lower")
GEOMETRY_TYPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")
ITEM_KINDS = ("scenario", "idea")
LANGUAGES = ("en", "pl")

MAX_TITLE = 120
MAX_NAME = 60
MAX_TEXT = 2000
MAX_CITY = 80

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_RE = re.compile(rf"^[{JOIN_CODE_ALPHABET}]{{4,12}}$")

_ADJECTIVES = (
    "Amber", "Blue", "Bright", "Calm", "Clever", "Coral", "Green", "Golden", "Kind", "Lively",
    "Misty", "Quiet", "Rapid", "Silver", "Sunny", "Swift", "Teal", "Warm", "Wise", "Bold",
)
_NOUNS = (
    "Alder", "Beaver", "Birch", "Crane", "Falcon", "Fern", "Heron", "Kestrel", "Lark", "Linden",
    "Lynx", "Maple", "Otter", "Owl", "Plover", "Robin", "Rowan", "Swan", "Willow", "Wren",
)


# --- validation helpers -------------------------------------------------------------


def clean_text(field_name: str, value: Any, *, max_len: int, required: bool) -> str:
    """Strip and check a free-text value; refuse empty (when required) or too long text."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field_name, "must be text.")
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise InvalidValue(field_name, "must not be empty.")
    if len(value) > max_len:
        raise InvalidValue(field_name, f"is {len(value)} characters long; at most {max_len} are allowed.")
    return value


def check_choice(field_name: str, value: Any, allowed: Iterable[str]) -> str:
    """Refuse a value that is not one of ``allowed``."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidValue(field_name, f"must be one of {', '.join(allowed)} (got {value!r}).")
    return value


def check_int(field_name: str, value: Any, lo: int, hi: int) -> int:
    """Refuse a value that is not a whole number in ``lo..hi`` (bools are refused too)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
        isinstance(value, float) and not value.is_integer()
    ):
        raise InvalidValue(field_name, f"must be a whole number from {lo} to {hi} (got {value!r}).")
    value = int(value)
    if not lo <= value <= hi:
        raise InvalidValue(field_name, f"must be a whole number from {lo} to {hi} (got {value}).")
    return value


def check_number(field_name: str, value: Any, lo: float, hi: float) -> float:
    """Refuse a value that is not a finite number in ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidValue(field_name, f"must be a number from {lo:g} to {hi:g} (got {value!r}).")
    if not lo <= value <= hi:
        raise InvalidValue(field_name, f"must be a number from {lo:g} to {hi:g} (got {value:g}).")
    return float(value)


def check_tags(field_name: str, values: Any, *, max_items: int = 12) -> tuple[str, ...]:
    """A tuple of short distinct non-empty tags."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [v for v in values.split(",")]
    tags: list[str] = []
    for v in values:
        tag = clean_text(field_name, v, max_len=MAX_NAME, required=False)
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > max_items:
        raise InvalidValue(field_name, f"at most {max_items} tags are allowed.")
    return tuple(tags)


def check_geometry(field_name: str, geometry: Any) -> dict:
    """A GeoJSON geometry object with WGS84 coordinates (longitude, latitude)."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            raise InvalidValue(field_name, "is not valid JSON.") from None
    if not isinstance(geometry, Mapping):
        raise InvalidValue(field_name, "must be a GeoJSON geometry object.")
    gtype = geometry.get("type")
    if gtype not in GEOMETRY_TYPES:
        raise InvalidValue(field_name, f"type must be one of {', '.join(GEOMETRY_TYPES)} (got {gtype!r}).")
    coords = geometry.get("coordinates")
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}[gtype]

    def walk(node: Any, level: int) -> None:
        if level == 0:
            if (
                not isinstance(node, (list, tuple))
                or len(node) < 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in node[:2])
            ):
                raise InvalidValue(field_name, "has a position that is not [longitude, latitude].")
            lon, lat = node[0], node[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise InvalidValue(field_name, f"has a position outside the globe ({lon}, {lat}).")
            return
        if not isinstance(node, (list, tuple)) or not node:
            raise InvalidValue(field_name, f"{gtype} coordinates are empty or malformed.")
        for child in node:
            walk(child, level - 1)

    walk(coords, depth)
    if gtype == "LineString" and len(coords) < 2:
        raise InvalidValue(field_name, "a line needs at least two positions.")
    if gtype == "Polygon" and any(len(ring) < 4 for ring in coords):
        raise InvalidValue(field_name, "a polygon ring needs at least four positions.")
    return json.loads(json.dumps({"type": gtype, "coordinates": coords}))


def pseudonym_for(number: int) -> str:
    """A friendly pseudonym such as 'Green Heron 17' from any non-negative number."""
    number = abs(int(number))
    adj = _ADJECTIVES[number % len(_ADJECTIVES)]
    noun = _NOUNS[(number // len(_ADJECTIVES)) % len(_NOUNS)]
    return f"{adj} {noun} {number % 97 + 1}"


def check_join_code(value: Any) -> str:
    """Normalise a join code (upper case, no spaces) and check its alphabet."""
    if not isinstance(value, str):
        raise InvalidValue("join code", "must be text.")
    code = value.strip().upper().replace(" ", "").replace("-", "")
    if not JOIN_CODE_RE.match(code):
        raise InvalidValue("join code", f"{value!r} is not a join code (4 to 12 letters and digits).")
    return code


# --- entities --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class AgendaItem:
    """One step of a workshop's agenda with its planned minutes."""

    step: str
    minutes: int
    title: str = ""
    position: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        check_choice("agenda step", self.step, STEPS)
        object.__setattr__(self, "minutes", check_int("planned minutes", self.minutes, 0, 600))
        object.__setattr__(self, "title", clean_text("agenda title", self.title, max_len=MAX_TITLE, required=False))


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

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "display_name", clean_text("display name", self.display_name, max_len=MAX_NAME, required=False)
        )
        object.__setattr__(self, "pseudonym", clean_text("pseudonym", self.pseudonym, max_len=MAX_NAME, required=True))

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
