"""The workshop data as pandas DataFrames, for analysts (a stable, public API).

``workshop_frames(source, code)`` gives the tables of one workshop, ``workshops_frames(source,
codes)`` those of several (default: all) stacked, like ``facilitation export --all``. ``source``
is a database (a :class:`facilitation.store.Database`, a URL or an SQLite file) or a folder
that ``facilitation export`` wrote: an analyst who only received the export gets the same frames.

Tables and columns are the export's CSVs (:mod:`facilitation.outputs.dictionary`, the
data dictionary); from a database the frames are read from exactly the CSV text the export
writes, so both sources agree. :func:`typed` gives every column its dtype:

- ``Int64`` (nullable) for integers: ids, counts, ranks, ratings and scores;
  a "don't know" score is ``<NA>``, never 0;
- ``Float64`` (nullable) for numbers (weights, coordinates, group scores);
- ``boolean`` for flags; ``datetime64[ns, UTC]`` for ``*_at`` columns; ``datetime64[ns]`` for dates;
- ``category`` for closed vocabularies (:data:`VOCABULARIES`: scale, driver, category, level, ...),
  their categories in the kit's order (``level`` ordered, inform < ... < empower);
- lists (``themes``, ``idea_ids``) as Python lists; text as ``str`` ("" when there is none).

    >>> from facilitation.outputs.frames import workshop_frames
    >>> frames = workshop_frames("data/facilitation.sqlite", "GDANSK")
    >>> pd.crosstab(frames["ideas"].scale, frames["ideas"].driver)
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterable, Sequence, Union

import pandas as pd

from facilitation import store
from facilitation.domain.errors import NotFound
from facilitation.outputs import dictionary, export

__all__ = ["TABLES", "VOCABULARIES", "Frames", "Source", "read_export", "typed", "workshop_frames",
           "workshops_frames"]

Source = Union[str, os.PathLike, store.Database]
Frames = dict[str, pd.DataFrame]

# The tables a frames dict holds: the export's CSV files, in the export's order.
TABLES: tuple[str, ...] = tuple(export.CSV_TABLES)

# Column name -> its closed vocabulary, in the kit's order (values outside it are kept, appended):
# the data dictionary's word lists, the same ones datapackage.json states as enums.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    c.name: c.values for t in reversed(dictionary.TABLES) for c in t.columns if c.values}
ORDERED = {"level"}
# Columns the dictionary calls "number" whose values are whole numbers by the kit's rules.
WHOLE_NUMBERS = {("scores", "value")}
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


# --- dtypes --------------------------------------------------------------------------------


def _empty_to_na(text: pd.Series) -> pd.Series:
    return text.where(text != "", None)


def _categorical(name: str, known: tuple[str, ...], text: pd.Series) -> pd.Series:
    values = _empty_to_na(text)
    extra = sorted(set(values.dropna()) - set(known))
    dtype = pd.CategoricalDtype([*known, *extra], ordered=name in ORDERED)
    return values.astype(dtype)


def _list(name: str, text: pd.Series) -> pd.Series:
    def split(value: str) -> list:
        items = [v for v in value.split(";") if v != ""] if value else []
        return [int(v) for v in items] if name.endswith("_ids") else items

    return text.map(split).astype(object)


def _column(table: str, name: str, text: pd.Series) -> pd.Series:
    """One column of CSV text (empty string: none) with the dtype its dictionary type promises."""
    try:
        column = dictionary.table(table).column(name)
        kind, known = column.type, column.values
    except KeyError:
        kind, known = "text", ()  # a column the dictionary does not know stays as it was written
    if known and kind == "text":
        return _categorical(name, known, text)
    if kind == "integer" or (table, name) in WHOLE_NUMBERS:
        return pd.to_numeric(_empty_to_na(text)).astype("Int64")
    if kind == "number":
        return pd.to_numeric(_empty_to_na(text)).astype("Float64")
    if kind == "boolean":
        return _empty_to_na(text).map({"true": True, "false": False}, na_action="ignore").astype("boolean")
    if kind == "datetime":
        return pd.to_datetime(_empty_to_na(text), format=_DATETIME_FORMAT, utc=True).astype("datetime64[ns, UTC]")
    if kind == "date":
        return pd.to_datetime(_empty_to_na(text), format="%Y-%m-%d").astype("datetime64[ns]")
    if kind == "list":
        return _list(name, text)
    return text.astype(object)


def typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table read as CSV text (every cell a ``str``, "" for none) with the promised dtypes."""
    text = frame.astype(str) if len(frame.columns) else frame
    out = pd.DataFrame({name: _column(table, name, text[name]) for name in text.columns},
                       columns=list(text.columns))
    return out.reset_index(drop=True)


