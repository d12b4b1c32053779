"""Programmes (issue 13): phases, venues, meeting records, materials and the practice library.

Frozen dataclasses validated when built, like :mod:`facilitation.domain.records`, and the
checks of an uploaded material (type by content *and* extension, size). No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from facilitation.domain.checks import (
    LANGUAGES, MAX_CITY, MAX_TEXT, MAX_TITLE, check_choice, check_int, check_number, check_tags, clean_text,
)
from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import N_

WORKSHOP_KINDS = ("city-workshop", "thematic-session", "technical-session", "partner-meeting")
KIND_LABELS = {
    "city-workshop": N_("City workshop"),
    "thematic-session": N_("Thematic session"),
    "technical-session": N_("Technical session"),
    "partner-meeting": N_("Partner meeting"),
}
STATUSES = ("planned", "running", "done")
MAX_PEOPLE = 30  # organisers or hosts of one programme
MAX_LINK = 500
MAX_MATERIAL_BYTES = 10 * 1024 * 1024


def check_date(what: str, value: date | str | None) -> date | None:
    """A calendar date from a date or an ISO text (``None`` or empty: no date)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue(what, "{value!r} is not a date like 2026-03-14.", value=value) from None


def check_span(what: str, starts: date | None, ends: date | None) -> None:
    if starts and ends and ends < starts:
        raise InvalidValue(what, "cannot end before it starts.")


def check_link(what: str, value: str) -> str:
    link = clean_text(what, value, max_len=MAX_LINK, required=False)
    if link and not re.match(r"^https?://\S+$", link):
        raise InvalidValue(what, "must be a web address starting with http:// or https://.")
    return link


def _names(what: str, values) -> tuple[str, ...]:  # noqa: ANN001 - any iterable of text
    if isinstance(values, str):
        values = [values]
    out = tuple(dict.fromkeys(clean_text(what, v, max_len=MAX_TITLE, required=True) for v in values or ()))
    if len(out) > MAX_PEOPLE:
        raise InvalidValue(what, "at most {max_people} names.", max_people=MAX_PEOPLE)
    return out


@dataclass(frozen=True)
class Phase:
    """An ordered stage of a programme, with optional dates."""

    name: str
    programme_id: int | None = None
    position: int = 0
    starts_on: date | None = None
    ends_on: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("phase name", self.name, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "position", check_int("phase position", self.position, 0, 99))
        object.__setattr__(self, "starts_on", check_date("phase start", self.starts_on))
        object.__setattr__(self, "ends_on", check_date("phase end", self.ends_on))
        check_span("phase", self.starts_on, self.ends_on)


@dataclass(frozen=True)
class Programme:
    """A series, a set of partner meetings or a cohort: workshops grouped in phases."""

    name: str
    description: str = ""
    language: str = "en"
    themes: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("programme name", self.name, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "description", clean_text("programme description", self.description,
                                                           max_len=MAX_TEXT, required=False))
        check_choice("programme language", self.language, LANGUAGES)
        object.__setattr__(self, "themes", check_tags("programme themes", self.themes, max_items=30))
        object.__setattr__(self, "organisers", _names("organisers", self.organisers))
        object.__setattr__(self, "hosts", _names("hosts", self.hosts))
        object.__setattr__(self, "phases", tuple(self.phases))


@dataclass(frozen=True)
class Venue:
    """Where a workshop takes place: a place (coordinates when known) or an online link."""

    name: str = ""
    city: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    url: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text("venue", self.name, max_len=MAX_TITLE, required=False))
        object.__setattr__(self, "city", clean_text("venue city", self.city, max_len=MAX_CITY, required=False))
        object.__setattr__(self, "country", clean_text("venue country", self.country, max_len=MAX_CITY,
                                                       required=False))
        object.__setattr__(self, "url", check_link("venue link", self.url))
        if (self.lat is None) != (self.lon is None):
            raise InvalidValue("venue coordinates", "need both a latitude and a longitude.")
        if self.lat is not None:
            object.__setattr__(self, "lat", check_number("venue latitude", self.lat, -90, 90))
            object.__setattr__(self, "lon", check_number("venue longitude", self.lon, -180, 180))
        if not (self.name or self.city or self.url):
            raise InvalidValue("venue", "needs a place name, a city or an online link.")

    @property
    def online(self) -> bool:
        return bool(self.url) and self.lat is None

    @property
    def label(self) -> str:
        """The place as one line: name, city, country (the link when it is only online)."""
        parts = [p for p in (self.name, self.city, self.country) if p]
        parts = [p for i, p in enumerate(parts) if p not in parts[:i]]
        return ", ".join(parts) or self.url


