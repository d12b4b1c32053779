"""Import of paper input: ideas or scores from CSV or XLSX with the columns of the export.

A file is checked whole before anything is written: every problem is reported with its row
(the header is row 1, as in a spreadsheet), its column and what is wrong, and nothing is
imported. A clean file is written in one transaction, so nothing is ever half-imported.

Who wrote a paper idea or score is the ``author`` / ``participant`` column (a pseudonym or
a label such as "Table 3"): an existing participant of the workshop with that pseudonym is
reused, otherwise a *paper* participant is created (no device can act as them). Rows without
one belong to the paper participant "Paper", who also casts the dots of the ``votes`` column.
Importing the same file twice changes nothing: identical ideas are skipped, scores updated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping

from sqlalchemy import Connection, select

from facilitation.outputs import dictionary

from facilitation.domain import records as model
from facilitation.domain.errors import FacilitationError, InvalidValue, NotFound
from facilitation.store import schema as s
from facilitation.store.db import Database, bump, now
from facilitation.store.workshops import workshop_row, hash_secret, new_secret

PAPER = "Paper"
KINDS = ("ideas", "scores")
MAX_BYTES = 20_000_000
MAX_PROBLEMS = 10
MAX_VOTES_PER_ROW = 1000
CONTEXT = {c.name for c in dictionary.CONTEXT}
# Columns the export writes that an import reads for reference only (ids are the store's own).
IGNORED = {"ideas": {"author_id", "author_name"},
           "scores": {"id", "participant_id", "participant_name"}}
REQUIRED = {"ideas": ("title", "scale", "driver"), "scores": ("item_kind", "criterion", "value")}
IDEA_FIELDS = {"idea title": "title", "idea description": "description", "idea scale": "scale",
               "idea driver": "driver", "idea theme": "theme", "idea latitude": "lat", "idea longitude": "lon",
               "idea location": "lat"}


@dataclass(frozen=True)
class Problem:
    """What is wrong where: ``row`` 1 is the header; ``column`` may be empty for a whole row."""

    row: int
    column: str
    problem: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, " if self.sheet else ""
        col = f", column {self.column}" if self.column else ""
        return f"{where}row {self.row}{col}: {self.problem.rstrip('.')}"


class ImportRefused(FacilitationError):
    """The file was refused; ``problems`` lists each problem. Nothing was imported."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        super().__init__(f"{source} was not imported (nothing was changed): {shown}{more}.")
        self.problems = problems


@dataclass
class ImportResult:
    """What an import wrote."""

    ideas: int = 0
    votes: int = 0
    scores: int = 0
    participants: int = 0
    skipped: int = 0
    kinds: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Imported {self.ideas} idea(s) with {self.votes} vote(s) and {self.scores} score(s); "
                f"{self.participants} paper participant(s) added; {self.skipped} row(s) already present.")


@dataclass(frozen=True)
class Sheet:
    """One table read from a file: its kind, its header and its rows with their row numbers."""

    kind: str
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]


# --- reading files ------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _guess_kind(header: list[str]) -> str | None:
    cols = set(header)
    if "criterion" in cols or "criterion_id" in cols:
        return "scores"
    if {"title", "scale", "driver"} & cols:
        return "ideas"
    return None


def _sheet(kind: str | None, name: str, raw_rows: Iterator[tuple[int, list[Any]]], source: str) -> Sheet:
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, values in raw_rows:
        if header is None:
            if all(_blank(v) for v in values):
                continue
            header = [("" if v is None else str(v)).strip() for v in values]
            while header and not header[-1]:
                header.pop()
            seen = set()
            for j, col in enumerate(header, start=1):
                if not col:
                    problems.append(Problem(number, f"#{j}", "a column has no name in the header row", name))
                elif col in seen:
                    problems.append(Problem(number, col, "this column appears twice", name))
                seen.add(col)
            header_row = number
            continue
        if all(_blank(v) for v in values):
            continue
        extra = [v for v in values[len(header):] if not _blank(v)]
        if extra:
            problems.append(Problem(number, "", f"has {len(extra)} value(s) beyond the last named column", name))
        rows.append((number, {col: (values[j] if j < len(values) else None) for j, col in enumerate(header)}))
    if header is None:
        raise ImportRefused(source, [Problem(1, "", "the file has no header row (it is empty)", name)])
    kind = kind or _guess_kind(header)
    if kind is None:
        problems.append(Problem(header_row, "", "the columns are neither ideas (title, scale, driver, ...) nor "
                                                "scores (participant, item_kind, item, criterion, value, ...)", name))
    if problems:
        raise ImportRefused(source, problems)
    return Sheet(kind=kind, name=name, header=header, rows=rows)


