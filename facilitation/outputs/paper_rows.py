"""Checking the rows of paper input: every value parsed, every problem placed by row and column.

Ideas and scores are checked against the data dictionary's columns and the model's rules
(:mod:`facilitation.domain.records`) before anything is written; a score's criterion is
checked against the workshop's criteria. The checked rows are applied by
:mod:`facilitation.outputs.paper_input`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Mapping

from facilitation.domain import records as model
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import Criterion
from facilitation.outputs import dictionary
from facilitation.outputs.paper_files import Problem, Sheet, blank

PAPER = "Paper"
MAX_VOTES_PER_ROW = 1000
CONTEXT = {c.name for c in dictionary.CONTEXT}
# Columns the export writes that an import reads for reference only (ids are the store's own).
IGNORED = {"ideas": {"author_id", "author_name"},
           "scores": {"id", "participant_id", "participant_name"}}
REQUIRED = {"ideas": ("title", "scale", "driver"), "scores": ("item_kind", "criterion", "value")}
IDEA_FIELDS = {"idea title": "title", "idea description": "description", "idea scale": "scale",
               "idea driver": "driver", "idea theme": "theme", "idea latitude": "lat", "idea longitude": "lon",
               "idea location": "lat"}


# --- parsing values --------------------------------------------------------------------------


class _Bad(Exception):
    """One value is wrong (becomes a :class:`Problem` with its row and column)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: Any, lo: int, hi: int) -> int | None:
    if blank(value):
        return None
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else value
    except ValueError:
        raise _Bad(f"{_text(value)!r} is not a whole number") from None
    if isinstance(number, bool) or not float(number).is_integer():
        raise _Bad(f"{_text(value)!r} is not a whole number")
    if not lo <= number <= hi:
        raise _Bad(f"{int(number)} is outside {lo} to {hi}")
    return int(number)


def _number(value: Any) -> float | None:
    if blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    try:
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise _Bad(f"{text!r} is not a number") from None


def _bool(value: Any) -> bool:
    if blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y"):
        return True
    if text in ("false", "no", "0", "n"):
        return False
    raise _Bad(f"{_text(value)!r} is not true or false")


def _datetime(value: Any) -> datetime | None:
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise _Bad(f"{text!r} is not a date and time like 2026-03-12T09:41:07Z") from None
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    text = _text(value).strip().lower()
    if text not in allowed:
        raise _Bad(f"must be one of {', '.join(allowed)} (got {_text(value)!r})")
    return text


def _clean(value: Any, max_len: int, required: bool) -> str:
    try:
        return model.clean_text("text", _text(value), max_len=max_len, required=required)
    except InvalidValue as exc:
        raise _Bad(exc.reason) from None


def _label(value: Any) -> str:
    try:
        return model.clean_text("participant", _text(value), max_len=model.MAX_NAME, required=False) or PAPER
    except InvalidValue as exc:
        raise _Bad(exc.reason) from None


# --- checking rows ---------------------------------------------------------------------------


@dataclass
class Checker:
    sheet: Sheet
    problems: list[Problem]

    def bad(self, row: int, column: str, problem: str) -> None:
        self.problems.append(Problem(row, column, problem, self.sheet.name))

    def value(self, row: int, data: Mapping[str, Any], column: str, parse, *args):  # noqa: ANN001
        try:
            return parse(data.get(column), *args)
        except _Bad as exc:
            self.bad(row, column, str(exc))
            return None

    def columns(self) -> None:
        table = dictionary.table(self.sheet.kind)
        known = set(table.column_names(with_names=True))
        header_row = self.sheet.rows[0][0] - 1 if self.sheet.rows else 1
        for col in self.sheet.header:
            if col not in known:
                self.bad(header_row, col, f"is not a column of {self.sheet.kind} (see docs/data-dictionary.md)")
        for col in REQUIRED[self.sheet.kind]:
            if col not in self.sheet.header:
                self.bad(header_row, col, "this required column is missing")
        if self.sheet.kind == "scores" and not {"item", "item_id"} & set(self.sheet.header):
            self.bad(header_row, "item", "this column (or item_id) is required")
        codes = {}
        for number, data in self.sheet.rows:
            code = _text(data.get("workshop_code")).strip()
            if code:
                codes.setdefault(code, number)
        if len(codes) > 1:
            first, second = list(codes.items())[:2]
            self.bad(second[1], "workshop_code", f"the file mixes workshops {first[0]} and {second[0]}; "
                                                 "import one workshop at a time")