@dataclass(frozen=True)
class MeetingItem:
    """An agenda item of a meeting record: a topic, then notes and decisions.

    ``city``: set when the item records one city's take-away (thematic sessions)."""

    workshop_id: int
    topic: str
    position: int = 0
    notes: str = ""
    decisions: str = ""
    city: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic", clean_text("topic", self.topic, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "notes", clean_text("notes", self.notes, max_len=MAX_TEXT, required=False))
        object.__setattr__(self, "decisions", clean_text("decisions", self.decisions, max_len=MAX_TEXT,
                                                         required=False))
        object.__setattr__(self, "city", clean_text("city", self.city, max_len=MAX_CITY, required=False))


@dataclass(frozen=True)
class ActionItem:
    """Something someone will do after a meeting: text, owner, due date, done."""

    workshop_id: int
    text: str
    item_id: int | None = None
    owner: str = ""
    due: date | None = None
    done: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text("action", self.text, max_len=300, required=True))
        object.__setattr__(self, "owner", clean_text("action owner", self.owner, max_len=MAX_TITLE, required=False))
        object.__setattr__(self, "due", check_date("due date", self.due))
        if not isinstance(self.done, bool):
            raise InvalidValue("done", "must be true or false.")


@dataclass(frozen=True)
class Material:
    """A file attached to a workshop or an agenda item (the bytes are read separately)."""

    workshop_id: int
    filename: str
    mime: str
    size: int
    sha256: str
    title: str = ""
    item_id: int | None = None
    id: int | None = None
    created_at: datetime | None = None

    @property
    def shown_title(self) -> str:
        return self.title or self.filename


@dataclass(frozen=True)
class Practice:
    """A practice (case study) in the library: what a city did and the lesson for others."""

    title: str
    city: str = ""
    country: str = ""
    link: str = ""
    lesson: str = ""
    themes: tuple[str, ...] = ()
    source_workshop_id: int | None = None
    id: int | None = None
    description: str = ""  # what was done, longer than the one-line lesson (issue 22)
    year: int | None = None  # when it happened

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text("practice title", self.title, max_len=MAX_TITLE, required=True))
        object.__setattr__(self, "city", clean_text("practice city", self.city, max_len=MAX_CITY, required=False))
        object.__setattr__(self, "country", clean_text("practice country", self.country, max_len=MAX_CITY,
                                                       required=False))
        object.__setattr__(self, "link", check_link("practice link", self.link))
        object.__setattr__(self, "lesson", clean_text("practice lesson", self.lesson, max_len=300, required=False))
        object.__setattr__(self, "themes", check_tags("practice themes", self.themes, max_items=30))
        object.__setattr__(self, "description", clean_text("practice description", self.description,
                                                           max_len=MAX_TEXT, required=False))
        if self.year is not None:
            object.__setattr__(self, "year", check_int("practice year", self.year, 1900, 2100))


@dataclass(frozen=True)
class Quote:
    """A participant's take-away, by city (feedback, or a take-away in a session's record)."""

    city: str
    text: str
    workshop_code: str


def check_kind(kind: str) -> str:
    check_choice("kind of workshop", kind, WORKSHOP_KINDS)
    return kind


# --- materials: what may be uploaded -------------------------------------------------------

_ODF = {"odt": "application/vnd.oasis.opendocument.text",
        "odp": "application/vnd.oasis.opendocument.presentation"}
MATERIAL_TYPES: dict[str, str] = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **_ODF, "txt": "text/plain", "md": "text/markdown",
}


def check_material(filename: str, data: bytes) -> tuple[str, str]:
    """``(clean file name, MIME type)`` of an upload, or :class:`InvalidValue` with a sentence.

    The extension must be one of :data:`MATERIAL_TYPES` and the content must parse as that type
    (:mod:`facilitation.domain.uploads`, issue 23); at most :data:`MAX_MATERIAL_BYTES`.
    """
    from facilitation.domain.uploads import check_upload  # it reads the constants above

    return check_upload(filename, data)