def _read_csv(path: Path, kind: str | None) -> list[Sheet]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(path.name, [Problem(line, "", "is not UTF-8 text (save the file as CSV UTF-8)")]) from None
    first = text.split("\n", 1)[0]
    # Spreadsheets in many European locales save CSV with semicolons.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        raw = []
        for values in reader:
            raw.append((reader.line_num, values))
    except csv.Error as exc:
        raise ImportRefused(path.name, [Problem(reader.line_num, "", f"is not valid CSV ({exc})")]) from None
    # csv's line_num counts physical lines; a quoted line break makes one row span several.
    numbered = [(i, values) for i, (_line, values) in enumerate(raw, start=1)]
    return [_sheet(kind, "", iter(numbered), path.name)]


def _read_xlsx(path: Path, kind: str | None) -> list[Sheet]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused(path.name, [Problem(1, "", f"is not a readable XLSX workbook ({exc})")]) from None
    try:
        names = wb.sheetnames
        if kind:
            chosen = [kind] if kind in names else names[:1] if len(names) == 1 else []
            if not chosen:
                problem = f"has no sheet named {kind} (sheets: {', '.join(names)})"
                raise ImportRefused(path.name, [Problem(1, "", problem)])
        else:
            chosen = [n for n in KINDS if n in names] or (names[:1] if len(names) == 1 else [])
            if not chosen:
                raise ImportRefused(path.name, [Problem(
                    1, "", f"has no sheet named ideas or scores (sheets: {', '.join(names)})")])
        sheets = []
        for name in chosen:
            ws = wb[name]
            rows = ((i, list(values)) for i, values in enumerate(ws.iter_rows(values_only=True), start=1))
            sheet_kind = kind or (name if name in KINDS else None)
            sheets.append(_sheet(sheet_kind, name if len(names) > 1 else "", rows, path.name))
        return sheets
    finally:
        wb.close()