def _read_csv(data: str | Path | io.BytesIO) -> pd.DataFrame:
    return pd.read_csv(data, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")


# --- sources -------------------------------------------------------------------------------


def _is_folder(source: Source) -> bool:
    return not isinstance(source, store.Database) and Path(source).is_dir()


def _frames_of(tables: export.Tables, *, with_names: bool) -> Frames:
    """Exactly the CSV text the export writes for ``tables``, read back as typed frames."""
    return {name: typed(name, _read_csv(io.BytesIO(export.csv_bytes(name, tables[name], with_names=with_names))))
            for name in TABLES}


def _from_database(source: Source, codes: Sequence[str] | None, *, with_names: bool) -> Frames:
    if isinstance(source, store.Database):
        return _tables_from(source, codes, with_names=with_names)
    if "://" not in str(source) and not Path(source).expanduser().is_file():
        raise FileNotFoundError(f"{source}: neither a database file nor a folder of exported files")
    with store.Database(source) as db:
        return _tables_from(db, codes, with_names=with_names)


def _tables_from(db: store.Database, codes: Sequence[str] | None, *, with_names: bool) -> Frames:
    workshops = store.list_workshops(db)
    if codes is not None:
        _check_codes(codes, {w.code for w in workshops}, db.display_url)
        workshops = [w for w in workshops if w.code in set(codes)]  # the order of export --all
    return _frames_of(export.all_tables(db, with_names=with_names, workshops=workshops), with_names=with_names)


def _check_codes(codes: Iterable[str], present: set[str], where: str) -> None:
    missing = [c for c in codes if c not in present]
    if missing:
        raise NotFound("No workshop {missing} in {where}.", missing=', '.join(missing), where=where)


def read_export(folder: str | os.PathLike, codes: Sequence[str] | None = None) -> Frames:
    """The typed tables of a folder ``facilitation export`` wrote (optionally only some workshops)."""
    folder = Path(folder)
    frames: Frames = {}
    for name in TABLES:
        path = folder / dictionary.table(name).file
        if not path.is_file():
            raise FileNotFoundError(f"{path}: not in the export folder (every export writes it)")
        frames[name] = _read_csv(path)
    if codes is not None:
        _check_codes(codes, set(frames["workshops"]["workshop_code"]), str(folder))
        frames = {name: f[f["workshop_code"].isin(list(codes))] for name, f in frames.items()}
    return {name: typed(name, f) for name, f in frames.items()}


# --- the API ---------------------------------------------------------------------------------


def workshops_frames(source: Source, codes: Sequence[str] | None = None, *, with_names: bool = False) -> Frames:
    """The tables of several workshops (default: every one in ``source``), stacked.

    ``source``: a :class:`~facilitation.store.Database`, a database URL or SQLite file, or a folder
    of exported files. Every table starts with ``workshop_code``, ``city``, ``country``, ``round``.
    ``with_names`` adds display names (personal data) from a database; a folder holds them only
    when it was exported ``--with-names``.
    """
    if isinstance(codes, str):
        codes = [codes]
    if _is_folder(source):
        return read_export(source, codes)
    return _from_database(source, codes, with_names=with_names)


def workshop_frames(source: Source, code: str, *, with_names: bool = False) -> Frames:
    """The tables of one workshop (its join code ``code``) as typed DataFrames, by table name."""
    return workshops_frames(source, [code], with_names=with_names)
