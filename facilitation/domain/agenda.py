"""One step of a workshop's agenda: which step kind, its planned minutes, its timer and settings.

``settings`` holds what a step kind needs beyond the common fields (a poll's question and
options, a presentation's speaker and material, ...); each kind checks its own settings where
it is written (the store) and reads them with defaults, so an older row without them still works.
``starts_at`` is an optional planned start time of day ("HH:MM", the workshop's local time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from facilitation.domain.checks import MAX_TITLE, check_choice, check_int, clean_text
from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import STEPS

MAX_INSTRUCTION = 500
MAX_SETTINGS_CHARS = 20_000  # a poll with many options fits; a forged megabyte does not
_TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_time_of_day(field_name: str, value: Any) -> str:
    """``"HH:MM"`` (24 h) or "" for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not _TIME_OF_DAY.match(value.strip()):
        raise InvalidValue(field_name, "must be a time of day such as 09:30.")
    return value.strip()


def check_settings(value: Any) -> dict[str, Any]:
    """A step's settings: a JSON object of bounded size (each kind checks its own keys)."""
    import json

    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidValue("step settings", "must be a set of named values.")
    try:
        text = json.dumps(dict(value), ensure_ascii=False)
    except (TypeError, ValueError):
        raise InvalidValue("step settings", "must hold only text, numbers and lists.") from None
    if len(text) > MAX_SETTINGS_CHARS:
        raise InvalidValue("step settings", "are too long (at most {limit} characters).", limit=MAX_SETTINGS_CHARS)
    return json.loads(text)


@dataclass(frozen=True)
class AgendaItem:
    """One step of a workshop's agenda with its planned minutes."""

    step: str
    minutes: int
    title: str = ""
    position: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    instruction: str = ""  # shown to participants while the step is open
    extra_seconds: int = 0  # time the facilitator added (negative: took away) while it ran
    paused_at: datetime | None = None  # an open pause of its timer
    paused_seconds: int = 0  # pauses already closed
    settings: Mapping[str, Any] = field(default_factory=dict, hash=False)  # the step kind's own settings
    starts_at: str = ""  # planned start, "HH:MM" or ""
    id: int | None = None  # the stored row's number (records a step's posts belong to)

    def __post_init__(self) -> None:
        check_choice("agenda step", self.step, STEPS)
        object.__setattr__(self, "minutes", check_int("planned minutes", self.minutes, 0, 600))
        object.__setattr__(self, "title", clean_text("agenda title", self.title, max_len=MAX_TITLE, required=False))
        object.__setattr__(self, "instruction", clean_text("agenda instruction", self.instruction,
                                                           max_len=MAX_INSTRUCTION, required=False))
        object.__setattr__(self, "extra_seconds", check_int("extra time", self.extra_seconds, -36000, 36000))
        object.__setattr__(self, "paused_seconds", check_int("paused time", self.paused_seconds, 0, 10**7))
        object.__setattr__(self, "settings", check_settings(self.settings))
        object.__setattr__(self, "starts_at", check_time_of_day("start time", self.starts_at))