@dataclass
class CheckedIdea:
    row: int
    file_id: int | None
    idea: model.Idea
    author: str
    votes: int
    merged_into: int | None
    created_at: datetime | None


def check_ideas(check: Checker, workshop_id: int) -> list[CheckedIdea]:
    out: list[CheckedIdea] = []
    ids: dict[int, int] = {}
    for number, data in check.sheet.rows:
        before = len(check.problems)
        file_id = check.value(number, data, "id", _int, 1, 2**62)
        if file_id is not None:
            if file_id in ids:
                check.bad(number, "id", f"idea {file_id} appears twice (also on row {ids[file_id]})")
            ids[file_id] = number
        check.value(number, data, "title", _clean, model.MAX_TITLE, True)
        check.value(number, data, "description", _clean, model.MAX_TEXT, False)
        scale = check.value(number, data, "scale", _choice, model.SCALES)
        driver = check.value(number, data, "driver", _choice, model.DRIVERS)
        lat = check.value(number, data, "lat", _number)
        lon = check.value(number, data, "lon", _number)
        author = check.value(number, data, "author", _label)
        votes = check.value(number, data, "votes", _int, 0, MAX_VOTES_PER_ROW) or 0
        hidden = check.value(number, data, "hidden", _bool)
        merged = check.value(number, data, "merged_into", _int, 1, 2**62)
        created = check.value(number, data, "created_at", _datetime)
        if len(check.problems) > before:
            continue
        try:
            idea = model.Idea(workshop_id=workshop_id, title=_text(data.get("title")), scale=scale, driver=driver,
                              description=_text(data.get("description")), theme=_text(data.get("theme")),
                              lat=lat, lon=lon, hidden=bool(hidden))
        except InvalidValue as exc:
            check.bad(number, IDEA_FIELDS.get(exc.field, ""), exc.reason)
            continue
        out.append(CheckedIdea(number, file_id, idea, author, votes, merged, created))
    for item in out:
        if item.merged_into is not None and item.merged_into not in ids:
            check.bad(item.row, "merged_into", f"refers to idea {item.merged_into}, which is not in this file")
        elif item.merged_into is not None and item.merged_into == item.file_id:
            check.bad(item.row, "merged_into", "an idea cannot be merged into itself")
    return out


@dataclass
class CheckedScore:
    row: int
    participant: str
    item_kind: str
    item_title: str
    item_id: int | None
    criterion: Criterion
    value: float | None
    created_at: datetime | None
    updated_at: datetime | None


def check_scores(check: Checker, criteria: list[Criterion]) -> list[CheckedScore]:
    by_name = {c.name: c for c in criteria}
    by_folded = {c.name.casefold(): c for c in criteria}
    by_id = {c.id: c for c in criteria}
    out: list[CheckedScore] = []
    seen: dict[tuple, int] = {}
    for number, data in check.sheet.rows:
        before = len(check.problems)
        participant = check.value(number, data, "participant", _label)
        kind = check.value(number, data, "item_kind", _choice, model.ITEM_KINDS)
        item_id = check.value(number, data, "item_id", _int, 1, 2**62)
        title = _text(data.get("item")).strip()
        if not title and item_id is None:
            check.bad(number, "item", "names no item (give the scenario's name or the idea's title)")
        name = _text(data.get("criterion")).strip()
        crit_id = check.value(number, data, "criterion_id", _int, 1, 2**62)
        crit = by_name.get(name) or by_folded.get(name.casefold()) or (by_id.get(crit_id) if not name else None)
        if crit is None:
            known = ", ".join(by_name) or "none"
            check.bad(number, "criterion", f"{name!r} is not a criterion of this workshop (they are: {known})")
        value = check.value(number, data, "value", _number)
        created = check.value(number, data, "created_at", _datetime)
        updated = check.value(number, data, "updated_at", _datetime)
        if len(check.problems) > before:
            continue
        if value is not None and not crit.scale_min <= value <= crit.scale_max:
            check.bad(number, "value", f"{value:g} is outside the scale of {crit.name} "
                                       f"({crit.scale_min} to {crit.scale_max}); leave it empty for don't know")
            continue
        key = (participant, kind, title or item_id, crit.id)
        if key in seen:
            check.bad(number, "", f"repeats the score of row {seen[key]} (same participant, item and criterion)")
            continue
        seen[key] = number
        out.append(CheckedScore(number, participant, kind, title, item_id, crit, value, created, updated))
    return out