def read_file(path: Path, kind: str | None = None) -> list[Sheet]:
    """The tables in a CSV or XLSX file (an XLSX export: its ``ideas`` and ``scores`` sheets)."""
    path = Path(path)
    if kind is not None and kind not in KINDS:
        raise InvalidValue("kind", f"must be one of {', '.join(KINDS)} (got {kind!r}).")
    if not path.is_file():
        raise NotFound(f"There is no file {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(path.name, [Problem(1, "", f"is larger than {MAX_BYTES // 1_000_000} MB")])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, kind)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, kind)
    raise ImportRefused(path.name, [Problem(1, "", "is not a CSV or XLSX file (name it .csv or .xlsx)")])


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
    if _blank(value):
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
    if _blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    try:
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise _Bad(f"{text!r} is not a number") from None


def _bool(value: Any) -> bool:
    if _blank(value):
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
    if _blank(value):
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
class _Checker:
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
class _Idea:
    row: int
    file_id: int | None
    idea: model.Idea
    author: str
    votes: int
    merged_into: int | None
    created_at: datetime | None


def _check_ideas(check: _Checker, workshop_id: int) -> list[_Idea]:
    out: list[_Idea] = []
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
        out.append(_Idea(number, file_id, idea, author, votes, merged, created))
    for item in out:
        if item.merged_into is not None and item.merged_into not in ids:
            check.bad(item.row, "merged_into", f"refers to idea {item.merged_into}, which is not in this file")
        elif item.merged_into is not None and item.merged_into == item.file_id:
            check.bad(item.row, "merged_into", "an idea cannot be merged into itself")
    return out


@dataclass
class _Score:
    row: int
    participant: str
    item_kind: str
    item_title: str
    item_id: int | None
    criterion: Mapping[str, Any]
    value: float | None
    created_at: datetime | None
    updated_at: datetime | None


def _check_scores(check: _Checker, criteria: list[Mapping[str, Any]]) -> list[_Score]:
    by_name = {c["name"]: c for c in criteria}
    by_folded = {c["name"].casefold(): c for c in criteria}
    by_id = {c["id"]: c for c in criteria}
    out: list[_Score] = []
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
        if value is not None and not crit["scale_min"] <= value <= crit["scale_max"]:
            check.bad(number, "value", f"{value:g} is outside the scale of {crit['name']} "
                                       f"({crit['scale_min']} to {crit['scale_max']}); leave it empty for don't know")
            continue
        key = (participant, kind, title or item_id, crit["id"])
        if key in seen:
            check.bad(number, "", f"repeats the score of row {seen[key]} (same participant, item and criterion)")
            continue
        seen[key] = number
        out.append(_Score(number, participant, kind, title, item_id, crit, value, created, updated))
    return out


# --- writing ---------------------------------------------------------------------------------


def _participant(conn: Connection, workshop_id: int, label: str, cache: dict[str, int], result: ImportResult) -> int:
    if label in cache:
        return cache[label]
    found = conn.execute(select(s.participants.c.id).where(
        s.participants.c.workshop_id == workshop_id, s.participants.c.pseudonym == label)
        .order_by(s.participants.c.id).limit(1)).scalar()
    if found is None:
        stamp = now()
        # A random token nobody holds: no device can ever act as a paper participant.
        found = conn.execute(s.participants.insert().values(
            workshop_id=workshop_id, token_hash=hash_secret(new_secret()), display_name="", pseudonym=label,
            source="paper", created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        result.participants += 1
    cache[label] = found
    return found


def _write_ideas(conn: Connection, wid: int, ideas: list[_Idea], cache: dict[str, int],
                 result: ImportResult) -> None:
    existing = {(r["title"], r["description"], r["scale"], r["driver"], r["author_id"]): r["id"]
                for r in conn.execute(select(s.ideas).where(s.ideas.c.workshop_id == wid)).mappings()}
    new_ids: dict[int, int] = {}
    for item in ideas:
        i = item.idea
        author = _participant(conn, wid, item.author, cache, result)
        key = (i.title, i.description, i.scale, i.driver, author)
        if key in existing:
            result.skipped += 1
            if item.file_id is not None:
                new_ids[item.file_id] = existing[key]
            continue
        stamp = item.created_at or now()
        iid = conn.execute(s.ideas.insert().values(
            workshop_id=wid, title=i.title, description=i.description, scale=i.scale, driver=i.driver,
            theme=i.theme, lat=i.lat, lon=i.lon, author_id=author, hidden=i.hidden, merged_into=None,
            private=False, created_at=stamp, updated_at=stamp)).inserted_primary_key[0]
        existing[key] = iid
        if item.file_id is not None:
            new_ids[item.file_id] = iid
        result.ideas += 1
        if item.votes:
            voter = _participant(conn, wid, PAPER, cache, result)
            conn.execute(s.votes.insert(), [dict(workshop_id=wid, idea_id=iid, original_idea_id=iid,
                                                 participant_id=voter, created_at=stamp, updated_at=stamp)
                                            for _ in range(item.votes)])
            result.votes += item.votes
    for item in ideas:
        if item.merged_into is not None and item.file_id in new_ids:
            conn.execute(s.ideas.update().where(s.ideas.c.id == new_ids[item.file_id]).values(
                merged_into=new_ids[item.merged_into]))


def _resolve_items(conn: Connection, wid: int, scores: list[_Score], check: _Checker) -> dict[int, int]:
    """Row number → the item's id in this workshop (by name/title; the id breaks ties)."""
    items: dict[str, list[tuple[int, str]]] = {
        "scenario": [(r.id, r.name) for r in conn.execute(
            select(s.scenarios.c.id, s.scenarios.c.name).where(s.scenarios.c.workshop_id == wid))],
        "idea": [(r.id, r.title) for r in conn.execute(
            select(s.ideas.c.id, s.ideas.c.title).where(s.ideas.c.workshop_id == wid,
                                                        s.ideas.c.merged_into.is_(None)))],
    }
    out = {}
    for sc in scores:
        candidates = items[sc.item_kind]
        if sc.item_title:
            matches = [i for i, title in candidates if title == sc.item_title] or [
                i for i, title in candidates if title.casefold() == sc.item_title.casefold()]
            if len(matches) > 1 and sc.item_id in matches:
                matches = [sc.item_id]
            if not matches:
                check.bad(sc.row, "item", f"no {sc.item_kind} of this workshop is called {sc.item_title!r}")
            elif len(matches) > 1:
                check.bad(sc.row, "item", f"{len(matches)} {sc.item_kind}s are called {sc.item_title!r}; "
                                          "give the right one's item_id")
            else:
                out[sc.row] = matches[0]
        elif sc.item_id in {i for i, _ in candidates}:
            out[sc.row] = sc.item_id
        else:
            check.bad(sc.row, "item_id", f"{sc.item_id} is not a {sc.item_kind} of this workshop")
    return out


def _write_scores(conn: Connection, wid: int, scores: list[_Score], items: dict[int, int],
                  cache: dict[str, int], result: ImportResult) -> None:
    for sc in scores:
        pid = _participant(conn, wid, sc.participant, cache, result)
        key = (s.scores.c.participant_id == pid, s.scores.c.item_kind == sc.item_kind,
               s.scores.c.item_id == items[sc.row], s.scores.c.criterion_id == sc.criterion["id"])
        old = conn.execute(select(s.scores).where(*key)).mappings().first()
        stamp = sc.created_at or now()
        if old is None:
            conn.execute(s.scores.insert().values(
                workshop_id=wid, participant_id=pid, item_kind=sc.item_kind, item_id=items[sc.row],
                criterion_id=sc.criterion["id"], value=sc.value, created_at=stamp,
                updated_at=sc.updated_at or stamp))
            result.scores += 1
        elif old["value"] != sc.value:
            before = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dict(old).items()}
            conn.execute(s.history.insert().values(workshop_id=wid, table_name="scores", row_id=old["id"],
                                                   before=before, actor="import", at=now()))
            conn.execute(s.scores.update().where(*key).values(value=sc.value, updated_at=sc.updated_at or now()))
            result.scores += 1
        else:
            result.skipped += 1


def import_file(db: Database, code: str, path: Path, *, kind: str | None = None) -> ImportResult:
    """Import ideas and/or scores from a CSV or XLSX file into a workshop, all or nothing.

    Local administration (the CLI): like issuing a key, it needs access to the database,
    not a facilitator key. Raises :class:`ImportRefused` with every problem found.
    """
    path = Path(path)
    sheets = read_file(path, kind)
    order = sorted(sheets, key=lambda sh: KINDS.index(sh.kind))  # ideas first: scores may refer to them
    result = ImportResult(kinds=[sh.kind for sh in order])
    problems: list[Problem] = []
    with db.write() as conn:
        wrow = workshop_row(conn, code)
        wid = wrow["id"]
        criteria = [dict(r) for r in conn.execute(select(s.criteria).where(s.criteria.c.workshop_id == wid)
                                                  .order_by(s.criteria.c.position)).mappings()]
        checked = []
        for sheet in order:
            check = _Checker(sheet, problems)
            check.columns()
            if problems:
                break
            rows = _check_ideas(check, wid) if sheet.kind == "ideas" else _check_scores(check, criteria)
            checked.append((sheet, check, rows))
        if problems:
            raise ImportRefused(path.name, problems)
        cache: dict[str, int] = {}
        for sheet, check, rows in checked:
            if sheet.kind == "ideas":
                _write_ideas(conn, wid, rows, cache, result)
            else:
                items = _resolve_items(conn, wid, rows, check)
                if problems:
                    break
                _write_scores(conn, wid, rows, items, cache, result)
        if problems:
            # Raising inside the transaction rolls back the ideas written before the scores.
            raise ImportRefused(path.name, problems)
        bump(conn, wid, "participants", "ideas", "votes", "scores")
    return result
