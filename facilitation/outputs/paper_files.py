"""Reading paper input: the tables of a CSV or XLSX file, with every problem placed by row and column.

A spreadsheet's row numbers are kept (the header is row 1) so that a problem reads as the
person who typed the file sees it. Nothing here touches the database; the rows are
checked by :mod:`facilitation.outputs.paper_rows` and applied by
:mod:`facilitation.outputs.paper_input`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from facilitation.domain.errors import FacilitationError, InvalidValue, NotFound

KINDS = ("ideas", "scores")
MAX_BYTES = 20_000_000
MAX_PROBLEMS = 10


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


@dataclass(frozen=True)
class Sheet:
    """One table read from a file: its kind, its header and its rows with their row numbers."""

    kind: str
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]


# --- reading files ------------------------------------------------------------------------


def blank(value: Any) -> bool:
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
            if all(blank(v) for v in values):
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
        if all(blank(v) for v in values):
            continue
        extra = [v for v in values[len(header):] if not blank(v)]
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
        raise InvalidValue("kind", "must be one of {kinds} (got {kind!r}).", kinds=', '.join(KINDS), kind=kind)
    if not path.is_file():
        raise NotFound("There is no file {path}.", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(path.name, [Problem(1, "", f"is larger than {MAX_BYTES // 1_000_000} MB")])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, kind)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, kind)
    raise ImportRefused(path.name, [Problem(1, "", "is not a CSV or XLSX file (name it .csv or .xlsx)")])
